import ts from 'typescript';
import { type JsonSchema, REF_PREFIX } from './openrpc.js';

/** Objects nested deeper than this become `{ "type": "object" }` (R-1205). */
const MAX_DEPTH = 6;

/** Built-in classes that are never hoisted into `components.schemas` (R-1206). */
const BUILTINS = new Set(['Date', 'RegExp', 'Error', 'Map', 'Set', 'Promise', 'ArrayBuffer', 'URL']);
const BINARY = new Set(['Buffer', 'ArrayBuffer', 'Uint8Array']);
const ANONYMOUS = new Set(['__type', '__object', '__function']);

/** Keeps only some arms of a discriminated union: `(property, literal) => keep`. */
export type ArmFilter = (property: string, literal: string | number) => boolean;

function literalValue(type: ts.Type): string | number | undefined {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  return undefined;
}

function describe(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text === '' ? undefined : text;
}

/**
 * Turns TypeScript types into JSON Schemas (tier 2 of R-1205): named object types and named literal
 * unions go to {@link SchemaBuilder.components} and are referenced with `$ref` (R-1206), unions of
 * objects sharing a literal property become `oneOf` arms keyed on it (R-1207).
 */
export class SchemaBuilder {
  /** The schemas referenced by `$ref`, by name. */
  readonly components: Record<string, JsonSchema> = {};
  readonly #checker: ts.TypeChecker;
  readonly #names = new Map<ts.Type, string>();

  constructor(checker: ts.TypeChecker) {
    this.#checker = checker;
  }

  /** The schema of `type`; `filter` narrows the arms of a discriminated union at the top. */
  toSchema(type: ts.Type, depth = 0, filter?: ArmFilter): JsonSchema {
    const flags = type.flags;
    if (flags & ts.TypeFlags.Any || flags & ts.TypeFlags.Unknown || flags & ts.TypeFlags.Never) return {};
    if (flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { type: 'null' };
    if (flags & ts.TypeFlags.StringLiteral)
      return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral)
      return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral)
      return { type: 'boolean', enum: [this.#intrinsic(type) === 'true'] };
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BigIntLike) return { type: 'integer' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (type.isUnion()) return this.#union(type, depth, filter);
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.#object(type, depth);
    return {};
  }

  #intrinsic(type: ts.Type): string {
    return (type as { intrinsicName?: string }).intrinsicName ?? '';
  }

  #nameOf(type: ts.Type): string | undefined {
    const alias = type.aliasSymbol?.name;
    if (alias !== undefined) return alias;
    const symbol = type.getSymbol();
    if (!symbol || ANONYMOUS.has(symbol.name) || BUILTINS.has(symbol.name)) return undefined;
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.TypeAlias))) {
      return undefined;
    }
    return symbol.name;
  }

  /** A `$ref` to `type` hoisted under its name (suffixed when another type took it), built once. */
  #named(type: ts.Type, name: string, build: () => JsonSchema): JsonSchema {
    let key = this.#names.get(type);
    if (key === undefined) {
      key = name;
      for (let i = 2; key in this.components; i++) key = `${name}${i}`;
      this.#names.set(type, key);
      this.components[key] = {};
      this.components[key] = build();
    }
    return { $ref: `${REF_PREFIX}${key}` };
  }

  #union(type: ts.UnionType, depth: number, filter?: ArmFilter): JsonSchema {
    let arms = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = arms.some((t) => t.flags & ts.TypeFlags.Null);
    arms = arms.filter((t) => !(t.flags & ts.TypeFlags.Null));
    let schema: JsonSchema;
    const bools = arms.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (bools.length === 2) {
      arms = [
        ...arms.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral)),
        this.#checker.getBooleanType(),
      ];
    }
    if (arms.length === 1) {
      schema = this.toSchema(arms[0]!, depth, filter);
    } else if (arms.length > 0 && arms.every((t) => t.isStringLiteral())) {
      const build = (): JsonSchema => ({ type: 'string', enum: arms.map((t) => literalValue(t)) });
      const name = type.aliasSymbol?.name;
      schema = name === undefined ? build() : this.#named(type, name, build);
    } else if (arms.length > 0 && arms.every((t) => t.isNumberLiteral())) {
      schema = { type: 'number', enum: arms.map((t) => literalValue(t)) };
    } else {
      schema = this.#discriminated(arms, depth, filter) ?? {
        oneOf: arms.map((t) => this.toSchema(t, depth + 1)),
      };
    }
    return nullable ? { oneOf: [schema, { type: 'null' }] } : schema;
  }

  /** The literal property every object arm has (e.g. `action`), or undefined. */
  #discriminator(arms: readonly ts.Type[]): string | undefined {
    const first = arms[0];
    if (!first) return undefined;
    for (const prop of this.#checker.getPropertiesOfType(first)) {
      const ok = arms.every((arm) => {
        const p = arm.getProperty(prop.name);
        return p !== undefined && literalValue(this.#checker.getTypeOfSymbol(p)) !== undefined;
      });
      if (ok) return prop.name;
    }
    return undefined;
  }

  #discriminated(all: readonly ts.Type[], depth: number, filter?: ArmFilter): JsonSchema | undefined {
    // A catch-all `Record<string, unknown>` beside a discriminated union adds nothing a client can use.
    const objects = all.filter((t) => !this.#isLooseRecord(t));
    if (objects.length < 2 || !objects.every((t) => t.flags & ts.TypeFlags.Object || t.isIntersection())) {
      return undefined;
    }
    const key = this.#discriminator(objects);
    if (key === undefined) return undefined;
    const literal = (t: ts.Type) => literalValue(this.#checker.getTypeOfSymbol(t.getProperty(key)!))!;
    const kept = filter ? objects.filter((t) => filter(key, literal(t))) : objects;
    const groups = new Map<string | number, ts.Type[]>();
    for (const arm of kept) {
      const value = literal(arm);
      groups.set(value, [...(groups.get(value) ?? []), arm]);
    }
    const oneOf: JsonSchema[] = [];
    for (const members of groups.values()) {
      const schemas = members.map((t) => this.#inlineObject(t, depth + 1));
      oneOf.push(schemas.length === 1 ? schemas[0]! : groupArms(schemas));
    }
    return { oneOf };
  }

  #isLooseRecord(type: ts.Type): boolean {
    return (
      this.#checker.getPropertiesOfType(type).length === 0 &&
      this.#checker.getIndexInfoOfType(type, ts.IndexKind.String) !== undefined
    );
  }

  #object(type: ts.Type, depth: number): JsonSchema {
    const checker = this.#checker;
    const symbolName = type.getSymbol()?.name;
    if (symbolName === 'Date') return { type: 'string', format: 'date-time' };
    if (symbolName === 'RegExp') return { type: 'string', format: 'regex' };
    if (symbolName === 'URL') return { type: 'string', format: 'uri' };
    if (symbolName !== undefined && BINARY.has(symbolName)) return { type: 'string', format: 'binary' };
    if (checker.isTupleType(type)) {
      const items = checker
        .getTypeArguments(type as ts.TypeReference)
        .map((t) => this.toSchema(t, depth + 1));
      return { type: 'array', items, minItems: items.length, maxItems: items.length };
    }
    if (checker.isArrayType(type) || symbolName === 'Set' || symbolName === 'ReadonlySet') {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? this.toSchema(item, depth + 1) : {} };
    }
    if (symbolName === 'Map' || symbolName === 'ReadonlyMap') {
      const [, value] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'object', additionalProperties: value ? this.toSchema(value, depth + 1) : {} };
    }
    const transferable = this.#transferable(type, depth);
    if (transferable) return transferable;
    if (depth > MAX_DEPTH) return { type: 'object' };
    const name = this.#nameOf(type);
    if (name !== undefined && checker.getPropertiesOfType(type).length > 0) {
      return this.#named(type, name, () => this.#inlineObject(type, depth));
    }
    return this.#inlineObject(type, depth);
  }

  /** R-1208: a value whose `toJSON()` returns `{ __blocks: '<tag>' }` is a transferable handle. */
  #transferable(type: ts.Type, depth: number): JsonSchema | undefined {
    const toJson = type.getProperty('toJSON');
    if (!toJson) return undefined;
    const signature = this.#checker.getTypeOfSymbol(toJson).getCallSignatures()[0];
    const tagSymbol = signature?.getReturnType().getProperty('__blocks');
    const tag = tagSymbol ? literalValue(this.#checker.getTypeOfSymbol(tagSymbol)) : undefined;
    if (typeof tag !== 'string') return undefined;
    const schema: JsonSchema = { type: 'object', 'x-blocks-transferable': tag };
    const args = type.aliasTypeArguments ?? this.#checker.getTypeArguments(type as ts.TypeReference);
    if (args && args.length > 0) schema['x-blocks-type-args'] = args.map((t) => this.toSchema(t, depth + 1));
    return schema;
  }

  #inlineObject(type: ts.Type, depth: number): JsonSchema {
    const checker = this.#checker;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      if (prop.name.startsWith('_')) continue;
      const propType = checker.getTypeOfSymbol(prop);
      if (propType.getCallSignatures().length > 0 && checker.getPropertiesOfType(propType).length === 0)
        continue;
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      const schema = this.toSchema(propType, depth + 1);
      const description = describe(prop, checker);
      properties[prop.name] = description === undefined ? schema : { ...schema, description };
      if (!optional) required.push(prop.name);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    // A pure map (`Record<string, T>`) has no fixed properties to list.
    const schema: JsonSchema =
      index && required.length === 0 && Object.keys(properties).length === 0
        ? { type: 'object' }
        : { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    if (index) schema.additionalProperties = this.toSchema(index.type, depth + 1);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const fromLib = symbol?.declarations?.some((d) => d.getSourceFile().hasNoDefaultLib) ?? false;
    const description = symbol && !fromLib ? describe(symbol, checker) : undefined;
    if (description !== undefined) schema.description = description;
    return schema;
  }
}

/**
 * R-1207: arms sharing one discriminator literal become one arm with the properties they share and a
 * nested `oneOf` over what differs.
 */
function groupArms(arms: JsonSchema[]): JsonSchema {
  const first = arms[0]!;
  const shared: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(first.properties ?? {})) {
    const text = JSON.stringify(schema);
    if (arms.every((arm) => JSON.stringify(arm.properties?.[name]) === text)) shared[name] = schema;
  }
  const sharedRequired = (first.required ?? []).filter((n) => n in shared);
  const rest = arms.map((arm) => {
    const properties = Object.fromEntries(
      Object.entries(arm.properties ?? {}).filter(([n]) => !(n in shared)),
    );
    const required = (arm.required ?? []).filter((n) => !(n in shared));
    return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
  });
  return { type: 'object', properties: shared, required: sharedRequired, oneOf: rest };
}
