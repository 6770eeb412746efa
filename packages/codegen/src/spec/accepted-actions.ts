import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type ts from 'typescript';

function packageRoot(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

/**
 * The actions a block's `setAuthState` really accepts. The cross-block `AuthActionInput` names every
 * action of every auth block; a block package narrows it by exporting `ACTIONS`, a readonly tuple of
 * action names, from a module of the package that declares the namespace's method type (AuthBasic's
 * nine). Undefined when the package declares no such tuple.
 */
export function acceptedActions(
  program: ts.Program,
  checker: ts.TypeChecker,
  methods: ts.Type,
): ReadonlySet<string> | undefined {
  const declaration = (methods.aliasSymbol ?? methods.getSymbol())?.declarations?.[0];
  if (!declaration) return undefined;
  const root = packageRoot(declaration.getSourceFile().fileName);
  if (root === undefined) return undefined;
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(`${root}/`) || file.fileName.includes('/node_modules/', root.length))
      continue;
    const module = checker.getSymbolAtLocation(file);
    const symbol = module ? checker.getExportsOfModule(module).find((s) => s.name === 'ACTIONS') : undefined;
    if (!symbol) continue;
    const type = checker.getTypeOfSymbol(symbol);
    if (!checker.isTupleType(type)) continue;
    const names = checker
      .getTypeArguments(type as ts.TypeReference)
      .map((t) => (t.isStringLiteral() ? t.value : undefined));
    if (names.every((n) => n !== undefined)) return new Set(names as string[]);
  }
  return undefined;
}
