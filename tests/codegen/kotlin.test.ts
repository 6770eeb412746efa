// Kotlin is compiled and run: every fixture's generated client plus a driver program compile in one
// kotlinc run (Debian's kotlin: Kotlin 1.3 on the JDK), then the driver signs up, in and out of a live
// sandbox through the generated AuthBasic client.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeGeneratedFiles } from '@blockyard/codegen';
import { createTempApp, REPO_ROOT, startSandbox } from '../support/index.js';
import { fixtureNames, generateFixture } from './fixtures.js';

const EXAMPLE_SOURCE = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('generated Kotlin', () => {
  const work = mkdtempSync(join(tmpdir(), 'codegen-kotlin-'));
  const jar = join(work, 'clients.jar');
  let compiled: { code: number | null; stdout: string; stderr: string };

  before(async () => {
    const hasKotlin = spawnSync('kotlinc', ['-version'], { encoding: 'utf8' });
    assert.equal(hasKotlin.error, undefined, "kotlinc is not installed (.ci/run installs Debian's kotlin)");
    const sources: string[] = [];
    for (const fixture of fixtureNames()) {
      const written = await writeGeneratedFiles(join(work, fixture), generateFixture(fixture, 'kotlin'));
      sources.push(...written);
    }
    const main = join(work, 'AuthBasicMain.kt');
    copyFileSync(join(REPO_ROOT, 'tests/codegen/kotlin/AuthBasicMain.kt'), main);
    compiled = await run('kotlinc', [...sources, main, '-nowarn', '-d', jar], 600_000);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('compiles every fixture with kotlinc', () => {
    assert.equal(compiled.code, 0, compiled.stderr);
  });

  it('runs the AuthBasic client against a live sandbox', async () => {
    assert.equal(compiled.code, 0, 'compilation failed');
    const app = await createTempApp({ 'aws-blocks/index.ts': EXAMPLE_SOURCE }, 'codegen-kotlin');
    const sandbox = await startSandbox({
      appDir: app.appDir,
      env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_CODEGEN: 'off' },
    });
    try {
      const result = await run(
        'kotlin',
        ['-cp', jar, 'blocks.fixtures.main.AuthBasicMainKt', sandbox.apiUrl, 'kotlin_user'],
        120_000,
      );
      assert.equal(result.code, 0, result.stderr);
      const seen = Object.fromEntries(
        result.stdout
          .split('\n')
          .filter((line) => line.startsWith('RESULT '))
          .map((line) => {
            const body = line.slice('RESULT '.length);
            const eq = body.indexOf('=');
            return [body.slice(0, eq), body.slice(eq + 1)];
          }),
      );
      assert.equal(seen.signUp, 'signedIn');
      assert.equal(seen.afterSignOutCookie, 'null');
      assert.equal(seen.signIn, 'signedIn');
      assert.equal(seen.signedInUser, 'kotlin_user');
      assert.equal(seen.profile, 'kotlin_user');
      assert.equal(seen.getAuthState, 'signedIn');
      assert.match(seen.cookieName ?? '', /^auth_/);
      assert.equal(seen.cookieAfterSignOut, 'null');
      assert.equal(seen.copiedCookie, 'SessionExpiredException/401/true');
      assert.equal(seen.noCookie, 'SessionExpiredException/401/true');
      assert.equal(seen.wrongPasswordState, 'signedOut');
      assert.equal(seen.wrongPasswordError, 'InvalidCredentialsException');
      assert.equal(seen.jarLive, 'b');
      assert.equal(seen.jarOtherHost, 'null');
      assert.equal(seen.jarExpired, 'null');
      assert.equal(seen.jarMaxAgeZero, 'null');
      assert.equal(seen.jarExpiresPast, 'null');
      assert.equal(seen.jarSecureOverHttp, 'null');
      assert.equal(seen.jsonRoundTrip, '{"a":[1,2.5,"x\\"é\\n",true,null],"b":{}}');
    } finally {
      await sandbox.stop();
      await app.remove();
    }
  });
});
