import { pbkdf2 } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { processSlot } from '@blockyard/core/block';

/**
 * @module server/hashing-priority — a process-wide scheduling policy of `blockyard sandbox`/`start`:
 * lower the priority of the libuv pool threads, where password hashing runs.
 */

/**
 * Keeps the event loop responsive while passwords are hashed flat out.
 *
 * argon2 runs on the libuv thread pool (4 threads by default). On a machine with fewer cores than
 * busy pool threads, the kernel shares the cores evenly between them and the event-loop thread, so
 * every other request waits behind hashing. On Linux, niceness is per thread: giving the pool threads
 * nice 19 lets the scheduler run the event loop first whenever it has work, while the pool still gets
 * every cycle the event loop leaves idle — so sign-in throughput is not capped (unlike a concurrency
 * limit, which would leave cores unused).
 *
 * Node does not name its pool threads, so they are found by measurement: a short burst of
 * `UV_THREADPOOL_SIZE` CPU-bound pool jobs (pbkdf2, a few milliseconds each, no large memory) runs,
 * and the threads whose CPU time (`/proc/self/task/<tid>/schedstat`, nanoseconds) grew by a large
 * share of the burst are reniced. This happens once per process, in the background; a missed thread
 * (one that got no job) is caught by repeating the burst. It changes scheduling for the whole process,
 * so it belongs to the server runtime, not to a library: {@link scheduleHashingPriority} runs it
 * shortly after the server is ready.
 *
 * The pool is shared with file-system, DNS and zlib work, which therefore also yields to the event
 * loop when cores are contended. `BLOCKS_HASHING_NICE` sets the niceness (default 19; `0` turns this
 * off). Elsewhere than Linux this does nothing.
 */
export function lowerHashingThreadPriority(env: NodeJS.ProcessEnv = process.env): void {
  const state = sharedState();
  if (state.done || state.running || state.attempts >= 3) return;
  const nice = Number(env.BLOCKS_HASHING_NICE ?? '19');
  if (process.platform !== 'linux' || !Number.isInteger(nice) || nice <= 0 || nice > 19) {
    state.done = true;
    return;
  }
  state.running = true;
  state.attempts += 1;
  calibrate(nice, state)
    .catch(() => {
      state.done = true;
    })
    .finally(() => {
      state.running = false;
    });
}

// Late enough not to compete with the first requests (the start-up budget), early enough to be in
// place before a burst of sign-ins.
const START_DELAY_MS = 250;

/** Runs {@link lowerHashingThreadPriority} shortly after start, in the background (never keeps the process alive). */
export function scheduleHashingPriority(env: NodeJS.ProcessEnv = process.env): void {
  setTimeout(() => lowerHashingThreadPriority(env), START_DELAY_MS).unref();
}

/** Thread ids this process has reniced so far (for diagnostics and tests). */
export function renicedHashingThreads(): readonly number[] {
  return [...sharedState().reniced];
}

interface PriorityState {
  done: boolean;
  running: boolean;
  attempts: number;
  reniced: Set<number>;
}

// Process-wide: the thread pool is one per process, whichever copy of this module (an npm-alias
// install can load two) asks.
function sharedState(): PriorityState {
  return processSlot<PriorityState>('blockyard:server:hashing-priority', () => ({
    done: false,
    running: false,
    attempts: 0,
    reniced: new Set(),
  }));
}

function poolSize(): number {
  const size = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

function cpuTimes(): Map<number, number> {
  const times = new Map<number, number>();
  for (const entry of readdirSync('/proc/self/task')) {
    try {
      const ns = Number(readFileSync(`/proc/self/task/${entry}/schedstat`, 'utf8').split(' ')[0]);
      if (Number.isFinite(ns)) times.set(Number(entry), ns);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return times;
}

function poolJob(): Promise<void> {
  return new Promise((resolve, reject) => {
    pbkdf2('blockyard', 'thread-probe', 30_000, 32, 'sha256', (error) => (error ? reject(error) : resolve()));
  });
}

async function calibrate(nice: number, state: PriorityState): Promise<void> {
  for (let round = 0; round < 6 && !state.done; round++) await probe(nice, state);
}

async function probe(nice: number, state: PriorityState): Promise<void> {
  const size = poolSize();
  const before = cpuTimes();
  await Promise.all(Array.from({ length: size }, poolJob));
  const after = cpuTimes();
  const deltas: [number, number][] = [];
  for (const [tid, ns] of after) {
    if (tid === process.pid) continue;
    deltas.push([tid, ns - (before.get(tid) ?? 0)]);
  }
  // The pool threads are the busiest ones; at most the pool's size of them, and none that did a
  // small fraction of the busiest one's work (a V8 helper thread that happened to run meanwhile).
  deltas.sort((a, b) => b[1] - a[1]);
  const busiest = deltas[0]?.[1] ?? 0;
  if (busiest <= 0) return;
  for (const [tid, delta] of deltas.slice(0, size)) {
    if (delta < busiest * 0.4 || state.reniced.has(tid) || state.reniced.size >= size) continue;
    try {
      setPriority(tid, nice);
      state.reniced.add(tid);
    } catch {
      // Not permitted or the thread is gone: leave it at its priority.
    }
  }
  if (state.reniced.size >= size) state.done = true;
}
