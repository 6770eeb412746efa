import type { OutputStreams } from '../cli/types.js';
import type { GenerateInvocation } from './generate-args.js';
import { runGenerateSpec } from './generate-spec.js';

/** Runs `blockyard generate spec|client` (help included) and resolves with the exit status. */
export async function runGenerate(invocation: GenerateInvocation, streams: OutputStreams): Promise<number> {
  if (invocation.kind === 'help') {
    streams.stdout.write(invocation.text);
    return 0;
  }
  if (invocation.kind === 'generate-spec') return runGenerateSpec(invocation.flags, streams);
  const { runGenerateClient } = await import('./generate-client.js');
  return runGenerateClient(invocation.flags, streams);
}
