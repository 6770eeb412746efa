import { cachedPromise } from '../once.js';

/**
 * jose, loaded on the first token signed: it takes tens of milliseconds to import and only sign-ins
 * need it, so the server answers its first request sooner (start-up budget, ARCHITECTURE §6).
 */
/** The jose module, imported once (a failed import is tried again). */
export const loadJose: () => Promise<typeof import('jose')> = cachedPromise(() => import('jose'));
