import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_NAMESPACE_MARKER, ApiNamespace, apiNamespaceName, isApiNamespace } from './api-namespace.js';
import type { BlocksContext } from './context.js';
import { Scope } from './scope.js';

describe('ApiNamespace (R-201)', () => {
  const scope = new Scope('ns-app');

  it('returns the handler itself, marked with Symbol.for("blocks:ApiNamespace") = name', () => {
    const handler = (_context: BlocksContext) => ({ greet: (name: string) => `hi ${name}` });
    const api = new ApiNamespace(scope, 'api', handler);
    assert.equal(api as unknown, handler);
    assert.equal((handler as unknown as Record<symbol, unknown>)[Symbol.for('blocks:ApiNamespace')], 'api');
    assert.equal(API_NAMESPACE_MARKER, Symbol.for('blocks:ApiNamespace'));
    assert.equal(isApiNamespace(api), true);
    assert.equal(apiNamespaceName(api), 'api');
    assert.equal(api instanceof ApiNamespace, true);
    assert.equal((() => ({})) instanceof ApiNamespace, false);
  });

  it('recognises only marked functions', () => {
    assert.equal(
      isApiNamespace(() => ({})),
      false,
    );
    assert.equal(isApiNamespace({ [Symbol.for('blocks:ApiNamespace')]: 'x' }), false);
    assert.equal(isApiNamespace(scope), false);
    assert.equal(apiNamespaceName({}), undefined);
  });

  it('recognises namespaces marked by another copy of the package', () => {
    const foreign = Object.assign(() => ({}), { [Symbol.for('blocks:ApiNamespace')]: 'other' });
    assert.equal(isApiNamespace(foreign), true);
  });

  it('validates its arguments', () => {
    assert.throws(() => new ApiNamespace(scope, 'api', null as never), TypeError);
    assert.throws(() => new ApiNamespace(scope, 1 as never, () => ({})), TypeError);
  });

  it('types methods as returning promises', async () => {
    const api = new ApiNamespace(scope, 'api', () => ({ n: () => 1, s: async () => 'x' }));
    const typed: { n: () => Promise<number>; s: () => Promise<string> } = api;
    assert.equal(typeof typed, 'function');
  });
});
