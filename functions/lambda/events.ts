import type { S3EventRecord, S3NotificationEvent, ScheduledEvent } from 'aws-lambda';
import type { Trigger } from '../pipeline/pipeline.ts';
import { describeAddress, type SourceAddress } from '../sources/source-address.ts';

/*
 * The events the publisher receives, typed by @types/aws-lambda and checked at run time for exactly the
 * fields it reads (each type below is the AWS type narrowed to those fields with Pick, so a change in
 * AWS's shape is a compile error here). Powertools' parser would check whole events with zod, which
 * adds about 450 KiB to the bundle to validate fields the publisher never looks at.
 */

/** `{"action":"republish"}`, optionally saying who asks (see {@link NAMED_TRIGGERS}); other fields are ignored. */
export interface RepublishRequest {
  readonly action: 'republish';
  readonly trigger?: unknown;
}

/** An EventBridge rule's scheduled event (stacks deployed before EventBridge Scheduler send these). */
export type ScheduledRuleEvent = Pick<ScheduledEvent, 'detail-type'>;

/** One record of an S3 notification (`Records[]`), as far as the publisher reads it. */
export interface S3NotificationRecord extends Pick<S3EventRecord, 'eventSource' | 'eventName'> {
  readonly s3: {
    readonly bucket: Pick<S3EventRecord['s3']['bucket'], 'name'>;
    readonly object: Pick<S3EventRecord['s3']['object'], 'key'>;
  };
}

/** An S3 event delivered by EventBridge (the stack's upload rule sends "Object Created"). */
export interface S3EventBridgeEvent extends Pick<S3NotificationEvent, 'source' | 'detail-type'> {
  readonly detail: {
    readonly bucket: Pick<S3NotificationEvent['detail']['bucket'], 'name'>;
    readonly object: Pick<S3NotificationEvent['detail']['object'], 'key'>;
  };
}

/** What to do with an event: run (and why), or skip it (and why). */
export type EventDecision =
  | { readonly run: true; readonly trigger: Exclude<Trigger, 'cli'> }
  | { readonly run: false; readonly trigger: Exclude<Trigger, 'cli'>; readonly reason: string };

/** An event of a kind the publisher is not meant to receive: a wiring mistake, so it fails loudly. */
export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

/**
 * Who may say why they ask for a republish: `{"action":"republish","trigger":"scheduled"}` is the
 * EventBridge Scheduler payload and `"deploy"` the run a deployment starts (both set in cdk/).
 */
const NAMED_TRIGGERS: readonly Exclude<Trigger, 'cli'>[] = ['scheduled', 'deploy'];

/**
 * Sorts an invocation: a direct `{"action":"republish"}` (with an optional `trigger`, see
 * {@link NAMED_TRIGGERS}), an EventBridge scheduled event, or an S3 `ObjectCreated` notification (runs
 * only when it names one of `watched`, the source objects).
 */
export function classifyEvent(event: unknown, watched: readonly SourceAddress[]): EventDecision {
  if (isRepublishRequest(event)) {
    if (event.trigger === undefined) return { run: true, trigger: 'republish' };
    const named = NAMED_TRIGGERS.find((t) => t === event.trigger);
    if (named) return { run: true, trigger: named };
    throw new UnknownEventError(
      `unrecognised trigger ${JSON.stringify(event.trigger)?.slice(0, 100)} in a republish request: ` +
        `expected none or one of ${NAMED_TRIGGERS.join(', ')}`,
    );
  }
  if (isScheduledRuleEvent(event)) return { run: true, trigger: 'scheduled' };

  const objects = isS3Notification(event)
    ? event.Records.map((r) => ({
        // Notification keys are URL-encoded, with "+" for spaces.
        url: `s3://${r.s3.bucket.name}/${decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '))}`,
        created: r.eventName.startsWith('ObjectCreated:'),
        eventName: r.eventName,
      }))
    : isS3EventBridgeEvent(event)
      ? [
          {
            url: `s3://${event.detail.bucket.name}/${event.detail.object.key}`,
            created: event['detail-type'] === 'Object Created',
            eventName: event['detail-type'],
          },
        ]
      : null;
  if (objects !== null) {
    const sources = watched.flatMap((w) => (w.kind === 's3' ? [describeAddress(w)] : []));
    const hit = objects.find((o) => o.created && sources.includes(o.url));
    if (hit) return { run: true, trigger: 's3' };
    const named = objects.map((o) => `${o.created ? 'created' : o.eventName} ${o.url}`).join(', ');
    const why =
      sources.length === 0
        ? 'the source is not an S3 object'
        : `it is not about the source (${sources.join(', ')})`;
    return { run: false, trigger: 's3', reason: `S3 event for ${named || 'no object'} ignored: ${why}` };
  }
  const shape = JSON.stringify(event)?.slice(0, 200) ?? String(event);
  throw new UnknownEventError(
    `unrecognised event ${shape}: expected {"action":"republish"} (optionally with "trigger"), an ` +
      'EventBridge scheduled event, or an S3 ObjectCreated notification for the source',
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRepublishRequest(event: unknown): event is RepublishRequest {
  return isRecord(event) && event.action === 'republish';
}

function isScheduledRuleEvent(event: unknown): event is ScheduledRuleEvent {
  return isRecord(event) && event['detail-type'] === 'Scheduled Event';
}

/** `{ bucket: { name }, object: { key } }` with string name and key: both S3 event shapes have it. */
function namesObject(value: unknown): boolean {
  return (
    isRecord(value) &&
    isRecord(value.bucket) &&
    typeof value.bucket.name === 'string' &&
    isRecord(value.object) &&
    typeof value.object.key === 'string'
  );
}

function isS3Notification(event: unknown): event is { readonly Records: readonly S3NotificationRecord[] } {
  return (
    isRecord(event) &&
    Array.isArray(event.Records) &&
    event.Records.every(
      (r: unknown) =>
        isRecord(r) && r.eventSource === 'aws:s3' && typeof r.eventName === 'string' && namesObject(r.s3),
    )
  );
}

function isS3EventBridgeEvent(event: unknown): event is S3EventBridgeEvent {
  return (
    isRecord(event) &&
    event.source === 'aws.s3' &&
    typeof event['detail-type'] === 'string' &&
    namesObject(event.detail)
  );
}
