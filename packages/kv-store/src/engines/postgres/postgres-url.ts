import { validationFailed } from '../../errors.js';

/** Where a PostgreSQL URL points, without its password. */
export interface PostgresLocation {
  host: string;
  port: string;
  database: string;
  user: string;
  /** `postgres://user@host:port/database`: safe to log. */
  description: string;
  /**
   * `The PostgreSQL database`: used in error messages, which reach clients and logs and so never name
   * a host, port or database (the native error, kept as `cause`, does).
   */
  label: string;
}

/** Reads host, port, database and user from a `postgres://` / `postgresql://` URL. */
export function describePostgresUrl(url: string): PostgresLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself is not echoed: it may hold a password.
    throw validationFailed('the PostgreSQL URL cannot be parsed');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw validationFailed('a PostgreSQL URL starts with postgres:// or postgresql://');
  }
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const host = parsed.searchParams.get('host') || decodeURIComponent(parsed.hostname) || 'localhost';
  const port = parsed.searchParams.get('port') || parsed.port || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
  return {
    host,
    port,
    database,
    user,
    description: `postgres://${encodeURIComponent(user)}@${host}:${port}/${encodeURIComponent(database)}`,
    label: 'The PostgreSQL database',
  };
}
