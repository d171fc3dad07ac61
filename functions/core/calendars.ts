import { DAY_MS, utcDayOf } from './calendar-date.ts';
import type { Community } from './community.ts';
import {
  ALL_FEED_MIN_DAYS,
  DEFAULT_BUDGET,
  type FeedBudget,
  type FeedText,
  FeedWriter,
} from './feed-budget.ts';
import { FeedEvent } from './feed-event.ts';
import type { EventTemplate } from './ical/event.ts';
import { type Meeting, scheduleInWords } from './meeting.ts';
import { eventUids, type MeetingStamp, meetingEvents, meetingKey, uidHost } from './meeting-events.ts';
import { groupLabel, siteNames } from './names.ts';
import { expandOneOffs, expandSchedule } from './occurrences.ts';
import { joinPieces } from './pieced-text.ts';
import { ALL_FEED, groupFeed, groupPage, meetingFeed, meetingPage } from './site-contract.ts';
import type { FeedInfo, GroupView, MeetingView, SiteModel } from './site-model.ts';
import { fileName, startAdvice } from './start-advice.ts';
import { GENERATOR } from './version.ts';
import type { PublishingWindow } from './window.ts';

export { ALL_FEED_MIN_DAYS, DEFAULT_BUDGET, type FeedBudget, type FeedText } from './feed-budget.ts';

/** Every feed's text, assembled: for tests and tools that want them all at once. */
export function feedTexts(feeds: ReadonlyMap<string, FeedText>): Map<string, string> {
  return new Map([...feeds].map(([path, text]) => [path, joinPieces(text)]));
}
export type { MeetingStamp } from './meeting-events.ts';

export interface CalendarOptions {
  readonly now: Date;
  /**
   * The DTSTAMP of a meeting whose events are new or changed since `previousStamps` (whole seconds);
   * a meeting whose events are unchanged keeps its previous one. Shells pass the build's `now`.
   */
  readonly stamp: Date;
  /** Each meeting's stamp as the previous build recorded it (its manifest), by `<dir>/<meeting-id>`. */
  readonly previousStamps?: ReadonlyMap<string, MeetingStamp>;
  readonly siteUrl: string;
  readonly budget?: FeedBudget;
  /** Feed refresh interval (ISO 8601 duration). Default PT6H. */
  readonly refresh?: string;
  /**
   * The community's name (`--title`), for page titles and calendar names ("Kubernetes SIG Node"); wins
   * over the source's `community:` setting.
   */
  readonly title?: string;
}

export interface Calendars {
  readonly model: SiteModel;
  /** Feed path → its iCalendar text in pieces, made when asked for (the caller's to consume, once). */
  readonly feeds: Map<string, FeedText>;
  readonly occurrences: number;
  readonly shortenedFeeds: readonly FeedInfo[];
  /** Each meeting's stamp, for the manifest, by `<dir>/<meeting-id>`. */
  readonly stamps: ReadonlyMap<string, MeetingStamp>;
}

/**
 * Expands every meeting with dates in the window and writes the per-meeting, per-group and `all` feeds.
 * Each occurrence's event is rendered when the first feed showing it is written, and its text is shared
 * with the other feeds that show it (see FeedEvent). A meeting has
 * a feed when the source determines any of its dates: its series, or one-off dates of an unscheduled
 * meeting. A feed with no events in the window is still written (a subscriber of its URL keeps a valid,
 * empty calendar); the pages never link it.
 */
export function buildCalendars(
  community: Community,
  window: PublishingWindow,
  options: CalendarOptions,
): Calendars {
  // Normalised: the URL parser drops tabs and line breaks that a raw string would carry into the feeds.
  const href = new URL(options.siteUrl).href;
  const siteUrl = href.endsWith('/') ? href : `${href}/`;
  const host = uidHost(siteUrl);
  const feeds = new FeedWriter(
    options.budget ?? DEFAULT_BUDGET,
    options.refresh ?? 'PT6H',
    options.now.getTime(),
    community.color,
  );
  const names = siteNames(options.title ?? community.name);

  const today = utcDayOf(options.now.getTime());
  // One event template per meeting with dates: its fixed lines are escaped and folded once.
  const templates = new Map<Meeting, EventTemplate>();
  const stamps = new Map<string, MeetingStamp>();
  for (const group of community.groups) {
    for (const meeting of group.meetings) {
      if (meeting.status !== 'scheduled' && !meeting.oneOffs) continue;
      const key = meetingKey(group.dir, meeting.id);
      const events = meetingEvents(
        group,
        meeting,
        siteUrl,
        options.stamp.getTime(),
        options.previousStamps?.get(key),
      );
      templates.set(meeting, events.template);
      stamps.set(key, events.stamp);
    }
  }

  const files = new Map<string, FeedText>();
  const all: FeedEvent[] = [];
  let occurrenceCount = 0;
  const groups: GroupView[] = community.groups.map((group) => {
    const groupEvents: FeedEvent[] = [];
    const meetings = group.meetings.map((meeting): MeetingView => {
      const page = meetingPage(group.dir, meeting.id);
      const summary = scheduleInWords(meeting);
      const template = templates.get(meeting);
      const advice = meeting.status === 'unscheduled' ? startAdvice(community, meeting, today) : null;
      const dates = meeting.status === 'scheduled' ? meeting.schedule : meeting.oneOffs;
      if (!dates || !template) {
        return { meeting, groupName: group.name, occurrences: [], page, feed: null, summary, advice };
      }
      const occurrences =
        meeting.status === 'scheduled'
          ? expandSchedule(meeting.schedule, window)
          : expandOneOffs(dates, window);
      occurrenceCount += occurrences.length;
      const uid = eventUids(group.dir, meeting.id, host);
      const events = occurrences.map(
        (o) => new FeedEvent(template, `${uid.head}${o.seriesDate}${uid.tail}`, o),
      );
      groupEvents.push(...events);
      const feed = feeds.write(files, meetingFeed(group.dir, meeting.id), events, {
        name: names.meeting(group.kind, group.name, meeting.description),
        description: `${summary}. ${siteUrl + page}`,
      });
      return { meeting, groupName: group.name, occurrences, page, feed, summary, advice };
    });
    all.push(...groupEvents);
    const feed = feeds.write(files, groupFeed(group.dir), groupEvents, {
      name: names.group(group.kind, group.name),
      description: `All meetings of ${groupLabel(group.kind, group.name)}. ${siteUrl}${groupPage(group.dir)}`,
    });
    const leftOut = community.leftOut.filter((m) => m.group === group.dir);
    return { group, meetings, leftOut, page: groupPage(group.dir), feed };
  });
  const allFeed = feeds.write(
    files,
    ALL_FEED,
    all,
    { name: names.site, description: `Every meeting. ${siteUrl}` },
    { minDays: ALL_FEED_MIN_DAYS, instead: `Subscribe to a group's calendar instead: ${siteUrl}` },
  );

  const model: SiteModel = {
    groups,
    leftOut: community.leftOut,
    allFeed,
    siteUrl,
    // Pages are as of the start of the UTC day, so every run within one day renders them identically.
    now: utcDayOf(options.now.getTime()) * DAY_MS,
    window,
    windowDays: {
      before: utcDayOf(options.now.getTime()) - utcDayOf(window.start),
      after: utcDayOf(window.end) - utcDayOf(options.now.getTime()) - 1,
    },
    title: names.site,
    community: names.community,
    sourceFile: fileName(community.file),
    generator: GENERATOR,
  };
  return { model, feeds: files, occurrences: occurrenceCount, shortenedFeeds: feeds.shortened, stamps };
}
