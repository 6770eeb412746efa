import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { displayPath } from '../backend/load-error.js';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams } from '../cli/types.js';
import type { GenerateClientFlags } from './generate-args.js';
import { backendEntry, writeSpec } from './generate-spec.js';

/**
 * `blockyard generate client`: reads the spec (generating it first when it does not exist yet) and
 * writes the client for one language into `--out` (files of the same name are overwritten, others kept).
 */
export async function runGenerateClient(flags: GenerateClientFlags, streams: OutputStreams): Promise<number> {
  if (!existsSync(flags.spec)) {
    const written = await writeSpec(backendEntry(flags.appDir), flags.spec, flags.appDir);
    for (const warning of written.warnings) streams.stderr.write(`Warning: ${warning}\n`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(await readFile(flags.spec, 'utf8'));
  } catch (error) {
    throw new CliError(
      CliErrors.Usage,
      `Cannot read the spec ${displayPath(flags.spec)}: ${(error as Error).message}`,
    );
  }
  const codegen = await import('@blockyard/codegen');
  let files: import('@blockyard/codegen').GeneratedFiles;
  try {
    files = codegen.generateClient(spec as import('@blockyard/codegen').OpenRpcDocument, flags.lang, {
      ...(flags.packageName === undefined ? {} : { packageName: flags.packageName }),
    });
  } catch (error) {
    if (error instanceof codegen.ClientSpecError) {
      throw new CliError(CliErrors.Usage, `Invalid spec ${displayPath(flags.spec)}: ${error.message}`);
    }
    throw error;
  }
  const written = await codegen.writeGeneratedFiles(flags.out, files);
  streams.stdout.write(`Wrote ${written.length} ${flags.lang} files to ${displayPath(flags.out)}\n`);
  return 0;
}
