/**
 * @module tests/web/browser — Debian's Chromium driven by playwright-core, the web example served
 * by a real sandbox, axe-core scans and screenshots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
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

/** A test page served by a sandbox of the web example's backend. */
export interface TestSite {
  readonly sandbox: SandboxProcess;
  /** `http://localhost:<port>/` */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Bundles `source` (JavaScript resolving packages and `aws-blocks` like the example page does) into
 * a page with a `#root` element, and serves it with `blockyard sandbox --static` on the web
 * example's backend with fresh data.
 */
export async function serveTestPage(source: string): Promise<TestSite> {
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
      '<script type="module" src="/app.js"></script></head><body><main id="root"></main></body></html>',
  );
  const sandbox = await startSandbox({
    appDir: WEB_APP,
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
