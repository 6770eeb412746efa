/**
 * Blocks and engines are built on public entries (`@blockyard/core/block`, `@blockyard/kv-store/engine`):
 * no package's source imports another package's `./internal`, except the two runtimes that serve a
 * backend, the CLI and the Lambda adapter, which share `@blockyard/core/internal`, and the CLI's data
 * import, which writes AuthBasic's user records through `@blockyard/auth-basic/internal`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../support/index.js';

const ALLOWED: { file: RegExp; specifier: string }[] = [
  { file: /^packages\/cli\/src\//, specifier: '@blockyard/core/internal' },
  { file: /^packages\/aws\/src\/(lambda|cdk)\//, specifier: '@blockyard/core/internal' },
  // `blockyard import` writes AuthBasic's user records with AuthBasic's own username rule.
  { file: /^packages\/cli\/src\/data\//, specifier: '@blockyard/auth-basic/internal' },
];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist' && name !== 'test-support') sources(path, out);
    } else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

it('only the CLI and the AWS package import core’s ./internal entry, and only the CLI’s data import AuthBasic’s', () => {
  const offending: string[] = [];
  for (const pkg of readdirSync(join(REPO_ROOT, 'packages'))) {
    const src = join(REPO_ROOT, 'packages', pkg, 'src');
    try {
      statSync(src);
    } catch {
      continue;
    }
    for (const file of sources(src)) {
      const path = relative(REPO_ROOT, file);
      for (const match of readFileSync(file, 'utf8').matchAll(/['"](@blockyard\/[\w-]+\/internal)['"]/g)) {
        const specifier = match[1] as string;
        if (!ALLOWED.some((rule) => rule.file.test(path) && rule.specifier === specifier)) {
          offending.push(`${path}: ${specifier}`);
        }
      }
    }
  }
  assert.deepEqual(offending, []);
});
