/** The client runtime, re-exported from `@blockyard/client` (see `index.js`). */
export * from '@blockyard/client';
