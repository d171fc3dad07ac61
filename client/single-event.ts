import { EventTemplate, utcStamp } from '../functions/core/ical/event.ts';
import { CRLF, textProperty } from '../functions/core/ical/text.ts';
import type { DataMeeting, Occurrence } from './data.ts';

/**
 * "Add this one": one occurrence into a calendar, without subscribing. Two ways, both made here from the
 * published data, so the site publishes no object per occurrence (thousands more files, rewritten as
 * days pass):
 * - a Google Calendar event template link (Google has no way to import a file by URL);
 * - a one-event .ics file made in the browser, with the same UID, times and text as the event in the
 *   feeds (sigcal's own iCalendar writer, bundled), so a calendar that later subscribes, or imports it
 *   again, updates that event instead of adding a second.
 */

/** Google Calendar's "create event" page, filled in. */
export function googleEventLink(meeting: DataMeeting, o: Occurrence): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: o.title,
    dates: `${utcStamp(o.startMs)}/${utcStamp(o.endMs)}`,
    details: eventDescription(meeting),
  });
  if (meeting.join) params.set('location', meeting.join);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** The event's description, as the feeds write it (what, when, join link, meeting page). */
function eventDescription(meeting: DataMeeting): string {
  const lines = [meeting.title, `When: ${meeting.schedule}`];
  if (meeting.join) lines.push(`Join: ${meeting.join}`);
  lines.push(`Meeting page (times in your zone): ${meeting.page}`);
  return lines.join('\n');
}

/** A calendar holding this one event; `now` is its DTSTAMP (when this copy was made). */
export function singleEventCalendar(meeting: DataMeeting, o: Occurrence, now: number): string {
  const event = new EventTemplate({
    summary: o.title,
    description: eventDescription(meeting),
    location: meeting.join,
    url: meeting.page,
    stamp: now,
  }).render(o.uid, o.startMs, o.endMs, false);
  return (
    `BEGIN:VCALENDAR${CRLF}VERSION:2.0${CRLF}` +
    textProperty('PRODID', '-//sigcal//single event//EN') +
    `CALSCALE:GREGORIAN${CRLF}` +
    event.text +
    `END:VCALENDAR${CRLF}`
  );
}

const objectUrls = new Map<string, string>();

/** A download link's URL for the one-event file, made once per occurrence and kept. */
export function singleEventUrl(meeting: DataMeeting, o: Occurrence, now: number): string {
  let url = objectUrls.get(o.uid);
  if (!url) {
    const blob = new Blob([singleEventCalendar(meeting, o, now)], { type: 'text/calendar' });
    url = URL.createObjectURL(blob);
    objectUrls.set(o.uid, url);
  }
  return url;
}

/** A file name for it: `sig-node-regular-sig-meeting-2026-12-01.ics`. */
export function singleEventFileName(o: Occurrence): string {
  return `${o.meeting.replace('/', '-')}-${o.local.slice(0, 10)}.ics`;
}
