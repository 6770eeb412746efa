// Runs one autocannon load in a process of its own, as an outside load generator would: the bench
// process (which also starts and watches the servers) does not share its event loop with the
// requests. Options come as JSON in argv[2]; the summary goes to stdout as one JSON line.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const { sessions, perConnection, ...rest } = options;
let next = 0;
const result = await autocannon({
  ...rest,
  pipelining: 1,
  timeout: 10,
  ...(sessions && perConnection
    ? {
        // One session per connection, as many browsers would: connection i keeps cookie i.
        setupClient: (client) => {
          const cookie = sessions[next++ % sessions.length];
          client.setHeaders({ ...rest.headers, cookie });
        },
      }
    : {}),
  ...(sessions && !perConnection
    ? {
        requests: sessions.map((cookie) => ({
          method: rest.method,
          body: rest.body,
          headers: { ...rest.headers, cookie },
        })),
      }
    : {}),
});
process.stdout.write(
  `${JSON.stringify({
    ok: result['2xx'],
    duration: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  })}\n`,
);
