import { validationFailed } from './errors.js';

/** A Standard Schema (zod, valibot, …) checked on `put`; only the part KVStore calls. */
export interface ValueSchema<V> {
  readonly '~standard': {
    validate(value: unknown): ValueSchemaResult<V> | Promise<ValueSchemaResult<V>>;
  };
}

/** Result of {@link ValueSchema} validation. */
export type ValueSchemaResult<V> =
  | { readonly value: V; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string }> };

/**
 * Throws ValidationFailed when `schema` rejects `value`. The message carries the schema's first issue,
 * never the value (it may be a secret).
 */
export async function checkSchema<V>(schema: ValueSchema<V> | undefined, value: unknown): Promise<void> {
  if (!schema) return;
  const result = await schema['~standard'].validate(value);
  if (result.issues) {
    throw validationFailed(`value does not match the schema: ${result.issues[0]?.message ?? 'invalid'}`);
  }
}
