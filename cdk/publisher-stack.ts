import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { bundledSourceFiles, PublisherFunction } from './publisher-function.ts';
import {
  METRICS_NAMESPACE,
  PUBLISHER_METRICS,
  SERVICE_DIMENSION,
  STALE_AFTER_HOURS,
} from './publisher-metrics.ts';
import { type PublisherSettings, SOURCE_KEY } from './publisher-settings.ts';
import { PRIVATE_BUCKET, SiteHosting } from './site-hosting.ts';

export interface PublisherStackProps extends StackProps {
  readonly settings: Omit<PublisherSettings, 'stackName'>;
  /** The repository root: package-lock.json, tsconfig.json, functions/, sigs.yaml. Default: this file's parent. */
  readonly projectRoot?: string;
}

/** The Lambda handler, relative to the project root; the app references the file, never imports it. */
export const HANDLER_ENTRY = 'functions/lambda/handler.ts';

/** What EventBridge Scheduler sends the function (functions/lambda/events.ts reads it as a scheduled run). */
export const SCHEDULED_RUN = { action: 'republish', trigger: 'scheduled' } as const;
/**
 * What a deployment sends the function, once the function exists and every time it changes. The payload
 * also names the function version, so each such deployment is a new request (the function ignores it).
 */
export const DEPLOY_RUN = { action: 'republish', trigger: 'deploy' } as const;

/**
 * Scheduler's own retries, for a delivery it could not make (the Invoke call throttled or failed); a run
 * that fails is retried by Lambda instead (ASYNC_RETRY_ATTEMPTS).
 */
export const SCHEDULE_RETRY_ATTEMPTS = 10;

const DEFAULT_PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Everything one community's calendar needs: a private site bucket behind CloudFront, the publisher
 * function with its schedule (and, for an S3 source, the source bucket whose uploads republish), a
 * dead-letter queue, alarms to an SNS topic, and the outputs `sigcal republish` and subscribers need.
 * Account- and region-agnostic: it synthesizes offline and makes no lookups.
 */
export class PublisherStack extends Stack {
  readonly site: SiteHosting;
  readonly publisher: PublisherFunction;
  readonly sourceBucket?: s3.Bucket;
  readonly deadLetters: sqs.Queue;
  /** CloudFront and S3 access logs. */
  readonly logBucket: s3.Bucket;
  readonly alarmTopic: sns.Topic;
  readonly schedule: scheduler.Schedule;
  /** Runs the function once the stack is deployed, and again whenever a deployment changes it. */
  readonly deployRun: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: PublisherStackProps) {
    super(scope, id, {
      description: 'sigcal: publishes a sigs.yaml as iCalendar feeds and pages (S3, CloudFront, Lambda)',
      ...props,
    });
    const { settings } = props;
    const projectRoot = props.projectRoot ?? DEFAULT_PROJECT_ROOT;

    // One place for everything that could not be delivered or did not succeed: async runs of the function
    // that failed every retry (on-failure destination), events EventBridge and Scheduler could not hand
    // over, alarm e-mails SNS could not send. Alarmed below.
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is the terminal dead-letter queue: nothing consumes it automatically, so there is no ' +
          'failed processing to redrive. Messages wait (14 days) for an operator, and the DeadLettersAlarm ' +
          'fires as soon as one arrives.',
      },
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue: the publisher function on-failure destination, and the ' +
          'dead-letter queue of the Scheduler target, the upload rule target and the alarm e-mail ' +
          'subscription (cdk-nag only recognises SQS redrive and Lambda DeadLetterConfig as DLQ use). A queue ' +
          'behind it would hold messages nobody reads.',
      },
    );

    const logBucket = new s3.Bucket(this, 'LogBucket', {
      ...PRIVATE_BUCKET,
      // CloudFront standard logging writes with an ACL grant, so ACLs stay enabled on this bucket only.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      // Kept when the stack is deleted, but not when its creation fails and rolls back: a failed first
      // deploy must not leave buckets behind to be found and deleted by hand.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.logBucket = logBucket;
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket that the site bucket, the source bucket and CloudFront log into; ' +
        'logging it into itself would log every log delivery.',
    });

    this.site = new SiteHosting(this, 'Site', {
      logBucket,
      ...(settings.domain ? { domain: settings.domain } : {}),
    });

    const source = settings.source;
    let sourceLocation: string;
    let overlayLocation: string | undefined;
    if (source.kind === 's3') {
      this.sourceBucket = new s3.Bucket(this, 'SourceBucket', {
        ...PRIVATE_BUCKET,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) }],
        serverAccessLogsBucket: logBucket,
        serverAccessLogsPrefix: 's3/source/',
        // The community's schedule lives here (and nothing does yet if the stack's creation rolls back).
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      sourceLocation = `s3://${this.sourceBucket.bucketName}/${SOURCE_KEY}`;
      if (source.overlayKey) overlayLocation = `s3://${this.sourceBucket.bucketName}/${source.overlayKey}`;
    } else if (source.kind === 'https') {
      sourceLocation = source.url;
      overlayLocation = source.overlayUrl;
    } else {
      sourceLocation = 'bundled';
    }

    this.publisher = new PublisherFunction(this, 'Publisher', {
      projectRoot,
      entry: HANDLER_ENTRY,
      failureQueue: this.deadLetters,
      memorySize: settings.memorySize,
      timeout: Duration.seconds(settings.timeoutSeconds),
      ...(source.kind === 'bundled' ? { bundledFiles: bundledSourceFiles(projectRoot) } : {}),
      environment: {
        SIGCAL_SITE_BUCKET: this.site.bucket.bucketName,
        SIGCAL_SITE_URL: this.site.siteUrl,
        SIGCAL_SOURCE: sourceLocation,
        ...(overlayLocation ? { SIGCAL_OVERLAY: overlayLocation } : {}),
        ...(settings.daysBefore !== undefined ? { SIGCAL_DAYS_BEFORE: String(settings.daysBefore) } : {}),
        ...(settings.daysAfter !== undefined ? { SIGCAL_DAYS_AFTER: String(settings.daysAfter) } : {}),
        SIGCAL_KEEP_GOING: String(settings.keepGoing),
        // Where the function's metrics go (Powertools reads these): what the alarms below watch.
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_SERVICE_NAME: this.stackName,
      },
    });
    const fn = this.publisher.function;
    this.grantSiteAccess();
    if (this.sourceBucket)
      this.grantSourceAccess(this.sourceBucket, source.kind === 's3' ? source.overlayKey : undefined);

    // How both triggers deliver: retried for up to an hour (by then the next scheduled run has superseded
    // the attempt), then kept in the dead-letter queue.
    const delivery = { deadLetterQueue: this.deadLetters, maxEventAge: Duration.hours(1) };
    // EventBridge Scheduler (AWS's recommended service for schedules) with an explicit payload.
    this.schedule = new scheduler.Schedule(this, 'PublishSchedule', {
      description: 'sigcal: republish on a schedule, so feeds roll forward and https sources are re-read',
      schedule: scheduler.ScheduleExpression.expression(settings.schedule),
      timeWindow: scheduler.TimeWindow.off(),
      target: new schedulerTargets.LambdaInvoke(fn, {
        input: scheduler.ScheduleTargetInput.fromObject(SCHEDULED_RUN),
        ...delivery,
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
      }),
    });

    // The role CDK made for the schedule's target: its grantInvoke names the function and its versions.
    const scheduleRole = this.node.children.find(
      (c): c is iam.Role => c instanceof iam.Role && c.node.id.startsWith('SchedulerRoleForTarget'),
    );
    if (!scheduleRole) throw new Error('the schedule target role was not found');
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason:
        'The EventBridge Scheduler role may only invoke the publisher function; the ":*" is how CDK grantInvoke ' +
        'covers the same function qualified by a version or alias (the schedule invokes it unqualified). No ' +
        'other function and no other action.',
    });

    this.deployRun = this.runOnDeploy();

    if (this.sourceBucket) {
      // S3 → EventBridge rather than a direct bucket notification: an owned bucket turns it on with a plain
      // property (no notifications custom resource, no Lambda permission cycle), the rule matches exact keys,
      // and delivery gets EventBridge's retries and the dead-letter queue.
      const cfnSource = this.sourceBucket.node.defaultChild as s3.CfnBucket;
      cfnSource.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
      const keys = [SOURCE_KEY, ...(source.kind === 's3' && source.overlayKey ? [source.overlayKey] : [])];
      new events.Rule(this, 'SourceUploaded', {
        description: 'sigcal: republish when sigs.yaml (or the overlay) is uploaded to the source bucket',
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [this.sourceBucket.bucketName] }, object: { key: keys } },
        },
        targets: [new targets.LambdaFunction(fn, { ...delivery, retryAttempts: 10 })],
      });
    }

    this.alarmTopic = this.alarms(settings.alarmEmail);
    this.outputs(sourceLocation);
  }

  /**
   * Exactly what the sync does: GET/HEAD (`s3:GetObject`), PUT and DELETE objects in the site bucket.
   * `s3:ListBucket` is never called, but without it S3 answers 403 instead of 404 for an object that
   * does not exist yet, and the first run (no manifest, no sync state) would fail.
   */
  private grantSiteAccess(): void {
    const bucket = this.site.bucket;
    const role = this.publisher.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SiteBucketList',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SiteObjectsReadWriteDelete',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(bucket)}.Arn>/*]`,
      reason:
        'The function publishes the whole site: page, feed and asset keys come from the groups and meetings ' +
        'in sigs.yaml, so they cannot be listed in advance. The grant is limited to objects in the dedicated ' +
        'site bucket and to get/put/delete (no ACL, versions or bucket configuration).',
    });
  }

  /**
   * Read the source object (and overlay) only, and list the bucket: without s3:ListBucket S3 answers
   * 403 for a key that does not exist, and the function could not tell "not uploaded yet" (a status,
   * before the first upload) from "access denied" (a failure). The bucket holds nothing but these keys.
   */
  private grantSourceAccess(bucket: s3.Bucket, overlayKey: string | undefined): void {
    this.publisher.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SourceBucketList',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
      }),
    );
    this.publisher.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SourceObjectsRead',
        actions: ['s3:GetObject'],
        resources: [SOURCE_KEY, ...(overlayKey ? [overlayKey] : [])].map((key) => bucket.arnForObjects(key)),
      }),
    );
  }

  /**
   * Publishes right after a deployment instead of at the next scheduled run (until then the site would
   * answer 403): a custom resource invokes the function, asynchronously, with DEPLOY_RUN, on create and on
   * every deployment that changes the function (its code, the bundled sigs.yaml or its configuration:
   * each makes a new version, named in the payload). Asynchronously, so a publish never fails or holds
   * up a deployment (a `source=s3` stack has no sigs.yaml yet on its first deploy): its outcome goes
   * where every run's does, to the log, the metrics, Lambda's retries and the alarms.
   */
  private runOnDeploy(): cr.AwsCustomResource {
    const fn = this.publisher.function;
    const invoke: cr.AwsSdkCall = {
      service: 'Lambda',
      action: 'invoke',
      parameters: {
        // Unqualified: the run gets the function's retries and on-failure destination, like any other.
        FunctionName: fn.functionName,
        InvocationType: 'Event',
        Payload: Stack.of(this).toJsonString({ ...DEPLOY_RUN, version: fn.currentVersion.version }),
      },
      physicalResourceId: cr.PhysicalResourceId.of('sigcal-publish-on-deploy'),
      outputPaths: ['StatusCode'],
    };
    // CDK's provider function makes the call; it gets its own log group and a role that may write there
    // and invoke the publisher (unqualified) and nothing else, instead of AWSLambdaBasicExecutionRole.
    const logGroup = new logs.LogGroup(this, 'PublishOnDeployLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'PublishOnDeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'sigcal: invokes the publisher once per deployment that changes it',
    });
    logGroup.grantWrite(role);
    const run = new cr.AwsCustomResource(this, 'PublishOnDeploy', {
      onCreate: invoke,
      onUpdate: invoke,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      ]),
      role,
      installLatestAwsSdk: false,
      memorySize: 256,
      timeout: Duration.minutes(1),
      logGroup,
    });
    const provider = this.node.findChild(
      `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    Validations.of(provider).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          "CDK's AwsCustomResource provider is invoked synchronously by CloudFormation, once per deployment, " +
          'and reports its outcome to CloudFormation; there is no asynchronous event to keep. The run it ' +
          'starts is asynchronous and has the publisher function retries and failure queue.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          "CDK's AwsCustomResource provider makes one Lambda Invoke call per deployment that changes the " +
          'publisher; the call and its result are in its log group and in CloudFormation events, and the ' +
          'publisher run it starts is traced with X-Ray.',
      },
    );
    return run;
  }

  private alarms(email: string | undefined): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'sigcal alarms',
      enforceSSL: true,
    });
    if (email) {
      topic.addSubscription(
        new subscriptions.EmailSubscription(email, { deadLetterQueue: this.deadLetters }),
      );
    }

    const fn = this.publisher.function;
    /** An alarm on any occurrence within five minutes: one or more of `metric`. */
    const onAny = (id: string, alarmDescription: string, metric: cloudwatch.IMetric) =>
      new cloudwatch.Alarm(this, id, {
        alarmDescription,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const fiveMinutes = (statistic: string) => ({ period: Duration.minutes(5), statistic });
    const errors = onAny(
      'ErrorsAlarm',
      'A sigcal publish run failed (invalid sigs.yaml, unreadable source, or S3 write failure); the site ' +
        'still shows the last good publish. See the function log for the one-line failure summary.',
      fn.metricErrors(fiveMinutes(cloudwatch.Stats.SUM)),
    );
    const deadLetters = onAny(
      'DeadLettersAlarm',
      'An event or invocation could not be delivered or failed every retry and is waiting in the ' +
        'dead-letter queue; inspect it, fix the cause, then purge the queue.',
      this.deadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes(cloudwatch.Stats.MAXIMUM)),
    );
    const throttles = onAny(
      'ThrottlesAlarm',
      'A sigcal publish run was throttled: the account has no Lambda concurrency left. The run is ' +
        'retried, but if this persists, raise the Concurrent executions quota in Service Quotas.',
      fn.metricThrottles(fiveMinutes(cloudwatch.Stats.SUM)),
    );
    const stale = new cloudwatch.Alarm(this, 'StaleAlarm', {
      alarmDescription:
        `No successful sigcal publish in ${STALE_AFTER_HOURS} hours: subscribers see an ageing calendar. ` +
        'Look for ErrorsAlarm and the function log; a run that never started (schedule disabled, function ' +
        'deleted) also shows here.',
      metric: this.publisherMetric(PUBLISHER_METRICS.publishSucceeded, cloudwatch.Stats.SUM),
      threshold: 1,
      evaluationPeriods: STALE_AFTER_HOURS,
      datapointsToAlarm: STALE_AFTER_HOURS,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data is no publish.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    const leftOut = new cloudwatch.Alarm(this, 'LeftOutAlarm', {
      alarmDescription:
        'A sigcal publish left out at least one meeting with invalid fields: an edit to sigs.yaml is ' +
        'silently hiding it from the calendars. The run summary in the function log names each meeting, ' +
        'its line and why; `sigcal validate` shows the same.',
      metric: this.publisherMetric(PUBLISHER_METRICS.meetingsLeftOut, cloudwatch.Stats.MAXIMUM),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Between runs the last verdict stands: it changes only when a run reports again.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    const all = [errors, throttles, deadLetters, stale, leftOut];
    for (const alarm of all) {
      alarm.addAlarmAction(new cwActions.SnsAction(topic));
      alarm.addOkAction(new cwActions.SnsAction(topic));
    }
    // The topic policy (written for enforceSSL) replaces SNS's default policy, so CloudWatch needs an
    // explicit grant, limited to these alarms.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': all.map((alarm) => alarm.alarmArn) },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    return topic;
  }

  /** One of the function's own metrics (see publisher-metrics.ts), hourly. */
  private publisherMetric(name: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { [SERVICE_DIMENSION]: this.stackName },
      statistic,
      period: Duration.hours(1),
    });
  }

  private outputs(sourceLocation: string): void {
    new CfnOutput(this, 'SiteUrl', { description: 'The published site', value: this.site.siteUrl });
    new CfnOutput(this, 'AllCalendarUrl', {
      description: 'Subscribe to every meeting (webcal:// works too)',
      value: `${this.site.siteUrl}calendars/all.ics`,
    });
    new CfnOutput(this, 'FunctionName', {
      description: 'For sigcal republish --function',
      value: this.publisher.function.functionName,
    });
    new CfnOutput(this, 'Source', {
      description: 'Where the function reads sigs.yaml',
      value: sourceLocation,
    });
    if (this.sourceBucket) {
      new CfnOutput(this, 'SourceBucketName', {
        description: `Upload ${SOURCE_KEY} here to republish`,
        value: this.sourceBucket.bucketName,
      });
    }
    new CfnOutput(this, 'DistributionDomainName', {
      description: 'Point a custom domain here (CNAME or alias)',
      value: this.site.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
  }

  private logicalIdOf(bucket: s3.Bucket): string {
    return this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  }
}
