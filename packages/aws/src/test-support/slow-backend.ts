/**
 * @module slow-backend — a backend whose RPC method and RawRoute wait until the test lets them go, for
 * the deadline tests: each records whether its request's AbortSignal fired and why.
 */
import { ApiNamespace, RawRoute, Scope } from '@blockyard/core';

const scope = new Scope('slow-app');

/** What the waiting handlers saw. */
export const seen: { aborted: boolean; reason: unknown } = { aborted: false, reason: undefined };

let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});

let entered: () => void = () => {};
/** Resolves once a handler is waiting at the gate. */
export const waiting = new Promise<void>((resolve) => {
  entered = resolve;
});

/** Lets every waiting handler finish. */
export function letGo(): void {
  release();
}

function watch(signal: AbortSignal | undefined): void {
  const note = () => {
    seen.aborted = true;
    seen.reason = signal?.reason;
  };
  if (signal?.aborted) note();
  else signal?.addEventListener('abort', note);
}

export const slow = new ApiNamespace(scope, 'slow', (context) => ({
  async wait() {
    watch(context.request.signal);
    entered();
    await gate;
    return 'done';
  },
}));

export const slowRoute = new RawRoute(scope, 'slow-route', {
  method: 'GET',
  handler: async (context) => {
    watch(context.request.signal);
    entered();
    await gate;
    context.response.send({ ok: true });
  },
});
