// The generated TypeScript client (JavaScript plus declarations): every fixture loads in plain node,
// its declarations type-check under tsc (strict) together with a driver that uses them, and the
// driver runs it against a live sandbox.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { writeGeneratedFiles } from '@blockyard/codegen';
import { createTempApp, REPO_ROOT, startSandbox } from '../support/index.js';
import { fixtureNames, generateFixture } from './fixtures.js';

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);
const TSC = require.resolve('typescript/bin/tsc');
const EXAMPLE_SOURCE = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');
// No @types at all: the client must stand on the ES and DOM libraries alone.
const COMPILER_OPTIONS = {
  noEmit: true,
  strict: true,
  noUncheckedIndexedAccess: true,
  target: 'es2022',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  lib: ['es2022', 'dom'],
  types: [],
};

/** Runs use against a sandbox serving the example app, then stops it. */
async function withSandbox(prefix: string, use: (apiUrl: string) => Promise<void>): Promise<void> {
  const app = await createTempApp({ 'aws-blocks/index.ts': EXAMPLE_SOURCE }, prefix);
  const sandbox = await startSandbox({
    appDir: app.appDir,
    env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_CODEGEN: 'off' },
  });
  try {
    await use(sandbox.apiUrl);
  } finally {
    await sandbox.stop();
    await app.remove();
  }
}

describe('generated TypeScript', () => {
  const work = mkdtempSync(join(tmpdir(), 'codegen-ts-'));
  const entries: string[] = [];
  before(async () => {
    for (const fixture of fixtureNames()) {
      await writeGeneratedFiles(join(work, fixture), generateFixture(fixture, 'ts'));
      entries.push(join(work, fixture, 'index.d.ts'));
    }
    copyFileSync(
      join(REPO_ROOT, 'tests/codegen/ts/drive-auth-basic.ts'),
      join(work, '17-auth-basic', 'drive.ts'),
    );
    entries.push(join(work, '17-auth-basic', 'drive.ts'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('loads every fixture in plain node (JavaScript, no TypeScript loader)', () => {
    const imports = fixtureNames()
      .map((f) => `await import(${JSON.stringify(pathToFileURL(join(work, f, 'index.js')).href)});`)
      .join('\n');
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `${imports}\nconsole.log('loaded');`],
      { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH } },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'loaded');
  });

  it('type-checks every fixture (and the driver) with tsc --strict', () => {
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: entries }),
    );
    const result = spawnSync(process.execPath, [TSC, '-p', work], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('runs the AuthBasic client against a live sandbox', async () => {
    await withSandbox('codegen-ts', async (apiUrl) => {
      const { drive } = (await import(pathToFileURL(join(work, '17-auth-basic', 'drive.ts')).href)) as {
        drive(url: string, user: string): Promise<Record<string, string>>;
      };
      const seen = await drive(apiUrl, 'ts_user');
      assert.deepEqual(seen, {
        signUp: 'signedIn',
        signIn: 'signedIn',
        user: 'ts_user',
        profile: 'ts_user',
        cookieName: seen.cookieName,
        cookieSecure: 'false',
        cookieAfterSignOut: 'undefined',
        afterSignOut: 'SessionExpiredException/401/true',
        copiedCookie: 'SessionExpiredException/401/true',
        wrongPassword: 'InvalidCredentialsException',
        badUrl: 'rejected',
        jarLive: 'b',
        jarExpired: 'undefined',
        jarMaxAgeZero: 'undefined',
        jarSecure: 'undefined/t',
        jarPath: '1/undefined',
        jarDomain: '1/undefined',
        jarForeign: 'undefined',
        jarPersisted: 't',
      });
      assert.match(seen.cookieName ?? '', /^auth_/);
    });
  });

  it('prints secrets as *** in plain node, yet sends them and signs in (util.inspect, String, console.log)', async () => {
    await withSandbox('codegen-ts-secrets', async (apiUrl) => {
      const { stdout } = await execFileAsync(
        process.execPath,
        [
          join(REPO_ROOT, 'tests/codegen/ts/redaction.mjs'),
          join(work, '17-auth-basic'),
          join(work, '16-reserved-keywords'),
          apiUrl,
        ],
        { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH } },
      );
      const lines = stdout.trim().split('\n');
      const seen = JSON.parse(lines.pop()!.replace(/^SEEN /, '')) as Record<string, unknown>;
      const shown =
        /^SetAuthStateInputSignIn \{\s+action: 'signIn',\s+username: 'node_user_\d+',\s+password: '\*\*\*'\s+\}$/;
      assert.match(lines.join('\n'), shown, 'console.log');
      assert.match(String(seen.inspect), shown);
      assert.match(
        String(seen.string),
        /^SetAuthStateInputSignIn \{"action":"signIn","username":"node_user_\d+","password":"\*\*\*"\}$/,
      );
      assert.equal(seen.template, seen.string);
      assert.match(String(seen.nested), /password: '\*\*\*'/);
      assert.ok(!stdout.includes('correct-horse-42'), stdout);
      assert.ok(!stdout.includes('h4sh-value'), stdout);
      assert.deepEqual(
        { ...seen, inspect: 0, string: 0, template: 0, nested: 0, revivedInspect: 0, revivedString: 0 },
        {
          inspect: 0,
          string: 0,
          template: 0,
          nested: 0,
          revivedInspect: 0,
          revivedString: 0,
          json: true,
          isPlain: 'action,username,password',
          signUp: 'signedIn',
          signIn: 'signedIn',
          profile: true,
          wire: true,
          signUpWire: true,
          revived: true,
          revivedJson: true,
          error: 'InternalError/false',
        },
      );
      assert.match(
        String(seen.revivedInspect),
        /^Switch \{\s+class: 'c',\s+default: true,\s+hashCode: '\*\*\*'\s+\}$/,
      );
      assert.match(String(seen.revivedString), /"hashCode":"\*\*\*"/);
    });
  });
});
