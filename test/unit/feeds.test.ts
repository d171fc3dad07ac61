import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendars, type CalendarOptions, feedTexts } from '../../functions/core/calendars.ts';
import { loadCommunity } from '../../functions/core/community.ts';
import { FeedEvent } from '../../functions/core/feed-event.ts';
import { assembleCalendar } from '../../functions/core/ical/calendar.ts';
import { EventTemplate } from '../../functions/core/ical/event.ts';
import { escapeText } from '../../functions/core/ical/text.ts';
import { windowAround } from '../../functions/core/window.ts';
import { expectGolden } from '../support/golden.ts';
import { syntheticSigsYaml } from '../support/synthetic.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const OPTIONS: CalendarOptions = {
  now: NOW,
  stamp: new Date('2026-01-01T00:00:00Z'),
  siteUrl: 'https://meetings.example.org/',
};

async function calendarsOf(file: string, text?: string, options: Partial<CalendarOptions> = {}) {
  const source = { file, text: text ?? (await readFile(file, 'utf8')) };
  const community = loadCommunity(source);
  const calendars = buildCalendars(community, windowAround(NOW), { ...OPTIONS, ...options });
  return { ...calendars, feeds: feedTexts(calendars.feeds) };
}

/** Every VEVENT of a feed, read back by ical.js (an independent parser). */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown as unknown[]);
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        start: event.startDate.toJSDate().getTime(),
        end: event.endDate.toJSDate().getTime(),
        status: String(vevent.getFirstPropertyValue('status')),
        summary: event.summary,
        description: event.description,
      };
    }),
  };
}

function expectWellFormed(text: string) {
  expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) {
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // A fold never splits a UTF-8 sequence: each physical line decodes cleanly on its own.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'utf8'))).not.toThrow();
  }
}

describe('golden feeds for the small fixture', () => {
  it('pins every feed byte for byte', async () => {
    const { feeds } = await calendarsOf('test/fixtures/small/sigs.yaml');
    expect([...feeds.keys()].sort()).toEqual([
      'calendars/all.ics',
      'calendars/sig-alpha.ics',
      'calendars/sig-alpha/regular-sig-meeting.ics',
      'calendars/sig-alpha/zurich-cafe-reunion-mensuelle-avec-cafe-the-et-croissants.ics',
      'calendars/wg-beta.ics',
      'calendars/wg-beta/weekly-sync.ics',
    ]);
    for (const [path, text] of feeds) await expectGolden(`small/${path}`, text);
  });

  it('does not depend on the host time zone or the time of day', async () => {
    const a = await calendarsOf('test/fixtures/small/sigs.yaml', undefined, {
      now: new Date('2026-11-30T00:00:01Z'),
    });
    const b = await calendarsOf('test/fixtures/small/sigs.yaml', undefined, {
      now: new Date('2026-11-30T23:59:59Z'),
    });
    expect([...a.feeds]).toEqual([...b.feeds]);
  });
});

describe('feeds of the shipped sigs.yaml, read back by ical.js', async () => {
  const { feeds, model } = await calendarsOf('sigs.yaml');
  const occurrences = new Map<string, { start: number; end: number; cancelled: boolean }>();
  for (const group of model.groups) {
    for (const view of group.meetings) {
      for (const o of view.occurrences) {
        // A moved occurrence keeps the UID of its date of the series.
        occurrences.set(`${group.group.dir}.${view.meeting.id}.${o.seriesDate}@meetings.example.org`, o);
      }
    }
  }

  it.each([...feeds.keys()])('%s parses, matches the engine, and is well formed', (path) => {
    const text = feeds.get(path) as string;
    expectWellFormed(text);
    const { events, calendar } = parseFeed(text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBeTruthy();
    // A subscription, not an iTIP message: no METHOD (which would need an ORGANIZER in every event).
    expect(calendar.hasProperty('method')).toBe(false);
    expect(calendar.getFirstPropertyValue('name')).toBe(calendar.getFirstPropertyValue('x-wr-calname'));
    expect(calendar.getFirstPropertyValue('refresh-interval')?.toString()).toBe('PT6H');
    expect(text).toContain('\r\nX-PUBLISHED-TTL:PT6H\r\n');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    for (const event of events) {
      const expected = occurrences.get(event.uid);
      expect(expected, event.uid).toBeDefined();
      expect(event.start).toBe(expected?.start);
      expect(event.end).toBe(expected?.end);
      expect(event.status).toBe(expected?.cancelled ? 'CANCELLED' : 'CONFIRMED');
    }
  });

  it('keeps a skipped date in the feed as CANCELLED', () => {
    const { events } = parseFeed(feeds.get('calendars/sig-pm/regular-sig-meeting.ics') as string);
    const cancelled = events.filter((e) => e.status === 'CANCELLED');
    expect(cancelled.map((e) => e.uid)).toEqual([
      'sig-pm.regular-sig-meeting.2026-12-29@meetings.example.org',
    ]);
    expect(cancelled[0]?.summary).toBe('Cancelled: SIG PM: Regular SIG Meeting');
  });

  it('assembles the group and all feeds from the same events', () => {
    const meeting = parseFeed(feeds.get('calendars/sig-pm/regular-sig-meeting.ics') as string).events;
    const group = parseFeed(feeds.get('calendars/sig-pm.ics') as string).events;
    const all = parseFeed(feeds.get('calendars/all.ics') as string).events;
    for (const e of meeting) {
      expect(group).toContainEqual(e);
      expect(all).toContainEqual(e);
    }
    const starts = all.map((e) => e.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('describes the event with schedule, links and page', () => {
    const { events } = parseFeed(feeds.get('calendars/sig-pm/regular-sig-meeting.ics') as string);
    expect(events[0]?.description).toBe(
      [
        'PM: Regular SIG Meeting',
        'When: every other Tuesday at 18:30 (UTC), from 2026-01-13',
        'Join: https://meet.example.org/sig-pm',
        'Notes and agenda: https://notes.example.org/sig-pm',
        'Recordings: https://video.example.org/playlist/sig-pm',
        'Meeting page (times in your zone): https://meetings.example.org/sig-pm/regular-sig-meeting.html',
      ].join('\n'),
    );
  });
});

describe('feed size budget', () => {
  it('keeps every feed of a 5,000-meeting community within 1,000 events and 900 KB', async () => {
    const { feeds, shortenedFeeds, model } = await calendarsOf('synthetic.yaml', syntheticSigsYaml(5000));
    expect(feeds.size).toBe(5000 + 1250 + 1);
    for (const [path, text] of feeds) {
      expect(Buffer.byteLength(text, 'utf8'), path).toBeLessThanOrEqual(900 * 1024);
      expect(text.split('BEGIN:VEVENT').length - 1, path).toBeLessThanOrEqual(1000);
    }
    // Within Google's 1,000 events, all.ics would hold about three days of this community: it is
    // published without events, saying why, and the pages offer the group calendars instead.
    expect(model.allFeed).toMatchObject({ events: 0, offered: false, shortenedTo: null });
    expect(model.allFeed.withheld).toContain('less than 7 days');
    const { calendar, events } = parseFeed(feeds.get('calendars/all.ics') as string);
    expect(events).toStrictEqual([]);
    expect(String(calendar.getFirstPropertyValue('x-wr-caldesc'))).toContain(
      "Too many meetings for one calendar: it would hold less than 7 days of meetings within calendar apps' limits. Subscribe to a group's calendar instead",
    );
    expect(shortenedFeeds.map((f) => f.path)).toContain('calendars/all.ics');
  });

  it('shortens all.ics at a day boundary where it still holds at least a week (1,000 meetings)', async () => {
    const { feeds, model } = await calendarsOf('synthetic.yaml', syntheticSigsYaml(1000));
    expect(model.allFeed.offered).toBe(true);
    expect(model.allFeed.shortenedTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const runsTo = Date.parse(`${model.allFeed.shortenedTo}T00:00:00Z`);
    const today = Date.parse('2026-11-30T00:00:00Z');
    expect((runsTo - today) / 86_400_000 + 1).toBeGreaterThanOrEqual(7);
    const { calendar, events } = parseFeed(feeds.get('calendars/all.ics') as string);
    expect(String(calendar.getFirstPropertyValue('x-wr-caldesc'))).toContain(
      `runs to ${model.allFeed.shortenedTo}`,
    );
    // Cut at a day boundary, forward horizon only: nothing after the date, the upcoming days before it complete.
    const lastDay = runsTo + 86_400_000;
    expect(Math.max(...events.map((e) => e.start))).toBeLessThan(lastDay);
    expect(Math.min(...events.map((e) => e.start))).toBeGreaterThanOrEqual(today);
  });

  it('reports the exact UTF-8 size of every feed, shortened or not', async () => {
    const { feeds, model, shortenedFeeds } = await calendarsOf('sigs.yaml', undefined, {
      budget: { maxEvents: 1000, maxBytes: 20_000 },
    });
    expect(shortenedFeeds.length).toBeGreaterThan(0);
    expect(shortenedFeeds.length).toBeLessThan(feeds.size);
    const infos = [
      model.allFeed,
      ...model.groups.flatMap((g) => [g.feed, ...g.meetings.map((m) => m.feed)]),
    ].filter((f) => f !== null);
    expect(infos.length).toBe(feeds.size);
    for (const info of infos) {
      expect(info.bytes, info.path).toBe(Buffer.byteLength(feeds.get(info.path) as string, 'utf8'));
      expect(info.bytes, info.path).toBeLessThanOrEqual(20_000);
    }
  });

  it('leaves a feed that fits untouched', async () => {
    const { model, shortenedFeeds } = await calendarsOf('sigs.yaml');
    expect(shortenedFeeds).toEqual([]);
    expect(model.allFeed.shortenedTo).toBeNull();
  });

  it('shortens by bytes as well as by events', async () => {
    const { model, feeds } = await calendarsOf('sigs.yaml', undefined, {
      budget: { maxEvents: 1000, maxBytes: 20_000 },
    });
    expect(model.allFeed.shortenedTo).not.toBeNull();
    expect(Buffer.byteLength(feeds.get('calendars/all.ics') as string)).toBeLessThanOrEqual(20_000);
  });
});

describe('iCalendar text', () => {
  it('escapes TEXT so no value can start a property or component', () => {
    const hostile = 'a,b;c\\d\r\nEND:VEVENT\r\nBEGIN:VEVENT\nX-EVIL:1';
    const template = new EventTemplate({
      summary: hostile,
      description: hostile,
      location: hostile,
      url: 'https://example.org/x',
      stamp: 0,
    });
    const text = assembleCalendar(
      { name: hostile, description: hostile, refresh: 'PT1H', productId: '-//t//t//EN' },
      [template.render('u@x', 0, 3_600_000, false)],
    );
    expectWellFormed(text);
    const { calendar, events } = parseFeed(text);
    expect(events).toHaveLength(1);
    const cleaned = 'a,b;c\\d\nEND:VEVENT\nBEGIN:VEVENT\nX-EVIL:1';
    expect(events[0]?.summary).toBe(cleaned);
    expect(events[0]?.description).toBe(cleaned);
    expect(calendar.getFirstPropertyValue('description')).toBe(cleaned);
    // ical.js keeps X- properties and RFC 7986 NAME raw (value type "unknown"): compare the escaped form.
    expect(calendar.getFirstPropertyValue('name')).toBe(escapeText(cleaned));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(escapeText(cleaned));
    expect(calendar.getAllProperties().map((p) => p.name)).not.toContain('x-evil');
    expect(text).not.toMatch(/^X-EVIL/m);
  });

  it('writes a refresh interval only if it is a duration, and a URL only if it is a URI', () => {
    const calendar = { name: 'n', description: 'd', productId: '-//t//t//EN' };
    for (const refresh of ['PT6H', 'P1D', 'PT30M', 'P1DT12H']) {
      expect(assembleCalendar({ ...calendar, refresh }, [])).toContain(`\r\nX-PUBLISHED-TTL:${refresh}\r\n`);
    }
    for (const refresh of ['', 'P', 'PT', 'P1DT', '6H', 'PT6H\r\nX-EVIL:1']) {
      expect(() => assembleCalendar({ ...calendar, refresh }, []), refresh).toThrow(RangeError);
    }
    for (const url of [
      'https://example.org/a b',
      'https://example.org/\r\nX-EVIL:1',
      'https://example.org/ü',
      '',
    ]) {
      const input = { summary: 's', description: 'd', location: null, url, stamp: 0 };
      expect(() => new EventTemplate(input), url).toThrow(RangeError);
    }
  });

  it('counts the exact UTF-8 bytes of every rendered event', () => {
    const template = new EventTemplate({
      summary: 'Zürich café 😀 — 東京',
      description: `é€😀\u0085\u2028${'x'.repeat(300)}\ud800`,
      location: null,
      url: 'https://example.org/x',
      stamp: 0,
    });
    for (const cancelled of [false, true]) {
      for (const uid of ['ü@x', `${'long-uid.'.repeat(12)}😀@x`]) {
        const event = template.render(uid, 0, 3_600_000, cancelled);
        expect(event.bytes).toBe(new TextEncoder().encode(event.text).byteLength);
        // What the budget counts before anything is rendered.
        expect(template.bytes(uid, cancelled)).toBe(event.bytes);
      }
    }
  });

  it('renders a feed event once for the feeds that keep it, and holds its text only until the last takes it', () => {
    let renders = 0;
    class Counting extends EventTemplate {
      override text(uid: string, start: number, end: number, cancelled: boolean) {
        renders += 1;
        return super.text(uid, start, end, cancelled);
      }
    }
    const template = new Counting({
      summary: 's',
      description: 'd',
      location: null,
      url: 'https://x.org/',
      stamp: 0,
    });
    const occurrence = {
      localDate: '2026-12-01',
      seriesDate: '2026-12-01',
      kind: 'regular' as const,
      start: Date.UTC(2026, 11, 1, 18),
      end: Date.UTC(2026, 11, 1, 19),
      cancelled: false,
      movedFrom: null,
    };
    const event = new FeedEvent(template, 'a.b.2026-12-01@x', occurrence);
    expect(renders).toBe(0);
    expect(event.bytes).toBe(template.bytes('a.b.2026-12-01@x', false));
    // Kept by a meeting's feed and its group's: one rendering, the same text for both.
    event.keep();
    event.keep();
    const first = event.text();
    expect(event.text()).toBe(first);
    expect(renders).toBe(1);
    expect(first).toBe(template.render('a.b.2026-12-01@x', occurrence.start, occurrence.end, false).text);
    // Both have taken it: the text is let go, and a later asker renders it again.
    renders = 0;
    expect(event.text()).toBe(first);
    expect(renders).toBe(1);
  });

  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('drops C0 and C1 controls, U+2028/U+2029 and bidi controls from every feed of a build', async () => {
    const dropped = '\\x01\\x1b\\x7f\\x80\\x85\\x9f\\u2028\\u2029\\u202e\\u2066';
    const text = `sigs:
  - dir: sig-ctl
    name: "Ctl${dropped}name"
    meetings:
      - description: "Sync${dropped}here"
        day: Monday
        time: "9:00"
        tz: UTC
        frequency: weekly
        url: "https://meet.example.org/ctl"
`;
    const { feeds } = await calendarsOf('ctl.yaml', text);
    expect(feeds.size).toBe(3);
    for (const [path, feed] of feeds) {
      expect(feed.replace(/\r\n/g, ''), path).not.toMatch(FORBIDDEN);
      expect(feed, path).toContain('SUMMARY:SIG Ctlname: Synchere\r\n');
      const { events } = parseFeed(feed);
      expect(events[0]?.summary, path).toBe('SIG Ctlname: Synchere');
    }
  });
});
