import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IncomingBlocksRequest, requestHeader } from '../../incoming-request.js';
import { nodeRequestHeaders } from './node-request-headers.js';
import { NodeRequestSource } from './node-request-source.js';

function filled(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // Left out, as the adapter does.
    }
  }
  return headers;
}

const message = (raw: string[]) =>
  ({ rawHeaders: raw, headers: {}, method: 'POST', url: '/aws-blocks/api' }) as unknown as IncomingMessage;
const lazy = (raw: string[]) => nodeRequestHeaders(message(raw));
const request = (raw: string[]) =>
  new IncomingBlocksRequest(new NodeRequestSource(message(raw), {} as ServerResponse, 0), {}, 1024);
const name = fc.constantFrom('Cookie', 'cookie', 'Host', 'X-Multi', 'x-multi', 'Content-Type', 'Bad Name');
const value = fc.oneof(fc.constantFrom('a=1', ' b=2 ', '', 'x, y', 'bad\nvalue'), fc.string());
const rawHeaders = fc.array(fc.tuple(name, value), { maxLength: 8 }).map((pairs) => pairs.flat());

describe('NodeRequestHeaders', () => {
  it('answers get and has exactly as a filled Headers would', () => {
    fc.assert(
      fc.property(rawHeaders, name, (raw, asked) => {
        const expected = filled(raw);
        const actual = lazy(raw);
        assert.equal(
          actual.get(asked === 'Bad Name' ? 'cookie' : asked),
          expected.get(asked === 'Bad Name' ? 'cookie' : asked),
        );
        assert.equal(actual.has('x-multi'), expected.has('x-multi'));
        assert.deepEqual([...actual], [...expected]);
      }),
      { numRuns: 500 },
    );
  });

  it('is a real Headers and stays consistent after changes', () => {
    const headers = lazy(['Cookie', 'a=1', 'X-Multi', 'one', 'x-multi', 'two']);
    assert.ok(headers instanceof Headers);
    assert.equal(headers.get('x-multi'), 'one, two');
    headers.set('cookie', 'b=2');
    assert.equal(headers.get('cookie'), 'b=2');
    headers.delete('x-multi');
    assert.equal(headers.has('x-multi'), false);
    assert.deepEqual([...new Headers(headers)], [['cookie', 'b=2']]);
  });

  it('requestHeader answers what request.headers.get would, without building the Headers', () => {
    fc.assert(
      fc.property(rawHeaders, name, (raw, asked) => {
        const wanted = asked === 'Bad Name' ? 'cookie' : asked;
        assert.equal(requestHeader(request(raw), wanted), filled(raw).get(wanted));
      }),
      { numRuns: 500 },
    );
  });

  it('requestHeader follows headers a block changed, and works on any BlocksRequest', () => {
    const incoming = request(['Cookie', 'a=1']);
    assert.equal(requestHeader(incoming, 'cookie'), 'a=1');
    incoming.headers.set('cookie', 'b=2');
    assert.equal(requestHeader(incoming, 'cookie'), 'b=2');
    const plain = { headers: new Headers({ cookie: 'c=3' }) } as unknown as IncomingBlocksRequest;
    assert.equal(requestHeader(plain, 'cookie'), 'c=3');
  });
});
