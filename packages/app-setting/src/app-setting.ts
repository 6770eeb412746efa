import { randomBytes } from 'node:crypto';
import { Scope, type ScopeParent } from '@blockyard/core';
import {
  currentEngine,
  getEngine,
  type KvEngine,
  type KvTable,
  MAX_VALUE_BYTES,
  SETTINGS_TABLE,
  type ValueSchema,
} from '@blockyard/kv-store';
import { parameterNotFound, settingValidationFailed } from './errors.js';

/** Largest non-secret value, in UTF-8 bytes of its JSON (SSM standard tier, kept for portability). */
export const MAX_SETTING_BYTES = 4096;
const MAX_NAME_BYTES = 1024;
const VERSION = '0.1.0';

/** Options of {@link AppSetting}. */
export interface AppSettingOptions<T> {
  /** Parameter name; defaults to `/` + fullId. Settings with the same name share one value. */
  name?: string;
  /** Initial value, written only when the setting has none yet (put-if-absent). */
  value?: T;
  /**
   * A secret (signing key, API token). Without `value`, one is generated once: 32 random bytes,
   * base64url; every process sharing the engine ends up with the same one.
   */
  secret?: boolean;
  /** Checked on `put`; not allowed together with `secret`. */
  schema?: ValueSchema<T>;
  /** Engine to use instead of the process-wide one (tests, tools). */
  engine?: KvEngine;
  /** Accepted for compatibility with AWS Blocks; unused. */
  logger?: unknown;
}

function serialize(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError('unsupported');
      return v;
    });
  } catch {
    text = undefined;
  }
  // The value itself never goes into the message: it may be a secret.
  if (text === undefined) throw settingValidationFailed('the value cannot be stored as JSON');
  return text;
}

function parse<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

/**
 * One application setting or secret, stored in the engine's settings table so that every instance on
 * the same engine (one SQLite file, or one PostgreSQL database) reads the same value. `get` reads the
 * engine every time, so a `put` anywhere is seen everywhere at the next `get`.
 */
export class AppSetting<T = string> extends Scope {
  /** The parameter name (`/` + fullId unless given). */
  readonly parameterName: string;
  /** Whether this setting is a secret. */
  readonly isSecret: boolean;
  // Private fields: util.inspect and logs of this object never show an initial value.
  readonly #initial: T | undefined;
  readonly #schema: ValueSchema<T> | undefined;
  readonly #engine: KvEngine | undefined;
  #bound: { engine: KvEngine; table: KvTable; ready?: Promise<void> } | undefined;

  /** Refers to a setting another app or stack owns, by parameter name. */
  static fromExisting<T = string>(
    scope: ScopeParent,
    id: string,
    options: { name: string; secret?: boolean; engine?: KvEngine },
  ): AppSetting<T> {
    if (!options?.name) throw settingValidationFailed(`AppSetting '${id}': fromExisting requires a 'name'`);
    return new AppSetting<T>(scope, id, options);
  }

  constructor(scope: ScopeParent, id: string, options: AppSettingOptions<T> = {}) {
    super(id, { parent: scope, bbName: 'AppSetting', bbVersion: VERSION });
    if (options.secret && options.schema) {
      throw settingValidationFailed(`AppSetting '${id}': 'secret' and 'schema' cannot be used together`);
    }
    const name = options.name ?? `/${this.fullId}`;
    if (
      typeof name !== 'string' ||
      name.length === 0 ||
      Buffer.byteLength(name) > MAX_NAME_BYTES ||
      name.includes('\0')
    ) {
      throw settingValidationFailed(
        `AppSetting '${id}': 'name' must be a string of 1..${MAX_NAME_BYTES} bytes`,
      );
    }
    this.parameterName = name;
    this.isSecret = options.secret === true;
    this.#initial = options.value;
    this.#schema = options.schema;
    this.#engine = options.engine;
    if (options.value !== undefined) serialize(options.value);
  }

  #initialText(): string {
    if (this.#initial !== undefined) return serialize(this.#initial);
    return JSON.stringify(this.isSecret ? randomBytes(32).toString('base64url') : '');
  }

  async #table(): Promise<KvTable> {
    const engine = this.#engine ?? currentEngine() ?? (await getEngine());
    if (this.#bound?.engine !== engine) this.#bound = { engine, table: engine.table(SETTINGS_TABLE) };
    const bound = this.#bound;
    // Put-if-absent: of several processes starting together, the first write wins and every other
    // one reads that value. A failure (engine down) is not remembered; the next call tries again.
    bound.ready ??= bound.table.put(this.parameterName, this.#initialText(), null, { kind: 'absent' }).then(
      () => {},
      (error: unknown) => {
        bound.ready = undefined;
        throw error;
      },
    );
    await bound.ready;
    return bound.table;
  }

  /**
   * The current value.
   * @throws ParameterNotFoundException when the setting has no value, or a secret's value is empty.
   */
  async get(): Promise<T> {
    const text = await (await this.#table()).get(this.parameterName);
    if (text === null) throw parameterNotFound(`Parameter "${this.parameterName}" has no value`);
    const value = parse<T>(text);
    if (this.isSecret && value === '') {
      throw parameterNotFound(
        `Secret parameter "${this.parameterName}" has an empty value — secrets must not be empty`,
      );
    }
    return value;
  }

  /**
   * Replaces the value for every instance sharing the engine.
   * @throws ValidationFailedException when the value is not JSON, fails the schema, or (for a
   * non-secret) is over 4 KiB.
   */
  async put(value: T): Promise<void> {
    if (this.#schema) {
      const result = await this.#schema['~standard'].validate(value);
      if (result.issues) {
        throw settingValidationFailed(
          `value does not match the schema: ${result.issues[0]?.message ?? 'invalid'}`,
        );
      }
    }
    const text = serialize(value);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (!this.isSecret && bytes > MAX_SETTING_BYTES) {
      throw settingValidationFailed(
        `Value size ${bytes} bytes exceeds the 4 KB (${MAX_SETTING_BYTES} bytes) limit`,
      );
    }
    if (bytes > MAX_VALUE_BYTES)
      throw settingValidationFailed(`Value size ${bytes} bytes exceeds the 400 KiB limit`);
    await (await this.#table()).put(this.parameterName, text, null);
  }
}
