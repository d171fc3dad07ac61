import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { Settings } from 'luxon';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderPages } from '../../functions/core/pages/index.ts';
import { NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import type { GroupView, MeetingView, SiteModel } from '../../functions/core/site-model.ts';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import { elementFrom, elementWith, tags, textOf } from '../support/html-inspect.ts';
import { buildPagesFixture, PAGES_NOW, textsOf } from '../support/pages-site.ts';

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
    // In the order they are written: assets, then each group's meeting pages and the group page, then
    // the index and the 404 page (see PHASES in the site contract).
    const expected = [
      'assets/sigcal.css',
      'assets/sigcal.js',
      'assets/favicon.svg',
      ...model.groups.flatMap((g) => [...g.meetings.map((m) => m.page), g.page]),
      'index.html',
      '404.html',
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

  it('does not change from run to run (no date), so a republish leaves it alone', async () => {
    const later = await buildPagesFixture({ now: new Date(PAGES_NOW.getTime() + 40 * 86_400_000) });
    expect(textsOf(later).get(NOT_FOUND_PAGE)).toBe(page(NOT_FOUND_PAGE));
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
    expect(arch).toContain('<h1>SIG Architecture &lt;&amp;&gt; &quot;Design&quot;</h1>');
    expect(arch).toContain(
      'Keeps &lt;script&gt;alert(&quot;mission&quot;)&lt;/script&gt; out &amp; the design &#39;coherent&#39;.',
    );
    // Its Markdown is rendered: emphasis, code and http(s) links; the javascript: link is text.
    expect(arch).toContain(
      'in <strong>design reviews</strong> and <code>KEP</code>s, see <a href="https://example.org/kep" rel="noopener noreferrer">the process</a> and not this.',
    );
    expect(arch).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(arch).toContain('href="https://meet.example.org/arch?a=1&amp;b=2"');
    const triage = meeting(built.model, 'sig-pm', 'triage-script-alert-x-script-review');
    expect(page(triage.page)).toContain(
      '<h1>SIG PM: Triage &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;review&quot;</h1>',
    );
  });
});

describe('meeting page', () => {
  const ARCH = ['sig-arch', 'regular-sig-meeting'] as const;

  it('leads with the answer: the next date (by the script) and the join link, above the schedule', () => {
    const html = page(meeting(built.model, ...ARCH).page);
    const answer = elementWith(html, 'class="answer"');
    expect(answer).toContain('<p class="next-when" data-next data-js-only hidden></p>');
    // Without the script: the schedule in the meeting's own words and zone.
    expect(textOf(answer)).toBe(
      'Next meeting The first and third Thursday of the month at 11:00 (America/Los_Angeles). Join the meeting',
    );
    expect(answer).toContain(
      '<a class="button" href="https://meet.example.org/arch?a=1&amp;b=2" rel="noopener noreferrer">Join the meeting</a>',
    );
    expect(html.indexOf('class="answer"')).toBeLessThan(html.indexOf('aria-labelledby="when"'));
    // The page names the data it reads and what it is about.
    expect(html).toContain(
      '<main id="main" class="wrap" data-page="meeting" data-root="../" data-data="../calendars/sig-arch.json" data-subject="sig-arch/regular-sig-meeting">',
    );
  });

  it('leaves the upcoming dates, the DST note and the common zones to the script: no date on the page', () => {
    const html = page(meeting(built.model, ...ARCH).page);
    const upcoming = elementWith(html, 'aria-labelledby="upcoming"');
    expect(upcoming).toBe(`<section aria-labelledby="upcoming" data-js-only hidden>
<h2 id="upcoming">Upcoming dates</h2>
<p class="callout" data-shift-note data-meeting-zone="America/Los_Angeles" hidden></p>
<div data-occurrences></div>
<h3 id="zones">In common time zones</h3>
<div data-common-zones></div>
</section>`);
    for (const [path, text] of texts) {
      if (!path.endsWith('.html')) continue;
      expect(text, path).not.toMatch(/\b20(26|27)-\d\d-\d\dT/);
      expect(text, path).not.toMatch(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ (Nov|Dec|Jan|Feb) 202[67]/);
    }
  });

  it('says what, who and how often, and links join, notes and recordings', () => {
    const view = meeting(built.model, ...ARCH);
    const text = textOf(page(view.page));
    expect(text).toContain(`How often ${view.summary.charAt(0).toUpperCase()}${view.summary.slice(1)}`);
    expect(text).toContain(
      'As written Thursday · 11:00 · America/Los_Angeles · 1st and 3rd Thursday of each month',
    );
    expect(text).toContain('What SIG Architecture <&> "Design": Regular SIG Meeting');
    expect(text).toContain('Tech leads Grace Hopper (@grace), Navy & Co');
    const html = page(view.page);
    expect(html).toContain(
      '<a class="button" href="https://meet.example.org/arch?a=1&amp;b=2" rel="noopener noreferrer">Join the meeting</a>',
    );
    expect(html).toContain(
      '<a href="https://notes.example.org/arch" rel="noopener noreferrer">Notes and agenda</a>',
    );
    expect(html).toContain(
      '<a href="https://video.example.org/arch" rel="noopener noreferrer">Recordings</a>',
    );
  });

  it('offers webcal, Google, both Outlooks and a one-time copy for the meeting and its group', () => {
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
      expect(html).toContain(
        `href="https://outlook.office.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&amp;name=`,
      );
      expect(html).toContain(`<p class="callout" data-runs-to="${feed}" hidden></p>`);
    }
    // Calendars are named after the community's group, as people see them among their own.
    expect(html).toContain(
      `&amp;name=${encodeURIComponent('SIG Architecture <&> "Design"').replace(/&/g, '&amp;')}"`,
    );
    expect(textOf(html)).toContain(
      'Or download a copy (.ics): a one-time copy, which will not update when meetings change.',
    );
  });
});

describe('unscheduled meetings', () => {
  const CODE_ORG = ['sig-arch', 'code-org-code-organization'] as const;

  it('get a page with the reason, the time in its own zone, and no dates or feed', () => {
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
    expect(html).not.toContain('data-occurrences');
    expect(html).not.toContain('calendars/sig-arch/code-org-code-organization.ics');
    expect(html).toContain(
      '<p>Thursday 08:00 in America/Los_Angeles<span data-js-only hidden> is, in the coming weeks:</span></p>\n<div data-conversion data-js-only hidden></div>',
    );
    expect(html).toContain(
      '<p class="join"><a class="button" href="https://meet.example.org/code-org" rel="noopener noreferrer">Join the meeting</a></p>',
    );
  });

  it('are marked on the group page, with the reason and no next date', () => {
    const html = page('sig-arch/index.html');
    const card = elementWith(html, 'href="code-org-code-organization.html"');
    expect(card).toContain('Code Organization');
    const cards = tags(html, 'li').filter((t) => t.attrs.get('class') === 'card');
    const texts = cards.map((c) => textOf(html.slice(c.at, html.indexOf('</li>', c.at))));
    const codeOrg = texts.find((t) => t.startsWith('Code Organization')) ?? '';
    expect(codeOrg).toContain('Unscheduled Thursday 08:00 in America/Los_Angeles.');
    expect(html).toContain(
      '<span data-convert-for="sig-arch/code-org-code-organization" data-js-only hidden></span>',
    );
    expect(codeOrg).toContain('No dates are published: every 2 weeks but no start date');
    expect(html).not.toContain('data-next-for="sig-arch/code-org-code-organization"');
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
    expect(pm).toContain(
      '<p class="next-when" data-next-for="sig-pm/regular-sig-meeting" data-js-only hidden></p>',
    );
    expect(pm).toContain('<a class="meeting-link" href="regular-sig-meeting.html">Regular SIG Meeting</a>');
    expect(pm).toContain('href="webcal://meetings.example.org/calendars/sig-pm.ics"');
  });
});

describe('index page', () => {
  it('leaves this week and the week view to the script, from all.json, with search and a group chooser', () => {
    const html = page('index.html');
    expect(html).toContain('data-page="index" data-root="" data-data="calendars/all.json"');
    expect(html).toContain('<div data-this-week data-js-only hidden></div>');
    expect(html).toContain('<div data-week-view></div>');
    expect(textOf(elementWith(html, 'aria-labelledby="week"'))).toContain(
      'With JavaScript on, this lists every meeting of the next 7 days in your time zone.',
    );
    expect(html).toContain('<input id="q" type="search" name="q"');
    const boxes = tags(html, 'input').filter((t) => t.attrs.get('type') === 'checkbox');
    expect(boxes.map((b) => b.attrs.get('value'))).toEqual(built.model.groups.map((g) => g.group.dir));
    // No meeting's schedule is on the index: a change to one meeting leaves it as it is.
    for (const g of built.model.groups) for (const m of g.meetings) expect(html).not.toContain(m.summary);
  });

  it('lists every group by section and links all.ics with subscribe options', () => {
    const html = page('index.html');
    const text = textOf(html);
    const sections = ['Special Interest Groups', 'Working Groups', 'Committees', 'User Groups'];
    const at = sections.map((s) => text.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const g of built.model.groups) expect(html).toContain(`<a class="group-link" href="${g.page}">`);
    expect(html).toContain('href="webcal://meetings.example.org/calendars/all.ics"');
    expect(html).toContain('href="https://meetings.example.org/calendars/all.ics"');
  });
});

describe('a feed shortened by the size budget', () => {
  it('is announced by the script from the data; the page itself only has the slot, and all.ics a standing note', async () => {
    const small = await buildPagesFixture({ budget: { maxEvents: 20, maxBytes: 900 * 1024 } });
    const pages = textsOf(small);
    expect(small.model.allFeed.shortenedTo).not.toBeNull();
    const data = JSON.parse(pages.get('calendars/all.json') ?? '');
    expect(data.feedRunsTo).toBe(small.model.allFeed.shortenedTo);
    expect(pages.get('index.html')).toContain(
      '<p class="callout" data-runs-to="calendars/all.ics" hidden></p>',
    );
    expect(textOf(pages.get('index.html') ?? '')).toContain(
      'Calendar apps accept about 1,000 events in one calendar: where this one would hold more, it runs only as far ahead as fits',
    );
    // The page does not change with the budget's cut, which moves with the day.
    expect(pages.get('index.html')).toBe(page('index.html'));
  });
});

describe('moved and extra dates', () => {
  const STEERING = ['committee-steering', 'public-steering-committee-meeting'] as const;

  it('are shown as the source writes them, in the meeting zone', () => {
    expect(textOf(page(meeting(built.model, ...STEERING).page))).toContain(
      'One-off changes moved 2027-01-06 → 2027-01-13 10:00, 2027-03-03 → 2027-03-17 09:30; extra 2026-12-16 09:30 (America/Los_Angeles)',
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
    expect(total).toBe(12);
    expect(textOf(page('index.html'))).toContain(
      `${groups} groups, ${total} meetings: 8 scheduled, 3 unscheduled, 1 left out.`,
    );
    const model = built.model;
    const statuses = model.groups.flatMap((g) => g.meetings.map((m) => m.meeting.status));
    expect(statuses.filter((s) => s === 'scheduled')).toHaveLength(8);
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
      ['sig-arch/code-org-code-organization.html', 'SIG Architecture <&> "Design": Code Organization'],
      ['wg-apac/release-retro.html', 'WG APAC: Release Retro'],
      ['wg-pending/planning.html', 'WG Pending: Planning'],
      ['wg-pending/index.html#left-out', 'WG Pending: Broken Sync'],
    ]);
    expect(textOf(section)).toContain(
      'WG Pending: Broken Sync Left out "25:00" is not a time of day (use HH:MM or 4PM)',
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
      'Left out of the calendar 1 meeting of this group is listed in sigs.yaml but left out of these pages and calendars, because of an error in its entry. It returns once the error is fixed. Broken Sync Left out "25:00" is not a time of day (use HH:MM or 4PM) (sigs.yaml, the entry at line 116)',
    );
    expect(tags(html).some((t) => t.attrs.get('id') === 'left-out')).toBe(true);
    // Groups without one have no such section.
    expect(page('sig-pm/index.html')).not.toContain('left-out');
  });

  it('an unscheduled meeting page gives the overlay entry to add; its data, the next candidate start dates', () => {
    const html = page('sig-arch/code-org-code-organization.html');
    expect(textOf(html)).toContain(
      'Give the date of one of its meetings as start. Run sigcal validate for the next dates that would do.',
    );
    expect(html).toContain('<span data-candidates data-js-only hidden></span>');
    const data = JSON.parse(texts.get('calendars/sig-arch.json') ?? '');
    const codeOrg = data.meetings.find((m: { id: string }) => m.id === 'code-org-code-organization');
    expect(codeOrg.candidates).toEqual([
      { date: '2026-12-03', rule: 'every other Thursday' },
      { date: '2026-12-10', rule: 'every other Thursday' },
    ]);
    expect(textOf(html)).toContain(
      "Add it to this meeting in sigs.yaml, or, where the community's own tooling rejects unknown keys there, to the overlay schedule.yaml (read with --overlay), under the group's dir and the meeting's description:",
    );
    expect(html).toContain(
      '<pre><code>sig-arch:\n  Code Organization:\n    start: <span data-candidate>YYYY-MM-DD</span>\n</code></pre>',
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
      'Subscribe Every meeting of WG Pending No dates published yet: of the meetings listed, 1 is unscheduled (the text does not determine the dates; its page says what to add), and 1 is left out for an error in its entry.',
    );
    expect(textOf(page('wg-pending/planning.html'))).toContain(
      'Every meeting of WG Pending No dates published yet: of the meetings listed, 1 is unscheduled',
    );
  });

  it('of a meeting whose series has ended, or has not begun in the window, says which, naming only source dates', async () => {
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
      'This meeting No dates published yet: none of its dates falls in the period the calendars cover (the last 28 days and the next 182); its last date is Tue 30 Jun 2026.',
    );
    expect(subscribe('sig-x/later.html')).toContain(
      'This meeting No dates published yet: none of its dates falls in the period the calendars cover (the last 28 days and the next 182); it starts on Tue 7 Sep 2027, and its dates appear as they come closer.',
    );
    expect(subscribe('sig-x/index.html')).toBe(
      'Subscribe Every meeting of SIG X No dates published yet: none of the meetings has a date in the period the calendars cover (the last 28 days and the next 182).',
    );
    expect(subscribe('index.html')).toContain('Every meeting No dates published yet: none of the meetings');
    for (const [path, html] of site) if (path.endsWith('.html')) expect(linkedFeeds(html), path).toEqual([]);
  });
});
