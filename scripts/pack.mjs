#!/usr/bin/env node
// `npm run pack`: builds, then packs every public workspace into dist-packages/ as tarballs that
// install together from that folder (see pack-lib.mjs for how) — what `blockyard create` copies
// into a new app. Usage: node scripts/pack.mjs [--out <dir>] [--no-build]
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACK_DIR, packAll } from './pack-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
let outDir = resolve(root, PACK_DIR);
let build = true;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && args[i + 1]) outDir = resolve(args[++i]);
  else if (args[i] === '--no-build') build = false;
  else {
    console.error(`Unknown argument "${args[i]}". Usage: node scripts/pack.mjs [--out <dir>] [--no-build]`);
    process.exit(2);
  }
}

if (build) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
try {
  const index = await packAll(root, outDir, (line) => console.log(line));
  console.log(`${Object.keys(index.packages).length} packages (version ${index.version}) in ${outDir}`);
} catch (error) {
  console.error(`pack failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
