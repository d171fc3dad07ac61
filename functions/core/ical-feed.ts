import { createEvents, type EventAttributes } from 'ics';
import { utf8Length } from './utf8.ts';

/**
 * iCalendar output. `ics` renders, validates and escapes each meeting's VEVENT once; this module works
 * around what it cannot do (see STYLE.md): it defaults UID to a random id and DTSTAMP to the clock (we
 * always pass both), folds lines by characters instead of octets (we refold, RFC 5545 3.1), escapes
 * nothing in its calendar header and hard-codes X-PUBLISHED-TTL (we write the VCALENDAR wrapper
 * ourselves). Everything returned uses CRLF line ends.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** The parts of a meeting's event that are the same for every occurrence. */
export interface EventTemplateInput {
  readonly summary: string;
  readonly description: string;
  /** The join link, or null. */
  readonly location: string | null;
  /** The meeting page (absolute URL). */
  readonly url: string;
  /** DTSTAMP for every event of this meeting (UTC ms): fixed for unchanged input. */
  readonly stamp: number;
}

/** One rendered occurrence, ready to be assembled into any number of feeds. */
export interface RenderedEvent {
  readonly start: number;
  readonly uid: string;
  readonly text: string;
  readonly bytes: number;
}

/**
 * A meeting's VEVENT rendered once by `ics`, from which one VEVENT per occurrence is stamped out:
 * validation, escaping and folding run once per meeting, not once per occurrence.
 */
export class EventTemplate {
  private readonly before: string;
  private readonly after: string;
  private readonly cancelledSummary: string;
  private readonly summary: string;

  /** Renders many meetings' templates with one `ics` call (its per-call overhead is not small). */
  static renderAll(inputs: readonly EventTemplateInput[]): EventTemplate[] {
    if (inputs.length === 0) return [];
    const { error, value } = createEvents(inputs.map(attributesOf));
    if (error || !value) {
      if (inputs.length === 1) {
        throw new FeedError(`cannot render event "${inputs[0]?.summary}"`, { cause: error });
      }
      // Render one by one so the message names the culprit.
      for (const input of inputs) EventTemplate.renderAll([input]);
      throw new FeedError('cannot render events', { cause: error });
    }
    const lines = unfold(value);
    const templates: EventTemplate[] = [];
    let begin = lines.indexOf('BEGIN:VEVENT');
    for (let n = 0; n < inputs.length && begin !== -1; n += 1) {
      const end = lines.indexOf('END:VEVENT', begin);
      templates.push(new EventTemplate(lines.slice(begin + 1, end)));
      begin = lines.indexOf('BEGIN:VEVENT', end);
    }
    if (templates.length !== inputs.length) throw new FeedError('ics returned fewer events than asked for');
    return templates;
  }

  private constructor(lines: readonly string[]) {
    // Lines that vary per occurrence are dropped here and written by `render`.
    const varying = /^(UID|DTSTART|DTEND|STATUS|SUMMARY)[:;]/;
    const fixed = lines.filter((l) => !varying.test(l));
    const summaryLine = lines.find((l) => l.startsWith('SUMMARY:')) ?? 'SUMMARY:';
    this.summary = fold(summaryLine);
    this.cancelledSummary = fold(summaryLine.replace(/^SUMMARY:/, 'SUMMARY:Cancelled: '));
    this.before = `BEGIN:VEVENT${CRLF}`;
    this.after = `${fixed.map(fold).join('')}END:VEVENT${CRLF}`;
  }

  /** One VEVENT: UID, DTSTART/DTEND in UTC, STATUS (cancelled dates stay in the feed as CANCELLED). */
  render(uid: string, start: number, end: number, cancelled: boolean): RenderedEvent {
    const text =
      this.before +
      fold(`UID:${escapeText(uid)}`) +
      (cancelled ? this.cancelledSummary : this.summary) +
      `DTSTART:${utcStamp(start)}${CRLF}DTEND:${utcStamp(end)}${CRLF}` +
      `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}${CRLF}` +
      this.after;
    return { start, uid, text, bytes: utf8Length(text) };
  }
}

function attributesOf(input: EventTemplateInput): EventAttributes & { timestamp: number } {
  return {
    // ics would invent a random UID; the real one is written per occurrence.
    uid: 'SIGCAL-TEMPLATE',
    title: cleanText(input.summary),
    description: cleanText(input.description),
    url: input.url,
    start: 0,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: 0,
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
    // ics would use the clock; DTSTAMP must not change while the source does not.
    timestamp: input.stamp,
    ...(input.location ? { location: cleanText(input.location) } : {}),
  };
}

/** Calendar-level properties of one feed. */
export interface CalendarInput {
  readonly name: string;
  readonly description: string;
  /** How often clients should refresh, ISO 8601 duration (`PT6H`); written as REFRESH-INTERVAL and X-PUBLISHED-TTL. */
  readonly refresh: string;
  readonly productId: string;
}

/** The VCALENDAR lines around the events. */
export function calendarHeader(input: CalendarInput): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(input.productId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
    `X-WR-CALDESC:${escapeText(input.description)}`,
    // RFC 7986 3.8 for standard clients; X-PUBLISHED-TTL for Outlook and older Apple clients.
    `REFRESH-INTERVAL;VALUE=DURATION:${input.refresh}`,
    `X-PUBLISHED-TTL:${input.refresh}`,
  ]
    .map(fold)
    .join('');
}

export const CALENDAR_FOOTER = `END:VCALENDAR${CRLF}`;

/** A whole feed from rendered events (already in the order to publish). */
export function assembleCalendar(input: CalendarInput, events: readonly RenderedEvent[]): string {
  return calendarHeader(input) + events.map((e) => e.text).join('') + CALENDAR_FOOTER;
}

/** RFC 5545 3.3.11 TEXT escaping: backslash, semicolon, comma and newlines; other controls are dropped. */
export function escapeText(text: string): string {
  return cleanText(text)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/**
 * TEXT may not hold control characters other than newlines (RFC 5545 3.3.11 TSAFE-CHAR); CR LF → LF.
 * Unicode bidi embeddings, overrides and isolates are dropped too, as on the pages (see html.ts).
 */
function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

/** `20261201T183000Z` (hot: two per occurrence, so no regular expressions). */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return (
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`
  );
}

/** Splits `ics` output into logical lines, undoing its folding (CRLF followed by a space or tab). */
function unfold(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split(CRLF)
    .filter((l) => l !== '');
}

/**
 * Folds one logical line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 sequence; continuation
 * lines start with a space, which counts toward their 75.
 */
export function fold(line: string): string {
  if (utf8Length(line) <= MAX_OCTETS) return line + CRLF;
  let out = '';
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > limit) {
      out += current + CRLF;
      current = ' ';
      octets = 1;
      limit = MAX_OCTETS;
    }
    current += char;
    octets += size;
  }
  return out + current + CRLF;
}

export class FeedError extends Error {
  override readonly name = 'FeedError';
}
