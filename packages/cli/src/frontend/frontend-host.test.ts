/**
 * DNS rebinding through the frontend (D-20): a page on `evil.example` whose name is re-pointed to
 * 127.0.0.1 must not read the sandbox's static files, its proxied dev server or the dev inbox, nor
 * open the dev server's WebSocket. Real sandboxes, a real stand-in dev server, hand-written `Host`.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  createTempApp,
  freePort,
  pollUntil,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../../../../tests/support/index.js';

const BACKEND = `import { EmailClient } from '@aws-blocks/bb-email-client';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';
const scope = new Scope('rebind');
new EmailClient(scope, 'email', { fromAddress: 'no-reply@example.com' });
export const api = new ApiNamespace(scope, 'api', () => ({ ping: async () => 'pong' }));
`;

// Prints every request and upgrade it sees, so the test can tell that a refused one never got here.
const DEV_SERVER = `
import http from 'node:http';
const server = http.createServer((req, res) => {
  console.log('dev saw ' + req.method + ' ' + req.url);
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('dev source of ' + req.url);
});
server.on('upgrade', (req, socket) => {
  console.log('dev saw upgrade ' + req.url);
  socket.end('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n');
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('dev server up'));
`;

interface Answer {
  status: number;
  type: string;
  body: string;
}

function get(port: number, path: string, host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function assertMisdirected(answer: Answer, what: string): void {
  assert.equal(answer.status, 421, what);
  assert.match(answer.type, /^application\/json/, what);
  assert.equal((JSON.parse(answer.body) as { name: string }).name, 'HostNotAllowed', what);
}

/** Sends a WebSocket upgrade with `host` and resolves with everything answered until the close. */
function upgrade(port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(
      `GET /@vite/hmr HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

/** A sandbox of a throw-away app with `files` besides the backend, started with `frontendArgs`. */
async function startSite(
  name: string,
  files: Record<string, string>,
  frontendArgs: (devPort: number) => string[] = () => [],
): Promise<{ app: TempApp; sandbox: SandboxProcess }> {
  const app = await createTempApp(
    { 'aws-blocks/index.ts': BACKEND, 'package.json': '{"type":"module"}', ...files },
    name,
  );
  const args = ['--no-watch', '--quiet', ...frontendArgs(await freePort())];
  return {
    app,
    sandbox: await startSandbox({ appDir: app.appDir, args, env: { BLOCKS_DATA_DIR: app.dataDir } }),
  };
}

describe('D-20 covers the static files and the dev inbox', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  before(async () => {
    ({ app, sandbox } = await startSite('rebind-static', {
      'public/index.html': '<!doctype html><title>home</title>',
      'public/config.js': 'window.secret = 1;',
    }));
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('serves the files for loopback hosts and answers 421 for a rebound name', async () => {
    const loopback = await get(sandbox.port, '/config.js', `localhost:${sandbox.port}`);
    assert.equal(loopback.status, 200);
    for (const path of ['/', '/config.js', '/index.html', '/missing.js']) {
      assertMisdirected(await get(sandbox.port, path, `evil.example:${sandbox.port}`), path);
    }
  });

  it('answers 421 for the dev inbox and the runtime config on a rebound name', async () => {
    assert.equal((await get(sandbox.port, '/aws-blocks/dev/inbox', 'localhost')).status, 200);
    for (const path of [
      '/aws-blocks/dev/inbox',
      '/aws-blocks/dev/inbox?format=json',
      '/.blocks-sandbox/config.json',
    ]) {
      assertMisdirected(await get(sandbox.port, path, 'evil.example'), path);
    }
  });
});

describe('D-20 covers the --frontend proxy and its WebSocket upgrades', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  before(async () => {
    ({ app, sandbox } = await startSite('rebind-proxy', { 'dev-server.mjs': DEV_SERVER }, (devPort) => [
      '--frontend',
      'node dev-server.mjs',
      `--frontend-port=${devPort}`,
    ]));
    await sandbox.waitForOutput('[frontend] dev server up');
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('proxies for loopback hosts, and refuses a rebound name before a byte reaches the dev server', async () => {
    const page = await get(sandbox.port, '/src/main.ts', `127.0.0.1:${sandbox.port}`);
    assert.equal(page.body, 'dev source of /src/main.ts');
    assertMisdirected(await get(sandbox.port, '/src/secret.ts', `evil.example:${sandbox.port}`), 'proxy');
    await sandbox.waitForOutput('dev saw GET /src/main.ts');
    assert.doesNotMatch(sandbox.stdout(), /secret\.ts/);
  });

  it('refuses a WebSocket upgrade for a rebound name, and proxies one for localhost', async () => {
    const refused = await upgrade(sandbox.port, 'evil.example');
    assert.match(refused, /^HTTP\/1\.1 421 /);
    assert.doesNotMatch(refused, /101 Switching/);
    const accepted = await upgrade(sandbox.port, `localhost:${sandbox.port}`);
    assert.match(accepted, /^HTTP\/1\.1 101 /);
    await pollUntil(() => (sandbox.stdout().match(/dev saw upgrade/g) ?? []).length === 1, {
      timeoutMs: 5000,
      description: 'the accepted upgrade reached the dev server',
    });
    assert.equal((sandbox.stdout().match(/dev saw upgrade/g) ?? []).length, 1, 'only the allowed one');
  });
});
