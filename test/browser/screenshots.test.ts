import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import { PAGES_NOW } from '../support/pages-site.ts';
import { launchChromium, openWatched, type ServedSite, serveSite } from './support/browser.ts';

/*
 * Screenshots of the shipped example community, for the README. They are always taken (which also
 * checks that nothing overflows a phone's width); `UPDATE_SCREENSHOTS=1 npm run test:browser` writes
 * them to docs/screenshots/ for committing, otherwise they go to a temp folder.
 */

const VIEWPORTS = [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

let browser: Browser;
let built: BuiltSite;
let site: ServedSite;
let out: string;

beforeAll(async () => {
  built = buildSite({
    source: { file: 'sigs.yaml', text: await readFile('sigs.yaml', 'utf8') },
    options: { now: PAGES_NOW, stamp: PAGES_NOW, siteUrl: 'https://meetings.example.org/', keepGoing: true },
  });
  site = await serveSite(built);
  browser = await launchChromium();
  out = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : await mkdtemp(join(tmpdir(), 'sigcal-shots-'));
  await mkdir(out, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** The meeting the README shows: the first whose next 8 times move on a Berlin reader's clock. */
function showcaseMeeting(): string {
  const clock = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/Berlin' }).toFormat('c HH:mm');
  const scheduled = built.model.groups
    .flatMap((g) => g.meetings)
    .filter((m) => m.meeting.status === 'scheduled');
  const moving = scheduled.find((m) => {
    const next = m.occurrences.filter((o) => o.start >= PAGES_NOW.getTime() && !o.cancelled).slice(0, 8);
    return new Set(next.map((o) => clock(o.start))).size > 1;
  });
  const chosen = moving ?? scheduled[0];
  if (!chosen) throw new Error('sigs.yaml has no scheduled meeting');
  return chosen.page;
}

describe.each(VIEWPORTS)('on a %s', (name, viewport) => {
  it.each([
    ['index', ''],
    ['meeting', 'meeting'],
  ])('screenshots the %s page, which fits the width', async (label, which) => {
    const watched = await openWatched(browser, {
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
      viewport,
      colorScheme: 'light',
    });
    const { page } = watched;
    // A fixed moment: Tuesday morning in Berlin, the week under way.
    await page.clock.install({ time: PAGES_NOW.getTime() + 21 * 3_600_000 });
    await page.goto(site.base + (which === 'meeting' ? showcaseMeeting() : ''));
    await page.locator('[data-coverage]').filter({ hasText: 'Dates are published' }).waitFor();
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      viewport.width,
    );
    const file = join(out, `${label}-${name}.png`);
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(watched.problems).toEqual([]);
    expect(watched.outside).toEqual([]);
    await watched.context.close();
  });
});
