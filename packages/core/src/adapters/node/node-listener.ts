import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlocksHandler } from '../../handler-options.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-For`; defaults to the handler's `trustProxy`. */
  trustProxy?: boolean;
}

/** A `node:http` request listener serving `handler`. */
export function createNodeListener(
  _handler: BlocksHandler,
  _options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  throw new Error('createNodeListener: not implemented yet');
}
