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
