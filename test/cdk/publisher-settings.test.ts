import { describe, expect, it } from 'vitest';
import { type ContextKey, readPublisherSettings, SettingsError } from '../../cdk/publisher-settings.ts';

const read = (context: Partial<Record<ContextKey, unknown>>) => readPublisherSettings((key) => context[key]);

function problemsOf(context: Partial<Record<ContextKey, unknown>>): readonly string[] {
  try {
    read(context);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('readPublisherSettings', () => {
  it('defaults to the bundled sigs.yaml, hourly, keep-going, stack Sigcal, sized for the documented maximum', () => {
    expect(read({})).toEqual({
      stackName: 'Sigcal',
      source: { kind: 'bundled' },
      schedule: 'rate(1 hour)',
      keepGoing: true,
      memorySize: 3008,
      timeoutSeconds: 900,
    });
  });

  it('reads every option as given on the command line (strings)', () => {
    expect(
      read({
        stackName: 'K8sCalendar',
        source: 's3',
        overlay: 'schedule.yaml',
        schedule: 'rate(30 minutes)',
        daysBefore: '7',
        daysAfter: '180',
        keepGoing: 'false',
        domainName: 'calendar.k8s.io',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-aaaa-bbbb-cccc-123456789012',
        alarmEmail: 'admins@example.org',
        memorySize: '1769',
        timeout: '300',
      }),
    ).toEqual({
      stackName: 'K8sCalendar',
      source: { kind: 's3', overlayKey: 'schedule.yaml' },
      schedule: 'rate(30 minutes)',
      daysBefore: 7,
      daysAfter: 180,
      keepGoing: false,
      domain: {
        name: 'calendar.k8s.io',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-aaaa-bbbb-cccc-123456789012',
      },
      alarmEmail: 'admins@example.org',
      memorySize: 1769,
      timeoutSeconds: 300,
    });
  });

  it('accepts numbers and booleans from cdk.json', () => {
    expect(read({ daysAfter: 90, keepGoing: false, memorySize: 2048, timeout: 60 })).toMatchObject({
      daysAfter: 90,
      keepGoing: false,
      memorySize: 2048,
      timeoutSeconds: 60,
    });
  });

  it('keeps memory and timeout within what Lambda accepts', () => {
    expect(read({ memorySize: '128', timeout: '10' })).toMatchObject({ memorySize: 128, timeoutSeconds: 10 });
    expect(read({ memorySize: '10240', timeout: '900' })).toMatchObject({
      memorySize: 10240,
      timeoutSeconds: 900,
    });
    expect(problemsOf({ memorySize: '127', timeout: '901' })).toEqual([
      'memorySize "127" is not valid: expected the function memory in MB, 128–10240 (default 3008; see the sizing table in docs/deploy.md)',
      'timeout "901" is not valid: expected the function timeout in seconds, 10–900 (default 900)',
    ]);
    expect(problemsOf({ memorySize: '3 GB', timeout: '5m' })).toHaveLength(2);
    expect(problemsOf({ memorySize: '10241' })).toHaveLength(1);
  });

  it('takes an https URL as the source, with an optional https overlay', () => {
    expect(
      read({ source: 'https://example.org/sigs.yaml', overlay: 'https://example.org/schedule.yaml' }).source,
    ).toEqual({
      kind: 'https',
      url: 'https://example.org/sigs.yaml',
      overlayUrl: 'https://example.org/schedule.yaml',
    });
  });

  it('refuses a certificate outside us-east-1, because CloudFront cannot use it', () => {
    expect(
      problemsOf({
        domainName: 'calendar.example.org',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      }),
    ).toEqual(['certificateArn is in eu-west-1: CloudFront needs an ACM certificate in us-east-1']);
  });

  it('lists every problem at once', () => {
    expect(
      problemsOf({
        source: 'http://example.org/sigs.yaml',
        schedule: 'hourly',
        daysAfter: '-1',
        keepGoing: 'maybe',
        domainName: 'calendar.example.org',
        alarmEmail: 'nobody',
      }),
    ).toEqual([
      'source "http://example.org/sigs.yaml" is not valid: expected "bundled" (default), "s3", or an https:// URL of sigs.yaml',
      'schedule "hourly" is not valid: expected EventBridge schedule expression, default "rate(1 hour)"',
      'daysAfter "-1" is not valid: expected days of future meetings published (1–730)',
      'keepGoing "maybe" is not valid: expected true (default) or false: leave out invalid meetings instead of failing the run',
      'domainName and certificateArn go together: set both or neither',
      'alarmEmail "nobody" is not valid: expected e-mail address subscribed to the alarm topic',
    ]);
  });

  it('rejects overlays that the source cannot have', () => {
    expect(problemsOf({ overlay: 'schedule.yaml' })).toEqual([
      'overlay: a bundled source ships schedule.yaml automatically when it exists; remove overlay',
    ]);
    expect(problemsOf({ source: 's3', overlay: '../schedule.yaml' })).toEqual([
      'overlay "../schedule.yaml" is not an object key (e.g. schedule.yaml)',
    ]);
    expect(problemsOf({ source: 's3', overlay: 'sigs.yaml' })).toEqual([
      'overlay must not be the source key sigs.yaml',
    ]);
    expect(problemsOf({ source: 'https://example.org/sigs.yaml', overlay: 'schedule.yaml' })).toEqual([
      'overlay "schedule.yaml" is not an https:// URL (with an https source, the overlay is fetched too)',
    ]);
  });

  it('names the whole context in the error message', () => {
    expect(() => read({ stackName: '1bad' })).toThrow(
      'invalid sigcal context: stackName "1bad" is not valid: expected CloudFormation stack name (default Sigcal)',
    );
  });
});
