/**
 * @module bench/lib/process-tree — resident memory of a process and all its descendants, from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** `pid` and every process descending from it. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = Number(entry);
    const parent = parentOf(child);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** VmRSS of one process in bytes (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time one process has used so far (user + system, all its threads), in milliseconds, from
 * `/proc/<pid>/stat` (clock ticks of 10 ms). Two readings around a load give the server's own cost
 * per request, which does not depend on whether the load generator had CPU to spare.
 */
export function cpuMillisOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at the state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Sum of VmRSS over `pid` and its descendants, in bytes, with the number of processes counted. */
export function treeRss(pid: number): { bytes: number; processes: number } {
  const tree = processTree(pid);
  return { bytes: tree.reduce((sum, p) => sum + rssOf(p), 0), processes: tree.length };
}

/** The command line of `pid` (arguments joined by spaces; empty when it is gone). */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * Waits (bounded by `timeoutMs`) until no descendant of `pid` has a command line matching `pattern`;
 * resolves with the milliseconds waited and whether such a process was still there at the end.
 */
export async function waitForDescendants(
  pid: number,
  pattern: RegExp,
  timeoutMs: number,
): Promise<{ waitedMs: number; stillRunning: boolean }> {
  const started = performance.now();
  for (;;) {
    const running = processTree(pid)
      .slice(1)
      .some((child) => pattern.test(commandLineOf(child)));
    const waitedMs = performance.now() - started;
    if (!running || waitedMs >= timeoutMs) return { waitedMs, stillRunning: running };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
