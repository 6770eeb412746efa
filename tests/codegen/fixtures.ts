/**
 * @module tests/codegen/fixtures — the fixture specs of the generator tests and how each is generated
 * (every Kotlin fixture gets its own package so that all of them compile in one kotlinc run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ClientLanguage,
  type GeneratedFiles,
  generateClient,
  type OpenRpcDocument,
} from '@blockyard/codegen';
import { REPO_ROOT } from '../support/index.js';

/** Folder holding one folder per fixture: `spec.json` plus the expected output per language. */
export const FIXTURES_DIR = join(REPO_ROOT, 'tests/codegen/fixtures');

/** The fixture names, e.g. `01-primitives`. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The Kotlin package of a fixture's client: `blocks.fixtures.f01`. */
export function kotlinPackage(fixture: string): string {
  return `blocks.fixtures.f${fixture.slice(0, 2)}`;
}

/** The spec of a fixture. */
export function fixtureSpec(fixture: string): OpenRpcDocument {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, fixture, 'spec.json'), 'utf8')) as OpenRpcDocument;
}

/** Generates a fixture's client for one language, as the golden files expect it. */
export function generateFixture(fixture: string, language: ClientLanguage): GeneratedFiles {
  const options = language === 'kotlin' ? { packageName: kotlinPackage(fixture) } : {};
  return generateClient(fixtureSpec(fixture), language, options);
}
