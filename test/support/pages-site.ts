import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BuildOptions, type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';

/** The fixture the page tests use, and the instant it is built for. */
export const PAGES_FIXTURE = 'test/fixtures/pages/sigs.yaml';
export const PAGES_NOW = new Date('2026-11-30T12:00:00Z');
export const PAGES_SITE_URL = 'https://meetings.example.org/';

/**
 * Builds the pages fixture into an in-memory site (feeds, pages, assets, manifest), with `--keep-going`:
 * the fixture has a meeting left out for an error.
 */
export async function buildPagesFixture(options: Partial<BuildOptions> = {}): Promise<BuiltSite> {
  const text = await readFile(PAGES_FIXTURE, 'utf8');
  return buildSite({
    source: { file: 'sigs.yaml', text },
    options: {
      now: PAGES_NOW,
      stamp: new Date('2026-01-01T00:00:00Z'),
      siteUrl: PAGES_SITE_URL,
      keepGoing: true,
      ...options,
    },
  });
}

/** The site's text objects (HTML, CSS, JS, feeds) by path. */
export function textsOf(built: BuiltSite): Map<string, string> {
  const decoder = new TextDecoder();
  return new Map([...built.site].map(([path, object]) => [path, decoder.decode(object.body)]));
}

/** Writes a built site into a folder. */
export async function writeSiteTo(built: BuiltSite, root: string): Promise<void> {
  for (const [path, object] of built.site) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, object.body);
  }
}
