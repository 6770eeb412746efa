import {
  type BlocksHandler,
  type BlocksMode,
  CoreErrors,
  createBlocksHandler,
  RPC_PATH,
} from '@blockyard/core';
import {
  collectRoutes,
  coreError,
  errorAnswer,
  HostPolicy,
  hostNotAllowed,
  readServerEnv,
  type ServerEnv,
} from '@blockyard/core/internal';
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
import { type HttpEventV2, type HttpResultV2, isHttpEventV2, malformedEvent } from './lambda-event.js';
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

function answer(statusCode: number, body: string): HttpResultV2 {
  return { statusCode, headers: { ...JSON_TYPE }, body, isBase64Encoded: false };
}

/** An error answered by the adapter itself, encoded by core as core would answer it (D-02). */
function errorResult(error: unknown, path: string | undefined, revealInternal: boolean): HttpResultV2 {
  const rpc = path?.startsWith(RPC_PATH) === true;
  const { status, body } = errorAnswer(error, { rpc, revealInternal });
  return answer(status, body);
}

/** The path of an event, when it has one (to choose the RPC or the raw error shape). */
function eventPath(event: unknown): string | undefined {
  const path = (event as { rawPath?: unknown } | null)?.rawPath;
  return typeof path === 'string' ? path : undefined;
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
  // API Gateway and Function URLs always sit in front of the function: one hop unless told otherwise.
  const settings: ServerEnv = readServerEnv(env, { defaultHops: 1 });
  const sandbox = mode === 'sandbox';
  const timedOut = timeoutAnswers(settings.allowedOrigins, sandbox);
  const hosts = settings.allowedHosts ? new HostPolicy(settings.allowedHosts) : undefined;
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

  const failed = (event: unknown) => errorResult(internalError(), eventPath(event), false);

  const serveHttp = async (event: HttpEventV2, context: unknown): Promise<HttpResultV2> => {
    const problem = malformedEvent(event);
    if (problem) return badEvent(event, `Bad Request: ${problem}`);
    const deadline = new AbortController();
    let converted: ReturnType<typeof eventToRequest>;
    try {
      converted = eventToRequest(event, settings, deadline.signal);
    } catch (error) {
      console.error('[blocks] the Lambda handler could not read an HTTP event', error);
      return badEvent(event, 'Bad Request: the event does not describe a request that can be served');
    }
    const { request, clientAddress, host } = converted;
    // The same answer core gives a misdirected request, whatever the path.
    if (hosts && !hosts.allows(host)) return errorResult(hostNotAllowed(), undefined, false);
    const blocks = await loaded();
    if (!blocks) return failed(event);
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

  return async (event, context) => {
    try {
      if (isSweepEvent(event)) {
        // The scheduled sweep: the backend must be loaded for its blocks to register their work.
        if (!(await loaded())) return failed(event);
        const budget = Math.min(MAX_REQUEST_MS, remainingMs(context) - DEADLINE_MARGIN_MS);
        const finished = await sweepPendingWork(budget);
        return answer(200, JSON.stringify({ swept: true, finished }));
      }
      if (!isHttpEventV2(event)) {
        console.error('[blocks] the Lambda handler received an event that is not an HTTP payload 2.0 event');
        return badEvent(event, 'Unsupported event: expected an HTTP API (payload 2.0) or Function URL event');
      }
      return await serveHttp(event, context);
    } catch (error) {
      // Never a gateway 500 without a body: a defect here still answers the JSON shape (D-02).
      console.error('[blocks] the Lambda handler failed', error);
      return errorResult(error, eventPath(event), sandbox);
    }
  };
}

/** The error behind a 500 the adapter answers itself (the backend did not load, or a defect). */
function internalError(): Error {
  return coreError(CoreErrors.Internal, 'Internal error');
}

/** A 400 `InvalidRequest` answer to an event that cannot be served. */
function badEvent(event: unknown, message: string): HttpResultV2 {
  return errorResult(coreError(CoreErrors.InvalidRequest, message), eventPath(event), false);
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
