import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as client from '@blockyard/client';
import * as core from './index.js';

describe('the error model of the client', () => {
  it('is the one of @blockyard/client, not a copy', () => {
    assert.equal(client.ApiError, core.ApiError);
    assert.equal(client.isBlocksError, core.isBlocksError);
    assert.equal(client.hasAuthError, core.hasAuthError);
  });

  it('matches errors the server runtime throws', () => {
    const thrown = new core.ApiError('nope', 401, { name: 'NotAuthorizedException', retriable: true });
    assert.ok(thrown instanceof client.ApiError);
    assert.ok(client.isBlocksError(thrown, 'NotAuthorizedException'));
    assert.equal(new client.ApiError('x', 500).name, client.DEFAULT_API_ERROR_NAME);
  });
});

describe('@blockyard/core/errors', () => {
  it('is the same module the root entry exports from', async () => {
    const entry = await import('@blockyard/core/errors');
    const root = await import('@blockyard/core');
    assert.equal(entry.ApiError, root.ApiError);
    assert.equal(entry.isBlocksError, root.isBlocksError);
    assert.equal(entry.hasAuthError, root.hasAuthError);
  });
});
