import { type JsonSchema, REF_PREFIX } from './openrpc.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(
  value: unknown,
  path: string,
  visit: (node: Record<string, unknown>, path: string) => void,
): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`, visit);
  } else if (isObject(value)) {
    visit(value, path);
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, visit);
  }
}

/**
 * The conformance problems of a spec (R-1209), one message each; an empty list means none. Checks the
 * document shape, method and param fields, `$ref` targets, the absence of `nullable` and the shape of
 * the `x-blocks-*` extensions.
 */
export function validateSpec(spec: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(spec)) return ['the spec is not a JSON object'];
  if (typeof spec.openrpc !== 'string' || !/^\d+\.\d+\.\d+$/.test(spec.openrpc)) {
    problems.push('openrpc must be a version string x.y.z');
  }
  const info = spec.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    problems.push('info.title and info.version must be strings');
  }
  const schemas =
    isObject(spec.components) && isObject(spec.components.schemas) ? spec.components.schemas : {};
  if (!Array.isArray(spec.methods)) {
    problems.push('methods must be an array');
  } else {
    spec.methods.forEach((method: unknown, i) => {
      const where = `methods[${i}]`;
      if (!isObject(method) || typeof method.name !== 'string' || !method.name.includes('.')) {
        problems.push(`${where}: name must be "<namespace>.<method>"`);
        return;
      }
      const params = Array.isArray(method.params) ? method.params : [];
      if (!Array.isArray(method.params)) problems.push(`${method.name}: params must be an array`);
      params.forEach((param: unknown, j) => {
        if (
          !isObject(param) ||
          typeof param.name !== 'string' ||
          typeof param.required !== 'boolean' ||
          !isObject(param.schema)
        ) {
          problems.push(`${method.name}: params[${j}] needs a string name, a boolean required and a schema`);
        }
      });
      const result = method.result;
      if (!isObject(result) || typeof result.name !== 'string' || result.name === 'result') {
        problems.push(`${method.name}: result needs a name other than "result"`);
      }
      const errors = method.errors;
      const errorOk = (e: unknown) =>
        isObject(e) && Number.isInteger(e.code) && typeof e.message === 'string';
      if (errors !== undefined && (!Array.isArray(errors) || !errors.every(errorOk))) {
        problems.push(`${method.name}: errors must be error objects with an integer code and a message`);
      }
    });
  }
  walk(spec, '$', (node, path) => {
    if ('nullable' in node)
      problems.push(`${path}: "nullable" is not used; write oneOf [T, {"type":"null"}]`);
    const ref = node.$ref;
    if (ref !== undefined) {
      if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) {
        problems.push(`${path}: $ref must start with ${REF_PREFIX}`);
      } else if (!(ref.slice(REF_PREFIX.length) in schemas)) {
        problems.push(`${path}: $ref ${ref} does not resolve`);
      }
    }
    const tag = (node as JsonSchema)['x-blocks-transferable'];
    if (tag !== undefined && (typeof tag !== 'string' || !/^[a-z-]+\/[a-z-]+$/.test(tag))) {
      problems.push(`${path}: x-blocks-transferable must be a "<block>/<kind>" string`);
    }
    const args = (node as JsonSchema)['x-blocks-type-args'];
    if (args !== undefined && (!Array.isArray(args) || !args.every(isObject))) {
      problems.push(`${path}: x-blocks-type-args must be an array of schemas`);
    }
  });
  return problems;
}
