import { DAY_MS, utcDayOf } from './calendar-date.ts';
import type { CommunityGroup } from './community.ts';
import { DATA_DAYS_BEFORE } from './data-feed.ts';
import type { Diagnostic } from './errors.ts';
import { DEFAULT_BUDGET } from './feed-budget.ts';
import { scheduleInWords } from './meeting.ts';
import { DEFAULT_SITE_TITLE } from './names.ts';
import { scheduleDates } from './occurrences.ts';
import { safeHttpUrl, safeMailtoUrl } from './safe-url.ts';
import { meetingPage } from './site-contract.ts';
import { utf8Length } from './utf8.ts';
import type { PublishingWindow } from './window.ts';

/*
 * What a source asks the build to make, estimated from the normalised community before anything is
 * rendered: a few kilobytes of YAML can ask for gigabytes (every meeting page repeats its group's name,
 * mission and leadership; every event repeats its meeting's description and links), so the build is
 * refused while that costs nothing. The estimate is an upper bound of what the renderers write, and close
 * to it for ordinary text: each piece of source text is weighed as it is written (HTML escaping,
 * percent-encoding, iCalendar escaping and folding) times the number of places it appears.
 * test/unit/site-budget.test.ts holds it to the real output, field by field.
 */

/** Default most bytes a build may make (events, feeds and pages together): see SECURITY.md "Limits". */
export const DEFAULT_MAX_SITE_BYTES = 512 * 1024 * 1024;

/** What the build makes besides the community's own text. */
export interface EstimateOptions {
  readonly now: Date;
  readonly title?: string;
  /** The feed budget (feeds longer than it are shortened): bytes per feed. */
  readonly maxFeedBytes?: number;
}

/** The estimate, in bytes of UTF-8. */
export interface SiteEstimate {
  /** Every occurrence rendered once, as a VEVENT (held while the feeds are assembled). */
  readonly events: number;
  /** The feeds as published: per meeting, per group and all, each within the feed budget. */
  readonly feeds: number;
  /** Pages, assets and the manifest. */
  readonly pages: number;
  /** The published JSON (`calendars/<dir>.json`, `calendars/all.json`). */
  readonly data: number;
  readonly total: number;
  /** The group that asks for the most, for the message. */
  readonly largest: { readonly group: CommunityGroup; readonly bytes: number } | null;
}

// Measured sizes of what sigcal writes around the source's text, rounded up (see the test).
const EVENT_BASE = 300;
const FEED_BASE = 400;
const MEETING_PAGE_BASE = 7_500;
const UNSCHEDULED_PAGE_BASE = 7_000;
const GROUP_PAGE_BASE = 4_000;
const CARD_BASE = 700;
const CANCELLED_LINE = 400;
const INDEX_BASE = 7_000;
const GROUP_ROW = 200;
const WEEK_ROW = 800;
const PERSON_BASE = 120;
const ROLE_BASE = 40;
const SUBPROJECT_BASE = 120;
const ASSETS = 96 * 1024;
/** JSON around one occurrence, one meeting, one group and one file (data-feed.ts), besides the text. */
const DATA_OCCURRENCE_BASE = 270;
const DATA_MEETING_BASE = 400;
const DATA_GROUP_BASE = 160;
const DATA_FILE_BASE = 520;
const MANIFEST_ENTRY = 200;
/** Folding adds three octets per 75, and a little more where a UTF-8 sequence may not be split. */
const FOLDING = 1.05;

/**
 * The site URL is counted as this many bytes, whatever it is, so that `validate` (which does not know
 * it) and `build` agree on every file; real site URLs are shorter (longer ones add 13 bytes per page
 * for each character past it).
 */
const SITE_URL_ALLOWANCE = 100;
/** Upcoming occurrences a meeting page lists (pages/parts.ts NEXT_COUNT), already in the base. */
const WEEK_MS = 7 * DAY_MS;

/** Bytes of `text` once HTML-escaped (control characters are dropped: counted anyway, an upper bound). */
function htmlBytes(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0x26: // &amp;
      case 0x27: // &#39;
        extra += 4;
        break;
      case 0x3c: // &lt;
      case 0x3e: // &gt;
        extra += 3;
        break;
      case 0x22: // &quot;
        extra += 5;
        break;
    }
  }
  return utf8Length(text) + extra;
}

/** Bytes of `text` as a JSON string's content (`JSON.stringify`, quotes excluded). */
function jsonBytes(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) extra += 1;
    else if (c < 0x20) extra += 5;
  }
  return utf8Length(text) + extra;
}

/** Bytes of `text` percent-encoded (`encodeURIComponent`) and then HTML-escaped. */
function urlBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const unreserved =
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x5f ||
      c === 0x7e ||
      c === 0x21 ||
      c === 0x2a ||
      c === 0x28 ||
      c === 0x29;
    if (unreserved) bytes += 1;
    else if (c === 0x27) bytes += 5;
    else if (c < 0x80) bytes += 3;
    else if (c < 0x800) bytes += 6;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 12;
      i++;
    } else bytes += 9;
  }
  return bytes;
}

/** Bytes of `text` as an iCalendar TEXT value: escaped (RFC 5545 3.3.11) and folded. */
function icalBytes(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === 0x3b || c === 0x2c || c === 0x0a) extra += 1;
  }
  return Math.ceil((utf8Length(text) + extra) * FOLDING);
}

/**
 * Estimates what building `groups` would make in `window`. Linear in the source and in the
 * occurrences, and allocates nothing per occurrence.
 */
export function estimateSite(
  groups: readonly CommunityGroup[],
  window: PublishingWindow,
  options: EstimateOptions,
): SiteEstimate {
  const siteUrl = 'x'.repeat(SITE_URL_ALLOWANCE);
  const title = options.title ?? DEFAULT_SITE_TITLE;
  const maxFeed = options.maxFeedBytes ?? DEFAULT_BUDGET.maxBytes;
  const now = utcDayOf(options.now.getTime()) * DAY_MS;
  const from = utcDayOf(window.start) - 1;
  const to = utcDayOf(window.end - 1) + 1;
  const weekFrom = utcDayOf(now) - 1;
  const weekTo = utcDayOf(now + WEEK_MS) + 1;
  // Every page names the site's title and links the site's URL in several forms.
  const site = 4 * htmlBytes(title) + 4 * urlBytes(title) + 16 * utf8Length(siteUrl);
  const host = utf8Length(siteUrl);

  let events = 0;
  let feeds = 0;
  let data = DATA_FILE_BASE + 2 * jsonBytes(title) + 3 * host;
  let allData = 0;
  const dataFrom = utcDayOf(now) - DATA_DAYS_BEFORE - 1;
  let pages = INDEX_BASE + site + urlBytes(title) + ASSETS;
  let objects = 4;
  let allEvents = 0;
  let largest: SiteEstimate['largest'] = null;
  for (const group of groups) {
    const name = htmlBytes(group.name);
    const header =
      htmlBytes(group.missionStatement ?? '') +
      group.leadership.reduce(
        (n, role) =>
          n +
          ROLE_BASE +
          htmlBytes(role.role) +
          role.people.reduce(
            (m, p) =>
              m +
              PERSON_BASE +
              htmlBytes(p.name ?? '') +
              2 * urlBytes(p.github ?? '') +
              htmlBytes(p.company ?? ''),
            0,
          ),
        0,
      );
    const subprojects = new Map(group.subprojects.map((s) => [s.name, s]));
    const list = group.contact.mailingList?.text.trim() ?? '';
    const listHref = list ? (safeHttpUrl(list) ?? safeMailtoUrl(list) ?? '') : '';
    let groupBytes = 0;
    let groupPage =
      GROUP_PAGE_BASE +
      site +
      8 * name +
      4 * urlBytes(group.name) +
      header +
      htmlBytes(group.contact.slack?.text ?? '') +
      htmlBytes(list) +
      htmlBytes(listHref) +
      20 * group.dir.length;
    let groupEvents = 0;
    let groupData = 0;
    const label = jsonBytes(group.name) + 20;
    const dataGroup = DATA_GROUP_BASE + 2 * group.dir.length + jsonBytes(group.name) + label + 3 * host;
    data += DATA_FILE_BASE + 2 * label + 4 * host + 2 * dataGroup;
    const usedSubprojects = new Set<string>();
    pages +=
      GROUP_ROW + name + Math.min(htmlBytes(group.missionStatement ?? ''), 1_100) + 4 * group.dir.length;
    for (const meeting of group.meetings) {
      const description = htmlBytes(meeting.description);
      const summary = scheduleInWords(meeting);
      const links = [
        meeting.links.join,
        meeting.links.notes,
        meeting.links.recordings,
        meeting.links.calendar,
      ];
      const linkHtml = links.reduce((n, l) => n + htmlBytes(l ?? ''), 0);
      const written = Object.values(meeting.written).reduce((n, t) => n + htmlBytes(t), 0);
      const reason = meeting.status === 'unscheduled' ? htmlBytes(meeting.reason) : 0;
      const subproject = meeting.subproject === null ? undefined : subprojects.get(meeting.subproject);
      const subprojectBytes = subproject
        ? SUBPROJECT_BASE + htmlBytes(subproject.name) + htmlBytes(subproject.description ?? '')
        : 0;
      if (subproject && !usedSubprojects.has(subproject.name)) {
        usedSubprojects.add(subproject.name);
        groupPage += subprojectBytes;
      }
      const paths = 24 * (group.dir.length + meeting.id.length);
      const meetingPageBytes =
        (meeting.status === 'scheduled' ? MEETING_PAGE_BASE : UNSCHEDULED_PAGE_BASE) +
        site +
        10 * name +
        4 * urlBytes(group.name) +
        8 * description +
        urlBytes(meeting.description) +
        2 * written +
        3 * htmlBytes(summary) +
        reason +
        linkHtml +
        header +
        subprojectBytes +
        paths;
      let meetingBytes = meetingPageBytes;
      // The meeting in its group's JSON and in all.json, and each of its occurrences in both.
      const title = label + 2 + jsonBytes(meeting.description);
      const urls = 2 * (host + 2 * group.dir.length + meeting.id.length + 12);
      const dataMeeting =
        DATA_MEETING_BASE +
        3 * (group.dir.length + meeting.id.length) +
        jsonBytes(meeting.subproject ?? '') +
        jsonBytes(meeting.description) +
        title +
        jsonBytes(summary) +
        urls +
        jsonBytes(meeting.links.join ?? '');
      data += 2 * dataMeeting;
      const dataOccurrence =
        DATA_OCCURRENCE_BASE + 2 * (group.dir.length + meeting.id.length) + title + urls + host;
      // One list of dates serves the data, the week and the events (expandSchedule's range).
      const dates = meeting.status === 'scheduled' ? scheduleDates(meeting.schedule, from, to) : [];
      const dataDates =
        meeting.status === 'scheduled'
          ? (dataFrom >= from
              ? countFrom(dates, dataFrom)
              : scheduleDates(meeting.schedule, dataFrom, to).length) + (meeting.schedule.extra?.length ?? 0)
          : (meeting.oneOffs?.extra?.length ?? 0) + (meeting.oneOffs?.moved?.length ?? 0);
      groupData += dataDates * dataOccurrence;
      let cards = CARD_BASE + description + htmlBytes(summary) + linkHtml + reason + paths;
      if (meeting.status === 'scheduled') {
        const week = dates.filter((d) => d >= weekFrom && d <= weekTo).length;
        cards += Math.min(meeting.schedule.skip.length, dates.length) * CANCELLED_LINE;
        pages += week * (WEEK_ROW + description + name + htmlBytes(meeting.subproject ?? '') + 2 * paths);
        const pageUrl = siteUrl + meetingPage(group.dir, meeting.id);
        const linkText = links.reduce((n, l) => n + icalBytes(l ?? ''), 0);
        const nameAndDescription = icalBytes(`${group.name}: ${meeting.description}`);
        const event =
          EVENT_BASE +
          3 * nameAndDescription +
          icalBytes(summary) +
          linkText +
          icalBytes(meeting.links.join ?? '') +
          2 * icalBytes(pageUrl) +
          icalBytes(`${group.dir}.${meeting.id}.`) +
          host;
        const meetingEvents = dates.length * event;
        events += meetingEvents;
        groupEvents += meetingEvents;
        const feed =
          FEED_BASE +
          2 * nameAndDescription +
          icalBytes(summary) +
          icalBytes(pageUrl) +
          Math.min(meetingEvents, maxFeed);
        feeds += feed;
        meetingBytes += meetingEvents + feed;
        objects += 1;
      }
      groupPage += cards;
      pages += meetingPageBytes;
      objects += 1;
      groupBytes += meetingBytes;
    }
    pages += groupPage;
    data += groupData;
    allData += groupData;
    const groupFeed =
      FEED_BASE + 2 * icalBytes(group.name) + icalBytes(siteUrl) + Math.min(groupEvents, maxFeed);
    feeds += groupFeed;
    allEvents += groupEvents;
    objects += 2;
    groupBytes += groupPage + groupFeed;
    if (!largest || groupBytes > largest.bytes) largest = { group, bytes: groupBytes };
  }
  feeds += FEED_BASE + 2 * icalBytes(title) + icalBytes(siteUrl) + Math.min(allEvents, maxFeed);
  data += Math.min(allData, maxFeed);
  objects += groups.length + 1;
  pages += objects * (MANIFEST_ENTRY + host);
  return { events, feeds, pages, data, total: events + feeds + pages + data, largest };
}

/**
 * The file-level problem when the estimate passes `maxBytes`: it names the file, the group that asks
 * for the most (with its line) and what to shrink.
 */
export function siteBudgetProblem(
  file: string,
  estimate: SiteEstimate,
  maxBytes: number,
): Diagnostic | undefined {
  if (estimate.total <= maxBytes) return undefined;
  const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MiB`;
  const largest = estimate.largest;
  const where = largest
    ? `; the most is asked for by ${largest.group.at.path} (dir "${largest.group.dir}", line ${largest.group.at.line}, about ${mb(largest.bytes)})`
    : '';
  const advice =
    estimate.pages < estimate.events + estimate.feeds
      ? "every event repeats its meeting's description and links, so shorten those, list fewer meetings or publish fewer days"
      : "every meeting page repeats its group's name, mission statement and leadership, so shorten those or list fewer meetings per group";
  return {
    file,
    line: 0,
    path: '',
    scope: 'file',
    message:
      `the site would take about ${mb(estimate.total)} to build (events ${mb(estimate.events)}, feeds ${mb(estimate.feeds)}, ` +
      `pages ${mb(estimate.pages)}, data ${mb(estimate.data)}), more than the limit of ${mb(maxBytes)}${where}: ${advice}`,
  };
}

/** How many of `days` (ascending) are on or after `first`. */
function countFrom(days: readonly number[], first: number): number {
  const at = days.findIndex((day) => day >= first);
  return at === -1 ? 0 : days.length - at;
}
