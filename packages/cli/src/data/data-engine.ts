import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type KvEngine, openEngine } from '@blockyard/kv-store';
import { hasEngineData, type KvEngineData } from '@blockyard/kv-store/engine';
import { CliError, CliErrors } from '../cli/errors.js';
import { importOptional } from '../commands/optional-package.js';

/** An engine with whole-engine access, as the data commands use it. */
export type DataEngine = KvEngine & KvEngineData;

/** `url` with any password replaced, safe to print. */
export function safeUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/**
 * Opens the engine at `url` for a data command: background purging off (a copy must not lose items
 * while it reads them), relative SQLite paths against `baseDir`, `dynamodb://` through the optional
 * `@blockyard/aws` package.
 */
export async function openDataEngine(
  url: string,
  baseDir: string,
  options: { mustExist?: boolean } = {},
): Promise<DataEngine> {
  if (options.mustExist && url.startsWith('sqlite:')) {
    // Opening a SQLite file creates it: a mistyped source path would read as an empty database.
    const raw = url.slice('sqlite:'.length).replace(/^\/\//, '').replace(/\?.*$/, '');
    const path = isAbsolute(raw) ? raw : resolve(baseDir, raw);
    if (raw !== ':memory:' && !existsSync(path)) {
      throw new CliError(
        CliErrors.DataInvalid,
        `${path}: no such SQLite database. Nothing was read or written.`,
      );
    }
  }
  if (url.startsWith('dynamodb:')) {
    const aws = await importOptional(
      'A dynamodb:// engine',
      ['@blockyard/aws'],
      () => import('@blockyard/aws'),
    );
    aws.registerDynamoDbEngine();
  }
  let engine: KvEngine;
  try {
    engine = await openEngine(url, { baseDir, purgeIntervalMs: 0 });
  } catch (error) {
    throw new CliError(
      CliErrors.EngineConfig,
      `Cannot open the engine ${safeUrl(url)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!hasEngineData(engine)) {
    await engine.close();
    throw new CliError(CliErrors.EngineConfig, `The ${engine.kind} engine cannot list or copy its tables.`);
  }
  return engine;
}
