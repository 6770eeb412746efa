/** A reload that reports the files that changed and whether it worked. */
export type Reload = (changed: readonly string[]) => Promise<boolean>;

/** A reload that never overlaps itself, with a way to wait for the one running. */
export interface SerializedReload {
  (changed?: readonly string[]): Promise<boolean>;
  /** Resolves when no reload is running. */
  idle(): Promise<void>;
}

/**
 * Wraps `reload` so that runs never overlap: a call made while one runs is folded into a single
 * follow-up run (with all the changed files seen meanwhile) and resolves with that run's outcome.
 */
export function serializeReloads(reload: Reload): SerializedReload {
  let running: Promise<boolean> | undefined;
  let queued: string[] | undefined;
  const run = (changed: readonly string[] = []): Promise<boolean> => {
    if (running) {
      queued = [...(queued ?? []), ...changed];
      return running;
    }
    running = (async () => {
      let ok = await reload(changed);
      while (queued) {
        const next = queued;
        queued = undefined;
        ok = await reload(next);
      }
      return ok;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  return Object.assign(run, {
    async idle() {
      await running?.catch(() => false);
    },
  });
}
