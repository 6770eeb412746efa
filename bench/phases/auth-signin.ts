/**
 * @module bench/phases/auth-signin — sign-in with the right password through the sandbox, against the
 * machine's raw argon2id verify rate with the block's own parameters and the server's parallelism
 * (the libuv thread pool size), measured in alternating rounds.
 */
import type { LoadResult } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { mean } from '../lib/stats.js';
import {
  type Argon2Rate,
  AUTH_CALLS,
  measureArgon2VerifyRate,
  runSignInLoad,
  signUpLoadUsers,
  startAuthBench,
} from './auth-app.js';

/** Connections of the sign-in load: enough to keep every hashing thread busy. */
const SIGN_IN_CONNECTIONS = 8;

/** argon2 work the server can run at once: its libuv thread pool. */
export function serverHashingParallelism(): number {
  const size = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? size : 4;
}

/** Sign-in rate ratio (budget: ≥ 0.8 × raw argon2id verifies/s). */
export const authSignIn: BenchPhase = {
  name: 'auth-signin',
  description:
    'sign-ins/s with the right password vs raw argon2id verifies/s (same parameters, same parallelism)',
  async run(context) {
    const auth = await startAuthBench();
    try {
      const concurrency = serverHashingParallelism();
      const users = await signUpLoadUsers(auth.apiUrl, SIGN_IN_CONNECTIONS);
      await runSignInLoad(auth.apiUrl, users, 1);
      const signIns: LoadResult[] = [];
      const raw: Argon2Rate[] = [];
      for (let i = 0; i < context.rounds; i++) {
        const rate = await measureArgon2VerifyRate(auth.argon2Params, context.roundSeconds, concurrency);
        raw.push(rate);
        const result = await runSignInLoad(auth.apiUrl, users, context.roundSeconds);
        if (result.failures > 0) throw new Error(`sign-in: ${result.failures} failed requests`);
        signIns.push(result);
        context.log(
          `  round ${i + 1}: raw argon2id ${rate.perSecond.toFixed(1)} verifies/s (${rate.concurrency} in flight), sign-in ${result.requestsPerSecond.toFixed(1)} req/s, p99 ${result.p99} ms`,
        );
      }
      const check = await fetch(auth.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: AUTH_CALLS.signIn,
      });
      const state = (await check.json()) as { result?: { state?: string } };
      if (state.result?.state !== 'signedIn')
        throw new Error(`sign-in does not succeed: ${JSON.stringify(state)}`);
      const signInRate = mean(signIns.map((r) => r.requestsPerSecond));
      const rawRate = mean(raw.map((r) => r.perSecond));
      context.record({ metric: 'sign-in requests/s', value: signInRate, unit: 'req/s' });
      context.record({
        metric: 'raw argon2id verifies/s',
        value: rawRate,
        unit: '/s',
        note: `argon2id ${auth.argon2Params}, ${concurrency} verifies in flight (the server's libuv pool size)`,
      });
      context.record({
        metric: 'ratio sign-in / raw argon2id',
        value: signInRate / rawRate,
        unit: '×',
        budget: { op: '>=', limit: 0.8 },
        note: `${SIGN_IN_CONNECTIONS} connections (one user each), ${context.rounds} rounds of ${context.roundSeconds} s each`,
      });
    } finally {
      await auth.stop();
    }
  },
};
