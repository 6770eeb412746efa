import { buildClientModel } from '../model/client-model.js';
import type { OpenRpcDocument } from '../spec/openrpc.js';
import { generateDart } from './dart/dart-generator.js';
import type { GeneratedFiles, GeneratorOptions } from './generated-files.js';
import { generateKotlin } from './kotlin/kotlin-generator.js';
import { generateSwift } from './swift/swift-generator.js';
import { generateTypeScript } from './ts/ts-generator.js';

/** The languages a client can be generated in. */
export const CLIENT_LANGUAGES = ['ts', 'swift', 'kotlin', 'dart'] as const;
/** One of {@link CLIENT_LANGUAGES}. */
export type ClientLanguage = (typeof CLIENT_LANGUAGES)[number];

/**
 * Generates the client for `language` from a spec: its files by relative path, runtime included, so
 * the output builds on its own. Throws a `SpecInputError` for a spec it cannot read.
 */
export function generateClient(
  spec: OpenRpcDocument,
  language: ClientLanguage,
  options: GeneratorOptions = {},
): GeneratedFiles {
  const model = buildClientModel(spec);
  switch (language) {
    case 'ts':
      return generateTypeScript(model);
    case 'swift':
      return generateSwift(model, options);
    case 'kotlin':
      return generateKotlin(model, options);
    case 'dart':
      return generateDart(model, options);
  }
}
