/**
 * @module bench/phases/auth-argon2-rate — the machine's raw argon2id verify rate, the yardstick of the
 * sign-in budget. Run in its own process so it measures nothing but argon2:
 *
 *   node --import tsx bench/phases/auth-argon2-rate.ts <phc-params> <seconds> <concurrency>
 *
 * `<phc-params>` is the parameter part of a stored hash (`m=19456,t=2,p=1`). It hashes one password with
 * those parameters, then keeps `<concurrency>` verifies in flight (`Promise.all` over that many loops,
 * on the libuv thread pool exactly as the server runs them) for `<seconds>`, and prints one JSON line:
 * `{ "verifies": n, "seconds": s, "perSecond": r, "concurrency": c, "params": "…" }`.
 */
import argon2 from 'argon2';

const [paramText = 'm=19456,t=2,p=1', secondsText = '5', concurrencyText = '4'] = process.argv.slice(2);
const params = new Map(paramText.split(',').map((pair) => pair.split('=') as [string, string]));
const options = {
  type: argon2.argon2id,
  memoryCost: Number(params.get('m')),
  timeCost: Number(params.get('t')),
  parallelism: Number(params.get('p')),
} as const;
const seconds = Number(secondsText);
const concurrency = Number(concurrencyText);

const password = 'correct-horse-42';
const hash = await argon2.hash(password, options);
await argon2.verify(hash, password);

let verifies = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      if (!(await argon2.verify(hash, password))) throw new Error('argon2 verify failed');
      verifies++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ verifies, seconds: elapsed, perSecond: verifies / elapsed, concurrency, params: paramText })}\n`,
);
