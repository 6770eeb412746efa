import { validationFailed } from './errors.js';

/** Thrown (as ValidationFailed) when `increment` meets a live item that is not an integer counter. */
export function notACounter() {
  return validationFailed('the item at this key is not an integer counter');
}

/** Thrown (as ValidationFailed) when an increment would leave the safe integer range. */
export function counterOverflow() {
  return validationFailed('the counter would leave the safe integer range');
}

/** Parses a stored counter; throws ValidationFailed when the text is not a safe integer in JSON. */
export function parseCounter(text: string): number {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notACounter();
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw notACounter();
  return value;
}

/** Adds `by` to `current`; throws ValidationFailed when the sum is not a safe integer. */
export function addToCounter(current: number, by: number): number {
  const next = current + by;
  if (!Number.isSafeInteger(next)) throw counterOverflow();
  return next;
}
