import ts from 'typescript';

const PARSE_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync']);

/**
 * Tier 1 of R-1204, read statically: when a method's parameter is untyped (`unknown`/`any`) and its body
 * passes that parameter to `<schema>.parse(…)` (or `safeParse`, `parseAsync`, `safeParseAsync`) of a
 * Zod 4 schema, the parameter's type is the schema's output type (`_output`). Returns the types found,
 * by parameter name.
 */
export function zodParamTypes(
  declaration: ts.Declaration | undefined,
  params: readonly string[],
  checker: ts.TypeChecker,
): Map<string, ts.Type> {
  const found = new Map<string, ts.Type>();
  if (!declaration || params.length === 0) return found;
  const names = new Set(params);
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      PARSE_METHODS.has(node.expression.name.text)
    ) {
      const [argument] = node.arguments;
      if (argument && ts.isIdentifier(argument) && names.has(argument.text) && !found.has(argument.text)) {
        const receiver = node.expression.expression;
        const schemaType = checker.getTypeAtLocation(receiver);
        const output = schemaType.getProperty('_output');
        if (output && schemaType.getProperty('_zod')) {
          found.set(argument.text, checker.getTypeOfSymbolAtLocation(output, receiver));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(declaration);
  return found;
}
