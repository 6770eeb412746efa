import type { ClientModel, FieldModel, TypeModel, TypeRef } from '../../model/client-model.js';
import { camel } from '../../model/client-model.js';
import { docComment, GENERATED_NOTICE, type GeneratedFiles, indent, quote } from '../generated-files.js';
import { renderType, type TypeSyntax } from '../type-syntax.js';
import { resultRevivers, secretClassDts, secretClasses, secretClassesJs } from './ts-redaction.js';
import { TS_RUNTIME_DTS, TS_RUNTIME_JS } from './ts-runtime.js';

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

function paramName(name: string): string {
  const base = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : camel(name);
  return RESERVED.has(base) ? `${base}_` : base;
}

function propName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name, 'ts');
}

const TS_TYPES: TypeSyntax = {
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  any: 'unknown',
  array: (item) => (/[ |&]/.test(item) ? `Array<${item}>` : `${item}[]`),
  map: (value) => `Record<string, ${value}>`,
  nullable: (inner) => `${inner} | null`,
};

function tsType(type: TypeRef): string {
  return renderType(type, TS_TYPES);
}

function members(fields: FieldModel[], extra: TypeRef | undefined, tag?: [string, string]): string {
  const lines: string[] = [];
  if (tag) lines.push(`${propName(tag[0])}: ${quote(tag[1], 'ts')};`);
  for (const f of fields)
    lines.push(
      `${docComment(f.description)}${propName(f.wireName)}${f.required ? '' : '?'}: ${tsType(f.type)};`,
    );
  // Index signatures must admit every fixed property's type, hence `unknown` beside fixed fields.
  if (extra) lines.push(`[key: string]: ${fields.length === 0 && !tag ? tsType(extra) : 'unknown'};`);
  return lines.join('\n');
}

function typeCode(model: TypeModel): string {
  const doc = docComment(model.description);
  // Any other string is a value this client does not know (the server is newer): it arrives as is,
  // and "string & {}" keeps the known values offered by editors.
  if (model.kind === 'enum')
    return `${doc}export type ${model.name} = ${model.values.map((v) => quote(v, 'ts')).join(' | ')} | (string & {});\n`;
  if (model.kind === 'struct') {
    const secret = model.fields.some((f) => f.secret)
      ? `\n${secretClassDts({ name: model.name, fields: model.fields }, model.name)}`
      : '';
    return `${doc}export interface ${model.name} {\n${indent(members(model.fields, model.extra), 2)}\n}\n${secret}`;
  }
  const arms = model.arms.map((arm) => {
    const name = `${model.name}${arm.name}`;
    const secret = arm.fields.some((f) => f.secret)
      ? `\n${secretClassDts(
          { name, fields: arm.fields },
          `{\n${indent(
            members(
              arm.fields.map(({ description: _, ...f }) => f),
              arm.extra,
            ),
            4,
          )}\n  }`,
        )}`
      : '';
    return `/** The \`${arm.value}\` arm of {@link ${model.name}}. */\nexport interface ${name} {\n${indent(members(arm.fields, arm.extra, [model.discriminator, arm.value]), 2)}\n}\n${secret}`;
  });
  return `${doc}export type ${model.name} = ${model.arms.map((a) => `${model.name}${a.name}`).join(' | ')};\n\n${arms.join('\n')}`;
}

/** The API classes, the facade, the servers and error names: JavaScript and its declarations. */
function apiFiles(model: ClientModel): { js: string; dts: string } {
  const used = new Set<string>();
  const note = (type: string) => {
    for (const name of type.match(/[A-Z][A-Za-z0-9_]*/g) ?? []) used.add(name);
  };
  const js: string[] = [];
  const dts: string[] = [];
  if (model.servers.length > 0) {
    const servers = model.servers.map((s) => `${propName(camel(s.name))}: ${quote(s.url, 'ts')},`);
    js.push(
      `/** The servers named in the spec. */\nexport const Servers = Object.freeze({\n${indent(servers.join('\n'), 2)}\n});\n`,
    );
    const typed = model.servers.map((s) => `readonly ${propName(camel(s.name))}: ${quote(s.url, 'ts')};`);
    dts.push(
      `/** The servers named in the spec. */\nexport declare const Servers: {\n${indent(typed.join('\n'), 2)}\n};\n`,
    );
  }
  if (model.errors.length > 0) {
    const names = model.errors.map(
      (e) => `${docComment(`${e.description ?? e.name} (${e.code})`)}${e.name}: ${quote(e.name, 'ts')},`,
    );
    js.push(
      `/** The stable names of the errors the API declares (\`BlocksError.errorName\`). */\nexport const ErrorNames = Object.freeze({\n${indent(names.join('\n'), 2)}\n});\n`,
    );
    const typed = model.errors.map((e) => `readonly ${e.name}: ${quote(e.name, 'ts')};`);
    dts.push(
      `/** The stable names of the errors the API declares (\`BlocksError.errorName\`). */\nexport declare const ErrorNames: {\n${indent(typed.join('\n'), 2)}\n};\n`,
    );
  }
  const revivers = resultRevivers(model, secretClasses(model));
  for (const ns of model.namespaces) {
    const methods = ns.methods.map((m) => {
      const args = m.params.map((p) => paramName(p.name)).join(', ');
      const required = m.params.filter((p) => p.required).length;
      const revive = revivers.byMethod.get(m.wireName);
      const then = revive ? `.then(${revive})` : '';
      return `${docComment(m.description)}${paramName(m.name)}(${args}) {\n  return this.#client.call(${quote(m.wireName, 'ts')}, trimParams([${args}], ${required}))${then};\n}`;
    });
    js.push(
      `/** The \`${ns.name}\` namespace. */\nexport class ${ns.className} {\n  #client;\n\n  constructor(client) {\n    this.#client = client;\n  }\n\n${indent(methods.join('\n\n'), 2)}\n}\n`,
    );
    const signatures = ns.methods.map((m) => {
      const params = m.params.map((p) => `${paramName(p.name)}${p.required ? '' : '?'}: ${tsType(p.type)}`);
      const result = tsType(m.result);
      note(result);
      for (const p of m.params) note(tsType(p.type));
      return `${docComment(m.description)}${paramName(m.name)}(${params.join(', ')}): Promise<${result}>;`;
    });
    dts.push(
      `/** The \`${ns.name}\` namespace. */\nexport declare class ${ns.className} {\n  constructor(client: BlocksClient);\n${indent(signatures.join('\n'), 2)}\n}\n`,
    );
  }
  const fields = model.namespaces.map((ns) => `readonly ${paramName(camel(ns.name))}: ${ns.className};`);
  const inits = model.namespaces.map(
    (ns) => `this.${paramName(camel(ns.name))} = new ${ns.className}(this.client);`,
  );
  js.push(`/** Every namespace of the API over one transport (one cookie jar); options.url is required. */
export class Blocks {
  constructor(options) {
    this.client = new BlocksClient(options);
${indent(inits.join('\n'), 4)}
  }
}
`);
  dts.push(`/** Every namespace of the API over one transport (one cookie jar); options.url is required. */
export declare class Blocks {
  readonly client: BlocksClient;
${indent(fields.join('\n'), 2)}
  constructor(options: BlocksClientOptions);
}
`);
  const declared = new Set(model.types.map((t) => t.name));
  const imports = [...used].filter((n) => declared.has(n)).sort();
  const typeImport = imports.length > 0 ? `import type { ${imports.join(', ')} } from './models.js';\n` : '';
  const classImport =
    revivers.imports.length > 0 ? `import { ${revivers.imports.join(', ')} } from './models.js';\n` : '';
  const reviverCode = revivers.code === '' ? '' : `${revivers.code}\n`;
  return {
    js: `${classImport}import { BlocksClient, trimParams } from './runtime.js';\n\n${reviverCode}${js.join('\n')}`,
    dts: `${typeImport}import type { BlocksClient, BlocksClientOptions } from './runtime.js';\n\n${dts.join('\n')}`,
  };
}

/**
 * Generates a TypeScript client as JavaScript modules plus declarations (`.js` + `.d.ts`), so plain
 * Node 20+, browsers and any bundler run it and TypeScript checks against it; over fetch.
 */
export function generateTypeScript(model: ClientModel): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  const head = `// ${GENERATED_NOTICE}\n`;
  files.set('runtime.js', head + TS_RUNTIME_JS);
  files.set('runtime.d.ts', head + TS_RUNTIME_DTS);
  files.set('models.js', head + secretClassesJs(secretClasses(model)));
  files.set(
    'models.d.ts',
    head + (model.types.length > 0 ? model.types.map(typeCode).join('\n') : 'export {};\n'),
  );
  const api = apiFiles(model);
  files.set('api.js', head + api.js);
  files.set('api.d.ts', head + api.dts);
  const index = `${head}export * from './api.js';\nexport * from './models.js';\nexport * from './runtime.js';\n`;
  files.set('index.js', index);
  files.set('index.d.ts', index);
  return files;
}
