import { CoreErrors } from './core-errors.js';

/**
 * A developer's own mistake — options a constructor or factory cannot use — reported at
 * construction, the same way in every package: a `TypeError` named `InvalidOptionsError`
 * (`CoreErrors.InvalidOptions`) whose message reads `<where>: <what> must be <expected>`.
 */
export class OptionsError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = CoreErrors.InvalidOptions;
  }
}

/**
 * The validator of one constructor's options. `check(condition, what, expected)` throws an
 * {@link OptionsError} `<where>: <what> must be <expected>` when `condition` is false:
 *
 * ```ts
 * const check = optionsCheck('AuthBasic');
 * check(Number.isInteger(o.sessionDuration), 'options.sessionDuration', 'a whole number of seconds');
 * ```
 */
export function optionsCheck(where: string): (condition: boolean, what: string, expected: string) => void {
  return (condition, what, expected) => {
    if (!condition) throw new OptionsError(`${where}: ${what} must be ${expected}`);
  };
}

/** True for a string array (the common shape of list options). */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** True for an integer in `[min, max]`. */
export function isIntegerIn(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

// Levenshtein distance, for suggesting the option a misspelt key meant.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name closest to `key` (case-insensitively), if one is close enough to be a typo of it. */
export function nearestName(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * The one policy for option keys a constructor does not know: each is ignored with a warning that
 * names it and the nearest known key (`AuthBasic: unknown option 'sesionDuration' is ignored; did you
 * mean 'sessionDuration'?`). Returns the unknown keys.
 */
export function warnUnknownOptions(
  where: string,
  options: object | null | undefined,
  known: Iterable<string>,
  warn: (message: string) => void = console.warn,
): string[] {
  if (typeof options !== 'object' || options === null) return [];
  const names = [...known];
  const allowed = new Set(names);
  const unknown = Object.keys(options).filter((key) => !allowed.has(key));
  for (const key of unknown) {
    const nearest = nearestName(key, names);
    warn(`${where}: unknown option '${key}' is ignored${nearest ? `; did you mean '${nearest}'?` : ''}`);
  }
  return unknown;
}
