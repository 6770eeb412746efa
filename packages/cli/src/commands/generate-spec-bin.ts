#!/usr/bin/env node
/**
 * @module The `blocks-generate-spec [backend] [out]` executable (reference compatibility, R-1201):
 * defaults `./aws-blocks/index.ts` and `<backend dir>/blocks.spec.json`.
 */
import { dirname, resolve } from 'node:path';
import { isCliError } from '../cli/errors.js';
import { writeSpec } from './generate-spec.js';

const [backendArg, outArg] = process.argv.slice(2);
if (backendArg === '-h' || backendArg === '--help') {
  process.stdout.write(
    'Usage: blocks-generate-spec [backend (./aws-blocks/index.ts)] [out (<backend dir>/blocks.spec.json)]\n',
  );
  process.exit(0);
}
const backend = resolve(backendArg ?? 'aws-blocks/index.ts');
const out = resolve(outArg ?? resolve(dirname(backend), 'blocks.spec.json'));
writeSpec(backend, out).then(
  (written) => {
    for (const warning of written.warnings) process.stderr.write(`Warning: ${warning}\n`);
    process.stdout.write(`Wrote ${written.file}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${isCliError(error) ? error.message : String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
