/**
 * @module tests/cli/fixtures — the apps the CLI tests serve. They are real files under
 * `tests/cli/apps/` (so the typecheck sees them); tests copy them into throw-away apps and rewrite a
 * constant or the helper to trigger reloads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixtureFiles } from '../support/index.js';

const APPS = fileURLToPath(new URL('./apps/', import.meta.url));
const testIndex = () => readFileSync(`${APPS}test-app/aws-blocks/index.ts`, 'utf8');

/** `aws-blocks/helper.ts` of the test app with another suffix. */
export function helperSource(suffix: string): string {
  return `export const suffix: string = ${JSON.stringify(suffix)};\n`;
}

/** `aws-blocks/index.ts` of the test app, greeting with `greeting`. */
export function testBackend(greeting = 'Hello'): string {
  return testIndex().replace("const GREETING = 'Hello';", `const GREETING = ${JSON.stringify(greeting)};`);
}

/** The files of the standard test app (`apps/test-app`). */
export function testAppFiles(): Record<string, string> {
  return fixtureFiles(`${APPS}test-app`);
}

/** The files of the app with a KVStore (`apps/store-app`), reporting `version`. */
export function storeAppFiles(version = 'v1'): Record<string, string> {
  const files = fixtureFiles(`${APPS}store-app`);
  const index = files['aws-blocks/index.ts'] as string;
  files['aws-blocks/index.ts'] = index.replace(
    "const VERSION = 'v1';",
    `const VERSION = ${JSON.stringify(version)};`,
  );
  return files;
}
