import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { validate } from '../../functions/cli/validate.ts';
import { loadCommunity } from '../../functions/core/community.ts';
import { formatDiagnostic, SourceError, ValidationError } from '../../functions/core/errors.ts';
import { DEFAULT_MAX_PAGE_CHARS } from '../../functions/core/pages/render-pages.ts';
import { DEFAULT_MAX_SITE_BYTES, estimateSite } from '../../functions/core/site-budget.ts';
import { windowAround } from '../../functions/core/window.ts';
import { type BuildOptions, buildSite } from '../../functions/pipeline/build.ts';
import { atTheLimit, estimateOf, headerHeavy, WORST_NOW, WORST_SITE_URL } from '../support/worst-case.ts';

/*
 * A few kilobytes of YAML can ask for gigabytes of site. What a source asks for is estimated after it is
 * normalised and before anything is rendered, and a source over the budget is a file-level error for
 * `build` and `validate` alike. The estimate must never be below what the build really makes.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPTIONS: BuildOptions = { now: WORST_NOW, stamp: WORST_NOW, siteUrl: WORST_SITE_URL };
const window = windowAround(WORST_NOW);

const meeting = (extra: Record<string, unknown> = {}) => ({
  description: 'Weekly',
  day: 'Tuesday',
  time: '9:00',
  tz: 'America/Los_Angeles',
  frequency: 'weekly',
  ...extra,
});
const group = (extra: Record<string, unknown> = {}, meetings: unknown[] = [meeting()]) =>
  dump({ sigs: [{ dir: 'sig-docs', name: 'Docs', meetings, ...extra }] });

/** Estimate and real output of a source: pages (with assets and manifest) and feeds, in bytes. */
function compare(text: string, options: Partial<BuildOptions> = {}) {
  const built = buildSite({
    source: { file: 'sigs.yaml', text },
    options: { ...OPTIONS, keepGoing: true, ...options },
  });
  const { estimate } = loadCommunity(
    { file: 'sigs.yaml', text },
    { site: { now: WORST_NOW, window, ...(options.title ? { title: options.title } : {}) } },
  );
  let pages = 0;
  let feeds = 0;
  let data = 0;
  for (const [path, object] of built.site) {
    if (path.endsWith('.ics')) feeds += object.body.byteLength;
    else if (path.startsWith('calendars/') && path.endsWith('.json')) data += object.body.byteLength;
    else pages += object.body.byteLength;
  }
  return {
    estimate: estimate as NonNullable<typeof estimate>,
    pages,
    feeds,
    data,
    bytes: built.summary.bytes,
  };
}

/** Ten meetings with 2,000-character descriptions written once, aliased into 500 groups: 43 kB of YAML. */
function aliasedMeetings(): string {
  const lines = ['x-meetings: &m'];
  for (let i = 0; i < 10; i++) {
    lines.push(
      `  - {description: Meeting ${i} ${'with a long description '.repeat(84)}, day: Tuesday, time: "9:00", tz: UTC, frequency: weekly, url: "https://meet.example.org/m${i}"}`,
    );
  }
  lines.push('sigs:');
  for (let g = 0; g < 500; g++) lines.push(`  - {dir: g${g}, name: G${g}, meetings: *m}`);
  return `${lines.join('\n')}\n`;
}

const errorLines = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.diagnostics.map(formatDiagnostic);
    if (error instanceof SourceError) return [error.message];
    throw error;
  }
  return [];
};

describe('the site estimate', () => {
  const payloads: Record<string, string> = {
    letters: 'abcdefghij'.repeat(200),
    spaces: 'ab cd ef g '.repeat(180),
    'HTML escapes': `"&'<>`.repeat(400),
    'iCalendar escapes': ',;\\\n'.repeat(500),
    CJK: '漢字かな'.repeat(500),
    emoji: '😀'.repeat(1000),
  };
  const handle = (text: string) => Array.from(text).slice(0, 39).join('');
  const fields: Record<string, (p: string) => [string, Partial<BuildOptions>?]> = {
    'group name': (p) => [group({ name: p })],
    mission: (p) => [group({ mission_statement: p })],
    leadership: (p) => [group({ leadership: { chairs: [{ github: handle(p), name: p, company: p }] } })],
    role: (p) => [group({ leadership: { [p.slice(0, 1000)]: [{ github: 'x', name: 'y' }] } })],
    description: (p) => [group({}, [meeting({ description: p })])],
    'unscheduled description': (p) => [group({}, [meeting({ description: p, frequency: 'quarterly' })])],
    subproject: (p) => [group({ subprojects: [{ name: p, description: p, meetings: [meeting()] }] }, [])],
    contact: (p) => [group({ contact: { slack: p, mailing_list: `https://lists.example.org/${p}` } })],
    // Shorter: a long link makes `ics` fold slowly (quadratic in the line), which is not the point here.
    links: (p) => [
      group({}, [
        meeting({
          url: `https://a.example.org/${p.slice(0, 400)}`,
          archive_url: `https://b.example.org/?q=${p.slice(0, 400)}`,
          recordings_url: `https://c.example.org/#${p.slice(0, 400)}`,
          calendar_url: `https://d.example.org/${p.slice(0, 400)}`,
        }),
      ]),
    ],
    schedule: (p) => [
      group({}, [meeting({ day: `Tuesday ${p.slice(0, 480)}`, frequency: `weekly ${p.slice(0, 480)}` })]),
    ],
    title: (p) => [group(), { title: p }],
  };

  it.each(Object.keys(fields))(
    'bounds what the build writes when the %s holds long text of any kind',
    (field) => {
      for (const [kind, payload] of Object.entries(payloads)) {
        const [text, options] = (fields[field] as (p: string) => [string, Partial<BuildOptions>?])(payload);
        const { estimate, pages, feeds, data, bytes } = compare(text, options);
        expect(estimate.pages, `${field}, ${kind}: pages`).toBeGreaterThanOrEqual(pages);
        expect(estimate.feeds, `${field}, ${kind}: feeds`).toBeGreaterThanOrEqual(feeds);
        expect(estimate.data, `${field}, ${kind}: data`).toBeGreaterThanOrEqual(data);
        // An upper bound, yet close enough that real communities keep most of the budget.
        expect(estimate.pages + estimate.feeds + estimate.data, `${field}, ${kind}`).toBeLessThan(
          2.5 * bytes,
        );
      }
    },
  );

  it('is close to the real output for the shipped sigs.yaml and a synthetic 300-meeting community', async () => {
    const { readFileSync } = await import('node:fs');
    const { syntheticSigsYaml } = await import('../support/synthetic.ts');
    for (const [text, within] of [
      [readFileSync(join(ROOT, 'sigs.yaml'), 'utf8'), 1.6],
      // The JSON names the site three times per occurrence, which the estimate counts at its 100-byte
      // site URL allowance (so validate, which does not know the URL, agrees with build).
      [syntheticSigsYaml(300, 3), 1.6],
    ] as const) {
      const { estimate, bytes } = compare(text);
      expect(estimate.pages + estimate.feeds + estimate.data).toBeGreaterThanOrEqual(bytes);
      expect(estimate.pages + estimate.feeds + estimate.data).toBeLessThan(within * bytes);
    }
  });

  it('counts every occurrence once for its events, and every feed within the feed budget', () => {
    const groups = loadCommunity({ file: 'sigs.yaml', text: group() }).groups;
    const one = estimateSite(groups, window, { now: WORST_NOW });
    const twice = estimateSite(groups, windowAround(WORST_NOW, { daysAfter: 2 * 182 + 28 }), {
      now: WORST_NOW,
    });
    expect(twice.events).toBeGreaterThan(1.8 * one.events);
    const capped = estimateSite(groups, window, { now: WORST_NOW, maxFeedBytes: 1000 });
    expect(capped.events).toBe(one.events);
    expect(capped.feeds).toBeLessThan(one.feeds);
  });
});

describe('the site budget', () => {
  it('refuses a tiny file that asks for a huge site (10 meetings aliased into 500 groups), before rendering', () => {
    const text = aliasedMeetings();
    expect(text.length).toBeLessThan(50_000);
    const lines = errorLines(() => buildSite({ source: { file: 'sigs.yaml', text }, options: OPTIONS }));
    expect(lines).toEqual([
      expect.stringMatching(
        /^sigs\.yaml: the site would take about \d+ MiB to build \(events \d+ MiB, feeds \d+ MiB, pages \d+ MiB, data \d+ MiB\), more than the limit of 512 MiB; the most is asked for by sigs\[\d+\] \(dir "g\d+", line \d+, about \d+ MiB\): every event repeats its meeting's description and links, so shorten those, list fewer meetings or publish fewer days$/,
      ),
    ]);
  });

  it('refuses an alias string bomb as it is read (3,500 people share one 10,000-character name)', () => {
    const people = Array.from({ length: 3500 }, () => '{name: *n}').join(', ');
    // 52 kB of YAML: 3,500 copies of the name are 35 M characters, past the 32 Mi budget.
    const text = `x-name: &n "${'N'.repeat(10_000)}"
sigs:
  - dir: g
    name: G
    leadership:
      chairs: [${people}]
    meetings:
      - {description: M, day: Tuesday, time: "9:00", tz: UTC, frequency: weekly}
`;
    expect(text.length).toBeLessThan(55_000);
    expect(errorLines(() => buildSite({ source: { file: 'sigs.yaml', text }, options: OPTIONS }))).toEqual([
      'sigs.yaml:6: YAML aliases expand the source to more than 33554432 characters of text',
    ]);
    expect(() =>
      validate({ source: { file: 'sigs.yaml', text }, now: WORST_NOW, window, strict: false }),
    ).toThrow(/^sigs\.yaml:6: YAML aliases expand the source to more than 33554432 characters of text$/);
  });

  // These build sites at the limit, so they use a 64 MiB budget: the same estimate and the same check
  // as the default's, at a size a test can build (the bench measures the default's worst case).
  const LIMIT = 64 * 1024 * 1024;
  const LIMITED: BuildOptions = { ...OPTIONS, maxSiteBytes: LIMIT };
  // The files either side of that budget: a binary search of estimates (0.7 s), found once for two tests.
  let sides: { accepted: string; refused: string } | undefined;
  const atLimit = () => {
    sides ??= atTheLimit(headerHeavy, LIMIT);
    return sides;
  };

  it('is the same for validate and build: the same file is refused with the same line, or accepted by both', () => {
    const { accepted, refused } = atLimit();
    const validated = (text: string) =>
      validate({
        source: { file: 'sigs.yaml', text },
        now: WORST_NOW,
        window,
        strict: false,
        maxSiteBytes: LIMIT,
      }).report;
    const refusedReport = validated(refused);
    const built = errorLines(() =>
      buildSite({ source: { file: 'sigs.yaml', text: refused }, options: LIMITED }),
    );
    expect(built).toHaveLength(1);
    expect(built[0]).toMatch(/more than the limit of 64 MiB/);
    expect(refusedReport.ok).toBe(false);
    expect(refusedReport.errors.map(formatDiagnostic)).toEqual(built);
    expect(validated(accepted).ok).toBe(true);
    expect(
      errorLines(() => buildSite({ source: { file: 'sigs.yaml', text: accepted }, options: LIMITED })),
    ).toEqual([]);
    // Without the option, validate uses the default budget (512 MiB), which the file refused at 64 MiB is within.
    const byDefault = validate({
      source: { file: 'sigs.yaml', text: refused },
      now: WORST_NOW,
      window,
      strict: false,
    });
    expect(byDefault.report.errors).toEqual([]);
  });

  it("never lets the pages' backstop refuse what the budget accepts: it follows the budget in use", () => {
    // Characters are never more than UTF-8 bytes, and the estimate never less than the bytes built.
    expect(DEFAULT_MAX_PAGE_CHARS).toBeGreaterThanOrEqual(DEFAULT_MAX_SITE_BYTES);
    // Page-heavy: its pages are the largest part of its estimate, which is just within a small budget.
    const budget = 4 * 1024 * 1024;
    const { accepted } = atTheLimit(headerHeavy, budget);
    const built = buildSite({
      source: { file: 'sigs.yaml', text: accepted },
      options: { ...OPTIONS, maxSiteBytes: budget },
    });
    const pageChars = [...built.site]
      .filter(([path]) => path.endsWith('.html'))
      .reduce((n, [, o]) => n + new TextDecoder().decode(o.body).length, 0);
    expect(pageChars).toBeGreaterThan(0.4 * budget);
    // A backstop below what the pages hold refuses them (the check is live), the budget's own does not.
    expect(() =>
      buildSite({
        source: { file: 'sigs.yaml', text: accepted },
        options: { ...OPTIONS, maxSiteBytes: budget, maxPageChars: pageChars - 1 },
      }),
    ).toThrow(/the pages would hold more than/);
  });

  it('holds the worst file a 64 MiB budget accepts within it: 64 MiB built, 400 MB of memory with a 256 MB heap', () => {
    const { accepted } = atLimit();
    expect(estimateOf(accepted)).toBeLessThanOrEqual(LIMIT);
    expect(estimateOf(accepted)).toBeGreaterThan(0.99 * LIMIT);
    const dir = mkdtempSync(join(tmpdir(), 'sigcal-worst-'));
    try {
      const file = join(dir, 'sigs.yaml');
      writeFileSync(file, accepted);
      // A fresh process, so its peak memory is this build's; its heap capped well below the function's.
      const output = execFileSync(
        process.execPath,
        [
          '--max-old-space-size=256',
          '--import',
          'tsx',
          join(ROOT, 'test/support/build-peak.ts'),
          file,
          String(LIMIT),
        ],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
      );
      const { bytes, maxRssBytes } = JSON.parse(output) as { bytes: number; maxRssBytes: number };
      expect(bytes).toBeGreaterThan(32 * 1024 * 1024);
      expect(bytes).toBeLessThanOrEqual(LIMIT);
      expect(maxRssBytes).toBeLessThan(400 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
