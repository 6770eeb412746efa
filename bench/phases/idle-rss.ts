/**
 * @module bench/phases/idle-rss — resident memory of the sandbox's whole process tree on the example
 * app (the AuthBasic backend) once it is ready, has answered `authApi.getAuthState` and sits idle;
 * with and without file watching.
 */
import { rpcBody } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { treeRss } from '../lib/process-tree.js';
import { type BenchServer, startBareServer, startSandboxServer } from '../lib/servers.js';

const MB = 1024 * 1024;

async function idleRss(
  server: BenchServer,
  path: string,
  body: string,
  settleMs: number,
): Promise<{ bytes: number; processes: number }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`${server.name} answered ${response.status}`);
  await response.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return treeRss(server.pid);
}

/** Idle resident memory (budget ≤ 80 MB for the sandbox's process tree). */
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
        const { bytes, processes } = await idleRss(server, item.path, item.body, settleMs);
        context.log(`  ${item.label}: ${(bytes / MB).toFixed(1)} MB in ${processes} process(es)`);
        context.record({
          metric: `idle RSS, ${item.label}`,
          value: bytes / MB,
          unit: 'MB',
          ...(item.budget ? { budget: { op: '<=' as const, limit: 80 } } : {}),
          ...(processes > 1 ? { note: `${processes} processes` } : {}),
        });
      } finally {
        await server.stop();
      }
    }
  },
};
