import type { RequestLog } from '@blockyard/core';
import type { OutputStreams } from '../cli/types.js';

// Also importable from here, where it used to live.

function errorWithStack(line: string, error: unknown): string {
  const stack = error instanceof Error ? error.stack : undefined;
  return stack ? `${line}\n${stack}\n` : `${line}\n`;
}

/**
 * The request log of a server: every line (`[rpc-call]`, `[rpc-ok]` on stdout, `[rpc-err]` with the
 * stack on stderr) when `verbose`, otherwise only the error lines, so that an unexpected failure is
 * never silent (D-02: the stack is always logged server-side). Without `info` the handler does not
 * even format the informational lines.
 */
export function createRequestLog(streams: OutputStreams, verbose: boolean): RequestLog {
  const error = (line: string, thrown?: unknown) => void streams.stderr.write(errorWithStack(line, thrown));
  const warn = (line: string) => void streams.stderr.write(`Warning: ${line}\n`);
  if (!verbose) return { error, warn };
  return { info: (line) => void streams.stdout.write(`${line}\n`), error, warn };
}
