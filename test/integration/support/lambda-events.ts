/** AWS event shapes as Lambda delivers them to the publisher, and the context it passes. */
import type { Context } from 'aws-lambda';
import { REGION } from './s3.ts';

/** An EventBridge rule's scheduled event (stacks from before EventBridge Scheduler send these). */
export const SCHEDULED = {
  version: '0',
  id: 'c2f0d2a1-0000-0000-0000-000000000000',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-03-03T12:00:00Z',
  region: REGION,
  resources: ['arn:aws:events:us-east-1:123456789012:rule/sigcal-hourly'],
  detail: {},
};
/** What `sigcal republish` sends. */
export const REPUBLISH = { action: 'republish' };
/** An S3 notification (`Records[]`) for one object. */
export const s3Event = (bucket: string, key: string, eventName = 'ObjectCreated:Put') => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: '2026-03-03T12:00:00.000Z',
      eventName,
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        // Notification keys are URL-encoded, spaces as "+".
        object: {
          key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'),
          size: 1,
          eTag: 'x',
        },
      },
    },
  ],
});

/** What the stack's EventBridge rule delivers for an upload to the source bucket. */
export const eventBridgeS3 = (bucket: string, key: string) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-03-03T12:00:00Z',
  region: REGION,
  resources: [`arn:aws:s3:::${bucket}`],
  detail: {
    version: '0',
    bucket: { name: bucket },
    object: { key, size: 1, etag: 'x', sequencer: '00617F08299329D189' },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '123456789012',
    reason: 'PutObject',
  },
});

/** A Lambda invocation context, as the runtime passes it. */
export const lambdaContext = (requestId: string, remainingMs = 900_000): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'sigcal-publisher',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:sigcal-publisher',
  memoryLimitInMB: '3008',
  awsRequestId: requestId,
  logGroupName: '/aws/lambda/sigcal-publisher',
  logStreamName: '2026/03/03/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => remainingMs,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
