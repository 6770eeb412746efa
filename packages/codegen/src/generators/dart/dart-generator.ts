import type { ClientModel, FieldModel, TypeModel, TypeRef } from '../../model/client-model.js';
import { camel } from '../../model/client-model.js';
import {
  docComment,
  GENERATED_NOTICE,
  type GeneratedFiles,
  type GeneratorOptions,
  indent,
  quote,
} from '../generated-files.js';
import { identifier, questionMark, renderType, type TypeSyntax } from '../type-syntax.js';
import { DART_RUNTIME } from './dart-runtime.js';

/** The Dart package name when none is given. */
export const DEFAULT_DART_PACKAGE = 'blocks_api';

const RESERVED = new Set(
  'abstract as assert async await base break case catch class const continue covariant default deferred do dynamic else enum export extends extension external factory false final finally for Function get hide if implements import in interface is late library mixin new null of on operator part required rethrow return sealed set show static super switch sync this throw true try type typedef var void when while with yield hashCode runtimeType toString noSuchMethod toJson values index name'.split(
    ' ',
  ),
);

/** A Dart identifier for `name`, suffixed with `_` when reserved (or a member every class has). */
export function dartName(name: string): string {
  return identifier(name, RESERVED, (base) => `${base}_`);
}

const DART_TYPES: TypeSyntax = {
  string: 'String',
  number: 'double',
  integer: 'int',
  boolean: 'bool',
  any: 'Object?',
  array: (item) => `List<${item}>`,
  map: (value) => `Map<String, ${value}>`,
  nullable: questionMark,
};

function dartType(type: TypeRef): string {
  return renderType(type, DART_TYPES);
}

function encode(expr: string, type: TypeRef, depth = 0): string {
  const v = `e${depth}`;
  switch (type.kind) {
    case 'array':
      return `${expr}.map((${v}) => ${encode(v, type.item, depth + 1)}).toList()`;
    case 'map':
      return `${expr}.map((k${depth}, ${v}) => MapEntry(k${depth}, ${encode(v, type.value, depth + 1)}))`;
    case 'named':
      return `${expr}.toJson()`;
    case 'nullable':
      return type.inner.kind === 'any'
        ? expr
        : `(${expr} == null ? null : ${encode(`${expr}!`, type.inner, depth)})`;
    default:
      return expr;
  }
}

function decode(expr: string, type: TypeRef, depth = 0): string {
  const v = `e${depth}`;
  switch (type.kind) {
    case 'string':
      return `${expr} as String`;
    case 'number':
      return `(${expr} as num).toDouble()`;
    case 'integer':
      return `(${expr} as num).toInt()`;
    case 'boolean':
      return `${expr} as bool`;
    case 'any':
      return expr;
    case 'array':
      return `(${expr} as List<dynamic>).map((${v}) => ${decode(v, type.item, depth + 1)}).toList()`;
    case 'map':
      return `(${expr} as Map<String, dynamic>).map((k${depth}, ${v}) => MapEntry(k${depth}, ${decode(v, type.value, depth + 1)}))`;
    case 'named':
      return `${type.name}.fromJson(${expr})`;
    case 'nullable':
      return type.inner.kind === 'any'
        ? expr
        : `(${expr} == null ? null : ${decode(expr, type.inner, depth)})`;
  }
}

const EXTRA = 'additionalProperties';

function fieldType(f: FieldModel): string {
  const t = dartType(f.type);
  return f.required || t.endsWith('?') ? t : `${t}?`;
}

/** A `toString` with every password and code shown as `***`; none when nothing is secret. */
function redactedToString(className: string, fields: FieldModel[]): string {
  if (!fields.some((f) => f.secret)) return '';
  const shown = fields.map((f) => {
    const name = dartName(f.wireName);
    return f.secret ? `${name}: ***` : `${name}: \${${name}}`;
  });
  return `  /** Secrets (passwords, codes) are shown as ***. */
  @override
  String toString() => '${className}(${shown.join(', ')})';

`;
}

function classCode(
  name: string,
  fields: FieldModel[],
  extra: TypeRef | undefined,
  opts: { parent?: string; tag?: [string, string]; doc?: string },
): string {
  const ctorParams = fields.map(
    (f) => `${fieldType(f).endsWith('?') ? '' : 'required '}this.${dartName(f.wireName)}`,
  );
  if (extra) ctorParams.push(`this.${EXTRA} = const {}`);
  const decls = fields.map(
    (f) => `${docComment(f.description)}final ${fieldType(f)} ${dartName(f.wireName)};`,
  );
  if (extra) decls.push(`final Map<String, ${dartType(extra)}> ${EXTRA};`);
  const args = fields.map((f) => {
    const raw = `json[${quote(f.wireName, 'dart')}]`;
    const type: TypeRef =
      fieldType(f).endsWith('?') && f.type.kind !== 'nullable' ? { kind: 'nullable', inner: f.type } : f.type;
    return `${dartName(f.wireName)}: ${decode(raw, type)},`;
  });
  if (extra) {
    const fixed = [...fields.map((f) => f.wireName), ...(opts.tag ? [opts.tag[0]] : [])].map((n) =>
      quote(n, 'dart'),
    );
    args.push(
      `${EXTRA}: {for (final entry in json.entries) if (!const {${fixed.join(', ')}}.contains(entry.key)) entry.key: ${decode('entry.value', extra, 1)}},`,
    );
  }
  const entries: string[] = [];
  if (extra) entries.push(`...${EXTRA}.map((k0, e0) => MapEntry(k0, ${encode('e0', extra, 1)})),`);
  if (opts.tag) entries.push(`${quote(opts.tag[0], 'dart')}: ${quote(opts.tag[1], 'dart')},`);
  for (const f of fields) {
    const name = dartName(f.wireName);
    const key = quote(f.wireName, 'dart');
    if (fieldType(f).endsWith('?')) {
      const inner: TypeRef = f.type.kind === 'nullable' ? f.type.inner : f.type;
      entries.push(`if (${name} != null) ${key}: ${encode(`${name}!`, inner)},`);
    } else {
      entries.push(`${key}: ${encode(name, f.type)},`);
    }
  }
  const ext = opts.parent ? ` extends ${opts.parent}` : '';
  const modifier = opts.parent ? 'final ' : '';
  return `${docComment(opts.doc)}${modifier}class ${name}${ext} {
  const ${name}(${ctorParams.length > 0 ? `{${ctorParams.join(', ')}}` : ''});

  factory ${name}.fromJson(Object? value) {
    ${fields.length > 0 || extra ? 'final json = value as Map<String, dynamic>;' : 'value as Map<String, dynamic>;'}
    return ${name}(${args.length > 0 ? `\n${indent(args.join('\n'), 6)}\n    ` : ''});
  }

${indent(decls.join('\n'), 2)}${decls.length > 0 ? '\n\n' : ''}  ${opts.parent ? '@override\n  ' : ''}Map<String, dynamic> toJson() => {${entries.length > 0 ? `\n${indent(entries.join('\n'), 6)}\n    ` : ''}};

${redactedToString(name, fields)}  @override
  bool operator ==(Object other) => other is ${name} && jsonEncode(other.toJson()) == jsonEncode(toJson());

  @override
  int get hashCode => jsonEncode(toJson()).hashCode;
}
`;
}

function typeCode(model: TypeModel): string {
  if (model.kind === 'struct')
    return classCode(model.name, model.fields, model.extra, {
      ...(model.description ? { doc: model.description } : {}),
    });
  if (model.kind === 'enum') {
    const used = new Set<string>(['unknown', 'wire', 'isKnown', 'fromJson', 'toJson', 'known']);
    const values = model.values.map((v) => {
      let name = dartName(camel(v));
      for (let i = 2; used.has(name); i++) name = `${dartName(camel(v))}${i}`;
      used.add(name);
      return { value: v, name };
    });
    return `${docComment(model.description)}final class ${model.name} {
  const ${model.name}._(this.wire);

  /** A value this client does not know (the server is newer). */
  const ${model.name}.unknown(this.wire);

${indent(values.map((v) => `static const ${v.name} = ${model.name}._(${quote(v.value, 'dart')});`).join('\n'), 2)}

  /** The values this client knows. */
  static const known = [${values.map((v) => v.name).join(', ')}];

  final String wire;

  bool get isKnown => known.contains(this);

  String toJson() => wire;

  static ${model.name} fromJson(Object? value) {
    final raw = value as String;
    for (final known in ${model.name}.known) {
      if (known.wire == raw) return known;
    }
    return ${model.name}.unknown(raw);
  }

  @override
  bool operator ==(Object other) => other is ${model.name} && other.wire == wire;

  @override
  int get hashCode => wire.hashCode;

  @override
  String toString() => wire;
}
`;
  }
  const cases = model.arms.map(
    (arm) => `${quote(arm.value, 'dart')} => ${model.name}${arm.name}.fromJson(json),`,
  );
  const arms = model.arms.map((arm) =>
    classCode(`${model.name}${arm.name}`, arm.fields, arm.extra, {
      parent: model.name,
      tag: [model.discriminator, arm.value],
    }),
  );
  return `${docComment(model.description)}sealed class ${model.name} {
  const ${model.name}();

  factory ${model.name}.fromJson(Object? value) {
    final json = value as Map<String, dynamic>;
    return switch (json[${quote(model.discriminator, 'dart')}]) {
${indent(cases.join('\n'), 6)}
      _ => throw BlocksException('Unknown ${model.discriminator} for ${model.name}', 0),
    };
  }

  Map<String, dynamic> toJson();
}

${arms.join('\n')}`;
}

/** Generates a Dart package (package:http): runtime, models with fromJson/toJson, one class per namespace. */
export function generateDart(model: ClientModel, options: GeneratorOptions = {}): GeneratedFiles {
  const pkg = options.packageName ?? DEFAULT_DART_PACKAGE;
  const head = `// ${GENERATED_NOTICE}\n`;
  const files: GeneratedFiles = new Map();
  files.set(
    'pubspec.yaml',
    `# ${GENERATED_NOTICE}\nname: ${pkg}\ndescription: Client for a Blockyard backend.\nversion: 1.0.0\npublish_to: none\n\nenvironment:\n  sdk: ">=3.0.0 <4.0.0"\n\ndependencies:\n  http: ">=1.0.0 <2.0.0"\n`,
  );
  files.set('lib/src/runtime.dart', head + DART_RUNTIME);
  files.set(
    'lib/src/models.dart',
    `${head}// ignore_for_file: constant_identifier_names, non_constant_identifier_names\nimport 'dart:convert';\n\nimport 'runtime.dart';\n\n${model.types.map(typeCode).join('\n')}`,
  );
  const classes = model.namespaces.map((ns) => {
    const methods = ns.methods.map((m) => {
      const required = m.params.filter((p) => p.required);
      const optional = m.params.filter((p) => !p.required);
      const sig = [
        ...required.map((p) => `${dartType(p.type)} ${dartName(p.name)}`),
        ...(optional.length > 0
          ? [
              `[${optional.map((p) => `${dartType({ kind: 'nullable', inner: p.type })} ${dartName(p.name)}`).join(', ')}]`,
            ]
          : []),
      ];
      const args = m.params.map((p) =>
        p.required
          ? encode(dartName(p.name), p.type)
          : encode(
              dartName(p.name),
              p.type.kind === 'nullable' ? p.type : { kind: 'nullable', inner: p.type },
            ),
      );
      const result = dartType(m.result);
      const call = `await _client.call(${quote(m.wireName, 'dart')}, [${args.join(', ')}], ${required.length})`;
      return `${docComment(m.description)}Future<${result}> ${dartName(m.name)}(${sig.join(', ')}) async {\n  final result = ${call};\n  return ${decode('result', m.result)};\n}`;
    });
    return `/** The \`${ns.name}\` namespace. */\nclass ${ns.className} {\n  ${ns.className}(this._client);\n\n  final BlocksClient _client;\n\n${indent(methods.join('\n\n'), 2)}\n}\n`;
  });
  const parts: string[] = [];
  if (model.servers.length > 0) {
    const servers = model.servers.map(
      (srv) => `static const ${dartName(camel(srv.name))} = ${quote(srv.url, 'dart')};`,
    );
    parts.push(
      `/** The servers named in the spec. */\nabstract final class Servers {\n${indent(servers.join('\n'), 2)}\n}\n`,
    );
  }
  if (model.errors.length > 0) {
    const names = model.errors.map(
      (e) =>
        `${docComment(`${e.description ?? e.name} (${e.code})`)}static const ${e.name} = ${quote(e.name, 'dart')};`,
    );
    parts.push(
      `/** The stable names of the errors the API declares (\`BlocksException.name\`). */\nabstract final class ErrorNames {\n${indent(names.join('\n'), 2)}\n}\n`,
    );
  }
  const fields = model.namespaces.map(
    (ns) => `late final ${dartName(camel(ns.name))} = ${ns.className}(client);`,
  );
  files.set(
    'lib/src/api.dart',
    `${head}// ignore_for_file: constant_identifier_names\nimport 'models.dart';\nimport 'runtime.dart';\n\n${[...parts, ...classes].join('\n')}\n/**\n * Every namespace of the API over one transport (one cookie jar). baseUrl is the API's URL, e.g.\n * http://10.0.2.2:3001/aws-blocks/api from the Android emulator; keep the session across restarts\n * with CookieJar(store: yourSecureStore).\n */\nclass Blocks {\n  Blocks({required String baseUrl, CookieJar? cookieJar}) : client = BlocksClient(baseUrl, cookieJar: cookieJar);\n\n  final BlocksClient client;\n${indent(fields.join('\n'), 2)}\n}\n`,
  );
  files.set(
    `lib/${pkg}.dart`,
    `${head}export 'src/api.dart';\nexport 'src/models.dart';\nexport 'src/runtime.dart';\n`,
  );
  return files;
}
