import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPublisherApp } from '../../cdk/publisher-app.ts';
import { PUBLISHER_METRICS } from '../../cdk/publisher-metrics.ts';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  readPublisherSettings,
} from '../../cdk/publisher-settings.ts';
import { PublisherStack } from '../../cdk/publisher-stack.ts';
import { VIEWER_REQUEST_CODE } from '../../cdk/viewer-request.ts';
import { CONTENT_SECURITY_POLICY, NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import { classifyEvent } from '../../functions/lambda/events.ts';
import {
  acknowledgements,
  logicalId,
  newApp,
  PROJECT_ROOT,
  removeSynthOutput,
  type SynthesizedPublisher,
  synthPublisher,
  unacknowledgedNagFindings,
} from './synth-publisher.ts';

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The statements of the publisher role's policies (the role itself has no inline or managed policies). */
function publisherStatements(synth: SynthesizedPublisher): Statement[] {
  const roleId = logicalId(synth.stack, synth.stack.publisher.role);
  const policies = synth.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** esbuild plus CDK's first-synth warm-up; generous because CI machines are often busy. */
const SYNTH_TIMEOUT = 120_000;

const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const objectsOf = (bucketId: string, key: string) => ({ 'Fn::Join': ['', [getAtt(bucketId), `/${key}`]] });

/** The rules this stack acknowledges, each with its reason in the code; anything new must be added here on purpose. */
const EXPECTED_ACKNOWLEDGEMENTS = [
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-IAM5[Resource::<SiteBucket978D4AEB.Arn>/*]',
  'AwsSolutions-IAM5[Resource::<PublisherFunction1938950E.Arn>:*]',
  'AwsSolutions-S1',
  'AwsSolutions-SQS3',
  'Serverless-LambdaDLQ',
  'Serverless-LambdaTracing',
  'Serverless-SQSRedrivePolicy',
];

afterAll(removeSynthOutput);

const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
const fnArnVersions = (fnId: string) => ({ 'Fn::Join': ['', [getAtt(fnId), ':*']] });

/**
 * JSON written into a template as an `Fn::Join` of text and tokens: parsed with each token as a
 * placeholder, and `restore` to put the tokens back into anything parsed from it.
 */
function parseJoinedJson(value: { 'Fn::Join': [string, unknown[]] }): {
  parsed: unknown;
  restore: (v: unknown) => unknown;
} {
  const join = value['Fn::Join'];
  const tokens: unknown[] = [];
  const text = join[1]
    .map((part) => (typeof part === 'string' ? part : `@@${tokens.push(part) - 1}@@`))
    .join(join[0]);
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^@@(\d+)@@$/.exec(v);
      return whole ? tokens[Number(whole[1])] : v;
    }
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]));
    return v;
  };
  return { parsed: JSON.parse(text), restore };
}

interface DeployCall {
  readonly service: string;
  readonly action: string;
  readonly parameters: Record<string, unknown>;
  readonly physicalResourceId: unknown;
  /** The invoke payload, parsed, with tokens (the version) as template values. */
  readonly payload: Record<string, unknown>;
}

/** The deploy-time run: the Custom::AWS resource's create and update calls, and its provider's role. */
function deployRun(template: Template): { create: DeployCall; update: DeployCall; roleId: string } {
  const [resource, ...others] = Object.values(template.findResources('Custom::AWS'));
  expect(others).toEqual([]);
  if (!resource) throw new Error('no Custom::AWS resource');
  const call = (property: 'Create' | 'Update'): DeployCall => {
    const { parsed, restore } = parseJoinedJson(resource.Properties[property]) as {
      parsed: DeployCall & { parameters: { Payload: string } };
      restore: (v: unknown) => unknown;
    };
    const payload = JSON.parse(parsed.parameters.Payload) as Record<string, unknown>;
    return { ...(restore(parsed) as DeployCall), payload: restore(payload) as Record<string, unknown> };
  };
  const providerId = resource.Properties.ServiceToken['Fn::GetAtt'][0];
  const provider = template.toJSON().Resources[providerId];
  return {
    create: call('Create'),
    update: call('Update'),
    roleId: provider.Properties.Role['Fn::GetAtt'][0],
  };
}

function expectNoUnacknowledgedFindings(synth: SynthesizedPublisher): void {
  const findings = unacknowledgedNagFindings(synth.app, synth.stack);
  expect(findings.map((f) => `${f.severity} ${f.rule} at ${f.paths.join(', ')}: ${f.description}`)).toEqual(
    [],
  );
  for (const ack of acknowledgements(synth.stack)) {
    // A reason says why this stack is fine as it is, specifically; not "n/a" or "suppressed".
    expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(80);
  }
}

/**
 * Kept when the stack is deleted or the bucket replaced, removed when the stack's creation rolls back
 * (a failed first deploy must not orphan buckets).
 */
function expectRetainedExceptOnCreate(template: Template, bucketId: string): void {
  const bucket = template.toJSON().Resources[bucketId];
  expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
  expect(bucket.UpdateReplacePolicy).toBe('Retain');
}

function expectSiteBucketHardened(template: Template, bucketId: string): void {
  expectRetainedExceptOnCreate(template, bucketId);
  const bucket = template.toJSON().Resources[bucketId];
  expect(bucket.Properties).toMatchObject({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    },
    VersioningConfiguration: { Status: 'Enabled' },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    },
  });
}

describe('default deployment: bundled sigs.yaml, hourly, *.cloudfront.net', () => {
  let synth: SynthesizedPublisher;
  let template: Template;
  let siteBucketId: string;

  beforeAll(() => {
    synth = synthPublisher({}, { bundle: true });
    template = synth.template;
    siteBucketId = logicalId(synth.stack, synth.stack.site.bucket);
  }, SYNTH_TIMEOUT);

  it('keeps the site bucket private, encrypted, TLS-only and versioned, and retains it', () => {
    expectSiteBucketHardened(template, siteBucketId);
    expectRetainedExceptOnCreate(template, logicalId(synth.stack, synth.stack.logBucket));
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.anyValue(),
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
        ]),
      },
      LoggingConfiguration: { LogFilePrefix: 's3/site/' },
    });
  });

  it('serves the bucket only through CloudFront with Origin Access Control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            DomainName: getAtt(siteBucketId, 'RegionalDomainName'),
            OriginAccessControlId: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Id']) }),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('redirects to HTTPS, compresses, serves index.html for / and folders, and logs access', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          Compress: true,
          AllowedMethods: ['GET', 'HEAD'],
          FunctionAssociations: [
            {
              EventType: 'viewer-request',
              FunctionARN: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
            },
          ],
        }),
        Logging: Match.objectLike({ Bucket: Match.anyValue(), Prefix: 'cloudfront/', IncludeCookies: false }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: VIEWER_REQUEST_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      AutoPublish: true,
    });
  });

  it("answers a path the site does not have with the site's own 404 page, status 404", () => {
    // Through OAC, S3 answers 403 for a missing key (CloudFront may not list the bucket).
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CustomErrorResponses: [403, 404].map((code) => ({
          ErrorCode: code,
          ResponseCode: 404,
          ResponsePagePath: '/404.html',
          ErrorCachingMinTTL: 60,
        })),
      }),
    });
    expect(NOT_FOUND_PAGE).toBe('404.html');
  });

  it('adds Vary: Accept-Encoding, since a feed URL answers plain or gzip by that header', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CustomHeadersConfig: { Items: [{ Header: 'Vary', Value: 'Accept-Encoding', Override: false }] },
      }),
    });
  });

  it('sends a strict CSP, HSTS, nosniff and a referrer policy with every response', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        },
      }),
    });
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
  });

  it('caches by the objects Cache-Control (min TTL 0), keyed on the asset version only', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: {
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['v'] },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      }),
    });
  });

  it('runs the function on the newest Node.js runtime, arm64, traced, sized for the documented maximum', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: DEFAULT_MEMORY_MB,
      Timeout: DEFAULT_TIMEOUT_SECONDS,
      // No reserved concurrency: it fails the first deploy where the account quota is 10; the sync's
      // lease keeps runs from overlapping instead.
      ReservedConcurrentExecutions: Match.absent(),
      // Failures go to the on-failure destination instead (next test).
      DeadLetterConfig: Match.absent(),
      TracingConfig: { Mode: 'Active' },
      // Lambda's JSON log format: Powertools' Logger obeys the application level (AWS_LAMBDA_LOG_LEVEL).
      LoggingConfig: {
        LogGroup: { Ref: logicalId(synth.stack, synth.stack.publisher.logGroup) },
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'INFO',
      },
      Environment: {
        Variables: {
          SIGCAL_SITE_BUCKET: { Ref: siteBucketId },
          SIGCAL_SOURCE: 'bundled',
          SIGCAL_SITE_URL: {
            'Fn::Join': [
              '',
              ['https://', getAtt(logicalId(synth.stack, synth.stack.site.distribution), 'DomainName'), '/'],
            ],
          },
          SIGCAL_KEEP_GOING: 'true',
          POWERTOOLS_METRICS_NAMESPACE: 'sigcal',
          POWERTOOLS_SERVICE_NAME: 'Sigcal',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    expect(DEFAULT_MEMORY_MB).toBe(3008);
    expect(DEFAULT_TIMEOUT_SECONDS).toBe(900);
  });

  it('sends asynchronous runs that fail every retry, or wait an hour, to the failure queue', () => {
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(synth.stack, synth.stack.publisher.function) },
      // Every run is invoked unqualified ($LATEST), so this configuration applies to all of them.
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: {
        OnFailure: { Destination: getAtt(logicalId(synth.stack, synth.stack.deadLetters)) },
      },
    });
  });

  it('gives each function its own log group with a retention period', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.LoggingConfig?.LogGroup).toEqual({ Ref: expect.any(String) });
    }
  });

  it('keeps failed deliveries in an encrypted, TLS-only queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('grants the role nothing managed, and only its log group, queue, X-Ray and the site bucket', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
    const statements = publisherStatements(synth);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'SiteBucketList',
          Action: 's3:ListBucket',
          Resource: getAtt(siteBucketId),
        }),
        expect.objectContaining({
          Sid: 'SiteObjectsReadWriteDelete',
          Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          Resource: objectsOf(siteBucketId, '*'),
        }),
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: getAtt(logicalId(synth.stack, synth.stack.publisher.logGroup)),
        }),
      ]),
    );
    // Every S3 permission names the site bucket; nothing is granted on "*" except X-Ray's two actions.
    for (const s of statements.filter((s) => actions(s).some((a) => a.startsWith('s3:')))) {
      expect(JSON.stringify(s.Resource)).toContain(`"${siteBucketId}"`);
      expect(
        actions(s).every((a) =>
          ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'].includes(a),
        ),
      ).toBe(true);
    }
    for (const s of statements.filter((s) => JSON.stringify(s.Resource) === '"*"')) {
      expect(actions(s).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
    expect(statements.flatMap(actions).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('republishes every hour through EventBridge Scheduler, with a payload the function reads as scheduled', () => {
    const fnId = logicalId(synth.stack, synth.stack.publisher.function);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: getAtt(fnId),
        Input: JSON.stringify({ action: 'republish', trigger: 'scheduled' }),
        RoleArn: Match.anyValue(),
        DeadLetterConfig: { Arn: getAtt(logicalId(synth.stack, synth.stack.deadLetters)) },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
      },
    });
    const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    if (!schedule) throw new Error('no schedule');
    expect(classifyEvent(JSON.parse(schedule.Properties.Target.Input), [])).toEqual({
      run: true,
      trigger: 'scheduled',
    });
    // The scheduler's role may invoke this function and send to the queue, nothing else.
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    );
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [getAtt(fnId), fnArnVersions(fnId)] },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: getAtt(logicalId(synth.stack, synth.stack.deadLetters)),
      },
    ]);
    // No EventBridge rule for a bundled source: no uploads to watch.
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(synth.stack.sourceBucket).toBeUndefined();
  });

  it('publishes right after a deployment: one asynchronous run, with a payload the function reads as a deploy', () => {
    const fnId = logicalId(synth.stack, synth.stack.publisher.function);
    const run = deployRun(template);
    for (const call of [run.create, run.update]) {
      expect(call).toMatchObject({
        service: 'Lambda',
        action: 'invoke',
        parameters: { FunctionName: { Ref: fnId }, InvocationType: 'Event' },
        physicalResourceId: { id: 'sigcal-publish-on-deploy' },
      });
      expect(classifyEvent(call.payload, [])).toEqual({ run: true, trigger: 'deploy' });
      // Keyed on the function's current version: a deployment that changes the function runs it again.
      const version = synth.stack.resolve(synth.stack.publisher.function.currentVersion.version);
      expect(version).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^PublisherFunctionCurrentVersion/), 'Version'],
      });
      expect(call.payload.version).toEqual(version);
    }
    // Its role may write its own log group and invoke the publisher (unqualified), nothing else.
    const roleId = run.roleId;
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: 'sigcal: invokes the publisher once per deployment that changes it',
      ManagedPolicyArns: Match.absent(),
    });
    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    ).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(fnId) },
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
      ]),
    );
    expect(statements).toHaveLength(2);
  });

  it('alarms on staleness, left-out meetings, errors, throttles and dead letters, to an SSL-only SNS topic', () => {
    const topic = { Ref: logicalId(synth.stack, synth.stack.alarmTopic) };
    const fnId = logicalId(synth.stack, synth.stack.publisher.function);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    const notifies = { AlarmActions: [topic], OKActions: [topic] };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ...notifies,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...notifies,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: getAtt(logicalId(synth.stack, synth.stack.deadLetters), 'QueueName') },
      ],
      Threshold: 1,
      ...notifies,
    });
    // The function's own metrics, under the namespace and dimension its environment names.
    const own = [{ Name: 'service', Value: 'Sigcal' }];
    // No successful publish for 3 hours, counting hours without any data as failures.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'sigcal',
      MetricName: 'PublishSucceeded',
      Dimensions: own,
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      ...notifies,
    });
    // A run that left out any meeting; the verdict stands until the next run reports.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'sigcal',
      MetricName: 'MeetingsLeftOut',
      Dimensions: own,
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'ignore',
      ...notifies,
    });
    expect(Object.values(PUBLISHER_METRICS)).toEqual([
      'PublishSucceeded',
      'MeetingsLeftOut',
      'MeetingsScheduled',
      'MeetingsUnscheduled',
      'ObjectsWritten',
      'ObjectsDeleted',
      'DurationMs',
      'SourceNotModified',
    ]);
    // CloudWatch may publish to the topic for these five alarms only.
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    const [policy] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
    const publish = statements.find((st) => st.Sid === 'AlarmsPublish');
    expect(publish).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
    });
    if (!publish) throw new Error('no AlarmsPublish statement');
    const sources = (publish.Condition as { ArnEquals: { 'aws:SourceArn': unknown[] } }).ArnEquals[
      'aws:SourceArn'
    ];
    expect([...sources].sort(byJson)).toEqual(alarmIds.map((id) => getAtt(id)).sort(byJson));
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('outputs the site URL, the all.ics URL and the function name', () => {
    const domain = getAtt(logicalId(synth.stack, synth.stack.site.distribution), 'DomainName');
    template.hasOutput('SiteUrl', { Value: { 'Fn::Join': ['', ['https://', domain, '/']] } });
    template.hasOutput('AllCalendarUrl', {
      Value: { 'Fn::Join': ['', ['https://', domain, '/calendars/all.ics']] },
    });
    template.hasOutput('FunctionName', {
      Value: { Ref: logicalId(synth.stack, synth.stack.publisher.function) },
    });
    template.hasOutput('Source', { Value: 'bundled' });
  });

  it('has one custom resource, the deploy-time run, and makes no lookups (account- and region-agnostic)', () => {
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );
    expect(
      types.filter((t) => t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource'),
    ).toEqual(['Custom::AWS']);
    expect(synth.stack.resolve(synth.stack.account)).toEqual({ Ref: 'AWS::AccountId' });
    expect(synth.stack.resolve(synth.stack.region)).toEqual({ Ref: 'AWS::Region' });
  });

  it('bundles the real handler as ESM with sigs.yaml beside it', () => {
    const code =
      template.toJSON().Resources[logicalId(synth.stack, synth.stack.publisher.function)].Properties.Code;
    const hash = String(code.S3Key).replace(/\.zip$/, '');
    const assetDir = join(synth.outdir, `asset.${hash}`);
    expect(readdirSync(assetDir).sort()).toEqual(
      [
        'index.mjs',
        'index.mjs.map',
        'sigs.yaml',
        ...(existsSync(join(PROJECT_ROOT, 'schedule.yaml')) ? ['schedule.yaml'] : []),
      ].sort(),
    );
    expect(readFileSync(join(assetDir, 'sigs.yaml'), 'utf8')).toBe(
      readFileSync(join(PROJECT_ROOT, 'sigs.yaml'), 'utf8'),
    );
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    // The SDK is bundled (pinned), not taken from the runtime.
    expect(bundle).not.toMatch(/from\s*"@aws-sdk\//);

    // The artifact itself loads as Lambda loads it: an ES module whose CommonJS dependencies can still
    // require() Node built-ins (without the banner this fails with 'Dynamic require of "crypto"').
    const probe = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(join(assetDir, 'index.mjs')).href)}); console.log(typeof m.handler);`,
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          SIGCAL_SITE_BUCKET: 'site-bucket',
          SIGCAL_SOURCE: 'bundled',
          SIGCAL_SITE_URL: 'https://d111111abcdef8.cloudfront.net/',
        },
      },
    );
    expect(probe.stderr.split('\n').filter((line) => /^\w*Error\b/.test(line))).toEqual([]);
    expect(probe.stdout.trim()).toBe('function');
  });

  it('passes cdk-nag (AwsSolutions and Serverless) with only reasoned acknowledgements', () => {
    expectNoUnacknowledgedFindings(synth);
    expect([...new Set(acknowledgements(synth.stack).map((a) => a.id))].sort()).toEqual(
      [...EXPECTED_ACKNOWLEDGEMENTS, 'AwsSolutions-CFR4'].sort(),
    );
  });
});

describe('S3 source with an overlay, a custom domain and an alarm e-mail', () => {
  const certificateArn =
    'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab';
  let synth: SynthesizedPublisher;
  let template: Template;
  let sourceBucketId: string;
  let siteBucketId: string;

  beforeAll(() => {
    synth = synthPublisher(
      {
        source: 's3',
        overlay: 'schedule.yaml',
        domainName: 'calendar.example.org',
        certificateArn,
        alarmEmail: 'calendar-admins@example.org',
        schedule: 'cron(5 * * * ? *)',
        daysBefore: '14',
        daysAfter: '120',
        memorySize: '4096',
        timeout: '600',
      },
      { bundle: false },
    );
    template = synth.template;
    const sourceBucket = synth.stack.sourceBucket;
    if (!sourceBucket) throw new Error('the s3 source creates a source bucket');
    sourceBucketId = logicalId(synth.stack, sourceBucket);
    siteBucketId = logicalId(synth.stack, synth.stack.site.bucket);
  }, SYNTH_TIMEOUT);

  it('creates a private, versioned, TLS-only source bucket that sends its events to EventBridge', () => {
    expect(template.toJSON().Resources[sourceBucketId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    expectSiteBucketHardened(template, sourceBucketId);
  });

  it('republishes on ObjectCreated for exactly sigs.yaml and the overlay key', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: sourceBucketId }] },
          object: { key: ['sigs.yaml', 'schedule.yaml'] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: getAtt(logicalId(synth.stack, synth.stack.publisher.function)),
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(5 * * * ? *)' });
  });

  it('sizes the function from the memorySize and timeout context', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      MemorySize: 4096,
      Timeout: 600,
    });
  });

  it('points the function at the source objects and the custom domain', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SIGCAL_SOURCE: { 'Fn::Join': ['', ['s3://', { Ref: sourceBucketId }, '/sigs.yaml']] },
          SIGCAL_OVERLAY: { 'Fn::Join': ['', ['s3://', { Ref: sourceBucketId }, '/schedule.yaml']] },
          SIGCAL_SITE_URL: 'https://calendar.example.org/',
          SIGCAL_DAYS_BEFORE: '14',
          SIGCAL_DAYS_AFTER: '120',
        }),
      },
    });
  });

  it('scopes S3 permissions to the two buckets: the source keys read-only (and listing), the site read/write/delete', () => {
    const statements = publisherStatements(synth);
    const s3Statements = statements.filter((s) => actions(s).some((a) => a.startsWith('s3:')));
    expect(s3Statements).toEqual([
      expect.objectContaining({
        Sid: 'SiteBucketList',
        Action: 's3:ListBucket',
        Resource: getAtt(siteBucketId),
      }),
      expect.objectContaining({
        Sid: 'SiteObjectsReadWriteDelete',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: objectsOf(siteBucketId, '*'),
      }),
      // So that a source not uploaded yet reads as 404 ("waiting for the source"), not 403 (a failure).
      expect.objectContaining({
        Sid: 'SourceBucketList',
        Action: 's3:ListBucket',
        Resource: getAtt(sourceBucketId),
      }),
      expect.objectContaining({
        Sid: 'SourceObjectsRead',
        Action: 's3:GetObject',
        Resource: [objectsOf(sourceBucketId, 'schedule.yaml'), objectsOf(sourceBucketId, 'sigs.yaml')],
      }),
    ]);
  });

  it('serves the custom domain with the us-east-1 certificate and TLS 1.2 minimum', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['calendar.example.org'],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
  });

  it('e-mails alarms, with undeliverable notifications kept in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'calendar-admins@example.org',
      RedrivePolicy: { deadLetterTargetArn: getAtt(logicalId(synth.stack, synth.stack.deadLetters)) },
    });
  });

  it('outputs the custom-domain URLs and the source bucket', () => {
    template.hasOutput('SiteUrl', { Value: 'https://calendar.example.org/' });
    template.hasOutput('AllCalendarUrl', { Value: 'https://calendar.example.org/calendars/all.ics' });
    template.hasOutput('SourceBucketName', { Value: { Ref: sourceBucketId } });
  });

  it('keeps the logical IDs of what subscribers and data depend on', () => {
    // A changed logical ID replaces the resource: a new distribution means a new *.cloudfront.net name,
    // and every subscribed feed URL breaks; new buckets would orphan the retained ones.
    expect(logicalId(synth.stack, synth.stack.site.distribution)).toBe('SiteDistribution390DED28');
    expect(siteBucketId).toBe('SiteBucket978D4AEB');
    expect(sourceBucketId).toBe('SourceBucketDDD2130A');
  });

  it('passes cdk-nag with no CFR4 acknowledgement (the custom domain sets the TLS policy)', () => {
    expectNoUnacknowledgedFindings(synth);
    expect([...new Set(acknowledgements(synth.stack).map((a) => a.id))].sort()).toEqual(
      [...EXPECTED_ACKNOWLEDGEMENTS].sort(),
    );
  });
});

describe('https source', () => {
  it('fetches the URL (and overlay URL) and creates no source bucket', () => {
    const synth = synthPublisher(
      {
        source: 'https://raw.githubusercontent.com/kubernetes/community/master/sigs.yaml',
        overlay: 'https://example.org/schedule.yaml',
      },
      { bundle: false },
    );
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SIGCAL_SOURCE: 'https://raw.githubusercontent.com/kubernetes/community/master/sigs.yaml',
          SIGCAL_OVERLAY: 'https://example.org/schedule.yaml',
        }),
      },
    });
    expect(synth.stack.sourceBucket).toBeUndefined();
    synth.template.resourceCountIs('AWS::S3::Bucket', 2);
    expect(unacknowledgedNagFindings(synth.app, synth.stack)).toEqual([]);
  });
});

describe('names', () => {
  /** Every name given to a global (CloudFront or IAM) resource, as a path → value map. */
  function globalNames(template: Template): Map<string, unknown> {
    const names = new Map<string, unknown>();
    const walk = (path: string, value: unknown) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, v] of Object.entries(value)) {
          // Names in the account's global namespace (an inline policy's name is its role's business).
          if (/^(Name|RoleName|ManagedPolicyName|InstanceProfileName)$/.test(key))
            names.set(`${path}.${key}`, v);
          else walk(`${path}.${key}`, v);
        }
      }
    };
    for (const [id, resource] of Object.entries(
      template.toJSON().Resources as Record<string, { Type: string; Properties?: unknown }>,
    )) {
      if (/^AWS::(CloudFront|IAM)::/.test(resource.Type)) walk(id, resource.Properties);
    }
    return names;
  }

  function synthIn(region: string): Template {
    const app = newApp({}, { bundle: false });
    const { stackName, ...settings } = readPublisherSettings(() => undefined);
    return Template.fromStack(new PublisherStack(app, stackName, { settings, env: { region } }));
  }

  it('gives every CloudFront policy, function and origin access control a name that includes the region', () => {
    const synth = synthPublisher({}, { bundle: false });
    const names = globalNames(synth.template);
    expect([...names.keys()].map((k) => k.replace(/^[A-Za-z]+?[0-9A-F]{8}\./, '')).sort()).toEqual([
      'CachePolicyConfig.Name',
      'Name',
      'OriginAccessControlConfig.Name',
      'ResponseHeadersPolicyConfig.Name',
    ]);
    for (const [path, name] of names) {
      expect(JSON.stringify(name), path).toContain('{"Ref":"AWS::Region"}');
    }
  });

  it('deploys the same stack in two regions without a name in common', () => {
    const east = globalNames(synthIn('us-east-1'));
    const west = globalNames(synthIn('eu-west-1'));
    expect(east.size).toBe(4);
    const eastNames = new Set([...east.values()]);
    expect([...west.values()].filter((name) => eastNames.has(name))).toEqual([]);
    for (const name of west.values()) expect(String(name)).toMatch(/-eu-west-1$/);
  });
});

describe('the deploy-time run', () => {
  it('runs again when a deployment changes the function, and only then', () => {
    const version = (context: Record<string, string>) =>
      (
        deployRun(synthPublisher(context, { bundle: false }).template).update.payload.version as {
          'Fn::GetAtt': [string, string];
        }
      )['Fn::GetAtt'][0];
    const base = version({ daysAfter: '120' });
    expect(version({ daysAfter: '120' })).toBe(base);
    expect(version({ daysAfter: '121' })).not.toBe(base);
    // A change elsewhere in the stack (the alarm e-mail) leaves the function, and the run, as they are.
    expect(version({ daysAfter: '120', alarmEmail: 'ops@example.org' })).toBe(base);
  });
});

describe('cdk-nag registration', () => {
  it('fails the synth on a finding nobody acknowledged', () => {
    const app = newApp({}, { bundle: false });
    const stack = buildPublisherApp(app);
    // A queue without enforceSSL: AwsSolutions-SQS4, among others.
    new sqs.Queue(stack, 'Unreviewed', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
