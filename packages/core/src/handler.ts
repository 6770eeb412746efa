import type { BlocksHandler, BlocksHandlerOptions } from './handler-options.js';

/** Serves a backend module (its exports) as JSON-RPC plus raw routes. */
export function createBlocksHandler(
  _backend: Record<string, unknown>,
  _options: BlocksHandlerOptions,
): BlocksHandler {
  throw new Error('createBlocksHandler: not implemented yet');
}
