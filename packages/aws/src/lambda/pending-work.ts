import { processSlot } from '@blockyard/core/block';

/**
 * Reads the process-wide registry of work blocks still have to do (AuthBasic's code outbox registers
 * there, in the process slot `blockyard.pending-work`), so the adapter can finish it before Lambda
 * freezes the process, without importing any block.
 */
interface PendingWork {
  settle(): Promise<void>;
  sweep(): Promise<number>;
}

/** The scheduled event the construct sends every minute to sweep the outboxes. */
export const SWEEP_EVENT = { blockyard: 'deliver-pending-codes' } as const;

/** The shape of {@link SWEEP_EVENT}. */
export type SweepEvent = typeof SWEEP_EVENT;

/** True when `event` is {@link SWEEP_EVENT}. */
export function isSweepEvent(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as { blockyard?: unknown }).blockyard === SWEEP_EVENT.blockyard
  );
}

function registered(): PendingWork[] {
  return [...processSlot('blockyard.pending-work', () => new Map<string, PendingWork>()).values()];
}

/**
 * Runs `step` on every registered block and waits at most `ms` for all of them; resolves `false`
 * when the time ran out first (the work goes on at the next thaw or sweep). Failures are logged: the
 * blocks retry on their own.
 */
async function within(ms: number, step: (work: PendingWork) => Promise<unknown>): Promise<boolean> {
  const works = registered();
  if (works.length === 0 || ms <= 0) return works.length === 0;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = Promise.all(
    works.map((work) =>
      step(work).catch((error: unknown) => console.error('[blocks] pending block work failed', error)),
    ),
  ).then(() => true as const);
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits (at most `ms`) for the work blocks started while answering, such as queued code deliveries. */
export function settlePendingWork(ms: number): Promise<boolean> {
  return within(ms, (work) => work.settle());
}

/** Starts every block's due work, left-behind items included, and waits at most `ms` for it. */
export function sweepPendingWork(ms: number): Promise<boolean> {
  return within(ms, (work) => work.sweep());
}
