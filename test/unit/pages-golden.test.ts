import { readFile } from 'node:fs/promises';
import { describe, it } from 'vitest';
import { buildSite } from '../../functions/pipeline/build.ts';
import { expectGolden } from '../support/golden.ts';

/**
 * Key fragments of the small fixture's pages, pinned byte for byte: what a reader without JavaScript
 * sees (the schedule in the meeting's own words and zone) and the containers the script fills from the
 * JSON, subscribe links, and how an unscheduled meeting is shown, with where to write a start date. `UPDATE_GOLDEN=1 npm test` rewrites them; review the diff.
 */
const NOW = new Date('2026-11-30T12:00:00Z');

async function site() {
  const text = await readFile('test/fixtures/small/sigs.yaml', 'utf8');
  const built = buildSite({
    source: { file: 'test/fixtures/small/sigs.yaml', text },
    options: { now: NOW, stamp: new Date('2026-01-01T00:00:00Z'), siteUrl: 'https://meetings.example.org/' },
  });
  return (path: string) => new TextDecoder().decode(built.site.get(path)?.body);
}

/** A top-level `<section … aria-labelledby="id">` of a page, up to the next one or the end of main. */
function section(html: string, id: string): string {
  const start = html.search(new RegExp(`<section[^>]* aria-labelledby="${id}"`));
  if (start === -1) throw new Error(`no section ${id}`);
  const next = html.indexOf('\n<section ', start + 1);
  const end = next === -1 ? html.indexOf('</main>', start) : next;
  return `${html.slice(start, end).trimEnd()}\n`;
}

describe('golden page fragments for the small fixture', async () => {
  const page = await site();
  it.each([
    ['sig-alpha/regular-sig-meeting.html', 'next'],
    ['sig-alpha/regular-sig-meeting.html', 'upcoming'],
    ['sig-alpha/regular-sig-meeting.html', 'subscribe'],
    ['sig-alpha/regular-sig-meeting.html', 'when'],
    ['wg-beta/index.html', 'meetings'],
    ['wg-beta/planning.html', 'dates'],
    ['index.html', 'week'],
  ])('%s #%s', async (path, id) => {
    await expectGolden(`small/pages/${path.replace(/\//g, '_')}.${id}.html`, section(page(path), id));
  });
});
