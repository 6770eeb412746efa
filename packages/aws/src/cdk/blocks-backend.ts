import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileOriginEntry } from '@blockyard/core/internal';
import { Aws, CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../dynamodb/attributes.js';
import { SWEEP_EVENT } from '../lambda/pending-work.js';
import { SIGNING_KEYS_SECRET_ENV } from '../lambda/secret-env.js';
import { bundleLambda, type LambdaBundle } from './bundle-lambda.js';
import { type RawRouteSpec, routeKeys } from './route-keys.js';

/** Options of {@link BlocksBackend}. */
export interface BlocksBackendProps {
  /** The app folder; its backend is `<appDir>/aws-blocks/index.ts` unless {@link entry} says otherwise. */
  appDir: string;
  /** The backend entry file (default `<appDir>/aws-blocks/index.ts`). */
  entry?: string;
  /** Browser origins allowed to call the API (`CORS_ALLOWED_ORIGINS`, D-05); none by default. */
  allowedOrigins?: string[];
  /**
   * Hosts the function answers (`BLOCKS_ALLOWED_HOSTS`, D-20). Default: the API's own
   * `execute-api` host; list your custom domain or CDN host here when you add one.
   */
  allowedHosts?: string[];
  /** Proxy hops trusted in `X-Forwarded-For` (`BLOCKS_TRUST_PROXY`, D-21); default 1, the gateway. */
  trustProxy?: number;
  /**
   * The backend's RawRoutes, each routed to the function (`blockyard synth` reads them from the
   * backend). When omitted, every path reaches the function through the `$default` route.
   */
  rawRoutes?: RawRouteSpec[];
  /**
   * SES sending: `true`, or the identities (domains or addresses) the EmailClient sends from. The
   * default is to grant sending from this account's identities only when the backend uses an
   * EmailClient.
   */
  email?: boolean | { identities: string[] };
  /** Log retention of the function's log group (default one month). */
  logRetention?: RetentionDays;
  /** What happens to the table and the signing-key secret when the stack is deleted (default RETAIN). */
  removalPolicy?: RemovalPolicy;
  /** Function memory in MB (default 1024; password hashing is CPU-bound, and CPU grows with memory). */
  memorySize?: number;
  /** CPU architecture (default ARM_64). */
  architecture?: Architecture;
  /**
   * Stage throttling: steady requests per second and burst. Default
   * (100/s, burst 200), so a flood costs a bounded amount; `false` turns it off.
   */
  throttle?: ThrottleSettings | false;
  /**
   * The stage's access log (one JSON line per request: request id, client address, route, status,
   * latency, integration error) in a log group of its own with {@link logRetention}. Default on;
   * `false` turns it off.
   */
  accessLogs?: boolean;
  /**
   * Concurrent executions reserved for the function (`ReservedConcurrentExecutions`): caps how many
   * instances (and database connections) a burst can start. Default: none (the account's pool).
   */
  reservedConcurrency?: number;
  /** More environment variables for the function. */
  environment?: Record<string, string>;
  /** A prepared function code instead of bundling {@link entry} (tests, prebuilt artifacts). */
  code?: Code;
  /**
   * Invoke the function every minute to deliver the verification codes left in AuthBasic's outbox
   * (a failed attempt due again, an invocation that ran out of time). Default: when the bundled
   * backend uses AuthBasic (with `code`, off unless set).
   */
  codeSweep?: boolean;
}

/** The stage throttling {@link BlocksBackend} applies unless its `throttle` prop says otherwise. */
const DEFAULT_THROTTLE: Readonly<Required<ThrottleSettings>> = Object.freeze({
  rateLimit: 100,
  burstLimit: 200,
});

// One JSON line per request; no header, body, query or cookie is logged.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * A Blocks backend on AWS: the app's `aws-blocks/index.ts` bundled with esbuild into one Node.js 22
 * Lambda function behind an API Gateway HTTP API (`/aws-blocks/api` and the RawRoutes), one
 * DynamoDB table for every KVStore and AppSetting (on-demand, point-in-time recovery, TTL, retained),
 * the session signing keys in Secrets Manager (`BLOCKS_AUTH_SIGNING_KEYS`, D-13), and a role that can
 * do exactly that. The stage is throttled and writes an access log by default. `apiUrl` is the RPC
 * endpoint; the stack outputs it as `ApiUrl`.
 */
export class BlocksBackend extends Construct {
  /** `https://<id>.execute-api.<region>.amazonaws.com/aws-blocks/api`. */
  readonly apiUrl: string;
  readonly api: HttpApi;
  readonly function: LambdaFunction;
  readonly table: Table;
  readonly signingKeys: Secret;
  readonly role: Role;
  readonly stage: HttpStage;
  /** The stage's access log group (absent with `accessLogs: false`). */
  readonly accessLogs: LogGroup | undefined;
  /** The bundle built for the function (absent when `code` was given). */
  readonly bundle: LambdaBundle | undefined;
  /** The every-minute rule that sends the function {@link SWEEP_EVENT} (absent without `codeSweep`). */
  readonly codeSweep: Rule | undefined;

  constructor(scope: Construct, id: string, props: BlocksBackendProps) {
    super(scope, id);
    const entry = validate(props);
    const retain = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const architecture = props.architecture ?? Architecture.ARM_64;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: retain,
      deletionProtection: retain === RemovalPolicy.RETAIN,
    });
    this.signingKeys = new Secret(this, 'SigningKeys', {
      description:
        'Session signing keys of the Blocks backend (BLOCKS_AUTH_SIGNING_KEYS: comma-separated, current first)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: retain,
    });
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // A role of its own instead of AWSLambdaBasicExecutionRole, whose log rights cover every group.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);
    this.table.grant(
      this.role,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    );
    this.signingKeys.grantRead(this.role);

    this.bundle = props.code
      ? undefined
      : bundleLambda({
          entry,
          outDir: mkdtempSync(join(tmpdir(), 'blocks-lambda-')),
          architecture: architecture === Architecture.ARM_64 ? 'arm64' : 'x64',
        });
    const email = props.email ?? this.bundle?.usesEmail ?? false;
    if (email) {
      const identities = typeof email === 'object' ? email.identities : ['*'];
      this.role.addToPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: identities.map(
            (identity) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${identity}`,
          ),
        }),
      );
    }

    this.api = new HttpApi(this, 'Api', { description: 'Blocks API', createDefaultStage: false });
    this.accessLogs =
      props.accessLogs === false
        ? undefined
        : new LogGroup(this, 'AccessLogs', {
            retention: props.logRetention ?? RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          });
    const throttle = props.throttle === undefined ? DEFAULT_THROTTLE : props.throttle;
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      ...(throttle ? { throttle } : {}),
      ...(this.accessLogs
        ? {
            accessLogSettings: {
              destination: new LogGroupLogDestination(this.accessLogs),
              format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
            },
          }
        : {}),
    });
    const apiHost = `${this.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    this.function = new LambdaFunction(this, 'Handler', {
      runtime: Runtime.NODEJS_22_X,
      architecture,
      handler: 'index.handler',
      code: props.code ?? Code.fromAsset((this.bundle as LambdaBundle).dir),
      memorySize: props.memorySize ?? 1024,
      // API Gateway gives up after 30 s; answering just before that keeps the error ours.
      timeout: Duration.seconds(29),
      role: this.role,
      logGroup,
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      environment: {
        NODE_ENV: 'production',
        NODE_OPTIONS: '--enable-source-maps',
        BLOCKS_DATABASE_URL: `dynamodb://${this.table.tableName}?region=${Aws.REGION}`,
        [SIGNING_KEYS_SECRET_ENV]: this.signingKeys.secretArn,
        CORS_ALLOWED_ORIGINS: (props.allowedOrigins ?? []).join(','),
        BLOCKS_ALLOWED_HOSTS: (props.allowedHosts ?? [apiHost]).join(','),
        BLOCKS_TRUST_PROXY: String(props.trustProxy ?? 1),
        ...props.environment,
      },
    });

    // Lambda freezes between invocations, so a code whose delivery failed waits for the next one:
    // a minute's schedule bounds that wait even when no request arrives. The target adds a permission
    // for events.amazonaws.com from this rule alone.
    this.codeSweep =
      (props.codeSweep ?? this.bundle?.usesAuthBasic ?? false)
        ? new Rule(this, 'CodeSweep', {
            description: 'Delivers the verification codes waiting in the Blocks backend outbox',
            schedule: Schedule.rate(Duration.minutes(1)),
            targets: [
              new LambdaTarget(this.function, {
                event: RuleTargetInput.fromObject(SWEEP_EVENT),
                retryAttempts: 0,
              }),
            ],
          })
        : undefined;

    const integration = new HttpLambdaIntegration('Integration', this.function);
    if (props.rawRoutes) {
      for (const route of routeKeys(props.rawRoutes)) {
        this.api.addRoutes({ path: route.path, methods: route.methods, integration });
      }
    } else {
      this.api.addRoutes({ path: '/{proxy+}', integration });
      this.api.addRoutes({ path: '/', integration });
    }

    this.apiUrl = `${this.api.apiEndpoint}/aws-blocks/api`;
    const output = new CfnOutput(this, 'ApiUrl', {
      value: this.apiUrl,
      description: 'The Blocks JSON-RPC endpoint',
    });
    output.overrideLogicalId('ApiUrl');
  }
}

function validate(props: BlocksBackendProps): string {
  if (!props || typeof props.appDir !== 'string' || props.appDir === '') {
    throw new TypeError('BlocksBackend: props.appDir must name the app folder');
  }
  const entry = resolve(props.appDir, props.entry ?? join('aws-blocks', 'index.ts'));
  if (!props.code && !existsSync(entry)) throw new TypeError(`BlocksBackend: no backend at ${entry}`);
  for (const origin of props.allowedOrigins ?? []) {
    if (typeof origin !== 'string' || compileOriginEntry(origin) === null) {
      throw new TypeError(
        `BlocksBackend: allowedOrigins entries are origins (https://host[:port]) or ^regexes, got ${String(origin)}`,
      );
    }
  }
  const trust = props.trustProxy;
  if (trust !== undefined && !(Number.isInteger(trust) && trust >= 0 && trust < 100)) {
    throw new TypeError('BlocksBackend: trustProxy is a hop count (0-99)');
  }
  if (props.memorySize !== undefined && !(Number.isInteger(props.memorySize) && props.memorySize >= 128)) {
    throw new TypeError('BlocksBackend: memorySize is an integer number of MB, at least 128');
  }
  const reserved = props.reservedConcurrency;
  if (reserved !== undefined && !(Number.isInteger(reserved) && reserved >= 1)) {
    throw new TypeError('BlocksBackend: reservedConcurrency is a whole number of executions, at least 1');
  }
  const throttle = props.throttle;
  if (throttle) {
    for (const key of ['rateLimit', 'burstLimit'] as const) {
      const value = throttle[key];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
        throw new TypeError(`BlocksBackend: throttle.${key} is a number of requests, at least 0`);
      }
    }
  }
  return entry;
}
