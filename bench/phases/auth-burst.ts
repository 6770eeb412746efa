/**
 * @module bench/phases/auth-burst — a legitimate sign-in while 200 wrong sign-ins for another user
 * arrive at once, vs the same sign-in at rest (issue budget: ≤ 2 ×). Every password check reserves its
 * attempt before hashing (D-14), so of the burst only `lockout.maxFailures` reach argon2 and the rest
 * are refused at once. The attacker and the user come from different addresses (`X-Forwarded-For`
 * through `BLOCKS_TRUST_PROXY=1`), as they would in the wild; everything stays on loopback.
 */
import { performance } from 'node:perf_hooks';
import { rpcBody } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { median } from '../lib/stats.js';
import { AUTH_CALLS, startAuthBench } from './auth-app.js';

const BURST = 200;
const USER_ADDRESS = '198.51.100.10';

async function signIn(
  apiUrl: string,
  body: string,
  address: string,
): Promise<{ ms: number; state: unknown }> {
  const start = performance.now();
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body,
  });
  const reply = (await response.json()) as { result?: { state?: string; errorName?: string } };
  return { ms: performance.now() - start, state: reply.result?.errorName ?? reply.result?.state };
}

async function timedSignIns(apiUrl: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const { ms, state } = await signIn(apiUrl, AUTH_CALLS.signIn, USER_ADDRESS);
    if (state !== 'signedIn') throw new Error(`the legitimate sign-in failed: ${String(state)}`);
    times.push(ms);
  }
  return times;
}

/** Legitimate sign-in time under a burst of wrong sign-ins for another user, vs at rest. */
export const authBurst: BenchPhase = {
  name: 'auth-burst',
  description: `a sign-in while ${BURST} wrong sign-ins for another user arrive at once, vs at rest`,
  async run(context) {
    const auth = await startAuthBench({ BLOCKS_TRUST_PROXY: '1' });
    try {
      const count = context.quick ? 5 : 15;
      await timedSignIns(auth.apiUrl, 2);
      const atRest = median(await timedSignIns(auth.apiUrl, count));
      const wrong = (i: number) =>
        rpcBody('authApi.setAuthState', [
          { action: 'signIn', username: 'victim', password: `wrong-pass-${i}` },
        ]);
      const burst = Promise.all(
        Array.from({ length: BURST }, (_, i) => signIn(auth.apiUrl, wrong(i), `203.0.113.${1 + (i % 200)}`)),
      );
      const underBurst = median(await timedSignIns(auth.apiUrl, count));
      const answers = await burst;
      const checked = answers.filter((a) => a.state === 'InvalidCredentialsException').length;
      context.log(
        `  at rest ${atRest.toFixed(1)} ms, under the burst ${underBurst.toFixed(1)} ms; ${checked} of ${BURST} wrong sign-ins reached a password check`,
      );
      context.record({
        metric: 'sign-in under a burst / at rest (medians)',
        value: underBurst / atRest,
        unit: '×',
        budget: { op: '<=', limit: 2 },
        note: `${count} sign-ins each; ${checked} of ${BURST} burst requests were checked, the rest refused (429) before hashing`,
      });
    } finally {
      await auth.stop();
    }
  },
};
