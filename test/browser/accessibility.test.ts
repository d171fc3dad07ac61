import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPagesFixture, PAGES_NOW } from '../support/pages-site.ts';
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
