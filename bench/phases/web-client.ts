/**
 * @module bench/phases/web-client — in Chromium, a protected call (`api.getProfile`) through the
 * generated `aws-blocks/client.js` against the same call with a bare `fetch`, page and API on one
 * sandbox origin. Calls run one after another, alternating between the two.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildWebExample, launchChromium, skipReason, WEB_APP } from '../../tests/web/browser.js';
import type { BenchPhase } from '../lib/phase.js';
import { startSandboxServer } from '../lib/servers.js';
import { median } from '../lib/stats.js';

interface Timings {
  client: number[];
  bare: number[];
}

/** The page-side loop: mean milliseconds per call of each round, for the client and for bare fetch. */
async function measureInPage({ calls, rounds }: { calls: number; rounds: number }): Promise<Timings> {
  const api = (window as unknown as { __blocksBench: { getProfile(): Promise<{ username: string }> } })
    .__blocksBench;
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'api.getProfile', params: [], id: 1 });
  const bare = async () => {
    const response = await fetch('/aws-blocks/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'include',
      body,
    });
    const json = (await response.json()) as { result?: { username: string } };
    if (!json.result) throw new Error('bare fetch failed');
  };
  const viaClient = async () => {
    await api.getProfile();
  };
  // Calls alternate one by one (order flipped every call), so drift in the machine's load hits both.
  const round = async (): Promise<[number, number]> => {
    let clientMs = 0;
    let bareMs = 0;
    for (let i = 0; i < calls; i++) {
      for (const which of i % 2 === 0 ? ['client', 'bare'] : ['bare', 'client']) {
        const started = performance.now();
        await (which === 'client' ? viaClient() : bare());
        const elapsed = performance.now() - started;
        if (which === 'client') clientMs += elapsed;
        else bareMs += elapsed;
      }
    }
    return [clientMs / calls, bareMs / calls];
  };
  await round();
  const out: Timings = { client: [], bare: [] };
  for (let r = 0; r < rounds; r++) {
    const [clientMs, bareMs] = await round();
    out.client.push(clientMs);
    out.bare.push(bareMs);
  }
  return out;
}

/** Client-vs-fetch cost ratio of a protected call in the browser (budget ≤ 1.2). */
export const webClient: BenchPhase = {
  name: 'web-client',
  description: 'Chromium: api.getProfile through aws-blocks/client.js vs a bare fetch, ms per call',
  async run(context) {
    if (skipReason) {
      context.log(`  skipped: ${skipReason}`);
      return;
    }
    buildWebExample();
    // The generated client, exposed to the page as it would be bundled into an app.
    const bundle = await build({
      stdin: {
        contents: `import { api } from './aws-blocks/client.js'; window.__blocksBench = api;`,
        resolveDir: WEB_APP,
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      minify: true,
      logLevel: 'silent',
    });
    const server = await startSandboxServer({ appDir: WEB_APP });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${server.port}/`);
      const signedUp = await page.evaluate(async () => {
        const response = await fetch('/aws-blocks/api', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'include',
          body: JSON.stringify({
            jsonrpc: '2.0',
            method: 'authApi.setAuthState',
            params: [{ action: 'signUp', username: `bench${Date.now()}`, password: 'correct-horse-42' }],
            id: 1,
          }),
        });
        return ((await response.json()) as { result?: { state?: string } }).result?.state;
      });
      if (signedUp !== 'signedIn') throw new Error(`sign-up in the page failed: ${signedUp}`);
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text, type: 'module' });
      await page.waitForFunction(() => '__blocksBench' in window);
      const calls = context.quick ? 200 : 1000;
      const rounds = context.quick ? 3 : 5;
      // tsx compiles this file with esbuild's keepNames, whose `__name` helper the page lacks.
      await page.evaluate('globalThis.__name = (fn) => fn');
      const timings = await page.evaluate(measureInPage, { calls, rounds });
      for (let i = 0; i < rounds; i++) {
        context.log(
          `  round ${i + 1}: client ${timings.client[i]!.toFixed(3)} ms/call, bare fetch ${timings.bare[i]!.toFixed(3)} ms/call`,
        );
      }
      const client = median(timings.client);
      const bare = median(timings.bare);
      context.record({ metric: 'client.js protected call', value: client, unit: 'ms' });
      context.record({ metric: 'bare fetch protected call', value: bare, unit: 'ms' });
      context.record({
        metric: 'ratio client.js / bare fetch',
        value: client / bare,
        unit: '×',
        budget: { op: '<=', limit: 1.2 },
        note: `median of ${rounds} rounds of ${calls} sequential calls each (${join('examples', 'auth-basic-web')})`,
      });
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
