/**
 * @module bench/run — Blockyard's benchmark: runs the phases in `bench/phases/`, prints a table of
 * what they measured against the budgets of ARCHITECTURE §6, and saves it under `bench/results/`.
 * Loopback only; every phase is bounded in time.
 *
 *   npm run bench -- [--quick] [--only <phase>[,<phase>…]] [--list]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, BenchRow } from './lib/phase.js';
import { formatTable } from './lib/report.js';
import { REPO_ROOT } from './lib/servers.js';
import { phases } from './phases/index.js';

function parseFlags(argv: string[]): { quick: boolean; only: string[] | undefined; list: boolean } {
  let quick = false;
  let list = false;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--list') list = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a phase name');
      only = value.split(',').map((name) => name.trim());
    } else throw new Error(`Unknown option ${arg} (use --quick, --only <phase>, --list)`);
  }
  return { quick, only, list };
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.list) {
    for (const phase of phases) console.log(`${phase.name.padEnd(16)} ${phase.description}`);
    return 0;
  }
  const unknown = flags.only?.filter((name) => !phases.some((phase) => phase.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown phase(s): ${unknown.join(', ')}. Known: ${phases.map((p) => p.name).join(', ')}`);
    return 2;
  }
  const selected = phases.filter((phase) =>
    flags.only ? flags.only.includes(phase.name) : phase.onlyWhenNamed !== true,
  );
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const started = Date.now();
  console.log(
    `Blockyard bench${flags.quick ? ' (quick: rough numbers)' : ''} — node ${process.version}, ${
      (await import('node:os')).cpus().length
    } CPUs`,
  );
  for (const phase of selected) {
    console.log(`\n▶ ${phase.name}: ${phase.description}`);
    const context: BenchContext = {
      quick: flags.quick,
      roundSeconds: flags.quick ? 2 : 5,
      rounds: flags.quick ? 2 : 3,
      connections: 50,
      log: (line) => console.log(line),
      record: (row) => rows.push({ phase: phase.name, ...row }),
    };
    const phaseStarted = Date.now();
    try {
      await phase.run(context);
      console.log(`  done in ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push(phase.name);
      console.error(`  phase ${phase.name} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  console.log(`\n${formatTable(rows)}`);
  for (const row of rows.filter((r) => r.note)) console.log(`  ${row.phase} / ${row.metric}: ${row.note}`);
  console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  const resultsDir = join(REPO_ROOT, 'bench/results');
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick: flags.quick, rows, failures }, null, 2)}\n`,
  );
  console.log(`Saved ${file.slice(REPO_ROOT.length)}`);
  if (failures.length > 0) console.error(`Failed phases: ${failures.join(', ')}`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error)?.message ?? error);
    process.exit(2);
  },
);
