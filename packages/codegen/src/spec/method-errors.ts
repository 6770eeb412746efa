import { dirname } from 'node:path';
import ts from 'typescript';
import type { ErrorObject } from './openrpc.js';

/** An error name as JSDoc `@throws` tags write it: `SessionExpiredException`, `InternalError`. */
const ERROR_NAME = /\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\b/g;
/** The name every block's status table ends with (`AUTH_BASIC_ERROR_STATUS`, `CORE_ERROR_STATUS`). */
const STATUS_TABLE = /ERROR_STATUS$/;
/** Core errors any method can answer: an unexpected failure, and params of the wrong shape. */
const ANY_METHOD = ['InternalError', 'InvalidParams'];

interface KnownError {
  status: number;
  /** The package folder of the table naming it. */
  root: string;
  description?: string;
}

function packageOf(fileName: string): string {
  const parts = fileName.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const scoped = parts[nm + 1]?.startsWith('@') ? 2 : 1;
    return parts.slice(0, nm + 1 + scoped).join('/');
  }
  const packages = parts.lastIndexOf('packages');
  return packages >= 0 ? parts.slice(0, packages + 2).join('/') : dirname(fileName);
}

function literalNumber(type: ts.Type): number | undefined {
  return type.isNumberLiteral() ? type.value : undefined;
}

/**
 * The error tables of the blocks an app uses, read through the checker from their declaration files:
 * every exported `*ERROR_STATUS` constant (name → HTTP status, e.g. AuthBasic's
 * `AUTH_BASIC_ERROR_STATUS`, core's `CORE_ERROR_STATUS`) and the doc comments of the `*Errors` name
 * constants beside them. A method's errors are the names its JSDoc `@throws` tags and those of the
 * functions it calls mention, kept when a table knows them (D-27).
 */
export class ErrorCatalog {
  readonly #known = new Map<string, KnownError>();
  readonly #checker: ts.TypeChecker;

  constructor(program: ts.Program, checker: ts.TypeChecker) {
    this.#checker = checker;
    const descriptions = new Map<string, string>();
    for (const file of program.getSourceFiles()) {
      if (program.isSourceFileDefaultLibrary(file) || file.fileName.includes('/node_modules/typescript/'))
        continue;
      const module = checker.getSymbolAtLocation(file);
      if (!module) continue;
      for (const symbol of checker.getExportsOfModule(module)) {
        if (!(symbol.flags & ts.SymbolFlags.Variable)) continue;
        const type = checker.getTypeOfSymbol(symbol);
        const props = checker.getPropertiesOfType(type);
        if (STATUS_TABLE.test(symbol.name)) {
          for (const prop of props) {
            const status = literalNumber(checker.getTypeOfSymbol(prop));
            if (status === undefined || this.#known.has(prop.name)) continue;
            this.#known.set(prop.name, { status, root: packageOf(file.fileName) });
          }
        } else if (symbol.name.endsWith('Errors')) {
          for (const prop of props) {
            const value = checker.getTypeOfSymbol(prop);
            const text = ts.displayPartsToString(prop.getDocumentationComment(checker)).trim();
            // The status in a trailing "(401)" or "(-32602 / 400)" is the error's code already.
            const plain = text.replace(/\s*\([^()]*\d[^()]*\)\.?$/, '').replace(/\.?$/, '.');
            if (value.isStringLiteral() && text !== '') descriptions.set(value.value, plain);
          }
        }
      }
    }
    for (const [name, error] of this.#known) {
      const text = descriptions.get(name);
      if (text !== undefined) error.description = text;
    }
  }

  /** The error names of the table(s) of the package holding `fileName`. */
  namesOfPackage(fileName: string): string[] {
    const root = packageOf(fileName);
    return [...this.#known].filter(([, e]) => e.root === root).map(([name]) => name);
  }

  /** Known error names in the `@throws` tags of a declaration. */
  thrownBy(declaration: ts.Node | undefined): string[] {
    if (!declaration) return [];
    const names: string[] = [];
    for (const tag of ts.getJSDocTags(declaration)) {
      if (tag.tagName.text !== 'throws') continue;
      const text = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment);
      for (const match of (text ?? '').matchAll(ERROR_NAME)) {
        if (this.#known.has(match[0])) names.push(match[0]);
      }
    }
    return names;
  }

  /**
   * The errors of one method: its own `@throws` tags, those of every function it calls directly
   * (`auth.requireAuth(context)` brings `SessionExpiredException`), the `extra` names, and the core
   * errors any call can answer; sorted by code, then name.
   */
  errorsOf(method: ts.Symbol, extra: readonly string[] = []): ErrorObject[] {
    const names = new Set<string>([...ANY_METHOD, ...extra]);
    for (const declaration of method.declarations ?? []) {
      for (const name of this.thrownBy(declaration)) names.add(name);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          const callee = this.#checker.getResolvedSignature(node)?.getDeclaration();
          for (const name of this.thrownBy(callee)) names.add(name);
        }
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(declaration, visit);
    }
    const errors: ErrorObject[] = [];
    for (const name of names) {
      const known = this.#known.get(name);
      if (!known) continue;
      errors.push({ code: known.status, message: known.description ?? name, data: { name } });
    }
    return errors.sort((a, b) => a.code - b.code || (a.data.name < b.data.name ? -1 : 1));
  }
}
