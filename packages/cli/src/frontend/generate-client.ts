import type { OutputStreams } from '../cli/types.js';
import { writeClientModule } from './client-module.js';

/**
 * Writes the typed client of a freshly loaded backend in the background: called after the ready
 * line (never delaying it) and after each reload. A failure is reported and never stops the sandbox.
 */
export function generateClientInBackground(
  appDir: string,
  exports: Record<string, unknown>,
  streams: OutputStreams,
): Promise<void> {
  return writeClientModule(appDir, exports).then(
    () => undefined,
    (error: unknown) => {
      streams.stderr.write(
        `Could not write aws-blocks/client.js: ${(error as Error)?.message ?? String(error)}\n`,
      );
    },
  );
}
