import type { ClientModel, FieldModel, TypeModel, TypeRef } from '../../model/client-model.js';
import { docComment, indent, quote } from '../generated-files.js';

/**
 * Secrets in the TypeScript client: every struct or union arm with a secret field (a password, a
 * code) is also a class whose instances print those fields as `***` (the runtime's `redactSecrets`),
 * and results are revived into these classes, so no value the client hands out prints a secret.
 */

/** A struct or union arm that holds secrets directly: its class name and fields. */
interface SecretClass {
  name: string;
  fields: FieldModel[];
  /** The discriminator and the arm's value, for a union arm. */
  tag?: [string, string];
}

/** Every struct and union arm with a secret field, as a class. */
export function secretClasses(model: ClientModel): SecretClass[] {
  const classes: SecretClass[] = [];
  for (const type of model.types) {
    if (type.kind === 'struct' && type.fields.some((f) => f.secret))
      classes.push({ name: type.name, fields: type.fields });
    if (type.kind === 'union')
      for (const arm of type.arms)
        if (arm.fields.some((f) => f.secret))
          classes.push({
            name: `${type.name}${arm.name}`,
            fields: arm.fields,
            tag: [type.discriminator, arm.value],
          });
  }
  return classes;
}

/** `object.key`, or `object["key"]` when key is no identifier. */
function member(object: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${object}.${key}` : `${object}[${quote(key, 'ts')}]`;
}

function secretList(fields: FieldModel[]): string {
  return fields
    .filter((f) => f.secret)
    .map((f) => quote(f.wireName, 'ts'))
    .join(', ');
}

function classDoc(c: SecretClass): string {
  const names = c.fields.filter((f) => f.secret).map((f) => f.wireName);
  return docComment(
    `Builds a {@link ${c.name}} whose ${names.join(', ')} print${names.length === 1 ? 's' : ''} as *** (String(), and util.inspect and console.log in Node); JSON.stringify, and so the request, carries the real value.`,
  );
}

/** The classes in JavaScript, for `models.js`. */
export function secretClassesJs(classes: SecretClass[]): string {
  if (classes.length === 0) return 'export {};\n';
  const code = classes.map((c) => {
    const tag = c.tag ? `${member('this', c.tag[0])} = ${quote(c.tag[1], 'ts')};\n    ` : '';
    return `${classDoc(c)}export class ${c.name} {\n  constructor(fields) {\n    ${tag}Object.assign(this, fields);\n  }\n}\nredactSecrets(${c.name}, [${secretList(c.fields)}]);\n`;
  });
  return `import { redactSecrets } from './runtime.js';\n\n${code.join('\n')}`;
}

/**
 * The classes' declarations, for `models.d.ts`: each merges with the interface of the same name, so
 * plain object literals keep fitting the type. `fieldsType` writes the constructor's argument type.
 */
export function secretClassDts(c: SecretClass, fieldsType: string): string {
  const optional = c.fields.every((f) => !f.required) ? '?' : '';
  return `${classDoc(c)}export declare class ${c.name} {\n  constructor(fields${optional}: ${fieldsType});\n}\n`;
}

/** The named types whose values hold a secret somewhere (directly or in a nested value). */
function revivable(model: ClientModel, classes: SecretClass[]): Set<string> {
  const found = new Set(classes.map((c) => c.name));
  const fieldsOf = (type: TypeModel): { fields: FieldModel[]; extra?: TypeRef | undefined }[] => {
    if (type.kind === 'struct') return [type];
    if (type.kind === 'union') return type.arms;
    return [];
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const type of model.types) {
      if (found.has(type.name)) continue;
      const holds = fieldsOf(type).some(
        (shape) =>
          shape.fields.some((f) => mentions(f.type, found)) || (shape.extra && mentions(shape.extra, found)),
      );
      const arm = type.kind === 'union' && type.arms.some((a) => found.has(`${type.name}${a.name}`));
      if (holds || arm) {
        found.add(type.name);
        changed = true;
      }
    }
  }
  return found;
}

/** The named types a method's result can hold, directly or nested. */
function reachable(model: ClientModel): Set<string> {
  const byName = new Map(model.types.map((t) => [t.name, t]));
  const found = new Set<string>();
  const visit = (type: TypeRef): void => {
    if (type.kind === 'array') visit(type.item);
    else if (type.kind === 'map') visit(type.value);
    else if (type.kind === 'nullable') visit(type.inner);
    else if (type.kind === 'named' && !found.has(type.name)) {
      found.add(type.name);
      const declared = byName.get(type.name);
      const shapes =
        declared?.kind === 'struct' ? [declared] : declared?.kind === 'union' ? declared.arms : [];
      for (const shape of shapes) {
        for (const f of shape.fields) visit(f.type);
        if (shape.extra) visit(shape.extra);
      }
    }
  };
  for (const ns of model.namespaces) for (const m of ns.methods) visit(m.result);
  return found;
}

function mentions(type: TypeRef, names: Set<string>): boolean {
  switch (type.kind) {
    case 'named':
      return names.has(type.name);
    case 'array':
      return mentions(type.item, names);
    case 'map':
      return mentions(type.value, names);
    case 'nullable':
      return mentions(type.inner, names);
    default:
      return false;
  }
}

/** An expression reviving `value` of `type`, or undefined when nothing in it needs reviving. */
function reviveExpr(type: TypeRef, value: string, names: Set<string>, depth = 0): string | undefined {
  if (!mentions(type, names)) return undefined;
  const e = `e${depth}`;
  switch (type.kind) {
    case 'named':
      return `revive${type.name}(${value})`;
    case 'array':
      return `eachItem(${value}, (${e}) => ${reviveExpr(type.item, e, names, depth + 1)})`;
    case 'map':
      return `eachValue(${value}, (${e}) => ${reviveExpr(type.value, e, names, depth + 1)})`;
    case 'nullable':
      return reviveExpr(type.inner, value, names, depth);
    default:
      return undefined;
  }
}

const EACH_ITEM = `/** Revives every item of an array. */
function eachItem(v, revive) {
  return Array.isArray(v) ? v.map(revive) : v;
}
`;

const EACH_VALUE = `/** Revives every value of an object used as a map. */
function eachValue(v, revive) {
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, revive(e)]));
}
`;

/** The statements reviving the nested fields of `o` (a fresh copy); none when nothing nested needs it. */
function reviveFields(fields: FieldModel[], extra: TypeRef | undefined, names: Set<string>): string {
  const lines: string[] = [];
  for (const f of fields) {
    const key = member('o', f.wireName);
    const expr = reviveExpr(f.type, key, names);
    if (expr) lines.push(`if (${key} != null) ${key} = ${expr};`);
  }
  const extraExpr = extra && reviveExpr(extra, 'o[key]', names);
  if (extraExpr) {
    const fixed = fields.map((f) => quote(f.wireName, 'ts')).join(', ');
    lines.push(`for (const key of Object.keys(o)) if (![${fixed}].includes(key)) o[key] = ${extraExpr};`);
  }
  return lines.join('\n');
}

/**
 * The functions reviving results into the secret classes, for `api.js`, and what each method's
 * result goes through (`.then(…)`), by wire name.
 */
export function resultRevivers(
  model: ClientModel,
  classes: SecretClass[],
): { code: string; imports: string[]; byMethod: Map<string, string> } {
  const names = revivable(model, classes);
  const classNames = new Set(classes.map((c) => c.name));
  const functions: string[] = [];
  const guard = "if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;";
  const reviver = (name: string, fields: FieldModel[], extra: TypeRef | undefined) => {
    const copy = classNames.has(name) ? `new ${name}(v)` : '{ ...v }';
    const nested = reviveFields(fields, extra, names);
    const body = nested === '' ? `return ${copy};` : `const o = ${copy};\n${nested}\nreturn o;`;
    functions.push(`function revive${name}(v) {\n  ${guard}\n${indent(body, 2)}\n}\n`);
  };
  const reached = reachable(model);
  for (const type of model.types) {
    if (!names.has(type.name) || !reached.has(type.name)) continue;
    if (type.kind === 'struct') reviver(type.name, type.fields, type.extra);
    if (type.kind !== 'union') continue;
    const cases: string[] = [];
    for (const arm of type.arms) {
      const armName = `${type.name}${arm.name}`;
      const needed = classNames.has(armName) || arm.fields.some((f) => mentions(f.type, names));
      if (!needed) continue;
      names.add(armName);
      reviver(armName, arm.fields, arm.extra);
      cases.push(`case ${quote(arm.value, 'ts')}:\n  return revive${armName}(v);`);
    }
    functions.push(
      `function revive${type.name}(v) {\n  ${guard}\n  switch (${member('v', type.discriminator)}) {\n${indent(cases.join('\n'), 4)}\n    default:\n      return v;\n  }\n}\n`,
    );
  }
  const byMethod = new Map<string, string>();
  for (const ns of model.namespaces)
    for (const m of ns.methods) {
      const expr = reviveExpr(m.result, 'v', names);
      if (expr)
        byMethod.set(m.wireName, m.result.kind === 'named' ? `revive${m.result.name}` : `(v) => ${expr}`);
    }
  if (functions.length === 0) return { code: '', imports: [], byMethod };
  const used = functions.join('\n');
  const helpers = [
    ...(used.includes('eachItem(') ? [EACH_ITEM] : []),
    ...(used.includes('eachValue(') ? [EACH_VALUE] : []),
  ];
  return {
    code: `// Results are revived into the classes that print secrets as ***.\n${[...helpers, ...functions].join('\n')}`,
    imports: [...classNames].filter((n) => used.includes(`new ${n}(`)).sort(),
    byMethod,
  };
}
