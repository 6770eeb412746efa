/**
 * Property test over the JSON-RPC decoder and encoder: whatever body arrives — random text, random
 * JSON, envelopes with wrong types, ids and methods nested 10,000 deep — the answer is a JSON-RPC
 * response with HTTP 200, never a 5xx, never a stack trace (D-22).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ApiNamespace } from '../api-namespace.js';
import { ApiError } from '../errors.js';
import { createBlocksHandler } from '../handler.js';
import { Scope } from '../scope.js';
import { NO_ROUTES, rpcRequest } from '../test-support/rpc.js';
import { decodeCall, encodeError, encodeThrown } from './codec.js';

const RUNS = 2000;

const backend = {
  api: new ApiNamespace(new Scope('fuzz'), 'api', (context) => ({
    echo: (...args: unknown[]) => args,
    nothing: () => undefined,
    big: () => 10n,
    refuse: () => {
      throw new ApiError('No', 403, { name: 'ForbiddenException' });
    },
    crash: () => {
      throw new Error('boom');
    },
    status: (code: unknown) => {
      context.response.status = code as number;
      return code;
    },
  })),
};
// Thrown errors are expected by the thousand here; the log keeps them out of the test output.
const log = { error() {} };
const handlers = [
  createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, log }),
  createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES, log }),
];

/** A value nested `depth` levels deep in arrays or objects. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 12_000 }), fc.boolean())
  .map(([depth, asArray]) =>
    asArray ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`,
  );
const jsonText = fc.oneof(fc.json(), deep);
const method = fc.oneof(
  fc.constantFrom('"api.echo"', '"api.nothing"', '"api.big"', '"api.refuse"', '"api.crash"', '"api.status"'),
  fc.constantFrom('"api.__proto__"', '"api.constructor"', '"nope.x"', '"noDot"', '"api."', '".x"'),
  jsonText,
);
const envelope = fc
  .record(
    {
      jsonrpc: fc.oneof(fc.constant('"2.0"'), jsonText),
      method,
      params: jsonText,
      id: fc.oneof(fc.constantFrom('1', '"x"', 'null', '-0', '1e400'), jsonText),
    },
    { requiredKeys: [] },
  )
  .map(
    (fields) =>
      `{${Object.entries(fields)
        .map(([key, value]) => `"${key}":${value}`)
        .join(',')}}`,
  );
const hostile = fc.oneof(
  envelope.map((text) => text.slice(0, Math.max(0, text.length - 1))),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '[{}]',
    '"x"',
    '{"__proto__":{"id":1}}',
    '\u0000',
    '\ud800',
    '{"id":1,"id":{}}',
  ),
  fc.string({ unit: 'binary' }),
);
const body = fc.oneof(envelope, envelope, jsonText, hostile);

function assertRpcAnswer(status: number, text: string): void {
  assert.equal(status, 200, text.slice(0, 200));
  assert.doesNotMatch(text, /\n\s+at /, 'no stack in the body');
  const answer = JSON.parse(text) as Record<string, unknown>;
  assert.equal(answer.jsonrpc, '2.0');
  assert.ok(answer.id === null || typeof answer.id === 'string' || typeof answer.id === 'number');
  if ('error' in answer) {
    const error = answer.error as { code: unknown; message: unknown };
    assert.equal(typeof error.code, 'number');
    assert.equal(typeof error.message, 'string');
  }
}

describe('JSON-RPC fuzzing (D-22)', () => {
  it(`answers ${RUNS} random and hostile bodies with JSON-RPC, never a 5xx or a stack`, async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.nat(1), async (text, which) => {
        const res = await (handlers[which] ?? handlers[0])?.fetch(rpcRequest(text));
        assert.ok(res);
        assert.ok(res.status < 500, `status ${res.status}`);
        assertRpcAnswer(res.status, await res.text());
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes any text to a call or an error body, without throwing', () => {
    fc.assert(
      fc.property(body, (text) => {
        const decoded = decodeCall(text);
        if ('errorBody' in decoded) assertRpcAnswer(200, decoded.errorBody);
        else assert.ok(decoded.id === null || ['string', 'number'].includes(typeof decoded.id));
      }),
      { numRuns: RUNS },
    );
  });

  it('encodes any thrown value, without throwing', () => {
    const thrown = fc.oneof(
      fc.anything(),
      fc.string().map((message) => new Error(message)),
      fc
        .tuple(fc.string(), fc.integer(), fc.string())
        .map(([message, status, name]) => new ApiError(message, status, { name })),
      fc.constant({
        toString() {
          throw new Error('no');
        },
      }),
    );
    fc.assert(
      fc.property(thrown, fc.boolean(), (error, reveal) => {
        const { code, message, data } = encodeThrown(error, reveal);
        assertRpcAnswer(200, encodeError(null, code, message, data));
      }),
      { numRuns: RUNS },
    );
  });
});
