// A backend with a KVStore, for the test that data survives reloads; the test rewrites VERSION.
import { KVStore } from '@aws-blocks/bb-kv-store';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const VERSION = 'v1';

const scope = new Scope('cli-store');
const notes = new KVStore<string>(scope, 'notes');

export const api = new ApiNamespace(scope, 'api', () => ({
  async remember(text: string) {
    await notes.put('note', text);
    return VERSION;
  },
  async recall() {
    return { version: VERSION, note: await notes.get('note') };
  },
}));
