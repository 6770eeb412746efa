import { join, resolve } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import { MIN_KEY_LENGTH, openBackup, writeBackup } from '../data/backup-file.js';
import { type DataEngine, openDataEngine, safeUrl } from '../data/data-engine.js';
import { Progress, type ProgressStream } from '../data/progress.js';
import { readReferenceFolder } from '../data/reference-data.js';
import { readReferenceDynamoDb } from '../data/reference-dynamodb.js';
import { planImport, planSource } from '../data/reference-import.js';
import { engineSource, type TransferOptions, transfer } from '../data/transfer.js';
import type { DataCommand, DataFlags } from './data-args.js';

/** What the data commands talk to. */
export interface DataIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
}

/**
 * The engine URL of the app: `--url`, else the command environment's `BLOCKS_DATABASE_URL`, else
 * SQLite in `<BLOCKS_DATA_DIR or <app>/.bb-data>/blocks.db`, as the servers choose it.
 */
function appEngineUrl(flags: DataFlags, env: NodeJS.ProcessEnv): string {
  if (flags.url) return flags.url;
  if (env.BLOCKS_DATABASE_URL) return env.BLOCKS_DATABASE_URL;
  const dataDir = env.BLOCKS_DATA_DIR
    ? resolve(flags.appDir, env.BLOCKS_DATA_DIR)
    : join(flags.appDir, '.bb-data');
  return `sqlite:${join(dataDir, 'blocks.db')}`;
}

function backupKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env.BLOCKS_BACKUP_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < MIN_KEY_LENGTH) {
    throw new CliError(
      CliErrors.Usage,
      `BLOCKS_BACKUP_KEY must be at least ${MIN_KEY_LENGTH} characters (e.g. openssl rand -base64 32).`,
    );
  }
  return key;
}

async function withEngine<R>(
  url: string,
  appDir: string,
  use: (engine: DataEngine) => Promise<R>,
  /** The engine is a source: a SQLite file that does not exist is an error, not an empty database. */
  source = false,
): Promise<R> {
  const engine = await openDataEngine(url, appDir, { mustExist: source });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

function transferOptions(verb: string, flags: DataFlags, io: DataIo): TransferOptions {
  return {
    verb,
    merge: flags.merge,
    progress: io.stderr,
    print: (line) => io.stdout.write(`${line}\n`),
  };
}

async function runBackup(flags: DataFlags, io: DataIo): Promise<void> {
  const url = appEngineUrl(flags, io.env);
  const secret = backupKey(io.env);
  await withEngine(
    url,
    flags.appDir,
    async (engine) => {
      const progress = new Progress(io.stderr, 'backup');
      let seen = 0;
      const { header, count } = await writeBackup(engine, flags.path as string, {
        secret,
        secretsInClear: flags.includeSecretsInClear,
        onProgress: (table, index, total, rows) => {
          if (index !== seen - 1) progress.table(table, index, total);
          seen = index + 1;
          progress.advance(rows - progress.items);
        },
      });
      progress.done();
      io.stdout.write(
        `Backed up ${count} items in ${header.tables.length} tables from ${safeUrl(url)} to ${flags.path}` +
          ` (format version ${header.version}; ${header.encryption ? 'secrets encrypted with AES-256-GCM' : header.secretsInClear ? 'secrets IN CLEAR' : 'no secrets'}` +
          `; ${header.snapshot ? 'one consistent snapshot' : 'not a snapshot: DynamoDB reads item by item'}).\n`,
      );
    },
    true,
  );
}

async function runRestore(flags: DataFlags, io: DataIo): Promise<void> {
  const url = appEngineUrl(flags, io.env);
  const backup = await openBackup(flags.path as string, backupKey(io.env));
  const items = [...backup.summary.values()].reduce((sum, table) => sum + table.count, 0);
  io.stdout.write(
    `${flags.path}: backup of ${backup.header.createdAt} (${backup.header.engine}), ${items} items in ${backup.header.tables.length} tables, checked.\n`,
  );
  await withEngine(url, flags.appDir, async (engine) => {
    const result = await transfer(backup.source, engine, transferOptions('restore', flags, io));
    io.stdout.write(`Restored ${result.items} items into ${safeUrl(url)}.\n`);
  });
}

async function runMigrate(flags: DataFlags, io: DataIo): Promise<void> {
  const from = flags.from as string;
  const to = flags.to as string;
  await withEngine(
    from,
    flags.appDir,
    (source) =>
      withEngine(to, flags.appDir, async (target) => {
        io.stdout.write(`Migrating ${safeUrl(from)} → ${safeUrl(to)}\n`);
        if (!source.snapshotIsolation) {
          io.stdout.write(
            'Note: the source has no snapshot (DynamoDB): stop every server writing to it first.\n',
          );
        }
        const id = `migrate:${source.kind}:${source.description}`;
        const result = await transfer(
          engineSource(source, id),
          target,
          transferOptions('migrate', flags, io),
        );
        io.stdout.write(
          `Migrated ${result.items} items (${result.itemsPerSecond} items/s); every table verified.\n`,
        );
      }),
    true,
  );
}

async function runImport(flags: DataFlags, io: DataIo): Promise<void> {
  const url = appEngineUrl(flags, io.env);
  const data =
    flags.fromDynamoDb !== undefined
      ? await readReferenceDynamoDb({
          prefix: flags.fromDynamoDb,
          ...(flags.region ? { region: flags.region } : {}),
          ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
        })
      : await readReferenceFolder(flags.path as string);
  const plan = planImport(data, {
    onCollision: flags.onCollision,
    caseSensitive: flags.caseSensitive,
  });
  for (const note of plan.notes) io.stdout.write(`${note}\n`);
  if (flags.fromDynamoDb !== undefined) {
    io.stdout.write('AppSettings live in SSM Parameter Store on AWS and are not read from DynamoDB.\n');
  }
  await withEngine(url, flags.appDir, async (engine) => {
    const result = await transfer(planSource(plan), engine, transferOptions('import', flags, io));
    io.stdout.write(`Imported ${result.items} items into ${safeUrl(url)}.\n`);
  });
}

/** Runs a data command; resolves with the exit status (errors are thrown as CliErrors). */
export async function runData(command: DataCommand, flags: DataFlags, io: DataIo): Promise<number> {
  if (command === 'backup') await runBackup(flags, io);
  else if (command === 'restore') await runRestore(flags, io);
  else if (command === 'migrate') await runMigrate(flags, io);
  else await runImport(flags, io);
  return 0;
}
