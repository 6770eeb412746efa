import { registerSdkIdentifiers, Scope, type ScopeParent } from '@blockyard/core';
import { optionsCheck, warnUnknownOptions } from '@blockyard/core/block';
import type { DeleteCondition, KvEngine, WriteCondition } from './engine.js';
import { conditionalCheckFailed, validationFailed } from './errors.js';
import {
  type ExpiryOptions,
  expiryAt,
  parseExpiry,
  serializeValue,
  validateIncrement,
  validateKey,
  validatePrefix,
  validateStartKey,
} from './input.js';
import { TableBinding } from './table-binding.js';
import { storeTableName } from './table-name.js';
import { checkSchema, type ValueSchema } from './value-schema.js';
import { VERSION } from './version.js';

/** A table created elsewhere, from {@link KVStore.fromExisting}. */
export interface ExternalTableRef {
  readonly __brand: 'ExternalTableRef';
  readonly tableName: string;
}

/** Options of {@link KVStore}. */
export interface KVStoreOptions<V = unknown> {
  /** Engine to use instead of the process-wide one (tests, benchmarks, tools). */
  engine?: KvEngine;
  /** Checked on every `put`; a failure is a ValidationFailedException. */
  schema?: ValueSchema<V>;
  /** Use the store of this name instead of the one named by `fullId`. */
  table?: ExternalTableRef;
  /** Accepted for compatibility with AWS Blocks; has no effect here (cloud-only settings). */
  logger?: unknown;
  /** Accepted for compatibility; has no effect here. */
  removalPolicy?: 'destroy' | 'retain';
  /** Accepted for compatibility; has no effect here. */
  deletionProtection?: boolean;
  /** Accepted for compatibility; expiry always works here. */
  ttl?: boolean;
}

/** Options of {@link KVStore.put}. */
export interface PutOptions<V = unknown> extends ExpiryOptions {
  /** Write only when the key has no live item. */
  ifNotExists?: boolean;
  /** Write only when the live item's serialised value equals this value's (compare-and-set). */
  ifValueEquals?: V;
}

/** Options of {@link KVStore.delete}. */
export interface DeleteOptions<V = unknown> {
  /** Delete only when the key has a live item. */
  ifExists?: boolean;
  /** Delete only when the live item's serialised value equals this value's. */
  ifValueEquals?: V;
}

/** Options of {@link KVStore.scan}. */
export interface ScanOptions {
  /** Only keys starting with this string. */
  prefix?: string;
  /**
   * Only keys after this one (exclusive, UTF-8 byte order): pass the last key of the previous page to
   * continue a listing without reading from the start. Combines with `prefix`.
   */
  startAfter?: string;
  /** Also yield expired items the background purge has not removed yet (maintenance sweeps only). */
  includeExpired?: boolean;
}

/** Options of {@link KVStore.increment}. */
export type IncrementOptions = ExpiryOptions;

const EXTERNAL_TABLE = 'ExternalTableRef';

// The keys of KVStoreOptions, for the unknown-option warning.
const OPTION_KEYS = ['engine', 'schema', 'table', 'logger', 'removalPolicy', 'deletionProtection', 'ttl'];

/**
 * A key-value store: JSON values under string keys, with conditional writes, expiry, atomic counters and
 * take-once reads. Its table is named after its `fullId` and lives in the process-wide engine (SQLite by
 * default, PostgreSQL to scale out), or in `options.engine`.
 */
export class KVStore<V = unknown> extends Scope {
  /** The engine table this store uses (derived from `fullId`). */
  readonly tableName: string;
  readonly #binding: TableBinding;
  readonly #schema: ValueSchema<V> | undefined;

  /** Refers to a store by name, e.g. one another app writes: `{ table: KVStore.fromExisting('x') }`. */
  static fromExisting(tableName: string): ExternalTableRef {
    if (typeof tableName !== 'string' || tableName.length === 0) {
      throw validationFailed('fromExisting needs a non-empty table name');
    }
    return { __brand: EXTERNAL_TABLE, tableName };
  }

  constructor(scope: ScopeParent, id: string, options: KVStoreOptions<V> = {}) {
    super(id, { parent: scope, bbName: 'KVStore', bbVersion: VERSION });
    const where = `KVStore '${id}'`;
    const check = optionsCheck(where);
    check(typeof options === 'object' && options !== null, 'options', 'an object');
    warnUnknownOptions(where, options, OPTION_KEYS);
    const external = options.table;
    check(
      external === undefined ||
        (external.__brand === EXTERNAL_TABLE && typeof external.tableName === 'string'),
      'options.table',
      'a table reference from KVStore.fromExisting',
    );
    this.tableName = storeTableName(external?.tableName ?? this.fullId);
    // App code reaches the table with its own client through `getSdkIdentifiers(store).tableName`.
    registerSdkIdentifiers(this.fullId, { tableName: this.tableName });
    this.#binding = new TableBinding(this.tableName, options.engine);
    this.#schema = options.schema;
  }

  #resolve() {
    return this.#binding.resolve();
  }

  /** The live value at `key`, or `null` when there is none (expired items count as absent). */
  async get(key: string): Promise<V | null> {
    validateKey(key);
    const bound = this.#resolve();
    const text = await (bound instanceof Promise
      ? bound.then(({ table }) => table.get(key))
      : bound.table.get(key));
    return text === null ? null : (JSON.parse(text) as V);
  }

  /**
   * Stores `value` (as JSON) at `key`.
   * @throws ConditionalCheckFailedException (409) when `ifNotExists` or `ifValueEquals` does not hold.
   * @throws ValidationFailedException for a bad key or value, or invalid/conflicting options.
   * @throws ItemTooLargeException when the JSON is over 400 KiB.
   */
  async put(key: string, value: V, options: PutOptions<V> = {}): Promise<void> {
    validateKey(key);
    const text = serializeValue(value);
    const expiry = parseExpiry(options);
    let condition: WriteCondition | undefined;
    if (options.ifNotExists && options.ifValueEquals !== undefined) {
      throw validationFailed('pass either `ifNotExists` or `ifValueEquals`, not both');
    }
    if (options.ifNotExists) condition = { kind: 'absent' };
    else if (options.ifValueEquals !== undefined) {
      condition = { kind: 'equals', value: serializeValue(options.ifValueEquals, '`ifValueEquals`') };
    }
    await checkSchema(this.#schema, value);
    const { engine, table } = await this.#resolve();
    const written = await table.put(key, text, expiryAt(expiry, engine.now()), condition);
    if (!written) throw conditionalCheckFailed(condition?.kind === 'equals');
  }

  /**
   * Deletes `key` (no error when it is absent, unless a condition says otherwise).
   * @throws ConditionalCheckFailedException (409) when `ifExists` or `ifValueEquals` does not hold.
   */
  async delete(key: string, options: DeleteOptions<V> = {}): Promise<void> {
    validateKey(key);
    let condition: DeleteCondition | undefined;
    if (options.ifValueEquals !== undefined) {
      condition = { kind: 'equals', value: serializeValue(options.ifValueEquals, '`ifValueEquals`') };
    } else if (options.ifExists) condition = { kind: 'exists' };
    const { table } = await this.#resolve();
    const deleted = await table.delete(key, condition);
    if (!deleted) throw conditionalCheckFailed(condition?.kind === 'equals' && !options.ifExists);
  }

  /**
   * Yields live items in ascending key order (UTF-8 byte order), optionally only keys starting with
   * `prefix` and only keys after `startAfter`. Reads in pages; items changed during the scan may or may
   * not appear.
   */
  async *scan(options: ScanOptions = {}): AsyncIterable<{ key: string; value: V }> {
    if (options.prefix !== undefined) validatePrefix(options.prefix);
    if (options.startAfter !== undefined) validateStartKey(options.startAfter);
    const { table } = await this.#resolve();
    const rows = table.scan({
      prefix: options.prefix ?? '',
      startAfter: options.startAfter ?? '',
      includeExpired: options.includeExpired === true,
    });
    for await (const row of rows) yield { key: row.key, value: JSON.parse(row.value) as V };
  }

  /**
   * Atomically adds `by` (a safe integer, default 1) to the counter at `key` and returns the new value.
   * A missing or expired counter starts from 0 and gets the expiry from `options`; a live counter keeps
   * the expiry it has.
   * @throws ValidationFailedException when the live item is not an integer, or `by`/options are invalid.
   */
  async increment(key: string, by = 1, options: IncrementOptions = {}): Promise<number> {
    validateKey(key);
    validateIncrement(by);
    const expiry = parseExpiry(options);
    const { engine, table } = await this.#resolve();
    return table.increment(key, by, expiryAt(expiry, engine.now()));
  }

  /** Atomically reads and deletes `key`: of concurrent callers, exactly one gets the value. */
  async take(key: string): Promise<V | null> {
    validateKey(key);
    const { table } = await this.#resolve();
    const text = await table.take(key);
    return text === null ? null : (JSON.parse(text) as V);
  }
}
