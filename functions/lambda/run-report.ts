import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PUBLISHER_METRICS } from '../../cdk/publisher-metrics.ts';
import { count } from '../core/count.ts';
import type { PublisherOutcome } from './publisher.ts';

/** The part of Powertools' Logger a report uses: one line per invocation, the summary under `summary`. */
export interface RunLogger {
  info(message: string, attributes: { summary: PublisherOutcome }): void;
  warn(message: string, attributes: { summary: PublisherOutcome }): void;
  error(message: string, attributes: { summary: PublisherOutcome }): void;
}

type RunMetricUnit = typeof MetricUnit.Count | typeof MetricUnit.Milliseconds;

/** The part of Powertools' Metrics a report uses. */
export interface RunMetrics {
  addMetric(name: string, unit: RunMetricUnit, value: number): unknown;
  publishStoredMetrics(): void;
}

export interface RunMetric {
  readonly name: string;
  readonly unit: RunMetricUnit;
  readonly value: number;
}

export interface RunLogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

/** Logs each outcome as one line and emits its metrics as one EMF record, right away. */
export function runReporter(logger: RunLogger, metrics: RunMetrics): (outcome: PublisherOutcome) => void {
  return (outcome) => {
    const { level, message } = runLogLine(outcome);
    logger[level](message, { summary: outcome });
    const points = runMetrics(outcome);
    for (const { name, unit, value } of points) metrics.addMetric(name, unit, value);
    // Flushed per invocation rather than at the end of the handler: a failed run throws after this.
    if (points.length > 0) metrics.publishStoredMetrics();
  };
}

/** The level and the one-line message an outcome is logged with (its summary goes alongside). */
export function runLogLine(outcome: PublisherOutcome): RunLogLine {
  if (!outcome.ok) {
    return { level: 'error', message: `publish failed: ${outcome.error.name}: ${outcome.error.message}` };
  }
  if ('skipped' in outcome) return { level: 'info', message: `event skipped: ${outcome.reason}` };
  if ('waiting' in outcome) {
    // Before the first upload this is how a new stack is meant to look; after it, the site is ageing.
    return {
      level: outcome.published ? 'warn' : 'info',
      message: `waiting for the source: ${outcome.reason}`,
    };
  }
  const { meetings } = outcome;
  return {
    level: meetings.leftOut > 0 ? 'warn' : 'info',
    message:
      `published to ${outcome.target}: ${outcome.written} written, ${outcome.unchanged} unchanged, ` +
      `${outcome.deleted} deleted; ${meetings.scheduled} scheduled, ${meetings.unscheduled} unscheduled, ` +
      `${meetings.leftOut} left out` +
      (outcome.warningCount > 0 ? `; ${count(outcome.warningCount, 'warning')}` : ''),
  };
}

/**
 * The data points of one outcome, named as the alarms read them (cdk/publisher-metrics.ts).
 * `PublishSucceeded` says whether the published site is now what the source makes it: 1 for a publish
 * (one that changed nothing too) and for a run waiting for a source while nothing has been published
 * (no calendar is ageing); 0 for a failure and for waiting while a published site ages. A skipped
 * event says nothing about the site, so it emits nothing.
 */
export function runMetrics(outcome: PublisherOutcome): RunMetric[] {
  const count = (name: string, value: number): RunMetric => ({ name, unit: MetricUnit.Count, value });
  const duration = (ms: number): RunMetric => ({
    name: PUBLISHER_METRICS.durationMs,
    unit: MetricUnit.Milliseconds,
    value: ms,
  });
  if (!outcome.ok) return [count(PUBLISHER_METRICS.publishSucceeded, 0), duration(outcome.durationMs)];
  if ('skipped' in outcome) return [];
  if ('waiting' in outcome) {
    return [
      count(PUBLISHER_METRICS.publishSucceeded, outcome.published ? 0 : 1),
      duration(outcome.durationMs),
    ];
  }
  const unchangedUpstream =
    outcome.source.notModified && (outcome.overlay === null || outcome.overlay.notModified);
  return [
    count(PUBLISHER_METRICS.publishSucceeded, 1),
    count(PUBLISHER_METRICS.meetingsScheduled, outcome.meetings.scheduled),
    count(PUBLISHER_METRICS.meetingsUnscheduled, outcome.meetings.unscheduled),
    count(PUBLISHER_METRICS.meetingsLeftOut, outcome.meetings.leftOut),
    count(PUBLISHER_METRICS.objectsWritten, outcome.written),
    count(PUBLISHER_METRICS.objectsDeleted, outcome.deleted),
    duration(outcome.durationMs),
    count(PUBLISHER_METRICS.sourceNotModified, unchangedUpstream ? 1 : 0),
  ];
}
