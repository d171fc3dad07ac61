import { createHash } from 'node:crypto';
import { buildCalendars, type CalendarOptions, GENERATOR } from './calendars.ts';
import { type Community, loadCommunity, type SourceText } from './community.ts';
import { ValidationError } from './errors.ts';
import type { LeftOutMeeting } from './meeting.ts';
import { PageBudgetError, type PageFile, renderPages } from './pages/index.ts';
import { buildReport, type ValidationReport } from './report.ts';
import type { Site, SiteObject } from './site.ts';
import type { FeedInfo, SiteModel } from './site-model.ts';
import { MANIFEST } from './site-paths.ts';
import { type PublishingWindow, type WindowOptions, windowAround } from './window.ts';

export { DEFAULT_BUDGET, type FeedBudget, GENERATOR } from './calendars.ts';

/**
 * `stamp` (from CalendarOptions) is the DTSTAMP of every event: when the source last changed. Shells keep
 * it from the previous manifest while the source hash is unchanged (see `chooseStamp`), so an unchanged
 * source republishes byte-identical feeds.
 */
export interface BuildOptions extends CalendarOptions {
  /** Leave out meetings with invalid fields instead of failing the whole build. */
  readonly keepGoing?: boolean;
  readonly window?: WindowOptions;
  /** Most characters the HTML pages may hold together (default 256 Mi); past it the build is refused. */
  readonly maxPageChars?: number;
}

export interface BuildInput {
  readonly source: SourceText;
  readonly overlay?: SourceText;
  readonly options: BuildOptions;
}

export interface BuildSummary {
  readonly groups: number;
  readonly scheduled: number;
  readonly unscheduled: number;
  readonly leftOut: readonly LeftOutMeeting[];
  readonly occurrences: number;
  readonly objects: number;
  readonly bytes: number;
  /** Feeds whose forward horizon the size budget shortened. */
  readonly shortenedFeeds: readonly FeedInfo[];
  readonly window: { readonly start: string; readonly end: string };
}

export interface BuiltSite {
  readonly site: Site;
  readonly model: SiteModel;
  readonly report: ValidationReport;
  readonly summary: BuildSummary;
}

/** What `manifest.json` records: the commit point of a publish, and what later runs may delete. */
export interface Manifest {
  readonly generator: string;
  readonly source: { readonly file: string; readonly sha256: string };
  readonly overlay: { readonly file: string; readonly sha256: string } | null;
  /** ISO instant used as DTSTAMP; reused while the source hash is unchanged. */
  readonly stamp: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly leftOut: readonly { readonly group: string; readonly index: number; readonly reason: string }[];
  readonly objects: Readonly<
    Record<string, { readonly sha256: string; readonly bytes: number; readonly contentType: string }>
  >;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ics: 'text/calendar; charset=utf-8',
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** Content-Type for a site path, by extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** How long CDNs and browsers may keep each kind of object; the manifest is never cached. */
export function cacheControlOf(path: string): string {
  if (path === MANIFEST) return 'no-cache';
  if (path.endsWith('.ics')) return 'public, max-age=900';
  if (path.startsWith('assets/')) return 'public, max-age=3600';
  return 'public, max-age=300';
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Builds the whole site in memory: parse → normalise → expand → feeds → pages → manifest. Throws
 * {@link ValidationError} (nothing built) on file-level errors, and on meeting-level errors unless
 * `keepGoing`. Same input, `now` within one UTC day and `stamp` → byte-identical site.
 */
export function buildSite(input: BuildInput): BuiltSite {
  const { options } = input;
  const community = loadCommunity(input.source, input.overlay ? { overlay: input.overlay } : {});
  const window = windowAround(options.now, options.window);
  const report = buildReport(community, window, { now: options.now });
  const fatal = community.diagnostics.filter(
    (d) => d.scope === 'file' || (d.scope === 'meeting' && !options.keepGoing),
  );
  if (fatal.length > 0) throw new ValidationError(fatal);

  const { model, feeds, occurrences, shortenedFeeds } = buildCalendars(community, window, options);
  const site = new Map<string, SiteObject>();
  const encoder = new TextEncoder();
  const add = (path: string, body: string, contentType = contentTypeOf(path)) =>
    site.set(path, { body: encoder.encode(body), contentType, cacheControl: cacheControlOf(path) });
  // Each text is dropped once encoded, so a large community never holds its site twice in memory.
  for (const [path, text] of feeds) {
    add(path, text);
    feeds.delete(path);
  }
  const pages = renderPagesWithin(model, input);
  for (const [path, page] of pages) {
    add(path, page.body, page.contentType);
    pages.delete(path);
  }
  add(MANIFEST, manifestJson(input, community, window, options.stamp, site));

  let bytes = 0;
  for (const object of site.values()) bytes += object.body.byteLength;
  const meetings = model.groups.flatMap((g) => g.meetings);
  const scheduled = meetings.filter((m) => m.meeting.status === 'scheduled').length;
  return {
    site,
    model,
    report,
    summary: {
      groups: model.groups.length,
      scheduled,
      unscheduled: meetings.length - scheduled,
      leftOut: community.leftOut,
      occurrences,
      objects: site.size,
      bytes,
      shortenedFeeds,
      window: isoWindow(window),
    },
  };
}

/** The pages, or a file-level ValidationError when the source asks for more than the budget allows. */
function renderPagesWithin(model: SiteModel, input: BuildInput): Map<string, PageFile> {
  const { maxPageChars } = input.options;
  try {
    return renderPages(model, maxPageChars === undefined ? {} : { maxChars: maxPageChars });
  } catch (error) {
    if (!(error instanceof PageBudgetError)) throw error;
    const message =
      `the pages would hold more than ${error.limit} characters: every meeting page repeats its ` +
      "group's name, mission statement and leadership, so shorten those or list fewer meetings per group";
    throw new ValidationError([{ file: input.source.file, line: 0, path: '', scope: 'file', message }]);
  }
}

function isoWindow(window: PublishingWindow): { start: string; end: string } {
  return { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() };
}

function manifestJson(
  input: BuildInput,
  community: Community,
  window: PublishingWindow,
  stamp: Date,
  site: ReadonlyMap<string, SiteObject>,
): string {
  const objects: Record<string, Manifest['objects'][string]> = {};
  for (const path of [...site.keys()].sort()) {
    const object = site.get(path) as SiteObject;
    objects[path] = {
      sha256: sha256(object.body),
      bytes: object.body.byteLength,
      contentType: object.contentType,
    };
  }
  const manifest: Manifest = {
    generator: GENERATOR,
    source: { file: input.source.file, sha256: sha256(input.source.text) },
    overlay: input.overlay ? { file: input.overlay.file, sha256: sha256(input.overlay.text) } : null,
    stamp: stamp.toISOString(),
    window: isoWindow(window),
    leftOut: community.leftOut.map((m) => ({ group: m.group, index: m.index, reason: m.reason })),
    objects,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The DTSTAMP for a build: the previous one while the source (and overlay) are unchanged, else `now`.
 * Pure: the shell reads the previous manifest and passes it in.
 */
export function chooseStamp(
  previous: Pick<Manifest, 'source' | 'overlay' | 'stamp'> | null,
  input: Pick<BuildInput, 'source' | 'overlay'>,
  now: Date,
): Date {
  const same =
    previous !== null &&
    previous.source.sha256 === sha256(input.source.text) &&
    (previous.overlay?.sha256 ?? null) === (input.overlay ? sha256(input.overlay.text) : null);
  const stamp = same ? new Date(previous.stamp) : now;
  // Whole seconds: DTSTAMP has no fractions.
  return new Date(Math.floor(stamp.getTime() / 1000) * 1000);
}

/** The previously published manifest from a store's bytes, or null when there is none or it is unreadable. */
export function parseManifest(bytes: Uint8Array | null): Manifest | null {
  if (!bytes) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
    return typeof value?.stamp === 'string' && typeof value.source?.sha256 === 'string' ? value : null;
  } catch {
    return null;
  }
}
