/**
 * @module @blockyard/codegen — blocks.spec.json (OpenRPC 1.3.2) from an app's types, and Swift,
 * Kotlin, Dart and TypeScript clients from a spec. Used by the `blockyard` command, never by a server.
 */

export { DEFAULT_DART_PACKAGE } from './generators/dart/dart-generator.js';
export { CLIENT_LANGUAGES, type ClientLanguage, generateClient } from './generators/generate-client.js';
export {
  type GeneratedFiles,
  type GeneratorOptions,
  writeGeneratedFiles,
} from './generators/generated-files.js';
export { DEFAULT_KOTLIN_PACKAGE } from './generators/kotlin/kotlin-generator.js';
export { DEFAULT_SWIFT_PACKAGE } from './generators/swift/swift-generator.js';
export { buildClientModel, type ClientModel, ClientSpecError } from './model/client-model.js';
export {
  type GeneratedSpec,
  type GenerateSpecOptions,
  generateSpec,
  SpecInputError,
  serializeSpec,
} from './spec/generate-spec.js';
export type {
  ContentDescriptor,
  ErrorObject,
  JsonSchema,
  MethodObject,
  OpenRpcDocument,
  ServerObject,
} from './spec/openrpc.js';
export { validateSpec } from './spec/validate-spec.js';
