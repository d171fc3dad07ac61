import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import { PAGES_NOW } from '../support/pages-site.ts';
import { launchChromium, openWatched, type ServedSite, serveSite } from './support/browser.ts';

/*
 * No page scrolls sideways, at any width from a small phone to a wide desktop: every page of the
 * Kubernetes-size fixture (35 groups, 102 meetings, long Zoom, Docs and mailing-list URLs), with the
 * script's dates drawn, at 320, 390, 768, 1366 and 1920 px.
 */

const WIDTHS = [320, 390, 768, 1366, 1920] as const;

let browser: Browser;
let built: BuiltSite;
let site: ServedSite;

beforeAll(async () => {
  built = buildSite({
    source: { file: 'sigs.yaml', text: await readFile('test/fixtures/kubernetes/sigs.yaml', 'utf8') },
    overlay: { file: 'schedule.yaml', text: '{}\n' },
    options: { now: PAGES_NOW, stamp: PAGES_NOW, siteUrl: 'https://meetings.example.org/', keepGoing: true },
  });
  site = await serveSite(built);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe.each(WIDTHS)('at %d px', (width) => {
  // 138 pages at each width: a generous limit, as the machine is shared with other test files.
  it('every page fits the width (scrollWidth <= clientWidth)', { timeout: 300_000 }, async () => {
    // The 404 page is served by the CDN at the site's root for any missing path, with root-relative
    // links; test/browser/accessibility.test.ts loads it that way, at a phone's width too.
    const pages = [...built.site.keys()].filter((p) => p.endsWith('.html') && p !== NOT_FOUND_PAGE);
    expect(pages.length).toBeGreaterThan(130);
    const watched = await openWatched(browser, {
      timezoneId: 'Europe/Berlin',
      viewport: { width, height: 800 },
    });
    const { page } = watched;
    await page.clock.install({ time: PAGES_NOW.getTime() });
    const wide: string[] = [];
    for (const path of pages) {
      await page.goto(site.base + path.replace(/index\.html$/, ''));
      await page.locator('[data-coverage]').filter({ hasText: 'Dates are published' }).waitFor();
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      if (scroll > client) wide.push(`${path}: ${scroll} > ${client}`);
    }
    expect(wide).toEqual([]);
    expect(watched.problems).toEqual([]);
    expect(watched.outside).toEqual([]);
    await watched.context.close();
  });
});
