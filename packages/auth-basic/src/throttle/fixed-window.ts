/** A fixed time window: its number since the epoch and when it ends (epoch ms). */
export interface FixedWindow {
  index: number;
  endsAt: number;
}

/** The window of `seconds` that `nowMs` falls in; counters keyed by its index reset when it ends. */
export function fixedWindow(nowMs: number, seconds: number): FixedWindow {
  const length = seconds * 1000;
  const index = Math.floor(nowMs / length);
  return { index, endsAt: (index + 1) * length };
}
