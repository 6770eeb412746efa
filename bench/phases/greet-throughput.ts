/**
 * @module bench/phases/greet-throughput — `api.greet` through the sandbox against the bare node:http
 * server, the same load on both, rounds alternating between them so drift hits both alike.
 */
import { join } from 'node:path';
import { type LoadResult, rpcBody, runLoad } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { type BenchServer, REPO_ROOT, startBareServer, startSandboxServer } from '../lib/servers.js';
import { mean, median } from '../lib/stats.js';

const GREET_APP_DIR = join(REPO_ROOT, 'bench/apps/greet');
const BODY = rpcBody('api.greet', ['Ada']);
const HEADERS = { 'content-type': 'application/json' };

async function round(
  server: BenchServer,
  path: string,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const result = await runLoad({
    url: `${server.url}${path}`,
    body: BODY,
    headers: HEADERS,
    seconds,
    connections,
  });
  if (result.failures > 0) throw new Error(`${server.name}: ${result.failures} failed requests`);
  return result;
}

/** The `api.greet` throughput ratio (budget: the sandbox ≥ 0.6 × bare node:http). */
export const greetThroughput: BenchPhase = {
  name: 'greet',
  description: 'api.greet requests/s and latency, sandbox vs bare node:http',
  async run(context) {
    const bare = await startBareServer();
    const sandbox = await startSandboxServer({ appDir: GREET_APP_DIR });
    try {
      const targets = [
        { server: bare, path: '/', results: [] as LoadResult[] },
        { server: sandbox, path: '/aws-blocks/api', results: [] as LoadResult[] },
      ];
      for (const target of targets) await round(target.server, target.path, 1, context.connections);
      for (let i = 0; i < context.rounds; i++) {
        for (const target of targets) {
          const result = await round(target.server, target.path, context.roundSeconds, context.connections);
          target.results.push(result);
          context.log(
            `  round ${i + 1} ${target.server.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
          );
        }
      }
      const [a, b] = targets as [(typeof targets)[0], (typeof targets)[0]];
      const rps = (t: typeof a) => mean(t.results.map((r) => r.requestsPerSecond));
      for (const target of targets) {
        const label = target === a ? 'bare node:http' : 'sandbox api.greet';
        context.record({ metric: `${label} requests/s`, value: rps(target), unit: 'req/s' });
        context.record({
          metric: `${label} p50`,
          value: median(target.results.map((r) => r.p50)),
          unit: 'ms',
        });
        context.record({
          metric: `${label} p99`,
          value: median(target.results.map((r) => r.p99)),
          unit: 'ms',
        });
      }
      context.record({
        metric: 'ratio sandbox / bare',
        value: rps(b) / rps(a),
        unit: '×',
        budget: { op: '>=', limit: 0.6 },
      });
    } finally {
      await Promise.all([bare.stop(), sandbox.stop()]);
    }
  },
};
