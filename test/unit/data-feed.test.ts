import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from '../../functions/core/calendars.ts';
import { type DataFile, dataEntries } from '../../functions/core/data-feed.ts';
import { buildSite } from '../../functions/pipeline/build.ts';
import { buildPagesFixture, PAGES_NOW, textsOf } from '../support/pages-site.ts';
import { syntheticSigsYaml } from '../support/synthetic.ts';

/*
 * The published JSON (calendars/<dir>.json, calendars/all.json): what integrations and the pages'
 * script read. Checked against the feeds as ical.js reads them, and against luxon for local times.
 */

const built = await buildPagesFixture();
const texts = textsOf(built);
const json = (path: string): DataFile => JSON.parse(texts.get(path) ?? 'null') as DataFile;
const DAY = 86_400_000;

describe('calendars/<dir>.json and all.json', () => {
  it('exist beside each feed, with the versioned schema and the calendar names', () => {
    for (const g of built.model.groups) {
      const data = json(`calendars/${g.group.dir}.json`);
      expect(data.schema).toBe('sigcal-calendar-data');
      expect(data.version).toBe(1);
      expect(data.group).toBe(g.group.dir);
      expect(data.meetings.map((m) => m.id)).toEqual(g.meetings.map((m) => m.meeting.id));
    }
    const all = json('calendars/all.json');
    expect(all.name).toBe('Community meetings');
    expect(all.groups.map((g) => g.label)).toEqual([
      'SIG Architecture <&> "Design"',
      'SIG PM',
      'WG APAC',
      'WG Pending',
      'Steering Committee',
      'Tokyo User Group',
    ]);
    expect(json('calendars/sig-pm.json').name).toBe('SIG PM');
    expect(all.from).toBe('2026-11-23');
    expect(all.to).toBe('2027-05-31');
    expect(all.shortened).toBe(false);
    expect(all.withheld).toBeNull();
  });

  it('write each occurrence on its own line, as JSON.stringify writes it, in the documented field order', () => {
    const order = [
      'meeting',
      'title',
      'start',
      'end',
      'local',
      'zone',
      'status',
      'kind',
      'movedFrom',
      'uid',
      'page',
      'feed',
    ];
    let checked = 0;
    for (const [path, text] of texts) {
      if (!path.endsWith('.json') || !path.startsWith('calendars/')) continue;
      const section = text.slice(text.indexOf('"occurrences": '));
      for (const raw of section.split('\n').filter((l) => l.startsWith('    {'))) {
        const line = raw.trim().replace(/,$/, '');
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(parsed)).toEqual(order);
        expect(line).toBe(JSON.stringify(parsed));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
    // The fixture's titles hold characters JSON escapes.
    expect(texts.get('calendars/all.json')).toContain('SIG Architecture <&> \\"Design\\"');
  });

  it('hold every occurrence from a week before the build day, with the UIDs and times of the feeds', () => {
    const all = json('calendars/all.json');
    const feed = new ICAL.Component(ICAL.parse(texts.get('calendars/all.ics') ?? '') as unknown as unknown[]);
    const events = feed
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .filter((e) => e.startDate.toJSDate().getTime() >= PAGES_NOW.getTime() - 8 * DAY);
    const from = Date.parse(`${all.from}T00:00:00Z`);
    const expected = events
      .filter((e) => e.startDate.toJSDate().getTime() >= from)
      .map((e) => [
        e.uid,
        e.startDate.toJSDate().toISOString().replace('.000', ''),
        e.endDate.toJSDate().toISOString().replace('.000', ''),
      ]);
    expect(all.occurrences.map((o) => [o.uid, o.start, o.end])).toEqual(expected);
    expect(all.occurrences.length).toBeGreaterThan(50);
  });

  it('give each occurrence its local time and zone, status, kind, page and feed', () => {
    const steering = json('calendars/committee-steering.json');
    for (const o of steering.occurrences) {
      const local = DateTime.fromISO(o.start, { zone: o.zone }).toFormat("yyyy-MM-dd'T'HH:mm");
      expect(o.local).toBe(local);
      expect(o.zone).toBe('America/Los_Angeles');
      expect(o.page).toBe(
        'https://meetings.example.org/committee-steering/public-steering-committee-meeting.html',
      );
      expect(o.feed).toBe(
        'https://meetings.example.org/calendars/committee-steering/public-steering-committee-meeting.ics',
      );
      expect(o.title).toBe('Steering Committee: Public Steering Committee Meeting');
    }
    const moved = steering.occurrences.find((o) => o.local === '2027-03-17T09:30');
    expect(moved).toMatchObject({ kind: 'moved', status: 'confirmed', movedFrom: '2027-03-03T17:30:00Z' });
    expect(steering.occurrences.find((o) => o.local === '2026-12-16T09:30')?.kind).toBe('extra');
    const pm = json('calendars/sig-pm.json');
    expect(pm.occurrences.find((o) => o.local.startsWith('2026-12-29'))?.status).toBe('cancelled');
  });

  it('describe each meeting: schedule in words, weekday and time, join link, candidates', () => {
    const arch = json('calendars/sig-arch.json');
    const [regular, codeOrg] = arch.meetings;
    expect(regular).toMatchObject({
      key: 'sig-arch/regular-sig-meeting',
      status: 'scheduled',
      zone: 'America/Los_Angeles',
      weekday: 4,
      time: '11:00',
      duration: 60,
      join: 'https://meet.example.org/arch?a=1&b=2',
      feed: 'https://meetings.example.org/calendars/sig-arch/regular-sig-meeting.ics',
      candidates: [],
    });
    expect(codeOrg).toMatchObject({ status: 'unscheduled', feed: null, time: '08:00' });
    expect(codeOrg?.candidates.map((c) => c.date)).toEqual(['2026-12-03', '2026-12-10']);
    // No feed to offer where it has no events.
    expect(json('calendars/wg-pending.json').feed).toBeNull();
  });

  it('count each occurrence at exactly its UTF-8 size (and the separator before it)', () => {
    const { model } = buildSite({
      source: { file: 'sigs.yaml', text: readFileSync('test/fixtures/small/sigs.yaml', 'utf8') },
      options: { now: PAGES_NOW, stamp: PAGES_NOW, siteUrl: 'https://meetings.example.org/' },
    });
    const lines = dataEntries(model, { now: PAGES_NOW.getTime(), budget: DEFAULT_BUDGET }).flat();
    const encoder = new TextEncoder();
    // The fixture's titles are not all ASCII, so a count of characters would be wrong.
    expect(lines.some((e) => encoder.encode(e.line).length !== e.line.length)).toBe(true);
    for (const e of lines) expect(e.bytes).toBe(encoder.encode(e.line).length + ',\n    '.length);
  });

  it('keep to the feed budget: the past goes first, then the horizon, at a day boundary', async () => {
    const small = textsOf(await buildPagesFixture({ budget: { maxEvents: 20, maxBytes: 900 * 1024 } }));
    const all = JSON.parse(small.get('calendars/all.json') ?? '') as DataFile;
    expect(all.occurrences.length).toBeLessThanOrEqual(20);
    expect(all.shortened).toBe(true);
    expect(all.from).toBe('2026-11-30');
    const last = all.occurrences.at(-1)?.start.slice(0, 10) ?? '';
    expect(last <= (all.to ?? '')).toBe(true);
    expect(all.occurrences.every((o) => o.start >= '2026-11-30')).toBe(true);
    expect(all.feedRunsTo).not.toBeNull();
  });

  it('all.json is withheld (no occurrences, saying why) where it would hold less than a week', () => {
    const site = buildSite({
      source: { file: 'sigs.yaml', text: syntheticSigsYaml(1000) },
      options: { now: PAGES_NOW, stamp: PAGES_NOW, siteUrl: 'https://meetings.example.org/' },
    });
    const all = JSON.parse(new TextDecoder().decode(site.site.get('calendars/all.json')?.body)) as DataFile;
    expect(all.occurrences).toEqual([]);
    expect(all.withheld).toMatch(/less than 7 days/);
    expect(all.meetings).toHaveLength(1000);
    const group = JSON.parse(
      new TextDecoder().decode(site.site.get('calendars/group-0.json')?.body),
    ) as DataFile;
    expect(group.occurrences.length).toBeGreaterThan(10);
  });
});
