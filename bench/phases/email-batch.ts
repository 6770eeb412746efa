/**
 * @module bench/phases/email-batch — `EmailClient.sendBatch` of 1,000 messages to an SMTP server on
 * loopback (STARTTLS and AUTH, in its own process): messages/s and the sender's memory, against bare
 * nodemailer sending the same messages through the same kind of pool in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Scope } from '@blockyard/core';
import { closeEmailTransports, EmailClient } from '@blockyard/email-client';
import { createTransport } from 'nodemailer';
import type { BenchPhase } from '../lib/phase.js';
import { REPO_ROOT } from '../lib/servers.js';

const MB = 1024 * 1024;

interface Sink {
  port: number;
  caFile: string;
  count(): Promise<number>;
  stop(): void;
}

async function startSink(dir: string): Promise<Sink> {
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench/phases/email-smtp-sink.ts'), dir],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: proc.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the SMTP sink did not answer')), 20_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const { port, caFile } = JSON.parse(await next()) as { port: number; caFile: string };
  return {
    port,
    caFile,
    async count() {
      const answer = next();
      proc.stdin!.write('count\n');
      return Number((await answer).split(' ')[1]);
    },
    stop: () => proc.stdin!.end(),
  };
}

function messages(n: number, run: string) {
  return Array.from({ length: n }, (_, i) => ({
    to: `user${i}@example.com`,
    subject: `Your verification code (${run} ${i})`,
    body: `Enter this code to confirm your account:\n\n    ${String(100000 + i)}\n`,
    html: `<p>Enter this code to confirm your account:</p><p><b>${100000 + i}</b></p>`,
  }));
}

/** sendBatch throughput and memory over SMTP. */
export const emailBatch: BenchPhase = {
  name: 'email-batch',
  description:
    'EmailClient.sendBatch of 1,000 messages to a local SMTP server (STARTTLS + AUTH), vs bare nodemailer',
  async run(context) {
    const n = context.quick ? 200 : 1000;
    const dir = await mkdtemp(join(tmpdir(), 'blockyard-bench-email-'));
    const sink = await startSink(dir);
    const url = `smtp://bench:bench-password@127.0.0.1:${sink.port}?pool=5&ca=${encodeURIComponent(sink.caFile)}`;
    try {
      const email = new EmailClient(new Scope('bench', { parent: {} }), 'email', {
        fromAddress: 'Bench <bench@example.com>',
        url,
        logger: {},
      });
      // Warm up: TLS handshakes and the pool, outside the measurement.
      await email.sendBatch(messages(20, 'warm'));
      global.gc?.();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 20);
      const started = performance.now();
      const { results } = await email.sendBatch(messages(n, 'batch'));
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const after = process.memoryUsage();
      const failed = results.filter((r) => r.status !== 'success').length;
      if (failed > 0) throw new Error(`${failed} of ${n} messages failed`);
      await closeEmailTransports();

      // Bare nodemailer, same pool size, same messages, same server.
      const { readFileSync } = await import('node:fs');
      const bare = createTransport({
        pool: true,
        maxConnections: 5,
        host: '127.0.0.1',
        port: sink.port,
        auth: { user: 'bench', pass: 'bench-password' },
        tls: { ca: readFileSync(sink.caFile, 'utf8') },
        logger: false,
      });
      const bareMessages = messages(n, 'bare');
      const send = (m: (typeof bareMessages)[number]) =>
        bare.sendMail({ from: 'Bench <bench@example.com>', ...m, text: m.body });
      await Promise.all(messages(20, 'warm-bare').map((m) => send(m)));
      const bareStarted = performance.now();
      let cursor = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (cursor < bareMessages.length) await send(bareMessages[cursor++]!);
        }),
      );
      const bareSeconds = (performance.now() - bareStarted) / 1000;
      bare.close();
      const delivered = await sink.count();
      if (delivered !== 2 * n + 40)
        throw new Error(`the sink received ${delivered} messages, expected ${2 * n + 40}`);

      const rate = n / seconds;
      const bareRate = n / bareSeconds;
      context.log(`  EmailClient ${rate.toFixed(0)} msg/s, bare nodemailer ${bareRate.toFixed(0)} msg/s`);
      context.record({ metric: `sendBatch ${n} msgs`, value: Math.round(rate), unit: 'msg/s' });
      context.record({ metric: 'bare nodemailer, same pool', value: Math.round(bareRate), unit: 'msg/s' });
      context.record({
        metric: 'sendBatch / bare nodemailer',
        value: Number((rate / bareRate).toFixed(2)),
        unit: '×',
        note: 'shared machine: absolute rates drift, the ratio less',
      });
      context.record({
        metric: 'peak RSS growth during the batch',
        value: Number(((peakRss - before.rss) / MB).toFixed(1)),
        unit: 'MB',
      });
      context.record({
        metric: 'heap growth after the batch',
        value: Number(((after.heapUsed - before.heapUsed) / MB).toFixed(1)),
        unit: 'MB',
      });
    } finally {
      sink.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
