/**
 * @module @blockyard/codegen — blocks.spec.json (OpenRPC 1.3.2) from an app's types, and Swift,
 * Kotlin, Dart and TypeScript clients from a spec. Used by the `blockyard` command, never by a server.
 */

export {
  type GeneratedSpec,
  type GenerateSpecOptions,
  generateSpec,
  SpecInputError,
  serializeSpec,
} from './spec/generate-spec.js';
export type {
  ContentDescriptor,
  JsonSchema,
  MethodObject,
  OpenRpcDocument,
  ServerObject,
} from './spec/openrpc.js';
export { validateSpec } from './spec/validate-spec.js';
