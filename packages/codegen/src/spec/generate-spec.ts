import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { acceptedActions } from './accepted-actions.js';
import { nameAuthUser } from './auth-user.js';
import { ErrorCatalog } from './method-errors.js';
import {
  type ContentDescriptor,
  type ErrorObject,
  type MethodObject,
  OPENRPC_VERSION,
  type OpenRpcDocument,
} from './openrpc.js';
import { readInfo, readServers } from './servers.js';
import { type ArmFilter, SchemaBuilder } from './type-to-schema.js';
import { validateSpec } from './validate-spec.js';
import { zodParamTypes } from './zod-params.js';

/** What {@link generateSpec} reads. */
export interface GenerateSpecOptions {
  /** The backend entry, e.g. `<app>/aws-blocks/index.ts`. */
  backendPath: string;
  /** The app folder, holding `package.json` (default: the parent of the backend's folder). */
  projectRoot?: string;
  /** Where `BLOCKS_API_URL` is read (default: `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** A generated spec and its conformance warnings (R-1209). */
export interface GeneratedSpec {
  spec: OpenRpcDocument;
  warnings: string[];
}

/** Thrown for a backend that cannot be read; `name` is `SpecInputError`. */
export class SpecInputError extends Error {
  override readonly name = 'SpecInputError';
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  lib: ['lib.es2022.d.ts'],
};

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function docText(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text === '' ? undefined : text;
}

/** The method-map type `M` of an `ApiNamespace<M>` export, or undefined for other exports. */
function namespaceMethods(type: ts.Type): ts.Type | undefined {
  if (type.aliasSymbol?.name !== 'ApiNamespace') return undefined;
  return type.aliasTypeArguments?.[0];
}

function unwrapPromise(type: ts.Type, checker: ts.TypeChecker): ts.Type {
  return checker.getAwaitedType(type) ?? type;
}

function describeMethod(
  namespace: string,
  prop: ts.Symbol,
  checker: ts.TypeChecker,
  builder: SchemaBuilder,
  filter: ArmFilter | undefined,
  errors: ErrorObject[],
): MethodObject | undefined {
  if (prop.getJsDocTags(checker).some((tag) => tag.name === 'blocksSkipCodegen')) return undefined;
  const signature = checker.getTypeOfSymbol(prop).getCallSignatures()[0];
  if (!signature) return undefined;
  const params: ContentDescriptor[] = [];
  const untyped = signature
    .getParameters()
    .filter((p) => checker.getTypeOfSymbol(p).flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any))
    .map((p) => p.name);
  const zodTypes = zodParamTypes(prop.valueDeclaration, untyped, checker);
  for (const param of signature.getParameters()) {
    const declaration = param.valueDeclaration;
    const optional =
      declaration !== undefined &&
      ts.isParameter(declaration) &&
      (declaration.questionToken !== undefined ||
        declaration.initializer !== undefined ||
        declaration.dotDotDotToken !== undefined);
    const schema = builder.toSchema(zodTypes.get(param.name) ?? checker.getTypeOfSymbol(param), 0, filter);
    const descriptor: ContentDescriptor = { name: param.name, required: !optional, schema };
    const description = docText(param, checker);
    if (description !== undefined) descriptor.description = description;
    params.push(descriptor);
  }
  const result = builder.toSchema(unwrapPromise(signature.getReturnType(), checker));
  const method: MethodObject = {
    name: `${namespace}.${prop.name}`,
    params,
    result: { name: `${capitalize(prop.name)}Result`, schema: result },
  };
  const description = docText(prop, checker);
  if (description !== undefined) method.description = description;
  if (errors.length > 0) method.errors = errors;
  return method;
}

/**
 * Builds blocks.spec.json (OpenRPC 1.3.2) for a backend from its types, through the TypeScript
 * checker: one method per method of every exported `ApiNamespace` (the export name is the wire
 * namespace), sorted by name, with the errors it can answer; named types in `components.schemas`;
 * `info` from the app's package.json and `servers` from its configured API URL (D-27). The warnings are the spec's conformance problems (R-1209); the spec is usable anyway.
 */
export function generateSpec(options: GenerateSpecOptions): GeneratedSpec {
  const backendPath = resolve(options.backendPath);
  if (!existsSync(backendPath)) throw new SpecInputError(`Backend entry not found: ${backendPath}`);
  const program = ts.createProgram([backendPath], COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(backendPath);
  const module = source ? checker.getSymbolAtLocation(source) : undefined;
  if (!source || !module) throw new SpecInputError(`${backendPath} is not a module with exports`);
  const builder = new SchemaBuilder(checker);
  const catalog = new ErrorCatalog(program, checker);
  const methods: MethodObject[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    if (exported.name.startsWith('_') || exported.name === 'default') continue;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const methodMap = namespaceMethods(checker.getTypeOfSymbol(symbol));
    if (!methodMap) continue;
    const actions = acceptedActions(program, checker, methodMap);
    for (const prop of checker.getPropertiesOfType(methodMap)) {
      const stateMachine = actions !== undefined && prop.name === 'setAuthState';
      const filter: ArmFilter | undefined = stateMachine
        ? (key, literal) => key !== 'action' || actions.has(String(literal))
        : undefined;
      // A failed action comes back as the state's errorName: any of the block's errors (D-17).
      const blockErrors = stateMachine
        ? (prop.declarations ?? []).flatMap((d) => catalog.namesOfPackage(d.getSourceFile().fileName))
        : [];
      const errors = catalog.errorsOf(prop, blockErrors);
      const method = describeMethod(exported.name, prop, checker, builder, filter, errors);
      if (method) methods.push(method);
    }
  }
  methods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const projectRoot = options.projectRoot ?? dirname(dirname(backendPath));
  const servers = readServers(projectRoot, options.env ?? process.env);
  const spec: OpenRpcDocument = {
    openrpc: OPENRPC_VERSION,
    info: readInfo(projectRoot),
    ...(servers ? { servers } : {}),
    methods,
  };
  if (Object.keys(builder.components).length > 0) spec.components = { schemas: builder.components };
  nameAuthUser(spec);
  return { spec, warnings: validateSpec(spec) };
}

/** The spec as written to disk: tab-indented JSON with a final newline (R-1201). */
export function serializeSpec(spec: OpenRpcDocument): string {
  return `${JSON.stringify(spec, null, '\t')}\n`;
}
