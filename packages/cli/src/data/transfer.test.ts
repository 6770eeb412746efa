import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openEngine } from '@blockyard/kv-store';
import { hasEngineData } from '@blockyard/kv-store/engine';
import { CliErrors } from '../cli/errors.js';
import { parseDataArgs } from '../commands/data-args.js';
import type { DataEngine } from './data-engine.js';
import { Progress } from './progress.js';
import { CHECKPOINT_TABLE } from './rows.js';
import { engineSource, transfer } from './transfer.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-transfer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

async function open(url: string): Promise<DataEngine> {
  const engine = await openEngine(url, { purgeIntervalMs: 0 });
  assert.ok(hasEngineData(engine));
  return engine;
}

async function seededMemory(): Promise<DataEngine> {
  const source = await open('memory:');
  for (let t = 0; t < 3; t++) {
    await source.writeRows(
      `kv_t${t}`,
      Array.from({ length: 2500 }, (_, i) => ({
        key: `k${String(i).padStart(4, '0')}`,
        value: String(i),
        expiresAt: i % 2 ? source.now() + 60_000 : null,
      })),
    );
  }
  await source.table('kv_t0').put('expired', '1', source.now() - 1);
  return source;
}

/** `target` whose `writeRows` fails from the `failAt`-th call on (a connection lost mid-copy). */
function failingAfter(target: DataEngine, failAt: number): DataEngine {
  let calls = 0;
  return {
    kind: target.kind,
    description: target.description,
    snapshotIsolation: target.snapshotIsolation,
    now: () => target.now(),
    table: (name) => target.table(name),
    purgeExpired: () => target.purgeExpired(),
    close: () => target.close(),
    listTables: () => target.listTables(),
    readSnapshot: (read) => target.readSnapshot(read),
    writeRows: async (table, rows) => {
      if (++calls >= failAt) throw new Error('connection lost');
      await target.writeRows(table, rows);
    },
  };
}

const quiet = { write: () => true };

describe('transfer', () => {
  it('copies a memory engine into SQLite, leaves expired items out and verifies every table', async () => {
    const source = await seededMemory();
    const target = await open(`sqlite:${join(dir, `t${++files}.db`)}`);
    const lines: string[] = [];
    const result = await transfer(engineSource(source, 'm1'), target, {
      verb: 'migrate',
      merge: false,
      progress: quiet,
      print: (line) => lines.push(line),
    });
    assert.equal(result.items, 7500);
    assert.equal(result.resumed, false);
    assert.deepEqual(
      result.tables.map((t) => [
        t.table,
        t.source.count,
        t.target.count,
        t.ok,
        t.source.digest === t.target.digest,
      ]),
      [
        ['kv_t0', 2500, 2500, true, true],
        ['kv_t1', 2500, 2500, true, true],
        ['kv_t2', 2500, 2500, true, true],
      ],
    );
    assert.equal(await target.table('kv_t0').get('expired'), null);
    assert.deepEqual(await target.listTables(), ['kv_t0', 'kv_t1', 'kv_t2'], 'the checkpoint is gone');
    assert.ok(lines.some((line) => /kv_t1: source 2500 items [0-9a-f]{16}, target 2500 items/.test(line)));
    await Promise.all([source.close(), target.close()]);
  });

  it('resumes from its checkpoint after a failure mid-copy; another source is refused', async () => {
    const source = await seededMemory();
    const target = await open(`sqlite:${join(dir, `t${++files}.db`)}`);
    const options = { verb: 'migrate', merge: false, progress: quiet, print: () => {}, batchSize: 500 };
    await assert.rejects(
      transfer(engineSource(source, 'job'), failingAfter(target, 8), options),
      /connection lost/,
    );
    const checkpoint = JSON.parse((await target.table(CHECKPOINT_TABLE).get('job')) ?? '{}');
    assert.equal(checkpoint.job, 'job');
    assert.equal(checkpoint.table, 'kv_t1');
    await assert.rejects(transfer(engineSource(source, 'other'), target, options), (error: Error) => {
      assert.equal(error.name, CliErrors.TargetNotEmpty);
      return true;
    });
    const resumed = await transfer(engineSource(source, 'job'), target, options);
    assert.equal(resumed.resumed, true);
    assert.ok(resumed.items < 7500, `only what was left: ${resumed.items}`);
    assert.ok(resumed.tables.every((t) => t.ok && t.source.digest === t.target.digest));
    await Promise.all([source.close(), target.close()]);
  });

  it('fails verification when the target differs, and accepts extra target items only with merge', async () => {
    const source = await seededMemory();
    const target = await open('memory:');
    await target.table('kv_t9').put('mine', '1', null);
    const options = { verb: 'migrate', merge: true, progress: quiet, print: () => {} };
    const merged = await transfer(engineSource(source, 'a'), target, options);
    assert.deepEqual(
      merged.tables.find((t) => t.table === 'kv_t9'),
      {
        table: 'kv_t9',
        source: merged.tables.find((t) => t.table === 'kv_t9')?.source,
        target: merged.tables.find((t) => t.table === 'kv_t9')?.target,
        differing: 0,
        extra: 1,
        ok: true,
      },
    );
    // A target that loses a write: the copy "succeeds" but verification sees the difference.
    const lossy = await open('memory:');
    const dropping: DataEngine = {
      ...failingAfter(lossy, Number.POSITIVE_INFINITY),
      writeRows: (table, rows) => lossy.writeRows(table, rows.slice(1)),
    };
    await assert.rejects(
      transfer(engineSource(source, 'b'), dropping, { ...options, merge: false }),
      (error: Error) => {
        assert.equal(error.name, CliErrors.VerificationFailed);
        return true;
      },
    );
    await Promise.all([source.close(), target.close(), lossy.close()]);
  });
});

describe('progress', () => {
  it('redraws one bar on a terminal and prints plain lines otherwise', () => {
    let time = 0;
    const tty: string[] = [];
    const bar = new Progress({ isTTY: true, write: (text: string) => tty.push(text) }, 'migrate', () => time);
    bar.table('kv_a', 0, 2);
    time += 500;
    bar.advance(1000);
    bar.table('kv_b', 1, 2);
    bar.done();
    assert.ok(tty.every((text) => text.startsWith('\r') || text === '\n'));
    assert.match(tty.at(-2) ?? '', /\[#{24}\] 2\/2 tables {2}1000 items {2}\d+\/s/);
    assert.equal(tty.at(-1), '\n');

    const plain: string[] = [];
    const lines = new Progress({ write: (text: string) => plain.push(text) }, 'restore', () => time);
    lines.table('kv_a', 0, 1);
    lines.advance(10);
    time += 2500;
    lines.advance(10);
    lines.done();
    assert.deepEqual(plain, [
      'restore: table 1/1 kv_a\n',
      'restore: 20 items written (8 items/s), at kv_a\n',
      'restore: 20 items written (8 items/s)\n',
    ]);
  });
});

describe('data command arguments', () => {
  const context = { cwd: '/app', env: {} };
  it('parses each command and refuses what makes no sense with UsageError', () => {
    const migrate = parseDataArgs(
      'migrate',
      ['--from', 'sqlite:a.db', '--to=postgres://x/y', '--merge'],
      context,
    );
    assert.equal(migrate.kind, 'data');
    if (migrate.kind === 'data')
      assert.deepEqual(
        [migrate.flags.from, migrate.flags.to, migrate.flags.merge],
        ['sqlite:a.db', 'postgres://x/y', true],
      );
    const imported = parseDataArgs(
      'import',
      ['aws-blocks', 'ref/.bb-data', '--on-collision', 'skip'],
      context,
    );
    if (imported.kind === 'data') assert.equal(imported.flags.path, '/app/ref/.bb-data');
    for (const [command, argv] of [
      ['migrate', ['--from', 'sqlite:a.db']],
      ['migrate', ['--from', 'sqlite:a.db', '--to', 'sqlite:a.db']],
      ['backup', []],
      ['backup', ['a', 'b']],
      ['restore', ['file', '--include-secrets-in-clear']],
      ['import', ['aws-blocks']],
      ['import', ['elsewhere', 'x']],
      ['import', ['aws-blocks', 'x', '--on-collision', 'merge']],
      ['import', ['aws-blocks', 'x', '--from-dynamodb', 'p']],
      ['import', ['aws-blocks', 'x', '--region', 'eu-west-1']],
    ] as const) {
      assert.throws(
        () => parseDataArgs(command, argv, context),
        (error: Error) => error.name === CliErrors.Usage,
        `${command} ${argv.join(' ')}`,
      );
    }
  });
});
