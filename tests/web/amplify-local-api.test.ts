/**
 * An Amplify page in Chromium, its code unchanged: `configureApiUrl(outputs)` with an
 * `amplify_outputs.json` naming the deployed API. Served by a frontend dev server on `localhost`
 * while `blockyard sandbox` (an Amplify app's `npm run blocks:dev`) runs on its default port, the
 * page calls the local sandbox; with the sandbox stopped it calls the deployed API; on a host that
 * is not loopback (a deployed page) it calls the deployed API although the sandbox runs (G-26).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { testAppFiles } from '../cli/fixtures.js';
import {
  createTempApp,
  REPO_ROOT,
  type SandboxProcess,
  type StandInApi,
  startSandbox,
  startStandInApi,
  type TempApp,
} from '../support/index.js';
import { CHROMIUM, skipReason } from './browser.js';

/** The port `blockyard sandbox` listens on by default, which the page asks. */
const SANDBOX_PORT = 3001;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const portReason = (await portFree(SANDBOX_PORT)) ? false : `port ${SANDBOX_PORT} is in use on this machine`;

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

interface PageResult {
  url?: string;
  answer?: { message?: string; deployed?: boolean };
  error?: string;
}

describe('an Amplify page finds the local sandbox without a code change', {
  skip: skipReason || portReason,
}, () => {
  let app: TempApp;
  let deployed: StandInApi;
  let frontend: Server;
  let script = '';

  before(async () => {
    app = await createTempApp(testAppFiles(), 'amplify-local-api');
    // The deployed API of amplify_outputs.json: a loopback stand-in answering any page origin.
    deployed = await startStandInApi();
    const outputs = {
      version: '1.4',
      custom: { blocks_api_url: deployed.url },
    };
    // The page's code, as docs/amplify.md shows it.
    const bundle = await build({
      stdin: {
        contents: `
          import { ApiNamespaceClient, configureApiUrl, resolveApiUrl } from '@blockyard/client';
          import outputs from './amplify_outputs.json';
          configureApiUrl(outputs);
          const api = ApiNamespaceClient('api');
          window.result = api.greet('page').then(
            async (answer) => ({ url: await resolveApiUrl(), answer }),
            (error) => ({ error: String(error) }),
          );
        `,
        resolveDir: app.appDir,
        loader: 'ts',
      },
      plugins: [
        {
          name: 'outputs',
          setup(b) {
            b.onResolve({ filter: /amplify_outputs\.json$/ }, () => ({
              path: 'outputs',
              namespace: 'outputs',
            }));
            b.onLoad({ filter: /.*/, namespace: 'outputs' }, () => ({
              contents: JSON.stringify(outputs),
              loader: 'json',
            }));
          },
        },
      ],
      nodePaths: [join(REPO_ROOT, 'node_modules')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    });
    script = bundle.outputFiles[0]?.text ?? '';
    // The frontend's dev server: the page and its script, nothing else.
    frontend = await listen((request, response) => {
      if (request.url === '/page.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>page</title><script type="module" src="/page.js"></script>');
      }
    });
  });
  after(async () => {
    await deployed?.close();
    await new Promise<void>((resolve) => frontend?.close(() => resolve()));
    await app?.remove();
  });

  async function openPage(host: string): Promise<PageResult> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        // A deployed page's host, resolved to this machine.
        '--host-resolver-rules=MAP app.example.test 127.0.0.1',
      ],
      timeout: 30_000,
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://${host}:${portOf(frontend)}/`);
      return (await page.evaluate(
        () => (window as unknown as { result: Promise<unknown> }).result,
      )) as PageResult;
    } finally {
      await browser.close();
    }
  }

  it('calls the sandbox while it runs, the deployed API once it stopped, and the deployed API from a deployed page', async () => {
    let sandbox: SandboxProcess | undefined = await startSandbox({
      appDir: app.appDir,
      args: ['--no-watch', '--quiet', '--port', String(SANDBOX_PORT)],
      env: { BLOCKS_DATA_DIR: app.dataDir },
    });
    try {
      const local = await openPage('localhost');
      assert.equal(local.error, undefined);
      assert.equal(local.url, `http://localhost:${SANDBOX_PORT}/aws-blocks/api`);
      assert.match(local.answer?.message ?? '', /page/);
      assert.deepEqual(deployed.calls, []);

      const fromDeployedHost = await openPage('app.example.test');
      assert.equal(fromDeployedHost.answer?.deployed, true, JSON.stringify(fromDeployedHost));
      assert.deepEqual(deployed.calls, ['api.greet']);

      await sandbox.stop();
      sandbox = undefined;
      const stopped = await openPage('localhost');
      assert.equal(stopped.url, deployed.url);
      assert.equal(stopped.answer?.deployed, true);
      assert.deepEqual(deployed.calls, ['api.greet', 'api.greet']);
    } finally {
      await sandbox?.stop();
    }
  });
});
