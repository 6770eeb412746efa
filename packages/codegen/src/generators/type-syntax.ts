import type { TypeRef } from '../model/client-model.js';
import { camel } from '../model/client-model.js';

/** How a language spells the model's types. */
export interface TypeSyntax {
  string: string;
  number: string;
  integer: string;
  boolean: string;
  /** Any JSON value. */
  any: string;
  array(item: string): string;
  map(value: string): string;
  nullable(inner: string): string;
}

/** `type` written in a language's syntax. */
export function renderType(type: TypeRef, syntax: TypeSyntax): string {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'any':
      return syntax[type.kind];
    case 'array':
      return syntax.array(renderType(type.item, syntax));
    case 'map':
      return syntax.map(renderType(type.value, syntax));
    case 'named':
      return type.name;
    case 'nullable':
      return syntax.nullable(renderType(type.inner, syntax));
  }
}

/** `T?` unless the type already admits null (Kotlin, Swift, Dart). */
export function questionMark(inner: string): string {
  return inner.endsWith('?') ? inner : `${inner}?`;
}

/** `name` as an identifier: camelCased when it is not one, then `guard`ed when `reserved` has it. */
export function identifier(
  name: string,
  reserved: ReadonlySet<string>,
  guard: (base: string) => string,
): string {
  const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : camel(name);
  return reserved.has(base) ? guard(base) : base;
}
