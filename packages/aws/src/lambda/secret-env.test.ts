import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadSecretEnv, SIGNING_KEYS_ENV, SIGNING_KEYS_SECRET_ENV } from './secret-env.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:blocks-signing-keys-AbCdEf';
const KEYS = 'k'.repeat(64);

// Secrets Manager's GetSecretValue (JSON 1.1 protocol) on loopback, answering one secret.
const requests: { target: string | undefined; body: { SecretId?: string } }[] = [];
let secretString = KEYS;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    requests.push({ target: req.headers['x-amz-target'] as string | undefined, body: JSON.parse(body) });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({ ARN, Name: 'blocks-signing-keys', SecretString: secretString, VersionId: 'v1' }),
    );
  });
});

describe('signing keys from Secrets Manager', () => {
  let endpoint: string;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const envFor = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    ...extra,
  });

  it('reads the named secret into BLOCKS_AUTH_SIGNING_KEYS', async () => {
    const saved = { ...process.env };
    const env = envFor({ [SIGNING_KEYS_SECRET_ENV]: ARN });
    // The SDK reads the endpoint override and credentials from process.env.
    Object.assign(process.env, env);
    try {
      await loadSecretEnv(env);
    } finally {
      for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
    }
    assert.equal(env[SIGNING_KEYS_ENV], KEYS);
    assert.equal(requests.at(-1)?.target, 'secretsmanager.GetSecretValue');
    assert.equal(requests.at(-1)?.body.SecretId, ARN);
  });

  it('leaves keys that are already set, and does nothing without a named secret', async () => {
    const count = requests.length;
    const preset = envFor({ [SIGNING_KEYS_SECRET_ENV]: ARN, [SIGNING_KEYS_ENV]: 'p'.repeat(40) });
    await loadSecretEnv(preset);
    assert.equal(preset[SIGNING_KEYS_ENV], 'p'.repeat(40));
    const none = envFor();
    await loadSecretEnv(none);
    assert.equal(none[SIGNING_KEYS_ENV], undefined);
    assert.equal(requests.length, count);
  });

  it('refuses an empty secret without setting anything', async () => {
    secretString = '  ';
    const env = envFor({ [SIGNING_KEYS_SECRET_ENV]: ARN });
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      await assert.rejects(loadSecretEnv(env), /empty/);
    } finally {
      for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
      secretString = KEYS;
    }
    assert.equal(env[SIGNING_KEYS_ENV], undefined);
  });
});
