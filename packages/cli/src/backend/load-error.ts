import { relative, resolve } from 'node:path';
import type { Message } from 'esbuild';
import { CliError, CliErrors } from '../cli/errors.js';
import { missingPackageHint } from '../commands/add-hint.js';

const MAX_MESSAGES = 5;

/** A path for messages: relative to the working directory when that is shorter. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel !== '' && rel.length < file.length ? rel : file;
}

function formatLocation(message: Message, appDir: string): string[] {
  const location = message.location;
  if (!location) return [];
  const file = displayPath(resolve(appDir, location.file));
  const lines = [`  at ${file}:${location.line}:${location.column + 1}`];
  if (location.lineText) {
    lines.push(`    ${location.lineText}`);
    lines.push(`    ${' '.repeat(location.column)}^`);
  }
  return lines;
}

/** The error for a backend that esbuild could not compile; names the entry and each error's location. */
export function compileError(entryFile: string, appDir: string, messages: readonly Message[]): CliError {
  const [first] = messages;
  const head = `Failed to load backend ${displayPath(entryFile)}: ${first?.text ?? 'compilation failed'}`;
  const body = formatLocation(first ?? ({ location: null } as unknown as Message), appDir);
  for (const message of messages.slice(1, MAX_MESSAGES)) {
    body.push(`  ${message.text}`, ...formatLocation(message, appDir));
  }
  if (messages.length > MAX_MESSAGES) body.push(`  … and ${messages.length - MAX_MESSAGES} more errors`);
  return new CliError(CliErrors.BackendLoadFailed, [head, ...body].join('\n'));
}

/**
 * The error for a backend that threw while it was evaluated (or imports a package that is missing):
 * the entry, the error's message, and the stack frames of the app (mapped back to its sources).
 */
export function evaluationError(
  entryFile: string,
  bundleFile: string,
  appDir: string,
  error: unknown,
): CliError {
  const replaceBundle = (text: string) => text.split(bundleFile).join(entryFile);
  const message =
    error instanceof Error
      ? replaceBundle(`${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`)
      : String(error);
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && line.includes(appDir) && !line.includes(bundleFile))
    .slice(0, 8)
    .map((line) => `  ${line.trim()}`);
  return new CliError(
    CliErrors.BackendLoadFailed,
    [`Failed to load backend ${displayPath(entryFile)}: ${message}`, ...frames, missingPackageHint(error)]
      .filter((line) => line !== undefined)
      .join('\n'),
    { cause: error },
  );
}
