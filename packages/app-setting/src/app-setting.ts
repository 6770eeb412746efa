import { randomBytes } from 'node:crypto';
import { registerSdkIdentifiers, Scope, type ScopeParent } from '@blockyard/core';
import { optionsCheck, warnUnknownOptions } from '@blockyard/core/block';
import { type KvEngine, type KvTable, MAX_VALUE_BYTES, type ValueSchema } from '@blockyard/kv-store';
import {
  checkSchema,
  SETTINGS_TABLE,
  serializeValue,
  TableBinding,
  validateKey,
} from '@blockyard/kv-store/engine';
import { parameterNotFound, settingValidationFailed } from './errors.js';

/** Largest non-secret value, in UTF-8 bytes of its JSON (SSM standard tier, kept for portability). */
export const MAX_SETTING_BYTES = 4096;
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

// Stored values are JSON; a value someone wrote as plain text reads back as that text (as a parameter
// store's raw string does).
function parse<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

// The keys of AppSettingOptions, for the unknown-option warning.
const OPTION_KEYS = ['name', 'value', 'secret', 'schema', 'engine', 'logger'];

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
  readonly #binding: TableBinding;
  #initialized: { engine: KvEngine; done: Promise<void> } | undefined;

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
    const where = `AppSetting '${id}'`;
    const check = optionsCheck(where);
    check(typeof options === 'object' && options !== null, 'options', 'an object');
    warnUnknownOptions(where, options, OPTION_KEYS);
    check(!(options.secret && options.schema), 'options', "either 'secret' or 'schema', not both");
    const name = options.name ?? `/${this.fullId}`;
    validateKey(name, `AppSetting '${id}': 'name'`);
    this.parameterName = name;
    registerSdkIdentifiers(this.fullId, { parameterName: name });
    this.isSecret = options.secret === true;
    this.#initial = options.value;
    this.#schema = options.schema;
    this.#binding = new TableBinding(SETTINGS_TABLE, options.engine);
    if (options.value !== undefined) this.#serialize(options.value);
  }

  // KVStore's serialisation, with a parameter store's limits: 4 KiB for a setting, KVStore's 400 KiB
  // for a secret, both reported as ValidationFailed (the parameter store's name for it).
  #serialize(value: unknown): string {
    const text = serializeValue(value, 'the value', Number.POSITIVE_INFINITY);
    const bytes = Buffer.byteLength(text, 'utf8');
    const limit = this.isSecret ? MAX_VALUE_BYTES : MAX_SETTING_BYTES;
    if (bytes > limit) {
      throw settingValidationFailed(`Value size ${bytes} bytes exceeds the ${limit} bytes limit`);
    }
    return text;
  }

  #initialText(): string {
    if (this.#initial !== undefined) return this.#serialize(this.#initial);
    return JSON.stringify(this.isSecret ? randomBytes(32).toString('base64url') : '');
  }

  async #table(): Promise<KvTable> {
    const { engine, table } = await this.#binding.resolve();
    let initialized = this.#initialized;
    if (initialized?.engine !== engine) {
      // Put-if-absent: of several processes starting together, the first write wins and every other
      // one reads that value. A failure (engine down) is not remembered; the next call tries again.
      const done = table.put(this.parameterName, this.#initialText(), null, { kind: 'absent' }).then(
        () => {},
        (error: unknown) => {
          if (this.#initialized?.done === done) this.#initialized = undefined;
          throw error;
        },
      );
      initialized = { engine, done };
      this.#initialized = initialized;
    }
    await initialized.done;
    return table;
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
    await checkSchema(this.#schema, value);
    const text = this.#serialize(value);
    await (await this.#table()).put(this.parameterName, text, null);
  }
}
