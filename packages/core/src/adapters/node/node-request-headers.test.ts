import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NodeRequestHeaders } from './node-request-headers.js';

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

const lazy = (raw: string[]) => new NodeRequestHeaders({ rawHeaders: raw } as unknown as IncomingMessage);
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
});
