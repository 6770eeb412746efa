import { BLOCKS_NAMESPACE, BLOCKS_RPC_PREFIX } from '../constants.js';
import { RawRouteErrors, rawRouteError } from './errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN_PARAM_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/** Collapses repeated slashes and drops a trailing slash (the root stays `/`). */
export function normalizePath(path: string): string {
  let normalized = path.replace(/\/{2,}/g, '/');
  if (normalized.length > 1 && normalized.endsWith('/')) normalized = normalized.slice(0, -1);
  return normalized;
}

/** True for paths a RawRoute may not take: `/`, `/aws-blocks`, `/aws-blocks/api` and below it. */
export function isReservedPath(normalized: string): boolean {
  const lower = normalized.toLowerCase();
  return (
    lower === '/' ||
    lower === '' ||
    lower === BLOCKS_NAMESPACE ||
    lower === BLOCKS_RPC_PREFIX ||
    lower.startsWith(`${BLOCKS_RPC_PREFIX}/`)
  );
}

/** A compiled route path: an anchored expression and the names of its capture groups, in order. */
export interface CompiledPath {
  /** Matches a whole normalized request path. */
  readonly pattern: RegExp;
  /** The parameter each capture group fills: `{name}` names, or `*` for the rest of the path. */
  readonly paramNames: readonly string[];
}

/**
 * Compiles a normalized route path. Segments are literals, `{name}` (one segment) or a final `*`
 * (the rest of the path, possibly empty).
 */
export function compilePath(normalized: string): CompiledPath {
  const segments = normalized.split('/').slice(1);
  const paramNames: string[] = [];
  let source = '';
  segments.forEach((segment, index) => {
    if (segment === '*') {
      if (index !== segments.length - 1) {
        throw rawRouteError(RawRouteErrors.InvalidRoute, `Invalid route path ${normalized}: * must be last`);
      }
      paramNames.push('*');
      source += '/(.*)';
      return;
    }
    const param = /^\{(.*)\}$/.exec(segment);
    if (param) {
      const name = param[1] ?? '';
      if (!IDENTIFIER.test(name) || FORBIDDEN_PARAM_NAMES.has(name) || paramNames.includes(name)) {
        throw rawRouteError(
          RawRouteErrors.InvalidRoute,
          `Invalid route parameter {${name}} in ${normalized}`,
        );
      }
      paramNames.push(name);
      source += '/([^/]+)';
      return;
    }
    source += `/${segment.replace(REGEX_SPECIALS, '\\$&')}`;
  });
  return { pattern: new RegExp(`^${source}$`), paramNames };
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The parameters of `path` under a compiled route path, or `null` when it does not match: a
 * null-prototype object, `{name}` values URI-decoded (raw when badly encoded), `*` as it is.
 */
export function extractParams(compiled: CompiledPath, path: string): Record<string, string> | null {
  const found = compiled.pattern.exec(path);
  if (!found) return null;
  const params: Record<string, string> = Object.create(null);
  compiled.paramNames.forEach((name, index) => {
    const raw = found[index + 1] ?? '';
    params[name] = name === '*' ? raw : decodeSegment(raw);
  });
  return params;
}
