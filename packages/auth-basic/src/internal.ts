/**
 * @module @blockyard/auth-basic/internal — what other Blockyard packages (the CLI's data import) need
 * from AuthBasic and applications do not: the username rule (D-12) and the stored user record.
 * No stability promise outside this repository.
 */

export type { UserRecord } from './user-store.js';
export { canonicalUsername, MAX_USERNAME_LENGTH } from './username.js';
