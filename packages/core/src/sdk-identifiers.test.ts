import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  _resetSdkRegistry,
  getAllSdkIdentifiers,
  getSdkIdentifiers,
  registerSdkIdentifiers,
} from './sdk-identifiers.js';

afterEach(() => _resetSdkRegistry());

describe('SDK identifier registry', () => {
  it('gives a block its identifiers by fullId, and {} for an unknown block', () => {
    registerSdkIdentifiers('app-users', { tableName: 'app-users' });
    assert.deepEqual(getSdkIdentifiers({ fullId: 'app-users' }), { tableName: 'app-users' });
    assert.deepEqual(getSdkIdentifiers({ fullId: 'app-other' }), {});
  });

  it('merges later registrations of the same fullId, later keys winning', () => {
    registerSdkIdentifiers('app-auth', { userPoolId: 'a', clientId: '1' });
    registerSdkIdentifiers('app-auth', { clientId: '2' });
    assert.deepEqual(getSdkIdentifiers({ fullId: 'app-auth' }), { userPoolId: 'a', clientId: '2' });
  });

  it('lists every entry as a snapshot, and the test hook empties it', () => {
    registerSdkIdentifiers('a', { x: '1' });
    registerSdkIdentifiers('b', { y: '2' });
    const all = getAllSdkIdentifiers();
    registerSdkIdentifiers('c', { z: '3' });
    assert.deepEqual([...all.keys()], ['a', 'b']);
    _resetSdkRegistry();
    assert.equal(getAllSdkIdentifiers().size, 0);
  });
});
