// `@aws-blocks/core/client` (an npm alias of this entry) is where some AWS Blocks apps import the
// client runtime from. It lives in `@blockyard/client`, which stands on this package, so this entry is
// a plain re-export outside the compiled sources: compiling it would make the two packages build each
// other. An app that imports it has `@blockyard/client` through `@blockyard/blocks`.
export * from '@blockyard/client';
