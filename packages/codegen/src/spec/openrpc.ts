/** A JSON Schema as blocks.spec.json uses it (draft-07 subset plus the `x-blocks-*` extensions). */
export interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  'x-blocks-transferable'?: string;
  'x-blocks-type-args'?: JsonSchema[];
  [extension: `x-${string}`]: unknown;
}

/** One parameter of a method (an OpenRPC content descriptor). */
export interface ContentDescriptor {
  name: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

/** An error a method can answer: JSON-RPC `code` (the HTTP status), a description, the stable name. */
export interface ErrorObject {
  code: number;
  message: string;
  data: { name: string };
}

/** One JSON-RPC method: `<namespace>.<method>`. */
export interface MethodObject {
  name: string;
  description?: string;
  params: ContentDescriptor[];
  result: ContentDescriptor;
  /** The errors it can answer (D-27). */
  errors?: ErrorObject[];
}

/** A server the generated clients can talk to. */
export interface ServerObject {
  name: string;
  url: string;
}

/** An OpenRPC 1.3.2 document: blocks.spec.json. */
export interface OpenRpcDocument {
  openrpc: string;
  info: { title: string; version: string; description?: string };
  servers?: ServerObject[];
  methods: MethodObject[];
  components?: { schemas: Record<string, JsonSchema> };
}

/** The prefix of every `$ref` in a spec. */
export const REF_PREFIX = '#/components/schemas/';

/** The OpenRPC version written and expected. */
export const OPENRPC_VERSION = '1.3.2';
