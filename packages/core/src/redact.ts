/** What sensitive values are replaced with. */
export const REDACTED = '[REDACTED]';

const SENSITIVE_PARTS = /password|session|token|secret|credential|apikey|authorization/i;
const MAX_DEPTH = 32;

/**
 * True for a key whose value must not be logged: it contains (case-insensitively) password, session,
 * token, secret, credential, apikey or authorization, or it is `code`.
 */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_PARTS.test(key) || key.toLowerCase() === 'code';
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, seen, depth + 1));
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return walk(json.call(value), seen, depth + 1);
    const source = value as Record<string, unknown>;
    const sensitiveField = typeof source.name === 'string' && isSensitiveKey(source.name);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      const hide =
        item !== null &&
        item !== undefined &&
        (isSensitiveKey(key) || (sensitiveField && key === 'defaultValue'));
      out[key] = hide ? REDACTED : walk(item, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * A copy of `value` safe to log: values under sensitive keys (see {@link isSensitiveKey}) and the
 * `defaultValue` of a `{ name: <sensitive key>, defaultValue }` field become `[REDACTED]`;
 * `null` and `undefined` values are kept as they are.
 */
export function redact(value: unknown): unknown {
  return walk(value, new WeakSet(), 0);
}
