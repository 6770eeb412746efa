import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SWEEP_EVENT } from '../lambda/pending-work.js';
import { BlocksBackend } from './blocks-backend.js';

const EXAMPLE_APP = new URL('../../../../examples/auth-basic-app', import.meta.url).pathname;

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

// Two stacks, one synthesis: the example app bundled for real, and a second backend with SES.
describe('BlocksBackend (synthesized)', () => {
  let template: Template;
  let withEmail: Template;
  let backend: BlocksBackend;
  let stacks: Stack[];

  before(() => {
    // A deprecated CDK API used anywhere in the construct throws instead of printing a warning.
    process.env.JSII_DEPRECATED = 'fail';
    const app = new App();
    const stack = new Stack(app, 'Example', { env: { account: '123456789012', region: 'eu-west-1' } });
    backend = new BlocksBackend(stack, 'Blocks', {
      appDir: EXAMPLE_APP,
      allowedOrigins: ['https://app.example.com'],
      rawRoutes: [
        { method: 'GET', path: '/health' },
        { method: 'POST', path: '/hooks/*' },
      ],
      logRetention: RetentionDays.TWO_WEEKS,
      reservedConcurrency: 20,
    });
    const mail = new Stack(app, 'Mail');
    new BlocksBackend(mail, 'Blocks', {
      appDir: EXAMPLE_APP,
      code: Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
      email: { identities: ['example.com'] },
      allowedHosts: ['api.example.com'],
      removalPolicy: RemovalPolicy.DESTROY,
      throttle: { rateLimit: 5, burstLimit: 10 },
      accessLogs: false,
    });
    stacks = [stack, mail];
    template = Template.fromStack(stack);
    withEmail = Template.fromStack(mail);
  });

  it('bundles the backend into one Node.js 22 function with the native hashing binary for its CPU', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      ReservedConcurrentExecutions: 20,
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          NODE_ENV: 'production',
          BLOCKS_DATABASE_URL: Match.anyValue(),
          BLOCKS_AUTH_SIGNING_KEYS_SECRET_ARN: { Ref: Match.stringLikeRegexp('SigningKeys') },
          CORS_ALLOWED_ORIGINS: 'https://app.example.com',
          BLOCKS_TRUST_PROXY: '1',
          BLOCKS_ALLOWED_HOSTS: Match.anyValue(),
        }),
      },
    });
    const bundle = backend.bundle;
    assert.ok(bundle);
    assert.ok(existsSync(join(bundle.dir, 'index.mjs')));
    assert.deepEqual(readdirSync(join(bundle.dir, 'node_modules', 'argon2', 'prebuilds')), ['linux-arm64']);
    assert.equal(bundle.usesEmail, false);
    assert.ok(bundle.inputs.some((input) => input.endsWith('auth-basic-app/aws-blocks/index.ts')));
  });

  it('has one on-demand table with point-in-time recovery, TTL on `ttl`, retained and protected', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        DeletionProtectionEnabled: true,
      },
    });
    withEmail.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('keeps the signing keys in a retained Secrets Manager secret the function reads', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
      },
    });
  });

  it('routes /aws-blocks/api and the RawRoutes to the function on an HTTP API', () => {
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    for (const key of [
      'POST /aws-blocks/api',
      'OPTIONS /aws-blocks/api',
      'ANY /aws-blocks/{proxy+}',
      'GET /health',
      'POST /hooks/{proxy+}',
    ]) {
      assert.ok(keys.includes(key), `${key} in ${keys.join(', ')}`);
    }
    assert.ok(!keys.some((key) => key.includes('$default')), 'no catch-all when the routes are known');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  it('invokes the function every minute with the sweep event, allowed from that rule alone', () => {
    assert.equal(backend.bundle?.usesAuthBasic, true);
    const rules = template.findResources('AWS::Events::Rule');
    assert.equal(Object.keys(rules).length, 1);
    const [ruleId] = Object.keys(rules);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Handler'), 'Arn'] },
          Input: JSON.stringify(SWEEP_EVENT),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
    const fromEvents = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (permission) =>
        (permission as { Properties: { Principal: string } }).Properties.Principal === 'events.amazonaws.com',
    );
    assert.equal(fromEvents.length, 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Handler'), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
    // The role gains nothing for it: the rule invokes through a resource policy.
    for (const statement of statements(template)) {
      assert.ok(!asList(statement.Action).some((action) => action.startsWith('events:')));
    }
    withEmail.resourceCountIs('AWS::Events::Rule', 0);
  });

  it('throttles the stage and writes a JSON access log by default; props change both', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    withEmail.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      AccessLogSettings: Match.absent(),
    });
    withEmail.resourceCountIs('AWS::Logs::LogGroup', 1);
    const unthrottled = new Stack(new App(), 'Open');
    new BlocksBackend(unthrottled, 'Blocks', {
      appDir: EXAMPLE_APP,
      code: Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
      throttle: false,
    });
    Template.fromStack(unthrottled).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.absent(),
    });
  });

  it('synthesizes without CDK warnings or errors (deprecated runtimes and APIs included)', () => {
    for (const stack of stacks) {
      const annotations = Annotations.fromStack(stack);
      assert.deepEqual(annotations.findWarning('*', Match.anyValue()), [], stack.stackName);
      assert.deepEqual(annotations.findError('*', Match.anyValue()), [], stack.stackName);
    }
  });

  it('outputs ApiUrl', () => {
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/aws-blocks/api$')])] },
    });
  });

  it('grants least privilege: no * action, no * resource, no managed policy', () => {
    for (const t of [template, withEmail]) {
      const all = statements(t);
      assert.ok(all.length > 0);
      for (const statement of all) {
        for (const action of asList(statement.Action)) assert.ok(!action.includes('*'), `action ${action}`);
        for (const resource of asList(statement.Resource)) assert.notEqual(resource, '*');
      }
      for (const role of Object.values(t.findResources('AWS::IAM::Role'))) {
        assert.equal(
          (role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns,
          undefined,
        );
      }
    }
    const actions = statements(template).flatMap((s) => asList(s.Action));
    assert.deepEqual(actions.filter((a) => a.startsWith('dynamodb:')).sort(), [
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    assert.ok(!actions.some((a) => a.startsWith('ses:')), 'no SES without an EmailClient');
  });

  it('grants SES sending from the named identities when the app sends email', () => {
    const ses = statements(withEmail).find((s) => asList(s.Action).includes('ses:SendEmail'));
    assert.ok(ses);
    assert.match(JSON.stringify(ses.Resource), /identity\/example\.com/);
    withEmail.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ BLOCKS_ALLOWED_HOSTS: 'api.example.com' }) },
    });
    const keys = Object.values(withEmail.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    assert.deepEqual(keys.sort(), ['ANY /', 'ANY /{proxy+}']);
  });

  it('reports bad props at construction', () => {
    const stack = new Stack(new App(), 'Bad');
    assert.throws(() => new BlocksBackend(stack, 'A', { appDir: '' }), TypeError);
    assert.throws(() => new BlocksBackend(stack, 'B', { appDir: '/nonexistent-app' }), /no backend/);
    assert.throws(
      () => new BlocksBackend(stack, 'C', { appDir: EXAMPLE_APP, allowedOrigins: ['app.example.com'] }),
      /allowedOrigins/,
    );
    // Entries are checked as the runtime compiles them: an invalid pattern fails here, not on AWS.
    assert.throws(
      () => new BlocksBackend(stack, 'E', { appDir: EXAMPLE_APP, allowedOrigins: ['^https://(app'] }),
      /allowedOrigins/,
    );
    assert.throws(() => new BlocksBackend(stack, 'D', { appDir: EXAMPLE_APP, trustProxy: -1 }), /trustProxy/);
    assert.throws(
      () => new BlocksBackend(stack, 'F', { appDir: EXAMPLE_APP, reservedConcurrency: 0 }),
      /reservedConcurrency/,
    );
    assert.throws(
      () => new BlocksBackend(stack, 'G', { appDir: EXAMPLE_APP, throttle: { rateLimit: Number.NaN } }),
      /throttle\.rateLimit/,
    );
  });
});
