import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Site } from '../../functions/store/site.ts';
import { build, COMMUNITY, NOW, sigsYaml, withMeeting } from './support/community.ts';

/*
 * Each meeting's events carry the DTSTAMP of when that meeting last changed (RFC 5545 3.8.7.2), kept
 * across builds through the manifest: a one-meeting change touches only the feeds that show it.
 */

const HOUR = 3_600_000;
const text = (site: Site, path: string) => new TextDecoder().decode(site.get(path)?.body);

/** The DTSTAMPs of a feed's events, read by ical.js. */
function stamps(site: Site, path: string): string[] {
  const root = new ICAL.Component(ICAL.parse(text(site, path)));
  return root
    .getAllSubcomponents('vevent')
    .map((e) => (e.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString());
}

const feeds = (site: Site) => [...site.keys()].filter((p) => p.endsWith('.ics')).sort();
const changedFeeds = (a: Site, b: Site) => feeds(b).filter((p) => a.get(p)?.sha256 !== b.get(p)?.sha256);

describe('per-meeting DTSTAMP', () => {
  const first = build(sigsYaml(COMMUNITY)).site;

  it('keeps every stamp, and every feed byte for byte, when the source is unchanged', () => {
    const later = build(sigsYaml(COMMUNITY), { previous: first, now: new Date(NOW.getTime() + HOUR) }).site;
    expect(changedFeeds(first, later)).toStrictEqual([]);
    expect(stamps(later, 'calendars/all.ics').every((s) => s === NOW.toISOString())).toBe(true);
    expect(text(later, 'manifest.json')).toBe(text(first, 'manifest.json'));
  });

  it('restamps only the meeting that changed; its feed, its group feed and all.ics change', () => {
    const changedAt = new Date(NOW.getTime() + HOUR);
    const changed = withMeeting(COMMUNITY, 'sig-docs', 1, { time: '9:30' });
    const later = build(sigsYaml(changed), { previous: first, now: changedAt }).site;
    expect(changedFeeds(first, later)).toStrictEqual([
      'calendars/all.ics',
      'calendars/sig-docs.ics',
      'calendars/sig-docs/triage.ics',
    ]);
    expect(new Set(stamps(later, 'calendars/sig-docs/triage.ics'))).toStrictEqual(
      new Set([changedAt.toISOString()]),
    );
    expect(new Set(stamps(later, 'calendars/sig-docs/weekly-meeting.ics'))).toStrictEqual(
      new Set([NOW.toISOString()]),
    );
    const manifest = JSON.parse(text(later, 'manifest.json'));
    expect(manifest.meetings['sig-docs/triage'].stamp).toBe(changedAt.toISOString());
    expect(manifest.meetings['sig-docs/weekly-meeting'].stamp).toBe(NOW.toISOString());
    // Changing it back is a change too: the events were revised again.
    const back = build(sigsYaml(COMMUNITY), {
      previous: later,
      now: new Date(NOW.getTime() + 2 * HOUR),
    }).site;
    expect(stamps(back, 'calendars/sig-docs/triage.ics')[0]).toBe(
      new Date(NOW.getTime() + 2 * HOUR).toISOString(),
    );
  });

  it('stamps a meeting added later with its own time, and leaves the others', () => {
    const addedAt = new Date(NOW.getTime() + HOUR);
    const more = COMMUNITY.map((g) =>
      g.dir === 'wg-release'
        ? {
            ...g,
            meetings: [
              ...g.meetings,
              {
                description: 'Retro',
                day: 'Friday',
                time: '15:00',
                tz: 'UTC',
                frequency: 'last Friday of the month',
              },
            ],
          }
        : g,
    );
    const later = build(sigsYaml(more), { previous: first, now: addedAt }).site;
    expect(new Set(stamps(later, 'calendars/wg-release/retro.ics'))).toStrictEqual(
      new Set([addedAt.toISOString()]),
    );
    expect(new Set(stamps(later, 'calendars/wg-release/release-sync.ics'))).toStrictEqual(
      new Set([NOW.toISOString()]),
    );
  });
});
