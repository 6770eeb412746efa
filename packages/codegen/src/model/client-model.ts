import type { JsonSchema, OpenRpcDocument } from '../spec/openrpc.js';
import { REF_PREFIX } from '../spec/openrpc.js';

/** The type of a field, param or result, as every generator sees it. */
export type TypeRef =
  | { kind: 'string' | 'number' | 'integer' | 'boolean' | 'any' }
  | { kind: 'array'; item: TypeRef }
  | { kind: 'map'; value: TypeRef }
  | { kind: 'named'; name: string }
  | { kind: 'nullable'; inner: TypeRef };

/** One property of a struct. */
export interface FieldModel {
  /** The JSON key. */
  wireName: string;
  type: TypeRef;
  required: boolean;
  /** A password or a code: never printed by the generated `toString`/`description`. */
  secret: boolean;
  description?: string;
}

/** An object type with fixed properties (and maybe extra ones of one type). */
export interface StructModel {
  kind: 'struct';
  name: string;
  fields: FieldModel[];
  /** Type of extra properties (`additionalProperties`), kept in a map. */
  extra?: TypeRef;
  description?: string;
}

/** A string enum. */
export interface EnumModel {
  kind: 'enum';
  name: string;
  values: string[];
  description?: string;
}

/** One arm of a discriminated union: the literal and the arm's own fields. */
export interface ArmModel {
  /** The discriminator's value, e.g. `signIn`. */
  value: string;
  /** PascalCase name of the arm, e.g. `SignIn`. */
  name: string;
  fields: FieldModel[];
  extra?: TypeRef;
}

/** A union of objects keyed on one literal property. */
export interface UnionModel {
  kind: 'union';
  name: string;
  discriminator: string;
  arms: ArmModel[];
  description?: string;
}

/** A named type the generated code declares. */
export type TypeModel = StructModel | EnumModel | UnionModel;

/** One parameter of a method. */
export interface ParamModel {
  name: string;
  type: TypeRef;
  required: boolean;
}

/** One RPC method. */
export interface MethodModel {
  /** The method part of the wire name. */
  name: string;
  /** `<namespace>.<method>`. */
  wireName: string;
  params: ParamModel[];
  result: TypeRef;
  description?: string;
}

/** One namespace: one API class. */
export interface NamespaceModel {
  /** The wire namespace (export name). */
  name: string;
  /** PascalCase class name, e.g. `AuthApi`. */
  className: string;
  methods: MethodModel[];
}

/** An error some method declares (D-27): its stable name and JSON-RPC code. */
export interface ErrorModel {
  name: string;
  code: number;
  description?: string;
}

/** Everything a generator needs, language-neutral. */
export interface ClientModel {
  types: TypeModel[];
  namespaces: NamespaceModel[];
  /** The spec's servers; empty when it names none (clients always take their URL as an argument). */
  servers: { name: string; url: string }[];
  /** Every error the methods declare, by name. */
  errors: ErrorModel[];
}

/** `signIn` → `SignIn`, `auth-api` → `AuthApi`, `my_type` → `MyType`. */
export function pascal(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `T${joined}` : joined || 'Value';
}

/** `SignIn` → `signIn`, `created-at` → `createdAt`. */
export function camel(name: string): string {
  const p = pascal(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** Type names a generated client never declares (runtime classes, core types of the languages). */
const RESERVED_TYPE_NAMES = [
  'Json',
  'JsonValue',
  'Blocks',
  'BlocksClient',
  'BlocksException',
  'BlocksError',
  'BlocksServer',
  'Servers',
  'CookieJar',
  'MemoryCookieJar',
  'CookieStore',
  'KeychainCookieStore',
  'MemoryCookieStore',
  'Cookie',
  'StoredCookie',
  'ErrorNames',
  'Blocking',
  'String',
  'Int',
  'Double',
  'Bool',
  'Boolean',
  'Long',
  'List',
  'Map',
  'Set',
  'Any',
  'Object',
  'Array',
  'Error',
  'Exception',
  'Result',
  'Type',
  'Self',
  'Data',
  'Date',
  'Promise',
  'Record',
  'Unit',
  'Nothing',
  'Never',
  'Function',
  'Future',
  'Codable',
];

/** Thrown for a spec the generators cannot read; `name` is `SpecInputError`. */
export class ClientSpecError extends Error {
  override readonly name = 'SpecInputError';
}

function literalOf(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.const === 'string') return schema.const;
  if (schema.enum?.length === 1 && typeof schema.enum[0] === 'string') return schema.enum[0];
  return undefined;
}

/** A property that holds a secret: named or typed as a password, or named as a code. */
const SECRET_NAME = /password|passcode|secret|(^|[a-z_])code$/i;

function isSecret(wireName: string, schema: JsonSchema): boolean {
  return SECRET_NAME.test(wireName) || schema.format === 'password';
}

/** The type names a client declares, kept unique: runtime and language names are taken first. */
class TypeNames {
  readonly #taken = new Set<string>(RESERVED_TYPE_NAMES);

  /** `wanted` in PascalCase, suffixed `2`, `3`… when taken; the name is then taken. */
  unique(wanted: string): string {
    let name = pascal(wanted);
    for (let i = 2; this.#taken.has(name); i++) name = `${pascal(wanted)}${i}`;
    this.#taken.add(name);
    return name;
  }
}

/** The discriminator every arm carries as a single literal, if any. */
function discriminatorOf(arms: JsonSchema[]): string | undefined {
  const first = arms[0];
  if (!first || arms.length < 2) return undefined;
  return Object.keys(first.properties ?? {}).find((key) =>
    arms.every((arm) => arm.type === 'object' && literalOf(arm.properties?.[key]) !== undefined),
  );
}

/**
 * Turns schemas into {@link TypeRef}s, declaring a named {@link TypeModel} for every object, string
 * enum and discriminated union it meets (inline ones named after where they appear).
 */
class TypeDeclarer {
  readonly types = new Map<string, TypeModel>();
  readonly #components: Record<string, JsonSchema>;
  readonly #componentNames = new Map<string, string>();
  readonly #names: TypeNames;

  constructor(components: Record<string, JsonSchema>, names: TypeNames) {
    this.#components = components;
    this.#names = names;
    for (const key of Object.keys(components)) this.#componentNames.set(key, names.unique(key));
  }

  /** Declares every component that is a type of its own (not an alias). */
  declareComponents(): void {
    for (const [key, schema] of Object.entries(this.#components)) {
      if (this.#declarable(key)) this.#declare(this.#componentNames.get(key)!, schema);
    }
  }

  /** The type of `schema`; an inline type it declares is named `suggested` (made unique). */
  typeOf(schema: JsonSchema, suggested: string): TypeRef {
    if (schema.$ref !== undefined) {
      const key = schema.$ref.slice(REF_PREFIX.length);
      const name = this.#componentNames.get(key);
      if (!name) throw new ClientSpecError(`Unresolved $ref ${schema.$ref}`);
      // A component that is only an alias (of a string, an array…) is used as what it aliases.
      return this.#declarable(key) ? { kind: 'named', name } : this.typeOf(this.#components[key]!, name);
    }
    const variants = schema.oneOf ?? schema.anyOf;
    if (variants && schema.type === undefined) return this.#variantsType(schema, variants, suggested);
    if (Array.isArray(schema.type)) {
      const kinds = schema.type.filter((t) => t !== 'null');
      const inner =
        kinds.length === 1 ? this.typeOf({ ...schema, type: kinds[0] }, suggested) : { kind: 'any' as const };
      return schema.type.includes('null') ? { kind: 'nullable', inner } : inner;
    }
    if (schema.const !== undefined && schema.type === undefined) return constType(schema.const);
    switch (schema.type) {
      case 'string':
        return schema.enum && schema.enum.length > 1
          ? this.#declare(this.#names.unique(suggested), schema)
          : { kind: 'string' };
      case 'number':
      case 'integer':
      case 'boolean':
        return { kind: schema.type };
      case 'null':
        return { kind: 'nullable', inner: { kind: 'any' } };
      case 'array':
        return Array.isArray(schema.items) || schema.items === undefined
          ? { kind: 'array', item: { kind: 'any' } }
          : { kind: 'array', item: this.typeOf(schema.items, `${suggested}Item`) };
      case 'object':
        return this.#objectType(schema, suggested);
      default:
        return { kind: 'any' };
    }
  }

  #resolve(schema: JsonSchema): JsonSchema {
    if (schema.$ref?.startsWith(REF_PREFIX)) {
      const target = this.#components[schema.$ref.slice(REF_PREFIX.length)];
      if (!target) throw new ClientSpecError(`Unresolved $ref ${schema.$ref}`);
      return target;
    }
    return schema;
  }

  /** Whether a component becomes a declared type (object, string enum, discriminated union). */
  #declarable(key: string): boolean {
    const schema = this.#components[key]!;
    if (schema.$ref !== undefined) return false;
    if (schema.enum?.every((v) => typeof v === 'string') && schema.enum.length > 1) return true;
    if (schema.oneOf && schema.type === undefined)
      return discriminatorOf(schema.oneOf.map((s) => this.#resolve(s))) !== undefined;
    return (
      schema.type === 'object' &&
      Object.keys(schema.properties ?? {}).length > 0 &&
      !schema['x-blocks-transferable']
    );
  }

  #variantsType(schema: JsonSchema, variants: JsonSchema[], suggested: string): TypeRef {
    const nonNull = variants.filter((v) => v.type !== 'null');
    if (nonNull.length < variants.length) {
      const inner =
        nonNull.length === 1
          ? this.typeOf(nonNull[0]!, suggested)
          : this.typeOf({ ...schema, oneOf: nonNull, anyOf: undefined }, suggested);
      return inner.kind === 'nullable' ? inner : { kind: 'nullable', inner };
    }
    if (schema.oneOf && discriminatorOf(nonNull.map((s) => this.#resolve(s))) !== undefined)
      return this.#declare(this.#names.unique(suggested), schema);
    return { kind: 'any' };
  }

  #objectType(schema: JsonSchema, suggested: string): TypeRef {
    if (schema['x-blocks-transferable'] !== undefined) return { kind: 'any' };
    const hasProps = Object.keys(schema.properties ?? {}).length > 0;
    if (!hasProps && schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
      return { kind: 'map', value: this.#extraOf(schema, suggested) ?? { kind: 'any' } };
    }
    if (!hasProps) return { kind: 'map', value: { kind: 'any' } };
    return this.#declare(this.#names.unique(suggested), schema);
  }

  #fieldsOf(schema: JsonSchema, owner: string, skip?: string): FieldModel[] {
    const required = new Set(schema.required ?? []);
    const fields: FieldModel[] = [];
    for (const [wireName, prop] of Object.entries(schema.properties ?? {})) {
      if (wireName === skip) continue;
      const field: FieldModel = {
        wireName,
        type: this.typeOf(prop, `${owner}${pascal(wireName)}`),
        required: required.has(wireName),
        secret: isSecret(wireName, prop),
      };
      if (prop.description !== undefined) field.description = prop.description;
      fields.push(field);
    }
    return fields;
  }

  #extraOf(schema: JsonSchema, owner: string): TypeRef | undefined {
    const extra = schema.additionalProperties;
    if (extra === undefined || extra === false) return undefined;
    return extra === true ? { kind: 'any' } : this.typeOf(extra, `${owner}Value`);
  }

  #declareUnion(name: string, arms: JsonSchema[], key: string, description?: string): void {
    const model: UnionModel = { kind: 'union', name, discriminator: key, arms: [] };
    if (description !== undefined) model.description = description;
    this.types.set(name, model);
    const armNames = new Set<string>();
    for (const arm of arms) {
      const value = literalOf(arm.properties?.[key])!;
      let armName = pascal(value);
      for (let i = 2; armNames.has(armName); i++) armName = `${pascal(value)}${i}`;
      armNames.add(armName);
      // An arm regrouping variants (R-1207) is flattened: shared fields plus every variant's, optional.
      const flat: JsonSchema = { ...arm, properties: { ...arm.properties } };
      for (const variant of arm.oneOf ?? []) {
        for (const [k, v] of Object.entries(variant.properties ?? {})) flat.properties![k] ??= v;
      }
      const armModel: ArmModel = {
        value,
        name: armName,
        fields: this.#fieldsOf(flat, `${name}${armName}`, key),
      };
      const extra = this.#extraOf(arm, `${name}${armName}`);
      if (extra) armModel.extra = extra;
      model.arms.push(armModel);
    }
  }

  #declare(name: string, schema: JsonSchema): TypeRef {
    const arms = (schema.oneOf ?? []).map((s) => this.#resolve(s));
    const key = discriminatorOf(arms);
    if (key !== undefined && schema.type === undefined) {
      this.#declareUnion(name, arms, key, schema.description);
    } else if (schema.enum?.every((v) => typeof v === 'string')) {
      const model: EnumModel = { kind: 'enum', name, values: schema.enum as string[] };
      if (schema.description !== undefined) model.description = schema.description;
      this.types.set(name, model);
    } else {
      const model: StructModel = { kind: 'struct', name, fields: [] };
      if (schema.description !== undefined) model.description = schema.description;
      this.types.set(name, model);
      model.fields = this.#fieldsOf(schema, name);
      const extra = this.#extraOf(schema, name);
      if (extra) model.extra = extra;
    }
    return { kind: 'named', name };
  }
}

/** The type of a `const` schema: its value's JSON type. */
function constType(value: unknown): TypeRef {
  const kind = typeof value;
  return kind === 'string' || kind === 'boolean' || kind === 'number' ? { kind } : { kind: 'any' };
}

/** One API class per namespace, in the order the spec lists them; class names are taken first. */
function namespaceClasses(spec: OpenRpcDocument, names: TypeNames): Map<string, string> {
  const classes = new Map<string, string>();
  for (const method of spec.methods) {
    const ns = typeof method?.name === 'string' ? method.name.split('.')[0]! : '';
    if (ns !== '' && !classes.has(ns)) classes.set(ns, names.unique(ns));
  }
  return classes;
}

/** The methods of the spec grouped by namespace, their params and results typed. */
function buildNamespaces(
  spec: OpenRpcDocument,
  classes: Map<string, string>,
  declarer: TypeDeclarer,
): NamespaceModel[] {
  const byNamespace = new Map<string, MethodModel[]>();
  for (const method of spec.methods) {
    const dot = method.name.indexOf('.');
    if (dot <= 0) throw new ClientSpecError(`Method name "${method.name}" must be "<namespace>.<method>"`);
    const ns = method.name.slice(0, dot);
    const name = method.name.slice(dot + 1);
    const owner = pascal(name);
    const params = (method.params ?? []).map((p) => ({
      name: p.name,
      type: declarer.typeOf(p.schema ?? {}, `${owner}${pascal(p.name)}`),
      required: p.required === true,
    }));
    const model: MethodModel = {
      name,
      wireName: method.name,
      params,
      result: declarer.typeOf(
        method.result?.schema ?? {},
        method.result?.name && method.result.name !== 'result' ? method.result.name : `${owner}Result`,
      ),
    };
    if (method.description !== undefined) model.description = method.description;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), model]);
  }
  return [...byNamespace].map(([name, methods]) => ({ name, className: classes.get(name)!, methods }));
}

/** Every error the methods declare (D-27), once per name, sorted by name. */
function collectErrors(spec: OpenRpcDocument): ErrorModel[] {
  const errors = new Map<string, ErrorModel>();
  for (const method of spec.methods) {
    for (const error of method.errors ?? []) {
      const name = (error?.data as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || errors.has(name)) continue;
      const model: ErrorModel = { name, code: typeof error.code === 'number' ? error.code : 0 };
      if (typeof error.message === 'string' && error.message !== '') model.description = error.message;
      errors.set(name, model);
    }
  }
  return [...errors.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Builds the language-neutral model of a spec: hoists inline objects, enums and unions into names. */
export function buildClientModel(spec: OpenRpcDocument): ClientModel {
  if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.methods)) {
    throw new ClientSpecError('The spec must be an OpenRPC document with a methods array');
  }
  const names = new TypeNames();
  const classes = namespaceClasses(spec, names);
  const declarer = new TypeDeclarer(spec.components?.schemas ?? {}, names);
  declarer.declareComponents();
  const namespaces = buildNamespaces(spec, classes, declarer);
  const servers = (spec.servers ?? []).map((s) => ({ name: s.name, url: s.url }));
  return { types: [...declarer.types.values()], namespaces, servers, errors: collectErrors(spec) };
}
