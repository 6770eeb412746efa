import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Scope } from '@blockyard/core';
import pg from 'pg';
import { KVStoreErrors } from '../../errors.js';
import { KVStore } from '../../kv-store.js';
import { openEngine } from '../../open-engine.js';
import { quoteIdentifier } from '../../table-name.js';
import { runKvConformance } from '../../testing/conformance.js';

const url = process.env.BLOCKS_TEST_POSTGRES_URL;
const skip = url ? false : 'BLOCKS_TEST_POSTGRES_URL is not set';

async function dropTables(tables: string[]): Promise<void> {
  if (!url || tables.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${tables.map(quoteIdentifier).join(', ')}`);
  } finally {
    await client.end();
  }
}

runKvConformance({
  name: 'postgres',
  open: (options) => openEngine(url as string, { poolSize: 5, ...options }),
  sharedStorage: true,
  cleanup: dropTables,
  ...(skip ? { skip } : {}),
});

function withPassword(base: string, password: string, port?: number): string {
  const parsed = new URL(base);
  parsed.password = password;
  if (port !== undefined) parsed.port = String(port);
  return parsed.toString();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP relay to the real server: stopping it looks, to the client, exactly like the server going away. */
function startRelay(port: number, target: URL): Promise<{ stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    const drop = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        stop: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

describe('PostgreSQL engine', { skip }, () => {
  const scope = new Scope(`pg-engine-${randomBytes(4).toString('hex')}`, { parent: {} });
  const tables: string[] = [];
  const store = (engine: Awaited<ReturnType<typeof openEngine>>, id: string) => {
    const created = new KVStore(scope, id, { engine });
    tables.push(created.tableName);
    return created;
  };
  after(() => dropTables(tables));

  it('refuses wrong credentials with EngineUnavailable naming neither host, database nor password', async () => {
    const secret = `wrong-${randomBytes(6).toString('hex')}`;
    const lines: string[] = [];
    const engine = await openEngine(withPassword(url as string, secret), { log: (l) => lines.push(l) });
    try {
      assert.ok(!engine.description.includes(secret));
      assert.ok(!inspect(engine, { depth: 5 }).includes(secret));
      await assert.rejects(store(engine, 'auth').get('k'), (error: Error) => {
        const e = error as Error & { status: number; retriable: boolean };
        assert.equal(e.name, KVStoreErrors.EngineUnavailable);
        assert.equal(e.status, 503);
        assert.equal(e.retriable, true);
        const target = new URL(url as string);
        for (const part of [target.hostname, target.port, target.pathname.slice(1)]) {
          assert.ok(!e.message.includes(part), 'the message names no host, port or database');
        }
        assert.match(e.message, /authentication failed/);
        assert.ok(!e.message.includes(secret));
        assert.ok(!inspect(e, { depth: 10 }).includes(secret), 'not in the cause either');
        return true;
      });
      assert.equal(lines.length, 1, 'one outage line');
      assert.ok(!lines[0]?.includes(new URL(url as string).port));
    } finally {
      await engine.close();
    }
  });

  it('reports a closed port as EngineUnavailable (connection refused)', async () => {
    const port = await freePort();
    const engine = await openEngine(withPassword(url as string, 'blockyard-pass', port), {
      connectTimeoutMs: 2000,
    });
    try {
      await assert.rejects(store(engine, 'refused').put('k', 1), (error: Error) => {
        assert.equal(error.name, KVStoreErrors.EngineUnavailable);
        assert.ok(!error.message.includes(String(port)));
        assert.match(error.message, /connection refused/);
        assert.ok(!error.message.includes('blockyard-pass'));
        return true;
      });
    } finally {
      await engine.close();
    }
  });

  it('recovers by itself when the server comes back (a failed connect is not kept), logging each outage once at each end', async () => {
    const target = new URL(url as string);
    const port = await freePort();
    const lines: string[] = [];
    const engine = await openEngine(withPassword(url as string, decodeURIComponent(target.password), port), {
      log: (line) => lines.push(line),
    });
    const s = store(engine, 'recover');
    const relays: { stop(): Promise<void> }[] = [];
    try {
      await assert.rejects(s.put('k', 'v'), (error: Error) => error.name === KVStoreErrors.EngineUnavailable);
      relays.push(await startRelay(port, target));
      await s.put('k', 'v');
      assert.equal(await s.get('k'), 'v');
      await relays.pop()?.stop();
      await assert.rejects(s.get('k'), (error: Error) => error.name === KVStoreErrors.EngineUnavailable);
      await assert.rejects(s.get('k'), (error: Error) => error.name === KVStoreErrors.EngineUnavailable);
      relays.push(await startRelay(port, target));
      assert.equal(await s.get('k'), 'v');
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.match(lines[0] ?? '', /unavailable/);
      assert.match(lines[1] ?? '', /available again/);
      assert.ok(lines.every((line) => !line.includes(String(port))));
    } finally {
      await engine.close();
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });

  it('keeps table names within 63 bytes and distinct for long ids', async () => {
    const engine = await openEngine(url as string);
    try {
      const long = 'x'.repeat(80);
      const a = store(engine, `${long}-a`);
      const b = store(engine, `${long}-b`);
      assert.ok(Buffer.byteLength(a.tableName) <= 63);
      assert.notEqual(a.tableName, b.tableName);
      await a.put('k', 'a');
      await b.put('k', 'b');
      assert.equal(await a.get('k'), 'a');
      assert.equal(await b.get('k'), 'b');
      const odd = store(engine, 'Mixed Case "quoted"; DROP TABLE x; --');
      await odd.put('k', 'odd');
      assert.equal(await odd.get('k'), 'odd');
    } finally {
      await engine.close();
    }
  });

  it('refuses a database whose encoding is not UTF8', async () => {
    const admin = new pg.Client({ connectionString: url });
    const name = `bb_ascii_${randomBytes(4).toString('hex')}`;
    const target = new URL(url as string);
    target.pathname = `/${name}`;
    const engine = await openEngine(target.toString());
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} ENCODING 'SQL_ASCII' TEMPLATE template0`);
      await assert.rejects(store(engine, 'ascii').get('k'), (error: Error) => {
        assert.equal(error.name, KVStoreErrors.EngineUnavailable);
        assert.match(error.message, /UTF8/);
        return true;
      });
    } finally {
      await engine.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => {});
      await admin.end().catch(() => {});
    }
  });
});
