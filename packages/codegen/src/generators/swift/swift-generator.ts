import type {
  ArmModel,
  ClientModel,
  EnumModel,
  FieldModel,
  TypeModel,
  TypeRef,
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
import { questionMark, renderType, type TypeSyntax } from '../type-syntax.js';
import { SWIFT_RUNTIME } from './swift-runtime.js';

/** The Swift package and module name when none is given. */
export const DEFAULT_SWIFT_PACKAGE = 'BlocksAPI';

const KEYWORDS = new Set(
  'associatedtype class deinit enum extension fileprivate func import init inout internal let open operator private protocol public rethrows static struct subscript typealias var break case continue default defer do else fallthrough for guard if in repeat return switch where while as Any catch false is nil super self Self throw throws true try async await'.split(
    ' ',
  ),
);

// Names that stay special even in backticks or after a dot (`self.init`, `x.self`): suffixed instead.
const SPECIAL = new Set(['self', 'Self', 'init', 'deinit', 'subscript', 'super', 'Type', 'Protocol']);

/** A Swift identifier for `name`: backticked when it is a keyword, suffixed with `_` when special. */
export function swiftName(name: string): string {
  const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : camel(name);
  if (SPECIAL.has(base)) return `${base}_`;
  return KEYWORDS.has(base) ? `\`${base}\`` : base;
}

const SWIFT_TYPES: TypeSyntax = {
  string: 'String',
  number: 'Double',
  integer: 'Int',
  boolean: 'Bool',
  any: 'JSONValue',
  array: (item) => `[${item}]`,
  map: (value) => `[String: ${value}]`,
  nullable: questionMark,
};

function swiftType(type: TypeRef): string {
  return renderType(type, SWIFT_TYPES);
}

function propType(field: FieldModel): string {
  const t = swiftType(field.type);
  return field.required || t.endsWith('?') ? t : `${t}?`;
}

const EXTRA = 'additionalProperties';

/** A Codable struct body: properties, memberwise init, coding (custom when extra properties exist). */
function structBody(fields: FieldModel[], extra: TypeRef | undefined, skipKey?: string): string {
  const props = fields.map(
    (f) => `${docComment(f.description)}public var ${swiftName(f.wireName)}: ${propType(f)}`,
  );
  if (extra) props.push(`public var ${EXTRA}: [String: ${swiftType(extra)}]`);
  const params = fields.map((f) => {
    const t = propType(f);
    return `${swiftName(f.wireName)}: ${t}${t.endsWith('?') ? ' = nil' : ''}`;
  });
  if (extra) params.push(`${EXTRA}: [String: ${swiftType(extra)}] = [:]`);
  const assigns = [...fields.map((f) => `self.${swiftName(f.wireName)} = ${swiftName(f.wireName)}`)];
  if (extra) assigns.push(`self.${EXTRA} = ${EXTRA}`);
  const parts = [props.join('\n')];
  parts.push(`public init(${params.join(', ')}) {\n${indent(assigns.join('\n'), 4)}\n}`);
  if (fields.length > 0 && !extra) {
    const cases = fields.map((f) => {
      const name = swiftName(f.wireName);
      return name.replaceAll('`', '') === f.wireName
        ? `case ${name}`
        : `case ${name} = ${quote(f.wireName, 'swift')}`;
    });
    parts.push(`enum CodingKeys: String, CodingKey {\n${indent(cases.join('\n'), 4)}\n}`);
  }
  if (extra) {
    const decodes = fields.map((f) => {
      const t = propType(f);
      const key = `DynamicKey(${quote(f.wireName, 'swift')})`;
      return t.endsWith('?')
        ? `${swiftName(f.wireName)} = try container.decodeIfPresent(${t.slice(0, -1)}.self, forKey: ${key})`
        : `${swiftName(f.wireName)} = try container.decode(${t}.self, forKey: ${key})`;
    });
    const fixed = [...fields.map((f) => f.wireName), ...(skipKey ? [skipKey] : [])].map((n) =>
      quote(n, 'swift'),
    );
    decodes.push(
      `var extra: [String: ${swiftType(extra)}] = [:]`,
      `for key in container.allKeys where ![${fixed.join(', ')}].contains(key.stringValue) {`,
      `    extra[key.stringValue] = try container.decode(${swiftType(extra)}.self, forKey: key)`,
      '}',
      `${EXTRA} = extra`,
    );
    const encodes = fields.map((f) =>
      propType(f).endsWith('?')
        ? `try container.encodeIfPresent(${swiftName(f.wireName)}, forKey: DynamicKey(${quote(f.wireName, 'swift')}))`
        : `try container.encode(${swiftName(f.wireName)}, forKey: DynamicKey(${quote(f.wireName, 'swift')}))`,
    );
    encodes.push(`for (key, value) in ${EXTRA} { try container.encode(value, forKey: DynamicKey(key)) }`);
    parts.push(
      `public init(from decoder: Decoder) throws {\n    let container = try decoder.container(keyedBy: DynamicKey.self)\n${indent(decodes.join('\n'), 4)}\n}`,
      `public func encode(to encoder: Encoder) throws {\n    var container = encoder.container(keyedBy: DynamicKey.self)\n${indent(encodes.join('\n'), 4)}\n}`,
    );
  }
  return parts.join('\n\n');
}

/**
 * For a type holding secrets: `description`, `debugDescription` and the mirror `dump` uses, all with
 * every password and code shown as `***`. Nothing when no field is secret.
 */
function redaction(typeName: string, fields: FieldModel[]): { conformances: string; body: string } {
  if (!fields.some((f) => f.secret)) return { conformances: '', body: '' };
  const shown = fields.map((f) => {
    const name = swiftName(f.wireName);
    const label = name.replaceAll('`', '');
    return f.secret ? `${label}: ***` : `${label}: \\(String(describing: ${name}))`;
  });
  const children = fields.map((f) => {
    const name = swiftName(f.wireName);
    return `${quote(name.replaceAll('`', ''), 'swift')}: ${f.secret ? '"***"' : `${name} as Any`}`;
  });
  return {
    conformances: ', CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable',
    body: `\n\n/** Secrets (passwords, codes) are shown as ***. */\npublic var description: String { "${typeName}(${shown.join(', ')})" }\npublic var debugDescription: String { description }\npublic var customMirror: Mirror { Mirror(self, children: [${children.join(', ')}]) }`,
  };
}

function armCase(arm: ArmModel): string {
  return swiftName(camel(arm.value));
}

/** The named type a field holds directly (not through an array or map), if any. */
function directName(type: TypeRef): string | undefined {
  if (type.kind === 'named') return type.name;
  if (type.kind === 'nullable') return directName(type.inner);
  return undefined;
}

/**
 * Structs that contain themselves through direct fields: Swift value types cannot, so those become
 * final classes (arrays and dictionaries already box their elements).
 */
function recursiveStructs(types: readonly TypeModel[]): Set<string> {
  const edges = new Map<string, string[]>();
  for (const t of types) {
    const fields = t.kind === 'struct' ? t.fields : t.kind === 'union' ? t.arms.flatMap((a) => a.fields) : [];
    edges.set(
      t.name,
      fields.map((f) => directName(f.type)).filter((n): n is string => n !== undefined),
    );
  }
  const recursive = new Set<string>();
  for (const t of types) {
    if (t.kind !== 'struct') continue;
    const seen = new Set<string>();
    const stack = [...(edges.get(t.name) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === t.name) {
        recursive.add(t.name);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
  }
  return recursive;
}

/**
 * A string enum whose unknown values decode to `.unknown(raw)` instead of failing, so a value added
 * on the server later never breaks an app already shipped.
 */
function enumCode(model: EnumModel, doc: string): string {
  const used = new Set<string>(['unknown', 'rawValue', 'allKnown', 'description']);
  const cases = model.values.map((v) => {
    let name = camel(v);
    for (let i = 2; used.has(name); i++) name = `${camel(v)}${i}`;
    used.add(name);
    return { value: v, name: swiftName(name) };
  });
  const bare = (name: string) => name.replaceAll('`', '');
  return `${doc}public enum ${model.name}: Codable, Hashable, CustomStringConvertible {
${indent(cases.map((c) => `case ${c.name}`).join('\n'), 4)}
    /** A value this client does not know (the server is newer). */
    case unknown(String)

    /** The values this client knows. */
    public static let allKnown: [${model.name}] = [${cases.map((c) => `.${bare(c.name)}`).join(', ')}]

    public init(rawValue: String) {
        switch rawValue {
${indent(cases.map((c) => `case ${quote(c.value, 'swift')}: self = .${bare(c.name)}`).join('\n'), 8)}
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
${indent(cases.map((c) => `case .${bare(c.name)}: return ${quote(c.value, 'swift')}`).join('\n'), 8)}
        case .unknown(let raw): return raw
        }
    }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
`;
}

function typeCode(model: TypeModel, boxed: ReadonlySet<string>): string {
  const doc = docComment(model.description);
  if (model.kind === 'struct' && boxed.has(model.name)) {
    const names = [...model.fields.map((f) => swiftName(f.wireName)), ...(model.extra ? [EXTRA] : [])];
    const equal = names.length > 0 ? names.map((n) => `lhs.${n} == rhs.${n}`).join(' && ') : 'true';
    return `${doc}public final class ${model.name}: Codable, Equatable {\n${indent(structBody(model.fields, model.extra), 4)}\n\n    public static func == (lhs: ${model.name}, rhs: ${model.name}) -> Bool {\n        ${equal}\n    }\n}\n`;
  }
  if (model.kind === 'struct') {
    const redacted = redaction(model.name, model.fields);
    return `${doc}public struct ${model.name}: Codable, Equatable${redacted.conformances} {\n${indent(structBody(model.fields, model.extra) + redacted.body, 4)}\n}\n`;
  }
  if (model.kind === 'enum') return enumCode(model, doc);
  const key = `DynamicKey(${quote(model.discriminator, 'swift')})`;
  const cases = model.arms.map((arm) => `case ${armCase(arm)}(${arm.name})`);
  const structs = model.arms.map((arm) => {
    const redacted = redaction(arm.name, arm.fields);
    return `public struct ${arm.name}: Codable, Equatable${redacted.conformances} {\n${indent(structBody(arm.fields, arm.extra, model.discriminator) + redacted.body, 4)}\n}`;
  });
  const decodeCases = model.arms.map(
    (arm) =>
      `case ${quote(arm.value, 'swift')}: self = .${armCase(arm).replaceAll('`', '')}(try ${arm.name}(from: decoder))`,
  );
  const encodeCases = model.arms.map(
    (arm) =>
      `case .${armCase(arm).replaceAll('`', '')}(let value):\n    try container.encode(${quote(arm.value, 'swift')}, forKey: ${key})\n    try value.encode(to: encoder)`,
  );
  // Indirect, so that an arm may hold the union itself.
  return `${doc}public indirect enum ${model.name}: Codable, Equatable {
${indent(cases.join('\n'), 4)}

${indent(structs.join('\n\n'), 4)}

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        let tag = try container.decode(String.self, forKey: ${key})
        switch tag {
${indent(decodeCases.join('\n'), 8)}
        default:
            throw DecodingError.dataCorruptedError(forKey: ${key}, in: container, debugDescription: "Unknown ${model.discriminator} " + tag)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        switch self {
${indent(encodeCases.join('\n'), 8)}
        }
    }
}
`;
}

/** Generates a SwiftPM package: runtime, Codable models, one class per namespace, server presets. */
export function generateSwift(model: ClientModel, options: GeneratorOptions = {}): GeneratedFiles {
  const name = options.packageName ?? DEFAULT_SWIFT_PACKAGE;
  const module = pascal(name);
  const src = `Sources/${module}`;
  const head = `// ${GENERATED_NOTICE}\n`;
  const files: GeneratedFiles = new Map();
  files.set(
    'Package.swift',
    `// swift-tools-version:5.7
${head}import PackageDescription

let package = Package(
    name: ${quote(name, 'swift')},
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [.library(name: ${quote(module, 'swift')}, targets: [${quote(module, 'swift')}])],
    targets: [.target(name: ${quote(module, 'swift')})]
)
`,
  );
  files.set(`${src}/BlocksRuntime.swift`, head + SWIFT_RUNTIME);
  const boxed = recursiveStructs(model.types);
  files.set(
    `${src}/Models.swift`,
    `${head}import Foundation\n\n${model.types.map((t) => typeCode(t, boxed)).join('\n')}`,
  );
  if (model.servers.length > 0) {
    const presets = model.servers.map(
      (srv) =>
        `public static let ${swiftName(camel(srv.name))} = BlocksServer(name: ${quote(srv.name, 'swift')}, url: URL(string: ${quote(srv.url, 'swift')})!)`,
    );
    files.set(
      `${src}/Servers.swift`,
      `${head}import Foundation\n\n/** The servers named in the spec. */\npublic enum Servers {\n${indent(presets.join('\n'), 4)}\n}\n`,
    );
  }
  if (model.errors.length > 0) {
    const names = model.errors.map(
      (e) =>
        `${docComment(`${e.description ?? e.name} (${e.code})`)}public static let ${e.name} = ${quote(e.name, 'swift')}`,
    );
    files.set(
      `${src}/ErrorNames.swift`,
      `${head}/** The stable names of the errors the API declares (\`BlocksError.name\`). */\npublic enum ErrorNames {\n${indent(names.join('\n'), 4)}\n}\n`,
    );
  }
  const fields: string[] = [];
  for (const ns of model.namespaces) {
    const methods = ns.methods.map((m) => {
      const params = m.params.map((p) => {
        const t = swiftType(p.type);
        const optional = !p.required && !t.endsWith('?');
        return `${swiftName(p.name)}: ${optional ? `${t}?` : t}${!p.required ? ' = nil' : ''}`;
      });
      const args = m.params.map((p) => swiftName(p.name));
      const required = m.params.filter((p) => p.required).length;
      return `${docComment(m.description)}public func ${swiftName(m.name)}(${params.join(', ')}) async throws -> ${swiftType(m.result)} {\n    try await client.call(${quote(m.wireName, 'swift')}, [${args.join(', ')}], required: ${required})\n}`;
    });
    files.set(
      `${src}/${ns.className}.swift`,
      `${head}import Foundation\n\n/** The \`${ns.name}\` namespace. */\npublic final class ${ns.className} {\n    public let client: BlocksClient\n\n    public init(client: BlocksClient) {\n        self.client = client\n    }\n\n    public convenience init(url: URL) {\n        self.init(client: BlocksClient(url: url))\n    }\n\n${indent(methods.join('\n\n'), 4)}\n}\n`,
    );
    fields.push(`public let ${swiftName(camel(ns.name))}: ${ns.className}`);
  }
  const inits = model.namespaces.map(
    (ns) => `self.${swiftName(camel(ns.name))} = ${ns.className}(client: client)`,
  );
  files.set(
    `${src}/Blocks.swift`,
    `${head}import Foundation

/**
 * Every namespace of the API over one transport (one cookie jar). url is the API's URL; keep the
 * session across launches with CookieJar(store: KeychainCookieStore()).
 */
public final class Blocks {
    public let client: BlocksClient
${indent(fields.join('\n'), 4)}

    public init(url: URL, cookieJar: CookieJar = CookieJar()) {
        client = BlocksClient(url: url, cookieJar: cookieJar)
${indent(inits.join('\n'), 8)}
    }

    public convenience init(server: BlocksServer, cookieJar: CookieJar = CookieJar()) {
        self.init(url: server.url, cookieJar: cookieJar)
    }
}
`,
  );
  return files;
}
