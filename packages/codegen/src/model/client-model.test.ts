import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpenRpcDocument } from '../spec/openrpc.js';
import { buildClientModel, camel, pascal } from './client-model.js';

function spec(methods: OpenRpcDocument['methods'], schemas?: OpenRpcDocument['components']): OpenRpcDocument {
  return {
    openrpc: '1.3.2',
    info: { title: 'api', version: '1.0.0' },
    methods,
    ...(schemas ? { components: schemas } : {}),
  };
}

describe('buildClientModel', () => {
  it('names inline results and params after their method, and names no server when the spec has none', () => {
    const model = buildClientModel(
      spec([
        {
          name: 'notes.create',
          params: [
            {
              name: 'input',
              required: true,
              schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
            },
          ],
          result: {
            name: 'CreateResult',
            schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          },
        },
      ]),
    );
    assert.deepEqual(
      model.types.map((t) => t.name),
      ['CreateInput', 'CreateResult'],
    );
    assert.equal(model.namespaces[0]?.className, 'Notes');
    assert.deepEqual(model.servers, []);
  });

  it('turns oneOf with null into nullable, discriminated oneOf into a union, other unions into any', () => {
    const model = buildClientModel(
      spec([
        {
          name: 'x.y',
          params: [
            { name: 'a', required: true, schema: { oneOf: [{ type: 'string' }, { type: 'null' }] } },
            { name: 'b', required: true, schema: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
            {
              name: 'c',
              required: true,
              schema: {
                oneOf: [
                  {
                    type: 'object',
                    properties: { kind: { type: 'string', enum: ['one'] }, n: { type: 'number' } },
                    required: ['kind'],
                  },
                  { type: 'object', properties: { kind: { const: 'two' } }, required: ['kind'] },
                ],
              },
            },
          ],
          result: { name: 'YResult', schema: { type: 'boolean' } },
        },
      ]),
    );
    const params = model.namespaces[0]!.methods[0]!.params;
    assert.deepEqual(params[0]?.type, { kind: 'nullable', inner: { kind: 'string' } });
    assert.deepEqual(params[1]?.type, { kind: 'any' });
    assert.deepEqual(params[2]?.type, { kind: 'named', name: 'YC' });
    const union = model.types.find((t) => t.name === 'YC');
    assert.equal(union?.kind, 'union');
    assert.deepEqual(
      union?.kind === 'union'
        ? union.arms.map((a) => [a.value, a.name, a.fields.map((f) => f.wireName)])
        : [],
      [
        ['one', 'One', ['n']],
        ['two', 'Two', []],
      ],
    );
  });

  it('keeps type names clear of runtime names and namespace classes', () => {
    const model = buildClientModel(
      spec(
        [
          {
            name: 'json.get',
            params: [],
            result: { name: 'GetResult', schema: { $ref: '#/components/schemas/Json' } },
          },
        ],
        { schemas: { Json: { type: 'object', properties: { a: { type: 'string' } } } } },
      ),
    );
    assert.equal(model.namespaces[0]?.className, 'Json2');
    assert.deepEqual(
      model.types.map((t) => t.name),
      ['Json3'],
    );
  });

  it('rejects a spec without methods or with an unresolved $ref, with SpecInputError', () => {
    assert.throws(() => buildClientModel({} as OpenRpcDocument), { name: 'SpecInputError' });
    assert.throws(
      () =>
        buildClientModel(
          spec([
            {
              name: 'a.b',
              params: [],
              result: { name: 'BResult', schema: { $ref: '#/components/schemas/Nope' } },
            },
          ]),
        ),
      { name: 'SpecInputError' },
    );
    assert.throws(
      () => buildClientModel(spec([{ name: 'nodot', params: [], result: { name: 'R', schema: {} } }])),
      {
        name: 'SpecInputError',
      },
    );
  });

  it('cases names', () => {
    assert.equal(pascal('auth-api'), 'AuthApi');
    assert.equal(pascal('2fa'), 'T2fa');
    assert.equal(camel('kebab-case-key'), 'kebabCaseKey');
  });
});
