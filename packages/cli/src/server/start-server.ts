import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { BlocksMode } from '@blockyard/core';
import { type BackendLoader, createBackendLoader, type LoadedBackend } from '../backend/backend-loader.js';
import { displayPath } from '../backend/load-error.js';
import { CliError, CliErrors, isCliError } from '../cli/errors.js';
import type { OutputStreams, ServeFlags } from '../cli/types.js';
import type { CommandName } from '../cli/usage.js';
import type { BackendWatcher } from '../watch/watch-backend.js';
import { closeServer, DEFAULT_DRAIN_MS } from './close-server.js';
import { scheduleHashingPriority } from './hashing-priority.js';
import { HEALTH_KEY, HEALTH_TABLE, healthRouteEnabled, withHealthRoute } from './health-route.js';
import { createHostGuard } from './host-guard.js';
import { ListenerSlot, type RequestListener } from './listener-slot.js';
import { type ReachableUrl, reachableHosts } from './reachable-urls.js';
import { createRequestLog } from './request-log.js';
import { removeSandboxConfig, SANDBOX_DIR, writeSandboxConfig } from './sandbox-config.js';
import { serializeReloads } from './serialize-reloads.js';
import { readServerEnv } from './server-env.js';

/** What {@link startServer} needs. */
export interface StartServerOptions {
  command: CommandName;
  flags: ServeFlags;
  env: NodeJS.ProcessEnv;
  streams: OutputStreams;
}

/** A server that is accepting requests. */
export interface RunningServer {
  /** The API URL printed in the ready line. */
  readonly apiUrl: string;
  /** The port actually listened on (useful with `--port 0`). */
  readonly port: number;
  /** Loads the backend again and swaps it in; resolves with whether that worked. */
  reload(changed?: readonly string[]): Promise<boolean>;
  /** Stops accepting, drains in-flight requests (bounded), stops watching and closes the engine. */
  close(drainMs?: number): Promise<void>;
}

/** The ready line's URL: IPv6 addresses get brackets. */
export function apiUrlFor(host: string, port: number): string {
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shownHost}:${port}/aws-blocks/api`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use (choose another with --port)`
          : error.code === 'EACCES'
            ? `permission denied for port ${port}`
            : error.message;
      reject(
        new CliError(CliErrors.ListenFailed, `Cannot listen on ${host}:${port}: ${reason}`, { cause: error }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * A malformed engine setting stops the start (exit 1); an engine that cannot be reached right now
 * (PostgreSQL down, say) only warns, since the engine reconnects by itself once it is back. Engine
 * messages name host and database, never a password.
 */
async function checkEngine(
  error: unknown,
  streams: OutputStreams,
  invalidSetting: (error: unknown) => boolean,
): Promise<void> {
  if (error === undefined) return;
  const message = error instanceof Error ? error.message : String(error);
  if (invalidSetting(error)) {
    throw new CliError(
      CliErrors.EngineConfig,
      `Invalid storage engine setting (BLOCKS_DATABASE_URL / BLOCKS_DATA_DIR): ${message}`,
      { cause: error },
    );
  }
  streams.stderr.write(
    `Warning: the storage engine is not available yet (${message}); calls that use storage fail until it is.\n`,
  );
}

/**
 * The Host allowlist (D-20): the sandbox answers for loopback names, its `--host` and
 * `BLOCKS_ALLOWED_HOSTS`; `start` for `BLOCKS_ALLOWED_HOSTS`, or any host (with a warning) without it.
 */
function allowedHostsFor(
  sandbox: boolean,
  host: string,
  fromEnv: readonly string[] | undefined,
  streams: OutputStreams,
  loopback: readonly string[],
): string[] | undefined {
  if (sandbox) return [...loopback, host, ...(fromEnv ?? [])];
  if (!fromEnv) {
    streams.stderr.write(
      'Warning: BLOCKS_ALLOWED_HOSTS is not set, so requests for any Host are answered; set it to the ' +
        'names this server is reached by (DNS-rebinding defence).\n',
    );
  }
  return fromEnv ? [...fromEnv] : undefined;
}

/**
 * The printed ready line, the URLs an emulator or a phone reaches the sandbox by, then (sandbox) the
 * URL of each dev page the backend registered.
 */
function announceReady(
  streams: OutputStreams,
  apiUrl: string,
  devRoutes: LoadedBackend['routes'] | undefined,
  reachable: readonly ReachableUrl[],
) {
  streams.stdout.write(`Blocks API ready at ${apiUrl}\n`);
  for (const { label, url } of reachable) streams.stdout.write(`  ${label}: ${url}\n`);
  for (const { method, path } of devRoutes?.routes ?? []) {
    const page = path.startsWith('/aws-blocks/dev/') && method === 'GET' ? path.slice(16) : '';
    if (page) streams.stdout.write(`Dev ${page} at ${apiUrl.slice(0, -'/aws-blocks/api'.length)}${path}\n`);
  }
}

/**
 * Logs a stray rejection or throw in backend code (a timer, a forgotten promise) instead of letting it
 * end the development server; `start` keeps Node's default of exiting. Returns the undo.
 */
function keepRunningOnStrayErrors(streams: OutputStreams): () => void {
  const onStray = (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    streams.stderr.write(`Uncaught error in the backend (the sandbox keeps running):\n${text}\n`);
  };
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);
  return () => {
    process.off('unhandledRejection', onStray);
    process.off('uncaughtException', onStray);
  };
}

/**
 * What the sandbox writes after each load, in the background: the spec (`blocks.spec.json`) and the
 * typed client. `undefined` under `start`.
 */
async function generatedFilesWriter(
  sandbox: boolean,
  appDir: string,
  streams: OutputStreams,
  env: NodeJS.ProcessEnv,
): Promise<((backend: LoadedBackend) => void) | undefined> {
  if (!sandbox) return undefined;
  const client = await import('../frontend/generate-client.js');
  return (backend) => {
    void import('../commands/generate-spec.js').then((g) =>
      g.regenerateSpecInBackground(appDir, streams, env),
    );
    void client.generateClientInBackground(appDir, backend.exports, streams);
  };
}

/** What a reload needs from the running server. */
interface ReloadParts {
  loader: BackendLoader;
  /** Swaps a freshly loaded backend in. */
  serve(backend: LoadedBackend): void;
  streams: OutputStreams;
}

/**
 * The sandbox's reload: loads the backend again and swaps it in, printing how long it took, or keeps
 * the previous one serving and says why. Reloads never overlap ({@link serializeReloads}).
 */
function createReload({ loader, serve, streams }: ReloadParts) {
  return serializeReloads(async (changed) => {
    const started = performance.now();
    try {
      serve(await loader.load());
      const what =
        changed.length > 0 ? ` after a change to ${changed.map((f) => displayPath(f)).join(', ')}` : '';
      streams.stdout.write(`Reloaded backend${what} (${Math.round(performance.now() - started)} ms)\n`);
      return true;
    } catch (error) {
      const text = isCliError(error) ? error.message : String((error as Error)?.stack ?? error);
      streams.stderr.write(`${text}\nStill serving the previous backend; fix the error and save again.\n`);
      return false;
    }
  });
}

/** Watches the app (sandbox with watching on) and reloads on each burst of changes. */
async function watchApp(
  appDir: string,
  streams: OutputStreams,
  reload: (changed: string[]) => Promise<boolean>,
): Promise<BackendWatcher> {
  const { watchBackend } = await import('../watch/watch-backend.js');
  return watchBackend({
    appDir,
    onChange: (files) => void reload(files),
    onReady: () => streams.stdout.write(`Watching ${displayPath(join(appDir, 'aws-blocks'))} for changes\n`),
    onError: (error) => streams.stderr.write(`File watcher error: ${String(error)}\n`),
  });
}

/**
 * Starts `blockyard sandbox` or `blockyard start`: configures the engine, loads the backend, listens,
 * (sandbox) writes `.blocks-sandbox/config.json`, prints the ready line and (sandbox with watch)
 * reloads the backend in this process when its files change. Throws a CliError when the backend
 * cannot be loaded or the port cannot be listened on; the engine is closed again in that case.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { command, flags, streams } = options;
  const sandbox = command === 'sandbox';
  const mode: BlocksMode = sandbox ? 'sandbox' : 'production';
  const serverEnv = readServerEnv(options.env);
  const health = healthRouteEnabled(options.env);
  const log = createRequestLog(streams, sandbox && !flags.quiet);
  // Read by blocks while the backend loads: EmailClient keeps its mailbox next to the engine's data
  // and registers the dev inbox in the sandbox only.
  process.env.BLOCKS_STAGE = mode;
  process.env.BLOCKS_APP_DIR = resolve(flags.appDir);
  const loader: BackendLoader = createBackendLoader(flags.appDir, join(flags.appDir, SANDBOX_DIR, 'build'));

  // esbuild compiles in its own process while this one loads the runtime packages.
  const compiling = loader.compile();
  compiling.catch(() => {});
  const [kvStore, { KVStoreErrors }] = await Promise.all([
    import('@blockyard/kv-store/engine'),
    import('@blockyard/kv-store'),
  ]);
  kvStore.configureEngine({ appDir: flags.appDir });
  // Opening the engine (loading the SQLite driver, preparing the file) fills the time this process
  // would otherwise spend waiting for esbuild; its outcome is checked before the server listens.
  const engineOpened = kvStore.getEngine().then(
    () => undefined,
    (error: unknown) => error,
  );
  let server: Server | undefined;
  try {
    const [core, internal, http] = await Promise.all([
      import('@blockyard/core'),
      import('@blockyard/core/internal'),
      import('node:http'),
    ]);
    const first = await loader.evaluate(await compiling);
    await checkEngine(await engineOpened, streams, (error) =>
      core.isBlocksError(error, KVStoreErrors.ValidationFailed),
    );
    const allowedHosts = allowedHostsFor(
      sandbox,
      flags.host,
      serverEnv.allowedHosts,
      streams,
      internal.LOOPBACK_HOSTS,
    );
    // Emulators and phones (D-20): --allow-host names and, bound to every interface, the LAN addresses.
    if (sandbox) allowedHosts?.push(...reachableHosts(flags.host, flags.port, flags.allowHosts).hosts);
    const hostPolicy = allowedHosts ? new internal.HostPolicy(allowedHosts) : undefined;
    const guard = createHostGuard({
      allows: hostPolicy && ((host) => hostPolicy.allows(host)),
      hostOf: (req) => internal.nodeRequestHost(req, serverEnv.trustProxy, serverEnv.trustForwardedHost),
      body: internal.MISDIRECTED_BODY,
    });
    const slot = new ListenerSlot();
    const site = sandbox
      ? (await import('../frontend/serve-frontend.js')).setupFrontend(flags, streams)
      : undefined;
    const served = health
      ? withHealthRoute(slot.listener, () =>
          kvStore.getEngine().then((engine) => engine.table(HEALTH_TABLE).get(HEALTH_KEY)),
        )
      : slot.listener;
    const httpServer = http.createServer(guard.listener(site?.wrap(served) ?? served));
    site?.attach(httpServer, guard.admitsUpgrade);
    server = httpServer;
    const port = await listen(httpServer, flags.port, flags.host);
    const listenerFor = (backend: LoadedBackend): RequestListener =>
      core.createNodeListener(
        core.createBlocksHandler(backend.exports, {
          mode,
          routes: backend.routes,
          allowedOrigins: serverEnv.allowedOrigins,
          trustProxy: serverEnv.trustProxy,
          trustForwardedHost: serverEnv.trustForwardedHost,
          // No allowedHosts: the host guard in front of this server has applied the same policy to
          // every request and upgrade already, so the handler does not check the Host a second time.
          log,
          port,
        }),
      );
    slot.set(listenerFor(first));
    if (sandbox) await writeSandboxConfig(flags.appDir, port);
    const apiUrl = apiUrlFor(flags.host, port);
    announceReady(
      streams,
      apiUrl,
      sandbox ? first.routes : undefined,
      sandbox ? reachableHosts(flags.host, port, flags.allowHosts).urls : [],
    );
    const writeGenerated = await generatedFilesWriter(sandbox, flags.appDir, streams, options.env);
    writeGenerated?.(first);
    scheduleHashingPriority(options.env);

    let watcher: BackendWatcher | undefined;
    const reload = createReload({
      loader,
      streams,
      serve(backend) {
        slot.set(listenerFor(backend));
        watcher?.watchFiles(backend.files);
        writeGenerated?.(backend);
      },
    });
    const stopKeepingRunning = sandbox ? keepRunningOnStrayErrors(streams) : undefined;
    if (sandbox && flags.watch) {
      watcher = await watchApp(flags.appDir, streams, reload);
      watcher.watchFiles(first.files);
    }
    let closing: Promise<void> | undefined;
    return {
      apiUrl,
      port,
      reload,
      close(drainMs = DEFAULT_DRAIN_MS) {
        closing ??= (async () => {
          await watcher?.close();
          await site?.close();
          const drained = await closeServer(httpServer, drainMs);
          if (!drained) streams.stderr.write('Some requests did not finish in time and were cut off.\n');
          if (sandbox) await removeSandboxConfig(flags.appDir, port);
          await reload.idle();
          await kvStore.closeEngine();
          stopKeepingRunning?.();
        })();
        return closing;
      },
    };
  } catch (error) {
    if (server) await closeServer(server, 0);
    await kvStore.closeEngine();
    throw error;
  }
}
