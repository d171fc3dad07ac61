import { describe, expect, it } from 'vitest';
import { classifyEvent, UnknownEventError } from '../../functions/lambda/events.ts';

const source = { kind: 's3', bucket: 'sources', key: 'sigs.yaml' } as const;

describe('classifyEvent: republish requests', () => {
  it('reads a direct {"action":"republish"} as a republish', () => {
    expect(classifyEvent({ action: 'republish' }, [source])).toEqual({ run: true, trigger: 'republish' });
  });

  it('reads the payloads the stack sends: EventBridge Scheduler and the deploy-time run', () => {
    expect(classifyEvent({ action: 'republish', trigger: 'scheduled' }, [source])).toEqual({
      run: true,
      trigger: 'scheduled',
    });
    // The deploy-time run also names the function version; extra fields are not the function's business.
    expect(classifyEvent({ action: 'republish', trigger: 'deploy', version: '7' }, [source])).toEqual({
      run: true,
      trigger: 'deploy',
    });
  });

  it('refuses a trigger it does not know, as a wiring mistake', () => {
    for (const trigger of ['s3', 'cli', 'republish', 'Scheduled', '', null, 1]) {
      expect(() => classifyEvent({ action: 'republish', trigger }, [source]), String(trigger)).toThrow(
        UnknownEventError,
      );
    }
    expect(() => classifyEvent({ action: 'republish', trigger: 'hourly' }, [])).toThrow(
      'unrecognised trigger "hourly" in a republish request: expected none or one of scheduled, deploy',
    );
  });

  it("still reads an EventBridge rule's scheduled event (stacks deployed before the Scheduler)", () => {
    expect(classifyEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, [source])).toEqual({
      run: true,
      trigger: 'scheduled',
    });
  });

  it('refuses an empty or unknown event', () => {
    expect(() => classifyEvent({}, [source])).toThrow(UnknownEventError);
    expect(() => classifyEvent(null, [source])).toThrow(
      /expected \{"action":"republish"\} \(optionally with "trigger"\)/,
    );
  });
});

describe('classifyEvent: S3 events', () => {
  const objectCreated = (bucket: unknown, key: unknown, detailType = 'Object Created') => ({
    version: '0',
    'detail-type': detailType,
    source: 'aws.s3',
    detail: { version: '0', bucket: { name: bucket }, object: { key, size: 1 }, reason: 'PutObject' },
  });
  const record = (key: unknown, eventName = 'ObjectCreated:Put') => ({
    eventSource: 'aws:s3',
    eventName,
    s3: { bucket: { name: 'sources' }, object: { key } },
  });

  it('runs for an upload of a watched object, through EventBridge or a notification', () => {
    expect(classifyEvent(objectCreated('sources', 'sigs.yaml'), [source])).toEqual({
      run: true,
      trigger: 's3',
    });
    expect(classifyEvent({ Records: [record('sigs.yaml')] }, [source])).toEqual({ run: true, trigger: 's3' });
    // Notification keys are URL-encoded, "+" for a space.
    const spaced = { kind: 's3', bucket: 'sources', key: 'my sigs.yaml' } as const;
    expect(classifyEvent({ Records: [record('my+sigs.yaml')] }, [spaced])).toEqual({
      run: true,
      trigger: 's3',
    });
  });

  it('skips, saying why, an event about another object or one that is not a creation', () => {
    expect(classifyEvent(objectCreated('sources', 'README.md'), [source])).toEqual({
      run: false,
      trigger: 's3',
      reason:
        'S3 event for created s3://sources/README.md ignored: it is not about the source (s3://sources/sigs.yaml)',
    });
    expect(classifyEvent(objectCreated('sources', 'sigs.yaml', 'Object Deleted'), [source])).toMatchObject({
      run: false,
      reason: expect.stringMatching(/^S3 event for Object Deleted s3:\/\/sources\/sigs\.yaml ignored/),
    });
    expect(classifyEvent({ Records: [record('sigs.yaml', 'ObjectRemoved:Delete')] }, [source])).toMatchObject(
      {
        run: false,
      },
    );
    expect(classifyEvent(objectCreated('sources', 'sigs.yaml'), [])).toMatchObject({
      run: false,
      reason: expect.stringMatching(/the source is not an S3 object$/),
    });
  });

  it('refuses an S3-looking event without the fields it needs, as a wiring mistake', () => {
    for (const event of [
      objectCreated('sources', 42),
      objectCreated(undefined, 'sigs.yaml'),
      { source: 'aws.s3', 'detail-type': 'Object Created', detail: null },
      { Records: [record(null)] },
      { Records: [{ ...record('sigs.yaml'), eventSource: 'aws:sqs' }] },
      { Records: [{ ...record('sigs.yaml'), eventName: undefined }] },
      { Records: 'sigs.yaml' },
    ]) {
      expect(() => classifyEvent(event, [source]), JSON.stringify(event)).toThrow(UnknownEventError);
    }
  });
});
