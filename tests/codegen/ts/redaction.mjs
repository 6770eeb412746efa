// Run by plain node (no TypeScript loader) beside two generated TypeScript clients: how values with
// secrets print, what the request body carries, and that results come back as the redacting classes.
// Prints what console.log shows, then one "SEEN <json>" line of observations; the test asserts.
// Usage: node redaction.mjs <AuthBasic client dir> <reserved-keywords client dir> <API url>
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';

const [authDir, keywordsDir, url] = process.argv.slice(2);
const auth = await import(pathToFileURL(join(authDir, 'index.js')).href);
const keywords = await import(pathToFileURL(join(keywordsDir, 'index.js')).href);
const password = 'correct-horse-42';
const username = `node_user_${process.pid}`;
const seen = {};

const signIn = new auth.SetAuthStateInputSignIn({ username, password });
console.log(signIn);
seen.inspect = inspect(signIn);
seen.string = String(signIn);
seen.template = `${signIn}`;
seen.nested = inspect({ input: [signIn] });
seen.json = JSON.stringify(signIn) === JSON.stringify({ action: 'signIn', username, password });
seen.isPlain = signIn instanceof auth.SetAuthStateInputSignIn && Object.keys(signIn).join(',');

// Against the live sandbox: the request carries the real password, byte for byte as a literal would.
const bodies = [];
const blocks = new auth.Blocks({
  url,
  fetch: (target, init) => {
    bodies.push(init.body);
    return fetch(target, init);
  },
});
seen.signUp = (
  await blocks.authApi.setAuthState(new auth.SetAuthStateInputSignUp({ username, password }))
).state;
await blocks.authApi.setAuthState({ action: 'signOut' });
const state = await blocks.authApi.setAuthState(signIn);
seen.signIn = state.state;
seen.profile = (await blocks.api.getProfile()).username === username;
seen.wire =
  bodies[2] ===
  JSON.stringify({
    jsonrpc: '2.0',
    method: 'authApi.setAuthState',
    params: [{ action: 'signIn', username, password }],
    id: 3,
  });
seen.signUpWire = JSON.parse(bodies[0]).params[0].password === password;

// A result holding a secret (Switch.hashCode) is revived into its class; an error never shows params.
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    const { id, method } = JSON.parse(body);
    res.setHeader('content-type', 'application/json');
    if (method === 'class.default') {
      res.end(
        JSON.stringify({ jsonrpc: '2.0', id, result: { class: 'c', default: true, hashCode: 'h4sh-value' } }),
      );
    } else {
      res.statusCode = 500;
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id,
          error: { code: -32603, message: 'Internal error', data: { name: 'InternalError' } },
        }),
      );
    }
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const local = `http://127.0.0.1:${server.address().port}/aws-blocks/api`;
const result = await new keywords.Blocks({ url: local }).class_.default_('x');
seen.revived = result instanceof keywords.Switch;
seen.revivedInspect = inspect(result);
seen.revivedString = String(result);
seen.revivedJson = JSON.stringify(result).includes('h4sh-value');
try {
  await new auth.Blocks({ url: local }).authApi.setAuthState(signIn);
  seen.error = 'none';
} catch (error) {
  seen.error = `${error.errorName}/${inspect(error).includes(password) || String(error).includes(password)}`;
}
server.close();
console.log(`SEEN ${JSON.stringify(seen)}`);
