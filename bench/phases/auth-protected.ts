/**
 * @module bench/phases/auth-protected — the protected call (`api.getProfile` with a valid session
 * cookie) through the sandbox on SQLite, against the bare node:http server, rounds alternating. The
 * budget is stated for one session; the same call spread over {@link SPREAD_SESSIONS} users (each
 * connection cycling through their cookies) is reported next to it, so a cache that only helped one
 * hot key would show.
 */
import { type LoadOptions, type LoadResult, runLoad } from '../lib/load.js';
import type { BenchPhase } from '../lib/phase.js';
import { cpuMillisOf } from '../lib/process-tree.js';
import { startBareServer } from '../lib/servers.js';
import { mean, median } from '../lib/stats.js';
import { AUTH_CALLS, BENCH_USER, startAuthBench } from './auth-app.js';

/** How many users the spread target's requests cycle through. */
const SPREAD_SESSIONS = 20;

/** Protected-call throughput ratio (budget: sandbox ≥ 0.5 × bare node:http). */
export const authProtected: BenchPhase = {
  name: 'auth-protected',
  description: 'api.getProfile with a valid cookie (sandbox, SQLite) vs bare node:http, requests/s',
  async run(context) {
    const bare = await startBareServer();
    const auth = await startAuthBench().catch(async (error: unknown) => {
      await bare.stop();
      throw error;
    });
    try {
      const cookies = await auth.moreSessions(Math.max(SPREAD_SESSIONS, context.connections));
      const spread = cookies.slice(0, SPREAD_SESSIONS);
      const targets: {
        label: string;
        pid: number;
        load: Omit<LoadOptions, 'seconds'>;
        results: LoadResult[];
        cpuPerRequest: number[];
      }[] = [
        {
          label: 'bare node:http',
          pid: bare.pid,
          cpuPerRequest: [],
          // The same request bytes as the protected call (body, cookie), as an outside comparison sends.
          load: {
            url: `${bare.url}/`,
            body: AUTH_CALLS.getProfile,
            headers: { 'content-type': 'application/json', cookie: auth.cookie },
          },
          results: [],
        },
        {
          label: 'sandbox api.getProfile',
          pid: auth.server.pid,
          cpuPerRequest: [],
          load: {
            url: auth.apiUrl,
            body: AUTH_CALLS.getProfile,
            headers: { 'content-type': 'application/json', cookie: auth.cookie },
          },
          results: [],
        },
        {
          label: `sandbox api.getProfile, ${SPREAD_SESSIONS} users`,
          pid: auth.server.pid,
          cpuPerRequest: [],
          load: {
            url: auth.apiUrl,
            body: AUTH_CALLS.getProfile,
            headers: { 'content-type': 'application/json' },
            cookies: spread,
          },
          results: [],
        },
        {
          label: `sandbox api.getProfile, one user per connection`,
          pid: auth.server.pid,
          cpuPerRequest: [],
          load: {
            url: auth.apiUrl,
            body: AUTH_CALLS.getProfile,
            headers: { 'content-type': 'application/json' },
            cookies: cookies.slice(0, context.connections),
            sessionPerConnection: true,
          },
          results: [],
        },
      ];
      for (const target of targets)
        await runLoad({ ...target.load, seconds: 1, connections: context.connections });
      for (let i = 0; i < context.rounds; i++) {
        for (const target of targets) {
          const cpuBefore = cpuMillisOf(target.pid);
          const result = await runLoad({
            ...target.load,
            seconds: context.roundSeconds,
            connections: context.connections,
          });
          if (result.failures > 0) throw new Error(`${target.label}: ${result.failures} failed requests`);
          const cpuPerRequest = ((cpuMillisOf(target.pid) - cpuBefore) * 1000) / result.ok;
          target.results.push(result);
          target.cpuPerRequest.push(cpuPerRequest);
          context.log(
            `  round ${i + 1} ${target.label}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, server CPU ${cpuPerRequest.toFixed(1)} µs/request`,
          );
        }
      }
      // A refused session answers HTTP 200 with a JSON-RPC error, so check every session still works.
      const sessions = [
        { cookie: auth.cookie, username: BENCH_USER.username },
        ...cookies.map((cookie, i) => ({ cookie, username: `${BENCH_USER.username}-${i}` })),
      ];
      for (const { cookie, username } of sessions) {
        const check = await fetch(auth.apiUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: AUTH_CALLS.getProfile,
        });
        const profile = (await check.json()) as { result?: { username?: string } };
        if (profile.result?.username !== username) {
          throw new Error(
            `the session of ${username} stopped working under load: ${JSON.stringify(profile)}`,
          );
        }
      }
      const [bareTarget, sandboxTarget, spreadTarget, perConnectionTarget] = targets as [
        (typeof targets)[number],
        (typeof targets)[number],
        (typeof targets)[number],
        (typeof targets)[number],
      ];
      const rps = (target: typeof bareTarget) => mean(target.results.map((r) => r.requestsPerSecond));
      const cpu = (target: typeof bareTarget) => median(target.cpuPerRequest);
      for (const target of targets) {
        context.record({ metric: `${target.label} requests/s`, value: rps(target), unit: 'req/s' });
        context.record({
          metric: `${target.label} p99`,
          value: median(target.results.map((r) => r.p99)),
          unit: 'ms',
        });
        context.record({ metric: `${target.label} server CPU per request`, value: cpu(target), unit: 'µs' });
      }
      context.record({
        metric: 'ratio protected call / bare',
        value: rps(sandboxTarget) / rps(bareTarget),
        unit: '×',
        budget: { op: '>=', limit: 0.5 },
        note: `${context.connections} connections, ${context.rounds} rounds of ${context.roundSeconds} s each`,
      });
      context.record({
        metric: `ratio protected call / bare, ${SPREAD_SESSIONS} users`,
        value: rps(spreadTarget) / rps(bareTarget),
        unit: '×',
        note: `each connection cycles through ${SPREAD_SESSIONS} users' cookies`,
      });
      context.record({
        metric: 'ratio protected call / bare, one user per connection',
        value: rps(perConnectionTarget) / rps(bareTarget),
        unit: '×',
        budget: { op: '>=', limit: 0.7 },
        note: 'each connection keeps its own session, as separate browsers do (ARCHITECTURE §6)',
      });
      context.record({
        metric: 'CPU ratio bare / protected call, one user per connection',
        value: cpu(bareTarget) / cpu(perConnectionTarget),
        unit: '×',
        budget: { op: '>=', limit: 0.7 },
        note: 'server CPU per request (user + system, /proc), bare over the protected call: the requests/s ratio a load generator with CPU to spare would see, as a single-threaded server is bound by its CPU per request',
      });
    } finally {
      await Promise.all([bare.stop(), auth.stop()]);
    }
  },
};
