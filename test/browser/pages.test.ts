import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Occurrence } from '../../functions/core/occurrences.ts';
import type { MeetingView, SiteModel } from '../../functions/core/site-model.ts';
import type { BuiltSite } from '../../functions/pipeline/build.ts';
import { buildPagesFixture, PAGES_NOW, textsOf } from '../support/pages-site.ts';
import {
  launchChromium,
  openWatched,
  type ServedSite,
  serveSite,
  type WatchedPage,
} from './support/browser.ts';

/*
 * The pages in real Chromium, with the browser's time zone and locale emulated and its clock controlled
 * (Playwright's clock API): the pages are the same whatever day they were built, and the script decides
 * at the moment of viewing what is upcoming. Which instants a page must show is computed here with
 * luxon from the engine's occurrences; how the browser writes an instant is what its own `Intl` says
 * for the locale (checked against literal text where the locale is known).
 */

const NOW = PAGES_NOW.getTime();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Each zone with a locale of a reader who lives there. */
const READERS = [
  ['America/Los_Angeles', 'en-US'],
  ['Europe/Berlin', 'de-DE'],
  ['Asia/Kolkata', 'en-IN'],
  ['Australia/Sydney', 'en-AU'],
] as const;

const fmt = (ms: number, zone: string, pattern: string): string =>
  DateTime.fromMillis(ms, { zone }).setLocale('en-US').toFormat(pattern);

let browser: Browser;
let built: BuiltSite;
let site: ServedSite;

beforeAll(async () => {
  built = await buildPagesFixture();
  site = await serveSite(built);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

function meeting(model: SiteModel, dir: string, id: string): MeetingView {
  const found = model.groups.find((g) => g.group.dir === dir)?.meetings.find((m) => m.meeting.id === id);
  if (!found) throw new Error(`no meeting ${dir}/${id}`);
  return found;
}

/** What a meeting page lists at `now`: the occurrences not over yet, the next 8. */
const upcoming = (view: MeetingView, now: number): Occurrence[] =>
  view.occurrences.filter((o) => o.end > now).slice(0, 8);

/** The browser's own writing of an instant in a zone, with the options the pages use. */
function inBrowser(
  page: Page,
  ms: number,
  zone: string,
  clock: 'h12' | 'h23' | null = null,
): Promise<string> {
  return page.evaluate(
    ([at, timeZone, hourCycle]) => {
      const options: Intl.DateTimeFormatOptions = {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
      };
      const cycle =
        hourCycle ?? new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hourCycle;
      options.hourCycle = cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23';
      return new Intl.DateTimeFormat(undefined, options).format(at);
    },
    [ms, zone, clock] as const,
  );
}

function offsetText(ms: number, zone: string): string {
  const minutes = DateTime.fromMillis(ms, { zone }).offset;
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const mm = abs % 60 === 0 ? '' : `:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${minutes > 0 ? '+' : '-'}${Math.floor(abs / 60)}${mm}`;
}

/** Opens a page with the browser's clock set to `at`, and waits for the script to have drawn it. */
async function open(
  zone: string,
  locale: string,
  at: number,
  path: string,
  options: Parameters<typeof openWatched>[1] = {},
): Promise<WatchedPage> {
  const watched = await openWatched(browser, { timezoneId: zone, locale, ...options });
  await watched.page.clock.install({ time: at });
  await watched.page.goto(site.base + path);
  await watched.page.locator('[data-coverage]').filter({ hasText: 'Dates are published' }).waitFor();
  return watched;
}

interface Row {
  at: number;
  time: string;
  offset: string;
  badgeShown: boolean;
  cancelled: boolean;
  kind: string;
  note: string;
}

function rowsOf(page: Page): Promise<Row[]> {
  return page.$$eval('table[data-shift-rows] tbody tr', (rows) =>
    rows.map((row) => {
      const r = row as HTMLElement;
      const viewer = r.querySelector('td.viewer');
      return {
        at: Number(r.dataset.at),
        time: viewer?.querySelector('time')?.textContent ?? '',
        offset: viewer?.querySelector('.offset')?.textContent ?? '',
        badgeShown: (r.querySelector<HTMLElement>('[data-shift-badge]')?.offsetParent ?? null) !== null,
        cancelled: r.hasAttribute('data-cancelled'),
        kind: r.dataset.oneOff ?? 'regular',
        note: r.querySelector('td.note')?.textContent ?? '',
      };
    }),
  );
}

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(watched.problems, 'console errors, CSP violations, failed requests').toEqual([]);
  expect(watched.outside, 'requests that would leave localhost').toEqual([]);
}

describe.each(READERS)('in %s (%s)', (zone, locale) => {
  it.each([
    ['sig-arch', 'regular-sig-meeting'],
    ['wg-apac', 'sydney-monthly'],
    ['sig-pm', 'regular-sig-meeting'],
    ['wg-apac', 'india-sync'],
  ] as const)('the meeting page %s/%s lists the upcoming dates at the right local times', async (dir, id) => {
    const view = meeting(built.model, dir, id);
    const watched = await open(zone, locale, NOW, view.page);
    const { page } = watched;
    const rows = await rowsOf(page);
    const expected = upcoming(view, NOW);
    expect(rows.map((r) => r.at)).toEqual(expected.map((o) => o.start));
    for (const [i, o] of expected.entries()) {
      expect(rows[i]?.time).toBe(await inBrowser(page, o.start, zone));
      expect(rows[i]?.offset).toBe(offsetText(o.start, zone));
    }
    expect(rows.map((r) => r.cancelled)).toEqual(expected.map((o) => o.cancelled));
    await expectClean(watched);
    await watched.context.close();
  });

  it('leads with the next meeting, how soon it is, and the join link; then "now"; then the one after', async () => {
    const view = meeting(built.model, 'wg-apac', 'india-sync');
    const [first, second] = view.occurrences.filter((o) => o.start > NOW);
    if (!first || !second) throw new Error('no upcoming India Sync');
    // Just before: 5 minutes to go.
    const watched = await open(zone, locale, first.start - 5 * MIN, view.page);
    const { page } = watched;
    const next = page.locator('[data-next]');
    expect(await next.locator('time').first().textContent()).toBe(await inBrowser(page, first.start, zone));
    expect(await next.locator('[data-countdown]').textContent()).toBe('in 5 min');
    expect(await page.locator('.answer a.button').getAttribute('href')).toBe(
      'https://meet.example.org/india',
    );
    // The answer is above the fold of a laptop screen.
    const box = await page.locator('.answer').boundingBox();
    expect((box?.y ?? 1e9) + (box?.height ?? 0)).toBeLessThan(720);
    // During: the same meeting, "now".
    await page.clock.runFor(10 * MIN);
    await expect.poll(() => next.locator('[data-countdown]').textContent()).toBe('now');
    expect(await next.locator('time').first().textContent()).toBe(await inBrowser(page, first.start, zone));
    expect((await rowsOf(page))[0]?.at).toBe(first.start);
    // After its end: the next one, and the ended one is no longer listed.
    await page.clock.runFor(first.end - first.start);
    await expect
      .poll(() => next.locator('time').first().textContent())
      .toBe(await inBrowser(page, second.start, zone));
    expect((await rowsOf(page))[0]?.at).toBe(second.start);
    expect(await next.locator('[data-countdown]').textContent()).toMatch(/^in (6 days|7 days|\d+ h)/);
    await expectClean(watched);
    await watched.context.close();
  });

  it('notes when the local time moves across a DST change, and marks the rows', async () => {
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    const watched = await open(zone, locale, NOW, view.page);
    const { page } = watched;
    const listed = upcoming(view, NOW).filter((o) => !o.cancelled);
    const clocks = listed.map((o) => fmt(o.start, zone, 'c HH:mm'));
    const rows = await rowsOf(page);
    const note = page.locator('[data-shift-note]');
    const changed = clocks.map((c, i) => i > 0 && c !== clocks[i - 1]);
    expect(rows.map((r) => r.badgeShown)).toEqual(changed);
    expect(await note.isVisible()).toBe(changed.some(Boolean));
    if (zone === 'Europe/Berlin') {
      // 18 March 2027: Los Angeles is on summer time, Berlin not yet.
      expect(await note.textContent()).toContain(
        `In Europe/Berlin this meeting is not always at the same time: 20:00 from ${await page.evaluate(() =>
          new Intl.DateTimeFormat(undefined, {
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            timeZone: 'Europe/Berlin',
          }).format(Date.UTC(2026, 11, 3, 19)),
        )}`,
      );
    }
    await expectClean(watched);
    await watched.context.close();
  });

  it('the index lists this week from today in time order, greys what has ended, counts down to the next', async () => {
    const at = NOW + 30 * MIN; // Mon 30 Nov 12:30 UTC
    const watched = await open(zone, locale, at, '');
    const { page } = watched;
    const start = DateTime.fromMillis(at, { zone }).startOf('day').toMillis();
    const end = DateTime.fromMillis(at, { zone }).startOf('day').plus({ days: 7 }).toMillis();
    const expected = built.model.groups
      .flatMap((g) => g.meetings.flatMap((m) => m.occurrences.map((o) => ({ o, m }))))
      .filter(({ o }) => o.start >= start && o.start < end)
      .sort((a, b) => a.o.start - b.o.start || (a.m.page < b.m.page ? -1 : 1));
    const items = await page.$$eval('[data-this-week] li[data-at]', (lis) =>
      lis.map((li) => ({
        at: Number((li as HTMLElement).dataset.at),
        past: li.classList.contains('past'),
        meeting: li.querySelector('a.meeting-link')?.textContent ?? '',
        countdown: li.querySelector('[data-countdown]')?.textContent ?? null,
      })),
    );
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.map((i) => i.at)).toEqual(expected.map(({ o }) => o.start));
    expect(items.map((i) => i.past)).toEqual(expected.map(({ o }) => o.end <= at));
    expect(items.map((i) => i.meeting)).toEqual(expected.map(({ m }) => m.meeting.description));
    const firstUpcoming = expected.findIndex(({ o }) => o.start > at && !o.cancelled);
    expect(items.filter((i) => i.countdown !== null).map((i) => i.at)).toEqual([
      expected[firstUpcoming]?.o.start,
    ]);
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('times follow the locale, with a visible 12/24-hour toggle that is remembered', () => {
  const view = () => meeting(built.model, 'sig-pm', 'regular-sig-meeting');

  it('12-hour in en-US, 24-hour in de-DE, with the locale date order', async () => {
    const us = await open('America/New_York', 'en-US', NOW, view().page);
    expect((await rowsOf(us.page))[0]?.time).toBe('Tue, Dec 1, 2026, 1:30 PM');
    expect(await us.page.locator('#clock-24').getAttribute('aria-pressed')).toBe('false');
    await us.context.close();
    const de = await open('Europe/Berlin', 'de-DE', NOW, view().page);
    expect((await rowsOf(de.page))[0]?.time).toBe('Di., 1. Dez. 2026, 19:30');
    expect(await de.page.locator('#clock-24').getAttribute('aria-pressed')).toBe('true');
    await de.context.close();
  });

  it('the toggle switches every time on the page, and the choice is remembered', async () => {
    const watched = await open('America/New_York', 'en-US', NOW, view().page);
    const { page } = watched;
    await page.locator('#clock-24').click();
    expect((await rowsOf(page))[0]?.time).toBe('Tue, Dec 1, 2026, 13:30');
    expect(await page.locator('#clock-24').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#tz-status').textContent()).toBe('Times now use the 24-hour clock.');
    await page.goto(site.base);
    await page.locator('[data-this-week] li[data-at]').first().waitFor();
    expect(await page.locator('[data-this-week] .day-time').first().textContent()).not.toMatch(/AM|PM/);
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('the zone picker', () => {
  it('changes every time on the page, puts ?tz= in the address, and is remembered', async () => {
    const watched = await open('Europe/Berlin', 'en-GB', NOW, 'sig-arch/regular-sig-meeting.html');
    const { page } = watched;
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    const options = await page
      .locator('#tz option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(300);
    expect(options).not.toContain('Asia/Calcutta');
    expect(new Set(options).size).toBe(options.length);
    const groups = await page
      .locator('#tz optgroup')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptGroupElement).label));
    expect(groups).toEqual(expect.arrayContaining(['Africa', 'America', 'Asia', 'Europe', 'Pacific']));

    await page.locator('#tz').selectOption('Asia/Tokyo');
    const tokyo = await Promise.all(upcoming(view, NOW).map((o) => inBrowser(page, o.start, 'Asia/Tokyo')));
    expect((await rowsOf(page)).map((r) => r.time)).toEqual(tokyo);
    expect(new URL(page.url()).search).toBe('?tz=Asia/Tokyo');
    expect(await page.locator('#tz-status').textContent()).toBe('Times are now shown in Asia/Tokyo.');
    await page.goto(site.base + view.page);
    await page.locator('[data-occurrences] table').waitFor();
    expect((await rowsOf(page)).map((r) => r.time)).toEqual(tokyo);
    await page.locator('#tz-reset').click();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => localStorage.getItem('sigcal.timeZone'))).toBeNull();
    await expectClean(watched);
    await watched.context.close();
  });

  it.each([
    ['Kolkata', 'Asia/Kolkata'],
    ['India', 'Asia/Kolkata'],
    ['IST', 'Asia/Kolkata'],
    ['Calcutta', 'Asia/Kolkata'],
    ['Berlin', 'Europe/Berlin'],
    ['Germany', 'Europe/Berlin'],
  ])('finds a zone by city, country, abbreviation or old name: %s → %s', async (query, zone) => {
    const watched = await open('America/Los_Angeles', 'en-US', NOW, 'sig-arch/regular-sig-meeting.html');
    const { page } = watched;
    await page.locator('#tz-find').fill(query);
    const offered = await page
      .locator('#tz option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(offered).toContain(zone);
    expect(offered.length).toBeLessThan(60);
    await page.locator('#tz-find').press('Enter');
    expect(await page.locator('#tz').inputValue()).toBe(zone);
    expect(await page.locator('[data-occurrences] th').first().textContent()).toBe(`Your time (${zone})`);
    await expectClean(watched);
    await watched.context.close();
  });

  it.each([
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
  ])('opens a shared link ?tz=%s in %s, whatever the device zone', async (asked, shown) => {
    const view = meeting(built.model, 'sig-pm', 'regular-sig-meeting');
    const watched = await open('Australia/Sydney', 'en-AU', NOW, `${view.page}?tz=${asked}`);
    const { page } = watched;
    expect((await rowsOf(page)).map((r) => r.at)).toEqual(upcoming(view, NOW).map((o) => o.start));
    expect((await rowsOf(page))[0]?.time).toBe(
      await inBrowser(page, upcoming(view, NOW)[0]?.start ?? 0, shown),
    );
    expect(await page.locator('#tz').inputValue()).toBe(shown);
    expect(await page.evaluate(() => localStorage.getItem('sigcal.timeZone'))).toBeNull();
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('search and the group chooser on the index', () => {
  it('typing narrows groups and meetings at once', async () => {
    const watched = await open('Europe/Berlin', 'en-GB', NOW, '');
    const { page } = watched;
    await page.locator('#q').fill('release');
    const groups = await page
      .locator('.group-list li[data-group]:visible')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.group));
    expect(groups).toEqual(['sig-pm', 'wg-apac']);
    const found = await page.locator('[data-found-list] a.meeting-link').allTextContents();
    expect(found).toEqual(['Release Sync', 'Release Retro']);
    expect(await page.locator('#find-status').textContent()).toBe('2 groups and 2 meetings match “release”.');
    const week = await page.locator('[data-this-week] li[data-at] a.meeting-link').allTextContents();
    expect(new Set(week)).toEqual(new Set(['Release Sync']));
    expect(new URL(page.url()).searchParams.get('q')).toBe('release');
    await page.locator('#q').fill('');
    expect(await page.locator('.group-list li[data-group]:visible').count()).toBe(built.model.groups.length);
    await expectClean(watched);
    await watched.context.close();
  });

  it('choosing groups filters this week and the week view, is kept in ?groups= and remembered', async () => {
    const watched = await open('Europe/Berlin', 'en-GB', NOW, '');
    const { page } = watched;
    await page.locator('.group-chooser summary').click();
    await page.locator('#choose-wg-apac').check();
    expect(new URL(page.url()).searchParams.get('groups')).toBe('wg-apac');
    expect(await page.locator('[data-chosen]').textContent()).toBe('1 of 6');
    const groupOf = (key: string) => key.slice(0, key.indexOf('/'));
    const week = await page
      .locator('[data-this-week] li[data-meeting]')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.meeting ?? ''));
    expect(week.length).toBeGreaterThan(0);
    expect(new Set(week.map(groupOf))).toEqual(new Set(['wg-apac']));
    const blocks = await page
      .locator('.week-block')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.meeting ?? ''));
    expect(new Set(blocks.map(groupOf))).toEqual(new Set(['wg-apac']));
    // Remembered on another visit without ?groups=.
    await page.goto(site.base);
    await page.locator('[data-this-week] li[data-at]').first().waitFor();
    expect(new URL(page.url()).searchParams.get('groups')).toBe('wg-apac');
    // A shared link wins over the remembered choice.
    await page.goto(`${site.base}?groups=sig-pm,committee-steering`);
    await page.locator('[data-this-week] li[data-at]').first().waitFor();
    const shared = await page
      .locator('[data-this-week] li[data-meeting]')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.meeting ?? ''));
    expect(new Set(shared.map(groupOf))).toEqual(new Set(['sig-pm', 'committee-steering']));
    expect(await page.locator('#choose-sig-pm').isChecked()).toBe(true);
    await page.locator('.group-chooser summary').click();
    await page.locator('[data-choose="all"]').click();
    expect(new URL(page.url()).searchParams.get('groups')).toBeNull();
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('the week view', () => {
  it('shows every meeting of this week in a days × hours grid, side by side where they overlap', async () => {
    const zone = 'Europe/Berlin';
    const watched = await open(zone, 'en-GB', NOW, '', { viewport: { width: 1366, height: 900 } });
    const { page } = watched;
    const start = DateTime.fromMillis(NOW, { zone }).startOf('week').toMillis(); // en-GB weeks start on Monday
    const end = start + 7 * DAY;
    const expected = built.model.groups
      .flatMap((g) => g.meetings.flatMap((m) => m.occurrences.map((o) => ({ o, m }))))
      .filter(({ o }) => o.start >= start && o.start < end);
    const blocks = await page.locator('.week-block').evaluateAll((lis) =>
      lis.map((li) => {
        const box = li.getBoundingClientRect();
        return {
          at: Number((li as HTMLElement).dataset.at),
          href: li.querySelector('a')?.getAttribute('href') ?? '',
          left: box.left,
          right: box.right,
          top: box.top,
          past: li.classList.contains('past'),
        };
      }),
    );
    expect(blocks.map((b) => b.at).sort()).toEqual(expected.map(({ o }) => o.start).sort());
    for (const b of blocks) {
      const hit = expected.find(({ o }) => o.start === b.at);
      expect(b.href).toBe(hit?.m.page);
      expect(b.past).toBe((hit?.o.end ?? 0) <= NOW);
    }
    // Triage (17:00–18:00) and Release Sync (17:30–18:15) on Monday: side by side, Release Sync lower.
    const monday = DateTime.fromMillis(start, { zone });
    const triage = blocks.find((b) => b.at === monday.set({ hour: 17 }).toMillis());
    const release = blocks.find((b) => b.at === monday.set({ hour: 17, minute: 30 }).toMillis());
    expect(triage && release).toBeTruthy();
    expect((release?.left ?? 0) >= (triage?.right ?? 0) - 1).toBe(true);
    expect((release?.top ?? 0) > (triage?.top ?? 0)).toBe(true);
    // Next week: the same, a week later; the heading says which week.
    await page.getByRole('button', { name: 'Next week' }).click();
    const next = await page
      .locator('.week-block')
      .evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.at)));
    expect(Math.min(...next)).toBeGreaterThanOrEqual(end);
    expect(await page.locator('#week-title').textContent()).toBe(
      `Week of ${await page.evaluate((ms) => new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Berlin' }).format(ms), end)}`,
    );
    await expectClean(watched);
    await watched.context.close();
  });

  it('is a day list on a phone', async () => {
    const watched = await open('Europe/Berlin', 'en-GB', NOW, '', { viewport: { width: 390, height: 844 } });
    const { page } = watched;
    const positions = await page
      .locator('.week-block')
      .evaluateAll((lis) => lis.map((li) => getComputedStyle(li).position));
    expect(positions.length).toBeGreaterThan(3);
    expect(new Set(positions)).toEqual(new Set(['static']));
    expect(await page.locator('.week-hours').isVisible()).toBe(false);
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('adding a single occurrence', () => {
  it('offers a Google Calendar event and a one-event .ics with the feed UID', async () => {
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    const watched = await open('Europe/Berlin', 'en-GB', NOW, view.page);
    const { page } = watched;
    const first = upcoming(view, NOW)[0];
    if (!first) throw new Error('no occurrence');
    const row = page.locator('table[data-shift-rows] tbody tr').first();
    const google = new URL(
      (await row.getByRole('link', { name: /Google Calendar/ }).getAttribute('href')) ?? '',
    );
    expect(google.origin + google.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(google.searchParams.get('action')).toBe('TEMPLATE');
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    expect(google.searchParams.get('dates')).toBe(`${stamp(first.start)}/${stamp(first.end)}`);
    expect(google.searchParams.get('text')).toBe('SIG Architecture <&> "Design": Regular SIG Meeting');
    expect(google.searchParams.get('location')).toBe('https://meet.example.org/arch?a=1&b=2');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /\.ics/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sig-arch-regular-sig-meeting-${first.localDate}.ics`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const events = new ICAL.Component(ICAL.parse(text) as unknown as unknown[])
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    const feed = textsOf(built).get('calendars/sig-arch/regular-sig-meeting.ics') ?? '';
    const uid = `sig-arch.regular-sig-meeting.${first.seriesDate}@meetings.example.org`;
    expect(feed).toContain(`UID:${uid}`);
    expect(events[0]?.uid).toBe(uid);
    expect(events[0]?.startDate.toJSDate().getTime()).toBe(first.start);
    expect(events[0]?.endDate.toJSDate().getTime()).toBe(first.end);
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('moved and extra dates', () => {
  it.each(READERS)(
    'are marked in %s, a moved one with where it moved from, and leave the DST note alone',
    async (zone, locale) => {
      const view = meeting(built.model, 'committee-steering', 'public-steering-committee-meeting');
      const watched = await open(zone, locale, NOW, view.page);
      const { page } = watched;
      const expected = upcoming(view, NOW);
      expect(expected.filter((o) => o.kind === 'moved')).toHaveLength(2);
      const rows = await rowsOf(page);
      expect(rows.map((r) => r.kind)).toEqual(expected.map((o) => o.kind));
      const froms = await page.locator('table[data-shift-rows] .moved-from time').allTextContents();
      const shortOptions = {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: 'numeric',
        minute: '2-digit',
      } as const;
      expect(froms).toEqual(
        await Promise.all(
          expected
            .filter((o) => o.movedFrom !== null)
            .map((o) =>
              page.evaluate(
                ([ms, z, opts]) => {
                  const cycle = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions()
                    .hourCycle;
                  return new Intl.DateTimeFormat(undefined, {
                    ...opts,
                    timeZone: z,
                    hourCycle: cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23',
                  }).format(ms);
                },
                [o.movedFrom ?? 0, zone, shortOptions] as const,
              ),
            ),
        ),
      );
      // The note explains daylight saving time: moved and extra rows never carry "Time changes".
      expect(rows.filter((r) => r.kind !== 'regular').some((r) => r.badgeShown)).toBe(false);
      const regular = expected.filter((o) => o.kind === 'regular' && !o.cancelled);
      const clocks = regular.map((o) => fmt(o.start, zone, 'c HH:mm'));
      expect(rows.filter((r) => r.kind === 'regular').map((r) => r.badgeShown)).toEqual(
        clocks.map((c, i) => i > 0 && c !== clocks[i - 1]),
      );
      await expectClean(watched);
      await watched.context.close();
    },
  );
});

describe('without JavaScript', () => {
  it('gives the schedule in the meeting zone, the join link and subscribe links, and no date', async () => {
    const watched = await openWatched(browser, { timezoneId: 'Asia/Tokyo', javaScriptEnabled: false });
    const { page } = watched;
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    await page.goto(site.base + view.page);
    expect(await page.locator('.zone-bar').isVisible()).toBe(false);
    expect(await page.locator('[data-no-js]').first().isVisible()).toBe(true);
    expect(await page.locator('.answer').textContent()).toContain(
      'The first and third Thursday of the month at 11:00 (America/Los_Angeles).',
    );
    expect(await page.locator('.answer a.button').isVisible()).toBe(true);
    expect(await page.locator('[data-occurrences]').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Google Calendar' }).first().isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).not.toMatch(/\b202[67]\b/);
    await page.goto(site.base);
    expect(await page.locator('[data-this-week]').isVisible()).toBe(false);
    expect(
      await page.locator('#week [data-no-js], [aria-labelledby="week"] [data-no-js]').first().isVisible(),
    ).toBe(true);
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('a page built on another day', () => {
  it('is the same page, and shows the same upcoming dates at the same moment', async () => {
    const later = await buildPagesFixture({ now: new Date(NOW + 3 * DAY) });
    const laterTexts = textsOf(later);
    for (const [path, text] of textsOf(built))
      if (path.endsWith('.html')) expect(laterTexts.get(path), path).toBe(text);
    const other = await serveSite(later);
    try {
      const watched = await openWatched(browser, { timezoneId: 'Asia/Kolkata', locale: 'en-IN' });
      const { page } = watched;
      await page.clock.install({ time: NOW + 4 * DAY });
      const view = meeting(built.model, 'wg-apac', 'india-sync');
      await page.goto(other.base + view.page);
      await page.locator('[data-occurrences] table').waitFor();
      expect((await rowsOf(page)).map((r) => r.at)).toEqual(
        upcoming(view, NOW + 4 * DAY).map((o) => o.start),
      );
      await expectClean(watched);
      await watched.context.close();
    } finally {
      await other.close();
    }
  });
});
