import type { IncomingMessage, ServerResponse } from 'node:http';
import { trustedHops } from '../../forwarded.js';
import { HANDLE_SOURCE, type SourceHandler } from '../../handler.js';
import type { BlocksHandler } from '../../handler-options.js';
import { isIntegerIn, optionsCheck } from '../../options-check.js';
import { forwardToFetch } from './forward-to-fetch.js';
import { NodeRequestSource } from './node-request-source.js';
import { writeWireResponse } from './write-wire-response.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Proxy hops to trust (`true` is one, D-21); defaults to the handler's `trustProxy`. */
  trustProxy?: boolean | number;
}

const FAILURE = '{"error":"Internal error"}';

function fail(res: ServerResponse, error: unknown): void {
  console.error('[blocks] could not answer a request', error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (res.destroyed) return;
  res.writeHead(500, ['content-type', 'application/json', 'content-length', String(FAILURE.length)]);
  res.end(FAILURE);
}

/**
 * A `node:http` request listener serving `handler`:
 * `http.createServer(createNodeListener(createBlocksHandler(backend, options)))`. For handlers made
 * by `createBlocksHandler` it skips Web `Request`/`Response` objects, with the same behaviour as
 * `handler.fetch`; any other {@link BlocksHandler} is called through `fetch`.
 */
export function createNodeListener(
  handler: BlocksHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const check = optionsCheck('createNodeListener');
  check(
    Boolean(handler) && typeof handler.fetch === 'function',
    'handler',
    'a handler made by createBlocksHandler',
  );
  check(
    options.trustProxy === undefined ||
      typeof options.trustProxy === 'boolean' ||
      isIntegerIn(options.trustProxy, 0),
    'options.trustProxy',
    'a boolean or a number of hops',
  );
  const internal = (handler as { [HANDLE_SOURCE]?: SourceHandler })[HANDLE_SOURCE];
  if (!internal) {
    const hops = trustedHops(options.trustProxy);
    return (req, res) => {
      forwardToFetch(handler, req, res, hops).catch((error) => fail(res, error));
    };
  }
  const hops = options.trustProxy === undefined ? internal.hops : trustedHops(options.trustProxy);
  return (req, res) => {
    const source = new NodeRequestSource(req, res, hops, internal.trustForwardedHost);
    // One reaction for both outcomes (not `.then().catch()`): a promise and a microtask fewer per request.
    internal.handle(source).then(
      (wire) => {
        try {
          writeWireResponse(req, res, wire);
        } catch (error) {
          fail(res, error);
        }
      },
      (error: unknown) => fail(res, error),
    );
  };
}
