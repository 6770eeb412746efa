import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import jsonSchemaMetaModule from '@json-schema-tools/meta-schema';
import metaSchemaModule from '@open-rpc/meta-schema';
import { Ajv } from 'ajv';
import { generateSpec, serializeSpec } from './generate-spec.js';
import type { JsonSchema, OpenRpcDocument } from './openrpc.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const EXAMPLE = join(REPO, 'examples/auth-basic-app/aws-blocks/index.ts');
const KITCHEN = join(REPO, 'packages/codegen/test-fixtures/kitchen-app/aws-blocks/index.ts');
const AUTH_BASIC_ACTIONS = [
  'signIn',
  'signUp',
  'confirmSignUp',
  'resendSignUpCode',
  'signOut',
  'resetPassword',
  'confirmResetPassword',
  'changePassword',
  'deleteAccount',
];

// Both packages are CommonJS with an `exports.default`; either shape of the ESM interop is accepted.
const unwrap = (m: unknown): object => ((m as { default?: object }).default ?? m) as object;
// The OpenRPC meta-schema describes schema objects with the JSON Schema meta-schema it `$ref`s.
// It is referenced both with and without a trailing slash, hence registered under both keys.
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
const jsonSchemaMeta = unwrap(jsonSchemaMetaModule) as { $id?: string };
ajv.addSchema(jsonSchemaMeta);
ajv.addSchema({ ...jsonSchemaMeta, $id: undefined }, 'https://meta.json-schema.tools');
const validateOpenRpc = ajv.compile(unwrap(metaSchemaModule));

function method(spec: OpenRpcDocument, name: string) {
  const found = spec.methods.find((m) => m.name === name);
  assert.ok(found, `method ${name} missing`);
  return found;
}

describe('generateSpec on the example app', () => {
  const { spec, warnings } = generateSpec({
    backendPath: EXAMPLE,
    projectRoot: join(REPO, 'no-such-root'),
    env: {},
  });

  it('lists every namespace method by export name, sorted, with no warnings', () => {
    assert.deepEqual(
      spec.methods.map((m) => m.name),
      ['api.getProfile', 'authApi.getAuthState', 'authApi.setAuthState'],
    );
    assert.deepEqual(warnings, []);
    assert.equal(spec.openrpc, '1.3.2');
    assert.equal(spec.servers, undefined);
  });

  it('validates against the official OpenRPC meta-schema', () => {
    const ok = validateOpenRpc(JSON.parse(serializeSpec(spec)));
    assert.ok(ok, JSON.stringify(validateOpenRpc.errors, null, 2));
  });

  it("offers exactly AuthBasic's nine actions in setAuthState, keyed on the action literal", () => {
    const set = method(spec, 'authApi.setAuthState');
    assert.equal(set.params.length, 1);
    assert.equal(set.params[0]?.name, 'input');
    assert.equal(set.params[0]?.required, true);
    const arms = set.params[0]?.schema.oneOf ?? [];
    const actions = arms.map((arm) => arm.properties?.action?.enum?.[0]);
    assert.deepEqual(actions, AUTH_BASIC_ACTIONS);
    const signUp = arms[1]!;
    assert.deepEqual(signUp.additionalProperties, { type: 'string' });
    const signOut = arms[4]!;
    assert.deepEqual(signOut.required, ['action']);
    assert.equal(set.result.name, 'SetAuthStateResult');
    assert.equal(set.result.schema.$ref, '#/components/schemas/AuthState');
    assert.match(set.description ?? '', /Performs one action/);
  });

  it('hoists named types into components with required lists and descriptions', () => {
    const schemas = spec.components?.schemas ?? {};
    const state = schemas.AuthState!;
    assert.deepEqual(state.required, ['state', 'actions']);
    assert.equal(state.properties?.state?.$ref, '#/components/schemas/AuthStateName');
    assert.equal(state.properties?.user?.$ref, '#/components/schemas/AuthUser');
    assert.equal(schemas.AuthBasicUser, undefined);
    assert.deepEqual(schemas.AuthUser?.required, ['userId', 'username']);
    assert.deepEqual(Object.keys(schemas.AuthUser?.properties ?? {}), ['userId', 'username', 'createdAt']);
    assert.deepEqual(
      (state.properties?.actions?.items as JsonSchema | undefined)?.$ref,
      '#/components/schemas/AuthAction',
    );
    assert.ok(schemas.AuthField && schemas.AuthFieldType?.enum?.includes('password'));
    assert.match(state.description ?? '', /getAuthState/);
    const profile = method(spec, 'api.getProfile').result;
    assert.equal(profile.name, 'GetProfileResult');
    assert.deepEqual(profile.schema.required, ['username', 'createdAt']);
  });
});

describe('generateSpec info and errors (D-27)', () => {
  const { spec } = generateSpec({ backendPath: EXAMPLE, env: {} });
  const names = (name: string) => (method(spec, name).errors ?? []).map((e) => `${e.data.name}/${e.code}`);

  it("takes info from the app's package.json and names no server", () => {
    assert.equal(spec.info.title, 'auth-basic-app');
    assert.equal(spec.info.version, '0.1.0');
    assert.match(spec.info.description ?? '', /AuthBasic/);
    assert.equal(spec.servers, undefined);
  });

  it('lists SessionExpiredException on a method calling requireAuth, and the core errors everywhere', () => {
    assert.deepEqual(names('api.getProfile'), [
      'InvalidParams/400',
      'SessionExpiredException/401',
      'InternalError/500',
    ]);
    assert.deepEqual(names('authApi.getAuthState'), ['InvalidParams/400', 'InternalError/500']);
    const profile = method(spec, 'api.getProfile').errors?.find((e) => e.code === 401);
    assert.match(profile?.message ?? '', /session/);
  });

  it("lists every AuthBasic error on setAuthState (a failed action's errorName)", () => {
    assert.deepEqual(names('authApi.setAuthState'), [
      'InvalidCodeException/400',
      'InvalidParameterException/400',
      'InvalidParams/400',
      'InvalidPasswordException/400',
      'InvalidCredentialsException/401',
      'SessionExpiredException/401',
      'UserAlreadyExistsException/409',
      'TooManyAttemptsException/429',
      'InternalError/500',
    ]);
  });
});

describe('generateSpec type mapping', () => {
  const { spec, warnings } = generateSpec({ backendPath: KITCHEN });
  const schemas = spec.components?.schemas ?? {};

  it('skips _-exports, non-namespaces and @blocksSkipCodegen methods', () => {
    assert.deepEqual(
      spec.methods.map((m) => m.name),
      ['gate.act', 'notes.area', 'notes.byTag', 'notes.channel', 'notes.create', 'notes.find', 'todos.add'],
    );
    assert.deepEqual(warnings, []);
    assert.ok(validateOpenRpc(JSON.parse(serializeSpec(spec))), JSON.stringify(validateOpenRpc.errors));
  });

  it('maps param optionality from ? and defaults, and JSDoc to descriptions', () => {
    const create = method(spec, 'notes.create');
    assert.deepEqual(
      create.params.map((p) => [p.name, p.required]),
      [
        ['title', true],
        ['tags', false],
        ['pinned', false],
      ],
    );
    assert.deepEqual(create.params[1]?.schema, { type: 'array', items: { type: 'string' } });
    assert.equal(create.description, 'Creates a note.');
    assert.equal(create.result.schema.$ref, '#/components/schemas/Note');
  });

  it('maps formats, nullable, literal unions, tuples, records and recursion', () => {
    const note = schemas.Note!;
    const p = note.properties ?? {};
    assert.deepEqual(p.createdAt, { type: 'string', format: 'date-time' });
    assert.deepEqual(p.parent, { oneOf: [{ $ref: '#/components/schemas/Note' }, { type: 'null' }] });
    assert.deepEqual(p.priority, { type: 'string', enum: ['low', 'high'] });
    assert.deepEqual(p.location, {
      type: 'array',
      items: [{ type: 'number' }, { type: 'number' }],
      minItems: 2,
      maxItems: 2,
    });
    assert.deepEqual(p.counts, { type: 'object', additionalProperties: { type: 'number' } });
    assert.deepEqual(p.archived, { type: 'boolean' });
    assert.equal(p._internal, undefined);
    assert.equal(p.id?.description, 'Identifier of the note.');
    assert.deepEqual(note.required, [
      'id',
      'title',
      'tags',
      'createdAt',
      'parent',
      'priority',
      'location',
      'counts',
    ]);
    assert.deepEqual(method(spec, 'notes.find').result.schema, {
      oneOf: [{ $ref: '#/components/schemas/Note' }, { type: 'null' }],
    });
  });

  it('maps discriminated unions, maps and transferables', () => {
    const shape = method(spec, 'notes.area').params[0]!.schema;
    assert.deepEqual(
      shape.oneOf?.map((arm) => arm.properties?.kind),
      [
        { type: 'string', enum: ['circle'] },
        { type: 'string', enum: ['square'] },
      ],
    );
    assert.deepEqual(method(spec, 'notes.byTag').result.schema, {
      type: 'object',
      additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/Note' } },
    });
    const channel = method(spec, 'notes.channel').result.schema;
    assert.equal(channel['x-blocks-transferable'], 'realtime/channel');
    assert.deepEqual(channel['x-blocks-type-args'], [{ $ref: '#/components/schemas/Note' }]);
  });
});

describe('generateSpec on the cross-block action union (R-1207)', () => {
  const { spec } = generateSpec({ backendPath: KITCHEN });
  const arms = method(spec, 'gate.act').params[0]?.schema.oneOf ?? [];

  it('keeps every action when no block narrows the union', () => {
    const actions = arms.map((arm) => arm.properties?.action?.enum?.[0]);
    assert.equal(actions.length, 16);
    assert.ok(actions.includes('signInWithPasskey') && actions.includes('listPasskeys'));
  });

  it('regroups the arms sharing one literal into one arm with a nested oneOf', () => {
    const confirm = arms.find((arm) => arm.properties?.action?.enum?.[0] === 'confirmSignIn');
    assert.deepEqual(Object.keys(confirm?.properties ?? {}), ['action', 'session']);
    assert.deepEqual(confirm?.required, ['action', 'session']);
    assert.deepEqual(
      confirm?.oneOf?.map((variant) => variant.properties?.challenge?.enum?.[0]),
      ['code', 'mfaType', 'newPassword', 'totpSetup', 'email', 'password', 'firstFactor', 'webauthn'],
    );
  });
});

describe('generateSpec with Zod schemas', () => {
  const { spec } = generateSpec({ backendPath: KITCHEN });

  it('types an unknown param from the Zod 4 schema that parses it', () => {
    const add = method(spec, 'todos.add');
    assert.deepEqual(add.params[0], {
      name: 'input',
      required: true,
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string' },
          done: { type: 'boolean' },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['title', 'tags'],
      },
    });
    assert.deepEqual(add.params[1]?.schema, { type: 'string' });
    assert.deepEqual([...(add.result.schema.required ?? [])].sort(), ['note', 'tags', 'title']);
  });
});

describe('generateSpec servers and errors', () => {
  it('names the configured API URL (BLOCKS_API_URL, amplify_outputs.json), never the sandbox port', () => {
    const root = mkdtempSync(join(tmpdir(), 'codegen-spec-'));
    try {
      mkdirSync(join(root, 'aws-blocks'));
      cpSync(KITCHEN, join(root, 'aws-blocks', 'index.ts'));
      mkdirSync(join(root, '.blocks-sandbox'));
      writeFileSync(
        join(root, '.blocks-sandbox', 'config.json'),
        JSON.stringify({ apiUrl: 'http://localhost:4000/aws-blocks/api', environment: 'sandbox' }),
      );
      const backendPath = join(root, 'aws-blocks', 'index.ts');
      const bare = generateSpec({ backendPath, env: {} }).spec;
      assert.equal(bare.servers, undefined);
      assert.deepEqual(bare.info, { title: 'api', version: '1.0.0' });
      writeFileSync(
        join(root, 'amplify_outputs.json'),
        JSON.stringify({ custom: { blocks_api_url: 'https://abc.execute-api.example.com/aws-blocks/api' } }),
      );
      const { spec } = generateSpec({
        backendPath,
        env: { BLOCKS_API_URL: 'https://api.example.com/aws-blocks/api' },
      });
      assert.deepEqual(spec.servers, [
        { name: 'default', url: 'https://api.example.com/aws-blocks/api' },
        { name: 'amplify', url: 'https://abc.execute-api.example.com/aws-blocks/api' },
      ]);
      const junk = generateSpec({ backendPath, env: { BLOCKS_API_URL: 'not a url' } }).spec;
      assert.deepEqual(
        junk.servers?.map((s) => s.name),
        ['amplify'],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects a missing backend with SpecInputError', () => {
    assert.throws(() => generateSpec({ backendPath: join(tmpdir(), 'nope', 'index.ts') }), {
      name: 'SpecInputError',
    });
  });
});
