// Reached without an `import` statement so that browser bundlers see no Node module at all:
// `process.getBuiltinModule` exists only in Node (20.16 and later).

type FsPromises = typeof import('node:fs/promises');
type NodePath = typeof import('node:path');

interface NodeProcess {
  cwd(): string;
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return typeof proc?.getBuiltinModule === 'function' ? proc : undefined;
}

/** The text of `relativePath` under the working directory, in Node only; `undefined` otherwise. */
export async function readNodeFile(relativePath: string): Promise<string | undefined> {
  const proc = nodeProcess();
  if (!proc) return undefined;
  const fs = proc.getBuiltinModule?.('node:fs/promises') as FsPromises;
  const path = proc.getBuiltinModule?.('node:path') as NodePath;
  try {
    return await fs.readFile(path.join(proc.cwd(), relativePath), 'utf8');
  } catch {
    return undefined;
  }
}
