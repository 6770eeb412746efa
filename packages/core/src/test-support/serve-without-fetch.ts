// Run by lazy-fetch.test.ts in a fresh process: records any use of the Fetch globals, then starts a
// Node listener whose method reads its cookie through requestHeader, answers one call and prints
// what was touched as JSON.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const touched: string[] = [];
for (const name of ['Headers', 'Request', 'Response', 'fetch'] as const) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  if (!descriptor) continue;
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: descriptor.enumerable,
    get() {
      touched.push(name);
      return descriptor.get ? descriptor.get.call(globalThis) : descriptor.value;
    },
  });
}

const { ApiNamespace, Scope, createBlocksHandler, createNodeListener } = await import('../index.js');
const { requestHeader } = await import('../block.js');

const scope = new Scope('lazy-fetch');
const api = new ApiNamespace(scope, 'api', (context) => ({
  async whoami() {
    return { cookie: requestHeader(context.request, 'cookie') };
  },
}));
const server = http.createServer(createNodeListener(createBlocksHandler({ api }, { mode: 'production' })));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const body = await new Promise<string>((resolve, reject) => {
  const request = http.request(
    { port, host: '127.0.0.1', method: 'POST', path: '/aws-blocks/api' },
    (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve(text));
    },
  );
  request.on('error', reject);
  request.setHeader('content-type', 'application/json');
  request.setHeader('cookie', 'session=abc');
  request.end('{"jsonrpc":"2.0","method":"api.whoami","params":[],"id":1}');
});
server.close();
process.stdout.write(JSON.stringify({ body: JSON.parse(body), touched }));
