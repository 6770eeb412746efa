/**
 * @module bench/phases/idle-rss — resident memory of the sandbox's whole process tree on the example
 * app (the AuthBasic backend) once it is ready, has answered `authApi.getAuthState` and sits idle;
 * with and without file watching. The sandbox writes `blocks.spec.json` from a child process after it
 * starts (a few seconds of start-up work, longer on a busy machine); that child is waited for
 * (bounded) before measuring, since it is not idle state: counting it would make the figure depend
 * on whether the machine was quick enough to finish it within the settle time.
 */
import { rpcBody } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { treeRss, waitForDescendants } from '../lib/process-tree.js';
import { type BenchServer, startBareServer, startSandboxServer } from '../lib/servers.js';

const MB = 1024 * 1024;
/** The sandbox's spec-generation child (see `regenerateSpecInBackground`). */
const SPEC_CHILD = /blocks-generate-spec/;
/** How long the spec child may take before it is counted anyway (and the row says so). */
const SPEC_WAIT_MS = 30_000;

async function idleRss(
  server: BenchServer,
  path: string,
  body: string,
  settleMs: number,
): Promise<{ bytes: number; processes: number; specWaitMs: number; specRunning: boolean }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`${server.name} answered ${response.status}`);
  await response.arrayBuffer();
  const spec = await waitForDescendants(server.pid, SPEC_CHILD, SPEC_WAIT_MS);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return { ...treeRss(server.pid), specWaitMs: spec.waitedMs, specRunning: spec.stillRunning };
}

/** Idle resident memory (budget ≤ 50 MB for the sandbox's process tree). */
export const idleMemory: BenchPhase = {
  name: 'idle-rss',
  description: 'resident memory of the idle sandbox process tree (sum over the pid and its descendants)',
  async run(context) {
    const settleMs = context.quick ? 1000 : 3000;
    const authState = rpcBody('authApi.getAuthState');
    const cases = [
      {
        label: 'sandbox --no-watch',
        start: () => startSandboxServer(),
        path: '/aws-blocks/api',
        body: authState,
        budget: true,
      },
      {
        label: 'sandbox (watching)',
        start: () => startSandboxServer({ flags: ['--quiet'] }),
        path: '/aws-blocks/api',
        body: authState,
        budget: true,
      },
      {
        label: 'bare node:http',
        start: () => startBareServer(),
        path: '/',
        body: rpcBody('api.greet', ['Ada']),
        budget: false,
      },
    ];
    for (const item of cases) {
      const server = await item.start();
      try {
        const { bytes, processes, specWaitMs, specRunning } = await idleRss(
          server,
          item.path,
          item.body,
          settleMs,
        );
        context.log(
          `  ${item.label}: ${(bytes / MB).toFixed(1)} MB in ${processes} process(es)` +
            ` (spec child waited for ${Math.round(specWaitMs)} ms${specRunning ? ', still running: counted' : ''})`,
        );
        context.record({
          metric: `idle RSS, ${item.label}`,
          value: bytes / MB,
          unit: 'MB',
          ...(item.budget ? { budget: { op: '<=' as const, limit: 50 } } : {}),
          ...(processes > 1 || specRunning
            ? { note: `${processes} process(es)${specRunning ? ', spec child still running' : ''}` }
            : {}),
        });
      } finally {
        await server.stop();
      }
    }
  },
};
