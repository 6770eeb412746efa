import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCliArgs } from '../../packages/cli/src/cli/parse-args.js';
import { staticPathOf } from '../../packages/cli/src/frontend/static-files.js';
import {
  callRpc,
  createTempApp,
  freePort,
  pollUntil,
  REPO_ROOT,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../support/index.js';

const SEED = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');

// A stand-in frontend dev server: answers every path with its name and echoes WebSocket frames
// after a 101 answer (enough to prove that the upgrade and the bytes after it are forwarded).
const DEV_SERVER = `
import http from 'node:http';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'x-dev-server': 'yes' });
  res.end('dev:' + req.method + ' ' + req.url);
});
server.on('upgrade', (req, socket, head) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n');
  if (head.length) socket.write(head);
  socket.on('data', (chunk) => socket.write('echo:' + chunk));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('dev server up'));
`;

describe('sandbox flags', () => {
  const context = { cwd: '/app', env: {} };
  it('parses --static, --frontend and --frontend-port, and refuses --static with --frontend', () => {
    const parsed = parseCliArgs(
      ['sandbox', '--frontend', 'vite --strictPort', '--frontend-port', '5173'],
      context,
    );
    assert.equal(parsed.kind, 'serve');
    if (parsed.kind !== 'serve') return;
    assert.equal(parsed.flags.frontendCommand, 'vite --strictPort');
    assert.equal(parsed.flags.frontendPort, 5173);
    const withStatic = parseCliArgs(['sandbox', '--static', 'dist'], context);
    assert.equal(withStatic.kind === 'serve' && withStatic.flags.staticDir, '/app/dist');
    assert.throws(() => parseCliArgs(['sandbox', '--static', 'a', '--frontend', 'b'], context), {
      name: 'UsageError',
    });
    assert.throws(() => parseCliArgs(['start', '--static', 'a'], context), { name: 'UsageError' });
    assert.throws(() => parseCliArgs(['sandbox', '--frontend-port', '3100'], context), {
      name: 'UsageError',
    });
    assert.throws(() => parseCliArgs(['sandbox', '--frontend', 'b', '--frontend-port', '99999'], context), {
      name: 'UsageError',
    });
  });

  it('never maps a URL path outside the static folder or onto a dotfile', () => {
    assert.equal(staticPathOf('/srv/public', '/app.js'), '/srv/public/app.js');
    assert.equal(staticPathOf('/srv/public', '/../secret'), undefined);
    assert.equal(staticPathOf('/srv/public', '/%2e%2e/secret'), undefined);
    assert.equal(staticPathOf('/srv/public', '/.env'), undefined);
    assert.equal(staticPathOf('/srv/public', '/a/.git/config'), undefined);
    assert.equal(staticPathOf('/srv/public', '/%E0%A4%A'), undefined);
  });
});

describe('sandbox serves <app>/public/ on the API origin', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  before(async () => {
    app = await createTempApp(
      {
        'aws-blocks/index.ts': SEED,
        'package.json': '{"type":"module"}',
        'public/index.html': '<!doctype html><title>home</title>',
        'public/js/app.js': 'console.log(1);',
        'public/.env': 'SECRET=1',
      },
      'static',
    );
    // A link from the public folder to a file outside it must not serve that file.
    await symlink(join(app.appDir, 'aws-blocks/index.ts'), join(app.appDir, 'public/backend.ts'));
    sandbox = await startSandbox({ appDir: app.appDir, env: { BLOCKS_DATA_DIR: app.dataDir } });
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('serves index.html, files with their type, and revalidation', async () => {
    const home = await fetch(`${sandbox.url}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(await home.text(), '<!doctype html><title>home</title>');
    const script = await fetch(`${sandbox.url}/js/app.js`);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
    const again = await fetch(`${sandbox.url}/js/app.js`, {
      headers: { 'if-none-match': script.headers.get('etag')! },
    });
    assert.equal(again.status, 304);
  });

  it('keeps the API, the runtime config and 404s where they were; never serves dotfiles', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'authApi.getAuthState', []);
    assert.equal((reply.body.result as { state: string }).state, 'signedOut');
    const config = await fetch(`${sandbox.url}/.blocks-sandbox/config.json`);
    assert.equal(config.status, 200);
    assert.equal((await fetch(`${sandbox.url}/.env`)).status, 404);
    assert.equal((await fetch(`${sandbox.url}/missing.js`)).status, 404);
    assert.equal((await fetch(`${sandbox.url}/backend.ts`)).status, 404, 'no escape through a symbolic link');
  });
});

describe('sandbox --frontend starts a dev server and proxies it, WebSockets included', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  let devPort: number;
  before(async () => {
    app = await createTempApp(
      { 'aws-blocks/index.ts': SEED, 'package.json': '{"type":"module"}', 'dev-server.mjs': DEV_SERVER },
      'proxy',
    );
    devPort = await freePort();
    sandbox = await startSandbox({
      appDir: app.appDir,
      args: [
        '--no-watch',
        '--quiet',
        '--frontend',
        'node dev-server.mjs',
        '--frontend-port',
        String(devPort),
      ],
      env: { BLOCKS_DATA_DIR: app.dataDir },
    });
    await sandbox.waitForOutput('[frontend] dev server up');
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('proxies every non-API path, and the API stays the API', async () => {
    const page = await fetch(`${sandbox.url}/src/main.ts?v=1`);
    assert.equal(page.headers.get('x-dev-server'), 'yes');
    assert.equal(await page.text(), 'dev:GET /src/main.ts?v=1');
    const reply = await callRpc(sandbox.apiUrl, 'authApi.getAuthState', []);
    assert.equal((reply.body.result as { state: string }).state, 'signedOut');
  });

  it('forwards a WebSocket upgrade and the bytes after it', async () => {
    const socket = connect(sandbox.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('101 Switching')) socket.write('ping');
    });
    socket.write(
      'GET /hmr HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await pollUntil(() => received.includes('echo:ping'), { timeoutMs: 5000, description: 'echoed frame' });
    socket.destroy();
  });

  it('stops the dev server with the sandbox', async () => {
    assert.deepEqual(await sandbox.stop(), { code: 0, signal: null });
    await pollUntil(
      () =>
        fetch(`http://127.0.0.1:${devPort}/`).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 5000, description: 'dev server gone' },
    );
  });
});
