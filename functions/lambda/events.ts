import type { Trigger } from '../pipeline/pipeline.ts';
import type { SourceAddress } from '../sources/source-address.ts';

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
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (e.action === 'republish') {
    if (e.trigger === undefined) return { run: true, trigger: 'republish' };
    const named = NAMED_TRIGGERS.find((t) => t === e.trigger);
    if (named) return { run: true, trigger: named };
    throw new UnknownEventError(
      `unrecognised trigger ${JSON.stringify(e.trigger)?.slice(0, 100)} in a republish request: ` +
        `expected none or one of ${NAMED_TRIGGERS.join(', ')}`,
    );
  }
  if (e['detail-type'] === 'Scheduled Event') return { run: true, trigger: 'scheduled' };

  const objects = s3Objects(e);
  if (objects !== null) {
    const sources = watched.flatMap((w) => (w.kind === 's3' ? [`s3://${w.bucket}/${w.key}`] : []));
    const created = objects.filter((o) => o.created).map((o) => o.url);
    const hit = created.find((url) => sources.includes(url));
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

interface S3Object {
  readonly url: string;
  readonly created: boolean;
  readonly eventName: string;
}

/** Objects named by an S3 notification (`Records[]`) or an EventBridge S3 event; null when it is neither. */
function s3Objects(e: Record<string, unknown>): S3Object[] | null {
  if (Array.isArray(e.Records)) {
    const records = e.Records as { eventSource?: unknown; eventName?: unknown; s3?: unknown }[];
    if (!records.every((r) => r?.eventSource === 'aws:s3')) return null;
    return records.map((r) => {
      const s3 = r.s3 as { bucket?: { name?: unknown }; object?: { key?: unknown } } | undefined;
      // Notification keys are URL-encoded, with "+" for spaces.
      const key = decodeURIComponent(String(s3?.object?.key ?? '').replace(/\+/g, ' '));
      const eventName = String(r.eventName ?? '');
      return {
        url: `s3://${String(s3?.bucket?.name ?? '')}/${key}`,
        created: eventName.startsWith('ObjectCreated:'),
        eventName,
      };
    });
  }
  if (e.source === 'aws.s3') {
    const detail = e.detail as { bucket?: { name?: unknown }; object?: { key?: unknown } } | undefined;
    const eventName = String(e['detail-type'] ?? '');
    return [
      {
        url: `s3://${String(detail?.bucket?.name ?? '')}/${String(detail?.object?.key ?? '')}`,
        created: eventName === 'Object Created',
        eventName,
      },
    ];
  }
  return null;
}
