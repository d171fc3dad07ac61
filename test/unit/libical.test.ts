import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCalendars, feedTexts } from '../../functions/core/calendars.ts';
import { loadCommunity } from '../../functions/core/community.ts';
import { assembleCalendar } from '../../functions/core/ical/calendar.ts';
import { EventTemplate } from '../../functions/core/ical/event.ts';
import { windowAround } from '../../functions/core/window.ts';

/*
 * libical, the C library behind Evolution and many servers, reads every feed as a second independent
 * reader next to ical.js: test/support/libical-check.c reports its parse errors, its iTIP restriction
 * check and RFC 5545's property counts. It needs Debian's libical-dev and a C compiler; CI installs
 * them, so a machine without them fails here rather than skipping.
 */

const CHECKER_SOURCE = 'test/support/libical-check.c';
const NOW = new Date('2026-11-30T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'sigcal-libical-'));
let compiled: string | undefined;

/** The checker, compiled on first use: each test that needs it fails on its own when it cannot be built. */
function checker(): string {
  compiled ??= compileChecker();
  return compiled;
}

function compileChecker(): string {
  let flags = ['-lical'];
  try {
    flags = execFileSync('pkg-config', ['--cflags', '--libs', 'libical'], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
  } catch {
    // No pkg-config: libical's headers and library in the default paths, as Debian installs them.
  }
  const exe = join(dir, 'libical-check');
  const cc = spawnSync('cc', ['-O2', '-o', exe, CHECKER_SOURCE, ...flags], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) {
    throw new Error(
      `cannot build ${CHECKER_SOURCE} against libical: install Debian's libical-dev, pkg-config and a C compiler (apt-get install -y libical-dev pkg-config gcc)\n${cc.error ?? cc.stderr}`,
    );
  }
  return exe;
}

/** Writes feeds into a folder of their own and runs the checker on all of them at once. */
function check(name: string, feeds: ReadonlyMap<string, string>) {
  const root = join(dir, name);
  const paths = [...feeds.keys()].sort();
  for (const path of paths) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), feeds.get(path) as string);
  }
  const run = spawnSync(
    checker(),
    paths.map((p) => join(root, p)),
    { encoding: 'utf8' },
  );
  const lines = run.stdout.trim().split('\n');
  return { status: run.status, lines, root, paths };
}

function calendarsOf(file: string) {
  const community = loadCommunity({ file, text: readFileSync(file, 'utf8') });
  return feedTexts(
    buildCalendars(community, windowAround(NOW), {
      now: NOW,
      stamp: new Date('2026-01-01T00:00:00Z'),
      siteUrl: 'https://meetings.example.org/',
    }).feeds,
  );
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('libical reads every feed without a problem', () => {
  it.each(['sigs.yaml', 'test/fixtures/small/sigs.yaml'])('every feed built from %s', (file) => {
    const feeds = calendarsOf(file);
    expect(feeds.size).toBeGreaterThan(5);
    const { status, lines, root, paths } = check(file.replace(/\W/g, '-'), feeds);
    // One "ok" line per feed, counting the events that libical read.
    expect(lines).toEqual(
      paths.map((p) => {
        const events = (feeds.get(p) as string).split('\r\nBEGIN:VEVENT\r\n').length - 1;
        return `${join(root, p)}: ok, ${events} events`;
      }),
    );
    expect(status).toBe(0);
  });

  it('a feed with hostile and 10,000-character values', () => {
    const hostile = 'a,b;c\\d\r\nEND:VEVENT\r\nBEGIN:VEVENT\nX-EVIL:1\u0085\u2028\u202e 😀 e\u0301 ';
    const long = hostile.repeat(10_000 / hostile.length + 1).slice(0, 10_000);
    const template = new EventTemplate({
      summary: long,
      description: long,
      location: hostile,
      url: 'https://example.org/x',
      stamp: 0,
    });
    const feed = assembleCalendar(
      { name: long, description: hostile, refresh: 'PT6H', productId: '-//t//t//EN' },
      [template.render('u@x', 0, 3_600_000, false), template.render('v@x', 0, 3_600_000, true)],
    );
    const { status, lines } = check('hostile', new Map([['hostile.ics', feed]]));
    expect(lines).toEqual([`${join(dir, 'hostile', 'hostile.ics')}: ok, 2 events`]);
    expect(status).toBe(0);
  });
});

describe('the checker itself', () => {
  const feed = calendarsOf('test/fixtures/small/sigs.yaml').get('calendars/wg-beta.ics') as string;

  it('fails a feed with METHOD:PUBLISH and no ORGANIZER: an iTIP message that is not one', () => {
    const published = feed.replace('CALSCALE:GREGORIAN\r\n', 'CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n');
    expect(published).not.toBe(feed);
    const { status, lines } = check('method', new Map([['f.ics', published]]));
    expect(status).toBe(1);
    expect(lines.join('\n')).toMatch(/INVALID-ITIP:Failed iTIP restrictions for ORGANIZER property/);
  });

  it.each([
    ['no DTSTAMP', (f: string) => f.replace(/^DTSTAMP:.*\r\n/m, ''), /0 DTSTAMP properties/],
    ['two UIDs', (f: string) => f.replace(/^(UID:.*\r\n)/m, '$1$1'), /2 UID properties/],
    ['a bad DTSTART', (f: string) => f.replace(/^DTSTART:2/m, 'DTSTART:x'), /Can't parse as DATE-TIME/],
    ['no VCALENDAR', (f: string) => f.replace(/^BEGIN:VCALENDAR\r\n/, ''), /not one VCALENDAR|X-LIC-ERROR/],
  ])('fails a feed with %s', (_, breakIt, message) => {
    const broken = breakIt(feed);
    expect(broken).not.toBe(feed);
    const { status, lines } = check('broken', new Map([['f.ics', broken]]));
    expect(status).toBe(1);
    expect(lines.join('\n')).toMatch(message);
  });
});
