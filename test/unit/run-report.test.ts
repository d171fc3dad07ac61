import { describe, expect, it } from 'vitest';
import { PUBLISHER_METRICS } from '../../cdk/publisher-metrics.ts';
import type { FailureSummary, SkippedSummary, WaitingSummary } from '../../functions/lambda/publisher.ts';
import { runLogLine, runMetrics, runReporter } from '../../functions/lambda/run-report.ts';
import type { RunSummary } from '../../functions/pipeline/pipeline.ts';

const PUBLISHED: RunSummary = {
  ok: true,
  trigger: 'scheduled',
  target: 's3://calendar-site/',
  generator: 'sigcal 0.1.0',
  run: '2f1a4c1e-run',
  source: { location: 's3://sources/sigs.yaml', sha256: 'ab', etag: '"1"', notModified: true },
  overlay: { location: 's3://sources/schedule.yaml', sha256: 'cd', etag: '"2"', notModified: true },
  window: { start: '2026-02-02T00:00:00.000Z', end: '2026-09-01T00:00:00.000Z' },
  meetings: { groups: 3, scheduled: 4, unscheduled: 2, leftOut: 0 },
  leftOut: [],
  warnings: [],
  warningCount: 0,
  written: 0,
  unchanged: 20,
  deleted: 0,
  bytesWritten: 0,
  durationMs: 310,
  dryRun: false,
};
const waiting = (published: boolean): WaitingSummary => ({
  ok: true,
  waiting: true,
  trigger: 'deploy',
  target: 's3://calendar-site/',
  waitingFor: 's3://sources/sigs.yaml',
  published,
  reason: 's3://sources/sigs.yaml has not been uploaded yet: the site is published once it is',
  durationMs: 40,
});
const SKIPPED: SkippedSummary = { ok: true, skipped: true, trigger: 's3', reason: 'S3 event for … ignored' };
const FAILED: FailureSummary = {
  ok: false,
  trigger: 'scheduled',
  target: 's3://calendar-site/',
  error: { name: 'ValidationError', message: 'sigs.yaml:4 sigs[0].meetings[0].time: "25:00" is not a time' },
  durationMs: 120,
};

const values = (outcome: Parameters<typeof runMetrics>[0]) =>
  Object.fromEntries(runMetrics(outcome).map((m) => [m.name, m.value]));

describe('run metrics: what the alarms read', () => {
  it('emits every metric the stack knows for a publish, one that changed nothing included', () => {
    expect(
      runMetrics(PUBLISHED)
        .map((m) => m.name)
        .sort(),
    ).toEqual(Object.values(PUBLISHER_METRICS).sort());
    expect(values(PUBLISHED)).toEqual({
      PublishSucceeded: 1,
      MeetingsScheduled: 4,
      MeetingsUnscheduled: 2,
      MeetingsLeftOut: 0,
      ObjectsWritten: 0,
      ObjectsDeleted: 0,
      DurationMs: 310,
      SourceNotModified: 1,
    });
    expect(runMetrics(PUBLISHED).find((m) => m.name === 'DurationMs')?.unit).toBe('Milliseconds');
    expect(
      runMetrics(PUBLISHED)
        .filter((m) => m.name !== 'DurationMs')
        .every((m) => m.unit === 'Count'),
    ).toBe(true);
  });

  it('counts the upstream as not modified only when the source and the overlay both were', () => {
    const changedOverlay = { ...PUBLISHED, overlay: { ...PUBLISHED.overlay!, notModified: false } };
    expect(values(changedOverlay).SourceNotModified).toBe(0);
    expect(values({ ...PUBLISHED, overlay: null }).SourceNotModified).toBe(1);
    const changedSource = {
      ...PUBLISHED,
      source: { ...PUBLISHED.source, notModified: false },
      overlay: null,
    };
    expect(values(changedSource).SourceNotModified).toBe(0);
  });

  it('counts waiting for the source as a success only while no site has been published', () => {
    expect(values(waiting(false))).toEqual({ PublishSucceeded: 1, DurationMs: 40 });
    // A published site whose source went away ages: the staleness alarm must see it.
    expect(values(waiting(true))).toEqual({ PublishSucceeded: 0, DurationMs: 40 });
  });

  it('emits PublishSucceeded 0 for a failure, and nothing for a skipped event', () => {
    expect(values(FAILED)).toEqual({ PublishSucceeded: 0, DurationMs: 120 });
    expect(runMetrics(SKIPPED)).toEqual([]);
  });
});

describe('run log line', () => {
  it('says what happened in one line, at a level that matches', () => {
    expect(runLogLine(PUBLISHED)).toEqual({
      level: 'info',
      message:
        'published to s3://calendar-site/: 0 written, 20 unchanged, 0 deleted; 4 scheduled, 2 unscheduled, 0 left out',
    });
    const leftOut = { ...PUBLISHED, meetings: { ...PUBLISHED.meetings, leftOut: 1 } };
    expect(runLogLine(leftOut)).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(/1 left out$/),
    });
    // Warnings (a value left out or cleaned) are counted in the line; the meetings are all published.
    for (const [n, said] of [
      [1, '; 1 warning'],
      [2, '; 2 warnings'],
    ] as const) {
      expect(runLogLine({ ...PUBLISHED, warningCount: n })).toEqual({
        level: 'info',
        message: `published to s3://calendar-site/: 0 written, 20 unchanged, 0 deleted; 4 scheduled, 2 unscheduled, 0 left out${said}`,
      });
    }
    expect(runLogLine(waiting(false))).toEqual({
      level: 'info',
      message:
        'waiting for the source: s3://sources/sigs.yaml has not been uploaded yet: the site is published once it is',
    });
    expect(runLogLine(waiting(true)).level).toBe('warn');
    expect(runLogLine(SKIPPED)).toEqual({ level: 'info', message: 'event skipped: S3 event for … ignored' });
    expect(runLogLine(FAILED)).toEqual({
      level: 'error',
      message: 'publish failed: ValidationError: sigs.yaml:4 sigs[0].meetings[0].time: "25:00" is not a time',
    });
  });
});

describe('runReporter', () => {
  it('logs one line with the summary, then adds the metrics and flushes them once', () => {
    const calls: string[] = [];
    const report = runReporter(
      {
        info: (message, { summary }) => calls.push(`info ${message} ${summary.ok}`),
        warn: (message) => calls.push(`warn ${message}`),
        error: (message) => calls.push(`error ${message}`),
      },
      {
        addMetric: (name, unit, value) => calls.push(`metric ${name} ${unit} ${value}`),
        publishStoredMetrics: () => calls.push('flush'),
      },
    );
    report(waiting(false));
    report(SKIPPED);
    expect(calls).toEqual([
      `info ${runLogLine(waiting(false)).message} true`,
      'metric PublishSucceeded Count 1',
      'metric DurationMs Milliseconds 40',
      'flush',
      `info ${runLogLine(SKIPPED).message} true`,
    ]);
  });
});
