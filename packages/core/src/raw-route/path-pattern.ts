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
    lower === '/aws-blocks' ||
    lower === '/aws-blocks/api' ||
    lower.startsWith('/aws-blocks/api/')
  );
}

/** A compiled route path: matches a normalized request path and extracts its parameters. */
export interface PathPattern {
  /** Parameters of `path`, or `null` when it does not match. */
  exec(path: string): Record<string, string> | null;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Compiles a normalized route path. Segments are literals, `{name}` (one segment, URI-decoded) or a
 * final `*` (the rest of the path, possibly empty, not decoded).
 */
export function compilePath(normalized: string): PathPattern {
  const segments = normalized.split('/').slice(1);
  const names: string[] = [];
  let source = '';
  let literal = true;
  segments.forEach((segment, index) => {
    if (segment === '*') {
      if (index !== segments.length - 1) {
        throw rawRouteError(RawRouteErrors.InvalidRoute, `Invalid route path ${normalized}: * must be last`);
      }
      names.push('*');
      source += '/(.*)';
      literal = false;
      return;
    }
    const param = /^\{(.*)\}$/.exec(segment);
    if (param) {
      const name = param[1] ?? '';
      if (!IDENTIFIER.test(name) || FORBIDDEN_PARAM_NAMES.has(name) || names.includes(name)) {
        throw rawRouteError(
          RawRouteErrors.InvalidRoute,
          `Invalid route parameter {${name}} in ${normalized}`,
        );
      }
      names.push(name);
      source += '/([^/]+)';
      literal = false;
      return;
    }
    source += `/${segment.replace(REGEX_SPECIALS, '\\$&')}`;
  });
  if (literal) {
    return { exec: (path) => (path === normalized ? Object.create(null) : null) };
  }
  const regex = new RegExp(`^${source}$`);
  return {
    exec(path) {
      const found = regex.exec(path);
      if (!found) return null;
      const params: Record<string, string> = Object.create(null);
      names.forEach((name, index) => {
        const raw = found[index + 1] ?? '';
        params[name] = name === '*' ? raw : decodeSegment(raw);
      });
      return params;
    },
  };
}
