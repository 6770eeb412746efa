import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as client from '@blockyard/client';
import * as viaCore from './client.js';

// Apps written for AWS Blocks import the client runtime as `@aws-blocks/core/client` too.
it('@blockyard/core/client is this package, export for export', () => {
  assert.deepEqual(Object.keys(viaCore).sort(), Object.keys(client).sort());
  assert.equal(viaCore.ApiNamespaceClient, client.ApiNamespaceClient);
  assert.equal(viaCore.ApiError, client.ApiError);
});
