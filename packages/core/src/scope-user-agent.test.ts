import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resetBlockRegistry, Scope, type ScopeParent } from './scope.js';
import { CORE_VERSION } from './version.js';

/** A block the way block packages write one: a Scope subclass carrying `bbName` and `bbVersion`. */
class Block extends Scope {
  constructor(parent: ScopeParent, id: string, bbName: string, bbVersion = '1.2.3') {
    super(id, { parent, bbName, bbVersion });
  }
  chain(): [string, string][] {
    return this.buildUserAgentChain();
  }
}

describe('Scope#buildUserAgentChain', () => {
  it('starts with aws-blocks and the core version', () => {
    assert.deepEqual(new Block(new Scope('app'), 'x', 'Custom').chain(), [['aws-blocks', CORE_VERSION]]);
  });

  it('lists official enclosing blocks outermost first, then the block itself', () => {
    const app = new Scope('app');
    const auth = new Block(app, 'auth', 'AuthBasic', '0.1.0');
    const inner = new Scope('inner', { parent: auth });
    const store = new Block(inner, 'users', 'KVStore', '0.2.0');
    assert.deepEqual(store.chain(), [
      ['aws-blocks', CORE_VERSION],
      ['bb', 'AuthBasic/0.1.0'],
      ['bb', 'KVStore/0.2.0'],
    ]);
  });

  it('never names a custom block, enclosing or itself', () => {
    const custom = new Block(new Scope('app'), 'mine', 'MySecretBlock');
    const store = new Block(custom, 'data', 'KVStore', '0.2.0');
    assert.deepEqual(store.chain(), [
      ['aws-blocks', CORE_VERSION],
      ['bb', 'KVStore/0.2.0'],
    ]);
    assert.deepEqual(new Block(store, 'x', 'MySecretBlock').chain(), [
      ['aws-blocks', CORE_VERSION],
      ['bb', 'KVStore/0.2.0'],
    ]);
  });

  it('carries bbName and bbVersion on the scope and counts the block', () => {
    resetBlockRegistry();
    const block = new Block(new Scope('app'), 'settings', 'AppSetting', '0.3.0');
    assert.equal(block.bbName, 'AppSetting');
    assert.equal(block.bbVersion, '0.3.0');
    new Block(new Scope('app'), 'c', 'Custom');
    assert.deepEqual(Scope.getRegisteredBlocks(), {
      blocks: [{ name: 'AppSetting', version: '0.3.0' }],
      totalCount: 2,
      customBlocksCount: 1,
    });
    resetBlockRegistry();
  });

  it('has no deprecated _resetRegistry on Scope (the hook is resetBlockRegistry of ./testing)', () => {
    assert.equal('_resetRegistry' in Scope, false);
  });
});

describe('CORE_VERSION', () => {
  it("is the package's version", () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(CORE_VERSION, manifest.version);
  });
});
