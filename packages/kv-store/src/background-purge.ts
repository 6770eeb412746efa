/** Most purge rounds run back to back before waiting for the next interval. */
const MAX_ROUNDS_PER_TICK = 20;

/**
 * Runs `purge` every `intervalMs` on an unref'd timer (it never keeps the process alive). A round that
 * deleted a full batch is followed by another at once, up to a bound, so a backlog drains without one
 * long-running statement. Failures (an engine that is down) are left for the next tick. Returns `stop`.
 */
export function startBackgroundPurge(
  purge: () => Promise<number>,
  options: { intervalMs: number; batchSize: number },
): () => void {
  if (options.intervalMs <= 0) return () => {};
  let stopped = false;
  let running = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      for (let round = 0; round < MAX_ROUNDS_PER_TICK && !stopped; round++) {
        if ((await purge()) < options.batchSize) break;
      }
    } catch {
      // Expired items stay invisible to readers; the next tick tries again.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
