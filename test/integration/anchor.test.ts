import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnchorReport } from '../../functions/anchor/anchor.ts';
import { runAnchor } from '../../functions/cli/anchor.ts';
import type { CliIo } from '../../functions/cli/io.ts';
import { SourceError } from '../../functions/core/errors.ts';
import { windowAround } from '../../functions/core/window.ts';
import { runCli } from '../support/run-cli.ts';
import { type HttpsFixture, startHttps } from './support/https-server.ts';

/*
 * End to end: `sigcal anchor` reads the fixture community's calendar (as Google and as Outlook export
 * it), writes the overlay, `sigcal build` publishes with it, and ical.js reads every published feed
 * back: each occurrence of an anchored meeting is a date of the series it was matched with.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/anchor/', import.meta.url));
const SIGS = join(FIXTURES, 'sigs.yaml');
const NOW = '2026-11-16T12:00:00Z';
const WINDOW = windowAround(new Date(NOW));
const SHAPES = ['google-basic.ics', 'outlook.ics'] as const;

const scratch = mkdtempSync(join(tmpdir(), 'sigcal-anchor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `sigcal …` in-process with captured output. */
const run = (...argv: string[]) => runCli(NOW, ...argv);

function folder(name: string): string {
  const path = join(scratch, name);
  mkdirSync(path, { recursive: true });
  return path;
}

async function anchor(calendar: string, out: string, ...more: string[]) {
  const result = await run(
    'anchor',
    '--source',
    SIGS,
    '--calendar',
    join(FIXTURES, calendar),
    '--out',
    out,
    '--now',
    NOW,
    '--json',
    ...more,
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as AnchorReport & { overlay: { file: string; changed: boolean } };
}

/** Every VEVENT of a published feed: its UTC start and whether it is cancelled. */
function published(site: string, feed: string): { start: number; cancelled: boolean }[] {
  const root = new ICAL.Component(ICAL.parse(readFileSync(join(site, feed), 'utf8')));
  return root.getAllSubcomponents('vevent').map((event) => ({
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toUnixTime() * 1000,
    cancelled: event.getFirstPropertyValue('status') === 'CANCELLED',
  }));
}

/**
 * The matched series read again by ical.js alone: its rule dates (RECURRENCE-IDs, which ical.js's
 * iterator yields, and the EXDATEs it leaves out), its EXDATEs and its cancelled overrides, in the
 * publishing window.
 */
function seriesByIcal(calendar: string, uid: string, window = WINDOW) {
  const path = calendar.includes('/') ? calendar : join(FIXTURES, calendar);
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
  const events = root.getAllSubcomponents('vevent').filter((e) => e.getFirstPropertyValue('uid') === uid);
  const master = events.find((e) => !e.hasProperty('recurrence-id'));
  if (!master) throw new Error(`no series ${uid} in ${calendar}`);
  const overrides = events.filter((e) => e.hasProperty('recurrence-id'));
  const event = new ICAL.Event(master, { exceptions: overrides });
  const inWindow = (ms: number) => ms >= window.start && ms < window.end;
  const ms = (t: ICAL.Time) => t.toUnixTime() * 1000;
  const iterated: number[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && ms(next) < window.end; next = iterator.next()) {
    if (inWindow(ms(next))) iterated.push(ms(next));
  }
  const excluded = master
    .getAllProperties('exdate')
    .flatMap((p) => p.getValues() as ICAL.Time[])
    .map(ms)
    .filter(inWindow);
  const cancelled = overrides
    .filter((o) => o.getFirstPropertyValue('status') === 'CANCELLED')
    .map((o) => ms(o.getFirstPropertyValue('recurrence-id') as ICAL.Time))
    .filter(inWindow);
  return { rule: [...iterated, ...excluded].sort((a, b) => a - b), excluded, cancelled };
}

const EXPECTED_STARTS = {
  'sig-apps/regular-sig-meeting': ['2026-04-14', null],
  'sig-docs/localization-localization-sync': ['2026-01-12', '2027-12-13'],
  'sig-architecture/regular-sig-meeting': ['2026-01-08', null],
  'sig-architecture/code-organization': ['2026-01-15', null],
  'sig-auth/regular-sig-meeting': ['2026-01-07', null],
  'sig-cli/regular-sig-meeting': ['2026-01-14', null],
};

describe.each(SHAPES)('sigcal anchor, then build, with the community calendar as %s', (calendar) => {
  let report: Awaited<ReturnType<typeof anchor>>;
  let overlay: string;
  let site: string;

  beforeAll(async () => {
    const dir = folder(calendar);
    overlay = join(dir, 'schedule.yaml');
    report = await anchor(calendar, overlay);
    site = join(dir, 'site');
    const built = await run('build', '--source', SIGS, '--overlay', overlay, '--out', site, '--now', NOW);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  });

  it('anchors the open meetings on their live series, and only those', () => {
    expect(
      Object.fromEntries(
        report.anchored.map((a) => [`${a.meeting.group}/${a.meeting.id}`, [a.start, a.until]]),
      ),
    ).toStrictEqual(EXPECTED_STARTS);
    expect(report.overlay).toMatchObject({ changed: true });
    expect(report.anchored.every((a) => a.series.calendar.endsWith(calendar))).toBe(true);
    expect(report.anchored.find((a) => a.meeting.group === 'sig-apps')?.series).toMatchObject({
      summary: 'SIG Apps bi-weekly meeting',
      first: '2026-04-14T09:00',
    });
  });

  it('anchors nothing for an ambiguous slot, an ended series or single events, and says why', () => {
    expect(report.ambiguous.map((a) => [a.meeting.group, a.candidates.map((c) => c.first)])).toStrictEqual([
      ['wg-serving', ['2026-01-07T09:00', '2026-01-14T09:00']],
    ]);
    expect(report.unmatched.map((u) => [u.meeting.group, u.near.map((n) => n.why)])).toStrictEqual([
      ['wg-batch', ['a single event', 'a single event', 'an all-day event']],
      ['wg-lts', ['the series has ended']],
    ]);
    expect(report.notAnchorable.map((m) => `${m.group}/${m.id}`)).toStrictEqual([
      'committee-steering/quarterly-review',
    ]);
    for (const group of ['wg-serving', 'wg-batch', 'wg-lts']) {
      expect(readFileSync(overlay, 'utf8')).not.toContain(`${group}:`);
      expect(existsSync(join(site, 'calendars', group, 'regular-wg-meeting.ics'))).toBe(false);
    }
  });

  it('never changes a meeting the text determines, and reports where the calendar disagrees', () => {
    expect(report.disagreements.map((d) => [d.meeting.group, d.differences])).toStrictEqual([
      ['sig-docs', ['time']],
      ['sig-pm', ['weeks']],
      ['committee-steering', ['week of the month']],
    ]);
    const text = readFileSync(overlay, 'utf8');
    expect(text).not.toContain('Weekly SIG Meeting');
    expect(text).not.toMatch(/^sig-pm:|^committee-steering:/m);
  });

  it('publishes every occurrence of an anchored meeting on a date of its matched series (ical.js)', () => {
    for (const a of report.anchored) {
      const events = published(site, `calendars/${a.meeting.group}/${a.meeting.id}.ics`);
      const series = seriesByIcal(calendar, a.series.uid);
      expect(events.length, a.meeting.id).toBeGreaterThan(2);
      expect(
        events.filter((e) => e.cancelled),
        a.meeting.id,
      ).toStrictEqual([]);
      // Exactly the series' own dates in the window: none missing, none in other weeks.
      expect(
        events.map((e) => new Date(e.start).toISOString()),
        a.meeting.id,
      ).toStrictEqual(series.rule.map((ms) => new Date(ms).toISOString()));
    }
  });

  it('writes the overlay keys sigcal reads, and a second run with the same inputs writes the same bytes', async () => {
    const first = readFileSync(overlay);
    expect(first.toString()).toMatch(
      /^sig-docs:\n {2}# sigcal anchor: "SIG Docs Localization" .*\n {2}Localization Sync:\n {4}start: 2026-01-12\n {4}until: 2027-12-13\n/m,
    );
    const again = join(folder(`${calendar}-again`), 'schedule.yaml');
    await anchor(calendar, again);
    expect(readFileSync(again)).toStrictEqual(first);
    // In place: everything is anchored already, so nothing changes.
    const inPlace = await anchor(calendar, overlay, '--overlay', overlay);
    expect(inPlace.overlay.changed).toBe(false);
    expect(inPlace.anchored).toStrictEqual([]);
    expect(readFileSync(overlay)).toStrictEqual(first);
  });
});

describe('sigcal anchor', () => {
  it('gives the same anchors from the Google and the Outlook export', async () => {
    const texts = [];
    for (const calendar of SHAPES) {
      const out = join(folder(`same-${calendar}`), 'schedule.yaml');
      await anchor(calendar, out);
      texts.push(
        readFileSync(out, 'utf8')
          .split('\n')
          .filter((line) => !line.trim().startsWith('#'))
          .join('\n'),
      );
    }
    expect(texts[0]).toBe(texts[1]);
    // Both calendars at once: the same series twice is one answer.
    const both = await run(
      'anchor',
      '--source',
      SIGS,
      ...SHAPES.flatMap((c) => ['--calendar', join(FIXTURES, c)]),
      '--out',
      join(folder('both'), 'schedule.yaml'),
      '--now',
      NOW,
      '--json',
    );
    expect((JSON.parse(both.stdout) as AnchorReport).anchored.map((a) => a.start)).toStrictEqual(
      Object.values(EXPECTED_STARTS).map(([start]) => start),
    );
  });

  it('keeps an existing overlay byte for byte and adds to it', async () => {
    const dir = folder('existing');
    const existing = '# our own notes\nsig-apps:\n  Regular SIG Meeting:\n    duration: 45   # short\n';
    const path = join(dir, 'schedule.yaml');
    writeFileSync(path, existing);
    const report = await anchor('google-basic.ics', path, '--overlay', path);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('# our own notes\nsig-apps:\n  Regular SIG Meeting:\n')).toBe(true);
    expect(text).toContain('    start: 2026-04-14\n    duration: 45   # short\n');
    expect(report.anchored).toHaveLength(6);
  });

  it('--exceptions brings future EXDATEs and cancellations as skip and overrides as moved, and reports each', async () => {
    for (const calendar of SHAPES) {
      const dir = folder(`exceptions-${calendar}`);
      const out = join(dir, 'schedule.yaml');
      const report = await anchor(calendar, out, '--exceptions');
      expect(
        report.exceptions.map(({ group, kind, date, ...rest }) => [
          group,
          kind,
          date,
          'to' in rest ? rest.to : null,
        ]),
      ).toStrictEqual([
        ['sig-apps', 'skip', '2026-12-22', null],
        ['sig-apps', 'moved', '2027-01-05', '2027-01-06T09:00'],
        ['sig-apps', 'skip', '2027-02-02', null],
      ]);
      const text = readFileSync(out, 'utf8');
      expect(text).toContain(
        '  Regular SIG Meeting:\n    start: 2026-04-14\n    skip: [2026-12-22, 2027-02-02]\n    moved:\n      2027-01-05: 2027-01-06T09:00\n',
      );
      const human = await run(
        'anchor',
        '--source',
        SIGS,
        '--calendar',
        join(FIXTURES, calendar),
        '--out',
        join(dir, 'again.yaml'),
        '--now',
        NOW,
        '--exceptions',
      );
      expect(human.stdout).toContain('exceptions brought\n');
      expect(human.stdout).toMatch(/sig-apps {2}Regular SIG Meeting {2}skip 2026-12-22 +\(excluded\)\n/);
      expect(human.stdout).toMatch(
        /sig-apps {2}Regular SIG Meeting {2}moved 2027-01-05 → 2027-01-06T09:00\n/,
      );

      // Until the core reads `moved` (it is written here for it), build with the skips alone: each
      // cancelled event is one the calendar excluded or cancelled.
      const skipsOnly = join(dir, 'skips.yaml');
      writeFileSync(skipsOnly, text.replace(/ {4}moved:\n( {6}.*\n)+/, ''));
      const site = join(dir, 'site');
      expect(
        (await run('build', '--source', SIGS, '--overlay', skipsOnly, '--out', site, '--now', NOW)).code,
      ).toBe(0);
      const apps = report.anchored.find((a) => a.meeting.group === 'sig-apps');
      const series = seriesByIcal(calendar, apps?.series.uid ?? '');
      const events = published(site, 'calendars/sig-apps/regular-sig-meeting.ics');
      expect(events.map((e) => e.start)).toStrictEqual(series.rule);
      expect(events.filter((e) => e.cancelled).map((e) => e.start)).toStrictEqual(
        [...series.excluded, ...series.cancelled].filter((ms) => ms >= Date.parse(NOW)).sort((a, b) => a - b),
      );
    }
  });

  it('prints the tables a person reads', async () => {
    const result = await run(
      'anchor',
      '--source',
      SIGS,
      '--calendar',
      join(FIXTURES, 'google-basic.ics'),
      '--out',
      join(folder('human'), 'schedule.yaml'),
      '--now',
      NOW,
    );
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out.split('\n')[0]).toBe(
      'sigcal anchor: 9 open meetings — 6 anchored, 1 ambiguous, 2 unmatched; 3 disagreements',
    );
    expect(out).toMatch(
      /\nanchored\n {2}group +meeting +start +until +series\n {2}sig-apps +Regular SIG Meeting +2026-04-14 +- +"SIG Apps bi-weekly meeting" from 2026-04-14T09:00 FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU/,
    );
    expect(out).toContain('\nambiguous (nothing written)\n  wg-serving  Regular WG Meeting\n');
    expect(out).toContain(
      'wg-lts  Regular WG Meeting: no live series on Tuesdays at 07:00 (UTC) every 4 weeks\n',
    );
    expect(out).toContain(
      '! committee-steering  Public Steering Committee Meeting: another week of the month\n',
    );
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^wrote .*schedule\.yaml \(6 meetings anchored\)$/);
  });

  it('refuses bad input with exit 2 and one line, writing nothing', async () => {
    const dir = folder('bad');
    const notIcs = join(dir, 'notes.ics');
    writeFileSync(notIcs, 'sigs: []\n');
    const out = join(dir, 'schedule.yaml');
    const bad = await run('anchor', '--source', SIGS, '--calendar', notIcs, '--out', out, '--now', NOW);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sigcal: .*notes\.ics: not an iCalendar file: .*\n$/);
    expect(existsSync(out)).toBe(false);

    const noOut = await run('anchor', '--source', SIGS, '--calendar', notIcs);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr.split('\n')[0]).toBe(
      'sigcal: --out is required (the overlay to write, e.g. schedule.yaml)',
    );

    writeFileSync(out, 'sig-x:\n  Y:\n    start: 2026-01-01\n');
    const clobber = await run(
      'anchor',
      '--source',
      SIGS,
      '--calendar',
      join(FIXTURES, 'outlook.ics'),
      '--out',
      out,
    );
    expect(clobber.code).toBe(2);
    expect(clobber.stderr.split('\n')[0]).toBe(
      `sigcal: ${out} exists; pass --overlay ${out} to keep its entries, or choose another --out`,
    );
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const none = await run(
      'anchor',
      '--source',
      join(root, 'sigs.yaml'),
      '--from-calendar-urls',
      '--out',
      join(dir, 'y.yaml'),
    );
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe(
      `sigcal: no calendar_url in ${join(root, 'sigs.yaml')} names a public Google calendar; give --calendar`,
    );
    const http = await run(
      'anchor',
      '--source',
      SIGS,
      '--calendar',
      'http://example.org/c.ics',
      '--out',
      join(dir, 'x.yaml'),
    );
    expect(http.code).toBe(2);
    expect(http.stderr.split('\n')[0]).toBe(
      'sigcal: --calendar "http://example.org/c.ics": only https:// calendars are fetched',
    );
  });
});

describe('the shipped example', () => {
  it('schedule.yaml is what sigcal anchor writes from examples/community-calendar.ics, and validates', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const out = join(folder('shipped'), 'schedule.yaml');
    const args = [
      '--source',
      join(root, 'sigs.yaml'),
      '--calendar',
      join(root, 'examples/community-calendar.ics'),
    ];
    const result = await run(
      'anchor',
      ...args,
      '--out',
      out,
      '--now',
      '2026-11-30T12:00:00Z',
      '--exceptions',
    );
    expect(result.code).toBe(0);
    // The comments name the calendar as given on the command line; the README runs it from the root.
    const written = readFileSync(out, 'utf8').replaceAll(join(root, 'examples/'), 'examples/');
    expect(written).toBe(readFileSync(join(root, 'schedule.yaml'), 'utf8'));
    const validated = await run(
      'validate',
      '--source',
      join(root, 'sigs.yaml'),
      '--overlay',
      join(root, 'schedule.yaml'),
      '--json',
    );
    expect(validated.code).toBe(0);
    const meetings = (
      JSON.parse(validated.stdout) as { meetings: { id: string; status: string; dtstart: string }[] }
    ).meetings;
    expect(meetings.filter((m) => m.status === 'unscheduled').map((m) => m.id)).toStrictEqual([
      'release-team-retro',
    ]);
    expect(meetings.find((m) => m.id === 'code-organization')?.dtstart).toBe('2026-09-10T08:00');
  });
});

describe('sigcal anchor with an https calendar', () => {
  let https: HttpsFixture;
  beforeAll(async () => {
    https = await startHttps();
    const body = readFileSync(join(FIXTURES, 'google-basic.ics'));
    https.route('/community/basic.ics', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(body);
    });
    https.route('/moved.ics', (_req, res) => {
      res.writeHead(302, { location: `${https.origin}/community/basic.ics` }).end();
    });
  });
  afterAll(() => https.close());

  function io(): CliIo & { out: () => string } {
    let out = '';
    return {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: {},
      now: () => new Date(NOW),
      out: () => out,
    };
  }

  it('fetches it (following a redirect) and anchors as from the file', async () => {
    const capture = io();
    const out = join(folder('https'), 'schedule.yaml');
    const args = [
      '--source',
      SIGS,
      '--calendar',
      `${https.origin}/moved.ics`,
      '--out',
      out,
      '--now',
      NOW,
      '--json',
      // The test server is on loopback, which https calendars may only reach when allowed.
      '--allow-private-source',
    ];
    expect(await runAnchor(args, capture, { https: { agent: https.agent } })).toBe(0);
    const report = JSON.parse(capture.out()) as AnchorReport;
    expect(report.anchored.map((a) => a.start)).toStrictEqual(Object.values(EXPECTED_STARTS).map(([s]) => s));
    expect(report.anchored[0]?.series.calendar).toBe(`${https.origin}/moved.ics`);
  });

  it('uses the https source limits: a body over the size limit is refused, nothing written', async () => {
    const out = join(folder('https-large'), 'schedule.yaml');
    const args = ['--source', SIGS, '--calendar', `${https.origin}/community/basic.ics`, '--out', out];
    // Without --allow-private-source a calendar on a loopback address is refused before connecting.
    await expect(runAnchor(args, io(), { https: { agent: https.agent } })).rejects.toThrow(
      /refusing to connect to localhost \(127\.0\.0\.1, a loopback address\)/,
    );
    args.push('--allow-private-source');
    await expect(runAnchor(args, io(), { https: { agent: https.agent, maxBytes: 1000 } })).rejects.toThrow(
      SourceError,
    );
    await expect(runAnchor(args, io(), { https: { agent: https.agent, maxBytes: 1000 } })).rejects.toThrow(
      /larger than the limit of 1000/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

/*
 * The real-shaped Kubernetes fixture (35 groups, 102 meetings, about half of them biweekly or monthly
 * with no start) and its community calendar in Google's export shape: what a new user would run.
 */
describe('sigcal anchor on the Kubernetes-shaped community and its Google calendar', () => {
  const KUBERNETES = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
  const calendar = join(KUBERNETES, 'community-calendar.ics');
  const now = '2026-11-30T12:00:00Z';
  let report: AnchorReport;
  let site: string;

  beforeAll(async () => {
    const dir = folder('kubernetes');
    const overlay = join(dir, 'schedule.yaml');
    const anchored = await run(
      'anchor',
      '--source',
      join(KUBERNETES, 'sigs.yaml'),
      '--calendar',
      calendar,
      '--out',
      overlay,
      '--now',
      now,
      '--json',
    );
    expect(anchored.code).toBe(0);
    report = JSON.parse(anchored.stdout) as AnchorReport;
    site = join(dir, 'site');
    const built = await run(
      'build',
      '--source',
      join(KUBERNETES, 'sigs.yaml'),
      '--overlay',
      overlay,
      '--out',
      site,
      '--now',
      now,
    );
    expect(built.code).toBe(0);
  });

  it('anchors every open meeting the calendar has a live series for, even under other names', () => {
    expect(report.anchored).toHaveLength(46);
    expect(report.ambiguous).toStrictEqual([]);
    const id = (m: { group: string; id: string | null }) => `${m.group}/${m.id}`;
    const anchored = report.anchored.map((a) => id(a.meeting));
    // "SIG ContribEx Bi-Weekly Meeting" names Contributor Experience's regular meeting, not its
    // monthly community meeting; "Cloud Provider IBM Cloud Monthly Meeting" the IBM Cloud subproject's.
    expect(anchored).toContain('sig-contributor-experience/regular-sig-meeting');
    expect(anchored).toContain('sig-cloud-provider/provider-ibmcloud-ibm-cloud-subproject-meeting');
    // The calendar has no live series for these (one ended, and its new time is a single event).
    expect(report.unmatched.map((u) => id(u.meeting)).sort()).toStrictEqual([
      'committee-code-of-conduct/regular-committee-meeting-private',
      'sig-architecture/conformance-definition-conformance-office-hours',
      'sig-cloud-provider/provider-vsphere-vsphere-provider-monthly-meeting',
      'sig-multicluster/cluster-inventory-api-cluster-inventory-api-sync',
      'sig-scalability/regular-sig-meeting',
      'sig-scheduling/regular-sig-meeting-apac-friendly',
      'sig-testing/testing-commons',
      'wg-batch/regular-wg-meeting-apac',
    ]);
  });

  it('publishes every occurrence of an anchored meeting on a date of its matched series (ical.js)', () => {
    for (const a of report.anchored) {
      const events = published(site, `calendars/${a.meeting.group}/${a.meeting.id}.ics`);
      const series = seriesByIcal(calendar, a.series.uid, windowAround(new Date(now)));
      // The series' own dates in the window, none missing, none in other weeks (its exceptions are
      // only brought with --exceptions, so every rule date is published).
      expect(
        events.map((e) => e.start),
        `${a.meeting.group}/${a.meeting.id}`,
      ).toStrictEqual(series.rule);
    }
  });
});
