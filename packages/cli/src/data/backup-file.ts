import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { KvRow } from '@blockyard/kv-store';
import { compareUtf8 } from '@blockyard/kv-store/engine';
import { CliError, CliErrors } from '../cli/errors.js';
import type { DataEngine } from './data-engine.js';
import { CHECKPOINT_TABLE, isSecretTable, type Page, TableDigest, type TableSummary } from './rows.js';
import { snapshotPages, type TransferSource } from './transfer.js';

/** The `format` field of a backup's first line. */
export const BACKUP_FORMAT = 'blockyard-backup';
/** The format version this command writes and reads. */
export const BACKUP_VERSION = 1;
/** Shortest accepted backup key (`BLOCKS_BACKUP_KEY`), in characters. */
export const MIN_KEY_LENGTH = 16;

const CHECK_TEXT = 'blockyard-backup-key-check';
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

/** How the secrets of a backup are encrypted, as its header says. */
interface Encryption {
  cipher: 'aes-256-gcm';
  kdf: 'scrypt';
  /** base64 */
  salt: string;
  /** base64: {@link CHECK_TEXT} encrypted, to tell a wrong key before anything is written. */
  check: string;
}

/** The first line of a backup file. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** Random; a restore resumes only a checkpoint of the same backup. */
  id: string;
  createdAt: string;
  /** Engine kind the backup was taken from. */
  engine: string;
  /** The backup is one consistent point in time (false on DynamoDB). */
  snapshot: boolean;
  tables: string[];
  encryption: Encryption | null;
  /** Secret tables were written in clear (`--include-secrets-in-clear`). */
  secretsInClear: boolean;
}

/** The last line: proves the file is whole and lets a restore check every table. */
interface BackupTrailer {
  end: true;
  tables: Record<string, TableSummary>;
}

function deriveKey(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, 32, SCRYPT);
}

function seal(key: Buffer, text: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

function open(key: Buffer, sealed: string, aad: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < 28) throw new Error('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

// The row's table and key are authenticated with its value: a sealed value moved to another row fails.
const aadOf = (table: string, key: string) => `${table}\u0000${key}`;

/** Options of {@link writeBackup}. */
export interface WriteBackupOptions {
  /** `BLOCKS_BACKUP_KEY`: encrypt secret tables with a key derived from it. */
  secret: string | undefined;
  /** Without a key, write secret tables in clear instead of refusing. */
  secretsInClear: boolean;
  /** Called after each page (items so far). */
  onProgress?(table: string, index: number, total: number, rows: number): void;
}

/**
 * Writes a backup of every table of `engine` to `file`: gzip of JSON lines, a header, one line per
 * item (secret tables' values sealed with AES-256-GCM), and a trailer with each table's count and
 * digest. Everything is read from one snapshot. The file appears only when complete (written beside
 * it, then renamed), with mode 0600.
 */
export async function writeBackup(engine: DataEngine, file: string, options: WriteBackupOptions) {
  const partial = `${file}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const summary = await engine.readSnapshot(async (snapshot) => {
      const tables = (await snapshot.tables()).filter((table) => table !== CHECKPOINT_TABLE);
      const secrets = tables.filter(isSecretTable);
      if (secrets.length > 0 && !options.secret && !options.secretsInClear) {
        throw new CliError(
          CliErrors.SecretsUnprotected,
          `The engine holds secrets (${secrets.join(', ')}): set BLOCKS_BACKUP_KEY to encrypt them, or pass --include-secrets-in-clear. No file was written.`,
        );
      }
      let encryption: Encryption | null = null;
      let key: Buffer | undefined;
      if (options.secret) {
        const salt = randomBytes(16);
        key = deriveKey(options.secret, salt);
        encryption = {
          cipher: 'aes-256-gcm',
          kdf: 'scrypt',
          salt: salt.toString('base64'),
          check: seal(key, CHECK_TEXT, 'check'),
        };
      }
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        id: randomBytes(12).toString('hex'),
        createdAt: new Date(engine.now()).toISOString(),
        engine: engine.kind,
        snapshot: engine.snapshotIsolation,
        tables,
        encryption,
        secretsInClear: !options.secret && secrets.length > 0,
      };
      const digests = new Map<string, TableDigest>();
      let count = 0;
      async function* lines(): AsyncIterable<string> {
        yield `${JSON.stringify(header)}\n`;
        for await (const page of snapshotPages(snapshot, tables, undefined)) {
          let digest = digests.get(page.table);
          if (!digest) {
            digest = new TableDigest();
            digests.set(page.table, digest);
          }
          const secret = key !== undefined && isSecretTable(page.table);
          let chunk = '';
          for (const row of page.rows) {
            digest.add(row);
            const line = secret
              ? {
                  t: page.table,
                  k: row.key,
                  x: seal(key as Buffer, row.value, aadOf(page.table, row.key)),
                  e: row.expiresAt,
                }
              : { t: page.table, k: row.key, v: row.value, e: row.expiresAt };
            chunk += `${JSON.stringify(line)}\n`;
          }
          count += page.rows.length;
          options.onProgress?.(page.table, tables.indexOf(page.table), tables.length, count);
          yield chunk;
        }
        const trailer: BackupTrailer = {
          end: true,
          tables: Object.fromEntries(
            tables.map((table) => [table, (digests.get(table) ?? new TableDigest()).summary()]),
          ),
        };
        yield `${JSON.stringify(trailer)}\n`;
      }
      await pipeline(lines, createGzip(), createWriteStream(partial, { mode: 0o600 }));
      return { header, count };
    });
    await rename(partial, file);
    return summary;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

function invalid(file: string, line: number, what: string): CliError {
  return new CliError(CliErrors.DataInvalid, `${file}: line ${line}: ${what}. Nothing was written.`);
}

/** A backup read back: header, then pages (values decrypted), then a checked trailer. */
async function* readLines(file: string): AsyncIterable<{ line: number; value: unknown }> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (text === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw invalid(file, n, 'not a JSON line (the file is damaged)');
      }
      yield { line: n, value };
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(CliErrors.DataInvalid, `${file}: no such file.`);
    throw invalid(
      file,
      n + 1,
      `cannot be read (${code ?? (error as Error).message}; truncated or not a backup)`,
    );
  }
}

/** Parses and checks a header line. */
function parseHeader(file: string, value: unknown): BackupHeader {
  const header = value as Partial<BackupHeader> | null;
  if (typeof header !== 'object' || header === null || header.format !== BACKUP_FORMAT) {
    throw invalid(file, 1, `not a Blockyard backup (no "${BACKUP_FORMAT}" header)`);
  }
  if (header.version !== BACKUP_VERSION) {
    throw invalid(
      file,
      1,
      `unknown backup format version ${JSON.stringify(header.version)} (this command reads version ${BACKUP_VERSION})`,
    );
  }
  if (
    typeof header.id !== 'string' ||
    !Array.isArray(header.tables) ||
    !header.tables.every((table) => typeof table === 'string')
  ) {
    throw invalid(file, 1, 'the header has no id or table list');
  }
  return header as BackupHeader;
}

/** A backup file opened for restore: its header, and a source that yields its rows (decrypted). */
export interface BackupReader {
  header: BackupHeader;
  source: TransferSource;
  /** Items and tables, as checked. */
  summary: Map<string, TableSummary>;
}

/**
 * Opens `file` and checks all of it before anything is written: the header (format and version),
 * every line's shape, table and key order, every sealed value (so a wrong key or a changed byte is
 * found now), and the trailer's count and digest of every table (a truncated file has no trailer).
 */
export async function openBackup(file: string, secret: string | undefined): Promise<BackupReader> {
  let header: BackupHeader | undefined;
  let key: Buffer | undefined;
  const check = async (emit?: (page: Page) => Promise<void>, resume?: { table: string; after: string }) => {
    const digests = new Map<string, TableDigest>();
    let trailer: BackupTrailer | undefined;
    let previous: { table: string; key: string } | undefined;
    let page: Page | undefined;
    for await (const { line, value } of readLines(file)) {
      if (line === 1) {
        header = parseHeader(file, value);
        if (header.encryption) {
          if (!secret) {
            throw new CliError(
              CliErrors.DataInvalid,
              `${file}: its secrets are encrypted; set BLOCKS_BACKUP_KEY to the key the backup was made with. Nothing was written.`,
            );
          }
          key = deriveKey(secret, Buffer.from(header.encryption.salt, 'base64'));
          try {
            if (open(key, header.encryption.check, 'check') !== CHECK_TEXT) throw new Error('check');
          } catch {
            throw new CliError(
              CliErrors.DataInvalid,
              `${file}: BLOCKS_BACKUP_KEY is not the key this backup was made with. Nothing was written.`,
            );
          }
        }
        continue;
      }
      if (!header) throw invalid(file, line, 'no header');
      if (trailer) throw invalid(file, line, 'data after the end marker');
      const item = value as Record<string, unknown>;
      if (item?.end === true) {
        trailer = item as unknown as BackupTrailer;
        continue;
      }
      const table = item?.t;
      const k = item?.k;
      const e = item?.e;
      if (typeof table !== 'string' || !header.tables.includes(table))
        throw invalid(file, line, 'an item of an unknown table');
      if (typeof k !== 'string' || k === '') throw invalid(file, line, `an item of ${table} without a key`);
      if (e !== null && (typeof e !== 'number' || !Number.isSafeInteger(e))) {
        throw invalid(file, line, `item "${k}" of ${table} has an invalid expiry`);
      }
      if (previous) {
        const order = compareUtf8(previous.table, table);
        const keyOrder = compareUtf8(previous.key, k);
        if (order > 0 || (order === 0 && keyOrder >= 0))
          throw invalid(file, line, `item "${k}" of ${table} is out of order`);
      }
      previous = { table, key: k };
      let v: string;
      if (typeof item.x === 'string') {
        if (!key)
          throw invalid(file, line, `item "${k}" of ${table} is encrypted but the header names no key`);
        try {
          v = open(key, item.x, aadOf(table, k));
        } catch {
          throw invalid(file, line, `item "${k}" of ${table} does not decrypt (damaged)`);
        }
      } else if (typeof item.v === 'string') {
        v = item.v;
      } else {
        throw invalid(file, line, `item "${k}" of ${table} has no value`);
      }
      const row: KvRow = { key: k, value: v, expiresAt: e as number | null };
      let digest = digests.get(table);
      if (!digest) {
        digest = new TableDigest();
        digests.set(table, digest);
      }
      digest.add(row);
      if (!emit) continue;
      if (
        resume &&
        (compareUtf8(table, resume.table) < 0 ||
          (table === resume.table && compareUtf8(k, resume.after) <= 0))
      ) {
        continue;
      }
      if (page && (page.table !== table || page.rows.length >= 500)) {
        await emit(page);
        page = undefined;
      }
      page ??= { table, rows: [] };
      page.rows.push(row);
    }
    if (!header) throw new CliError(CliErrors.DataInvalid, `${file}: empty file. Nothing was written.`);
    if (!trailer)
      throw new CliError(
        CliErrors.DataInvalid,
        `${file}: the file ends before its end marker (truncated). Nothing was written.`,
      );
    for (const table of header.tables) {
      const expected = trailer.tables?.[table];
      const actual = (digests.get(table) ?? new TableDigest()).summary();
      if (!expected || expected.count !== actual.count || expected.digest !== actual.digest) {
        throw new CliError(
          CliErrors.DataInvalid,
          `${file}: table ${table} does not match its recorded count and digest (damaged). Nothing was written.`,
        );
      }
    }
    if (page && emit) await emit(page);
    return new Map(
      header.tables.map((table) => [table, (digests.get(table) ?? new TableDigest()).summary()]),
    );
  };
  const summary = await check();
  const checked = header as unknown as BackupHeader;
  return {
    header: checked,
    summary,
    source: {
      id: `backup:${checked.id}`,
      read: async (resume, consume) => {
        // A queue of one page between the file reader and the consumer.
        const pages = pagePipe();
        const reading = check(pages.push, resume).then(pages.end, pages.fail);
        const result = await consume(checked.tables, pages.iterable);
        await reading;
        return result;
      },
    },
  };
}

/** A hand-over of pages from a producer to one consumer, one page at a time. */
function pagePipe() {
  let wake: (() => void) | undefined;
  let slot: Page | undefined;
  let done = false;
  let failure: unknown;
  let taken: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push: (page: Page) =>
      new Promise<void>((resolve) => {
        slot = page;
        taken = resolve;
        signal();
      }),
    end: () => {
      done = true;
      signal();
    },
    fail: (error: unknown) => {
      failure = error;
      done = true;
      signal();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (slot) {
            const page = slot;
            slot = undefined;
            taken?.();
            yield page;
            continue;
          }
          if (failure) throw failure;
          if (done) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      },
    } as AsyncIterable<Page>,
  };
}
