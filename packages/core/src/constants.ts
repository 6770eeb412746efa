/** The path of the JSON-RPC endpoint. */
export const BLOCKS_RPC_PREFIX = '/aws-blocks/api';

/** The reserved path below which auth blocks mount their HTTP routes. */
export const BLOCKS_AUTH_PREFIX = '/aws-blocks/auth';

/** The reserved namespace of the framework's own paths. */
export const BLOCKS_NAMESPACE = '/aws-blocks';
