import { utf8Length } from '../utf8.ts';
import { CRLF, fold, textProperty } from './text.ts';

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
  /** The UTF-8 length of `text`, for the feed budget. */
  readonly bytes: number;
}

const BEGIN = `BEGIN:VEVENT${CRLF}`;
const END = `END:VEVENT${CRLF}`;

/**
 * A meeting's VEVENT (RFC 5545 3.6.1), from which one VEVENT per occurrence is stamped out: the lines
 * that are the same for every occurrence are escaped and folded once per meeting, so an occurrence
 * costs a UID line and a few concatenations.
 */
export class EventTemplate {
  private readonly summary: string;
  private readonly cancelledSummary: string;
  /** DTSTAMP, DESCRIPTION, URL, LOCATION and END:VEVENT. */
  private readonly tail: string;
  /** UTF-8 lengths of the above and of BEGIN:VEVENT, added up once. */
  private readonly confirmedBytes: number;
  private readonly cancelledBytes: number;

  constructor(input: EventTemplateInput) {
    // 3.8.1.12 SUMMARY, 3.8.1.5 DESCRIPTION, 3.8.1.7 LOCATION: TEXT. 3.8.4.6 URL: a URI, not escaped.
    this.summary = textProperty('SUMMARY', input.summary);
    this.cancelledSummary = textProperty('SUMMARY', `Cancelled: ${input.summary}`);
    this.tail =
      // 3.8.7.2: DTSTAMP is required where there is no METHOD; it is the source's, not the clock's.
      `DTSTAMP:${utcStamp(input.stamp)}${CRLF}` +
      textProperty('DESCRIPTION', input.description) +
      fold(`URL:${uri(input.url)}`) +
      (input.location ? textProperty('LOCATION', input.location) : '') +
      END;
    // DTSTART, DTEND (16 characters each) and STATUS (CONFIRMED and CANCELLED are 9 each) are ASCII.
    const times = `DTSTART:${CRLF}DTEND:${CRLF}STATUS:${CRLF}`.length + 16 + 16 + 9;
    const common = BEGIN.length + times + utf8Length(this.tail);
    this.confirmedBytes = common + utf8Length(this.summary);
    this.cancelledBytes = common + utf8Length(this.cancelledSummary);
  }

  /** The UTF-8 length of the VEVENT {@link render} makes for `uid`, without making it. */
  bytes(uid: string, cancelled: boolean): number {
    return this.bytesWith(textProperty('UID', uid), cancelled);
  }

  /** One VEVENT: UID, DTSTART/DTEND in UTC, STATUS (cancelled dates stay in the feed as CANCELLED). */
  render(uid: string, start: number, end: number, cancelled: boolean): RenderedEvent {
    // 3.8.4.7 UID: TEXT, stable per occurrence so that clients update events in place.
    const uidLine = textProperty('UID', uid);
    return {
      start,
      uid,
      text: this.textWith(uidLine, start, end, cancelled),
      bytes: this.bytesWith(uidLine, cancelled),
    };
  }

  /** The text {@link render} makes, alone: what a feed writes once the budget has counted it. */
  text(uid: string, start: number, end: number, cancelled: boolean): string {
    return this.textWith(textProperty('UID', uid), start, end, cancelled);
  }

  private bytesWith(uidLine: string, cancelled: boolean): number {
    return (cancelled ? this.cancelledBytes : this.confirmedBytes) + utf8Length(uidLine);
  }

  private textWith(uidLine: string, start: number, end: number, cancelled: boolean): string {
    // Joined, not concatenated: one flat string per event, where `+` would leave a rope of a dozen
    // nodes that the encoder has to walk.
    return [
      BEGIN,
      uidLine,
      cancelled ? this.cancelledSummary : this.summary,
      `DTSTART:${utcStamp(start)}${CRLF}DTEND:${utcStamp(end)}${CRLF}`,
      // 3.8.1.11 STATUS for a VEVENT: TENTATIVE, CONFIRMED or CANCELLED.
      `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}${CRLF}`,
      this.tail,
    ].join('');
  }
}

/**
 * A DATE-TIME in UTC, RFC 5545 3.3.5 form #2: `20261201T183000Z` (hot: two per occurrence, so no
 * regular expressions). Years before 1000 or after 9999 have no such form.
 */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) throw new RangeError(`no iCalendar DATE-TIME for the year ${year}`);
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return (
    `${year}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`
  );
}

/**
 * A URI value (RFC 5545 3.3.13) is written as it is, without TEXT escaping, so it must be one already:
 * printable ASCII without spaces (RFC 3986), as `new URL(…).href` gives.
 */
function uri(value: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) throw new RangeError(`not a URI: ${JSON.stringify(value)}`);
  return value;
}
