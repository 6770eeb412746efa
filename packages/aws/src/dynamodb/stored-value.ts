import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Values longer than this many UTF-8 bytes are stored deflated in the binary attribute `z`:
 * DynamoDB's 400 KB item limit counts the key and attribute names too, so a 400 KiB value (which the
 * KVStore contract accepts) only fits compressed. Smaller values stay readable text in `v`.
 */
export const COMPRESS_ABOVE_BYTES = 64 * 1024;

/** The attributes that hold `text`: `{ v }` or, when large, `{ z }`. */
export function encodeValue(text: string): Record<string, AttributeValue> {
  if (text.length * 3 <= COMPRESS_ABOVE_BYTES || Buffer.byteLength(text) <= COMPRESS_ABOVE_BYTES) {
    return { v: { S: text } };
  }
  // Fixed level: the same text always deflates to the same bytes, so compare-and-set can match `z`.
  return { z: { B: deflateRawSync(Buffer.from(text, 'utf8'), { level: 6 }) } };
}

/** The stored text of an item: `v`, the inflated `z`, or the counter `n` as JSON. */
export function decodeValue(item: Record<string, AttributeValue>): string {
  if (item.v?.S !== undefined) return item.v.S;
  if (item.z?.B !== undefined) return inflateRawSync(item.z.B).toString('utf8');
  return String(Number(item.n?.N ?? 'null'));
}
