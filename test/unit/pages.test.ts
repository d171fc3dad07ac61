import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { DateTime, Settings } from 'luxon';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderPages } from '../../functions/core/pages/index.ts';
import { NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import type { GroupView, MeetingView, SiteModel } from '../../functions/core/site-model.ts';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import { bodyRows, elementFrom, elementWith, tags, textOf } from '../support/html-inspect.ts';
import { buildPagesFixture, PAGES_NOW, textsOf } from '../support/pages-site.ts';

const NOW = PAGES_NOW.getTime();
const DAY = 86_400_000;

/** Independent expectation: luxon's own formatting in an explicit zone and locale. */
const fmt = (ms: number, zone: string, pattern: string) =>
  DateTime.fromMillis(ms, { zone }).setLocale('en-US').toFormat(pattern);

let built: BuiltSite;
let texts: Map<string, string>;
let shipped: BuiltSite;

beforeAll(async () => {
  built = await buildPagesFixture();
  texts = textsOf(built);
  shipped = buildSite({
    source: { file: 'sigs.yaml', text: await readFile('sigs.yaml', 'utf8') },
    options: { now: PAGES_NOW, stamp: PAGES_NOW, siteUrl: 'https://meetings.example.org/', keepGoing: true },
  });
});

afterEach(() => {
  vi.useRealTimers();
});

function group(model: SiteModel, dir: string): GroupView {
  const found = model.groups.find((g) => g.group.dir === dir);
  if (!found) throw new Error(`no group ${dir}`);
  return found;
}

function meeting(model: SiteModel, dir: string, id: string): MeetingView {
  const found = group(model, dir).meetings.find((m) => m.meeting.id === id);
  if (!found) throw new Error(`no meeting ${dir}/${id}`);
  return found;
}

const page = (path: string): string => {
  const text = texts.get(path);
  if (text === undefined) throw new Error(`no page ${path}`);
  return text;
};

describe('renderPages', () => {
  it('renders the index, every group and meeting page, and the assets', () => {
    const model = built.model;
    const expected = [
      'index.html',
      '404.html',
      ...model.groups.flatMap((g) => [g.page, ...g.meetings.map((m) => m.page)]),
      'assets/sigcal.css',
      'assets/sigcal.js',
      'assets/favicon.svg',
    ];
    const pages = renderPages(model);
    expect([...pages.keys()]).toEqual(expected);
    expect(pages.get('sig-pm/index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(pages.get('assets/sigcal.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(pages.get('assets/sigcal.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(expected).toContain('sig-arch/code-org-code-organization.html');
  });

  it('is deterministic: same model, byte-identical output whatever the host zone, locale or clock', () => {
    const first = renderPages(built.model);
    const zone = process.env.TZ;
    const { defaultZone, defaultLocale } = Settings;
    try {
      process.env.TZ = 'Asia/Kathmandu';
      Settings.defaultZone = 'Pacific/Chatham';
      Settings.defaultLocale = 'ar-EG';
      vi.useFakeTimers({ now: new Date('2031-07-04T03:00:00Z') });
      const second = renderPages(built.model);
      expect([...second.keys()]).toEqual([...first.keys()]);
      for (const [path, file] of first) expect(second.get(path)?.body, path).toBe(file.body);
    } finally {
      process.env.TZ = zone;
      Settings.defaultZone = defaultZone;
      Settings.defaultLocale = defaultLocale;
    }
  });
});

/** Checks every page of a site for what the strict CSP, the site layout and accessibility need. */
function checkSite(site: BuiltSite) {
  const all = textsOf(site);
  // The 404 page is served at any depth, so it links root-relative: checked on its own below.
  const htmlPages = [...all].filter(([path]) => path.endsWith('.html') && path !== NOT_FOUND_PAGE);
  expect(htmlPages.length).toBeGreaterThan(3);
  for (const [path, html] of htmlPages) {
    // Strict CSP: no inline script, inline style, style attributes or event handlers.
    expect(html, path).not.toMatch(/<style[\s>]/i);
    expect(html, path).not.toMatch(/\sstyle="/i);
    expect(html, path).not.toMatch(/\son[a-z]+="/i);
    expect(html, path).not.toMatch(/javascript:/i);
    const scripts = tags(html, 'script');
    expect(
      scripts.map((s) => s.attrs.get('src')?.replace(/\?.*$/, '')),
      path,
    ).toEqual([posix.relative(posix.dirname(path), 'assets/sigcal.js')]);
    expect(html, path).toMatch(/<script src="[^"]+" defer><\/script>/);

    // Landmarks, language, one h1, unique ids, labels and aria references that resolve.
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n'), path).toBe(true);
    for (const landmark of ['header', 'nav', 'main', 'footer', 'h1']) {
      expect(tags(html, landmark), `${path} <${landmark}>`).toHaveLength(1);
    }
    const ids = tags(html)
      .map((t) => t.attrs.get('id'))
      .filter((id) => id !== undefined);
    expect(new Set(ids).size, `${path} ids unique`).toBe(ids.length);
    for (const t of tags(html)) {
      for (const attr of ['for', 'aria-labelledby']) {
        const target = t.attrs.get(attr);
        if (target !== undefined) expect(ids, `${path} ${attr}=${target}`).toContain(target);
      }
    }

    // Links: relative ones resolve inside the site; absolute ones are http(s)/webcal with rel set.
    for (const t of tags(html)) {
      const value = t.attrs.get('href') ?? t.attrs.get('src');
      if (value === undefined) continue;
      if (value.startsWith('#')) {
        expect(ids, `${path} ${value}`).toContain(value.slice(1));
      } else if (/^[a-z]+:/.test(value)) {
        expect(value, path).toMatch(/^(https?|webcal):\/\//);
        if (t.name === 'a') expect(t.attrs.get('rel'), `${path} ${value}`).toBe('noopener noreferrer');
        else expect(['canonical', 'alternate'], `${path} ${t.source}`).toContain(t.attrs.get('rel'));
      } else {
        expect(value, path).not.toMatch(/^\//);
        const target = posix.normalize(posix.join(posix.dirname(path), value.replace(/[?#].*$/, '')));
        expect(all.has(target), `${path} links to ${value}`).toBe(true);
      }
    }
  }
}

describe('the 404 page', () => {
  /** The 404 page of a site published at `siteUrl`, with what its links and script point at. */
  const notFoundPage = (siteUrl: string) => {
    const model = { ...built.model, siteUrl };
    const html = renderPages(model).get(NOT_FOUND_PAGE)?.body ?? '';
    const links = tags(html)
      .map((t) => t.attrs.get('href') ?? t.attrs.get('src'))
      .filter((v) => v !== undefined);
    return { html, links };
  };

  it('links home and to the site stylesheet root-relative, so it works at any depth, and runs no script', () => {
    const { html, links } = notFoundPage('https://meetings.example.org/');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n')).toBe(true);
    expect(html.match(/<h1>.*?<\/h1>/g)).toEqual(['<h1>Page not found</h1>']);
    for (const landmark of ['header', 'main']) expect(tags(html, landmark)).toHaveLength(1);
    expect(tags(html, 'script')).toEqual([]);
    expect(links).toEqual([
      expect.stringMatching(/^\/assets\/favicon\.svg\?v=[0-9a-f]{8}$/),
      expect.stringMatching(/^\/assets\/sigcal\.css\?v=[0-9a-f]{8}$/),
      '/',
      '/',
    ]);
    // The same asset versions as every other page, so the stylesheet is the one just published.
    expect(page('index.html')).toContain(links[1]?.slice(1));
    for (const link of links) expect(all404Targets(link)).toBe(true);
  });

  it("keeps the site URL's path, for a site published under one (a GitHub Pages project)", () => {
    const { links } = notFoundPage('https://org.github.io/community/');
    expect(links.map((l) => l.replace(/\?.*$/, ''))).toEqual([
      '/community/assets/favicon.svg',
      '/community/assets/sigcal.css',
      '/community/',
      '/community/',
    ]);
  });

  it('does not change from run to run (no date), so a republish leaves it alone', () => {
    const later = { ...built.model, now: built.model.now + 40 * DAY };
    expect(renderPages(later).get(NOT_FOUND_PAGE)?.body).toBe(page(NOT_FOUND_PAGE));
  });
});

/** Whether a root-relative link of the 404 page names a file of the fixture's site (`/` is the index). */
function all404Targets(link: string): boolean {
  const path = link.replace(/\?.*$/, '').replace(/^\//, '') || 'index.html';
  return texts.has(path);
}

describe('every page', () => {
  it('works under the strict CSP, links only inside the site or out with rel, and is structured (fixture)', () => {
    checkSite(built);
  });

  it('the same for the shipped sigs.yaml', () => {
    checkSite(shipped);
  });

  it('escapes all text from the source', () => {
    for (const [path, html] of texts) {
      if (!path.endsWith('.html')) continue;
      expect(html, path).not.toContain('<script>alert');
      expect(html, path).not.toContain('<b>Lovelace');
      expect(html, path).not.toContain('<and>');
    }
    const arch = page('sig-arch/index.html');
    expect(arch).toContain('<h1>Architecture &lt;&amp;&gt; &quot;Design&quot;</h1>');
    expect(arch).toContain(
      'Keeps &lt;script&gt;alert(&quot;mission&quot;)&lt;/script&gt; out &amp; the design &#39;coherent&#39;.',
    );
    expect(arch).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(arch).toContain('href="https://meet.example.org/arch?a=1&amp;b=2"');
    const triage = meeting(built.model, 'sig-pm', 'triage-script-alert-x-script-review');
    expect(page(triage.page)).toContain(
      '<h1>PM: Triage &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;review&quot;</h1>',
    );
  });
});

describe('meeting page', () => {
  const ARCH = ['sig-arch', 'regular-sig-meeting'] as const;

  it('lists the next 8 occurrences at or after now, in the viewer zone (script), its own zone and UTC', () => {
    const view = meeting(built.model, ...ARCH);
    const next = view.occurrences.filter((o) => o.start >= NOW).slice(0, 8);
    expect(next).toHaveLength(8);
    const rows = bodyRows(elementWith(page(view.page), 'data-shift-rows'));
    expect(rows.map((r) => Number(r.tag.attrs.get('data-at')))).toEqual(next.map((o) => o.start));
    rows.forEach((row, i) => {
      const at = next[i]?.start ?? 0;
      expect(row.cells[0]).toBe(`${fmt(at, 'UTC', 'ccc d LLL yyyy, HH:mm')} UTC`);
      const la = DateTime.fromMillis(at, { zone: 'America/Los_Angeles' });
      expect(row.cells[1]).toBe(
        `${fmt(at, 'America/Los_Angeles', 'ccc d LLL yyyy, HH:mm')} UTC${la.offset / 60}`,
      );
      expect(row.cells[2]).toBe(fmt(at, 'UTC', 'ccc d LLL yyyy, HH:mm'));
    });
    // The viewer's column is the script's: hidden without it.
    expect(rows[0]?.html).toMatch(
      /<td class="viewer" data-js-only hidden><span class="when" data-local="datetime"/,
    );
  });

  it('shows a table in common zones for readers without JavaScript, and where the local time moves', () => {
    const view = meeting(built.model, ...ARCH);
    const next = view.occurrences.filter((o) => o.start >= NOW).slice(0, 8);
    const html = page(view.page);
    const table = elementWith(html, 'class="times zones"');
    const zones = tags(table, 'abbr').map((t) => t.attrs.get('title'));
    expect(zones).toEqual([
      'America/Los_Angeles',
      'America/New_York',
      'UTC',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Asia/Tokyo',
      'Australia/Sydney',
    ]);
    bodyRows(table).forEach((row, i) => {
      const at = next[i]?.start ?? 0;
      expect(row.cells.slice(0, 7)).toEqual(zones.map((z) => fmt(at, z ?? '', 'ccc d LLL, HH:mm')));
    });
    // 2027-03-18: Los Angeles is on summer time, Berlin not yet (US and EU switch on different dates).
    expect(textOf(html)).toContain(
      'Berlin (Europe/Berlin): 20:00 from Thu 3 Dec 2026 to Thu 4 Mar 2027, then 19:00 on Thu 18 Mar 2027.',
    );
    expect(textOf(html)).not.toContain('Los Angeles (America/Los_Angeles):');
    expect(html).toContain(
      '<p class="callout" data-shift-note data-meeting-zone="America/Los_Angeles" hidden></p>',
    );
  });

  it('marks cancelled occurrences', () => {
    const view = meeting(built.model, 'sig-pm', 'regular-sig-meeting');
    const rows = bodyRows(elementWith(page(view.page), 'data-shift-rows'));
    const cancelled = rows.filter((r) => r.tag.attrs.has('data-cancelled'));
    expect(cancelled.map((r) => r.cells[1])).toEqual(['Tue 29 Dec 2026, 18:30']);
    expect(cancelled[0]?.html).toContain('<span class="badge badge-cancelled">Cancelled</span>');
    expect(cancelled[0]?.tag.attrs.get('class')).toBe('cancelled');
    // A UTC meeting gets no second UTC column.
    expect(rows[0]?.cells).toHaveLength(3);
  });

  it('says what, who and how often, and links join, notes and recordings', () => {
    const view = meeting(built.model, ...ARCH);
    const text = textOf(page(view.page));
    expect(text).toContain(`How often ${view.summary.charAt(0).toUpperCase()}${view.summary.slice(1)}`);
    expect(text).toContain(
      'As written Thursday · 11:00 · America/Los_Angeles · 1st and 3rd Thursday of each month',
    );
    expect(text).toContain('What Architecture <&> "Design": Regular SIG Meeting');
    expect(text).toContain('Tech leads Grace Hopper (@grace), Navy & Co');
    const html = page(view.page);
    expect(html).toContain(
      '<a href="https://meet.example.org/arch?a=1&amp;b=2" rel="noopener noreferrer">Join the meeting</a>',
    );
    expect(html).toContain(
      '<a href="https://notes.example.org/arch" rel="noopener noreferrer">Notes and agenda</a>',
    );
    expect(html).toContain(
      '<a href="https://video.example.org/arch" rel="noopener noreferrer">Recordings</a>',
    );
  });

  it('offers webcal, download, Google and Outlook links for the meeting and its group', () => {
    const html = page(meeting(built.model, ...ARCH).page);
    for (const feed of ['calendars/sig-arch/regular-sig-meeting.ics', 'calendars/sig-arch.ics']) {
      const https = `https://meetings.example.org/${feed}`;
      const webcal = `webcal://meetings.example.org/${feed}`;
      expect(html).toContain(`href="${webcal}"`);
      expect(html).toContain(`href="${https}"`);
      expect(html).toContain(
        `href="https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}"`,
      );
      expect(html).toContain(
        `href="https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&amp;name=`,
      );
    }
    expect(html).not.toContain('This calendar runs up to');
  });
});

describe('unscheduled meetings', () => {
  const CODE_ORG = ['sig-arch', 'code-org-code-organization'] as const;

  it('get a page with the reason, the time converted, and no dates or feed', () => {
    const view = meeting(built.model, ...CODE_ORG);
    expect(view.meeting.status).toBe('unscheduled');
    const html = page(view.page);
    const text = textOf(html);
    expect(text).toContain(
      'Unscheduled. sigs.yaml says Thursday · 8:00 · PST/PDT · biweekly (see agenda for dates), which does not determine the dates.',
    );
    expect(text).toContain('Why: every 2 weeks but no start date says which Thursdays');
    expect(html).toContain('<code>start: YYYY-MM-DD</code>');
    expect(text).toContain(
      'No dates published yet: the text does not determine its dates, so it has no calendar yet (see above).',
    );
    expect(html).not.toContain('data-shift-rows');
    expect(html).not.toContain('calendars/sig-arch/code-org-code-organization.ics');
    expect(text).toContain('Thursday 08:00 in America/Los_Angeles is:');
  });

  it('convert the weekday and time for example weeks, saying from when DST moves it', () => {
    const html = page(meeting(built.model, ...CODE_ORG).page);
    const rows = bodyRows(elementWith(html, 'class="times conversion"'));
    const byZone = new Map(rows.map((r) => [r.cells[0], r.cells[1]]));
    expect(byZone.get('America/Los_Angeles')).toBe('Thursday 08:00');
    expect(byZone.get('UTC')).toBe('Thursday 16:00 (from Thu 18 Mar 2027: Thursday 15:00)');
    expect(byZone.get('Europe/Berlin')).toBe(
      'Thursday 17:00 (from Thu 18 Mar 2027: Thursday 16:00; from Thu 1 Apr 2027: Thursday 17:00)',
    );
    expect(byZone.get('Asia/Kolkata')).toBe('Thursday 21:30 (from Thu 18 Mar 2027: Thursday 20:30)');
    expect(byZone.get('Australia/Sydney')).toBe(
      'Friday 03:00 (from Fri 19 Mar 2027: Friday 02:00; from Fri 9 Apr 2027: Friday 01:00)',
    );
    // The instants the script converts are that weekday and time, weekly, from now to the window's end.
    const instants = (
      tags(html)
        .find((t) => t.attrs.has('data-conversion'))
        ?.attrs.get('data-conversion') ?? ''
    )
      .split(' ')
      .map(Number);
    expect(instants.length).toBeGreaterThan(20);
    for (const ms of instants) {
      expect(fmt(ms, 'America/Los_Angeles', 'cccc HH:mm')).toBe('Thursday 08:00');
      expect(ms).toBeGreaterThanOrEqual(NOW);
      expect(ms).toBeLessThan(built.model.window.end);
    }
    expect(instants[0]).toBeLessThan(NOW + 7 * DAY);
    expect(textOf(html)).toContain('these are example dates to convert the time, not meeting dates');
  });

  it('are marked on the group page, with the reason and no next date', () => {
    const html = page('sig-arch/index.html');
    const card = elementWith(html, 'href="code-org-code-organization.html"');
    expect(card).toContain('Code Organization');
    const cards = tags(html, 'li').filter((t) => t.attrs.get('class') === 'card');
    const texts = cards.map((c) => textOf(html.slice(c.at, html.indexOf('</li>', c.at))));
    const codeOrg = texts.find((t) => t.startsWith('Code Organization')) ?? '';
    expect(codeOrg).toContain(
      'Unscheduled Thursday 08:00 in America/Los_Angeles: in UTC that is Thursday 16:00',
    );
    expect(codeOrg).toContain('No dates are published: every 2 weeks but no start date');
    expect(codeOrg).not.toContain('Next:');
    expect(textOf(html)).toContain('Subproject: code-org Where code lives <and> why.');
  });
});

describe('group page', () => {
  it('shows mission, leadership, contact and each meeting with its next date', () => {
    const arch = textOf(page('sig-arch/index.html'));
    expect(arch).toContain('Slack #sig-arch Mailing list https://lists.example.org/g/sig-arch');
    expect(page('sig-arch/index.html')).toContain(
      '<a href="https://lists.example.org/g/sig-arch" rel="noopener noreferrer">https://lists.example.org/g/sig-arch</a>',
    );
    // A mailing list that is not an http(s) URL is shown, not linked.
    const steering = page('committee-steering/index.html');
    expect(textOf(steering)).toContain('Mailing list steering@lists.example.org');
    expect(steering).not.toMatch(/href="[^"]*steering@/);

    const pm = page('sig-pm/index.html');
    const view = meeting(built.model, 'sig-pm', 'regular-sig-meeting');
    const next = view.occurrences.find((o) => o.start >= NOW && !o.cancelled);
    expect(pm).toContain(`Next: <strong><span class="when" data-local="datetime" data-at="${next?.start}">`);
    expect(pm).toContain('<a href="regular-sig-meeting.html">Regular SIG Meeting</a>');
    expect(pm).toContain('href="webcal://meetings.example.org/calendars/sig-pm.ics"');
  });
});

describe('index page', () => {
  it('lists this week: every occurrence in the 7 days from now, in time order', () => {
    const expected = built.model.groups
      .flatMap((g) => g.meetings.flatMap((m) => m.occurrences.map((o) => ({ o, m }))))
      .filter(({ o }) => o.start >= NOW && o.start < NOW + 7 * DAY)
      .sort((a, b) => a.o.start - b.o.start);
    const rows = bodyRows(elementWith(page('index.html'), 'id="this-week"'));
    expect(rows.map((r) => Number(r.tag.attrs.get('data-at')))).toEqual(expected.map(({ o }) => o.start));
    expect(rows.map((r) => r.cells[1])).toEqual(expected.map(({ m }) => m.meeting.description));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows[0]?.cells[0]).toBe(`${fmt(expected[0]?.o.start ?? 0, 'UTC', 'ccc d LLL yyyy, HH:mm')} UTC`);
  });

  it('lists every group by section and links all.ics with subscribe options', () => {
    const html = page('index.html');
    const text = textOf(html);
    const sections = ['Special Interest Groups', 'Working Groups', 'Committees', 'User Groups'];
    const at = sections.map((s) => text.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const g of built.model.groups) expect(html).toContain(`<a href="${g.page}">`);
    expect(html).toContain('href="webcal://meetings.example.org/calendars/all.ics"');
    expect(html).toContain('href="https://meetings.example.org/calendars/all.ics"');
  });
});

describe('a feed shortened by the size budget', () => {
  it('is announced, with its last date, on the pages that link it', async () => {
    const small = await buildPagesFixture({ budget: { maxEvents: 20, maxBytes: 900 * 1024 } });
    const pages = textsOf(small);
    const all = small.model.allFeed.shortenedTo;
    expect(all).not.toBeNull();
    const date = DateTime.fromISO(all ?? '', { zone: 'UTC' })
      .setLocale('en-US')
      .toFormat('ccc d LLL yyyy');
    expect(textOf(pages.get('index.html') ?? '')).toContain(
      `This calendar runs up to ${date}: it was shortened to stay within the size that calendar apps`,
    );
    for (const g of small.model.groups) {
      const text = textOf(pages.get(g.page) ?? '');
      if (g.feed.shortenedTo === null) expect(text, g.page).not.toContain('This calendar runs up to');
      else {
        const groupDate = DateTime.fromISO(g.feed.shortenedTo, { zone: 'UTC' })
          .setLocale('en-US')
          .toFormat('ccc d LLL yyyy');
        expect(text, g.page).toContain(`This calendar runs up to ${groupDate}`);
      }
    }
    // Unchanged budget, unchanged pages: no note.
    expect(page('index.html')).not.toContain('This calendar runs up to');
  });
});

describe('moved and extra dates', () => {
  const STEERING = ['committee-steering', 'public-steering-committee-meeting'] as const;
  const LA = 'America/Los_Angeles';

  it('are listed where they fall, marked, with where a moved one moved from (script-upgraded)', () => {
    const view = meeting(built.model, ...STEERING);
    const rows = bodyRows(elementWith(page(view.page), 'data-shift-rows'));
    const at = (local: string) => DateTime.fromISO(local, { zone: LA }).toMillis();
    expect(rows.map((r) => [Number(r.tag.attrs.get('data-at')), r.tag.attrs.get('data-one-off')])).toEqual([
      [at('2026-12-02T09:30'), undefined],
      [at('2026-12-16T09:30'), 'extra'],
      [at('2027-01-13T10:00'), 'moved'],
      [at('2027-02-03T09:30'), undefined],
      // Moved across the US change to summer time: still 09:30 in Los Angeles, an hour earlier in UTC.
      [at('2027-03-17T09:30'), 'moved'],
      [at('2027-04-07T09:30'), undefined],
      [at('2027-05-05T09:30'), undefined],
    ]);
    expect(rows.map((r) => r.cells[1])).toContain('Wed 17 Mar 2027, 09:30 UTC-7');
    expect(rows[1]?.cells.at(-1)).toBe('Extra Time changes');
    expect(rows[2]?.cells.at(-1)).toBe('Moved from Wed 6 Jan, 17:30 UTC Time changes');
    expect(rows[4]?.cells.at(-1)).toBe('Moved from Wed 3 Mar, 17:30 UTC Time changes');
    // "From" is the series date's own instant, for the script to show in the viewer's zone.
    expect(rows[4]?.html).toContain(
      `<span class="moved-from">from <span class="when" data-local="short" data-at="${at('2027-03-03T09:30')}">`,
    );
    const zones = bodyRows(elementWith(page(view.page), 'class="times zones"'));
    expect(zones.map((r) => r.cells.at(-1))).toEqual(['', 'Extra', 'Moved', '', 'Moved', '', '']);
  });

  it('do not count as the time moving with daylight saving time', () => {
    // Regular dates are 09:30 in Los Angeles all along; in Berlin 18:30 throughout. The moved date of
    // 17 March is 17:30 in Berlin, which is a one-off change, not a clock change.
    const text = textOf(page(meeting(built.model, ...STEERING).page));
    expect(text).not.toContain('Berlin (Europe/Berlin):');
    expect(text).toContain('Kolkata (Asia/Kolkata): 23:00 from Wed 2 Dec 2026 to Wed 3 Feb 2027, then 22:00');
  });

  it('are shown as the source writes them, in the meeting zone', () => {
    expect(textOf(page(meeting(built.model, ...STEERING).page))).toContain(
      'One-off changes moved 2027-01-06 → 2027-01-13 10:00, 2027-03-03 → 2027-03-17 09:30; extra 2026-12-16 09:30 (America/Los_Angeles)',
    );
  });

  it('are marked on the group page and the index', () => {
    const view = meeting(built.model, ...STEERING);
    expect(textOf(page('committee-steering/index.html'))).toContain('Next: Wed 2 Dec 2026, 17:30 UTC (UTC)');
    const extra = view.occurrences.find((o) => o.kind === 'extra');
    const small = renderPages({ ...built.model, now: (extra?.start ?? 0) - DAY });
    const group = small.get('committee-steering/index.html')?.body ?? '';
    expect(textOf(group)).toContain('Next: Wed 16 Dec 2026, 17:30 UTC (UTC) Extra');
    const index = small.get('index.html')?.body ?? '';
    const row = bodyRows(elementWith(index, 'id="this-week"')).find(
      (r) => Number(r.tag.attrs.get('data-at')) === extra?.start,
    );
    expect(row?.cells[0]).toBe('Wed 16 Dec 2026, 17:30 UTC Extra');
    const moved = view.occurrences.find((o) => o.kind === 'moved');
    const later = renderPages({ ...built.model, now: (moved?.start ?? 0) - DAY });
    expect(textOf(later.get('committee-steering/index.html')?.body ?? '')).toContain(
      'Next: Wed 13 Jan 2027, 18:00 UTC (UTC) Moved from Wed 6 Jan, 17:30 UTC',
    );
  });
});

describe('what is not on the calendar yet', () => {
  const fixture = () => readFile('test/fixtures/pages/sigs.yaml', 'utf8');

  it('the index counts groups and scheduled, unscheduled and left-out meetings as the source has them', async () => {
    const source = await fixture();
    // Independently of the engine: list items of `meetings:` in the source, and its group dirs.
    const total = source.match(/^\s+- description:/gm)?.length;
    const groups = source.match(/^\s+- dir:/gm)?.length;
    expect(total).toBe(11);
    expect(textOf(page('index.html'))).toContain(
      `${groups} groups, ${total} meetings: 7 scheduled, 3 unscheduled, 1 left out.`,
    );
    const model = built.model;
    const statuses = model.groups.flatMap((g) => g.meetings.map((m) => m.meeting.status));
    expect(statuses.filter((s) => s === 'scheduled')).toHaveLength(7);
    expect(statuses.filter((s) => s === 'unscheduled')).toHaveLength(3);
    expect(model.leftOut).toHaveLength(1);
    expect(statuses.length + model.leftOut.length).toBe(total);
  });

  it('the index lists them, each linked to where it says what to add or fix', () => {
    const html = page('index.html');
    expect(textOf(html)).toContain('4 meetings are not on the calendar yet: which, and why.');
    expect(html).toContain('<a href="#not-yet">which, and why</a>');
    const section = elementWith(html, 'aria-labelledby="not-yet"');
    const links = tags(section, 'a').map((a) => [
      a.attrs.get('href'),
      textOf(elementFrom(section, a.at, 'a')),
    ]);
    expect(links).toEqual([
      ['sig-arch/code-org-code-organization.html', 'Architecture <&> "Design": Code Organization'],
      ['wg-apac/release-retro.html', 'APAC: Release Retro'],
      ['wg-pending/planning.html', 'Pending: Planning'],
      ['wg-pending/index.html#left-out', 'Pending: Broken Sync'],
    ]);
    expect(textOf(section)).toContain(
      'Pending: Broken Sync Left out "25:00" is not a time of day (use HH:MM or 4PM)',
    );
    expect(textOf(section)).toContain(
      'The text of an unscheduled meeting does not determine its dates. A meeting left out has an error in its entry. Each links to what to add or fix.',
    );
    // The shipped sigs.yaml leaves nothing out, and says nothing about it.
    const shippedIndex = textOf(
      elementWith(textsOf(shipped).get('index.html') ?? '', 'aria-labelledby="not-yet"'),
    );
    expect(shippedIndex).toContain(
      'Not on the calendar yet The text of an unscheduled meeting does not determine its dates. Each links',
    );
    expect(shippedIndex).not.toContain('Left out');
    expect(elementWith(html, 'aria-label="Sections"')).toContain('href="#not-yet"');
  });

  it('offers the group calendars instead of all.ics where it would hold less than a week', () => {
    const withheld = {
      ...built.model.allFeed,
      events: 0,
      offered: false,
      withheld: "it would hold less than 7 days of meetings within calendar apps' limits",
    };
    const index = renderPages({ ...built.model, allFeed: withheld }).get('index.html')?.body ?? '';
    expect(textOf(elementWith(index, 'aria-labelledby="subscribe"'))).toContain(
      "Not offered: it would hold less than 7 days of meetings within calendar apps' limits. Subscribe to a group's calendar instead.",
    );
    expect(index).not.toContain('all.ics');
    // The group calendars are still offered on their pages.
    expect(renderPages({ ...built.model, allFeed: withheld }).get('sig-pm/index.html')?.body).toContain(
      'calendars/sig-pm.ics',
    );
  });

  it('the group page lists a left-out meeting with the reason', () => {
    const html = page('wg-pending/index.html');
    const section = elementWith(html, 'aria-labelledby="left-out"');
    expect(textOf(section)).toBe(
      'Left out of the calendar 1 meeting of this group is listed in sigs.yaml but left out of these pages and calendars, because of an error in its entry. It returns once the error is fixed. Broken Sync Left out "25:00" is not a time of day (use HH:MM or 4PM) (sigs.yaml, the entry at line 108)',
    );
    expect(tags(html).some((t) => t.attrs.get('id') === 'left-out')).toBe(true);
    // Groups without one have no such section.
    expect(page('sig-pm/index.html')).not.toContain('left-out');
  });

  it('an unscheduled meeting page gives the next candidate start dates and the overlay entry to add', () => {
    const html = page('sig-arch/code-org-code-organization.html');
    expect(textOf(html)).toContain(
      'Give the date of one of its meetings as start. The next dates that would do are Thu 3 Dec 2026 (start: 2026-12-03) or Thu 10 Dec 2026 (start: 2026-12-10): each picks different weeks, so give one on which the meeting takes place.',
    );
    expect(textOf(html)).toContain(
      "Add it to this meeting in sigs.yaml, or, where the community's own tooling rejects unknown keys there, to the overlay schedule.yaml (read with --overlay), under the group's dir and the meeting's description:",
    );
    expect(html).toContain(
      '<pre><code>sig-arch:\n  Code Organization:\n    start: 2026-12-03\n</code></pre>',
    );
    // None where a start date would not help.
    expect(page('wg-apac/release-retro.html')).not.toContain('What to add');
  });
});

/** Every feed path a page links, from webcal, https, Google (`cid`) and Outlook (`url`) links alike. */
function linkedFeeds(html: string): string[] {
  return tags(html).flatMap((t) => {
    const href = t.attrs.get('href');
    if (!href) return [];
    const url = new URL(href, 'https://meetings.example.org/x/');
    const target = url.searchParams.get('cid') ?? url.searchParams.get('url') ?? href;
    const feed = /calendars\/[^?#]+\.ics/.exec(decodeURIComponent(target));
    return feed ? [feed[0]] : [];
  });
}

describe('a feed with no events', () => {
  it('is published, but no page links it: not by webcal, Google, Outlook, download or <link>', () => {
    expect(texts.get('calendars/wg-pending.ics')).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(texts.get('calendars/wg-pending.ics')).not.toContain('BEGIN:VEVENT');
    for (const site of [built, shipped]) {
      const all = textsOf(site);
      const linked = new Set<string>();
      for (const [path, html] of all)
        if (path.endsWith('.html')) for (const f of linkedFeeds(html)) linked.add(f);
      expect(linked.size).toBeGreaterThan(5);
      for (const feed of linked) expect(all.get(feed), feed).toContain('BEGIN:VEVENT');
    }
    expect(linkedFeeds(page('wg-pending/index.html'))).toEqual(['calendars/all.ics']);
    expect(linkedFeeds(page('wg-pending/planning.html'))).toEqual(['calendars/all.ics']);
  });

  it('says "No dates published yet" and why, where its links would be', () => {
    expect(textOf(elementWith(page('wg-pending/index.html'), 'aria-labelledby="subscribe"'))).toBe(
      'Subscribe Every meeting of Pending No dates published yet: of the meetings listed, 1 is unscheduled (the text does not determine the dates; its page says what to add), and 1 is left out for an error in its entry.',
    );
    expect(textOf(page('wg-pending/planning.html'))).toContain(
      'Every meeting of Pending No dates published yet: of the meetings listed, 1 is unscheduled',
    );
  });

  it('of a meeting whose series has ended, or has not begun in the window, says which', async () => {
    const text = `sigs:
  - dir: sig-x
    name: X
    meetings:
      - description: Old
        day: Tuesday
        time: "9:00"
        tz: UTC
        frequency: weekly
        until: 2026-06-30
      - description: Later
        day: Tuesday
        time: "9:00"
        tz: UTC
        frequency: biweekly
        start: 2027-09-07
`;
    const site = textsOf(
      buildSite({
        source: { file: 'sigs.yaml', text },
        options: { now: PAGES_NOW, stamp: PAGES_NOW, siteUrl: 'https://meetings.example.org/' },
      }),
    );
    const subscribe = (path: string) =>
      textOf(elementWith(site.get(path) ?? '', 'aria-labelledby="subscribe"'));
    expect(subscribe('sig-x/old.html')).toContain(
      'This meeting No dates published yet: its last date was Tue 30 Jun 2026.',
    );
    expect(subscribe('sig-x/later.html')).toContain(
      "This meeting No dates published yet: its next date, Tue 7 Sep 2027, is after the calendars' last day, Mon 31 May 2027; it appears as it comes closer.",
    );
    expect(subscribe('sig-x/index.html')).toBe(
      'Subscribe Every meeting of X No dates published yet: none of the meetings has a date in the period the calendars cover, Mon 2 Nov 2026 to Mon 31 May 2027.',
    );
    expect(subscribe('index.html')).toContain('Every meeting No dates published yet: none of the meetings');
    for (const [path, html] of site) if (path.endsWith('.html')) expect(linkedFeeds(html), path).toEqual([]);
  });
});
