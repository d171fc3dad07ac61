import type { RenderedEvent } from './event.ts';
import { CRLF, escapeText, fold, textProperty } from './text.ts';

/** Calendar-level properties of one feed. */
export interface CalendarInput {
  readonly name: string;
  readonly description: string;
  /** How often clients should refresh, an ISO 8601 duration (`PT6H`); written as REFRESH-INTERVAL and X-PUBLISHED-TTL. */
  readonly refresh: string;
  readonly productId: string;
  /** RFC 7986 COLOR: a CSS3 colour name, written when given. */
  readonly color?: string | null;
}

/** RFC 5545 3.3.6 DURATION, as far as a refresh interval needs: days, hours, minutes, at least one. */
const REFRESH = /^P(?=\d|T\d)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?)?$/;

/**
 * The VCALENDAR lines before the events (RFC 5545 3.4, 3.6). A subscription feed has no METHOD
 * (3.7.2): METHOD:PUBLISH would make it an iTIP message (RFC 5546), which needs an ORGANIZER in every
 * event. The name and description are written twice: as RFC 7986 NAME (5.1) and DESCRIPTION (5.2), and
 * as X-WR-CALNAME and X-WR-CALDESC, which Apple, Google and Outlook read.
 */
export function calendarHeader(input: CalendarInput): string {
  if (!REFRESH.test(input.refresh)) {
    throw new RangeError(`refresh interval "${input.refresh}" is not a duration such as PT6H`);
  }
  const name = escapeText(input.name);
  const description = escapeText(input.description);
  return (
    `BEGIN:VCALENDAR${CRLF}` +
    // 3.7.4: 2.0 is the only version; 3.7.3 PRODID is TEXT; 3.7.1 GREGORIAN is the default, stated anyway.
    `VERSION:2.0${CRLF}` +
    textProperty('PRODID', input.productId) +
    `CALSCALE:GREGORIAN${CRLF}` +
    fold(`NAME:${name}`) +
    fold(`X-WR-CALNAME:${name}`) +
    fold(`DESCRIPTION:${description}`) +
    fold(`X-WR-CALDESC:${description}`) +
    (input.color ? `COLOR:${input.color}${CRLF}` : '') +
    // RFC 7986 5.7 for standard clients; X-PUBLISHED-TTL for Outlook and older Apple clients.
    `REFRESH-INTERVAL;VALUE=DURATION:${input.refresh}${CRLF}` +
    `X-PUBLISHED-TTL:${input.refresh}${CRLF}`
  );
}

export const CALENDAR_FOOTER = `END:VCALENDAR${CRLF}`;

/** A whole feed from rendered events (already in the order to publish). */
export function assembleCalendar(input: CalendarInput, events: readonly RenderedEvent[]): string {
  let text = calendarHeader(input);
  for (const event of events) text += event.text;
  return text + CALENDAR_FOOTER;
}
