// Benchmark app: the smallest useful RPC method, measured against a bare node:http server.
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const scope = new Scope('greet-bench');

export const api = new ApiNamespace(scope, 'api', () => ({
  async greet(name: string) {
    return { message: `Hello, ${name}!` };
  },
}));
