import { isSensitiveKey, REDACTED, redact } from '../redact.js';

const cache = new WeakMap<object, (string | null)[]>();
const IDENTIFIER = /^(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/;

function parameterList(source: string): string | null {
  const arrow = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow) return arrow[1] ?? null;
  const open = source.indexOf('(');
  if (open === -1) return null;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return null;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/**
 * Best-effort parameter names of a function (`null` where a parameter is destructured), so positional
 * RPC arguments such as `signIn(username, password)` can be redacted by name in the request log.
 */
export function parameterNames(fn: (...args: never[]) => unknown): (string | null)[] {
  const cached = cache.get(fn);
  if (cached) return cached;
  let names: (string | null)[] = [];
  try {
    const list = parameterList(Function.prototype.toString.call(fn));
    if (list !== null) names = splitTopLevel(list).map((part) => IDENTIFIER.exec(part)?.[1] ?? null);
  } catch {
    names = [];
  }
  cache.set(fn, names);
  return names;
}

/** The arguments of a call, redacted by value (see `redact`) and by the name of their parameter. */
export function redactArguments(fn: (...args: never[]) => unknown, args: readonly unknown[]): unknown[] {
  const names = parameterNames(fn);
  return args.map((arg, index) => {
    const name = names[index];
    if (name && arg !== null && arg !== undefined && isSensitiveKey(name)) return REDACTED;
    return redact(arg);
  });
}
