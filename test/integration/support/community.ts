import { type BuiltSite, buildSite } from '../../../functions/pipeline/build.ts';
import { parseManifest } from '../../../functions/pipeline/manifest.ts';
import { buildInput } from '../../../functions/pipeline/pipeline.ts';
import type { Site } from '../../../functions/store/site.ts';

export interface FixtureMeeting {
  readonly description: string;
  readonly day: string;
  readonly time: string;
  readonly tz: string;
  readonly frequency: string;
  readonly start?: string;
}

export interface FixtureGroup {
  readonly dir: string;
  readonly name: string;
  readonly meetings: readonly FixtureMeeting[];
}

/** A small community with a few groups, zones and rules; tests derive variants from it. */
export const COMMUNITY: readonly FixtureGroup[] = [
  {
    dir: 'sig-docs',
    name: 'Docs',
    meetings: [
      { description: 'Weekly meeting', day: 'Tuesday', time: '17:00', tz: 'UTC', frequency: 'weekly' },
      { description: 'Triage', day: 'Thursday', time: '9:00', tz: 'PT (Pacific Time)', frequency: 'weekly' },
    ],
  },
  {
    dir: 'sig-net',
    name: 'Network',
    meetings: [
      {
        description: 'Regular meeting',
        day: 'Thursday',
        time: '14:00',
        tz: 'ET',
        frequency: 'biweekly',
        start: '2026-01-08',
      },
    ],
  },
  {
    dir: 'wg-release',
    name: 'Release',
    meetings: [
      {
        description: 'Release sync',
        day: 'Monday',
        time: '16:00',
        tz: 'CET',
        frequency: 'first Monday of the month',
      },
    ],
  },
];

export const NOW = new Date('2026-03-03T12:00:00Z');

// For the fault sweeps: a small community and an update that changes a meeting, removes a group and
// adds one, so a run overwrites, creates and deletes.
const DOCS = COMMUNITY[0] as FixtureGroup;
const SWEEP_BASE: FixtureGroup[] = [
  { ...DOCS, meetings: DOCS.meetings.slice(0, 1) },
  COMMUNITY[1] as FixtureGroup,
];
export const SWEEP_OLD = (): string => sigsYaml(SWEEP_BASE);
export const SWEEP_NEW = (): string =>
  sigsYaml([
    ...without(withMeeting(SWEEP_BASE, 'sig-docs', 0, { time: '18:00' }), 'sig-net'),
    {
      dir: 'wg-infra',
      name: 'Infra',
      meetings: [
        { description: 'Ops review', day: 'Wednesday', time: '8:00', tz: 'UTC', frequency: 'weekly' },
      ],
    },
  ]);
export const SITE_URL = 'https://cal.example.org/';

/** The community as sigs.yaml text. */
export function sigsYaml(groups: readonly FixtureGroup[]): string {
  const lines = ['sigs:'];
  for (const g of groups) {
    lines.push(`  - dir: ${g.dir}`, `    name: ${g.name}`, '    meetings:');
    for (const m of g.meetings) {
      lines.push(
        `      - description: ${m.description}`,
        `        day: ${m.day}`,
        `        time: "${m.time}"`,
        `        tz: ${m.tz}`,
        `        frequency: ${m.frequency}`,
        ...(m.start ? [`        start: ${m.start}`] : []),
        `        url: https://meet.example.org/${g.dir}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The community with one meeting's fields changed. */
export function withMeeting(
  groups: readonly FixtureGroup[],
  dir: string,
  index: number,
  change: Partial<FixtureMeeting>,
): FixtureGroup[] {
  return groups.map((g) =>
    g.dir === dir ? { ...g, meetings: g.meetings.map((m, i) => (i === index ? { ...m, ...change } : m)) } : g,
  );
}

export const without = (groups: readonly FixtureGroup[], dir: string) => groups.filter((g) => g.dir !== dir);

/**
 * Builds a site the way runPipeline does for a store whose published manifest is `previous`
 * (each meeting keeps its DTSTAMP while its events are unchanged).
 */
export function build(
  yaml: string,
  {
    previous = null,
    now = NOW,
    file = 'sigs.yaml',
  }: { previous?: Site | null; now?: Date; file?: string } = {},
): BuiltSite {
  const manifest = parseManifest(previous?.get('manifest.json')?.body ?? null);
  return buildSite(
    buildInput({ now, siteUrl: SITE_URL, keepGoing: false })({ source: { file, text: yaml } }, manifest),
  );
}

/** Paths whose bytes or headers differ between two sites, and paths only in one of them. */
export function diff(a: Site, b: Site): { changed: string[]; added: string[]; removed: string[] } {
  const same = (x: Site, y: Site, p: string) => {
    const ox = x.get(p);
    const oy = y.get(p);
    return (
      ox !== undefined &&
      oy !== undefined &&
      Buffer.from(ox.body).equals(Buffer.from(oy.body)) &&
      ox.contentType === oy.contentType &&
      ox.cacheControl === oy.cacheControl
    );
  };
  return {
    changed: [...b.keys()].filter((p) => a.has(p) && !same(a, b, p)).sort(),
    added: [...b.keys()].filter((p) => !a.has(p)).sort(),
    removed: [...a.keys()].filter((p) => !b.has(p)).sort(),
  };
}
