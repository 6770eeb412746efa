import type { AuthCapability } from '../types.js';

/**
 * The WebAuthn ceremony of an action with a `capability`. The action carries the options as
 * JSON (the WebAuthn "JSON" form, binary values base64url-encoded) in a field named
 * `credentialRequestOptions` (`webauthn-get`) or `credentialCreationOptions` (`webauthn-create`); the
 * credential the browser returns goes back in the `credential` field as JSON, every binary value
 * base64url-encoded (the `PublicKeyCredential.toJSON()` shape).
 */
export async function runWebAuthn(
  capability: AuthCapability,
  values: Record<string, string>,
): Promise<string> {
  const source =
    capability === 'webauthn-get' ? values.credentialRequestOptions : values.credentialCreationOptions;
  if (!source) throw new Error('This sign-in step is missing its passkey options.');
  if (
    typeof navigator === 'undefined' ||
    !navigator.credentials ||
    typeof PublicKeyCredential === 'undefined'
  ) {
    throw new Error('This browser does not support passkeys.');
  }
  let options: Record<string, unknown>;
  try {
    options = JSON.parse(source) as Record<string, unknown>;
  } catch {
    throw new Error('This sign-in step has unreadable passkey options.');
  }
  let credential: Credential | null;
  try {
    credential =
      capability === 'webauthn-get'
        ? await navigator.credentials.get({ publicKey: requestOptions(options) })
        : await navigator.credentials.create({ publicKey: creationOptions(options) });
  } catch (error) {
    throw new Error(refusal(error));
  }
  if (!credential) throw new Error('The browser returned no passkey.');
  return JSON.stringify(credentialJson(credential as PublicKeyCredential));
}

// A DOMException's name says why the browser refused; its message is browser-specific and technical.
function refusal(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError') return 'The passkey request was cancelled or timed out. Try again.';
  if (name === 'InvalidStateError') return 'This passkey is already registered on this device.';
  if (name === 'SecurityError') return 'Passkeys cannot be used on this site address.';
  if (name === 'NotSupportedError') return 'This device cannot use the requested kind of passkey.';
  return 'The browser could not complete the passkey request.';
}

function fromBase64Url(text: unknown): ArrayBuffer {
  if (typeof text !== 'string') throw new Error('This sign-in step has unreadable passkey options.');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function toBase64Url(buffer: ArrayBuffer | ArrayBufferView | null | undefined): string | undefined {
  if (!buffer) return undefined;
  const bytes =
    buffer instanceof ArrayBuffer
      ? new Uint8Array(buffer)
      : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

type Descriptor = { id: unknown } & Record<string, unknown>;

const descriptors = (list: unknown): PublicKeyCredentialDescriptor[] | undefined =>
  Array.isArray(list)
    ? (list as Descriptor[]).map(
        (item) => ({ ...item, id: fromBase64Url(item.id) }) as PublicKeyCredentialDescriptor,
      )
    : undefined;

function requestOptions(json: Record<string, unknown>): PublicKeyCredentialRequestOptions {
  const options = { ...json, challenge: fromBase64Url(json.challenge) } as Record<string, unknown>;
  if (json.allowCredentials) options.allowCredentials = descriptors(json.allowCredentials);
  return options as unknown as PublicKeyCredentialRequestOptions;
}

function creationOptions(json: Record<string, unknown>): PublicKeyCredentialCreationOptions {
  const user = json.user as Record<string, unknown> | undefined;
  const options = {
    ...json,
    challenge: fromBase64Url(json.challenge),
    user: { ...user, id: fromBase64Url(user?.id) },
  } as Record<string, unknown>;
  if (json.excludeCredentials) options.excludeCredentials = descriptors(json.excludeCredentials);
  return options as unknown as PublicKeyCredentialCreationOptions;
}

/** The credential as JSON, like `PublicKeyCredential.toJSON()` (used where the browser lacks it). */
function credentialJson(credential: PublicKeyCredential): unknown {
  const own = (credential as { toJSON?(): unknown }).toJSON;
  if (typeof own === 'function') return own.call(credential);
  const response = credential.response;
  const encoded: Record<string, unknown> = { clientDataJSON: toBase64Url(response.clientDataJSON) };
  if ('attestationObject' in response) {
    const created = response as AuthenticatorAttestationResponse;
    encoded.attestationObject = toBase64Url(created.attestationObject);
    encoded.transports = created.getTransports?.() ?? [];
  } else {
    const asserted = response as AuthenticatorAssertionResponse;
    encoded.authenticatorData = toBase64Url(asserted.authenticatorData);
    encoded.signature = toBase64Url(asserted.signature);
    encoded.userHandle = toBase64Url(asserted.userHandle);
  }
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: encoded,
  };
}
