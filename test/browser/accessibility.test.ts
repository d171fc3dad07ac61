import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../functions/cli/preview-server.ts';
import { NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import { buildPagesFixture, PAGES_NOW, writeSiteTo } from '../support/pages-site.ts';
import { launchChromium, openWatched, runAxe, type ServedSite, serveSite } from './support/browser.ts';

const PAGES = [
  ['the index', ''],
  ['a group page', 'sig-arch/'],
  ['a meeting page', 'sig-arch/regular-sig-meeting.html'],
  ['a meeting page with a cancellation', 'sig-pm/regular-sig-meeting.html'],
  ['an unscheduled meeting page', 'sig-arch/code-org-code-organization.html'],
  ['a meeting page with moved and extra dates', 'committee-steering/public-steering-committee-meeting.html'],
  ['a group page with no dates and a meeting left out', 'wg-pending/'],
] as const;

let browser: Browser;
let site: ServedSite;

beforeAll(async () => {
  site = await serveSite(await buildPagesFixture());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe.each(['light', 'dark'] as const)('axe-core in %s mode', (colorScheme) => {
  it.each(PAGES)('finds no serious or critical violation on %s', async (_, path) => {
    const watched = await openWatched(browser, { timezoneId: 'Europe/Berlin', colorScheme });
    await watched.page.clock.install({ time: PAGES_NOW.getTime() });
    await watched.page.goto(site.base + path);
    // The script has drawn the dates before axe looks, so what is checked is what people see.
    await watched.page.locator('[data-coverage]').filter({ hasText: 'Dates are published' }).waitFor();
    expect(watched.problems).toEqual([]);
    const { violations, passed } = await runAxe(watched.page);
    expect(passed).toEqual(
      expect.arrayContaining(['color-contrast', 'select-name', 'landmark-one-main', 'html-has-lang']),
    );
    if (violations.length > 0)
      console.info(`${path || 'index'} (${colorScheme}): minor findings`, violations);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    expect(watched.outside).toEqual([]);
    await watched.context.close();
  });
});

describe('axe-core on a phone', () => {
  it.each(PAGES.slice(0, 3))('finds no serious or critical violation on %s', async (_, path) => {
    const watched = await openWatched(browser, {
      timezoneId: 'Asia/Kolkata',
      viewport: { width: 390, height: 844 },
    });
    await watched.page.clock.install({ time: PAGES_NOW.getTime() });
    await watched.page.goto(site.base + path);
    await watched.page.locator('[data-coverage]').filter({ hasText: 'Dates are published' }).waitFor();
    const { violations } = await runAxe(watched.page);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    expect(watched.problems).toEqual([]);
    await watched.context.close();
  });
});

describe('keyboard', () => {
  it('reaches the skip link first, and it moves focus to the main content', async () => {
    const watched = await openWatched(browser, { timezoneId: 'Europe/Berlin' });
    const { page } = watched;
    await page.goto(`${site.base}sig-arch/regular-sig-meeting.html`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    expect(await page.locator('.skip-link').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    await watched.context.close();
  });
});

describe('the 404 page', () => {
  it.each(['light', 'dark'] as const)(
    'is styled at any depth, with no serious or critical violation in %s mode',
    async (colorScheme) => {
      // Published under /community/, with the 404 page where a CDN would take it for any missing path.
      const root = await mkdtemp(join(tmpdir(), 'sigcal-404-'));
      const server = await startServer({ root, host: '127.0.0.1', port: 0 });
      try {
        await writeSiteTo(
          await buildPagesFixture({ siteUrl: 'https://meetings.example.org/community/' }),
          join(root, 'community'),
        );
        await copyFile(join(root, 'community', NOT_FOUND_PAGE), join(root, NOT_FOUND_PAGE));
        for (const missing of ['community/no-such-group/', 'community/sig-arch/gone.html']) {
          const watched = await openWatched(browser, {
            timezoneId: 'Europe/Berlin',
            colorScheme,
            viewport: { width: 320, height: 640 },
          });
          const response = await watched.page.goto(server.url + missing);
          expect(response?.status()).toBe(404);
          expect(await watched.page.locator('h1').textContent()).toBe('Page not found');
          // At a small phone's width, it does not scroll sideways either.
          expect(
            await watched.page.evaluate(
              () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
            ),
          ).toBe(true);
          // The stylesheet loaded from the root-relative link: the header's wrapper is a flex row.
          expect(
            await watched.page.evaluate(
              () => getComputedStyle(document.querySelector('.site-header .wrap') as Element).display,
            ),
          ).toBe('flex');
          // The page's own status is the only failure: its stylesheet and icon were found.
          expect(watched.problems.filter((p) => p.startsWith('HTTP '))).toEqual([
            `HTTP 404: ${server.url}${missing}`,
          ]);
          expect(
            watched.problems.filter(
              (p) => !p.startsWith('HTTP 404: ') && !/Failed to load resource: .* 404 \(Not Found\)$/.test(p),
            ),
          ).toEqual([]);
          const { violations } = await runAxe(watched.page);
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
          // Home is one click away.
          await watched.page.getByRole('link', { name: "See all groups and this week's meetings" }).click();
          expect(new URL(watched.page.url()).pathname).toBe('/community/');
          expect(watched.outside).toEqual([]);
          await watched.context.close();
        }
      } finally {
        await server.close();
        await rm(root, { recursive: true, force: true });
      }
    },
  );
});
