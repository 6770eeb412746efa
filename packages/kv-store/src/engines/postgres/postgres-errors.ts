import { ApiError } from '@blockyard/core';
import { engineFailed, engineUnavailable } from '../../errors.js';

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

const SQLSTATE: Record<string, string> = {
  '28P01': 'authentication failed',
  '28000': 'authentication failed',
  '3D000': 'database does not exist',
  '57P01': 'the server is shutting down',
  '57P02': 'the server is shutting down',
  '57P03': 'the server is not accepting connections yet',
  '53300': 'too many connections',
  '40001': 'transaction conflict',
  '40P01': 'transaction conflict',
  '55P03': 'lock not available',
};

/** The error code of a `pg` or network error (SQLSTATE or errno name), or `''`. */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Node reports a refused connection to a dual-stack host as an AggregateError of per-address errors.
  const inner = (error as { errors?: unknown[] } | null)?.errors?.[0];
  return inner === undefined ? '' : codeOf(inner);
}

/**
 * Translates a `pg` error into a KVStore ApiError. Messages name the server (`label`) and a short
 * reason, never the URL, the password or the server's own message; the native error stays as `cause`.
 */
export function translatePostgresError(error: unknown, label: string): ApiError {
  if (error instanceof ApiError) return error;
  const code = codeOf(error);
  const network = NETWORK[code];
  if (network) return engineUnavailable(label, network, error);
  const sqlstate = SQLSTATE[code];
  if (sqlstate) return engineUnavailable(label, sqlstate, error);
  if (code.startsWith('08')) return engineUnavailable(label, `connection failure (${code})`, error);
  if (code.startsWith('53'))
    return engineUnavailable(label, `the server is out of resources (${code})`, error);
  const message = error instanceof Error ? error.message : '';
  if (/timeout/i.test(message)) return engineUnavailable(label, 'connection timed out', error);
  if (/terminated|Connection ended|not queryable/i.test(message)) {
    return engineUnavailable(label, 'connection lost', error);
  }
  return engineFailed(label, code ? `SQLSTATE ${code}` : 'unexpected error', error);
}
