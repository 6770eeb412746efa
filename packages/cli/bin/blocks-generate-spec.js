#!/usr/bin/env node
// The `blocks-generate-spec` executable (reference compatibility). Committed with its executable bit so
// that npm links it at install time; the command itself is compiled into dist/ by `npm run build`.
import('../dist/commands/generate-spec-bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    console.error('blocks-generate-spec is not built yet: run "npm run build" first.');
    process.exit(1);
  }
  throw error;
});
