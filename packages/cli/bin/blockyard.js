#!/usr/bin/env node
// The `blockyard` executable. It is committed (with its executable bit) so that npm links it at
// install time; the command itself is compiled into dist/ by `npm run build`.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    console.error('blockyard is not built yet: run "npm run build" first.');
    process.exit(1);
  }
  throw error;
});
