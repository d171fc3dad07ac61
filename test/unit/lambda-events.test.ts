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
