/**
 * @module bench/phases/startup — spawn to first answered request, the sandbox on the example app
 * (the AuthBasic backend; the request is `authApi.getAuthState`, answered with a state) and, for
 * scale, the bare node:http server; median of several starts.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rpcBody } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { CLI_BIN, EXAMPLE_APP_DIR } from '../lib/servers.js';
import { measureStartup } from '../lib/startup.js';
import { median } from '../lib/stats.js';

/** Sandbox start-up time (budget ≤ 250 ms). */
export const startup: BenchPhase = {
  name: 'startup',
  description: 'spawn → first answered authApi.getAuthState on the example app, median of several starts',
  async run(context) {
    const starts = context.quick ? 3 : 7;
    const body = rpcBody('authApi.getAuthState');
    const accept = (text: string) => (JSON.parse(text) as { result?: unknown }).result !== undefined;
    const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-bench-'));
    try {
      const sandboxTimes: number[] = [];
      for (let i = 0; i < starts; i++) {
        const ms = await measureStartup({
          args: (port) => [
            CLI_BIN,
            'sandbox',
            '--dir',
            EXAMPLE_APP_DIR,
            '--port',
            String(port),
            '--no-watch',
            '--quiet',
          ],
          env: { BLOCKS_DATA_DIR: dataDir },
          path: '/aws-blocks/api',
          body,
          accept,
        });
        sandboxTimes.push(ms);
        context.log(`  sandbox start ${i + 1}: ${ms.toFixed(0)} ms`);
      }
      const nodeTimes: number[] = [];
      for (let i = 0; i < starts; i++) {
        nodeTimes.push(
          await measureStartup({
            args: (port) => [
              '--input-type=module',
              '-e',
              `import { createServer } from 'node:http'; createServer((q, s) => { q.resume(); q.on('end', () => s.end('{}')); }).listen(${port}, '127.0.0.1');`,
            ],
            path: '/',
            body,
          }),
        );
      }
      context.record({
        metric: 'sandbox start → first answer (median)',
        value: median(sandboxTimes),
        unit: 'ms',
        budget: { op: '<=', limit: 250 },
        note: `${starts} starts: ${sandboxTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
      });
      context.record({
        metric: 'bare node:http start → first answer (median)',
        value: median(nodeTimes),
        unit: 'ms',
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
