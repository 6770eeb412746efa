/**
 * The server's edge under `blockyard sandbox` and `start`: the Host allowlist (D-20) and trusted
 * proxy hops (D-21), over real HTTP with hand-written Host and X-Forwarded-For headers.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  createTempApp,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../../../../tests/support/index.js';

const BACKEND = `import { ApiNamespace, Scope } from '@aws-blocks/blocks';
const scope = new Scope('edge-test');
export const api = new ApiNamespace(scope, 'api', (context) => ({
  async whoami() {
    return { address: context.request.clientAddress, url: context.request.url.href };
  },
}));
`;

interface Answer {
  status: number;
  body: string;
}

function post(
  port: number,
  headers: Record<string, string>,
  body = '{"jsonrpc":"2.0","method":"api.whoami","id":1}',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/aws-blocks/api',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function assertMisdirected(answer: Answer, what: string): void {
  assert.equal(answer.status, 421, what);
  const parsed = JSON.parse(answer.body) as { error: string; name: string };
  assert.equal(parsed.name, 'HostNotAllowed', what);
}

describe('D-20 / D-21 at the edge', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  let start: SandboxProcess;
  let open: SandboxProcess;
  let forwardedHost: SandboxProcess;

  before(async () => {
    app = await createTempApp({ 'aws-blocks/index.ts': BACKEND }, 'cli-edge');
    const env = { BLOCKS_DATA_DIR: app.dataDir };
    [sandbox, start, open, forwardedHost] = await Promise.all([
      startSandbox({ appDir: app.appDir, env: { ...env, BLOCKS_TRUST_PROXY: '2' } }),
      startSandbox({
        appDir: app.appDir,
        command: 'start',
        env: { ...env, BLOCKS_ALLOWED_HOSTS: 'api.example.com', BLOCKS_TRUST_PROXY: '1' },
      }),
      startSandbox({ appDir: app.appDir, command: 'start', env }),
      startSandbox({
        appDir: app.appDir,
        command: 'start',
        env: {
          ...env,
          BLOCKS_ALLOWED_HOSTS: 'api.example.com',
          BLOCKS_TRUST_PROXY: '1',
          BLOCKS_TRUST_FORWARDED_HOST: '1',
        },
      }),
    ]);
  });
  after(async () => {
    await Promise.all([sandbox?.stop(), start?.stop(), open?.stop(), forwardedHost?.stop()]);
    await app?.remove();
  });

  it('sandbox: answers loopback hosts and refuses a rebound name with 421 and a JSON body', async () => {
    for (const host of [`localhost:${sandbox.port}`, `127.0.0.1:${sandbox.port}`, `[::1]:${sandbox.port}`]) {
      assert.equal((await post(sandbox.port, { host })).status, 200, host);
    }
    const rebound = await post(sandbox.port, {
      host: `evil.com:${sandbox.port}`,
      origin: `http://evil.com:${sandbox.port}`,
    });
    assertMisdirected(rebound, 'evil.com');
    assertMisdirected(await post(sandbox.port, { host: 'localhost.evil.com' }), 'localhost.evil.com');
  });

  it('start: answers only BLOCKS_ALLOWED_HOSTS', async () => {
    assert.equal((await post(start.port, { host: 'api.example.com' })).status, 200);
    assert.equal((await post(start.port, { host: 'API.example.com:443' })).status, 200);
    assertMisdirected(await post(start.port, { host: `127.0.0.1:${start.port}` }), 'loopback');
    assertMisdirected(await post(start.port, { host: 'evil.com' }), 'evil.com');
  });

  it('start without BLOCKS_ALLOWED_HOSTS answers any host and warns at start', async () => {
    assert.equal((await post(open.port, { host: 'anything.example' })).status, 200);
    assert.match(open.stderr(), /BLOCKS_ALLOWED_HOSTS is not set/);
    assert.doesNotMatch(start.stderr(), /BLOCKS_ALLOWED_HOSTS is not set/);
  });

  it('takes the client address n hops from the right, whatever the client put on the left', async () => {
    const whoami = async (port: number, host: string, forwarded: string) => {
      const answer = await post(port, { host, 'x-forwarded-for': forwarded });
      return (JSON.parse(answer.body) as { result: { address: string } }).result.address;
    };
    // Two hops (CDN + load balancer): the CDN appended the client, the load balancer the CDN.
    for (const spoof of ['1.1.1.1', '2.2.2.2, 3.3.3.3']) {
      assert.equal(
        await whoami(sandbox.port, `localhost:${sandbox.port}`, `${spoof}, 203.0.113.7, 10.0.0.2`),
        '203.0.113.7',
      );
    }
    // One hop: the load balancer appended the client.
    assert.equal(await whoami(start.port, 'api.example.com', '9.9.9.9, 198.51.100.4'), '198.51.100.4');
    // No hops trusted: the header is ignored.
    assert.equal(await whoami(open.port, 'x', '9.9.9.9'), '127.0.0.1');
  });

  it('reduces `ip:port` and `[v6]:port` entries to the address (D-21)', async () => {
    const whoami = async (forwarded: string) => {
      const answer = await post(start.port, { host: 'api.example.com', 'x-forwarded-for': forwarded });
      return (JSON.parse(answer.body) as { result: { address: string } }).result.address;
    };
    assert.equal(await whoami('9.9.9.9, 198.51.100.4:51234'), '198.51.100.4');
    assert.equal(await whoami('[2001:db8::7]:443'), '2001:db8::7');
    assert.equal(await whoami('[2001:db8::8]'), '2001:db8::8');
    assert.equal(await whoami('2001:db8::9'), '2001:db8::9');
  });

  it('ignores a client-sent X-Forwarded-Host unless BLOCKS_TRUST_FORWARDED_HOST=1 (D-21)', async () => {
    // Most proxies pass the client's X-Forwarded-Host through: it must not pass the Host allowlist.
    const spoofed = { host: 'evil.com', 'x-forwarded-host': 'api.example.com' };
    assertMisdirected(await post(start.port, spoofed), 'X-Forwarded-Host without the setting');
    assert.equal((await post(forwardedHost.port, spoofed)).status, 200);
  });

  it('reads X-Forwarded-Proto from trusted hops, and X-Forwarded-Host only when told to', async () => {
    const url = async (port: number, headers: Record<string, string>) =>
      (JSON.parse((await post(port, headers)).body) as { result: { url: string } }).result.url;
    // [server, Host, X-Forwarded-Host, X-Forwarded-Proto, the URL a block sees]
    const cases: [SandboxProcess, string, string, string, string][] = [
      [start, 'api.example.com', 'evil.com, other.example.com', 'http, https', 'https://api.example.com'],
      [forwardedHost, 'internal:3001', 'evil.com, api.example.com', 'http, https', 'https://api.example.com'],
      [open, 'plain.example', 'evil.com', 'https', 'http://plain.example'],
    ];
    for (const [server, host, forwardedHostHeader, proto, expected] of cases) {
      const headers = { host, 'x-forwarded-host': forwardedHostHeader, 'x-forwarded-proto': proto };
      assert.equal(await url(server.port, headers), `${expected}/aws-blocks/api`, host);
    }
  });
});

// A small per-address bound, so a handful of wrong sign-ins shows whether one client is one address.
const AUTH_BACKEND = `import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { Scope } from '@aws-blocks/blocks';
const scope = new Scope('edge-ports');
const auth = new AuthBasic(scope, 'auth', { lockout: { maxAddressFailures: 4 } });
export const authApi = auth.createApi();
`;

describe('the per-address sign-in bound behind a proxy writing ip:port (D-14, D-21)', () => {
  it('counts every connection of one client against its one address', async () => {
    const app = await createTempApp({ 'aws-blocks/index.ts': AUTH_BACKEND }, 'cli-edge-ports');
    const proxied = { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_TRUST_PROXY: '1' };
    const server = await startSandbox({ appDir: app.appDir, env: proxied });
    try {
      const signIn = async (i: number, forwardedFor: string) => {
        const body = JSON.stringify({
          jsonrpc: '2.0',
          method: 'authApi.setAuthState',
          params: [{ action: 'signIn', username: `spray-${i}`, password: 'wrong-pass-1' }],
          id: i,
        });
        const answer = await post(server.port, { 'x-forwarded-for': forwardedFor }, body);
        return (JSON.parse(answer.body) as { result: { errorName?: string } }).result.errorName;
      };
      // Each try arrives on a new connection, so the proxy writes a new source port; an IPv6 client
      // also moves around its /64.
      for (const client of [
        (i: number) => `203.0.113.9:${40_000 + i}`,
        (i: number) => `[2001:db8:1:2::${i + 1}]:443`,
      ]) {
        const names: (string | undefined)[] = [];
        for (let i = 0; i < 6; i++) names.push(await signIn(i, client(i)));
        const refused = names.filter((name) => name === 'TooManyAttemptsException').length;
        assert.equal(refused, 2, names.join(', '));
      }
    } finally {
      await server.stop();
      await app.remove();
    }
  });
});
