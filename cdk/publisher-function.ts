import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The newest Node.js Lambda runtime this aws-cdk-lib knows, named explicitly: `NODEJS_LATEST` would
 * silently move to a new major when aws-cdk-lib is upgraded, so a runtime change shows up as a diff here.
 */
export const PUBLISHER_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface PublisherFunctionProps {
  /** Directory holding package-lock.json, tsconfig.json and the handler (the repository root). */
  readonly projectRoot: string;
  /** Handler module, relative to projectRoot. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Files (relative to projectRoot) copied next to the bundle, for the `bundled` source. A listed file
   * that does not exist fails the synth, so list optional files only when they exist.
   */
  readonly bundledFiles?: readonly string[];
  /**
   * The on-failure destination of asynchronous invocations (schedule, uploads, deploys) that failed
   * every retry or waited too long: the record names the request, the error and the attempts.
   */
  readonly failureQueue: sqs.IQueue;
  /** In MB; see DEFAULT_MEMORY_MB in publisher-settings.ts for why the default is what it is. */
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logRetention?: logs.RetentionDays;
}

/** Lambda's own retries of a failed asynchronous run (its default, stated): one transient S3 error is absorbed. */
export const ASYNC_RETRY_ATTEMPTS = 2;
/** An event older than this is dropped to the failure queue: by then the next scheduled run supersedes it. */
export const ASYNC_MAX_EVENT_AGE = Duration.hours(1);

/**
 * The publisher Lambda with everything decided once: runtime, arm64, memory, timeout, its own log
 * group with retention, retries and an on-failure destination, X-Ray, and an execution role that starts
 * empty (no managed policies) so the stack grants exactly what the function uses. No reserved
 * concurrency: runs never interleave because each takes the sync's lease in the site bucket, and
 * reserving even 1 fails the first deploy in new accounts, whose concurrency quota is often 10.
 */
export class PublisherFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PublisherFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      // Run logs go with the stack; the published site and its sources are what is retained.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Instead of AWSLambdaBasicExecutionRole (logs on every log group in the account): this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'sigcal publisher: writes its own logs, reads the source, syncs the site bucket',
    });
    this.logGroup.grantWrite(this.role);

    const bundledFiles = props.bundledFiles ?? [];
    this.function = new NodejsFunction(this, 'Function', {
      description: 'sigcal: builds the calendar site from sigs.yaml and syncs it to the site bucket',
      entry: join(props.projectRoot, props.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: PUBLISHER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // Lambda's JSON log format: its own START/REPORT lines and anything printed outside Powertools' Logger
      // become JSON too, so every line in the log group can be queried by field. The application level is
      // what Powertools' Logger obeys (AWS_LAMBDA_LOG_LEVEL); a run logs one INFO line (WARN, ERROR).
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      onFailure: new destinations.SqsDestination(props.failureQueue),
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: ASYNC_MAX_EVENT_AGE,
      // The deploy-time run is keyed on the current version; old versions are not kept.
      currentVersionOptions: { removalPolicy: RemovalPolicy.DESTROY },
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK rather than use the runtime's copy: the deployed code then runs the exact
        // @aws-sdk/client-s3 version in package-lock.json that the tests ran, and a runtime SDK update
        // (new defaults such as checksums) cannot change its behaviour between two deployments.
        externalModules: [],
        // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins; without this
        // the bundled SDK fails at load with 'Dynamic require of "crypto" is not supported'.
        banner:
          "import { createRequire as sigcalCreateRequire } from 'node:module'; const require = sigcalCreateRequire(import.meta.url);",
        tsconfig: join(props.projectRoot, 'tsconfig.json'),
        logLevel: LogLevel.WARNING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            bundledFiles.map(
              (file) =>
                `cp ${shellQuote(join(inputDir, file))} ${shellQuote(join(outputDir, basename(file)))}`,
            ),
        },
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed asynchronous runs go to an on-failure destination (the same SQS queue, alarmed), which AWS ' +
        'recommends over a dead-letter queue: its record carries the request, the error and the attempts. ' +
        'A dead-letter queue as well would deliver every failure twice.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement that Tracing.ACTIVE adds (xray:PutTraceSegments, xray:PutTelemetryRecords) ' +
        'uses Resource "*": those X-Ray actions do not support resource-level permissions.',
    });
  }
}

/** The files a `bundled` source ships: sigs.yaml always, schedule.yaml when the repository has one. */
export function bundledSourceFiles(projectRoot: string): string[] {
  return ['sigs.yaml', ...(existsSync(join(projectRoot, 'schedule.yaml')) ? ['schedule.yaml'] : [])];
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
