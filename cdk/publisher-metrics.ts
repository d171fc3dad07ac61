/**
 * The metrics the publisher function emits (CloudWatch embedded metric format, as Powertools Metrics
 * writes it) and the alarms read. Both sides take them from here and from the function's environment:
 * the stack sets POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME, so the function's
 * `new Metrics()` publishes under exactly the namespace and the one dimension the alarms watch.
 */

export const METRICS_NAMESPACE = 'sigcal';

/**
 * Powertools' default dimension, `service`, set to the stack name: unique in an account and region, so
 * two communities' functions in one account never share a metric.
 */
export const SERVICE_DIMENSION = 'service';

/** One data point per run, all with unit Count except DurationMs (Milliseconds). */
export const PUBLISHER_METRICS = {
  /** 1 for every run that published (or found nothing to change); 0 for a failed run. */
  publishSucceeded: 'PublishSucceeded',
  /** Meetings left out for invalid fields under keep-going: a bad edit silently hiding a meeting. */
  meetingsLeftOut: 'MeetingsLeftOut',
  meetingsScheduled: 'MeetingsScheduled',
  meetingsUnscheduled: 'MeetingsUnscheduled',
  objectsWritten: 'ObjectsWritten',
  objectsDeleted: 'ObjectsDeleted',
  durationMs: 'DurationMs',
  /** 1 when the https or S3 source answered "not modified". */
  sourceNotModified: 'SourceNotModified',
} as const;

/** How long the site may go without a successful publish before the staleness alarm fires. */
export const STALE_AFTER_HOURS = 3;
