import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView, SiteModel } from '../../functions/core/site-model.ts';
import type { BuiltSite } from '../../functions/pipeline/build.ts';
import { buildPagesFixture, PAGES_NOW } from '../support/pages-site.ts';
import {
  launchChromium,
  openWatched,
  type ServedSite,
  serveSite,
  type WatchedPage,
} from './support/browser.ts';

/*
 * The pages in real Chromium with the browser's time zone emulated. Every expectation is computed here
 * with luxon from the engine's UTC instants, independently of the page code (which uses Intl).
 */

const NOW = PAGES_NOW.getTime();
const DAY = 86_400_000;
const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney'] as const;

const fmt = (ms: number, zone: string, pattern: string): string =>
  DateTime.fromMillis(ms, { zone }).setLocale('en-US').toFormat(pattern);
const dateTime = (ms: number, zone: string) => fmt(ms, zone, 'ccc d LLL yyyy, HH:mm');

function offsetText(ms: number, zone: string): string {
  const minutes = DateTime.fromMillis(ms, { zone }).offset;
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const mm = abs % 60 === 0 ? '' : `:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${minutes > 0 ? '+' : '-'}${Math.floor(abs / 60)}${mm}`;
}

/** Consecutive runs of the same local weekday and time. */
function runs(instants: readonly number[], zone: string): { clock: string; first: number; last: number }[] {
  const out: { clock: string; first: number; last: number }[] = [];
  for (const ms of instants) {
    const clock = fmt(ms, zone, 'cccc HH:mm');
    const current = out.at(-1);
    if (current?.clock === clock) current.last = ms;
    else out.push({ clock, first: ms, last: ms });
  }
  return out;
}

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

const next8 = (view: MeetingView) => view.occurrences.filter((o) => o.start >= NOW).slice(0, 8);

interface ShownRow {
  at: number;
  time: string;
  offset: string;
  viewerShown: boolean;
  badgeShown: boolean;
  cancelled: boolean;
}

function shownRows(page: Page): Promise<ShownRow[]> {
  return page.$$eval('table[data-shift-rows] tbody tr', (rows) =>
    rows.map((row) => {
      const viewer = row.querySelector<HTMLElement>('td.viewer');
      return {
        at: Number((row as HTMLElement).dataset.at),
        time: viewer?.querySelector('time')?.textContent ?? '',
        offset: viewer?.querySelector('.offset')?.textContent ?? '',
        viewerShown: viewer !== null && viewer.offsetParent !== null,
        badgeShown: (row.querySelector<HTMLElement>('[data-shift-badge]')?.offsetParent ?? null) !== null,
        cancelled: row.hasAttribute('data-cancelled'),
      };
    }),
  );
}

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(watched.problems, 'console errors, CSP violations, failed requests').toEqual([]);
  expect(watched.outside, 'requests that would leave localhost').toEqual([]);
}

describe.each(ZONES)('with the browser in %s', (zone) => {
  let watched: WatchedPage;

  beforeAll(async () => {
    watched = await openWatched(browser, { timezoneId: zone });
  });

  afterAll(async () => {
    await expectClean(watched);
    await watched.context.close();
  });

  it.each([
    ['sig-arch', 'regular-sig-meeting'],
    ['wg-apac', 'sydney-monthly'],
    ['sig-pm', 'regular-sig-meeting'],
    ['wg-apac', 'india-sync'],
  ] as const)(
    'the meeting page %s/%s shows every listed occurrence at the right local date and time',
    async (dir, id) => {
      const view = meeting(built.model, dir, id);
      const { page } = watched;
      await page.goto(site.base + view.page);
      const rows = await shownRows(page);
      const expected = next8(view);
      expect(rows.map((r) => r.at)).toEqual(expected.map((o) => o.start));
      expect(rows.map((r) => r.time)).toEqual(expected.map((o) => dateTime(o.start, zone)));
      expect(rows.map((r) => r.offset)).toEqual(expected.map((o) => offsetText(o.start, zone)));
      expect(rows.every((r) => r.viewerShown)).toBe(true);
      expect(rows.map((r) => r.cancelled)).toEqual(expected.map((o) => o.cancelled));
      await expectClean(watched);
    },
  );

  it('names the zone (current IANA spelling) and selects it in the picker', async () => {
    const { page } = watched;
    await page.goto(`${site.base}sig-arch/regular-sig-meeting.html`);
    // Chrome reports Asia/Kolkata as Asia/Calcutta; the page must not.
    await expect.poll(() => page.locator('#tz').inputValue()).toBe(zone);
    const names = await page.locator('[data-zone-name]').allTextContents();
    expect(new Set(names)).toEqual(new Set([zone]));
    expect(await page.locator('#tz option:checked').textContent()).toBe(`${zone} (this device)`);
    expect(await page.locator('#tz-reset').isVisible()).toBe(false);
    expect(await page.locator('[data-no-js]').isVisible()).toBe(false);
  });

  it('notes when the local time moves between listed occurrences, and marks the rows', async () => {
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    const { page } = watched;
    await page.goto(site.base + view.page);
    const listed = next8(view).filter((o) => !o.cancelled);
    const periods = runs(
      listed.map((o) => o.start),
      zone,
    );
    const note = page.locator('[data-shift-note]');
    const rows = await shownRows(page);
    if (periods.length === 1) {
      expect(await note.isVisible()).toBe(false);
      expect(rows.some((r) => r.badgeShown)).toBe(false);
      return;
    }
    expect(await note.isVisible()).toBe(true);
    const text = (await note.textContent()) ?? '';
    expect(text).toContain(`In ${zone} this meeting is not always at the same time: `);
    for (const p of periods) {
      const time = fmt(p.first, zone, 'HH:mm');
      const span =
        p.first === p.last
          ? `on ${fmt(p.first, zone, 'ccc d LLL yyyy')}`
          : `from ${fmt(p.first, zone, 'ccc d LLL yyyy')} to ${fmt(p.last, zone, 'ccc d LLL yyyy')}`;
      expect(text).toContain(`${time} ${span}`);
    }
    const changed = listed.map(
      (o, i) =>
        i > 0 && fmt(o.start, zone, 'cccc HH:mm') !== fmt(listed[i - 1]?.start ?? 0, zone, 'cccc HH:mm'),
    );
    expect(rows.filter((r) => !r.cancelled).map((r) => r.badgeShown)).toEqual(changed);
  });

  it('the index lists this week in time order, at the right local times', async () => {
    const { page } = watched;
    await page.goto(site.base);
    const expected = built.model.groups
      .flatMap((g) => g.meetings.flatMap((m) => m.occurrences.map((o) => ({ o, m }))))
      .filter(({ o }) => o.start >= NOW && o.start < NOW + 7 * DAY)
      .sort((a, b) => a.o.start - b.o.start);
    const rows = await page.$$eval('#this-week tbody tr', (trs) =>
      trs.map((tr) => ({
        at: Number((tr as HTMLElement).dataset.at),
        time: tr.querySelector('time')?.textContent ?? '',
        meeting: tr.querySelectorAll('td')[1]?.textContent ?? '',
      })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.map((r) => r.at)).toEqual(expected.map(({ o }) => o.start));
    expect(rows.map((r) => r.time)).toEqual(expected.map(({ o }) => dateTime(o.start, zone)));
    expect(rows.map((r) => r.meeting)).toEqual(expected.map(({ m }) => m.meeting.description));
    // Time order as the reader sees it, too.
    const shown = rows.map((r) =>
      DateTime.fromFormat(r.time, 'ccc d LLL yyyy, HH:mm', { zone, locale: 'en-US' }).toMillis(),
    );
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(await page.locator('thead [data-zone-name]').textContent()).toBe(zone);
  });

  it('the group page shows each next date, and the unscheduled time converted with its DST changes', async () => {
    const { page } = watched;
    await page.goto(`${site.base}sig-arch/`);
    const regular = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    const next = regular.occurrences.find((o) => o.start >= NOW && !o.cancelled);
    expect(await page.locator('.card').first().locator('.when time').textContent()).toBe(
      dateTime(next?.start ?? 0, zone),
    );

    // Every Thursday 08:00 in Los Angeles from now to the end of the window, converted here with luxon.
    const la = 'America/Los_Angeles';
    let day = DateTime.fromMillis(NOW, { zone: la }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
    while (day.weekday !== 4 || day.toMillis() < NOW) day = day.plus({ days: 1 }).set({ hour: 8, minute: 0 });
    const instants: number[] = [];
    for (
      ;
      day.toMillis() < built.model.window.end;
      day = day.plus({ weeks: 1 }).set({ hour: 8, minute: 0 })
    ) {
      instants.push(day.toMillis());
    }
    const [first, ...rest] = runs(instants, zone);
    const expected = `${first?.clock}${rest.length ? ` (${rest.map((r) => `from ${fmt(r.first, zone, 'ccc d LLL yyyy')}: ${r.clock}`).join('; ')})` : ''}`;
    const conversion = page.locator('[data-conversion]');
    expect(await conversion.getAttribute('data-conversion')).toBe(instants.join(' '));
    expect(await conversion.textContent()).toBe(expected);
  });
});

describe('the zone picker', () => {
  it('changes every time on the page, puts ?tz= in the address, and is remembered', async () => {
    const watched = await openWatched(browser, { timezoneId: 'Europe/Berlin' });
    const { page } = watched;
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    const url = site.base + view.page;
    await page.goto(url);
    const options = await page
      .locator('#tz option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(300);
    expect(options).toContain('Asia/Kolkata');
    expect(options).toContain('UTC');
    expect(options).not.toContain('Asia/Calcutta');
    expect(new Set(options).size).toBe(options.length);

    await page.locator('#tz').selectOption('Asia/Tokyo');
    const tokyo = next8(view).map((o) => dateTime(o.start, 'Asia/Tokyo'));
    expect((await shownRows(page)).map((r) => r.time)).toEqual(tokyo);
    expect(new URL(page.url()).search).toBe('?tz=Asia/Tokyo');
    expect(await page.locator('#tz-status').textContent()).toBe('Times are now shown in Asia/Tokyo.');
    expect(await page.locator('#tz-reset').textContent()).toBe("Use this device's zone (Europe/Berlin)");

    // Remembered on another visit without ?tz=, on any page.
    await page.goto(url);
    expect((await shownRows(page)).map((r) => r.time)).toEqual(tokyo);
    await page.goto(site.base);
    expect(await page.locator('#this-week thead [data-zone-name]').textContent()).toBe('Asia/Tokyo');

    // Back to the device's zone: forgotten, and gone from the address.
    await page.goto(url);
    await page.locator('#tz-reset').click();
    expect((await shownRows(page)).map((r) => r.time)).toEqual(
      next8(view).map((o) => dateTime(o.start, 'Europe/Berlin')),
    );
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => localStorage.getItem('sigcal.timeZone'))).toBeNull();
    expect(await page.locator('#tz-reset').isVisible()).toBe(false);
    await expectClean(watched);
    await watched.context.close();
  });

  it('can be operated with the keyboard', async () => {
    const watched = await openWatched(browser, { timezoneId: 'Europe/Berlin' });
    const { page } = watched;
    await page.goto(`${site.base}sig-arch/regular-sig-meeting.html`);
    await page.locator('#tz').focus();
    expect(
      await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
    ).not.toBe('none');
    await page.keyboard.press('End');
    const last = await page.locator('#tz').inputValue();
    expect(last).not.toBe('Europe/Berlin');
    expect(await page.locator('thead [data-zone-name]').textContent()).toBe(last);
    await expectClean(watched);
    await watched.context.close();
  });

  it.each([
    ['America/Sao_Paulo', 'America/Sao_Paulo'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
  ])('opens a shared link ?tz=%s in %s, whatever the device zone', async (asked, shown) => {
    const watched = await openWatched(browser, { timezoneId: 'Australia/Sydney' });
    const { page } = watched;
    const view = meeting(built.model, 'sig-pm', 'regular-sig-meeting');
    await page.goto(`${site.base}${view.page}?tz=${asked}`);
    expect((await shownRows(page)).map((r) => r.time)).toEqual(
      next8(view).map((o) => dateTime(o.start, shown)),
    );
    expect(await page.locator('#tz').inputValue()).toBe(shown);
    // A link's zone is not saved as the reader's own choice.
    expect(await page.evaluate(() => localStorage.getItem('sigcal.timeZone'))).toBeNull();
    await expectClean(watched);
    await watched.context.close();
  });

  it('says so when ?tz= is not a zone, and uses the device zone', async () => {
    const watched = await openWatched(browser, { timezoneId: 'Asia/Kolkata' });
    const { page } = watched;
    const view = meeting(built.model, 'sig-pm', 'regular-sig-meeting');
    await page.goto(`${site.base}${view.page}?tz=Nowhere/Land`);
    expect((await shownRows(page)).map((r) => r.time)).toEqual(
      next8(view).map((o) => dateTime(o.start, 'Asia/Kolkata')),
    );
    expect(await page.locator('#tz-status').textContent()).toBe(
      '"Nowhere/Land" is not a time zone this browser knows; times are shown in Asia/Kolkata.',
    );
    await expectClean(watched);
    await watched.context.close();
  });
});

describe('without JavaScript', () => {
  it('shows UTC, the meeting zone and common zones, and hides what needs the script', async () => {
    const watched = await openWatched(browser, { timezoneId: 'Asia/Tokyo', javaScriptEnabled: false });
    const { page } = watched;
    const view = meeting(built.model, 'sig-arch', 'regular-sig-meeting');
    await page.goto(site.base + view.page);
    expect(await page.locator('.zone-bar').isVisible()).toBe(false);
    expect(await page.locator('[data-no-js]').isVisible()).toBe(true);
    const rows = await shownRows(page);
    expect(rows.some((r) => r.viewerShown)).toBe(false);
    const zonesTable = page.locator('table.zones');
    expect(await zonesTable.isVisible()).toBe(true);
    const tokyo = await zonesTable.locator('tbody tr td:nth-child(6)').allTextContents();
    expect(tokyo).toEqual(next8(view).map((o) => fmt(o.start, 'Asia/Tokyo', 'ccc d LLL, HH:mm')));
    await expectClean(watched);
    await watched.context.close();
  });
});

describe.each(ZONES)('moved and extra dates, with the browser in %s', (zone) => {
  it('are marked, a moved one with where it moved from in this zone, and leave the DST note alone', async () => {
    const watched = await openWatched(browser, { timezoneId: zone });
    const { page } = watched;
    const view = meeting(built.model, 'committee-steering', 'public-steering-committee-meeting');
    await page.goto(site.base + view.page);
    const expected = next8(view);
    expect(expected.filter((o) => o.kind === 'moved')).toHaveLength(2);
    expect(expected.filter((o) => o.kind === 'extra')).toHaveLength(1);
    const rows = await page.$$eval('table[data-shift-rows] tbody tr', (trs) =>
      trs.map((tr) => {
        const row = tr as HTMLElement;
        const from = row.querySelector('.moved-from');
        return {
          kind: row.dataset.oneOff ?? 'regular',
          time: row.querySelector('td.viewer time')?.textContent ?? '',
          mark: row.querySelector('.badge-moved, .badge-extra')?.textContent ?? '',
          from: from?.querySelector('time')?.textContent ?? '',
          fromOffset: from?.querySelector('.offset')?.textContent ?? '',
          badgeShown: (row.querySelector<HTMLElement>('[data-shift-badge]')?.offsetParent ?? null) !== null,
        };
      }),
    );
    expect(rows.map((r) => r.time)).toEqual(expected.map((o) => dateTime(o.start, zone)));
    expect(rows.map((r) => r.kind)).toEqual(expected.map((o) => o.kind));
    expect(rows.map((r) => r.mark)).toEqual(
      expected.map((o) => ({ moved: 'Moved', extra: 'Extra', regular: '' })[o.kind]),
    );
    expect(rows.map((r) => [r.from, r.fromOffset])).toEqual(
      expected.map((o) =>
        o.movedFrom === null
          ? ['', '']
          : [fmt(o.movedFrom, zone, 'ccc d LLL, HH:mm'), offsetText(o.movedFrom, zone)],
      ),
    );

    // The note explains daylight saving time: it reads the regular dates only.
    const regular = expected.filter((o) => o.kind === 'regular' && !o.cancelled);
    const periods = runs(
      regular.map((o) => o.start),
      zone,
    );
    const note = page.locator('[data-shift-note]');
    expect(await note.isVisible()).toBe(periods.length > 1);
    expect(rows.filter((r) => r.kind !== 'regular').some((r) => r.badgeShown)).toBe(false);
    const changed = regular.map(
      (o, i) =>
        i > 0 && fmt(o.start, zone, 'cccc HH:mm') !== fmt(regular[i - 1]?.start ?? 0, zone, 'cccc HH:mm'),
    );
    expect(rows.filter((r) => r.kind === 'regular').map((r) => r.badgeShown)).toEqual(changed);
    if (zone === 'Europe/Berlin') {
      // Here every regular date is at 18:30 while the moved ones are not: no note, no badge.
      const clocks = new Set(expected.map((o) => fmt(o.start, zone, 'cccc HH:mm')));
      expect(clocks.size).toBeGreaterThan(1);
      expect(periods).toHaveLength(1);
    }
    if (zone === 'Asia/Kolkata') expect(periods.length).toBeGreaterThan(1);

    // Picking another zone rewrites where a moved date moved from, too.
    await page.locator('#tz').selectOption('Asia/Tokyo');
    const moved = expected.filter((o) => o.movedFrom !== null);
    expect(await page.locator('.moved-from time').allTextContents()).toEqual(
      moved.map((o) => fmt(o.movedFrom ?? 0, 'Asia/Tokyo', 'ccc d LLL, HH:mm')),
    );
    await expectClean(watched);
    await watched.context.close();
  });
});
