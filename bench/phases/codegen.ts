/**
 * @module bench/phases/codegen — `blockyard generate spec` on the example app (a child process, wall
 * time from spawn to exit) and generating the four clients (Swift, Kotlin, Dart, TypeScript) from the
 * AuthBasic spec in this process; medians of several runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_LANGUAGES, generateClient, generateSpec } from '@blockyard/codegen';
import type { BenchPhase } from '../lib/phase.js';
import { CLI_BIN, EXAMPLE_APP_DIR } from '../lib/servers.js';
import { median } from '../lib/stats.js';

function timeCommand(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`)),
    );
  });
}

/** Spec and client generation times (budgets ≤ 3 s and ≤ 2 s, ARCHITECTURE §6 and issue 11). */
export const codegen: BenchPhase = {
  name: 'codegen',
  description: 'blockyard generate spec on the example app; all four clients from the AuthBasic spec',
  async run(context) {
    const runs = context.quick ? 2 : 5;
    const outDir = await mkdtemp(join(tmpdir(), 'blockyard-bench-codegen-'));
    try {
      const specTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const args = [
          CLI_BIN,
          'generate',
          'spec',
          '--dir',
          EXAMPLE_APP_DIR,
          '--out',
          join(outDir, 'spec.json'),
        ];
        specTimes.push(await timeCommand(args));
        context.log(`  generate spec ${i + 1}: ${specTimes.at(-1)!.toFixed(0)} ms`);
      }
      context.record({
        metric: 'generate spec, example app',
        value: median(specTimes) / 1000,
        unit: 's',
        budget: { op: '<=', limit: 3 },
        note: `median of ${runs} runs, process spawn to exit`,
      });
      const { spec } = generateSpec({ backendPath: join(EXAMPLE_APP_DIR, 'aws-blocks/index.ts') });
      const clientTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        let files = 0;
        for (const language of CLIENT_LANGUAGES) files += generateClient(spec, language).size;
        clientTimes.push(performance.now() - started);
        context.log(`  four clients ${i + 1}: ${clientTimes.at(-1)!.toFixed(1)} ms (${files} files)`);
      }
      context.record({
        metric: 'generate 4 clients, AuthBasic spec',
        value: median(clientTimes) / 1000,
        unit: 's',
        budget: { op: '<=', limit: 2 },
        note: `median of ${runs} runs, in process (the first run includes module warm-up)`,
      });
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  },
};
