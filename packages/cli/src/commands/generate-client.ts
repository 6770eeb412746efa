import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams } from '../server/request-log.js';
import type { GenerateClientFlags } from './generate-args.js';

/** `blockyard generate client`. */
export async function runGenerateClient(
  flags: GenerateClientFlags,
  _streams: OutputStreams,
): Promise<number> {
  throw new CliError(CliErrors.Usage, `Client generation (${flags.lang}) is not available yet.`);
}
