/**
 * `make` run at most once at a time and its promise shared: every call gets the same promise until it
 * rejects; a rejection is not cached, so the next call tries again (an engine briefly down, a module
 * that failed to load).
 */
export function cachedPromise<T>(make: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    if (cached) return cached;
    const attempt = make();
    cached = attempt;
    attempt.catch(() => {
      if (cached === attempt) cached = undefined;
    });
    return attempt;
  };
}
