import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSpec } from './validate-spec.js';

const good = {
  openrpc: '1.3.2',
  info: { title: 'api', version: '1.0.0' },
  methods: [
    {
      name: 'a.b',
      params: [{ name: 'x', required: true, schema: { $ref: '#/components/schemas/X' } }],
      result: { name: 'BResult', schema: { 'x-blocks-transferable': 'realtime/channel', type: 'object' } },
    },
  ],
  components: { schemas: { X: { type: 'object' } } },
};

describe('validateSpec (R-1209)', () => {
  it('accepts a conforming spec', () => {
    assert.deepEqual(validateSpec(good), []);
  });

  it('reports each kind of problem once, naming where it is', () => {
    const problems = validateSpec({
      openrpc: '1.3',
      info: { title: 'api' },
      methods: [
        { name: 'nodot', params: [], result: { name: 'R', schema: {} } },
        {
          name: 'a.b',
          params: [{ name: 'x', schema: {} }],
          result: { name: 'result', schema: { nullable: true, $ref: '#/definitions/Y' } },
        },
        {
          name: 'a.c',
          params: [],
          result: { name: 'C', schema: { $ref: '#/components/schemas/Missing' } },
          errors: [{ code: 401, message: 'ok', data: { name: 'SessionExpiredException' } }],
        },
        {
          name: 'a.e',
          params: [],
          result: { name: 'E', schema: {} },
          errors: [{ code: '401', message: 'code must be a number' }],
        },
        {
          name: 'a.d',
          params: [],
          result: { name: 'D', schema: { 'x-blocks-transferable': 3, 'x-blocks-type-args': {} } },
        },
      ],
    });
    const expected = [
      /^openrpc must be/,
      /^info\.title and info\.version/,
      /^methods\[0\]: name must be/,
      /^a\.b: params\[0\] needs/,
      /^a\.b: result needs a name other than "result"/,
      /"nullable" is not used/,
      /\$ref must start with/,
      /\$ref #\/components\/schemas\/Missing does not resolve/,
      /x-blocks-transferable must be/,
      /x-blocks-type-args must be/,
      /^a\.e: errors must be error objects/,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `missing ${pattern}: ${problems.join(' | ')}`,
      );
    assert.equal(problems.length, expected.length, problems.join('\n'));
    assert.deepEqual(validateSpec([]), ['the spec is not a JSON object']);
    assert.ok(validateSpec({ ...good, methods: {} }).includes('methods must be an array'));
  });
});
