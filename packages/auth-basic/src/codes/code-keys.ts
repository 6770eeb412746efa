import { hkdfSync } from 'node:crypto';

/** Key material of code HMACs: the AppSetting secret (text) or a key derived from an environment key. */
export type CodeKey = string | Buffer;

/**
 * The keys verification codes are HMAC'd with, the current one first (D-25). A code is issued under
 * the first and accepted under any of them.
 */
export type CodeKeys = () => Promise<readonly [CodeKey, ...CodeKey[]]>;

// Distinguishes the code key from every other use of an environment key (the session signing key is
// the environment key itself): HKDF with its own label never yields a key that signs tokens.
const CODE_KEY_INFO = 'blockyard auth-basic verification-code hmac v1';

/**
 * The code key derived from one environment signing key: HKDF-SHA256 of the key, salted with the
 * block's full id (two blocks never share a code key) and labelled {@link CODE_KEY_INFO}; 32 bytes.
 */
export function deriveCodeKey(envSecret: string, fullId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(envSecret, 'utf8'), fullId, CODE_KEY_INFO, 32));
}

/**
 * The code keys of one block: with environment signing keys, one derived key per environment key in
 * their order (so after a rotation — new key first, old key kept — codes issued before it still
 * verify until they expire), never stored anywhere; without them, the AppSetting secret alone, which
 * lives in the database.
 */
export function codeKeys(
  envSecrets: readonly string[] | undefined,
  appSecret: () => Promise<string>,
  fullId: string,
): CodeKeys {
  const [current, ...previous] = envSecrets ?? [];
  if (current !== undefined) {
    const derive = (secret: string) => deriveCodeKey(secret, fullId);
    const keys: [CodeKey, ...CodeKey[]] = [derive(current), ...previous.map(derive)];
    return async () => keys;
  }
  return async () => [await appSecret()];
}
