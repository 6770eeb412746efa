import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isBlocksError } from './api-error.js';
import { ClientErrors } from './errors.js';
import { configureApiUrl, isValidApiUrl, resetApiUrl, resolveApiUrl } from './resolve-url.js';

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
