// PostgreSQL going away under load, with two production servers (`blockyard start`) on it: stopped
// for 10 s, and every connection terminated mid-transaction. No process exits; requests during the
// outage answer at once with a retriable 503 EngineUnavailableException and Retry-After (setAuthState
// keeps its state shape, D-17); the servers log one line when the outage starts and one when it ends,
// naming no host, port or database; the pool recovers within 2 s; every acknowledged sign-up is
// durable and every sign-up answered with an error leaves no account behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from '../auth/apps.js';
import { type AuthFixture, startAuthApp } from '../auth/fixture.js';
import { expectSignedIn } from '../auth/states.js';
import { Browser, pollFor, type RunningServer, randomId } from '../auth/support.js';
import {
  type Answer,
  assertUnavailableAnswer,
  type OwnPostgres,
  postgresSkip,
  runLoad,
  startOwnPostgres,
  timed,
} from './support.js';

/** Longest a request may take during the outage: it fails fast, it does not hang. */
const PROMPT_MS = 3000;
const OUTAGE_LINE = /is unavailable: .*answered 503/;
const RECOVERY_LINE = /available again after/;

describe('PostgreSQL going away under load', { skip: postgresSkip }, () => {
  let db: OwnPostgres;
  let app: AuthFixture;
  let second: RunningServer;
  let servers: RunningServer[];

  before(async () => {
    db = startOwnPostgres();
    const engine = {
      name: 'postgres' as const,
      skip: false as const,
      env: (dataDir: string) => ({ BLOCKS_DATA_DIR: dataDir, BLOCKS_DATABASE_URL: db.url }),
    };
    app = await startAuthApp(engine, {}, { command: 'start', env: { BLOCKS_HEALTH_ROUTE: '1' } });
    second = await app.another('start');
    servers = [app.server, second];
  });
  after(async () => {
    await app?.close();
    db?.remove();
  });

  /** Signs users up and calls a protected method on both servers, alternately, 4 at a time. */
  function load(prefix: string, sessions: Browser[]) {
    return runLoad(4, (n) => {
      const server = servers[n % 2] as RunningServer;
      if (n % 3 === 2) {
        const b = sessions[n % 2] as Browser;
        return timed('protected', () => b.call('api.getProfile'));
      }
      const username = `${prefix}-${n}-${randomId(3)}`;
      const b = new Browser(server.apiUrl);
      return timed(
        'signUp',
        () => b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
    });
  }

  /** One signed-in client per server. */
  async function signedInClients(): Promise<Browser[]> {
    const clients: Browser[] = [];
    for (const server of servers) {
      const username = `warm-${randomId()}`;
      const b = new Browser(server.apiUrl);
      expectSignedIn(await b.setAuthState({ action: 'signUp', username, password: PASSWORD }), username);
      clients.push(b);
    }
    return clients;
  }

  /** Every acknowledged sign-up signs in; every refused one left no account (undone in the background). */
  async function checkAccounts(answers: Answer[]): Promise<void> {
    const signUps = answers.filter((a) => a.kind === 'signUp' && a.username);
    const acknowledged = signUps.filter((a) => a.ok);
    const refused = signUps.filter((a) => !a.ok);
    assert.ok(acknowledged.length > 0 && refused.length > 0, `${acknowledged.length} / ${refused.length}`);
    const keys = async () => {
      const reply = await new Browser(app.apiUrl).call('testApi.userKeys', '');
      return new Set((reply.body as { result: string[] }).result);
    };
    const present = await keys();
    for (const a of acknowledged) assert.ok(present.has(a.username as string), `${a.username} is durable`);
    const leftovers = await pollFor(
      async () => {
        const now = await keys();
        const left = refused.filter((a) => now.has(a.username as string));
        return left.length === 0 ? [] : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    assert.deepEqual(leftovers, [], 'no account is left by a sign-up that answered an error');
  }

  function checkLogs(expectedOutages: number): void {
    for (const server of servers) {
      const output = `${server.stdout()}\n${server.stderr()}`;
      const outages = output.split('\n').filter((line) => OUTAGE_LINE.test(line));
      const recoveries = output.split('\n').filter((line) => RECOVERY_LINE.test(line));
      assert.equal(outages.length, expectedOutages, `one line per outage start:\n${output.slice(-3000)}`);
      assert.equal(recoveries.length, expectedOutages, 'one line per outage end');
      for (const secret of [`:${db.port}`, db.port, db.database, '127.0.0.1:'.concat(db.port)]) {
        assert.ok(!output.includes(secret), `no output names the database's ${secret}`);
      }
      assert.match(output, /signUpFailed/, 'failed sign-ups are logged');
      assert.equal(server.proc.exitCode, null, 'the server is still running');
      assert.equal(server.proc.signalCode, null);
    }
  }

  it('is stopped for 10 s: prompt 503s with Retry-After, one log line each way, recovery within 2 s, nothing lost', async () => {
    const run = load('stop', await signedInClients());
    await pollFor(async () => (run.answers.filter((a) => a.ok).length >= 20 ? true : undefined));
    const before = run.answers.length;
    db.stop();
    const stoppedAt = performance.now();
    const health = await fetch(`${app.server.url}/aws-blocks/health`);
    assert.equal(health.status, 503);
    assert.ok(health.headers.get('retry-after'));
    assert.deepEqual(await health.json(), { status: 'unavailable', engine: 'unreachable' });
    // Bounded: 10 s of outage under load.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, 10_000 - (performance.now() - stoppedAt))),
    );
    const during = run.answers.slice(before);
    db.resume();
    const resumedAt = performance.now();
    const firstOk = await pollFor(
      async () => {
        const index = run.answers.findIndex((a, i) => i >= before + during.length && a.ok);
        return index === -1 ? undefined : performance.now();
      },
      { timeoutMs: 5000, intervalMs: 20 },
    );
    const answers = await run.stop();
    assert.ok(firstOk !== undefined, 'service comes back');
    assert.ok(
      firstOk - resumedAt <= 2000,
      `recovered ${Math.round(firstOk - resumedAt)} ms after the restart`,
    );

    const refusedDuring = during.filter((a) => !a.ok);
    assert.ok(
      refusedDuring.length >= 20,
      `requests kept being answered during the outage (${refusedDuring.length})`,
    );
    for (const answer of refusedDuring) {
      assertUnavailableAnswer(answer);
      assert.ok(answer.ms < PROMPT_MS, `answered in ${Math.round(answer.ms)} ms`);
    }
    assert.ok(
      refusedDuring.some((a) => a.kind === 'signUp') && refusedDuring.some((a) => a.kind === 'protected'),
      'both sign-ups (a state, D-17) and protected calls (an RPC error) were refused',
    );
    assert.deepEqual(
      answers.filter((a) => a.failed !== undefined),
      [],
      'no request failed without an answer',
    );
    const healthy = await fetch(`${app.server.url}/aws-blocks/health`);
    assert.equal(healthy.status, 200);
    await checkAccounts(answers);
    checkLogs(1);
  });

  it('has every connection terminated mid-transaction: the same, and nothing lost', async () => {
    const run = load('term', await signedInClients());
    await pollFor(async () => (run.answers.filter((a) => a.ok).length >= 20 ? true : undefined));
    let terminated = 0;
    // Several rounds, so that statements in flight (sign-ups mid-write) are cut.
    for (let round = 0; round < 5; round++) {
      terminated += await db.terminateAll();
      await pollFor(async () => (run.answers.filter((a) => a.ok).length > 0 ? true : undefined));
    }
    const answers = await run.stop();
    assert.ok(terminated >= 5, `terminated ${terminated} connections`);
    for (const answer of answers.filter((a) => !a.ok)) {
      assertUnavailableAnswer(answer);
      assert.ok(answer.ms < PROMPT_MS);
    }
    const after = performance.now();
    const b = new Browser(app.apiUrl);
    const username = `after-${randomId()}`;
    expectSignedIn(await b.setAuthState({ action: 'signUp', username, password: PASSWORD }), username);
    assert.ok(performance.now() - after < 2000, 'the pool serves again at once');
    if (answers.some((a) => a.kind === 'signUp' && !a.ok)) await checkAccounts(answers);
    for (const server of servers) assert.equal(server.proc.exitCode, null);
  });
});
