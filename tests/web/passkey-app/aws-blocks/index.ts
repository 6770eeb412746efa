/**
 * @module tests/web/passkey-app — a small auth block whose states carry WebAuthn actions, for the
 * Authenticator's capability step in a real browser. It offers `completePasskeyRegistration`
 * (`webauthn-create`) until a passkey is registered, then `confirmSignIn` with the `webauthn`
 * challenge (`webauthn-get`), and checks what the browser signed: the ceremony type, the challenge it
 * issued and the origin, and for a sign-in the registered credential id. Signed out, it also offers
 * an external action (a form posted elsewhere, R-715) and a password sign-in that it refuses. (No signature check: this
 * block tests the browser side; a real passkey block verifies the attestation and assertion.)
 */
import { randomBytes } from 'node:crypto';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const scope = new Scope('passkey-test');
const RP_ID = 'localhost';
const USER = { userId: 'passkey-user', username: 'passkey-user' };

const b64url = (bytes: Buffer) => bytes.toString('base64url');
let challenge = b64url(randomBytes(32));
let registered: string | undefined;
let signedIn = false;
const received: unknown[] = [];

const hidden = (name: string, value: string) => ({
  name,
  label: name,
  type: 'hidden',
  required: true,
  defaultValue: value,
});

function state(error?: string) {
  if (signedIn) {
    return { state: 'signedIn', user: USER, actions: [{ name: 'signOut', label: 'Sign Out', fields: [] }] };
  }
  const options = registered
    ? {
        challenge,
        rpId: RP_ID,
        allowCredentials: [{ id: registered, type: 'public-key' }],
        userVerification: 'preferred',
        timeout: 10_000,
      }
    : {
        challenge,
        rp: { id: RP_ID, name: 'Passkey test' },
        user: { id: b64url(Buffer.from(USER.userId)), name: USER.username, displayName: 'Passkey user' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        timeout: 10_000,
      };
  const action = registered
    ? {
        name: 'confirmSignIn',
        label: 'Sign in with a passkey',
        capability: 'webauthn-get',
        fields: [
          hidden('challenge', 'webauthn'),
          hidden('session', 'passkey-session'),
          hidden('credentialRequestOptions', JSON.stringify(options)),
        ],
      }
    : {
        name: 'completePasskeyRegistration',
        label: 'Create a passkey',
        capability: 'webauthn-create',
        fields: [hidden('credentialCreationOptions', JSON.stringify(options))],
      };
  // An action handled elsewhere: a real form posted to another address, its field hidden.
  const external = {
    name: 'signInWithProvider',
    label: 'Continue with Example ID',
    url: '/oauth/start',
    method: 'POST',
    fields: [hidden('provider', 'example-id')],
  };
  // A password sign-in beside the passkey (this block refuses it: it knows no passwords).
  const password = {
    name: 'signIn',
    label: 'Sign In',
    fields: [
      { name: 'username', label: 'Username', type: 'text', required: true },
      { name: 'password', label: 'Password', type: 'password', required: true },
    ],
  };
  return { state: 'signedOut', actions: [action, external, password], ...(error ? { error } : {}) };
}

interface Credential {
  id: string;
  rawId: string;
  type: string;
  response: {
    clientDataJSON: string;
    attestationObject?: string;
    authenticatorData?: string;
    signature?: string;
  };
}

function check(
  credential: Credential,
  type: 'webauthn.create' | 'webauthn.get',
  origin: string,
): string | undefined {
  const client = JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8'));
  if (client.type !== type) return `wrong ceremony ${client.type}`;
  if (client.challenge !== challenge) return 'wrong challenge';
  if (client.origin !== origin) return `wrong origin ${client.origin}`;
  if (credential.type !== 'public-key' || credential.id !== credential.rawId) return 'malformed credential';
  if (type === 'webauthn.create' && !credential.response.attestationObject) return 'no attestation';
  if (type === 'webauthn.get' && (credential.id !== registered || !credential.response.signature)) {
    return 'unknown credential';
  }
  return undefined;
}

export const passkeyApi = new ApiNamespace(scope, 'passkeyApi', (context) => ({
  async getAuthState() {
    return state();
  },
  async setAuthState(input: { action: string; credential?: string } & Record<string, string>) {
    const origin = context.request.headers.get('origin') ?? '';
    received.push(input);
    if (input.action === 'signIn') return state('Use your passkey');
    if (input.action === 'signOut') {
      signedIn = false;
      return state();
    }
    const credential = JSON.parse(input.credential ?? 'null') as Credential | null;
    if (!credential) return state('no credential');
    const ceremony = input.action === 'completePasskeyRegistration' ? 'webauthn.create' : 'webauthn.get';
    const problem = check(credential, ceremony, origin);
    if (problem) return state(problem);
    challenge = b64url(randomBytes(32));
    if (ceremony === 'webauthn.create') registered = credential.id;
    else signedIn = true;
    return state();
  },
  /** What the block received (for the test's assertions). */
  async received() {
    return received;
  },
}));
