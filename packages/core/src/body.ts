/** Default request body limit: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Outcome of reading a whole request body under a size limit. */
export type BodyRead =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'failed'; readonly error: unknown };

/** The empty body. */
export const EMPTY_BODY: BodyRead = { kind: 'ok', bytes: new Uint8Array(0) };

/** The too-large outcome. */
export const BODY_TOO_LARGE: BodyRead = { kind: 'too-large' };

/** True when a `Content-Length` value announces more than `limit` bytes. */
export function announcesTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > limit;
}

/**
 * Reads a Web stream to its end, refusing as soon as more than `limit` bytes arrived: the stream is
 * cancelled at that point, and the rest is never read.
 */
export async function readWebStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<BodyRead> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        return BODY_TOO_LARGE;
      }
      chunks.push(value);
    }
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    reader.releaseLock();
  }
  return { kind: 'ok', bytes: concat(chunks, size) };
}

/** Joins chunks without copying when there is only one. */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
