/**
 * @module probe-backend — a small backend for the Lambda adapter tests: an RPC namespace that echoes,
 * reads a header, reports the client address, and fails unexpectedly; a RawRoute that sets two cookies.
 */
import { ApiNamespace, RawRoute, Scope } from '@blockyard/core';

const scope = new Scope('probe-app');

export const probe = new ApiNamespace(scope, 'probe', (context) => ({
  async echo(value: unknown) {
    return { value, cookie: context.request.headers.get('cookie'), url: context.request.url.href };
  },
  async header(name: string) {
    return context.request.headers.get(name);
  },
  async whoAmI() {
    return context.request.clientAddress;
  },
  async fail(): Promise<never> {
    throw new Error('database password is hunter2');
  },
}));

export const twoCookies = new RawRoute(scope, 'two-cookies', {
  method: 'GET',
  handler: (context) => {
    context.response.headers.append('Set-Cookie', 'a=1; Path=/; HttpOnly');
    context.response.headers.append('Set-Cookie', 'b=2; Path=/; HttpOnly');
    context.response.send({ ok: true });
  },
});
