import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../functions/core/errors.ts';
import { NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import {
  launchChromium,
  openWatched,
  type ServedSite,
  serveSite,
  type WatchedPage,
} from './support/browser.ts';

/*
 * Pages built from test/fixtures/hostile/sigs.yaml, where every text field holds a payload that would
 * set `window.__pwned` (or open a dialog, or load something) if it ever became markup, in real Chromium
 * under the production Content-Security-Policy. The proof is in the DOM: only the site's own script
 * runs, every payload is text, no link goes anywhere but http(s), webcal or mailto, and no bidi control
 * survives to reorder what the reader sees.
 */

const SOURCE = 'test/fixtures/hostile/sigs.yaml';
const TITLE = "Meetings <script>window.__pwned='title'</script><img src=x onerror=\"alert('title')\">";

let browser: Browser;
let built: BuiltSite;
let site: ServedSite;
let watched: WatchedPage;
const dialogs: string[] = [];

beforeAll(async () => {
  built = buildSite({
    source: { file: 'sigs.yaml', text: readFileSync(SOURCE, 'utf8') },
    options: {
      now: new Date('2026-11-30T12:00:00Z'),
      stamp: new Date('2026-01-01T00:00:00Z'),
      siteUrl: 'https://meetings.example.org/',
      title: TITLE,
      keepGoing: true,
    },
  });
  site = await serveSite(built);
  browser = await launchChromium();
  watched = await openWatched(browser, { timezoneId: 'Europe/Berlin' });
  watched.page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
});

afterAll(async () => {
  await watched?.context.close();
  await browser?.close();
  await site?.close();
});

describe('pages built from payloads in every field', () => {
  it('the javascript: join link never reaches a page: it is left out with a warning, the meeting stays', () => {
    const strict = buildSite({
      source: { file: 'sigs.yaml', text: readFileSync(SOURCE, 'utf8') },
      options: { now: new Date('2026-11-30T12:00:00Z'), stamp: new Date(0), siteUrl: 'https://x.org/' },
    });
    expect(strict.report.warnings.map((w) => formatDiagnostic(w))).toContain(
      `sigs.yaml:45 sigs[0].meetings[3].url: "javascript:window.__pwned='href'" is not an http(s) URL; left out`,
    );
    expect(built.summary.leftOut).toEqual([]);
    expect(built.site.has('sig-payload/joined-by-script.html')).toBe(true);
  });

  // Every page but the 404 page, which has no script (test/unit/pages.test.ts checks it).
  const pages = () =>
    [...built.site.keys()].filter((path) => path.endsWith('.html') && path !== NOT_FOUND_PAGE);

  it('run no script but the site own, open no dialog, load nothing from the payloads', async () => {
    const { page } = watched;
    expect(pages()).toHaveLength(7);
    for (const path of pages()) {
      await page.goto(site.base + path);
      // The site's own script ran (it reveals the zone picker and names the viewer's zone)…
      await expect.poll(() => page.locator('#tz').isVisible(), { message: path }).toBe(true);
      // …and nothing from the source did.
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
        path,
      ).toBeUndefined();
      const dom = await page.evaluate(() => ({
        scripts: Array.from(document.scripts).map((s) => s.getAttribute('src') ?? `inline: ${s.textContent}`),
        foreign: Array.from(
          document.querySelectorAll('img, svg, iframe, object, embed, style, form, base, b, input'),
        )
          // The site's own inputs: the searches and the group chooser.
          .filter(
            (e) =>
              !(
                e.id === 'q' ||
                e.id === 'tz-find' ||
                (e.getAttribute('name') === 'group' && e.closest('.choices'))
              ),
          )
          .map((e) => e.outerHTML),
        handlers: Array.from(document.querySelectorAll('*')).flatMap((e) =>
          Array.from(e.attributes)
            .filter((a) => /^on/i.test(a.name))
            .map((a) => `${e.tagName} ${a.name}`),
        ),
        links: Array.from(
          document.querySelectorAll<HTMLAnchorElement | HTMLLinkElement>('a[href], link[href]'),
        ).map((a) => ({
          protocol: new URL(a.href).protocol,
          rel: a.getAttribute('rel'),
          tag: a.tagName,
          href: a.href,
          // The script's one-event calendar files: blob URLs of this page's own origin, downloaded.
          ownFile: a.href.startsWith(`blob:${location.origin}/`) && a.hasAttribute('download'),
        })),
      }));
      expect(dom.scripts, path).toEqual([
        expect.stringMatching(/^(\.\.\/)?assets\/sigcal\.js\?v=[0-9a-f]+$/),
      ]);
      expect(dom.foreign, path).toEqual([]);
      expect(dom.handlers, path).toEqual([]);
      for (const link of dom.links) {
        if (link.ownFile) continue;
        expect(['http:', 'https:', 'webcal:', 'mailto:'], `${path} ${link.href}`).toContain(link.protocol);
        if (link.tag === 'A' && !link.href.startsWith(site.base)) {
          expect(link.rel, `${path} ${link.href}`).toBe('noopener noreferrer');
        }
      }
    }
    expect(dialogs).toEqual([]);
    expect(watched.problems, 'console errors, CSP violations, failed requests').toEqual([]);
    expect(watched.outside, 'requests that would leave localhost').toEqual([]);
  });

  it('shows each payload as the text it is', async () => {
    const { page } = watched;
    await page.goto(`${site.base}sig-payload/`);
    const text = await page.locator('main').textContent();
    for (const payload of [
      `Docs <script>window.__pwned = 'name'</script> "><img src=x onerror="window.__pwned='name-img'">`,
      `</p><script>window.__pwned = 'mission'</script><svg onload="window.__pwned='svg'"></svg>`,
      `#<b onclick="window.__pwned='slack'">sig</b>`,
      `mailto:list@example.org?subject=<script>window.__pwned='list'</script>`,
      `<img src=x onerror="window.__pwned='person'">Ada`,
      `@"><script>window.__pwned='github'</script>`,
      `Triage <script>window.__pwned='description'</script> "'><iframe src=javascript:window.__pwned=1>`,
      `Subproject: <script>window.__pwned='subproject'</script>`,
    ]) {
      expect(text).toContain(payload);
    }
    await page.goto(site.base);
    // The title is the community's name, on one line.
    expect(await page.title()).toBe(`${TITLE} meetings`);
    expect(await page.locator('h1').textContent()).toBe(`${TITLE} meetings`);
  });

  it('drops Unicode bidi overrides and isolates, so what follows reads in its own order', async () => {
    const { page } = watched;
    for (const path of ['sig-payload/', 'sig-payload/review.html']) {
      await page.goto(site.base + path);
      const text = await page.evaluate(() => document.body.textContent ?? '');
      expect(text, path).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
    expect(await page.locator('h1').textContent()).toContain('Review exe.gnp, ANSI');
    await page.goto(`${site.base}sig-payload/`);
    expect(await page.locator('#leadership + dl').textContent()).toContain('Grace Hopper isolated (@grace)');
    expect(dialogs).toEqual([]);
    expect(watched.problems).toEqual([]);
  });
});
