import { processSlot } from '@blockyard/core/block';

/**
 * The process-wide registry through which a platform that freezes the process after each answer
 * (AWS Lambda) finds the work blocks still have to do, without importing them: an entry per block id
 * in the process slot `blockyard.pending-work` (on `globalThis`). Constructing a block again (a sandbox
 * reload) replaces its entry.
 */
export interface PendingWork {
  /** Resolves once the work this instance has started is done (cheap when there is none). */
  settle(): Promise<void>;
  /** Starts whatever is due now, also work other instances left behind, and waits for it. */
  sweep(): Promise<number>;
}

/** Registers (or replaces) the pending work of block `id`. */
export function registerPendingWork(id: string, work: PendingWork): void {
  processSlot('blockyard.pending-work', () => new Map<string, PendingWork>()).set(id, work);
}
