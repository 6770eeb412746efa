import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthState, AuthUser } from '../types.js';
import { cacheOf, hydrate, setState } from './auth-cache.js';
import { AUTH_CHANNEL, broadcastAuthChange, listenCrossTab } from './broadcast.js';
import { onAuthChange } from './on-auth-change.js';
import type { AuthUiApi } from './options.js';

const ada: AuthUser = { userId: 'u1', username: 'ada' };

/** An auth API whose `getAuthState` answers are released by the test. */
function controlledApi() {
  const pending: { resolve(state: AuthState): void; reject(error: Error): void }[] = [];
  let calls = 0;
  const api: AuthUiApi = {
    getAuthState() {
      calls += 1;
      return new Promise<AuthState>((resolve, reject) => pending.push({ resolve, reject }));
    },
    async setAuthState() {
      return { state: 'signedOut', actions: [] };
    },
  };
  return { api, pending, calls: () => calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('auth state cache (R-707)', () => {
  it('loads once for concurrent callers and retries after a failure', async () => {
    const { api, pending, calls } = controlledApi();
    const a = hydrate(api);
    const b = hydrate(api);
    assert.equal(calls(), 1);
    pending[0]!.reject(new Error('offline'));
    await assert.rejects(a);
    await assert.rejects(b);
    const c = hydrate(api);
    assert.equal(calls(), 2, 'a failed load is not kept');
    pending[1]!.resolve({ state: 'signedIn', user: ada, actions: [] });
    assert.equal((await c).user?.username, 'ada');
    assert.equal(cacheOf(api).state?.state, 'signedIn');
  });
});

describe('onAuthChange (R-709)', () => {
  it('calls back with null at once when cold, then with the loaded user', async () => {
    const { api, pending } = controlledApi();
    const seen: (string | null)[] = [];
    const stop = onAuthChange(api, (user) => seen.push(user?.username ?? null));
    assert.deepEqual(seen, [null]);
    pending[0]!.resolve({ state: 'signedIn', user: ada, actions: [] });
    await tick();
    assert.deepEqual(seen, [null, 'ada']);
    stop();
  });

  it('skips the first frame while a load runs, and calls once it ends', async () => {
    const { api, pending } = controlledApi();
    void hydrate(api);
    const seen: (string | null)[] = [];
    const stop = onAuthChange(api, (user) => seen.push(user?.username ?? null));
    assert.deepEqual(seen, []);
    pending[0]!.resolve({ state: 'signedOut', actions: [] });
    await tick();
    assert.deepEqual(seen, [null]);
    stop();
  });

  it('does not repeat an unchanged cached user, and keeps the first frame on a failed load', async () => {
    const { api, pending } = controlledApi();
    setState(api, { state: 'signedIn', user: { ...ada }, actions: [] });
    const seen: (string | null)[] = [];
    const stop = onAuthChange(api, (user) => seen.push(user?.username ?? null));
    await tick();
    assert.deepEqual(seen, ['ada']);
    stop();

    const other = controlledApi();
    const frames: (string | null)[] = [];
    const stopOther = onAuthChange(other.api, (user) => frames.push(user?.username ?? null));
    other.pending[0]!.reject(new Error('offline'));
    await tick();
    assert.deepEqual(frames, [null]);
    stopOther();
    assert.equal(pending.length, 0);
  });

  it('hears changes broadcast by another tab until unsubscribed', async () => {
    const { api } = controlledApi();
    setState(api, { state: 'signedOut', actions: [] });
    const seen: (string | null)[] = [];
    let heardAda: () => void = () => {};
    const heard = new Promise<void>((resolve) => {
      heardAda = resolve;
    });
    const stop = onAuthChange(api, (user) => {
      seen.push(user?.username ?? null);
      if (user) heardAda();
    });
    const otherTab = new BroadcastChannel(AUTH_CHANNEL);
    // Messages from one tab arrive in order: the foreign one, then the change.
    otherTab.postMessage({ type: 'something-else' });
    otherTab.postMessage({ type: 'auth-change', user: ada });
    await heard;
    assert.deepEqual(seen, [null, 'ada']);
    stop();
    // A listener still subscribed tells when the messages posted after stop() have arrived.
    const arrived = new Promise<void>((resolve) => {
      const stopWitness = listenCrossTab((message) => {
        if (message.user?.username !== 'grace') return;
        stopWitness();
        resolve();
      });
    });
    otherTab.postMessage({ type: 'auth-change', user: null });
    otherTab.postMessage({ type: 'auth-change', user: { userId: 'u2', username: 'grace' } });
    await arrived;
    assert.deepEqual(seen, [null, 'ada']);
    otherTab.close();
  });

  it('broadcastAuthChange reaches other tabs on the blocks-auth channel', async () => {
    const otherTab = new BroadcastChannel(AUTH_CHANNEL);
    const received = new Promise((resolve) => {
      otherTab.onmessage = (event) => resolve(event.data);
    });
    broadcastAuthChange(ada);
    assert.deepEqual(await received, { type: 'auth-change', user: ada });
    otherTab.close();
  });
});
