// temporary: in-process vs own-process load generator, bare vs sandbox, alternating
import autocannon from 'autocannon';
import { runLoad } from './lib/load.js';
import { startBareServer } from './lib/servers.js';
import { AUTH_CALLS, startAuthBench } from './phases/auth-app.js';

const bare = await startBareServer();
const auth = await startAuthBench();
const cookies = await auth.moreSessions(50);
const seconds = Number(process.env.SECS ?? 4);
async function inProcess(url: string, cookie: string, connections: number) {
  const r = await autocannon({
    url,
    method: 'POST',
    body: AUTH_CALLS.getProfile,
    headers: { 'content-type': 'application/json', cookie },
    connections,
    pipelining: 1,
    duration: seconds,
  });
  return r['2xx'] / r.duration;
}
try {
  for (const c of [10, 50]) {
    const rows: Record<string, number[]> = {};
    const add = (k: string, v: number) => {
      (rows[k] ??= []).push(v);
    };
    for (let round = 0; round < 2; round++) {
      add('in-process bare', await inProcess(`${bare.url}/`, auth.cookie, c));
      add('in-process sandbox 1 session', await inProcess(auth.apiUrl, auth.cookie, c));
      const base = {
        body: AUTH_CALLS.getProfile,
        headers: { 'content-type': 'application/json' },
        connections: c,
        seconds,
      };
      add(
        'own-process bare',
        (await runLoad({ ...base, url: `${bare.url}/`, headers: { ...base.headers, cookie: auth.cookie } }))
          .requestsPerSecond,
      );
      add(
        'own-process sandbox 1 session',
        (await runLoad({ ...base, url: auth.apiUrl, headers: { ...base.headers, cookie: auth.cookie } }))
          .requestsPerSecond,
      );
      add(
        'own-process sandbox session per conn',
        (
          await runLoad({
            ...base,
            url: auth.apiUrl,
            cookies: cookies.slice(0, c),
            sessionPerConnection: true,
          })
        ).requestsPerSecond,
      );
    }
    const m = (k: string) => (rows[k] ?? []).reduce((a, b) => a + b, 0) / (rows[k]?.length ?? 1);
    console.log(`c=${c}`);
    for (const k of Object.keys(rows)) console.log(`  ${k}: ${m(k).toFixed(0)} req/s`);
    console.log(
      `  ratio in-process 1 session: ${(m('in-process sandbox 1 session') / m('in-process bare')).toFixed(2)}`,
    );
    console.log(
      `  ratio own-process 1 session: ${(m('own-process sandbox 1 session') / m('own-process bare')).toFixed(2)}`,
    );
    console.log(
      `  ratio own-process per-conn: ${(m('own-process sandbox session per conn') / m('own-process bare')).toFixed(2)}`,
    );
  }
} finally {
  await bare.stop();
  await auth.stop();
}
