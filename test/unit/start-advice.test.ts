import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { utcDayOf } from '../../functions/core/calendar-date.ts';
import { type Community, loadCommunity } from '../../functions/core/community.ts';
import { candidateStarts, type UnscheduledMeeting } from '../../functions/core/meeting.ts';
import { scheduleDates } from '../../functions/core/occurrences.ts';
import { adviceText, overlaySnippet, startAdvice, yamlKey } from '../../functions/core/start-advice.ts';

/*
 * Candidate start dates: for an unscheduled meeting, the next dates that would determine its dates,
 * each determining other ones. Every candidate is checked by giving it back as `start`.
 */

const meeting = (day: string, frequency: string, extra = '') =>
  `      - description: Sync\n        day: ${day}\n        time: "16:00"\n        tz: Europe/Berlin\n        frequency: ${frequency}\n${extra}`;

const sigs = (meetings: string) => `sigs:\n  - dir: sig-x\n    name: X\n    meetings:\n${meetings}`;

function unscheduled(community: Community, index = 0): UnscheduledMeeting {
  const m = community.groups[0]?.meetings[index];
  if (m?.status !== 'unscheduled')
    throw new Error(`not unscheduled: ${JSON.stringify(community.diagnostics)}`);
  return m;
}

const load = (text: string) => loadCommunity({ file: 'sigs.yaml', text });
const dayOf = (iso: string) => utcDayOf(Date.parse(`${iso}T12:00:00Z`));

/** The candidates' dates and RRULE-like rules, from `today`. */
function candidates(day: string, frequency: string, today: string) {
  return candidateStarts(unscheduled(load(sigs(meeting(day, frequency)))), dayOf(today)).map((c) => ({
    date: c.date,
    rule:
      c.recurrence.kind === 'weekly'
        ? `every ${c.recurrence.interval} weeks`
        : c.recurrence.kind === 'monthly-nth'
          ? `week ${c.recurrence.nth.join(',')} of the month`
          : c.recurrence.kind,
  }));
}

describe('candidate start dates', () => {
  it('biweekly: the next two meeting days, one for each fortnight', () => {
    expect(candidates('Thursday', 'biweekly', '2026-11-30')).toStrictEqual([
      { date: '2026-12-03', rule: 'every 2 weeks' },
      { date: '2026-12-10', rule: 'every 2 weeks' },
    ]);
  });

  it('today counts when it is the meeting day', () => {
    expect(candidates('Monday', 'biweekly', '2026-11-30').map((c) => c.date)).toStrictEqual([
      '2026-11-30',
      '2026-12-07',
    ]);
  });

  it('every 4 weeks: the next two meeting days, two of the four phases', () => {
    expect(candidates('Tuesday', 'every 4 weeks', '2026-11-30')).toStrictEqual([
      { date: '2026-12-01', rule: 'every 4 weeks' },
      { date: '2026-12-08', rule: 'every 4 weeks' },
    ]);
  });

  it('monthly without a week: the next two meeting days in different weeks of the month', () => {
    expect(candidates('Thursday', 'monthly', '2026-11-30')).toStrictEqual([
      { date: '2026-12-03', rule: 'week 1 of the month' },
      { date: '2026-12-10', rule: 'week 2 of the month' },
    ]);
    // From the fourth Thursday, the next is the first of the next month (February has no fifth).
    expect(candidates('Thursday', 'monthly', '2027-01-25')).toStrictEqual([
      { date: '2027-01-28', rule: 'week 4 of the month' },
      { date: '2027-02-04', rule: 'week 1 of the month' },
    ]);
  });

  it('monthly without a week never offers a fifth weekday, which most months lack', () => {
    // Thursday 31 December 2026 is the fifth Thursday of its month.
    expect(candidates('Thursday', 'monthly', '2026-12-28')).toStrictEqual([
      { date: '2027-01-07', rule: 'week 1 of the month' },
      { date: '2027-01-14', rule: 'week 2 of the month' },
    ]);
  });

  it('"alternating with the regular meeting" and no anchored partner: the next two meeting days', () => {
    expect(
      candidates('Thursday', 'biweekly - alternating with the regular meeting', '2026-11-30'),
    ).toStrictEqual([
      { date: '2026-12-03', rule: 'every 2 weeks' },
      { date: '2026-12-10', rule: 'every 2 weeks' },
    ]);
  });

  it('none where a start date would not determine the dates', () => {
    for (const frequency of ['quarterly', 'ad hoc', 'whenever the moon is full']) {
      expect(candidates('Thursday', frequency, '2026-11-30'), frequency).toStrictEqual([]);
    }
  });

  it('none after the series has ended (until)', () => {
    const text = sigs(meeting('Thursday', 'biweekly', '        until: 2026-11-01\n'));
    expect(candidateStarts(unscheduled(load(text)), dayOf('2026-11-30'))).toStrictEqual([]);
  });

  const FREQUENCIES = [
    ['biweekly', 2],
    ['every three weeks', 2],
    ['every 4 weeks', 2],
    ['monthly', 2],
    ['biweekly - alternating with the regular meeting', 2],
  ] as const;
  const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

  it('each candidate, given as start, schedules the meeting with the rule it names, and no two give the same dates', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FREQUENCIES),
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 0, max: 3 * 365 }),
        ([frequency, expected], weekday, offset) => {
          const today = DateTime.fromISO('2026-01-01', { zone: 'UTC' }).plus({ days: offset });
          const found = candidateStarts(
            unscheduled(load(sigs(meeting(weekday, frequency)))),
            dayOf(today.toISODate() as string),
          );
          expect(found).toHaveLength(expected);
          const schedules = found.map((c) => {
            const date = DateTime.fromISO(c.date, { zone: 'UTC' });
            expect(date >= today.startOf('day')).toBe(true);
            expect(date.weekdayLong).toBe(weekday);
            // Within ten weeks of today (at most a skipped fifth weekday and a few weeks later).
            expect(date.diff(today, 'days').days).toBeLessThan(70);
            const given = load(sigs(meeting(weekday, frequency, `        start: ${c.date}\n`)));
            const m = given.groups[0]?.meetings[0];
            if (m?.status !== 'scheduled') throw new Error(`${c.date} does not schedule "${frequency}"`);
            expect(m.schedule.recurrence).toStrictEqual(c.recurrence);
            return m.schedule;
          });
          const last = dayOf(found.at(-1)?.date ?? '2026-01-01');
          const dates = schedules.map((s) => scheduleDates(s, last, last + 366).join());
          expect(new Set(dates).size).toBe(dates.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('where to add a start date', () => {
  const twoSyncs = sigs(
    `${meeting('Thursday', 'biweekly')}${meeting('Friday', 'monthly').replace('Sync', 'Planning')}`,
  );

  it('names the overlay file, the group dir and the description, and the inline alternative', () => {
    const community = load(twoSyncs);
    const today = dayOf('2026-11-30');
    const advice = startAdvice(community, unscheduled(community), today);
    expect(advice && adviceText(advice)).toBe(
      'add to schedule.yaml under sig-x → "Sync": start: 2026-12-03 (or 2026-12-10), or start: inline in sigs.yaml',
    );
    // Candidates with different rules are each named.
    const planning = startAdvice(community, unscheduled(community, 1), today);
    expect(planning && adviceText(planning)).toBe(
      'add to schedule.yaml under sig-x → "Planning": start: 2026-12-04 (the first Friday of the month) or 2026-12-11 (the second Friday of the month), or start: inline in sigs.yaml',
    );
    const [first] = planning?.candidates ?? [];
    if (!planning || !first) throw new Error('no advice');
    expect(overlaySnippet(planning, first)).toBe('sig-x:\n  Planning:\n    start: 2026-12-04\n');
  });

  it('uses the meeting id when another meeting of the group (a subproject one too) has the same description', () => {
    const text = `${sigs(meeting('Thursday', 'biweekly'))}    subprojects:\n      - name: docs\n        meetings:\n${meeting('Tuesday', 'weekly').replace(/^ {6}/gm, '          ')}`;
    const community = load(text);
    expect(community.diagnostics.filter((d) => d.scope !== 'warning')).toStrictEqual([]);
    const advice = startAdvice(community, unscheduled(community), dayOf('2026-11-30'));
    expect(advice?.key).toBe('sync');
    expect(advice && adviceText(advice)).toContain('under sig-x → "sync": start: 2026-12-03');
  });

  it('names the overlay as read, and the source, without their folders', () => {
    const community = loadCommunity(
      { file: 'community/repo/sigs.yaml', text: twoSyncs },
      { overlay: { file: 's3://bucket/config/extensions.yaml', text: 'sig-x: {}\n' } },
    );
    const advice = startAdvice(community, unscheduled(community), dayOf('2026-11-30'));
    expect(advice && adviceText(advice)).toBe(
      'add to extensions.yaml under sig-x → "Sync": start: 2026-12-03 (or 2026-12-10), or start: inline in sigs.yaml',
    );
  });

  it('is null where no start date would help', () => {
    const community = load(sigs(meeting('Thursday', 'quarterly')));
    expect(startAdvice(community, unscheduled(community), dayOf('2026-11-30'))).toBeNull();
  });

  it.each([
    ['Regular SIG Meeting', 'Regular SIG Meeting'],
    ['Sync: APAC', '"Sync: APAC"'],
    ['#1 sync', '"#1 sync"'],
    ['2nd sync', '"2nd sync"'],
    ['yes', '"yes"'],
    ['Office Hours (EU)', 'Office Hours (EU)'],
    ['Trailing ', '"Trailing "'],
  ])('writes the key %j as %s in YAML', (key, yaml) => {
    expect(yamlKey(key)).toBe(yaml);
  });
});
