import { type JsonSchema, type OpenRpcDocument, REF_PREFIX } from './openrpc.js';

/** The component name native apps (and the reference's spec) use for the signed-in user (R-1206). */
export const AUTH_USER = 'AuthUser';

function userRef(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (schema.$ref?.startsWith(REF_PREFIX)) return schema.$ref.slice(REF_PREFIX.length);
  for (const arm of schema.oneOf ?? []) {
    const found = userRef(arm);
    if (found !== undefined) return found;
  }
  return undefined;
}

function renameRefs(value: unknown, from: string, to: string): void {
  if (Array.isArray(value)) {
    for (const item of value) renameRefs(item, from, to);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record.$ref === `${REF_PREFIX}${from}`) record.$ref = `${REF_PREFIX}${to}`;
    for (const item of Object.values(record)) renameRefs(item, from, to);
  }
}

/**
 * Names the user of `AuthState` `AuthUser` whatever the block calls its type (AuthBasic's is
 * `AuthBasicUser`), and makes its properties beyond `userId` and `username` optional, so apps generated
 * from the reference's spec keep compiling (D-27). Changes `spec` in place.
 */
export function nameAuthUser(spec: OpenRpcDocument): void {
  const schemas = spec.components?.schemas;
  const current = userRef(schemas?.AuthState?.properties?.user);
  if (!schemas || current === undefined || !schemas[current]) return;
  if (current !== AUTH_USER) {
    if (schemas[AUTH_USER]) return;
    const renamed: Record<string, JsonSchema> = {};
    for (const [key, schema] of Object.entries(schemas)) renamed[key === current ? AUTH_USER : key] = schema;
    spec.components = { schemas: renamed };
    renameRefs(spec, current, AUTH_USER);
  }
  const user = spec.components!.schemas[AUTH_USER]!;
  const required = (user.required ?? []).filter((name) => name === 'userId' || name === 'username');
  if (required.length > 0) user.required = required;
  else delete user.required;
}
