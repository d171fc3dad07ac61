import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';

/*
 * Pages do not depend on the day they are built: dates reach them in the browser, from the published
 * JSON. So a daily run with an unchanged source rewrites no page, and a change to one meeting rewrites
 * only the objects that show it. (The DTSTAMP is held fixed here, as the pipeline holds it for an
 * unchanged source; per-meeting DTSTAMPs make it so for a changed one.)
 */

const KUBERNETES = 'test/fixtures/kubernetes/sigs.yaml';
const PAGES = 'test/fixtures/pages/sigs.yaml';
const STAMP = new Date('2026-01-01T00:00:00Z');

function build(text: string, now: string, file = 'sigs.yaml'): BuiltSite {
  return buildSite({
    source: { file, text },
    options: { now: new Date(now), stamp: STAMP, siteUrl: 'https://meetings.example.org/', keepGoing: true },
  });
}

/** Paths whose bytes differ between two builds, and paths only one of them has. */
function changed(a: BuiltSite, b: BuiltSite): string[] {
  const paths = new Set([...a.site.keys(), ...b.site.keys()]);
  return [...paths].filter((p) => a.site.get(p)?.sha256 !== b.site.get(p)?.sha256).sort();
}

const pagesOf = (built: BuiltSite) => [...built.site.keys()].filter((p) => p.endsWith('.html'));

describe.each([
  [KUBERNETES, '2026-11-30T12:00:00Z', '2026-12-01T05:30:00Z'],
  [KUBERNETES, '2026-11-30T12:00:00Z', '2027-02-16T17:34:00Z'],
  [PAGES, '2026-11-30T12:00:00Z', '2026-12-07T23:59:00Z'],
])('%s built on %s and on %s', async (file, day1, day2) => {
  const text = await readFile(file, 'utf8');
  const first = build(text, day1);
  const second = build(text, day2);

  it('gives every HTML page, byte for byte, and the same assets', () => {
    expect(pagesOf(second)).toEqual(pagesOf(first));
    expect(pagesOf(first).length).toBeGreaterThan(10);
    const differ = changed(first, second).filter((p) => !p.endsWith('.ics') && !p.endsWith('.json'));
    expect(differ).toEqual([]);
  });

  it('changes the data: every JSON file moves with the day, and the manifest with it', () => {
    const json = [...first.site.keys()].filter((p) => p.endsWith('.json'));
    expect(changed(first, second).filter((p) => p.endsWith('.json'))).toEqual(json.sort());
  });
});

describe('a change to one meeting of the Kubernetes fixture', async () => {
  const text = await readFile(KUBERNETES, 'utf8');
  const at = text.indexOf('- dir: sig-node');
  const edited = text.slice(0, at) + text.slice(at).replace('    time: "10:00"\n', '    time: "10:30"\n');
  const now = '2026-11-30T12:00:00Z';

  it('rewrites its feed, its group feed, all.ics, its page, its group page, both JSON files and the manifest', () => {
    expect(edited).not.toBe(text);
    expect(changed(build(text, now), build(edited, now))).toEqual([
      'calendars/all.ics',
      'calendars/all.json',
      'calendars/sig-node.ics',
      'calendars/sig-node.json',
      'calendars/sig-node/regular-sig-meeting.ics',
      'manifest.json',
      'sig-node/index.html',
      'sig-node/regular-sig-meeting.html',
    ]);
  });
});
