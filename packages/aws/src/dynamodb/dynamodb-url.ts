import { validationFailed } from '@blockyard/kv-store/engine';

/** What a `dynamodb://` URL says. */
export interface DynamoDbLocation {
  /** The DynamoDB table every KVStore table of the process shares. */
  table: string;
  /** AWS region; `undefined` leaves it to the SDK (`AWS_REGION`, the profile). */
  region: string | undefined;
  /** Endpoint of a local DynamoDB implementation, or `undefined` for AWS itself. */
  endpoint: string | undefined;
  /** Create the table when it is missing (local implementations and tests). */
  createTable: boolean;
  /** `dynamodb://table?region=…`: safe to log (the URL holds no secrets). */
  description: string;
  /** `DynamoDB table <table>`: used in error messages. */
  label: string;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const KNOWN = new Set(['region', 'endpoint', 'createTable']);

/**
 * Parses `dynamodb://<table>?region=…&endpoint=…&createTable=1`. The table name keeps its case
 * (DynamoDB names are case-sensitive), so the URL is split by hand rather than by `URL`.
 */
export function parseDynamoDbUrl(url: string): DynamoDbLocation {
  if (typeof url !== 'string' || !url.toLowerCase().startsWith('dynamodb://')) {
    throw validationFailed('a DynamoDB URL starts with dynamodb://');
  }
  const rest = url.slice('dynamodb://'.length);
  const query = rest.indexOf('?');
  const table = decodeURIComponent(query === -1 ? rest : rest.slice(0, query)).replace(/\/$/, '');
  if (!TABLE_NAME.test(table)) {
    throw validationFailed('dynamodb: the table name must be 3-255 characters of A-Z a-z 0-9 _ . -');
  }
  const params = new URLSearchParams(query === -1 ? '' : rest.slice(query + 1));
  for (const name of params.keys()) {
    if (!KNOWN.has(name)) throw validationFailed(`dynamodb: unknown URL parameter "${name}"`);
  }
  const region = params.get('region') || undefined;
  if (region !== undefined && !/^[a-z0-9-]{1,32}$/.test(region)) {
    throw validationFailed('dynamodb: `region` looks like us-east-1');
  }
  const endpoint = params.get('endpoint') || undefined;
  if (endpoint !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(endpoint);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw validationFailed('dynamodb: `endpoint` must be an http:// or https:// URL');
    }
  }
  const rawCreate = (params.get('createTable') ?? '0').toLowerCase();
  if (!['0', '1', 'true', 'false'].includes(rawCreate)) {
    throw validationFailed('dynamodb: `createTable` must be 1 or 0');
  }
  const shown = new URLSearchParams();
  if (region) shown.set('region', region);
  if (endpoint) shown.set('endpoint', endpoint);
  const suffix = shown.size > 0 ? `?${shown.toString()}` : '';
  return {
    table,
    region,
    endpoint,
    createTable: rawCreate === '1' || rawCreate === 'true',
    description: `dynamodb://${table}${suffix}`,
    label: `DynamoDB table ${table}`,
  };
}

/** True for an endpoint on this machine, where a local implementation needs no real credentials. */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
