import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, loadCommunity } from '../../functions/core/community.ts';
import {
  formatDiagnostic,
  oneLine,
  quoted,
  SourceError,
  ValidationError,
} from '../../functions/core/errors.ts';
import { escapeHtml } from '../../functions/core/pages/html.ts';
import { isEmailAddress, safeHttpUrl, safeMailtoUrl } from '../../functions/core/safe-url.ts';
import { MAX_TEXT_LENGTH, parseYamlTree } from '../../functions/core/yaml-tree.ts';
import { type BuildOptions, type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import { decodeEntities, tags, textOf } from '../support/html-inspect.ts';
import { CALENDAR_PROPERTY_NAMES, feedProblems, pageProblems, siteProblems } from '../support/site-checks.ts';

/*
 * sigs.yaml is edited by hundreds of people through pull requests, and an https source may be any URL:
 * every field is hostile. These tests feed sigcal payloads and prove what comes out is inert.
 */

const HOSTILE = 'test/fixtures/hostile/sigs.yaml';
const BAD = 'test/fixtures/bad';
const OPTIONS: BuildOptions = {
  now: new Date('2026-11-30T12:00:00Z'),
  stamp: new Date('2026-01-01T00:00:00Z'),
  siteUrl: 'https://meetings.example.org/',
};
const TITLE = 'Meetings <script>window.__pwned=1</script>\r\nEND:VCALENDAR\r\nX-INJECTED:1; a, b \\ c';

const problems = (text: string) =>
  loadCommunity({ file: 'sigs.yaml', text }).diagnostics.map((d) => formatDiagnostic(d));

function hostileSite(options: Partial<BuildOptions> = {}): BuiltSite {
  return buildSite({
    source: { file: 'sigs.yaml', text: readFileSync(HOSTILE, 'utf8') },
    options: { ...OPTIONS, keepGoing: true, title: TITLE, ...options },
  });
}

const texts = (built: BuiltSite) =>
  new Map([...built.site].map(([path, o]) => [path, new TextDecoder().decode(o.body)]));

const group = (extra: string) => `sigs:\n  - dir: sig-docs\n    name: Docs\n${extra}`;
const meeting = (fields: string) =>
  group(
    `    meetings:\n      - description: Weekly\n        day: Tuesday\n        time: "9:00"\n        tz: UTC\n        frequency: weekly\n${fields}`,
  );

describe('YAML aliases', () => {
  it('may not refer to a node that contains them (a cycle)', () => {
    for (const text of ['sigs: &a [*a]\n', 'a: &a {b: {c: [1, *a]}}\n', 'sigs: &s\n  - subprojects: *s\n']) {
      expect(() => parseYamlTree(text, 'sigs.yaml')).toThrow(
        /^sigs\.yaml:\d+: YAML alias \*\w+ refers to a node that contains it$/,
      );
    }
  });

  it('are limited by the size they expand to, counted as the tree is built (never by expanding)', () => {
    // Each level refers three times to the one before: expanded, a is 4 nodes, b 13, c 40 and d 121, so a
    // limit of 50 is passed at c (line 3); the whole document is 183 nodes.
    const text = 'a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: &d [*c, *c, *c]\n';
    expect(() =>
      parseYamlTree(text, 'sigs.yaml', { maxBytes: 1000, maxNodes: 1000, maxExpandedNodes: 50 }),
    ).toThrow(/^sigs\.yaml:3: YAML aliases expand the source to more than 50 nodes$/);
    expect(() =>
      parseYamlTree(text, 'sigs.yaml', { maxBytes: 1000, maxNodes: 1000, maxExpandedNodes: 200 }),
    ).not.toThrow();
  });

  it('every bomb of the corpus (10^10 nodes) is refused in milliseconds, with little memory', () => {
    const bombs = readdirSync(BAD).filter((name) => name.startsWith('alias-bomb-'));
    expect(bombs.length).toBeGreaterThanOrEqual(6);
    for (const name of bombs) {
      const text = readFileSync(join(BAD, name), 'utf8');
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      expect(() => loadCommunity({ file: name, text }), name).toThrow(SourceError);
      // Generous bounds: expanding any of these would take hours and terabytes.
      expect(performance.now() - started, name).toBeLessThan(1000);
      expect(process.memoryUsage().heapUsed - heap, name).toBeLessThan(64 * 1024 * 1024);
    }
  });

  it('still work as YAML means them: a meeting shared by two groups', () => {
    const text = `x-shared:
  - &sync {description: Sync, day: Tuesday, time: "9:00", tz: UTC, frequency: weekly}
sigs:
  - {dir: sig-a, name: A, meetings: [*sync]}
  - {dir: sig-b, name: B, meetings: [*sync]}
`;
    const community = loadCommunity({ file: 'sigs.yaml', text });
    expect(community.diagnostics).toEqual([]);
    expect(community.groups.map((g) => g.meetings.map((m) => `${g.dir}/${m.id}`))).toEqual([
      ['sig-a/sync'],
      ['sig-b/sync'],
    ]);
  });
});

describe('limits', () => {
  it('are file-level errors naming the file (and the field where there is one)', () => {
    const limits = { ...DEFAULT_LIMITS, maxBytes: 400, maxNodes: 60, maxMeetings: 2 };
    const load = (text: string) =>
      loadCommunity({ file: 'sigs.yaml', text }, { limits }).diagnostics.map((d) => formatDiagnostic(d));
    expect(() => load(`sigs: []\n${'#'.repeat(400)}\n`)).toThrow(
      /^sigs\.yaml: source is 410 bytes, more than the limit of 400$/,
    );
    expect(() => load(`x: [${'1, '.repeat(60)}]\nsigs: []\n`)).toThrow(
      /^sigs\.yaml:1: source has more than 60 YAML nodes$/,
    );
    expect(load('sigs:\n  - {dir: a, name: A, meetings: [{}, {}, {}]}\n')).toEqual([
      'sigs.yaml: source has 3 meetings, more than the limit of 2',
    ]);
  });

  it('a text value may hold 10,000 characters, a schedule field 500, a mapping key 10,000', () => {
    const long = (n: number) => 'x'.repeat(n);
    expect(problems(group(`    mission_statement: ${long(MAX_TEXT_LENGTH)}\n`))).toEqual([]);
    expect(problems(group(`    mission_statement: ${long(MAX_TEXT_LENGTH + 1)}\n`))).toEqual([
      'sigs.yaml:4 sigs[0].mission_statement: is 10001 characters long, more than the limit of 10000',
    ]);
    expect(problems(meeting(`        url: https://example.org/${long(MAX_TEXT_LENGTH)}\n`))).toEqual([
      'sigs.yaml:10 sigs[0].meetings[0].url: is 10020 characters long, more than the limit of 10000',
    ]);
    expect(problems(meeting(`        start: "${long(501)}"\n`))).toEqual([
      'sigs.yaml:10 sigs[0].meetings[0].start: is 501 characters long, more than the limit of 500',
    ]);
    expect(problems(meeting(`        skip: ["${long(501)}"]\n`))).toEqual([
      'sigs.yaml:10 sigs[0].meetings[0].skip[0]: is 501 characters long, more than the limit of 500',
    ]);
    expect(() => problems(group(`    leadership:\n      ${long(MAX_TEXT_LENGTH + 1)}: []\n`))).toThrow(
      /^sigs\.yaml:5: a mapping key is 10001 characters long, more than the limit of 10000$/,
    );
  });

  it('bound the pages: a source whose every meeting page repeats a long leadership is refused', () => {
    // 150 kB of source asks for about 70 MB of pages: each of 400 meeting pages lists 600 people.
    const people = Array.from({ length: 600 }, (_, i) => ({ github: `u${i}`, name: 'N'.repeat(200) }));
    const meetings = Array.from({ length: 400 }, (_, i) => ({
      ...{ description: `M${i}`, day: 'Tuesday', time: '9:00', tz: 'UTC', frequency: 'quarterly' },
    }));
    const text = dump({ sigs: [{ dir: 'a', name: 'A', leadership: { chairs: people }, meetings }] });
    expect(text.length).toBeLessThan(200_000);
    // A site budget refuses it before anything is rendered (see site-budget.test.ts; 64 MiB here, a
    // size this test can afford past); past that budget, the pages' own limit still stops rendering.
    const limited = { ...OPTIONS, maxSiteBytes: 64 * 1024 * 1024 };
    expect(() => buildSite({ source: { file: 'sigs.yaml', text }, options: limited })).toThrow(
      /^sigs\.yaml: the site would take about \d+ MiB to build .*, more than the limit of 64 MiB; .*: every meeting page repeats its group's name, mission statement and leadership, so shorten those or list fewer meetings per group$/,
    );
    const build = (maxPageChars?: number) =>
      buildSite({
        source: { file: 'sigs.yaml', text },
        options: {
          ...OPTIONS,
          maxSiteBytes: Number.MAX_SAFE_INTEGER,
          ...(maxPageChars === undefined ? {} : { maxPageChars }),
        },
      });
    expect(() => build(10_000_000)).toThrow(ValidationError);
    expect(() => build(10_000_000)).toThrow(
      "sigs.yaml: the pages would hold more than 10000000 characters: every meeting page repeats its group's name, mission statement and leadership, so shorten those or list fewer meetings per group",
    );
    expect(build().summary.bytes).toBeGreaterThan(10_000_000);
  });

  it('keep the free-text readers fast on the longest schedule values accepted', () => {
    // Inputs that made the readers' regular expressions backtrack quadratically when values were unbounded.
    const worst = [`a${' '.repeat(498)}a`, '1st and '.repeat(62), 'first, '.repeat(71)];
    const meetings = ['day', 'time', 'tz', 'frequency'].flatMap((field) =>
      worst.map((value, i) => ({
        ...{ description: `${field} ${i}`, day: 'Tuesday', time: '9:00', tz: 'UTC', frequency: 'weekly' },
        [field]: value,
      })),
    );
    const started = performance.now();
    expect(problems(dump({ sigs: [{ dir: 'a', name: 'A', meetings }] })).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('messages', () => {
  it('stay on one line and read as written, whatever a value holds', () => {
    const lines = (text: string): string[] => {
      try {
        return problems(text);
      } catch (error) {
        if (error instanceof SourceError) return [error.message];
        throw error;
      }
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const meeting = { description: 'W', day: value, time: value, tz: value, frequency: value };
        const doc = {
          sigs: [
            {
              dir: value,
              name: 'Docs',
              leadership: { [value]: 'not a list' },
              meetings: [{ ...meeting, id: value, url: value, start: value, skip: [value] }],
            },
          ],
        };
        for (const line of lines(dump(doc))) {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
          expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        }
      }),
      { numRuns: 300 },
    );
    expect(oneLine('a\r\nb\tc\u202ed\u0000')).toBe('a\\r\\nb\\tc\\u202ed\\u0000');
  });

  it('quote at most 100 characters of a value', () => {
    expect(quoted('25:00')).toBe('"25:00"');
    expect(quoted('x'.repeat(101))).toBe(`"${'x'.repeat(100)}…"`);
    expect(quoted('😀'.repeat(100))).toBe(`"${'😀'.repeat(100)}"`);
    expect(problems(meeting('').replace('"9:00"', `"${'9'.repeat(300)}"`))).toEqual([
      `sigs.yaml:7 sigs[0].meetings[0].time: "${'9'.repeat(100)}…" is not a time of day (use HH:MM or 4PM)`,
    ]);
  });
});

describe('links', () => {
  /** Every href of every page of a site built from `text`, entities decoded. */
  const hrefsOf = (text: string) =>
    [...texts(buildSite({ source: { file: 'sigs.yaml', text }, options: OPTIONS }))]
      .filter(([path]) => path.endsWith('.html'))
      .flatMap(([, page]) => tags(page, 'a').map((a) => decodeEntities(a.attrs.get('href') ?? '')));

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/x',
    '//evil.example/x',
    '/relative',
    'relative/path',
    'mailto:a@example.org',
    'https//example.org',
  ])('a meeting link %j is left out with a warning naming file:line and field, never an href', (url) => {
    expect(safeHttpUrl(url.trim())).toBeUndefined();
    const text = meeting(`        url: ${JSON.stringify(url)}\n`);
    const community = loadCommunity({ file: 'sigs.yaml', text });
    expect(community.diagnostics.map((d) => [d.scope, formatDiagnostic(d)])).toEqual([
      [
        'warning',
        `sigs.yaml:10 sigs[0].meetings[0].url: ${quoted(url.trim())} is not an http(s) URL; left out`,
      ],
    ]);
    // The meeting keeps its place, without the link; no page links anything but http(s), webcal, mailto.
    expect(community.groups[0]?.meetings.map((m) => [m.description, m.links.join])).toEqual([
      ['Weekly', null],
    ]);
    const hrefs = hrefsOf(text);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href).not.toMatch(/script:|^data:|^file:|^ftp:|evil|relative|a@example|https\/\//i);
    }
  });

  it.each([
    'mailto:list@example.org?cc=attacker@evil.example',
    'mailto:list@example.org?bcc=attacker@evil.example',
    'mailto:list@example.org?body=Send%20your%20password',
    'mailto:list@example.org?to=attacker@evil.example',
    'mailto:list@example.org?subject=Hi&cc=attacker@evil.example',
    'mailto:list@example.org?subject=Hi&subject=Again',
    'mailto:list@example.org?CC=attacker@evil.example',
    'mailto:list@example.org?Bcc=attacker@evil.example',
    'mailto:list@example.org?%63c=attacker@evil.example',
  ])(
    'a mailing list %j carries one address and at most a subject: left out with a warning, never a link',
    (list) => {
      expect(safeMailtoUrl(list)).toBeUndefined();
      const text = group(`    contact:\n      mailing_list: ${JSON.stringify(list)}\n`);
      const community = loadCommunity({ file: 'sigs.yaml', text });
      expect(community.diagnostics.map((d) => [d.scope, formatDiagnostic(d)])).toEqual([
        [
          'warning',
          `sigs.yaml:5 sigs[0].contact.mailing_list: ${quoted(list)} is not a mailing list (use an http(s) URL, a mailto: URL or an e-mail address); left out`,
        ],
      ]);
      expect(community.groups[0]?.contact.mailingList).toBeNull();
    },
  );

  it('a mailing list is an http(s) URL or mailto: (linked), or an e-mail address (shown); nothing else', () => {
    expect(safeMailtoUrl('mailto:sig-docs@lists.example.org')).toBe('mailto:sig-docs@lists.example.org');
    expect(safeMailtoUrl('mailto:javascript:alert(1)')).toBeUndefined();
    expect(safeMailtoUrl('mailto:a@example.org,b@example.org')).toBeUndefined();
    expect(safeMailtoUrl('mailto:a@example.org?subject=Hello%20list')).toBe(
      'mailto:a@example.org?subject=Hello%20list',
    );
    expect(isEmailAddress('sig-docs@lists.example.org')).toBe(true);
    expect(isEmailAddress('<a@example.org>')).toBe(false);
    for (const ok of [
      'https://groups.example.org/g/sig-docs',
      'mailto:sig-docs@lists.example.org',
      'sig-docs@lists.example.org',
    ]) {
      expect(problems(group(`    contact:\n      mailing_list: ${JSON.stringify(ok)}\n`)), ok).toEqual([]);
    }
    for (const bad of ['javascript:alert(1)', 'data:,x', '//evil.example', 'sig-docs', 'mailto:', 'a@b']) {
      const text = meeting('').replace(
        '    meetings:',
        `    contact:\n      mailing_list: ${JSON.stringify(bad)}\n    meetings:`,
      );
      const community = loadCommunity({ file: 'sigs.yaml', text });
      expect(
        community.diagnostics.map((d) => [d.scope, formatDiagnostic(d)]),
        bad,
      ).toEqual([
        [
          'warning',
          `sigs.yaml:5 sigs[0].contact.mailing_list: ${quoted(bad)} is not a mailing list (use an http(s) URL, a mailto: URL or an e-mail address); left out`,
        ],
      ]);
      expect(community.groups[0]?.contact.mailingList, bad).toBeNull();
      expect(community.groups[0]?.meetings).toHaveLength(1);
      for (const href of hrefsOf(text))
        expect(href, bad).not.toMatch(/script:|^data:|evil|sig-docs$|^mailto:$|a@b/);
    }
  });

  it('a meeting with a javascript: join link keeps its place without the link: a warning, never an href', () => {
    const built = buildSite({
      source: { file: 'sigs.yaml', text: readFileSync(HOSTILE, 'utf8') },
      options: OPTIONS,
    });
    expect(built.summary.leftOut).toEqual([]);
    expect(built.report.errors).toEqual([]);
    expect(built.report.warnings.map((w) => formatDiagnostic(w))).toContain(
      `sigs.yaml:45 sigs[0].meetings[3].url: "javascript:window.__pwned='href'" is not an http(s) URL; left out`,
    );
    const page = texts(built).get('sig-payload/joined-by-script.html') ?? '';
    expect(textOf(page)).toContain('Joined by script');
    expect(page).not.toMatch(/javascript:|__pwned='href'/i);
    const feed = (texts(built).get('calendars/sig-payload/joined-by-script.ics') ?? '').replace(/\r\n /g, '');
    expect(feed).toMatch(/^SUMMARY:.*Joined by script/m);
    expect(feed).not.toMatch(/javascript|^LOCATION/im);
  });
});

describe('lone surrogates', () => {
  it('in a group name and a GitHub handle build a site (written as U+FFFD in links), not a crash', () => {
    // YAML's \ud800 escape makes a string JavaScript holds but no URL encoder accepts as is.
    const text = `sigs:\n  - dir: sig-docs\n    name: "Docs \\ud800"\n    leadership:\n      chairs:\n        - github: "chair\\udc00"\n          name: Chair\n    meetings:\n      - description: Weekly\n        day: Tuesday\n        time: "9:00"\n        tz: UTC\n        frequency: weekly\n`;
    const built = buildSite({ source: { file: 'sigs.yaml', text }, options: OPTIONS });
    const group = new TextDecoder().decode(built.site.get('sig-docs/index.html')?.body);
    expect(group).toContain('https://github.com/chair%EF%BF%BD');
    expect(group).toMatch(/name=[^"&]*Docs%20%EF%BF%BD/);
  });
});

describe('pages built from payloads in every field', () => {
  const built = hostileSite();
  const pages = [...texts(built)].filter(([path]) => path.endsWith('.html'));

  it('are well formed, run no script but the site asset, and link only http(s), webcal and mailto', () => {
    // The index, the 404 page, the group page and its four meeting pages (the one with a javascript:
    // join link is kept, without the link).
    expect(pages.map(([path]) => path).sort()).toEqual(
      [
        '404.html',
        'index.html',
        ...pages
          .map(([path]) => path)
          .filter((p) => p.startsWith('sig-'))
          .sort(),
      ].sort(),
    );
    expect(pages.length).toBe(8);
    expect(siteProblems(built)).toEqual([]);
  });

  it('show every payload as text', () => {
    const source = loadCommunity({ file: 'sigs.yaml', text: readFileSync(HOSTILE, 'utf8') });
    const group = source.groups[0];
    const all = pages.map(([, page]) => textOf(page)).join('\n');
    const shown = (text: string) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: pages drop control characters
      text.replace(/[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069]/g, '');
    const flat = (text: string) => shown(text).replace(/\s+/g, ' ').trim();
    expect(group).toBeDefined();
    const payloads = [
      group?.name,
      group?.missionStatement,
      group?.contact.slack?.text.replace(/^#/, ''),
      group?.contact.mailingList?.text,
      ...(group?.leadership.flatMap((r) => r.people.flatMap((p) => [p.name, p.github, p.company])) ?? []),
      ...(group?.subprojects.flatMap((s) => [s.name, s.description]) ?? []),
      ...(group?.meetings.flatMap((m) => [m.description, m.written.day, m.written.frequency]) ?? []),
      TITLE,
    ];
    for (const payload of payloads) {
      if (payload) expect(all, payload).toContain(flat(payload));
    }
    const index = pages.find(([path]) => path === 'index.html')?.[1] ?? '';
    expect(tags(index, 'title')[0]?.source).toBe('<title>');
    // The title is the community's name: one line, as a page title and a calendar name must be.
    expect(index).toContain(`<title>${escapeHtml(`${TITLE.replace(/\s+/g, ' ')} meetings`)}</title>`);
  });

  it('keep no bidi control: U+202E and U+2066 are dropped, the letters stay in order', () => {
    const group = pages.find(([path]) => path === 'sig-payload/index.html')?.[1] ?? '';
    expect(textOf(group)).toContain('Grace Hopper isolated');
    expect(textOf(texts(built).get('sig-payload/review.html') ?? '')).toContain('Review exe.gnp, ANSI');
    for (const [path, page] of pages) expect(page, path).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('put source URLs into href only normalised, escaped and percent-encoded', () => {
    const hrefs = pages.flatMap(([, page]) => tags(page, 'a').map((a) => a.attrs.get('href') ?? ''));
    expect(hrefs).toContain(
      'https://meet.example.org/?q=%22%3E%3Cscript%3Ewindow.__pwned=%27url%27%3C/script%3E',
    );
    expect(hrefs).toContain("https://notes.example.org/#%3Cimg%20src=x%20onerror=window.__pwned='notes'%3E");
    expect(hrefs).toContain("mailto:list@example.org?subject=%3Cscript%3Ewindow.__pwned='list'%3C/script%3E");
    expect(hrefs.filter((h) => /^https:\/\/github\.com\//.test(h))).toContain(
      "https://github.com/%22%3E%3Cscript%3Ewindow.__pwned%3D'github'%3C%2Fscript%3E",
    );
    expect(hrefs.some((h) => /^\s*javascript:/i.test(decodeEntities(h)))).toBe(false);
  });
});

describe('feeds built from payloads in every field', () => {
  const built = hostileSite();
  const feeds = [...texts(built)].filter(([path]) => path.endsWith('.ics'));

  it('are well formed: every line a property sigcal writes, folded at 75 octets, read by ical.js', () => {
    expect(feeds.map(([path]) => path).sort()).toEqual([
      'calendars/all.ics',
      'calendars/sig-payload.ics',
      'calendars/sig-payload/joined-by-script.ics',
      'calendars/sig-payload/review.ics',
      'calendars/sig-payload/script-window-pwned-subproject-script-sub-style-display-none.ics',
      'calendars/sig-payload/triage-script-window-pwned-description-script-iframe-src.ics',
    ]);
    for (const [path, feed] of feeds) expect(feedProblems(path, feed)).toEqual([]);
  });

  it('keep every text value in its own property: SUMMARY, DESCRIPTION, LOCATION, X-WR-CALNAME, X-WR-CALDESC', () => {
    const all = feeds.find(([path]) => path === 'calendars/all.ics')?.[1] ?? '';
    const calendar = new ICAL.Component(ICAL.parse(all) as unknown as unknown[]);
    expect(calendar.getAllProperties().map((p) => p.name)).toEqual([...CALENDAR_PROPERTY_NAMES]);
    // ical.js keeps X- properties raw: unescaped, the name is the title without its control characters.
    const name = String(calendar.getFirstPropertyValue('x-wr-calname'))
      .replace(/\\n/g, '\n')
      .replace(/\\([,;\\])/g, '$1');
    expect(name).toBe(`${TITLE.replace(/\s+/g, ' ')} meetings`);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const triage = events.find((e) => e.summary.includes('Triage'));
    expect(triage?.summary).toBe(
      `SIG Docs <script>window.__pwned = 'name'</script> "><img src=x onerror="window.__pwned='name-img'">: Triage <script>window.__pwned='description'</script> "'><iframe src=javascript:window.__pwned=1>`,
    );
    expect(triage?.location).toBe(
      'https://meet.example.org/?q=%22%3E%3Cscript%3Ewindow.__pwned=%27url%27%3C/script%3E',
    );
    const review = events.find((e) => e.summary.includes('Review'));
    expect(review?.summary).toMatch(
      /: Review exe\.gnp, ANSI \[31mred\[0m, NUL {2}end, tab\tand \\ backslash; semi, comma$/,
    );
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      expect(
        vevent
          .getAllProperties()
          .map((p) => p.name)
          .sort(),
      ).toEqual(
        [
          'uid',
          'summary',
          'dtstart',
          'dtend',
          'status',
          'dtstamp',
          'description',
          'url',
          ...(vevent.hasProperty('location') ? ['location'] : []),
        ].sort(),
      );
      expect(String(vevent.getFirstPropertyValue('uid'))).toMatch(
        /^sig-payload\.[a-z0-9-]+\.\d{4}-\d{2}-\d{2}@meetings\.example\.org$/,
      );
      expect(String(vevent.getFirstPropertyValue('url'))).toMatch(
        /^https:\/\/meetings\.example\.org\/sig-payload\/[a-z0-9-]+\.html$/,
      );
    }
  });

  it('a group name and mission with line breaks and iCalendar syntax stay in X-WR-CALNAME and X-WR-CALDESC', () => {
    const groupFeed = feeds.find(([path]) => path === 'calendars/sig-payload.ics')?.[1] ?? '';
    const unfolded = groupFeed.replace(/\r\n /g, '');
    expect(unfolded.match(/^BEGIN:VCALENDAR$/gm)).toHaveLength(1);
    expect(unfolded.match(/^END:VCALENDAR$/gm)).toHaveLength(1);
    expect(unfolded).not.toMatch(/^(X-INJECTED|SUMMARY:injected)/m);
    expect(unfolded).toMatch(
      /^X-WR-CALNAME:Meetings <script>.* SIG Docs <script>window.__pwned = 'name'<\/script> "><img src=x onerror="window.__pwned='name-img'">$/m,
    );
  });

  it('a site URL with a line break in it is normalised before it reaches a feed', () => {
    const built = hostileSite({ siteUrl: 'https://meetings.example.org/\r\nX-INJECTED:1/' });
    expect(siteProblems(built)).toEqual([]);
    for (const [path, feed] of texts(built))
      if (path.endsWith('.ics')) expect(feed).not.toMatch(/^X-INJECTED/m);
  });
});

describe('the checks themselves', () => {
  it('catch markup, handlers, scripts and links that did not come from sigcal', () => {
    const page = (body: string) =>
      `<!DOCTYPE html>\n<html lang="en">\n<head><script src="assets/sigcal.js?v=1" defer></script></head><body>${body}</body></html>\n`;
    expect(pageProblems('p', page('<p>fine &amp; good</p>'))).toEqual([]);
    for (const bad of [
      '<img src=x onerror=alert(1)>',
      '<p onclick="x">a</p>',
      '<a href="javascript:alert(1)">a</a>',
      '<a href="https://evil.example">a</a>',
      '<script>alert(1)</script>',
      '<p>a < b</p>',
      '<p>a & b</p>',
      '<p><span>unclosed</p>',
      '<p>\u202eevil</p>',
    ]) {
      expect(pageProblems('p', page(bad)), bad).not.toEqual([]);
    }
  });

  it('catch injected feed lines and overlong lines', () => {
    const feed = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n${body}END:VCALENDAR\r\n`;
    expect(feedProblems('f', feed(''))).toEqual([]);
    expect(feedProblems('f', feed('X-INJECTED:1\r\n'))).not.toEqual([]);
    expect(feedProblems('f', feed(`X-WR-CALNAME:${'x'.repeat(80)}\r\n`))).not.toEqual([]);
    expect(feedProblems('f', feed('BEGIN:VEVENT\r\n'))).not.toEqual([]);
    expect(feedProblems('f', feed('METHOD:PUBLISH\r\n'))).not.toEqual([]);
    for (const c of ['\u0001', '\u0085', '\u2028', '\u202e']) {
      expect(feedProblems('f', feed(`X-WR-CALNAME:a${c}b\r\n`)), c.charCodeAt(0).toString(16)).not.toEqual(
        [],
      );
    }
  });
});
