import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPublisherApp } from '../../cdk/publisher-app.ts';
import { VIEWER_REQUEST_CODE } from '../../cdk/viewer-request.ts';
import { CONTENT_SECURITY_POLICY } from '../../functions/core/site-contract.ts';
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
  'AwsSolutions-S1',
  'Serverless-SQSRedrivePolicy',
];

afterAll(removeSynthOutput);

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

function expectSiteBucketHardened(template: Template, bucketId: string): void {
  const bucket = template.toJSON().Resources[bucketId];
  expect(bucket.DeletionPolicy).toBe('Retain');
  expect(bucket.UpdateReplacePolicy).toBe('Retain');
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

  it('runs the function on the newest Node.js runtime, arm64, one at a time, traced, with a DLQ', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 120,
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: getAtt(logicalId(synth.stack, synth.stack.deadLetters)) },
      LoggingConfig: { LogGroup: { Ref: logicalId(synth.stack, synth.stack.publisher.logGroup) } },
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
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('gives the function its own log group with a retention period', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
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

  it('republishes every hour through EventBridge, with retries and the dead-letter queue', () => {
    const fnId = logicalId(synth.stack, synth.stack.publisher.function);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({
          Arn: getAtt(fnId),
          DeadLetterConfig: { Arn: getAtt(logicalId(synth.stack, synth.stack.deadLetters)) },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(fnId),
      Principal: 'events.amazonaws.com',
      Action: 'lambda:InvokeFunction',
    });
    // No source bucket and no upload rule for a bundled source.
    template.resourceCountIs('AWS::Events::Rule', 1);
    expect(synth.stack.sourceBucket).toBeUndefined();
  });

  it('alarms on function errors and on the dead-letter queue, to an SSL-only SNS topic', () => {
    const topic = { Ref: logicalId(synth.stack, synth.stack.alarmTopic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: getAtt(logicalId(synth.stack, synth.stack.deadLetters), 'QueueName') },
      ],
      Threshold: 1,
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
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

  it('needs no custom resources and makes no lookups (synthesizes account- and region-agnostic)', () => {
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );
    expect(
      types.filter((t) => t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource'),
    ).toEqual([]);
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
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(5 * * * ? *)' });
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

  it('scopes S3 permissions to the two buckets: the source keys read-only, the site read/write/delete', () => {
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

describe('cdk-nag registration', () => {
  it('fails the synth on a finding nobody acknowledged', () => {
    const app = newApp({}, { bundle: false });
    const stack = buildPublisherApp(app);
    // A queue without enforceSSL: AwsSolutions-SQS4, among others.
    new sqs.Queue(stack, 'Unreviewed', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
