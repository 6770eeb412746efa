import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isBlocksError } from './api-error.js';
import { ClientErrors } from './errors.js';
import {
  configureApiUrl,
  isValidApiUrl,
  localSandboxUrl,
  resetApiUrl,
  resolveApiUrl,
} from './resolve-url.js';

const startDir = process.cwd();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blockyard-client-url-'));
  process.chdir(dir);
  delete process.env.BLOCKS_API_URL;
  delete process.env.BLOCKS_CONFIG;
  resetApiUrl();
});
afterEach(() => {
  process.chdir(startDir);
  rmSync(dir, { recursive: true, force: true });
  delete process.env.BLOCKS_API_URL;
  delete process.env.BLOCKS_CONFIG;
  resetApiUrl();
});

function writeJson(path: string, value: unknown): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), JSON.stringify(value));
}

describe('isValidApiUrl', () => {
  it('accepts absolute http(s) URLs and absolute paths', () => {
    assert.equal(isValidApiUrl('http://localhost:3001/aws-blocks/api'), true);
    assert.equal(isValidApiUrl('https://x.example.com/prod/aws-blocks/api'), true);
    assert.equal(isValidApiUrl('/aws-blocks/api'), true);
  });

  it('refuses blanks, undefined leftovers and unparseable values', () => {
    for (const bad of [
      '',
      '   ',
      'undefined',
      'undefined/aws-blocks/api',
      'http://undefined/x',
      'https://h/undefined/api',
      'not a url',
      '/undefined',
      'ftp://h/x',
      42,
    ]) {
      assert.equal(isValidApiUrl(bad), false, String(bad));
    }
  });
});

describe('resolveApiUrl', () => {
  it('prefers BLOCKS_API_URL and keeps the answer', async () => {
    process.env.BLOCKS_API_URL = 'http://127.0.0.1:9/aws-blocks/api';
    writeJson('.blocks-sandbox/config.json', { apiUrl: 'http://localhost:1/aws-blocks/api' });
    assert.equal(await resolveApiUrl(), 'http://127.0.0.1:9/aws-blocks/api');
    process.env.BLOCKS_API_URL = 'http://127.0.0.1:10/aws-blocks/api';
    assert.equal(await resolveApiUrl(), 'http://127.0.0.1:9/aws-blocks/api', 'cached for the process');
  });

  it('throws for an invalid BLOCKS_API_URL instead of falling through', async () => {
    process.env.BLOCKS_API_URL = 'undefined/aws-blocks/api';
    writeJson('.blocks-sandbox/config.json', { apiUrl: 'http://localhost:1/aws-blocks/api' });
    await assert.rejects(resolveApiUrl(), (e) => isBlocksError(e, ClientErrors.ApiUrlNotConfigured));
  });

  it('names unresolved CDK tokens', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text of a CDK token.
    process.env.BLOCKS_API_URL = 'https://${Token[TOKEN.123]}/aws-blocks/api';
    await assert.rejects(resolveApiUrl(), (e: Error) => {
      assert.ok(isBlocksError(e, ClientErrors.ApiUrlNotConfigured));
      assert.match(e.message, /force-dynamic/);
      return true;
    });
  });

  it('uses BLOCKS_CONFIG, skipping malformed JSON', async () => {
    process.env.BLOCKS_CONFIG = '{not json';
    writeJson('.blocks-sandbox/config.json', { apiUrl: 'http://localhost:7/aws-blocks/api' });
    assert.equal(await resolveApiUrl(), 'http://localhost:7/aws-blocks/api');
    resetApiUrl();
    process.env.BLOCKS_CONFIG = JSON.stringify({ apiUrl: 'https://api.example.com/aws-blocks/api' });
    assert.equal(await resolveApiUrl(), 'https://api.example.com/aws-blocks/api');
  });

  it('reads the sandbox config file, then amplify_outputs.json', async () => {
    writeJson('amplify_outputs.json', {
      custom: { blocks_api_url: 'https://amp.example.com/aws-blocks/api' },
    });
    writeJson('.blocks-sandbox/config.json', { apiUrl: 'undefined' });
    assert.equal(await resolveApiUrl(), 'https://amp.example.com/aws-blocks/api');
    resetApiUrl();
    writeJson('.blocks-sandbox/config.json', { apiUrl: 'http://localhost:3001/aws-blocks/api' });
    assert.equal(await resolveApiUrl(), 'http://localhost:3001/aws-blocks/api');
  });

  it('does not keep a failure: a later call finds the config written meanwhile', async () => {
    await assert.rejects(resolveApiUrl(), (e) => isBlocksError(e, ClientErrors.ApiUrlNotConfigured));
    writeJson('.blocks-sandbox/config.json', { apiUrl: 'http://localhost:3001/aws-blocks/api' });
    assert.equal(await resolveApiUrl(), 'http://localhost:3001/aws-blocks/api');
  });

  it('configureApiUrl wins over every source and takes amplify outputs', async () => {
    process.env.BLOCKS_API_URL = 'http://127.0.0.1:9/aws-blocks/api';
    configureApiUrl({ custom: { blocks_api_url: 'https://amp.example.com/aws-blocks/api' } });
    assert.equal(await resolveApiUrl(), 'https://amp.example.com/aws-blocks/api');
    assert.throws(
      () => configureApiUrl('undefined'),
      (e) => isBlocksError(e, ClientErrors.ApiUrlNotConfigured),
    );
  });
});

const DEPLOYED = 'https://amp.example.com/aws-blocks/api';

describe('a local sandbox overrides the Amplify outputs while developing', () => {
  it("in Node: the running sandbox's config file wins over configured outputs; a string URL does not yield", async () => {
    configureApiUrl({ custom: { blocks_api_url: DEPLOYED } });
    assert.equal(await resolveApiUrl(), DEPLOYED);
    resetApiUrl();
    writeJson('.blocks-sandbox/config.json', {
      apiUrl: 'http://localhost:3001/aws-blocks/api',
      environment: 'sandbox',
    });
    configureApiUrl({ custom: { blocks_api_url: DEPLOYED } });
    assert.equal(await resolveApiUrl(), 'http://localhost:3001/aws-blocks/api');
    resetApiUrl();
    configureApiUrl(DEPLOYED);
    assert.equal(await resolveApiUrl(), DEPLOYED);
  });

  describe('in a page', () => {
    let server: Server;
    let port: number;
    let answer: unknown;
    const page = (hostname: string) => {
      Object.assign(globalThis, {
        location: { origin: `http://${hostname}:5173`, protocol: 'http:', hostname, port: '5173' },
      });
    };
    beforeEach(async () => {
      answer = { apiUrl: 'http://localhost:0/aws-blocks/api', environment: 'sandbox' };
      server = createServer((request, response) => {
        const ok = request.url === '/.blocks-sandbox/config.json' && request.method === 'GET';
        response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
        response.end(ok ? JSON.stringify(answer) : '{"error":"Not Found"}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      answer = { apiUrl: `http://localhost:${port}/aws-blocks/api`, environment: 'sandbox' };
    });
    afterEach(async () => {
      delete (globalThis as { location?: unknown }).location;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("on a loopback host, asks the sandbox's config route on the same host", async () => {
      page('127.0.0.1');
      assert.deepEqual(await localSandboxUrl(port), {
        url: `http://127.0.0.1:${port}/aws-blocks/api`,
        source: 'config.json fetch',
      });
    });

    it('takes nothing that is not a sandbox, and asks nothing from a deployed page', async () => {
      page('127.0.0.1');
      answer = { apiUrl: `http://localhost:${port}/aws-blocks/api`, environment: 'production' };
      assert.equal(await localSandboxUrl(port), undefined);
      answer = { apiUrl: '/aws-blocks/api', environment: 'sandbox' };
      assert.equal(await localSandboxUrl(port), undefined);
      assert.equal(await localSandboxUrl(1), undefined, 'nothing listening');
      answer = { apiUrl: `http://localhost:${port}/aws-blocks/api`, environment: 'sandbox' };
      let asked = 0;
      server.on('request', () => {
        asked += 1;
      });
      page('app.example.com');
      assert.equal(await localSandboxUrl(port), undefined);
      assert.equal(asked, 0);
    });
  });
});
