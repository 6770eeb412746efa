// Child process of the SQLite durability test: writes items one after another and prints each key
// after its write was acknowledged, until it is killed.
import { Scope } from '@blockyard/core';
import { KVStore } from '../kv-store.js';
import { openEngine } from '../open-engine.js';

const url = process.argv[2];
if (!url) throw new Error('usage: durability-writer <sqlite URL>');
const engine = await openEngine(url);
const store = new KVStore<{ i: number; pad: string }>(new Scope('durability', { parent: {} }), 'items', {
  engine,
});
const pad = 'p'.repeat(200);
for (let i = 0; ; i++) {
  const key = `item:${i}`;
  await store.put(key, { i, pad });
  const count = await store.increment('count');
  process.stdout.write(`${key} ${count}\n`);
}
