const MAX_CODE_POINT = 0x10ffff;

/**
 * The smallest string greater than every string that starts with `prefix` (in code point order, which
 * is UTF-8 byte order), or `null` when no such bound exists. Engines scan `[prefix, bound)`.
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop() as string;
    let next = (last.codePointAt(0) as number) + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= MAX_CODE_POINT) return points.join('') + String.fromCodePoint(next);
  }
  return null;
}

/** Orders strings by UTF-8 bytes (the order SQLite and PostgreSQL's "C" collation use). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
