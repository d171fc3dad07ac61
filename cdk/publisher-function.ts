import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
  /** Receives asynchronous invocations that failed every retry. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Default 512 MiB: parsing, expanding and rendering a few hundred meetings is CPU-bound. */
  readonly memorySize?: number;
  /** Default 2 minutes: a full publish of a Kubernetes-sized site takes seconds; this allows slow S3. */
  readonly timeout?: Duration;
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The publisher Lambda with everything decided once: runtime, arm64, memory, timeout, one instance at a
 * time, its own log group with retention, a dead-letter queue, X-Ray, and an execution role that starts
 * empty (no managed policies) so the stack grants exactly what the function uses.
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
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(2),
      // Scheduled, S3-triggered and on-demand runs queue behind each other instead of racing on the bucket.
      reservedConcurrentExecutions: 1,
      role: this.role,
      logGroup: this.logGroup,
      deadLetterQueue: props.deadLetterQueue,
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
