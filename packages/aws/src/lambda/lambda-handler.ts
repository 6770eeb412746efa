import { type BlocksHandler, type BlocksMode, CoreErrors, createBlocksHandler } from '@blockyard/core';
import { collectRoutes, HostPolicy } from '@blockyard/core/internal';
import { registerDynamoDbEngine } from '../dynamodb/register.js';
import {
  DEADLINE_MARGIN_MS,
  HandlerTimeoutError,
  MAX_REQUEST_MS,
  remainingMs,
  requestDeadlineMs,
  timeoutAnswers,
} from './deadline.js';
import { eventToRequest } from './event-to-request.js';
import { type LambdaEnv, readLambdaEnv } from './lambda-env.js';
import { type HttpEventV2, type HttpResultV2, isHttpEventV2 } from './lambda-event.js';
import { isSweepEvent, type SweepEvent, settlePendingWork, sweepPendingWork } from './pending-work.js';
import { responseToResult } from './response-to-result.js';
import { loadSecretEnv } from './secret-env.js';

/** Options of {@link createLambdaHandler}. */
export interface LambdaHandlerOptions {
  /** `production` (the default: unexpected error messages hidden, D-02) or `sandbox`. */
  mode?: BlocksMode;
  /** Largest accepted request body in bytes (default 10 MiB, D-03). */
  maxBodyBytes?: number;
  /** Environment to read settings from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /**
   * How long, at most, each invocation waits after its answer for work blocks started while
   * answering (AuthBasic's queued code deliveries) before Lambda freezes the process, never past the
   * invocation's remaining time − 1 s. Default `BLOCKS_LAMBDA_PENDING_WORK_MS`, else 0: the answer
   * never waits for a delivery (D-15), and the scheduled sweep delivers within a minute. A wait makes
   * codes arrive sooner but lets answer times tell real accounts from unknown ones.
   */
  pendingWorkMs?: number;
}

/**
 * A Lambda function handler for API Gateway HTTP API (payload 2.0) and Function URL events, and for
 * the construct's scheduled {@link SweepEvent}.
 */
export type LambdaHandler = (event: HttpEventV2 | SweepEvent, context?: unknown) => Promise<HttpResultV2>;

const MAX_PENDING_WORK_MS = 900_000;

const JSON_TYPE = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function answer(statusCode: number, body: object): HttpResultV2 {
  return { statusCode, headers: { ...JSON_TYPE }, body: JSON.stringify(body), isBase64Encoded: false };
}

/**
 * Serves a backend from Lambda with the same Web handler as `blockyard start`:
 * `export const handler = createLambdaHandler(() => import('./index.js'))`. The backend is imported on
 * the first event (its RawRoutes collected while it loads) and kept for the life of the instance; a
 * backend that fails to load answers 500 `InternalError` and is tried again on the next event.
 * `dynamodb://` engine URLs are registered before the backend loads, so `BLOCKS_DATABASE_URL` works,
 * and signing keys named by `BLOCKS_AUTH_SIGNING_KEYS_SECRET_ARN` are read from Secrets Manager.
 */
export function createLambdaHandler(
  load: () => Promise<Record<string, unknown>> | Record<string, unknown>,
  options: LambdaHandlerOptions = {},
): LambdaHandler {
  if (typeof load !== 'function') {
    throw new TypeError(
      'createLambdaHandler: pass a function that imports the backend, e.g. () => import("./index.js")',
    );
  }
  const mode = options.mode ?? 'production';
  if (mode !== 'production' && mode !== 'sandbox') {
    throw new TypeError("createLambdaHandler: options.mode must be 'production' or 'sandbox'");
  }
  const env = options.env ?? process.env;
  const fromEnv = env.BLOCKS_LAMBDA_PENDING_WORK_MS;
  const pendingWorkMs = options.pendingWorkMs ?? (fromEnv ? Number(fromEnv) : 0);
  if (!(Number.isInteger(pendingWorkMs) && pendingWorkMs >= 0 && pendingWorkMs <= MAX_PENDING_WORK_MS)) {
    throw new TypeError(
      'createLambdaHandler: options.pendingWorkMs (or BLOCKS_LAMBDA_PENDING_WORK_MS) is a whole number of ms from 0 to 900000 (Lambda runs 15 min at most)',
    );
  }
  const settings: LambdaEnv = readLambdaEnv(env);
  const timedOut = timeoutAnswers(settings.allowedOrigins, mode === 'sandbox');
  const hosts = settings.allowedHosts.length > 0 ? new HostPolicy(settings.allowedHosts) : undefined;
  registerDynamoDbEngine();
  let handler: Promise<BlocksHandler> | undefined;

  const start = async (): Promise<BlocksHandler> => {
    await loadSecretEnv(env);
    const { result, routes } = await collectRoutes(async () => await load());
    return createBlocksHandler(result, {
      mode,
      routes,
      allowedOrigins: settings.allowedOrigins,
      // The adapter applies D-21 itself (it knows the gateway's own view of the client).
      trustProxy: false,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    });
  };

  const loaded = async (): Promise<BlocksHandler | undefined> => {
    handler ??= start();
    try {
      return await handler;
    } catch (error) {
      handler = undefined;
      console.error('[blocks] the backend failed to load', error);
      return undefined;
    }
  };
  const workBudget = (context: unknown) => Math.min(pendingWorkMs, remainingMs(context) - DEADLINE_MARGIN_MS);

  return async (event, context) => {
    if (isSweepEvent(event)) {
      // The scheduled sweep: the backend must be loaded for its blocks to register their work.
      if (!(await loaded())) return answer(500, { error: 'Internal error' });
      const budget = Math.min(MAX_REQUEST_MS, remainingMs(context) - DEADLINE_MARGIN_MS);
      const finished = await sweepPendingWork(budget);
      return answer(200, { swept: true, finished });
    }
    if (!isHttpEventV2(event)) {
      console.error('[blocks] the Lambda handler received an event that is not an HTTP payload 2.0 event');
      return answer(400, {
        error: 'Unsupported event: expected an HTTP API (payload 2.0) or Function URL event',
      });
    }
    const deadline = new AbortController();
    const { request, clientAddress, host } = eventToRequest(event, settings.trustProxy, deadline.signal);
    if (hosts && !hosts.allows(host)) {
      return answer(421, {
        error: 'Misdirected Request: this host is not served here (BLOCKS_ALLOWED_HOSTS)',
        name: CoreErrors.HostNotAllowed,
      });
    }
    const blocks = await loaded();
    if (!blocks) return answer(500, { error: 'Internal error' });
    const result = await withDeadline(
      requestDeadlineMs(context),
      deadline,
      async () => responseToResult(await blocks.fetch(request, { clientAddress })),
      () => timedOut(request),
    );
    // Lambda freezes the process once this promise resolves: finish what the answer queued first.
    await settlePendingWork(workBudget(context));
    return result;
  };
}

/**
 * Runs `work` until `ms` have passed (R-1508); then aborts the request's signal, so a handler that
 * listens stops, and answers `onTimeout()` instead. Work that goes on regardless is left to finish
 * in the background, its outcome ignored.
 */
async function withDeadline<T>(
  ms: number,
  controller: AbortController,
  work: () => Promise<T>,
  onTimeout: () => T,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[blocks] the request ran into its ${ms} ms deadline and was answered 504`);
      controller.abort(new HandlerTimeoutError(ms));
      resolve(onTimeout());
    }, ms);
  });
  const running = work();
  running.catch(() => {});
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
