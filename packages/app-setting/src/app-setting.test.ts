import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { CoreErrors, getSdkIdentifiers, Scope } from '@blockyard/core';
import { closeEngine, configureEngine, type KvEngine, openEngine } from '@blockyard/kv-store';
import { SETTINGS_TABLE } from '@blockyard/kv-store/testing';
import { AppSetting } from './app-setting.js';
import { AppSettingErrors } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-app-setting-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const postgresUrl = process.env.BLOCKS_TEST_POSTGRES_URL;

function isNamed(name: string) {
  return (error: unknown) => {
    assert.equal((error as Error).name, name);
    return true;
  };
}

interface Target {
  name: string;
  open(): Promise<KvEngine>;
  /** Separate `open` calls reach the same storage, like separate processes. */
  shared: boolean;
  skip?: string;
}

function runAppSettingSuite(target: Target): void {
  describe(`AppSetting on ${target.name}`, { skip: target.skip ?? false }, () => {
    const scope = new Scope(`app-${randomBytes(4).toString('hex')}`, { parent: {} });
    const engines: KvEngine[] = [];
    const names: string[] = [];
    const open = async () => {
      const engine = await target.open();
      engines.push(engine);
      return engine;
    };
    const setting = <T>(engine: KvEngine, id: string, options: Record<string, unknown> = {}) => {
      const created = new AppSetting<T>(scope, id, { engine, ...options });
      names.push(created.parameterName);
      return created;
    };
    after(async () => {
      try {
        const table = engines[0]?.table(SETTINGS_TABLE);
        for (const name of names) await table?.delete(name);
      } finally {
        await Promise.all(engines.map((e) => e.close()));
      }
    });

    it('names the parameter / + fullId and registers as AppSetting', async () => {
      const engine = await open();
      const s = setting<number>(engine, 'retries', { value: 3 });
      assert.equal(s.parameterName, `/${scope.fullId}-retries`);
      assert.equal(s.bbName, 'AppSetting');
      assert.equal(await s.get(), 3);
    });

    it('writes the initial value only when absent; put replaces it for every instance', async () => {
      const engine = await open();
      const first = setting<string>(engine, 'greeting', { value: 'hello' });
      assert.equal(await first.get(), 'hello');
      const second = setting<string>(engine, 'greeting', { value: 'bonjour' });
      assert.equal(await second.get(), 'hello', 'an existing value is kept');
      await second.put('hola');
      assert.equal(await first.get(), 'hola', 'get reads the engine each time');
      const third = setting<string>(engine, 'greeting', { value: 'ciao' });
      assert.equal(await third.get(), 'hola');
    });

    it('stores JSON values', async () => {
      const engine = await open();
      const s = setting<{ limits: number[] }>(engine, 'config', { value: { limits: [1, 2] } });
      assert.deepEqual(await s.get(), { limits: [1, 2] });
      await s.put({ limits: [3] });
      assert.deepEqual(await s.get(), { limits: [3] });
    });

    it('a non-secret without value reads as an empty string (as the reference)', async () => {
      const engine = await open();
      assert.equal(await setting<string>(engine, 'blank').get(), '');
    });

    it('generates a secret once: 32 random bytes, base64url, stable across instances', async () => {
      const engine = await open();
      const a = setting<string>(engine, 'jwt-secret', { secret: true });
      const value = await a.get();
      assert.match(value, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(value, 'base64url').length, 32);
      assert.equal(await setting<string>(engine, 'jwt-secret', { secret: true }).get(), value);
      assert.notEqual(await setting<string>(engine, 'other-secret', { secret: true }).get(), value);
    });

    it('an empty secret is ParameterNotFound', async () => {
      const engine = await open();
      const s = setting<string>(engine, 'empty-secret', { secret: true });
      await s.put('');
      await assert.rejects(s.get(), isNamed(AppSettingErrors.ParameterNotFound));
    });

    it('never shows a secret in util.inspect or in error messages', async () => {
      const engine = await open();
      const s = setting<unknown>(engine, 'api-key', { secret: true });
      const value = (await s.get()) as string;
      assert.ok(!inspect(s, { depth: 10, showHidden: true }).includes(value));
      const seeded = setting<string>(engine, 'seeded-secret', { secret: true, value: 'seed-VALUE-123' });
      assert.ok(!inspect(seeded, { depth: 10, showHidden: true }).includes('seed-VALUE-123'));
      await assert.rejects(s.put({ key: value, fn: () => 1 }), (error: Error) => {
        assert.equal(error.name, AppSettingErrors.ValidationFailed);
        assert.ok(!error.message.includes(value));
        assert.ok(!inspect(error).includes(value));
        return true;
      });
      assert.equal(await s.get(), value, 'nothing was written');
      const empty = setting<string>(engine, 'blank-secret', { secret: true });
      await empty.put('');
      await assert.rejects(empty.get(), (error: Error) => {
        assert.equal(error.name, AppSettingErrors.ParameterNotFound);
        assert.ok(!error.message.startsWith(`${error.name}:`), 'the name is not repeated in the message');
        return true;
      });
    });

    it('registers its parameter name as its SDK identifier', async () => {
      const engine = await open();
      const named = setting(engine, 'ids');
      assert.deepEqual(getSdkIdentifiers(named), { parameterName: named.parameterName });
    });

    it('refuses bad options and values', async () => {
      const engine = await open();
      const schema = { '~standard': { validate: (v: unknown) => ({ value: v }) } };
      assert.throws(() => setting(engine, 'x', { secret: true, schema }), isNamed(CoreErrors.InvalidOptions));
      assert.throws(() => setting(engine, 'y', { value: 10n }), isNamed(AppSettingErrors.ValidationFailed));
      assert.throws(() => setting(engine, 'z', { name: '' }), isNamed(AppSettingErrors.ValidationFailed));
      assert.throws(
        () => setting(engine, 'w', { name: 'half \uD800 pair' }),
        isNamed(AppSettingErrors.ValidationFailed),
      );
      const secret = setting<string>(engine, 'big-secret', { secret: true });
      const stored = await secret.get();
      await assert.rejects(secret.put('x'.repeat(400 * 1024)), isNamed(AppSettingErrors.ValidationFailed));
      assert.equal(await secret.get(), stored);
      const small = setting<string>(engine, 'small', { value: 'ok' });
      await assert.rejects(small.put('x'.repeat(5000)), isNamed(AppSettingErrors.ValidationFailed));
      await assert.rejects(
        small.put(undefined as unknown as string),
        isNamed(AppSettingErrors.ValidationFailed),
      );
      assert.equal(await small.get(), 'ok');
      const checked = setting<number>(engine, 'checked', {
        value: 1,
        schema: {
          '~standard': {
            validate: (v: unknown) =>
              typeof v === 'number' ? { value: v } : { issues: [{ message: 'a number' }] },
          },
        },
      });
      await assert.rejects(
        checked.put('two' as unknown as number),
        isNamed(AppSettingErrors.ValidationFailed),
      );
      assert.equal(await checked.get(), 1);
    });

    it('two connections starting at the same moment end up with one secret', {
      skip: target.shared ? false : 'storage is per connection',
    }, async () => {
      const [one, two] = await Promise.all([open(), open()]);
      for (let round = 0; round < 5; round++) {
        const id = `race-${round}`;
        const values = await Promise.all([
          setting<string>(one, id, { secret: true }).get(),
          setting<string>(two, id, { secret: true }).get(),
          setting<string>(one, id, { secret: true }).get(),
          setting<string>(two, id, { secret: true }).get(),
        ]);
        assert.equal(new Set(values).size, 1, `round ${round}: ${values.length} racers, one value`);
      }
    });
  });
}

runAppSettingSuite({ name: 'memory', open: () => openEngine('memory:'), shared: false });
runAppSettingSuite({
  name: 'sqlite',
  open: () => openEngine(`sqlite:${join(dir, 'blocks.db')}`),
  shared: true,
});
runAppSettingSuite({
  name: 'postgres',
  open: () => openEngine(postgresUrl as string),
  shared: true,
  ...(postgresUrl ? {} : { skip: 'BLOCKS_TEST_POSTGRES_URL is not set' }),
});

describe('AppSetting on the process-wide engine', () => {
  after(() => closeEngine());

  it('uses the configured engine lazily and survives a restart of it', async () => {
    configureEngine({ appDir: join(dir, 'app') });
    const scope = new Scope('my-app', { parent: {} });
    const secret = await new AppSetting<string>(scope, 'auth-jwt-secret', { secret: true }).get();
    await closeEngine();
    assert.equal(await new AppSetting<string>(scope, 'auth-jwt-secret', { secret: true }).get(), secret);
  });
});
