import type { CommunityGroup } from './community.ts';
import type { LeftOutMeeting, Meeting } from './meeting.ts';
import type { Occurrence } from './occurrences.ts';
import type { StartAdvice } from './start-advice.ts';
import type { PublishingWindow } from './window.ts';

/** A feed as published: its site path and, when the size budget shortened it, the last date it covers. */
export interface FeedInfo {
  readonly path: string;
  /** ISO date of the last day the feed covers when the budget cut its forward horizon; null when it is complete. */
  readonly shortenedTo: string | null;
  readonly events: number;
  readonly bytes: number;
  /**
   * Whether pages link it. A feed with no events is published (an old subscription stays a valid
   * calendar) but never linked; neither is `all.ics` when the budget would leave it less than a week.
   */
  readonly offered: boolean;
  /** Set when a feed is withheld although it has events: why, for the pages. */
  readonly withheld?: string;
}

/** One meeting with everything a page needs to show it. */
export interface MeetingView {
  readonly meeting: Meeting;
  readonly groupName: string;
  /** Occurrences inside the publishing window, in time order, cancelled ones included. */
  readonly occurrences: readonly Occurrence[];
  readonly page: string;
  /**
   * Null when the source determines none of its dates (an unscheduled meeting without one-off dates).
   * A feed may have no events in the window: it is published, and never linked.
   */
  readonly feed: FeedInfo | null;
  /** The schedule in words, e.g. "every other Tuesday at 18:30 (UTC)". */
  readonly summary: string;
  /** For an unscheduled meeting a start date would determine: which dates, and where to write one. */
  readonly advice: StartAdvice | null;
}

export interface GroupView {
  readonly group: CommunityGroup;
  readonly meetings: readonly MeetingView[];
  /** Its meetings left out for an error (under `--keep-going`), listed on its page with the reason. */
  readonly leftOut: readonly LeftOutMeeting[];
  readonly page: string;
  readonly feed: FeedInfo;
}

/** Everything the page renderers get; they compute nothing about time themselves. */
export interface SiteModel {
  readonly groups: readonly GroupView[];
  /** Every meeting left out for an error (under `--keep-going`), group by group. */
  readonly leftOut: readonly LeftOutMeeting[];
  readonly allFeed: FeedInfo;
  /** Absolute base URL the site is served from, ending in "/" (for subscribe links). */
  readonly siteUrl: string;
  /**
   * The start of the build's UTC day (ms) and the window: pages show "next" occurrences from it, so
   * every run within one day renders identical pages.
   */
  readonly now: number;
  readonly window: PublishingWindow;
  /** How far back and ahead the window reaches, in days: configuration, the same every day. */
  readonly windowDays: { readonly before: number; readonly after: number };
  /** The site's title, for the index heading, page titles and the all-meetings feed: "Kubernetes meetings". */
  readonly title: string;
  /** The community's own name ("Kubernetes"), or null when neither `--title` nor `community:` gives one. */
  readonly community: string | null;
  /** The source's file name without folders (`sigs.yaml`), as pages name it. */
  readonly sourceFile: string;
  /** e.g. "sigcal 0.1.0". */
  readonly generator: string;
}

/**
 * What page renderers get: the model without the build's day and window, so no page can depend on the
 * date it is built (dates reach pages in the browser, from the published JSON). Occurrences and start
 * advice in the views are date-dependent too: pages must not read them (a test builds on two days and
 * compares every page).
 */
export type PageModel = Omit<SiteModel, 'now' | 'window'>;
