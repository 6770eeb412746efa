/**
 * @module bench/phases/email-smtp-sink — the SMTP server of the `email-batch` phase, run in its own
 * process so the measured process holds only the sender: smtp-server on 127.0.0.1 with STARTTLS
 * (a certificate made at start) and AUTH, accepting and discarding every message. Prints one JSON
 * line `{ port, caFile }`, then `count <n>` on each `count` line read from stdin.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';

const dir = process.argv[2] ?? '.';
const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
  keySize: 2048,
  algorithm: 'sha256',
  extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
});
const caFile = join(dir, 'bench-smtp-ca.pem');
writeFileSync(caFile, pems.cert);
let count = 0;
const server = new SMTPServer({
  key: pems.private,
  cert: pems.cert,
  authMethods: ['PLAIN'],
  logger: false,
  onAuth: (auth, _session, callback) =>
    auth.username === 'bench' && auth.password === 'bench-password'
      ? callback(null, { user: 'bench' })
      : callback(new Error('Invalid username or password')),
  onData(stream, _session, callback) {
    stream.on('end', () => {
      count += 1;
      callback();
    });
    stream.resume();
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ port, caFile }));
});
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'count') console.log(`count ${count}`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
