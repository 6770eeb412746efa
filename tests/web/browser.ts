/**
 * @module tests/web/browser — Debian's Chromium driven by playwright-core, the web example served
 * by a real sandbox, axe-core scans and screenshots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/index.js';

/** The Chromium binary (`CHROMIUM_PATH` overrides; `.ci/run` installs Debian's `chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or `false` when they can. */
export const skipReason: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (install Debian's chromium package, or set CHROMIUM_PATH)`;

/** The web example and its codes variant. */
export const WEB_APP = join(REPO_ROOT, 'examples/auth-basic-web');
export const WEB_CODES_APP = join(WEB_APP, 'codes');
export const WEB_PUBLIC = join(WEB_APP, 'public');

/** Where each state's screenshot goes (gitignored). */
export const SCREENSHOTS = join(REPO_ROOT, 'tests/web/screenshots');

/** Bundles the example page (`examples/auth-basic-web/build.mjs`). */
export function buildWebExample(): void {
  const run = spawnSync(process.execPath, [join(WEB_APP, 'build.mjs')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building the web example failed:\n${run.stdout}${run.stderr}`);
}

// The flags Chromium needs on a closed network as root: no sandbox (root), no GPU, and none of the
// background connections (updates, sync, QUIC probes) that would be refused here.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium with a fresh profile (playwright makes a new user-data-dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
}

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

/** A violation axe-core found. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a full-page screenshot as `tests/web/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A username no earlier run used. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A CSS selector of a `data-testid`, optionally inside another. */
export function tid(id: string, within?: string): string {
  return within ? `[data-testid="${within}"] [data-testid="${id}"]` : `[data-testid="${id}"]`;
}
