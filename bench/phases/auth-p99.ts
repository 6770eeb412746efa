/**
 * @module bench/phases/auth-p99 — latency of protected calls at rest and while sign-ins run flat out:
 * two autocannon instances at once, one driving `api.getProfile` at a fixed moderate rate (so its
 * latency is service time, not self-inflicted queueing), the other driving sign-ins as fast as the
 * server takes them. Latencies are taken from every response (sub-millisecond resolution).
 */
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import type { BenchPhase } from '../lib/phase.js';
import { median } from '../lib/stats.js';
import {
  AUTH_CALLS,
  type AuthBench,
  percentile,
  runSignInLoad,
  signUpLoadUsers,
  startAuthBench,
} from './auth-app.js';

/** Protected calls per second, spread over {@link PROTECTED_CONNECTIONS} connections. */
const PROTECTED_RATE = 200;
const PROTECTED_CONNECTIONS = 4;
const SIGN_IN_CONNECTIONS = 8;

interface LatencyRun {
  p50: number;
  p99: number;
  count: number;
  failures: number;
}

type Instance = Promise<AutocannonResult> & {
  stop(): void;
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};

async function protectedCalls(auth: AuthBench, seconds: number): Promise<LatencyRun> {
  const latencies: number[] = [];
  let failures = 0;
  const instance = autocannon({
    url: auth.apiUrl,
    method: 'POST',
    body: AUTH_CALLS.getProfile,
    headers: { 'content-type': 'application/json', cookie: auth.cookie },
    connections: PROTECTED_CONNECTIONS,
    overallRate: PROTECTED_RATE,
    duration: seconds,
    timeout: 10,
  } as AutocannonOptions) as Instance;
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
    else failures++;
  });
  const result = await instance;
  failures += result.errors + result.timeouts;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: latencies.length,
    failures,
  };
}

/** Protected-call p99 under sign-in load vs at rest (budget ≤ 2×). */
export const authP99: BenchPhase = {
  name: 'auth-p99',
  description: 'p99 of protected calls while sign-ins run flat out vs at rest',
  async run(context) {
    const auth = await startAuthBench();
    try {
      const users = await signUpLoadUsers(auth.apiUrl, SIGN_IN_CONNECTIONS);
      await protectedCalls(auth, 1);
      await runSignInLoad(auth.apiUrl, users, 1);
      const rest: LatencyRun[] = [];
      const loaded: LatencyRun[] = [];
      let signInRate = 0;
      for (let i = 0; i < context.rounds; i++) {
        const atRest = await protectedCalls(auth, context.roundSeconds);
        rest.push(atRest);
        // Sign-ins start first and end last, so the protected run is under load all the way.
        const signIns = runSignInLoad(auth.apiUrl, users, context.roundSeconds + 2);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const underLoad = await protectedCalls(auth, context.roundSeconds);
        const signInResult = await signIns;
        loaded.push(underLoad);
        signInRate += signInResult.requestsPerSecond / context.rounds;
        for (const run of [atRest, underLoad]) {
          if (run.failures > 0) throw new Error(`${run.failures} failed protected calls`);
        }
        if (signInResult.failures > 0) throw new Error(`${signInResult.failures} failed sign-ins`);
        context.log(
          `  round ${i + 1}: at rest p50 ${atRest.p50.toFixed(2)} ms p99 ${atRest.p99.toFixed(2)} ms; ` +
            `under ${signInResult.requestsPerSecond.toFixed(1)} sign-ins/s p50 ${underLoad.p50.toFixed(2)} ms p99 ${underLoad.p99.toFixed(2)} ms`,
        );
      }
      const restP99 = median(rest.map((r) => r.p99));
      const loadedP99 = median(loaded.map((r) => r.p99));
      context.record({ metric: 'protected p99 at rest', value: restP99, unit: 'ms' });
      context.record({
        metric: 'protected p99 under sign-ins',
        value: loadedP99,
        unit: 'ms',
        note: `sign-ins ran at ${signInRate.toFixed(1)}/s (${SIGN_IN_CONNECTIONS} connections)`,
      });
      context.record({
        metric: 'ratio p99 loaded / rest',
        value: loadedP99 / restP99,
        unit: '×',
        budget: { op: '<=', limit: 2 },
        note: `protected calls at ${PROTECTED_RATE}/s over ${PROTECTED_CONNECTIONS} connections, ${context.rounds} rounds of ${context.roundSeconds} s`,
      });
    } finally {
      await auth.stop();
    }
  },
};
