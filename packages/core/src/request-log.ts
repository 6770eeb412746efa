/**
 * Receives the request log lines of the handler (`[rpc-call]`, `[rpc-ok]`, `[rpc-err]`). Arguments
 * and results are redacted before they get here; request bodies are never passed verbatim.
 */
export interface RequestLog {
  /**
   * An informational line (`[rpc-call]`, `[rpc-ok]`, `[CORS]`). Leave it out to skip these lines:
   * they are then not even formatted, which keeps redaction off the hot path.
   */
  info?(line: string): void;
  /** An error line; `error` is the thrown value, whose stack the log should print. */
  error(line: string, error?: unknown): void;
  /** A configuration warning, given once when the handler is created (falls back to `error`). */
  warn?(line: string): void;
}

/** Reports a configuration warning through `log` (its `warn`, else `error`), or the console without one. */
export function warn(log: RequestLog | undefined, line: string): void {
  if (!log) console.warn(line);
  else if (log.warn) log.warn(line);
  else log.error(line);
}

/** A {@link RequestLog} writing to the console (`error` lines followed by the stack). */
export const consoleRequestLog: RequestLog = {
  info(line) {
    console.log(line);
  },
  warn(line) {
    console.warn(line);
  },
  error(line, error) {
    const stack = error instanceof Error ? error.stack : undefined;
    console.error(stack ? `${line}\n${stack}` : line);
  },
};
