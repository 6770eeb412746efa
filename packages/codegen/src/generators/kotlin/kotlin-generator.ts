import type {
  ClientModel,
  FieldModel,
  StructModel,
  TypeModel,
  TypeRef,
  UnionModel,
} from '../../model/client-model.js';
import { camel, pascal } from '../../model/client-model.js';
import {
  docComment,
  GENERATED_NOTICE,
  type GeneratedFiles,
  type GeneratorOptions,
  indent,
  quote,
} from '../generated-files.js';
import { identifier, questionMark, renderType, type TypeSyntax } from '../type-syntax.js';
import { KOTLIN_RUNTIME } from './kotlin-runtime.js';

/** The Kotlin package when none is given. */
export const DEFAULT_KOTLIN_PACKAGE = 'com.blockyard.generated';

const KEYWORDS = new Set(
  'as break class continue do else false for fun if in interface is null object package return super this throw true try typealias typeof val var when while'.split(
    ' ',
  ),
);

/** A Kotlin identifier for `name`: camelCased when not one already, backticked when a keyword. */
export function kotlinName(name: string): string {
  return identifier(name, KEYWORDS, (base) => `\`${base}\``);
}

const KOTLIN_TYPES: TypeSyntax = {
  string: 'String',
  number: 'Double',
  integer: 'Long',
  boolean: 'Boolean',
  any: 'Any?',
  array: (item) => `List<${item}>`,
  map: (value) => `Map<String, ${value}>`,
  nullable: questionMark,
};

function kotlinType(type: TypeRef): string {
  return renderType(type, KOTLIN_TYPES);
}

/** Kotlin expression turning `expr` (typed) into a JSON value. */
function encode(expr: string, type: TypeRef, depth = 0): string {
  const v = `e${depth}`;
  switch (type.kind) {
    case 'array':
      return `${expr}.map { ${v} -> ${encode(v, type.item, depth + 1)} }`;
    case 'map':
      return `${expr}.mapValues { ${v} -> ${encode(`${v}.value`, type.value, depth + 1)} }`;
    case 'named':
      return `${expr}.toJson()`;
    case 'nullable':
      return type.inner.kind === 'any'
        ? expr
        : `${expr}?.let { ${v} -> ${encode(v, type.inner, depth + 1)} }`;
    default:
      return expr;
  }
}

/** Kotlin expression turning the JSON value `expr` into the typed value. */
function decode(expr: string, type: TypeRef, depth = 0): string {
  const v = `e${depth}`;
  switch (type.kind) {
    case 'string':
      return `Json.str(${expr})`;
    case 'number':
      return `Json.num(${expr})`;
    case 'integer':
      return `Json.long(${expr})`;
    case 'boolean':
      return `Json.bool(${expr})`;
    case 'any':
      return expr;
    case 'array':
      return `Json.list(${expr}).map { ${v} -> ${decode(v, type.item, depth + 1)} }`;
    case 'map':
      return `Json.obj(${expr}).mapValues { ${v} -> ${decode(`${v}.value`, type.value, depth + 1)} }`;
    case 'named':
      return `${type.name}.fromJson(${expr})`;
    case 'nullable':
      return type.inner.kind === 'any'
        ? expr
        : `Json.opt(${expr}) { ${v} -> ${decode(v, type.inner, depth + 1)} }`;
  }
}

const EXTRA = 'additionalProperties';

function fieldType(field: FieldModel): string {
  const t = kotlinType(field.type);
  return field.required || t.endsWith('?') ? t : `${t}?`;
}

function isOptional(field: FieldModel): boolean {
  return !field.required || field.type.kind === 'nullable' || field.type.kind === 'any';
}

function constructorParams(fields: FieldModel[], extra: TypeRef | undefined): string {
  const lines = fields.map((f) => {
    const doc = docComment(f.description);
    return `${doc}val ${kotlinName(f.wireName)}: ${fieldType(f)}${isOptional(f) ? ' = null' : ''}`;
  });
  if (extra) lines.push(`val ${EXTRA}: Map<String, ${kotlinType(extra)}> = emptyMap()`);
  return lines.join(',\n');
}

function toJsonBody(fields: FieldModel[], extra: TypeRef | undefined, tag?: [string, string]): string {
  const lines = ['val json = LinkedHashMap<String, Any?>()'];
  if (extra) lines.push(`for ((key, value) in ${EXTRA}) json[key] = ${encode('value', extra)}`);
  if (tag) lines.push(`json[${quote(tag[0], 'kotlin')}] = ${quote(tag[1], 'kotlin')}`);
  for (const f of fields) {
    const name = kotlinName(f.wireName);
    const key = quote(f.wireName, 'kotlin');
    if (f.required) {
      lines.push(`json[${key}] = ${encode(name, f.type)}`);
    } else {
      const inner: TypeRef = f.type.kind === 'nullable' ? f.type.inner : f.type;
      lines.push(`if (${name} != null) json[${key}] = ${inner.kind === 'any' ? name : encode(name, inner)}`);
    }
  }
  lines.push('return json');
  return lines.join('\n');
}

function fromJsonBody(
  className: string,
  fields: FieldModel[],
  extra: TypeRef | undefined,
  skip?: string,
): string {
  const args = fields.map((f) => {
    const raw = `json[${quote(f.wireName, 'kotlin')}]`;
    const value = f.required
      ? decode(raw, f.type)
      : decode(raw, { kind: 'nullable', inner: f.type.kind === 'nullable' ? f.type.inner : f.type });
    return `${kotlinName(f.wireName)} = ${value}`;
  });
  if (extra) {
    const fixed = [...fields.map((f) => f.wireName), ...(skip ? [skip] : [])].map((n) => quote(n, 'kotlin'));
    const keep = fixed.length > 0 ? `.filterKeys { it !in setOf(${fixed.join(', ')}) }` : '';
    args.push(`${EXTRA} = json${keep}.mapValues { e0 -> ${decode('e0.value', extra, 1)} }`);
  }
  return `val json = Json.obj(value)\nreturn ${className}(${args.length > 0 ? `\n${indent(args.join(',\n'), 4)}\n` : ''})`;
}

function structCode(model: StructModel): string {
  const params = constructorParams(model.fields, model.extra);
  return `${docComment(model.description)}data class ${model.name}(
${indent(params, 4)}
) {
    fun toJson(): Map<String, Any?> {
${indent(toJsonBody(model.fields, model.extra), 8)}
    }

    companion object {
        fun fromJson(value: Any?): ${model.name} {
${indent(fromJsonBody(model.name, model.fields, model.extra), 12)}
        }
    }
}
`;
}

function unionCode(model: UnionModel): string {
  const arms = model.arms.map((arm) => {
    const tag: [string, string] = [model.discriminator, arm.value];
    if (arm.fields.length === 0 && !arm.extra) {
      return `object ${arm.name} : ${model.name}() {
    override fun toJson(): Map<String, Any?> = linkedMapOf<String, Any?>(${quote(tag[0], 'kotlin')} to ${quote(tag[1], 'kotlin')})
}`;
    }
    return `data class ${arm.name}(
${indent(constructorParams(arm.fields, arm.extra), 4)}
) : ${model.name}() {
    override fun toJson(): Map<String, Any?> {
${indent(toJsonBody(arm.fields, arm.extra, tag), 8)}
    }

    companion object {
        fun fromJson(value: Any?): ${arm.name} {
${indent(fromJsonBody(arm.name, arm.fields, arm.extra, model.discriminator), 12)}
        }
    }
}`;
  });
  const cases = model.arms.map(
    (arm) =>
      `${quote(arm.value, 'kotlin')} -> ${arm.fields.length === 0 && !arm.extra ? arm.name : `${arm.name}.fromJson(json)`}`,
  );
  return `${docComment(model.description)}sealed class ${model.name} {
    abstract fun toJson(): Map<String, Any?>

${indent(arms.join('\n\n'), 4)}

    companion object {
        fun fromJson(value: Any?): ${model.name} {
            val json = Json.obj(value)
            return when (json[${quote(model.discriminator, 'kotlin')}]) {
${indent(cases.join('\n'), 16)}
                else -> throw BlocksException("Unknown ${model.discriminator} for ${model.name}", 0)
            }
        }
    }
}
`;
}

function enumConstant(value: string, used: Set<string>): string {
  let base = value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (base === '' || /^[0-9]/.test(base)) base = `V_${base}`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

function typeCode(model: TypeModel): string {
  if (model.kind === 'struct') return structCode(model);
  if (model.kind === 'union') return unionCode(model);
  const used = new Set<string>();
  const constants = model.values.map((v) => `${enumConstant(v, used)}(${quote(v, 'kotlin')})`);
  return `${docComment(model.description)}enum class ${model.name}(val wire: String) {
${indent(constants.join(',\n'), 4)};

    fun toJson(): String = wire

    companion object {
        fun fromJson(value: Any?): ${model.name} =
            values().firstOrNull { it.wire == value } ?: throw BlocksException("Unknown ${model.name}: " + value, 0)
    }
}
`;
}

function header(pkg: string): string {
  return `// ${GENERATED_NOTICE}\n@file:Suppress("unused", "RedundantVisibilityModifier")\n\npackage ${pkg}\n\n`;
}

/** Generates a Kotlin/JVM client (JDK only): runtime, models, one class per namespace, server presets. */
export function generateKotlin(model: ClientModel, options: GeneratorOptions = {}): GeneratedFiles {
  const pkg = options.packageName ?? DEFAULT_KOTLIN_PACKAGE;
  const dir = pkg.replaceAll('.', '/');
  const files: GeneratedFiles = new Map();
  files.set(
    `${dir}/BlocksRuntime.kt`,
    `// ${GENERATED_NOTICE}\n${KOTLIN_RUNTIME.replace('__PACKAGE__', pkg)}`,
  );
  files.set(`${dir}/Models.kt`, header(pkg) + model.types.map(typeCode).join('\n'));
  const presets = model.servers.map(
    (s) => `const val ${kotlinName(camel(s.name))} = ${quote(s.url, 'kotlin')}`,
  );
  files.set(
    `${dir}/Servers.kt`,
    `${header(pkg)}/** The servers named in the spec. */\nobject Servers {\n${indent(presets.join('\n'), 4)}\n\n    /** The first server of the spec. */\n    const val DEFAULT = ${quote(model.servers[0]!.url, 'kotlin')}\n}\n`,
  );
  const fields: string[] = [];
  for (const ns of model.namespaces) {
    const methods = ns.methods.map((m) => {
      const params = m.params.map((p) => {
        const t = kotlinType(p.type);
        const optional = !p.required;
        return `${kotlinName(p.name)}: ${optional && !t.endsWith('?') ? `${t}?` : t}${optional ? ' = null' : ''}`;
      });
      const args = m.params.map((p) => {
        const name = kotlinName(p.name);
        const inner: TypeRef = p.type.kind === 'nullable' ? p.type.inner : p.type;
        return !p.required || p.type.kind === 'nullable'
          ? inner.kind === 'any'
            ? name
            : `${name}?.let { e0 -> ${encode('e0', inner, 1)} }`
          : encode(name, p.type);
      });
      // Trailing optional params left out are not sent, so the server applies its defaults.
      const call = `client.call(${quote(m.wireName, 'kotlin')}, trimTrailingNulls(listOf(${args.join(', ')}), ${m.params.filter((p) => p.required).length}))`;
      const body = m.result.kind === 'any' ? call : decode(call, m.result);
      return `${docComment(m.description)}fun ${kotlinName(m.name)}(${params.join(', ')}): ${kotlinType(m.result)} =\n    ${body}`;
    });
    files.set(
      `${dir}/${ns.className}.kt`,
      `${header(pkg)}/** The \`${ns.name}\` namespace. */\nclass ${ns.className}(private val client: BlocksClient) {\n${indent(methods.join('\n\n'), 4)}\n}\n`,
    );
    fields.push(`val ${kotlinName(camel(ns.name))} = ${ns.className}(client)`);
  }
  files.set(
    `${dir}/Blocks.kt`,
    `${header(pkg)}/** Every namespace of the API over one transport (one cookie jar). */
class Blocks(url: String = Servers.DEFAULT, cookieJar: CookieJar = MemoryCookieJar()) {
    val client = BlocksClient(url, cookieJar)
${indent(fields.join('\n'), 4)}
}

internal fun trimTrailingNulls(params: List<Any?>, required: Int): List<Any?> {
    var end = params.size
    while (end > required && params[end - 1] == null) end--
    return params.subList(0, end)
}
`,
  );
  return files;
}

export { pascal };
