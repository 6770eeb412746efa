import type { ClientModel, FieldModel, TypeModel, TypeRef } from '../../model/client-model.js';
import { camel } from '../../model/client-model.js';
import { docComment, GENERATED_NOTICE, type GeneratedFiles, indent, quote } from '../generated-files.js';
import { renderType, type TypeSyntax } from '../type-syntax.js';
import { TS_RUNTIME } from './ts-runtime.js';

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
  if (model.kind === 'enum')
    return `${doc}export type ${model.name} = ${model.values.map((v) => quote(v, 'ts')).join(' | ')};\n`;
  if (model.kind === 'struct')
    return `${doc}export interface ${model.name} {\n${indent(members(model.fields, model.extra), 2)}\n}\n`;
  const arms = model.arms.map(
    (arm) =>
      `/** The \`${arm.value}\` arm of {@link ${model.name}}. */\nexport interface ${model.name}${arm.name} {\n${indent(members(arm.fields, arm.extra, [model.discriminator, arm.value]), 2)}\n}\n`,
  );
  return `${doc}export type ${model.name} = ${model.arms.map((a) => `${model.name}${a.name}`).join(' | ')};\n\n${arms.join('\n')}`;
}

/** Generates a typed TypeScript client over fetch (browsers and Node 20+), with its runtime. */
export function generateTypeScript(model: ClientModel): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  const head = `// ${GENERATED_NOTICE}\n`;
  files.set('runtime.ts', head + TS_RUNTIME);
  files.set(
    'models.ts',
    head + (model.types.length > 0 ? model.types.map(typeCode).join('\n') : 'export {};\n'),
  );
  const used = new Set<string>();
  const classes = model.namespaces.map((ns) => {
    const methods = ns.methods.map((m) => {
      const params = m.params.map((p) => `${paramName(p.name)}${p.required ? '' : '?'}: ${tsType(p.type)}`);
      const args = m.params.map((p) => paramName(p.name)).join(', ');
      const required = m.params.filter((p) => p.required).length;
      const result = tsType(m.result);
      for (const name of result.match(/[A-Z][A-Za-z0-9_]*/g) ?? []) used.add(name);
      for (const p of m.params)
        for (const name of tsType(p.type).match(/[A-Z][A-Za-z0-9_]*/g) ?? []) used.add(name);
      return `${docComment(m.description)}async ${paramName(m.name)}(${params.join(', ')}): Promise<${result}> {\n  return (await this.#client.call(${quote(m.wireName, 'ts')}, trimParams([${args}], ${required}))) as ${result};\n}`;
    });
    return `/** The \`${ns.name}\` namespace. */\nexport class ${ns.className} {\n  readonly #client: BlocksClient;\n\n  constructor(client: BlocksClient) {\n    this.#client = client;\n  }\n\n${indent(methods.join('\n\n'), 2)}\n}\n`;
  });
  const declared = new Set(model.types.map((t) => t.name));
  const imports = [...used].filter((n) => declared.has(n)).sort();
  const servers = model.servers.map((s) => `${propName(camel(s.name))}: ${quote(s.url, 'ts')},`);
  const fields = model.namespaces.map((ns) => `readonly ${paramName(camel(ns.name))}: ${ns.className};`);
  const inits = model.namespaces.map(
    (ns) => `this.${paramName(camel(ns.name))} = new ${ns.className}(this.client);`,
  );
  files.set(
    'api.ts',
    `${head}${imports.length > 0 ? `import type { ${imports.join(', ')} } from './models.js';\n` : ''}import { BlocksClient, type BlocksClientOptions, trimParams } from './runtime.js';

/** The servers named in the spec. */
export const Servers = {
${indent(servers.join('\n'), 2)}
} as const;

/** The first server of the spec. */
export const DEFAULT_SERVER = ${quote(model.servers[0]!.url, 'ts')};

${classes.join('\n')}
/** Every namespace of the API over one transport (one cookie jar). */
export class Blocks {
  readonly client: BlocksClient;
${indent(fields.join('\n'), 2)}

  constructor(options: Partial<BlocksClientOptions> = {}) {
    this.client = new BlocksClient({ ...options, url: options.url ?? DEFAULT_SERVER });
${indent(inits.join('\n'), 4)}
  }
}
`,
  );
  files.set(
    'index.ts',
    `${head}export * from './api.js';\nexport * from './models.js';\nexport * from './runtime.js';\n`,
  );
  return files;
}
