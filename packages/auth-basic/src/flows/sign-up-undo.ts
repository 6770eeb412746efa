import type { UserRecord, UserStore } from '../user-store.js';

/** Delays between attempts to undo, in ms; the last one repeats until {@link GIVE_UP_MS}. */
const DELAYS_MS = [0, 250, 500, 1000, 2000];
/** How long an undo keeps trying while the engine is unreachable (a long outage, then a restart). */
const GIVE_UP_MS = 15 * 60 * 1000;

type Users = Pick<UserStore, 'remove'>;

interface PendingUndo {
  /** Runs one attempt now (a sign-up of the name is waiting); resolves when it is over. */
  now(): Promise<void>;
}

// Per user store (one per AuthBasic block), per username: the undos not done yet.
const pending = new WeakMap<Users, Map<string, PendingUndo>>();

function pendingOf(users: Users): Map<string, PendingUndo> {
  let map = pending.get(users);
  if (!map) {
    map = new Map();
    pending.set(users, map);
  }
  return map;
}

/**
 * Makes a sign-up that answered an error leave no account behind (all or nothing). `record` is what
 * the sign-up wrote, or tried to write: a write that failed as "unavailable" may still have been
 * committed (the connection died after the commit), so the account is removed only when it holds
 * exactly `record`, a value no other request can have written (it carries this sign-up's salted hash).
 *
 * The first attempt starts at once; while the engine is unreachable, attempts repeat in the
 * background (unref'd timers) until one settles it or {@link GIVE_UP_MS} passed. Never throws.
 */
export function undoSignUp(users: Users, username: string, record: UserRecord): void {
  const map = pendingOf(users);
  const started = Date.now();
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    clearTimeout(timer);
    running ??= users.remove(username, { record, raw: record }).then(
      () => {
        if (map.get(username) === entry) map.delete(username);
      },
      () => {
        running = undefined;
        if (Date.now() - started >= GIVE_UP_MS) {
          if (map.get(username) === entry) map.delete(username);
          return;
        }
        attempt++;
        timer = setTimeout(run, DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)]);
        timer.unref();
      },
    );
    return running;
  };
  const entry: PendingUndo = { now: run };
  map.set(username, entry);
  void run();
}

/**
 * Before a sign-up of `username`: if an earlier, failed sign-up of the name in this process is still
 * undoing its account (the engine was down), try once more now, so that a user who simply tries
 * again is not told the name is taken by their own failed attempt.
 */
export async function settleSignUpUndo(users: Users, username: string): Promise<void> {
  await pending.get(users)?.get(username)?.now();
}
