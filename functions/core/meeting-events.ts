import type { CommunityGroup } from './community.ts';
import { fingerprint } from './fingerprint.ts';
import { EventTemplate, type EventTemplateInput } from './ical/event.ts';
import { type Meeting, scheduleInWords } from './meeting.ts';
import { groupLabel } from './names.ts';
import { meetingPage } from './site-contract.ts';

/**
 * When a meeting's events last changed, as the manifest records it: a fingerprint of everything its
 * events say (but DTSTAMP) and the DTSTAMP they carry since.
 */
export interface MeetingStamp {
  readonly fingerprint: string;
  /** ISO instant, whole seconds. */
  readonly stamp: string;
}

/** `<dir>/<meeting-id>`: how the manifest keys a meeting's stamp. */
export const meetingKey = (dir: string, id: string): string => `${dir}/${id}`;

/**
 * The UIDs of a meeting's events, `<dir>.<meeting-id>.<series date>@<site host>`, as the parts around the
 * series date (each occurrence adds its own). The feeds and the JSON data give the same UID, so a
 * single event added from a page is the subscribed one: calendars update it rather than duplicate it.
 * Named by the date of the series, a moved occurrence keeps its event, which calendars then move.
 */
export function eventUids(dir: string, id: string, siteHost: string): { head: string; tail: string } {
  return { head: `${dir}.${id}.`, tail: `@${siteHost}` };
}

/** The host part of every UID: the site's host. */
export function uidHost(siteUrl: string): string {
  return new URL(siteUrl).host || 'sigcal';
}

/**
 * A meeting's event template and its DTSTAMP. RFC 5545 3.8.7.2: without a METHOD, DTSTAMP is when the
 * event's information was last revised, so it is the meeting's own: kept from `previous` while nothing
 * its events say has changed, else `now`. A one-meeting change then touches only the feeds that show
 * that meeting; an unchanged source republishes byte-identical events.
 */
export function meetingEvents(
  group: CommunityGroup,
  meeting: Meeting,
  siteUrl: string,
  now: number,
  previous: MeetingStamp | undefined,
): { template: EventTemplate; stamp: MeetingStamp } {
  const url = siteUrl + meetingPage(group.dir, meeting.id);
  const input: Omit<EventTemplateInput, 'stamp'> = {
    // As the page, the JSON and a single downloaded event name it: "SIG Docs: …", not "Docs: …".
    summary: `${groupLabel(group.kind, group.name)}: ${meeting.description}`,
    description: eventDescription(group, meeting, scheduleInWords(meeting), url),
    location: meeting.links.join,
    url,
  };
  // What the events say: the fixed text above, and the dates (rule, time, zone, length, one-offs).
  const dates = meeting.status === 'scheduled' ? meeting.schedule : meeting.oneOffs;
  const print = fingerprint(JSON.stringify([input, dates]));
  const stamp =
    previous?.fingerprint === print && !Number.isNaN(Date.parse(previous.stamp))
      ? previous.stamp
      : new Date(Math.floor(now / 1000) * 1000).toISOString();
  return {
    template: new EventTemplate({ ...input, stamp: Date.parse(stamp) }),
    stamp: { fingerprint: print, stamp },
  };
}

function eventDescription(group: CommunityGroup, meeting: Meeting, summary: string, pageUrl: string): string {
  const lines = [`${group.name}: ${meeting.description}`, `When: ${summary}`];
  if (meeting.links.join) lines.push(`Join: ${meeting.links.join}`);
  if (meeting.links.notes) lines.push(`Notes and agenda: ${meeting.links.notes}`);
  if (meeting.links.recordings) lines.push(`Recordings: ${meeting.links.recordings}`);
  lines.push(`Meeting page (times in your zone): ${pageUrl}`);
  return lines.join('\n');
}
