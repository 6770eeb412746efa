import { randomBytes } from 'node:crypto';
import type { KVStore } from '@blockyard/kv-store';
import type { EventSink } from '../events.js';
import { isConditionFailure } from '../kv-conditions.js';
import { type CodeDeliveryFn, isPermanentDeliveryError } from '../options.js';
import type { CodeBook } from './code-book.js';
import type { CodePurpose } from './code-hmac.js';

/**
 * One pending delivery. It names no code: the code is issued when the item is delivered, so no
 * plain code ever rests in the engine. `deliver: false` items (unknown or taken names) cost the
 * request the same write as real ones and are dropped unseen.
 */
export interface OutboxItem {
  purpose: CodePurpose;
  username: string;
  deliver: boolean;
  /** Delivery attempts started so far. */
  attempts: number;
  /** Not to be tried before (epoch ms, block clock). */
  due: number;
  /** Claimed by an instance until then (epoch ms); another may take over afterwards. */
  leaseUntil?: number;
}

/** How the outbox retries. */
export interface OutboxTiming {
  /** Attempts before an item is given up (each failure is an event). */
  maxAttempts: number;
  /** Wait after the first failure; doubles per failure up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How long a claim holds before another instance may deliver the item. */
  leaseMs: number;
}

/** The retry policy: 8 attempts over about four minutes; a claim holds 30 s. */
export const OUTBOX_TIMING: OutboxTiming = {
  maxAttempts: 8,
  baseBackoffMs: 1000,
  maxBackoffMs: 120_000,
  leaseMs: 30_000,
};

const PREFIX = 'q:';

/**
 * The durable code outbox (D-15): a request only writes an item and returns; delivery happens right
 * after, off the request, so answers take the same time for real and unknown accounts whatever
 * `codeDelivery` costs. Items live in the engine (the block's `outbox` store), so they survive a
 * restart and every instance sharing the engine sweeps them. An instance delivers an item only after
 * claiming it with a compare-and-set lease, so of several instances exactly one delivers it (a crash
 * after delivering but before deleting the item delivers it again once the lease ends: at least once,
 * and once unless a process dies in that gap). A failure is retried with doubling backoff and reported
 * as a `codeDeliveryFailed` event and an error log line — with the code blanked out of any message;
 * an error marked permanent (`permanent: true`) is not retried.
 */
export class CodeOutbox {
  readonly #store: KVStore<OutboxItem>;
  readonly #codes: CodeBook;
  readonly #delivery: CodeDeliveryFn;
  readonly #events: EventSink;
  readonly #now: () => number;
  readonly #timing: OutboxTiming;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    store: KVStore<OutboxItem>,
    deps: { codes: CodeBook; delivery: CodeDeliveryFn; events: EventSink; now: () => number },
    timing: OutboxTiming = OUTBOX_TIMING,
  ) {
    this.#store = store;
    this.#codes = deps.codes;
    this.#delivery = deps.delivery;
    this.#events = deps.events;
    this.#now = deps.now;
    this.#timing = timing;
  }

  /**
   * Records that `username` should get a new `purpose` code (or, with `deliver: false`, does the same
   * write and nothing else), and starts delivering it in the background. Returns once the item is
   * durable.
   */
  async enqueue(purpose: CodePurpose, username: string, deliver: boolean): Promise<void> {
    const now = this.#now();
    const key = `${PREFIX}${now.toString(36).padStart(10, '0')}-${randomBytes(8).toString('base64url')}`;
    const item: OutboxItem = { purpose, username, deliver, attempts: 0, due: now };
    await this.#store.put(key, item, { ifNotExists: true });
    this.#track(this.#process(key, item));
  }

  /**
   * Starts delivering every item that is due now (also those other instances left behind) and returns
   * how many it started, without waiting for them: a delivery that hangs must not stop later sweeps.
   */
  async startDue(): Promise<number> {
    const now = this.#now();
    let started = 0;
    for await (const { key, value } of this.#store.scan({ prefix: PREFIX })) {
      if (value.due > now || (value.leaseUntil ?? 0) > now) continue;
      void this.#track(this.#process(key, value));
      started += 1;
    }
    return started;
  }

  /**
   * Delivers every item that is due now and waits for every delivery this instance has started
   * (scripts and tests). Returns how many items it started.
   */
  async sweep(): Promise<number> {
    await this.settled();
    const started = await this.startDue();
    await this.settled();
    return started;
  }

  /** Resolves once the deliveries this instance has started have finished (or failed). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  #track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => this.#events.error('code outbox step failed', error));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
    return tracked;
  }

  async #process(key: string, item: OutboxItem): Promise<void> {
    if (!item.deliver) {
      await this.#store.delete(key, { ifValueEquals: item }).catch(ignoreConflict);
      return;
    }
    const now = this.#now();
    const claimed: OutboxItem = {
      ...item,
      attempts: item.attempts + 1,
      leaseUntil: now + this.#timing.leaseMs,
    };
    try {
      await this.#store.put(key, claimed, { ifValueEquals: item });
    } catch (error) {
      if (isConditionFailure(error)) return; // another instance has it
      throw error;
    }
    let code = '';
    try {
      code = await this.#codes.issue(item.purpose, item.username, now);
      await this.#delivery(item.username, code, item.purpose);
    } catch (error) {
      await this.#failed(key, claimed, error, code);
      return;
    }
    await this.#store.delete(key, { ifValueEquals: claimed }).catch(ignoreConflict);
    this.#events.emit('codeSent', { username: item.username, reason: item.purpose });
  }

  async #failed(key: string, claimed: OutboxItem, error: unknown, code: string): Promise<void> {
    // An error marked permanent would only fail again: it is the last attempt whatever the count.
    const last = claimed.attempts >= this.#timing.maxAttempts || isPermanentDeliveryError(error);
    this.#events.emit('codeDeliveryFailed', {
      username: claimed.username,
      reason: last ? `${claimed.purpose}-abandoned` : claimed.purpose,
      count: claimed.attempts,
    });
    this.#events.error('code delivery failed', blankCode(error, code));
    if (last) {
      await this.#store.delete(key, { ifValueEquals: claimed }).catch(ignoreConflict);
      return;
    }
    const backoff = Math.min(
      this.#timing.maxBackoffMs,
      this.#timing.baseBackoffMs * 2 ** (claimed.attempts - 1),
    );
    const { leaseUntil: _released, ...rest } = claimed;
    await this.#store
      .put(key, { ...rest, due: this.#now() + backoff }, { ifValueEquals: claimed })
      .catch(ignoreConflict);
  }
}

function ignoreConflict(error: unknown): void {
  if (!isConditionFailure(error)) throw error;
}

// A delivery function may well put the code in its error message ("could not send 123456 to …").
function blankCode(error: unknown, code: string): Error {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const blanked = new Error(code ? text.split(code).join('******') : text);
  blanked.stack = blanked.message;
  return blanked;
}
