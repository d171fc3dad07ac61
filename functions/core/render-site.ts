import {
  buildCalendars,
  type CalendarOptions,
  DEFAULT_BUDGET,
  type FeedText,
  type MeetingStamp,
} from './calendars.ts';
import { type Community, loadCommunity, type SourceText } from './community.ts';
import { buildData } from './data-feed.ts';
import { type Diagnostic, ValidationError } from './errors.ts';
import type { LeftOutMeeting } from './meeting.ts';
import { eachPage, PageBudgetError, type PageFile } from './pages/index.ts';
import type { PiecedText } from './pieced-text.ts';
import { buildReport, sourceWarnings, type ValidationReport } from './report.ts';
import { cacheControlOf, contentTypeOf, type Phase } from './site-contract.ts';
import type { FeedInfo, SiteModel } from './site-model.ts';
import { type PublishingWindow, type WindowOptions, windowAround } from './window.ts';

export { DEFAULT_BUDGET, type FeedBudget } from './calendars.ts';
export { GENERATOR } from './version.ts';

/**
 * `stamp` and `previousStamps` (from CalendarOptions) decide each meeting's DTSTAMP: the one the previous
 * build recorded while the meeting's events are unchanged, else `stamp` (the build's now), so an
 * unchanged source republishes byte-identical events.
 */
export interface BuildOptions extends CalendarOptions {
  /** Leave out meetings with invalid fields instead of failing the whole build. */
  readonly keepGoing?: boolean;
  readonly window?: WindowOptions;
  /**
   * Most characters the HTML pages may hold together, a backstop checked while rendering (default: the
   * site budget, which an accepted source's pages never reach); past it the build is refused.
   */
  readonly maxPageChars?: number;
  /**
   * Most bytes the build may make, estimated before anything is rendered (default 512 MiB, see
   * site-budget.ts); a source that asks for more is a file-level error.
   */
  readonly maxSiteBytes?: number;
}

export interface BuildInput {
  readonly source: SourceText;
  readonly overlay?: SourceText;
  readonly options: BuildOptions;
}

/** One file of the site as text, tagged with how it is served and the phase it is written in. */
export interface RenderedFile {
  readonly path: string;
  /** A page's text, or a feed's or data file's in pieces (see PiecedText). */
  readonly text: string | PiecedText;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly phase: Phase;
}

/** What the build found, in counts and names; the pipeline adds what was written. */
export interface RenderSummary {
  readonly groups: number;
  readonly scheduled: number;
  readonly unscheduled: number;
  readonly leftOut: readonly LeftOutMeeting[];
  /**
   * The warnings `sigcal validate` prints (see sourceWarnings): a value left out or cleaned, a series
   * that ended before the window…
   */
  readonly warnings: readonly Diagnostic[];
  readonly occurrences: number;
  /** Feeds whose forward horizon the size budget shortened. */
  readonly shortenedFeeds: readonly FeedInfo[];
  readonly window: { readonly start: string; readonly end: string };
}

export interface RenderedSite {
  readonly community: Community;
  readonly window: PublishingWindow;
  readonly model: SiteModel;
  /** What `sigcal validate` reports of the source; made when first read. */
  readonly report: ValidationReport;
  readonly summary: RenderSummary;
  /** Each meeting's DTSTAMP and events fingerprint, for the manifest. */
  readonly stamps: ReadonlyMap<string, MeetingStamp>;
  /**
   * Every file but the manifest, produced one at a time as it is consumed (feeds, then pages and
   * assets), so a caller that encodes each one as it comes never holds the site twice.
   */
  readonly files: Iterable<RenderedFile>;
}

/**
 * The community a build of `input` renders, and its publishing window, once the source has passed the
 * checks the build makes. Throws {@link ValidationError} on file-level errors, and on meeting-level
 * errors unless `keepGoing`. Renders nothing.
 */
export function checkedCommunity(input: BuildInput): {
  readonly community: Community;
  readonly window: PublishingWindow;
} {
  const { options } = input;
  const window = windowAround(options.now, options.window);
  const community = loadCommunity(input.source, {
    ...(input.overlay ? { overlay: input.overlay } : {}),
    site: {
      window,
      now: options.now,
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.budget ? { maxFeedBytes: options.budget.maxBytes } : {}),
      ...(options.maxSiteBytes !== undefined ? { maxBytes: options.maxSiteBytes } : {}),
    },
  });
  const fatal = community.diagnostics.filter(
    (d) => d.scope === 'file' || (d.scope === 'meeting' && !options.keepGoing),
  );
  if (fatal.length > 0) throw new ValidationError(fatal);
  return { community, window };
}

/**
 * The whole site as text: parse → normalise → expand → feeds → pages. Throws {@link ValidationError}
 * (nothing rendered) on file-level errors, and on meeting-level errors unless `keepGoing`. Same input,
 * `now` within one UTC day and `stamp` → identical files.
 */
export function renderSite(input: BuildInput): RenderedSite {
  const { options } = input;
  const { community, window } = checkedCommunity(input);

  const { model, feeds, occurrences, shortenedFeeds, stamps } = buildCalendars(community, window, options);
  // Beside the feeds: the same dates as JSON, which pages read in the browser.
  for (const [path, text] of buildData(model, {
    now: options.now.getTime(),
    budget: options.budget ?? DEFAULT_BUDGET,
  })) {
    feeds.set(path, text);
  }
  const meetings = model.groups.flatMap((g) => g.meetings);
  const scheduled = meetings.filter((m) => m.meeting.status === 'scheduled').length;
  let report: ValidationReport | undefined;
  return {
    community,
    window,
    model,
    // Made when asked for: a build does not print it (sigcal validate makes its own).
    get report() {
      report ??= buildReport(community, window, { now: options.now });
      return report;
    },
    summary: {
      groups: model.groups.length,
      scheduled,
      unscheduled: meetings.length - scheduled,
      leftOut: community.leftOut,
      warnings: sourceWarnings(community, window),
      occurrences,
      shortenedFeeds,
      window: isoWindow(window),
    },
    stamps,
    files: drain(feeds, pagesWithin(model, input)),
  };
}

/** Yields each file once and lets it go, so it can be collected once the caller has encoded it. */
function* drain(
  feeds: Map<string, FeedText>,
  pages: Iterable<[string, { body: string; contentType: string; phase: Phase }]>,
): Generator<RenderedFile> {
  for (const [path, text] of feeds) {
    feeds.delete(path);
    yield {
      path,
      text,
      contentType: contentTypeOf(path),
      cacheControl: cacheControlOf(path),
      phase: 'feeds and assets',
    };
  }
  for (const [path, page] of pages) {
    yield {
      path,
      text: page.body,
      contentType: page.contentType,
      cacheControl: cacheControlOf(path),
      phase: page.phase,
    };
  }
}

/**
 * The pages, rendered as they are consumed; a file-level ValidationError once they pass the pages'
 * budget (the consumer has then written nothing: the pipeline builds the whole site before it syncs).
 */
function* pagesWithin(model: SiteModel, input: BuildInput): Generator<[string, PageFile]> {
  const { maxPageChars, maxSiteBytes } = input.options;
  // The backstop follows the budget in use, so what `validate` accepts, `build` builds.
  const maxChars = maxPageChars ?? maxSiteBytes;
  try {
    yield* eachPage(model, maxChars === undefined ? {} : { maxChars });
  } catch (error) {
    if (!(error instanceof PageBudgetError)) throw error;
    const message =
      `the pages would hold more than ${error.limit} characters: every meeting page repeats its ` +
      "group's name, mission statement and leadership, so shorten those or list fewer meetings per group";
    throw new ValidationError([{ file: input.source.file, line: 0, path: '', scope: 'file', message }]);
  }
}

/** The window as ISO instants, as summaries and the manifest record it. */
export function isoWindow(window: PublishingWindow): { start: string; end: string } {
  return { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() };
}
