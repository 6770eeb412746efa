import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { displayPath } from '../backend/load-error.js';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams, ServeFlags } from '../cli/types.js';
import type { RequestListener } from '../server/listener-slot.js';
import { type FrontendCommand, startFrontendCommand } from './frontend-command.js';
import { createFrontendProxy } from './frontend-proxy.js';
import { createStaticHandler } from './static-files.js';

/** Default port of a `--frontend` dev server (R-1101). */
export const DEFAULT_FRONTEND_PORT = 3100;

/** Paths the API owns whatever frontend is served. */
export function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0]!;
  return path === '/aws-blocks' || path.startsWith('/aws-blocks/') || path.startsWith('/.blocks-sandbox/');
}

/** The sandbox's frontend: wraps the API listener and takes the WebSocket upgrades. */
export interface SandboxFrontend {
  /** The listener serving the frontend and handing API requests (and unknown files) to `api`. */
  wrap(api: RequestListener): RequestListener;
  /**
   * Takes over `upgrade` events of `server` (proxy mode), each proxied only once `admits` says so
   * (the Host allowlist, D-20: a refused upgrade never reaches the dev server).
   */
  attach(server: Server, admits: (req: IncomingMessage, socket: Duplex) => boolean): void;
  /** Closes proxied WebSockets and stops the frontend command, if any (before the server drains). */
  close(): Promise<void>;
}

/**
 * The frontend the sandbox serves on the API's own origin (so cookies are first-party and nothing
 * needs CORS): `--frontend "<command>"` started and proxied (HTTP and WebSocket), else the files of
 * `--static <dir>`, else those of `<app>/public/` when it exists; `undefined` when there is none.
 */
export function setupFrontend(flags: ServeFlags, streams: OutputStreams): SandboxFrontend | undefined {
  if (flags.frontendCommand) {
    const port = flags.frontendPort ?? DEFAULT_FRONTEND_PORT;
    if (port === flags.port) {
      throw new CliError(
        CliErrors.Usage,
        `--frontend-port ${port} is the sandbox's own port; choose another.`,
      );
    }
    let command: FrontendCommand | undefined;
    const proxy = createFrontendProxy(port);
    // Upgraded connections (HMR WebSockets) are no longer HTTP requests the server can drain.
    const upgraded = new Set<Duplex>();
    const start = () => {
      streams.stdout.write(
        `Frontend: "${flags.frontendCommand}" on port ${port}, proxied from this origin\n`,
      );
      command = startFrontendCommand(flags.frontendCommand!, { appDir: flags.appDir, port, streams });
    };
    return {
      wrap: (api) => (req, res) => (isApiPath(req.url) ? api(req, res) : proxy.http(req, res)),
      attach(server, admits) {
        // Started only once the sandbox listens: a start that fails leaves no dev server behind.
        server.once('listening', start);
        server.on('upgrade', (req, socket, head) => {
          if (!admits(req, socket)) return;
          if (isApiPath(req.url)) {
            socket.destroy();
            return;
          }
          upgraded.add(socket);
          socket.once('close', () => upgraded.delete(socket));
          proxy.upgrade(req, socket, head);
        });
      },
      close: async () => {
        for (const socket of upgraded) socket.destroy();
        await command?.stop();
        command = undefined;
      },
    };
  }
  const dir = flags.staticDir ?? join(flags.appDir, 'public');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    if (flags.staticDir) {
      throw new CliError(CliErrors.Usage, `--static: ${flags.staticDir} is not a folder.`);
    }
    return undefined;
  }
  const serveFile = createStaticHandler(dir);
  streams.stdout.write(`Frontend: serving ${displayPath(dir) || '.'}/ on the same origin\n`);
  return {
    wrap: (api) => (req, res) => {
      if (isApiPath(req.url)) {
        api(req, res);
        return;
      }
      serveFile(req, res).then(
        (served) => {
          if (!served) api(req, res);
        },
        () => api(req, res),
      );
    },
    attach() {},
    close: async () => {},
  };
}
