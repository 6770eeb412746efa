// Kotlin is compiled and run: every fixture's generated client plus a driver program compile in one
// kotlinc run (Debian's kotlin: Kotlin 1.3 on the JDK, with Debian's kotlinx.coroutines), then the
// driver runs the generated AuthBasic client where phones are: against a sandbox reached by a host
// name that is not localhost (the JVM's resolver reads a hosts file naming it), over plain HTTP and
// through a TLS-terminating proxy on loopback with a certificate made for the test; and as the Android
// emulator does it, by http://10.0.2.2 (docs/native-clients.md), that address routed to loopback.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeGeneratedFiles } from '@blockyard/codegen';
import { createTempApp, REPO_ROOT, startSandbox } from '../support/index.js';
import { fixtureNames, generateFixture } from './fixtures.js';

const EXAMPLE_SOURCE = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');
const COROUTINES_JAR = '/usr/share/java/kotlinx-coroutines-core.jar';
const STDLIB_JAR = '/usr/share/java/kotlin-stdlib.jar';
// Debian's coroutines jar needs atomicfu at run time (libkotlinx-atomicfu-java).
const ATOMICFU_JAR = '/usr/share/java/atomicfu.jar';
// The name the driver reaches the sandbox by; the JVM resolves it to loopback through a hosts file.
const ALIAS = 'blocks.test';
// The address the Android emulator gives its host's loopback.
const EMULATOR_HOST = '10.0.2.2';

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

function must(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stderr}`);
}

/** Hands one request to the sandbox on loopback at `port`, as `path` with `headers`, and pipes the answer back. */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  path: string,
  headers: IncomingHttpHeaders,
): void {
  const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502).end();
  });
  req.pipe(upstream);
}

/** A TLS-terminating proxy on loopback: https in, plain HTTP to `target` with X-Forwarded-Proto/-For. */
async function tlsProxy(key: string, cert: string, targetPort: number): Promise<Server> {
  const server = createHttpsServer({ key, cert }, (req, res) => {
    forward(req, res, targetPort, req.url ?? '/', {
      ...req.headers,
      'x-forwarded-proto': 'https',
      'x-forwarded-for': req.socket.remoteAddress ?? '',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * The emulator's router, for the JVM: an HTTP proxy on loopback that takes the requests for
 * `http://10.0.2.2:<port>/…` and hands them to the sandbox on loopback, the `Host` header left as the
 * client wrote it (what the sandbox sees from an emulator). `hits` counts the requests it carried.
 */
async function emulatorRouter(
  sandboxPort: number,
): Promise<{ server: ReturnType<typeof createHttpServer>; hits: () => number }> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://invalid');
    if (target.hostname !== EMULATOR_HOST || target.port !== String(sandboxPort)) {
      res.writeHead(502).end();
      return;
    }
    hits++;
    forward(req, res, sandboxPort, target.pathname + target.search, req.headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, hits: () => hits };
}

describe('generated Kotlin', () => {
  const work = mkdtempSync(join(tmpdir(), 'codegen-kotlin-'));
  const jar = join(work, 'clients.jar');
  let compiled: { code: number | null; stdout: string; stderr: string };

  before(async () => {
    const hasKotlin = spawnSync('kotlinc', ['-version'], { encoding: 'utf8' });
    assert.equal(hasKotlin.error, undefined, "kotlinc is not installed (.ci/run installs Debian's kotlin)");
    for (const needed of [COROUTINES_JAR, ATOMICFU_JAR]) {
      assert.ok(
        existsSync(needed),
        `${needed} is missing (.ci/run installs libkotlinx-coroutines-java and libkotlinx-atomicfu-java)`,
      );
    }
    const sources: string[] = [];
    for (const fixture of fixtureNames()) {
      const written = await writeGeneratedFiles(join(work, fixture), generateFixture(fixture, 'kotlin'));
      sources.push(...written);
    }
    const main = join(work, 'AuthBasicMain.kt');
    copyFileSync(join(REPO_ROOT, 'tests/codegen/kotlin/AuthBasicMain.kt'), main);
    compiled = await run('kotlinc', ['-cp', COROUTINES_JAR, ...sources, main, '-nowarn', '-d', jar], 600_000);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('compiles every fixture with kotlinc', () => {
    assert.equal(compiled.code, 0, compiled.stderr);
  });

  it('runs the AuthBasic client by a non-localhost name over HTTP and through a TLS proxy', async () => {
    assert.equal(compiled.code, 0, 'compilation failed');
    // A certificate for the alias, trusted by the JVM through a trust store made from it.
    const key = join(work, 'key.pem');
    const cert = join(work, 'cert.pem');
    const trust = join(work, 'trust.p12');
    must('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      `/CN=${ALIAS}`,
      '-addext',
      `subjectAltName=DNS:${ALIAS}`,
    ]);
    must('keytool', [
      '-importcert',
      '-noprompt',
      '-alias',
      'proxy',
      '-file',
      cert,
      '-keystore',
      trust,
      '-storetype',
      'PKCS12',
      '-storepass',
      'changeit',
    ]);
    const hosts = join(work, 'hosts');
    writeFileSync(hosts, `127.0.0.1 ${ALIAS}\n`);

    const app = await createTempApp({ 'aws-blocks/index.ts': EXAMPLE_SOURCE }, 'codegen-kotlin');
    const sandbox = await startSandbox({
      appDir: app.appDir,
      // As docs/native-clients.md tells Android users: --allow-host 10.0.2.2.
      args: ['--no-watch', '--quiet', '--allow-host', ALIAS, '--allow-host', EMULATOR_HOST],
      env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_CODEGEN: 'off', BLOCKS_TRUST_PROXY: '1' },
    });
    const proxy = await tlsProxy(readFileSync(key, 'utf8'), readFileSync(cert, 'utf8'), sandbox.port);
    const router = await emulatorRouter(sandbox.port);
    try {
      await sandbox.waitForOutput(`Allowed host: http://${ALIAS}:${sandbox.port}/aws-blocks/api`);
      const emulatorUrl = `http://${EMULATOR_HOST}:${sandbox.port}/aws-blocks/api`;
      await sandbox.waitForOutput(`Android emulator: ${emulatorUrl}`);
      const httpUrl = `http://${ALIAS}:${sandbox.port}/aws-blocks/api`;
      const httpsUrl = `https://${ALIAS}:${(proxy.address() as AddressInfo).port}/aws-blocks/api`;
      const result = await run(
        'java',
        [
          `-Djdk.net.hosts.file=${hosts}`,
          `-Djavax.net.ssl.trustStore=${trust}`,
          '-Djavax.net.ssl.trustStorePassword=changeit',
          '-Djavax.net.ssl.trustStoreType=PKCS12',
          // Only 10.0.2.2 goes through the emulator's router; the alias is resolved by the hosts file.
          '-Dhttp.proxyHost=127.0.0.1',
          `-Dhttp.proxyPort=${(router.server.address() as AddressInfo).port}`,
          `-Dhttp.nonProxyHosts=${ALIAS}|localhost|127.*`,
          '-cp',
          [jar, STDLIB_JAR, COROUTINES_JAR, ATOMICFU_JAR].join(':'),
          'blocks.fixtures.main.AuthBasicMainKt',
          httpUrl,
          httpsUrl,
          'kotlin_user',
          emulatorUrl,
        ],
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
      assert.ok(router.hits() > 0, 'the emulator session did not go through 10.0.2.2');
      // The emulator session keeps its cookies in a store: an app restarted on it is still signed in.
      assert.equal(seen['emulator.restartedProfile'], 'kotlin_user_emu');
      for (const [prefix, user, secure] of [
        ['http', 'kotlin_user', 'false'],
        ['https', 'kotlin_user_tls', 'true'],
        ['emulator', 'kotlin_user_emu', 'false'],
      ] as const) {
        const at = (key: string) => seen[`${prefix}.${key}`];
        assert.equal(at('signUp'), 'signedIn', prefix);
        // D-06: plain HTTP to the sandbox by any name gets no Secure; HTTPS through the proxy does.
        assert.equal(at('cookieSecure'), secure, prefix);
        assert.equal(at('afterSignOutCookie'), 'null', prefix);
        assert.equal(at('signIn'), 'signedIn', prefix);
        assert.equal(at('signedIn'), 'true', prefix);
        assert.equal(at('signedInUser'), user, prefix);
        assert.equal(at('profile'), user, prefix);
        assert.equal(at('blockingProfile'), user, prefix);
        assert.equal(at('getAuthState'), 'signedIn', prefix);
        assert.match(at('cookieName') ?? '', /^auth_/, prefix);
        assert.equal(at('cookieToString'), 'false', prefix);
        assert.equal(at('cookieAfterSignOut'), 'null', prefix);
        assert.equal(at('afterSignOut'), 'SessionExpiredException/401/true', prefix);
        assert.equal(at('copiedCookie'), 'SessionExpiredException/401/true', prefix);
        assert.equal(at('wrongPasswordState'), 'signedOut', prefix);
        assert.equal(at('wrongPasswordError'), 'InvalidCredentialsException', prefix);
      }
      const jarSeen = Object.fromEntries(Object.entries(seen).filter(([k]) => k.startsWith('jar.')));
      assert.deepEqual(jarSeen, {
        'jar.live': 'b',
        'jar.otherHost': 'null',
        'jar.otherPort': 'b',
        'jar.expired': 'null',
        'jar.maxAgeZero': 'null',
        'jar.expiresPast': 'null',
        'jar.maxAgeBeforeExpires': '1',
        'jar.secureOverHttp': 'null',
        'jar.secureOverHttps': 't',
        'jar.pathInside': '1',
        'jar.pathSibling': 'null',
        'jar.defaultPath': '1',
        'jar.defaultPathAbove': 'null',
        'jar.domainSibling': '1',
        'jar.hostOnlySibling': 'null',
        'jar.foreignDomain': 'null',
        'jar.header': 'p=1; m=1; d=1',
        'jar.persisted': '1',
        'jar.saved': 'true',
        'jar.cleared': '0',
      });
      assert.equal(seen.redacted, 'true');
      assert.equal(seen.unknownEnum, 'true/brandNewState');
      assert.equal(seen.knownEnum, 'true');
      assert.equal(seen.badUrl, 'rejected');
      assert.equal(seen.jsonRoundTrip, '{"a":[1,2.5,"x\\"é\\n",true,null],"b":{}}');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
      await new Promise((resolve) => router.server.close(resolve));
      await sandbox.stop();
      await app.remove();
    }
  });
});
