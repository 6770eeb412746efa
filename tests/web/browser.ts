/**
 * @module tests/web/browser — Debian's Chromium driven by playwright-core, the web example served
 * by a real sandbox, axe-core scans and screenshots.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import pixelmatch from 'pixelmatch';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { REPO_ROOT, type SandboxProcess, startSandbox } from '../support/index.js';

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

/** The reviewed screenshots the layouts are compared against (committed). */
export const BASELINES = join(REPO_ROOT, 'tests/web/baselines');

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

/** Runs axe-core (every rule it runs by default: WCAG A/AA and best practices) on the page. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: await axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
}

/** Runs axe-core on the page and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const violations = await axeViolations(page);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with every axe-core violation, of any impact, found on the page in `state`. */
export async function assertNoViolations(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(
    violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    [],
    `axe-core found violations in ${state}`,
  );
}

/** Share of pixels that may differ from the baseline (anti-aliasing, text rendering). */
const PIXEL_TOLERANCE = 0.002;

/**
 * Saves the page's screenshot as `tests/web/screenshots/<name>.png` and compares it with the
 * reviewed `tests/web/baselines/<name>.png` (the whole page, or with `fullPage` false the viewport,
 * for a fixed overlay): at most 0.2 % of the pixels may differ (each by more
 * than pixelmatch's colour threshold 0.1). `BLOCKS_UPDATE_BASELINES=1` writes the baselines instead
 * (review them before committing); a missing baseline fails.
 */
export async function matchBaseline(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  const shot = await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage,
    animations: 'disabled',
    caret: 'hide',
  });
  const baselineFile = join(BASELINES, `${name}.png`);
  if (process.env.BLOCKS_UPDATE_BASELINES === '1') {
    await mkdir(BASELINES, { recursive: true });
    await writeFile(baselineFile, shot);
    return;
  }
  assert.ok(
    existsSync(baselineFile),
    `no baseline ${name}.png: run with BLOCKS_UPDATE_BASELINES=1, look at it, and commit it`,
  );
  const actual = PNG.sync.read(shot);
  const expected = PNG.sync.read(await readFile(baselineFile));
  assert.deepEqual(
    [actual.width, actual.height],
    [expected.width, expected.height],
    `${name}: the screenshot's size differs from the baseline's`,
  );
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, {
    threshold: 0.1,
  });
  const share = differing / (actual.width * actual.height);
  if (share > PIXEL_TOLERANCE) {
    await writeFile(join(SCREENSHOTS, `${name}.diff.png`), PNG.sync.write(diff));
  }
  assert.ok(
    share <= PIXEL_TOLERANCE,
    `${name}: ${differing} pixels (${(share * 100).toFixed(2)} %) differ from the baseline (see ${name}.diff.png)`,
  );
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

/** A test page served by a sandbox of the web example's backend. */
export interface TestSite {
  readonly sandbox: SandboxProcess;
  /** `http://localhost:<port>/` */
  readonly url: string;
  stop(): Promise<void>;
}

/** Options of {@link serveTestPage}. */
export interface TestPageOptions {
  /** The backend (default: the web example's; e.g. {@link WEB_CODES_APP}). */
  appDir?: string;
  /** The page's body (default: a `main#root`). */
  body?: string;
  /** Files served next to the page, by name. */
  files?: Record<string, string>;
}

/**
 * Bundles `source` (JavaScript resolving packages and `aws-blocks` like the example page does) into
 * a page with a `#root` element, and serves it with `blockyard sandbox --static` on the web
 * example's backend (or `options.appDir`) with fresh data.
 */
export async function serveTestPage(source: string, options: TestPageOptions = {}): Promise<TestSite> {
  const site = await mkdtemp(join(tmpdir(), 'blockyard-page-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-page-data-'));
  await build({
    stdin: { contents: source, resolveDir: WEB_APP, loader: 'js' },
    bundle: true,
    outfile: join(site, 'app.js'),
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  await writeFile(
    join(site, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test page</title>' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<link rel="icon" href="data:,"><script type="module" src="/app.js"></script></head>' +
      `<body>${options.body ?? '<main id="root"></main>'}</body></html>`,
  );
  for (const [name, content] of Object.entries(options.files ?? {}))
    await writeFile(join(site, name), content);
  const sandbox = await startSandbox({
    appDir: options.appDir ?? WEB_APP,
    args: ['--no-watch', '--quiet', '--static', site],
    env: { BLOCKS_DATA_DIR: dataDir },
  });
  return {
    sandbox,
    url: `http://localhost:${sandbox.port}/`,
    async stop() {
      await sandbox.stop();
      await rm(site, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
