import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import type { OpenRpcDocument } from '../../spec/openrpc.js';
import { generateClient } from '../generate-client.js';
import { writeGeneratedFiles } from '../generated-files.js';

const SECRET = 'pin-1234-secret';
const login = { $ref: '#/components/schemas/Login' };
const SPEC: OpenRpcDocument = {
  openrpc: '1.3.2',
  info: { title: 'vault', version: '1.0.0' },
  methods: [
    {
      name: 'vault.account',
      params: [],
      result: { name: 'AccountResult', schema: { $ref: '#/components/schemas/Account' } },
    },
    {
      name: 'vault.logins',
      params: [],
      result: { name: 'LoginsResult', schema: { type: 'array', items: login } },
    },
    { name: 'vault.plain', params: [], result: { name: 'PlainResult', schema: { type: 'string' } } },
  ],
  components: {
    schemas: {
      Login: {
        type: 'object',
        properties: { user: { type: 'string' }, pin: { type: 'string', format: 'password' } },
        required: ['user', 'pin'],
      },
      Step: {
        oneOf: [
          {
            type: 'object',
            properties: { kind: { type: 'string', enum: ['otp'] }, code: { type: 'string' } },
            required: ['kind', 'code'],
          },
          {
            type: 'object',
            properties: { kind: { type: 'string', enum: ['done'] }, at: { type: 'string' } },
            required: ['kind'],
          },
        ],
      },
      Account: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          logins: { type: 'array', items: login },
          byHost: { type: 'object', additionalProperties: login },
          main: { oneOf: [login, { type: 'null' }] },
          steps: { type: 'array', items: { $ref: '#/components/schemas/Step' } },
        },
        required: ['name'],
        additionalProperties: login,
      },
    },
  },
};

const pinned = (user: string) => ({ user, pin: SECRET });
const ANSWERS: Record<string, unknown> = {
  'vault.account': {
    name: 'n',
    logins: [pinned('a')],
    byHost: { 'h.test': pinned('b') },
    main: pinned('c'),
    steps: [
      { kind: 'otp', code: SECRET },
      { kind: 'done', at: 'now' },
      { kind: 'newKind', code: 'x' },
    ],
    extra: pinned('d'),
  },
  'vault.logins': [pinned('e'), null],
  'vault.plain': 'text',
};

describe('generated TypeScript: results holding secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-redaction-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('revives nested values into the redacting classes and leaves the JSON as the server sent it', async () => {
    await writeGeneratedFiles(dir, generateClient(SPEC, 'ts'));
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        const { id, method } = JSON.parse(body) as { id: number; method: string };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result: ANSWERS[method] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = (await import(pathToFileURL(join(dir, 'index.js')).href)) as Record<
        string,
        new (
          ...args: unknown[]
        ) => Record<string, Record<string, () => Promise<unknown>>>
      >;
      const blocks = new client.Blocks!({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      });
      const vault = blocks.vault!;
      for (const method of ['account', 'logins', 'plain'] as const) {
        const result = await vault[method]!();
        assert.deepEqual(JSON.parse(JSON.stringify(result)), ANSWERS[`vault.${method}`], method);
        assert.ok(!inspect(result, { depth: null }).includes(SECRET), `${method}: ${inspect(result)}`);
        assert.ok(!String(result).includes(SECRET), method);
      }
      const account = (await vault.account!()) as Record<string, unknown>;
      const Login = client.Login!;
      assert.ok((account.logins as unknown[])[0] instanceof Login);
      assert.ok((account.byHost as Record<string, unknown>)['h.test'] instanceof Login);
      assert.ok(account.main instanceof Login);
      assert.ok(account.extra instanceof Login);
      const steps = account.steps as object[];
      assert.ok(steps[0] instanceof client.StepOtp!);
      assert.equal(inspect(steps[2]), "{ kind: 'newKind', code: 'x' }");
      assert.match(inspect(account.main), /^Login \{ user: 'c', pin: '\*\*\*' \}$/);
      assert.equal(String(account.main), 'Login {"user":"c","pin":"***"}');
      assert.match(String(account.logins), /^Login \{"user":"a","pin":"\*\*\*"\}$/);
    } finally {
      server.close();
    }
  });
});
