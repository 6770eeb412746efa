import type { CodeOutbox } from './code-outbox.js';

/** How often each block sweeps its outbox for items left behind (by a restart, another instance). */
export const SWEEP_INTERVAL_MS = 2000;

const running = new Map<string, NodeJS.Timeout>();

/**
 * Sweeps `outbox` every {@link SWEEP_INTERVAL_MS} while `ready()` says the engine is open, so items
 * survive restarts and crashed instances. One sweeper per block id: constructing the block again (a
 * sandbox reload) replaces the old one. The timer never keeps the process alive.
 */
export function startOutboxSweeper(
  blockId: string,
  outbox: CodeOutbox,
  ready: () => boolean,
  onError: (error: unknown) => void,
): void {
  clearInterval(running.get(blockId));
  let busy = false;
  const tick = () => {
    if (busy || !ready()) return;
    busy = true;
    outbox
      .startDue()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, SWEEP_INTERVAL_MS);
  timer.unref();
  running.set(blockId, timer);
  setTimeout(tick, 100).unref();
}
