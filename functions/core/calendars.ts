import { DAY_MS, dayFromIso, utcDayOf } from './calendar-date.ts';
import type { Community, CommunityGroup } from './community.ts';
import {
  ALL_FEED_MIN_DAYS,
  DEFAULT_BUDGET,
  type FeedBudget,
  fitBudget,
  lastDayBefore,
} from './feed-budget.ts';
import { CALENDAR_FOOTER, type CalendarInput, calendarHeader } from './ical/calendar.ts';
import { EventTemplate, type RenderedEvent } from './ical/event.ts';
import { type Meeting, scheduleInWords } from './meeting.ts';
import { groupLabel, siteNames } from './names.ts';
import { expandOneOffs, expandSchedule } from './occurrences.ts';
import { ALL_FEED, groupFeed, groupPage, meetingFeed, meetingPage } from './site-contract.ts';
import type { FeedInfo, GroupView, MeetingView, SiteModel } from './site-model.ts';
import { fileName, startAdvice } from './start-advice.ts';
import { utf8Length } from './utf8.ts';
import { GENERATOR } from './version.ts';
import type { PublishingWindow } from './window.ts';

export { ALL_FEED_MIN_DAYS, DEFAULT_BUDGET, type FeedBudget } from './feed-budget.ts';

export interface CalendarOptions {
  readonly now: Date;
  /** DTSTAMP of every event: when the source last changed (see BuildOptions). */
  readonly stamp: Date;
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
  /** Feed path → iCalendar text (the caller's to consume). */
  readonly feeds: Map<string, string>;
  readonly occurrences: number;
  readonly shortenedFeeds: readonly FeedInfo[];
}

/**
 * Expands every meeting with dates in the window and writes the per-meeting, per-group and `all` feeds.
 * Each occurrence is rendered once and the same text is assembled into all three feeds. A meeting has
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
  const host = new URL(siteUrl).host || 'sigcal';
  const feeds = new FeedWriter(
    options.budget ?? DEFAULT_BUDGET,
    options.refresh ?? 'PT6H',
    options.now.getTime(),
    community.color,
  );
  const stamp = options.stamp.getTime();
  const names = siteNames(options.title ?? community.name);

  const today = utcDayOf(options.now.getTime());
  // One event template per meeting with dates: its fixed lines are escaped and folded once.
  const templates = new Map<Meeting, EventTemplate>();
  for (const group of community.groups) {
    for (const meeting of group.meetings) {
      if (meeting.status !== 'scheduled' && !meeting.oneOffs) continue;
      const pageUrl = siteUrl + meetingPage(group.dir, meeting.id);
      templates.set(
        meeting,
        new EventTemplate({
          summary: `${group.name}: ${meeting.description}`,
          description: eventDescription(group, meeting, scheduleInWords(meeting), pageUrl),
          location: meeting.links.join,
          url: pageUrl,
          stamp,
        }),
      );
    }
  }

  const files = new Map<string, string>();
  const all: RenderedEvent[] = [];
  let occurrenceCount = 0;
  const groups: GroupView[] = community.groups.map((group) => {
    const groupEvents: RenderedEvent[] = [];
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
      const uid = `${group.dir}.${meeting.id}.`;
      // Named by the date of the series: a moved occurrence keeps its event, which calendars then move.
      const events = occurrences.map((o) =>
        template.render(`${uid}${o.seriesDate}@${host}`, o.start, o.end, o.cancelled),
      );
      groupEvents.push(...events);
      const feed = feeds.write(files, meetingFeed(group.dir, meeting.id), events, {
        name: names.meeting(group.kind, group.name, meeting.description),
        description: `${summary}. ${siteUrl + page}`,
      });
      return { meeting, groupName: group.name, occurrences, page, feed, summary, advice };
    });
    all.push(...groupEvents);
    const feed = feeds.write(files, groupFeed(group.dir), sortEvents(groupEvents), {
      name: names.group(group.kind, group.name),
      description: `All meetings of ${groupLabel(group.kind, group.name)}. ${siteUrl}${groupPage(group.dir)}`,
    });
    const leftOut = community.leftOut.filter((m) => m.group === group.dir);
    return { group, meetings, leftOut, page: groupPage(group.dir), feed };
  });
  const allFeed = feeds.write(
    files,
    ALL_FEED,
    sortEvents(all),
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
  return { model, feeds: files, occurrences: occurrenceCount, shortenedFeeds: feeds.shortened };
}

function eventDescription(group: CommunityGroup, meeting: Meeting, summary: string, pageUrl: string): string {
  const lines = [`${group.name}: ${meeting.description}`, `When: ${summary}`];
  if (meeting.links.join) lines.push(`Join: ${meeting.links.join}`);
  if (meeting.links.notes) lines.push(`Notes and agenda: ${meeting.links.notes}`);
  if (meeting.links.recordings) lines.push(`Recordings: ${meeting.links.recordings}`);
  lines.push(`Meeting page (times in your zone): ${pageUrl}`);
  return lines.join('\n');
}

function sortEvents(events: RenderedEvent[]): RenderedEvent[] {
  return events.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

/** Writes feeds within the size budget, shortening the forward horizon of those that would exceed it. */
class FeedWriter {
  readonly shortened: FeedInfo[] = [];

  constructor(
    private readonly budget: FeedBudget,
    private readonly refresh: string,
    private readonly now: number,
    private readonly color: string | null,
  ) {}

  /**
   * Writes one feed. With `least`, a feed the budget would cut to fewer than `least.minDays` days from
   * today is written without events, its description saying `least.instead`, and is not offered.
   */
  write(
    files: Map<string, string>,
    path: string,
    events: readonly RenderedEvent[],
    calendar: Pick<CalendarInput, 'name' | 'description'>,
    least?: { readonly minDays: number; readonly instead: string },
  ): FeedInfo {
    const header = calendarHeader(this.calendarInput(calendar));
    // Everything around the events, measured with the longest header: the one of a shortened feed.
    // Every date has 10 ASCII characters, so any date gives it the same length.
    const overhead = utf8Length(this.shortenedHeader(calendar, '0000-00-00') + CALENDAR_FOOTER);
    const { kept, next } = fitBudget(events, overhead, this.budget, this.now);
    const shortenedTo = next ? lastDayBefore(next) : null;
    if (least && shortenedTo && dayFromIso(shortenedTo) - utcDayOf(this.now) + 1 < least.minDays) {
      const withheld = `it would hold less than ${least.minDays} days of meetings within calendar apps' limits`;
      const text =
        calendarHeader(
          this.calendarInput({
            ...calendar,
            description: `${calendar.description} (Too many meetings for one calendar: ${withheld}. ${least.instead})`,
          }),
        ) + CALENDAR_FOOTER;
      files.set(path, text);
      const info: FeedInfo = {
        path,
        shortenedTo: null,
        events: 0,
        bytes: utf8Length(text),
        offered: false,
        withheld,
      };
      this.shortened.push(info);
      return info;
    }
    let text = shortenedTo ? this.shortenedHeader(calendar, shortenedTo) : header;
    let bytes = utf8Length(text) + CALENDAR_FOOTER.length;
    for (const event of kept) {
      text += event.text;
      bytes += event.bytes;
    }
    text += CALENDAR_FOOTER;
    files.set(path, text);
    const info: FeedInfo = { path, shortenedTo, events: kept.length, bytes, offered: kept.length > 0 };
    if (shortenedTo) this.shortened.push(info);
    return info;
  }

  private shortenedHeader(calendar: Pick<CalendarInput, 'name' | 'description'>, runsTo: string): string {
    return calendarHeader(
      this.calendarInput({
        ...calendar,
        description: `${calendar.description} (Shortened to stay within calendar apps' limits: runs to ${runsTo}.)`,
      }),
    );
  }

  private calendarInput(calendar: Pick<CalendarInput, 'name' | 'description'>): CalendarInput {
    return {
      ...calendar,
      refresh: this.refresh,
      productId: `-//sigcal//${GENERATOR}//EN`,
      color: this.color,
    };
  }
}
