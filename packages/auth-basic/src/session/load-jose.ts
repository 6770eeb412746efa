/**
 * jose, loaded on the first token signed: it takes tens of milliseconds to import and only sign-ins
 * need it, so the server answers its first request sooner (start-up budget, ARCHITECTURE §6).
 */
let jose: Promise<typeof import('jose')> | undefined;

/** The jose module, imported once. */
export function loadJose(): Promise<typeof import('jose')> {
  jose ??= import('jose');
  return jose;
}
