// Swift and Dart output is parsed (not compiled: no Swift or Dart toolchain here) by the real
// tree-sitter grammars shipped as wasm in tree-sitter-wasms: every fixture parses with no error node.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Language, type Node, Parser } from 'web-tree-sitter';
import { fixtureNames, generateFixture } from './fixtures.js';

const require = createRequire(import.meta.url);
const WASM_DIR = join(dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');

function errorNodes(node: Node, found: string[] = []): string[] {
  if (node.type === 'ERROR' || node.isMissing) {
    found.push(
      `${node.type} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${node.text.slice(0, 60)}`,
    );
  }
  for (const child of node.children) if (child) errorNodes(child, found);
  return found;
}

describe('generated Swift and Dart parse with their grammars', () => {
  const parsers = new Map<string, Parser>();
  before(async () => {
    await Parser.init();
    for (const language of ['swift', 'dart']) {
      const parser = new Parser();
      parser.setLanguage(await Language.load(join(WASM_DIR, `tree-sitter-${language}.wasm`)));
      parsers.set(language, parser);
    }
  });

  const parse = (language: string, source: string): string[] => {
    const tree = parsers.get(language)!.parse(source);
    assert.ok(tree, 'no tree');
    return errorNodes(tree.rootNode);
  };

  it('the grammars do report broken code', () => {
    assert.ok(parse('swift', 'public struct A: Codable { var x: = }\n').length > 0);
    assert.ok(parse('dart', 'class A { final int x = ; }\n').length > 0);
  });

  for (const fixture of fixtureNames()) {
    for (const language of ['swift', 'dart'] as const) {
      it(`${fixture} (${language})`, () => {
        for (const [path, content] of generateFixture(fixture, language)) {
          if (!path.endsWith(`.${language}`)) continue;
          assert.deepEqual(parse(language, content), [], `${fixture}/${language}/${path}`);
        }
      });
    }
  }
});
