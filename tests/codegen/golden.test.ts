// Golden files: every fixture spec's generated client, per language, matches the committed output
// byte for byte. BLOCKS_UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { CLIENT_LANGUAGES } from '@blockyard/codegen';
import { FIXTURES_DIR, fixtureNames, generateFixture } from './fixtures.js';

const UPDATE = process.env.BLOCKS_UPDATE_GOLDEN === '1';
// The runtime files do not depend on the spec: only the first fixture keeps a golden copy of them.
const RUNTIME_FILE = /(^|\/)(BlocksRuntime\.(kt|swift)|runtime\.(js|d\.ts|dart))$/;
const RUNTIME_FIXTURE = '01-primitives';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('generated clients match the golden files', () => {
  const fixtures = fixtureNames();
  it('has the fixture set', () => {
    assert.ok(fixtures.length >= 24, `only ${fixtures.length} fixtures`);
  });
  for (const fixture of fixtures) {
    for (const language of CLIENT_LANGUAGES) {
      it(`${fixture} (${language})`, () => {
        const files = new Map(
          [...generateFixture(fixture, language)].filter(
            ([path]) => fixture === RUNTIME_FIXTURE || !RUNTIME_FILE.test(path),
          ),
        );
        const dir = join(FIXTURES_DIR, fixture, language);
        if (UPDATE) {
          rmSync(dir, { recursive: true, force: true });
          for (const [path, content] of files) {
            mkdirSync(dirname(join(dir, path)), { recursive: true });
            writeFileSync(join(dir, path), content);
          }
        }
        assert.deepEqual(filesUnder(dir), [...files.keys()].sort());
        for (const [path, content] of files) {
          assert.equal(
            content,
            readFileSync(join(dir, path), 'utf8'),
            `${fixture}/${language}/${path} differs`,
          );
        }
      });
    }
  }
});
