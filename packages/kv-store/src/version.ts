/** The package version, reported as the blocks' `bbVersion`. */
export const VERSION = '0.1.0';
