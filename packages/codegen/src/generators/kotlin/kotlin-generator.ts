import type {
  ClientModel,
  EnumModel,
  FieldModel,
  NamespaceModel,
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

/** A `toString` like the data class's own, with secrets shown as `***`; none when nothing is secret. */
function redactedToString(className: string, fields: FieldModel[], extra: TypeRef | undefined): string {
  if (!fields.some((f) => f.secret)) return '';
  // Literal text and field references, adjacent literals merged: "SignIn(username=" + username + ", password=***)".
  const pieces: { text?: string; expr?: string }[] = [{ text: `${className}(` }];
  const add = (text: string, expr?: string) => {
    const last = pieces[pieces.length - 1]!;
    if (last.text !== undefined) last.text += text;
    else pieces.push({ text });
    if (expr !== undefined) pieces.push({ expr });
  };
  fields.forEach((f, i) => {
    const name = kotlinName(f.wireName);
    const label = `${i > 0 ? ', ' : ''}${name.replaceAll('`', '')}=`;
    if (f.secret) add(`${label}***`);
    else add(label, name);
  });
  if (extra) add(`, ${EXTRA}=`, EXTRA);
  add(')');
  const body = pieces.map((p) => (p.text !== undefined ? quote(p.text, 'kotlin') : p.expr)).join(' + ');
  return `    /** Secrets (passwords, codes) are shown as ***. */
    override fun toString(): String = ${body}

`;
}

function structCode(model: StructModel): string {
  const params = constructorParams(model.fields, model.extra);
  return `${docComment(model.description)}data class ${model.name}(
${indent(params, 4)}
) {
${redactedToString(model.name, model.fields, model.extra)}    fun toJson(): Map<String, Any?> {
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
${redactedToString(arm.name, arm.fields, arm.extra)}    override fun toJson(): Map<String, Any?> {
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

/**
 * A string enum as a sealed class: one object per known value and `Unknown(raw)` for any other, so a
 * value added on the server later never breaks an app already shipped.
 */
function enumCode(model: EnumModel): string {
  const used = new Set<string>(['Unknown', 'Companion']);
  const objects = model.values.map((value) => {
    let name = pascal(value);
    for (let i = 2; used.has(name); i++) name = `${pascal(value)}${i}`;
    used.add(name);
    return { value, name };
  });
  const cases = objects.map((o) => `${quote(o.value, 'kotlin')} -> ${o.name}`);
  return `${docComment(model.description)}sealed class ${model.name}(val wire: String) {
${indent(objects.map((o) => `object ${o.name} : ${model.name}(${quote(o.value, 'kotlin')})`).join('\n'), 4)}

    /** A value this client does not know (the server is newer). */
    class Unknown(raw: String) : ${model.name}(raw)

    fun toJson(): String = wire

    override fun toString(): String = wire

    override fun equals(other: Any?): Boolean = other is ${model.name} && other.wire == wire

    override fun hashCode(): Int = wire.hashCode()

    companion object {
        /** The values this client knows. */
        val known: List<${model.name}> get() = listOf(${objects.map((o) => o.name).join(', ')})

        fun fromJson(value: Any?): ${model.name} {
            val raw = Json.str(value)
            return when (raw) {
${indent(cases.join('\n'), 16)}
                else -> Unknown(raw)
            }
        }
    }
}
`;
}

function typeCode(model: TypeModel): string {
  if (model.kind === 'struct') return structCode(model);
  if (model.kind === 'union') return unionCode(model);
  return enumCode(model);
}

function header(pkg: string): string {
  return `// ${GENERATED_NOTICE}\n@file:Suppress("unused", "RedundantVisibilityModifier")\n\npackage ${pkg}\n\n`;
}

/** The servers the spec names, when it names any (a client is always given its URL). */
function serversCode(model: ClientModel): string | undefined {
  if (model.servers.length === 0) return undefined;
  const presets = model.servers.map(
    (s) => `const val ${kotlinName(camel(s.name))} = ${quote(s.url, 'kotlin')}`,
  );
  return `/** The servers named in the spec: \`Blocks(Servers.${kotlinName(camel(model.servers[0]!.name))})\`. */\nobject Servers {\n${indent(presets.join('\n'), 4)}\n}\n`;
}

/** The error names the spec's methods declare, to match with \`isBlocksError(ErrorNames.X)\`. */
function errorNamesCode(model: ClientModel): string | undefined {
  if (model.errors.length === 0) return undefined;
  const lines = model.errors.map(
    (e) =>
      `${docComment(`${e.description ?? e.name} (${e.code})`)}const val ${e.name} = ${quote(e.name, 'kotlin')}`,
  );
  return `/** The stable names of the errors the API declares (\`BlocksException.name\`). */\nobject ErrorNames {\n${indent(lines.join('\n'), 4)}\n}\n`;
}

/** The blocking class of a namespace and its suspend twin. */
function namespaceCode(ns: NamespaceModel): string {
  const blocking: string[] = [];
  const suspending: string[] = [];
  for (const m of ns.methods) {
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
    const signature = `${kotlinName(m.name)}(${params.join(', ')}): ${kotlinType(m.result)}`;
    const names = m.params.map((p) => kotlinName(p.name)).join(', ');
    blocking.push(`${docComment(m.description)}fun ${signature} =\n    ${body}`);
    suspending.push(
      `${docComment(m.description)}suspend fun ${signature} =\n    withContext(client.dispatcher) { blocking.${kotlinName(m.name)}(${names}) }`,
    );
  }
  return `/** The \`${ns.name}\` namespace: suspend functions, safe to call from any coroutine. */
class ${ns.className}(private val client: BlocksClient) {
    private val blocking = ${ns.className}Blocking(client)

${indent(suspending.join('\n\n'), 4)}
}

/** The \`${ns.name}\` namespace with calls that block the calling thread (never Android's main thread). */
class ${ns.className}Blocking(private val client: BlocksClient) {
${indent(blocking.join('\n\n'), 4)}
}
`;
}

/**
 * Generates a Kotlin/JVM client (JDK and kotlinx.coroutines): runtime, models, per namespace a class
 * of suspend functions and one of blocking calls, the spec's servers and error names.
 */
export function generateKotlin(model: ClientModel, options: GeneratorOptions = {}): GeneratedFiles {
  const pkg = options.packageName ?? DEFAULT_KOTLIN_PACKAGE;
  const dir = pkg.replaceAll('.', '/');
  const files: GeneratedFiles = new Map();
  files.set(
    `${dir}/BlocksRuntime.kt`,
    `// ${GENERATED_NOTICE}\n${KOTLIN_RUNTIME.replace('__PACKAGE__', pkg)}`,
  );
  files.set(`${dir}/Models.kt`, header(pkg) + model.types.map(typeCode).join('\n'));
  const servers = serversCode(model);
  if (servers) files.set(`${dir}/Servers.kt`, header(pkg) + servers);
  const errorNames = errorNamesCode(model);
  if (errorNames) files.set(`${dir}/ErrorNames.kt`, header(pkg) + errorNames);
  const fields: string[] = [];
  const blockingFields: string[] = [];
  for (const ns of model.namespaces) {
    files.set(
      `${dir}/${ns.className}.kt`,
      `${header(pkg)}import kotlinx.coroutines.withContext\n\n${namespaceCode(ns)}`,
    );
    fields.push(`val ${kotlinName(camel(ns.name))} = ${ns.className}(client)`);
    blockingFields.push(`val ${kotlinName(camel(ns.name))} = ${ns.className}Blocking(client)`);
  }
  files.set(
    `${dir}/Blocks.kt`,
    `${header(pkg)}/**
 * Every namespace of the API over one transport (one cookie jar). url is the API's URL, e.g.
 * http://10.0.2.2:3001/aws-blocks/api from the Android emulator; keep cookies across restarts with
 * CookieJar(yourEncryptedStore).
 */
class Blocks(url: String, cookieJar: CookieJar = CookieJar()) {
    val client = BlocksClient(url, cookieJar)
${indent(fields.join('\n'), 4)}

    /** The same namespaces with blocking calls. */
    val blocking = Blocking()

    inner class Blocking {
${indent(blockingFields.join('\n'), 8)}
    }
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
