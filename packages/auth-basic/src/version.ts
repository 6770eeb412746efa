/** The package version, reported as the block's `bbVersion`. */
export const VERSION = '0.1.0';
