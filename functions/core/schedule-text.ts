import { dayFromIso, dayNumber, isoDate, isoFromDay, weekdayOfDay } from './calendar-date.ts';
import { quoted } from './errors.ts';
import { LazyAlternation } from './lazy-alternation.ts';
import { NOT_THE_RULE_CUES } from './not-the-rule-cues.ts';
import { WEEKDAY_NAMES, type Weekday } from './recurrence.ts';
import type { TextResult } from './result.ts';

/**
 * Readers for the free text people write in `day`, `time` and `frequency`. Each returns what the text
 * says and nothing more; deciding whether that determines the dates is `meeting.ts`'s job.
 */

export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

export interface TimeText extends LocalTime {
  /** From a range such as `9:00-10:30`. */
  readonly durationMinutes?: number;
}

const TIME_HINT = 'use HH:MM or 4PM';
const RANGE_HINT = 'write start-end, e.g. 10:00-11:00';

// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar and minus: all read as "-".
const DASHES = /[\u2010-\u2015\u2212]/g;

/** `9:00`, `0900`, `4PM`, `4:30 p.m.`, `17h00`, `noon`, `9:00-10:30` → wall-clock time (and duration). */
/** The longest range past midnight read as one meeting (20:00-08:00); longer is taken for a slip. */
const MAX_OVERNIGHT_MINUTES = 12 * 60;
/** The longest range read as the 12-hour clock's, through noon ("11-1" is 11:00 to 13:00). */
const MAX_AFTERNOON_RANGE = 4 * 60;

export function parseTime(input: string): TextResult<TimeText> {
  const text = input
    .trim()
    .toLowerCase()
    .replace(DASHES, '-')
    .replace(/(\b|\d)([ap])\.\s*m\.?/g, '$1$2m')
    // "12 noon", "12:00 noon", "11:00 - 12:00 noon": the word says which 12.
    .replace(/\b12(?:[:.]00)?\s*(noon|midnight)\b/g, '$1');
  // "10:00 (1 hour)", "10:00 for 30 minutes": a start and how long.
  const lasting = /^(.+?)\s*(?:\(\s*|\bfor\s+)(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?)\s*\)?$/.exec(
    text,
  );
  if (lasting) {
    const amount = Number(lasting[2]);
    const minutes = /^h/.test(lasting[3] ?? '') ? amount * 60 : amount;
    const clock = parseClock(lasting[1] ?? '');
    if (clock && Number.isInteger(minutes) && minutes >= 1 && minutes <= 24 * 60) {
      return { ok: true, value: { ...clock, durationMinutes: minutes } };
    }
    // "9:00 - 10:00 (1 hour)": a range and its length, which must agree.
    const ranged = clock ? undefined : parseTime(lasting[1] ?? '');
    if (ranged?.ok && ranged.value.durationMinutes !== undefined) {
      if (ranged.value.durationMinutes === minutes) return ranged;
      return {
        ok: false,
        message: `${quoted(input)} gives a range of ${ranged.value.durationMinutes} minutes and a length of ${minutes}; ${RANGE_HINT}`,
      };
    }
  }
  const range = /^(.+?)\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*(.+)$/.exec(text);
  if (range) {
    const [start, end] = rangeClocks(range[1] ?? '', range[2] ?? '');
    if (start && end) {
      let minutes = end.hour * 60 + end.minute - (start.hour * 60 + start.minute);
      if (minutes === 0) return { ok: false, message: `${quoted(input)} ends when it starts; ${RANGE_HINT}` };
      // "12-1", "11:30-1:30": hours of the 12-hour clock, without am or pm, that end after noon.
      if (minutes < 0 && start.hour <= 12 && end.hour < 12 && minutes + 12 * 60 <= MAX_AFTERNOON_RANGE) {
        minutes += 12 * 60;
      }
      // Past midnight ("22:00-01:00") is a range; "10:00-09:00" is a slip, not a 23-hour meeting.
      if (minutes < 0) minutes += 24 * 60;
      if (minutes > MAX_OVERNIGHT_MINUTES && end.hour * 60 + end.minute < start.hour * 60 + start.minute) {
        const hours = Math.round(minutes / 6) / 10;
        return {
          ok: false,
          message: `${quoted(input)} ends before it starts (past midnight it would be ${hours} hours); ${RANGE_HINT}`,
        };
      }
      return { ok: true, value: { ...start, durationMinutes: minutes } };
    }
  }
  const clock = parseClock(text);
  if (clock) return { ok: true, value: clock };
  return { ok: false, message: `${quoted(input)} is not a time of day (${TIME_HINT})` };
}

/**
 * The two ends of a range, where `am` or `pm` is written once and stands for both ("1-2pm",
 * "9:30-10:30am", "11am-1"): the end without it takes the same half of the day, or the other one where
 * that would put the end before the start ("11-1pm" is 11 AM to 1 PM).
 */
function rangeClocks(from: string, to: string): [LocalTime | undefined, LocalTime | undefined] {
  const half = (text: string) => /(am|pm)$/.exec(text)?.[1];
  const minutes = (t: LocalTime) => t.hour * 60 + t.minute;
  const start = parseClock(from);
  const end = parseClock(to);
  const given = half(to.trim()) ?? half(from.trim());
  if (!given || (half(from.trim()) && half(to.trim()))) return [start, end];
  const other = given === 'am' ? 'pm' : 'am';
  if (half(to.trim()) && end) {
    // "1-2pm": the start takes pm, unless that puts it after the end ("11-1pm").
    const same = parseClock(`${from.trim()}${given}`);
    if (same && minutes(same) < minutes(end)) return [same, end];
    const flipped = parseClock(`${from.trim()}${other}`);
    return [flipped && minutes(flipped) < minutes(end) ? flipped : start, end];
  }
  if (start) {
    // "1pm-2": the end takes pm, unless that puts it before the start ("11am-1").
    const same = parseClock(`${to.trim()}${given}`);
    if (same && minutes(same) > minutes(start)) return [start, same];
    const flipped = parseClock(`${to.trim()}${other}`);
    return [start, flipped && minutes(flipped) > minutes(start) ? flipped : end];
  }
  return [start, end];
}

function parseClock(text: string): LocalTime | undefined {
  if (text === 'noon' || text === 'midday') return { hour: 12, minute: 0 };
  if (text === 'midnight') return { hour: 0, minute: 0 };
  const twelve = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)$/.exec(text);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2] ?? '0');
    if (hour < 1 || hour > 12 || minute > 59) return undefined;
    return { hour: (hour % 12) + (twelve[3] === 'pm' ? 12 : 0), minute };
  }
  const forms = [/^(\d{1,2})[:.](\d{2})$/, /^(\d{1,2})h(\d{2})?$/, /^(\d{2})(\d{2})$/, /^(\d{1,2})$/];
  for (const form of forms) {
    const m = form.exec(text);
    if (!m) continue;
    const hour = Number(m[1]);
    const minute = Number(m[2] ?? '0');
    if (hour > 23 || minute > 59) return undefined;
    return { hour, minute };
  }
  return undefined;
}

const WEEKDAY_PATTERN =
  '(?:mon(?:day)?s?|tue(?:s(?:day)?)?s?|wed(?:s|nesday)?s?|thu(?:r(?:s(?:day)?)?)?s?|fri(?:day)?s?|sat(?:urday)?s?|sun(?:day)?s?)\\.?';
const WEEKDAY_RE = new RegExp(`\\b(${WEEKDAY_PATTERN})(?=\\W|$)`, 'gi');

/** Where a clause or bracket starts (as regex alternatives): words there say what the meeting does. */
const CLAUSE_STARTS = '^|[(,;]\\s*|\\s-\\s*';

/** `Tuesday`, `tuesdays`, `Tue`, `Tues.` → 2. */
export function weekdayOf(word: string): Weekday | undefined {
  const w = word.toLowerCase().slice(0, 3);
  const index = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(w);
  return index === -1 ? undefined : ((index + 1) as Weekday);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_PATTERN =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY_NUM = '(\\d{1,2})(?:st|nd|rd|th)?';
const LEAD_WEEKDAY = `(?:(${WEEKDAY_PATTERN}),?\\s+(?:the\\s+)?)?`;
const DATE_FORMS: readonly { re: RegExp; order: 'ymd' | 'mdy' | 'dmy' }[] = [
  { re: new RegExp(`${LEAD_WEEKDAY}\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b`, 'i'), order: 'ymd' },
  {
    re: new RegExp(`${LEAD_WEEKDAY}\\b(${MONTH_PATTERN})\\.?\\s+${DAY_NUM}\\b(?:,?\\s+(\\d{4})\\b)?`, 'i'),
    order: 'mdy',
  },
  {
    re: new RegExp(
      `${LEAD_WEEKDAY}\\b${DAY_NUM}\\s+(?:of\\s+)?(${MONTH_PATTERN})\\b\\.?,?(?:\\s+(\\d{4})\\b)?`,
      'i',
    ),
    order: 'dmy',
  },
];

/** A calendar date found inside free text, with the text it was read from. */
export interface FoundDate {
  /** ISO `YYYY-MM-DD`. */
  readonly date: string;
  /** The matched text, to remove before reading the rest of the phrase. */
  readonly span: string;
}

/**
 * Finds a start date in free text: `2027-01-12`, `Tuesday Jan 12th, 2027`, `12 January 2027`,
 * `September 10th 2024`, or `Jan. 7th` with the year elsewhere (`monthly 2020 start date: Jan. 7th`).
 * Returns undefined when there is none, and an error when there is one that is not a real date.
 */
export function findDate(text: string): TextResult<FoundDate> | undefined {
  for (const { re, order } of DATE_FORMS) {
    const m = re.exec(text);
    if (!m) continue;
    const [span, lead, a, b, c] = m as unknown as [
      string,
      string | undefined,
      string,
      string,
      string | undefined,
    ];
    let year: string | undefined;
    let month: number;
    let day: number;
    if (order === 'ymd') {
      year = a;
      month = Number(b);
      day = Number(c);
    } else if (order === 'mdy') {
      month = MONTHS.indexOf(a.slice(0, 3).toLowerCase()) + 1;
      day = Number(b);
      year = c;
    } else {
      day = Number(a);
      month = MONTHS.indexOf(b.slice(0, 3).toLowerCase()) + 1;
      year = c;
    }
    if (!year) {
      const rest = text.replace(span, ' ');
      const years = [...rest.matchAll(/\b(19\d\d|20\d\d)\b/g)].map((y) => y[1]);
      if (years.length !== 1) {
        return { ok: false, message: `date ${quoted(span.trim())} has no year (write it as YYYY-MM-DD)` };
      }
      year = years[0];
    }
    const date = isoDate(Number(year), month, day);
    if (date === null) return { ok: false, message: `${quoted(span.trim())} is not a calendar date` };
    if (lead) {
      const named = weekdayOf(lead);
      const weekday = weekdayOfDay(dayNumber(Number(year), month, day)) as Weekday;
      if (named && named !== weekday) {
        return {
          ok: false,
          message: `${date} is a ${WEEKDAY_NAMES[weekday]}, not a ${WEEKDAY_NAMES[named]}`,
        };
      }
    }
    return { ok: true, value: { date, span } };
  }
  return undefined;
}

/** A strict `YYYY-MM-DD` (the schedule extensions' format). */
export function parseIsoDate(text: string): TextResult<string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (date === null) return { ok: false, message: `${quoted(text)} is not a date (use YYYY-MM-DD)` };
  return { ok: true, value: date };
}

/** A local date, with a wall-clock time or (null) the meeting's usual one. */
export interface DateAndTime {
  readonly date: string;
  readonly time: LocalTime | null;
}

/**
 * `2027-01-06T18:30`, `2027-01-06 18:30`, or `2027-01-06` for the usual time: where a moved date goes,
 * or an extra date (the schedule extensions' format, wall time in the meeting's own zone).
 */
export function parseDateAndTime(text: string): TextResult<DateAndTime> {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2}))?$/.exec(text.trim());
  const date = m ? parseIsoDate(m[1] ?? '') : undefined;
  const hour = Number(m?.[2] ?? 0);
  const minute = Number(m?.[3] ?? 0);
  if (!date?.ok || hour > 23 || minute > 59) {
    return {
      ok: false,
      message: `${quoted(text)} is not a date and time (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the meeting's zone)`,
    };
  }
  return { ok: true, value: { date: date.value, time: m?.[2] === undefined ? null : { hour, minute } } };
}

const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  last: -1,
};
const ORDINAL_PATTERN = '(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)';
// Between two ordinals: `,` `and` `&` `/` `+`, or `, and` / `, &` ("1st, and 3rd Tuesday").
const ORDINAL_SEPARATOR = '\\s*(?:,(?:\\s*(?:and\\b|&))?|and\\b|&|/|\\+)\\s*';
/** Weeks of the month, one or several: "2nd", "1st and 3rd", "first, third and the fifth". */
const ORDINAL_LIST = `${ORDINAL_PATTERN}(?:${ORDINAL_SEPARATOR}(?:the\\s+)?${ORDINAL_PATTERN})*`;
const ORDINAL_LIST_RE = new RegExp(`\\b(${ORDINAL_LIST})\\s+(${WEEKDAY_PATTERN})(?=\\W|$)`, 'i');
const ORDINAL_LISTS_RE = new RegExp(ORDINAL_LIST_RE.source, 'gi');
/**
 * "1st Tuesday and 3rd Tuesday": the weekday written after each week, to read as "1st and 3rd Tuesday";
 * not "2nd Tuesday, the 4th Tuesday is the subproject sync", where the second is a note's subject.
 */
const REPEATED_WEEKDAY_RE = new RegExp(
  `\\b(${ORDINAL_PATTERN})\\s+(${WEEKDAY_PATTERN})(${ORDINAL_SEPARATOR}(?:the\\s+)?)(?=${ORDINAL_PATTERN}\\s+(${WEEKDAY_PATTERN})(?=\\W|$)(?!\\s+(?:of\\s+(?:the|each|every)\\s+month\\s+)?is\\b))`,
  'gi',
);
// "Thursday after the second Monday", also with punctuation between: "Thursday, after…", "Wednesday (after…".
const AFTER_RE = new RegExp(
  `\\b(${WEEKDAY_PATTERN})[\\s,;:([-]*(?:after|following)\\s+(?:the\\s+|each\\s+|every\\s+)?(${ORDINAL_PATTERN})\\s+(${WEEKDAY_PATTERN})(?=\\W|$)`,
  'i',
);

/** What the `day` field says: the weekday, the weeks of the month it names, a start date in the text. */
export interface DayText {
  readonly weekday?: Weekday;
  readonly nth?: readonly number[];
  /** The weeks apart the day's own words say (`Tuesday (biweekly)`: 2, `Every Tuesday`: 1). */
  readonly every?: number;
  readonly start?: string;
}

/** `Tuesday`, `Tuesdays starting 2026-09-08`, `Tuesday (starting September 8th 2026)`, `third Wednesday`. */
/** Words by which a `day` says how often too ("Tuesday (biweekly)", "Every Tuesday"). */
const DAY_RULE_WORDS = /\b(?:every|each|weekly|bi-?weekly|fortnightly|alternat|other)/i;

export function parseDay(input: string): TextResult<DayText> {
  const found = findDate(input);
  if (found && !found.ok) return found;
  if (found) {
    // "Tuesday (starting 2027-01-12)" is the start; "Tuesday (no meeting 2026-12-29)" is not.
    const at = input.indexOf(found.value.span);
    const role = dateRole(
      found.value.date,
      input.slice(Math.max(0, at - 40), at).toLowerCase(),
      input.slice(at + found.value.span.length, at + found.value.span.length + 30).toLowerCase(),
    );
    if (role.role !== 'start' && role.role !== 'unclear') {
      return {
        ok: false,
        message: `day gives ${found.value.date}, which is not the start; write it under \`skip\`, \`until\` or \`moved\``,
      };
    }
  }
  const rest = found ? input.replace(found.value.span, ' ') : input;
  const nth = ORDINAL_LIST_RE.exec(rest);
  const weekdays = [...rest.matchAll(WEEKDAY_RE)]
    .map((m) => weekdayOf(m[1] ?? ''))
    .filter((w) => w !== undefined);
  const distinct = [...new Set(weekdays)];
  if (distinct.length > 1) {
    return {
      ok: false,
      message: `${quoted(input)} names several weekdays; write one meeting per weekday`,
    };
  }
  const weekday = distinct[0];
  if (weekday === undefined) {
    return { ok: false, message: `${quoted(input)} is not a weekday (use Monday … Sunday)` };
  }
  // "Tuesday (biweekly)", "every other Tuesday": the day says a weekly rule too.
  const said = nth || !DAY_RULE_WORDS.test(rest) ? undefined : parseFrequency(rest);
  const rule = said?.ok && said.value.rule.kind === 'weekly' ? said.value.rule : undefined;
  return {
    ok: true,
    value: {
      weekday,
      ...(nth ? { nth: ordinalList(nth[1] ?? '') } : {}),
      ...(rule ? { every: rule.interval } : {}),
      ...(found ? { start: found.value.date } : {}),
    },
  };
}

function ordinalList(text: string): number[] {
  const values = [...text.toLowerCase().matchAll(new RegExp(ORDINAL_PATTERN, 'g'))].map(
    (m) => ORDINALS[m[0]] ?? 0,
  );
  return [...new Set(values)].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
}

/** What the `frequency` field says, read from the start; trailing notes are ignored. */
export type FrequencyText =
  | { readonly kind: 'weekly'; readonly interval: number; readonly parity?: boolean }
  /** "monthly" without saying which week: the start date must tell. */
  | { readonly kind: 'monthly' }
  | { readonly kind: 'monthly-nth'; readonly nth: readonly number[]; readonly weekday: Weekday }
  | {
      readonly kind: 'monthly-after';
      readonly weekday: Weekday;
      readonly nth: number;
      readonly after: Weekday;
    }
  /**
   * The text says there is no regular schedule, or that it depends on another meeting; `overrides`
   * when it says so wherever it stands in the text (see parseFrequency).
   */
  | { readonly kind: 'irregular'; readonly reason: string; readonly overrides?: boolean }
  | { readonly kind: 'unknown' };

export interface FrequencyReading {
  readonly rule: FrequencyText;
  readonly start?: string;
  /** Set when the text says the series alternates with another meeting. */
  readonly alternating: boolean;
  /**
   * The weekdays a weekly rule's words name for this series (`weekly on Tuesdays`, `every other
   * Thursday`, `biweekly (Tuesdays)`), in order: not those of a note, of a clause `with …` (another
   * meeting's) or of a start date.
   */
  readonly weekdays: readonly Weekday[];
  /** A date the text says the series ends on (`weekly until 2027-03-02`). */
  readonly until?: string;
  /** How long each meeting is, where the text says (`weekly (30 minutes)`). */
  readonly durationMinutes?: number;
  /** Dates the text says have no meeting (`weekly (no meeting 2026-12-29)`). */
  readonly skips?: readonly string[];
  /**
   * Dates the text lists as meetings of the rule, the list running on (`every other Thursday
   * (2026-12-03, 2026-12-17, …)`): the first is the start, and each must be a date of the rule.
   */
  readonly listed?: readonly string[];
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  eight: 8,
};

/**
 * A weekday the rule itself names: "weekly on Tuesdays", "every (other) Tuesday", "biweekly (Tuesdays)",
 * "Thursdays, biweekly", "every other week - Tuesday", or the text alone ("Tuesdays"); not one a note
 * names ("weekly (agenda due Monday)").
 */
const RULE_WEEKDAY_RE = new RegExp(
  [
    `\\b(?:weekly|biweekly|fortnightly)(?: on)?\\s+(${WEEKDAY_PATTERN})(?=[\\s,.;)]|$)(?!\\s+(?:evening|morning|afternoon|night|in\\b|with\\b))`,
    `\\b(?:weekly|biweekly|fortnightly)\\s*\\(\\s*(?:on\\s+)?(${WEEKDAY_PATTERN}(?:\\s*(?:,|and|&|/|\\+)\\s*${WEEKDAY_PATTERN})*)\\s*\\)`,
    `\\b(?:every(?: other| second)?|alternat(?:e|ing)|each)\\s+(${WEEKDAY_PATTERN})(?=\\W|$)`,
    `^\\W*(${WEEKDAY_PATTERN})\\W*(?:,\\s*(?:weekly|biweekly|fortnightly)\\b.*)?$`,
    `\\bevery other week\\s*-\\s*(${WEEKDAY_PATTERN})(?=\\W|$)`,
    // "weekly (moved to Wednesdays)": where it meets now.
    `(?:${CLAUSE_STARTS})(?:now |meeting )?(?:moved|moving|changed|changing) to (${WEEKDAY_PATTERN})(?=\\W|$)`,
  ].join('|'),
  'g',
);

/** Weekdays listed after a rule's: ", Thursday", " and Thursday", " & Fri". */
const MORE_WEEKDAYS = new RegExp(`^(?:\\s*(?:,|and|&|/|\\+)\\s*${WEEKDAY_PATTERN}(?=\\W|$))+`);

/**
 * "paused until …", "no meetings until …", "on break until …", "on holiday until …": the series resumes
 * on the date.
 */
const RESUMES =
  /\b(?:cancel(?:l?ed)?|(?:on )?break|no (?:meetings?|calls?|syncs?|sessions?)|not(?: meeting)?|paused|suspended|on hold|(?:on )?hiatus|off|(?:on |off for (?:the )?)?(?:holidays?|vacation))\s+until\b/;

interface Token {
  readonly index: number;
  /** Inside brackets: "weekly (1st Tuesday: demo)". */
  readonly aside: boolean;
  /**
   * A week of the month said of something else than the meeting's days: "2nd Tuesday of the month
   * is demo day", "demo day is the 2nd Tuesday".
   */
  readonly note?: boolean;
  /** A week of the month said to have no meeting, or another one ("2nd Tuesday is … instead"). */
  readonly another?: boolean;
  /** The words the rule was read from, for messages. */
  readonly said: string;
  readonly rule: FrequencyText;
}

/** Words that say the dates are not a weekly or monthly rule sigcal can publish (or not yet, or not now). */
const IRREGULAR =
  /\b(?:quarterly|bimonthly|yearly|annually|annual|daily|ad[ -]?hoc|as needed|on demand|tbd|tba|irregular|varies)\b/;

/**
 * Words that say the rule beside them does not hold all year, every week or every month, wherever they
 * stand ("weekly (paused)", "first Tuesday of odd months"); IRREGULAR words count only where they come
 * first ("weekly (on demand)" is weekly).
 */
const MONTH_NAMES =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december)';
const MONTH_WORDS = `(?:${MONTH_NAMES}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`;
/** Where a clause or bracket starts: words there say what the meeting does, not what a note's subject does. */
const CLAUSE_LEAD = `(?<=${CLAUSE_STARTS}|\\.\\s+)`;
/** Who is gone, said before "deprecated", "archived"…: "this meeting is", "the group was", "has been". */
const GONE_SUBJECT =
  '(?:(?:(?:the|this) )?(?:group|working group|wg|sig|meeting|series|call|subproject)s? (?:is |are |was |were |has been |have been )?|has been |was |now )';
/** A clause's start, or right after the rule's own word ("weekly from mid-January"). */
const RULE_LEAD = `(?<=${CLAUSE_STARTS}|\\.\\s+|\\b(?:weekly|biweekly|fortnightly|monthly|week)\\s+|\\bevery ${WEEKDAY_PATTERN}s?\\s+)`;

export const NOT_THE_RULE_PHRASINGS: readonly string[] = [
  // Paused: publishing the old rule would put meetings on the calendar that do not take place.
  'paused',
  'on hold',
  '(?:on )?hiatus',
  'suspended',
  'inactive',
  'dormant',
  'discontinued',
  // Not every month, or not every week of the year.
  'every other month',
  'every (?:two|three|2|3|second|third|2nd|3rd) months',
  '(?:odd|even) months',
  '(?:of|in) (?:each|every|the) quarter',
  '(?:once|twice) (?:a|per|each) quarter',
  'during (?:the )?(?:release|summer|winter|spring|autumn|fall|school|term|semester|code freeze)',
  '(?:in|over|through) (?:the )?(?:summer|winter)',
  '(?:summer|winter) only',
  'seasonal(?:ly)?',
  // More (or fewer) than one meeting a week, or weeks that "tri-weekly" does not settle.
  'tri-?weekly',
  'semi-?weekly',
  'four-?weekly',
  '(?:twice|thrice|two times|three times) (?:a |per |each )?week(?:ly)?',
  // "Wednesday before the last Tuesday", "first Friday after the 15th": not rules sigcal reads.
  `${WEEKDAY_PATTERN} before the (?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)`,
  `after the \\d{1,2}(?:st|nd|rd|th)\\b(?! ${WEEKDAY_PATTERN})`,
  // An exception the rule cannot carry ("except the last week of the month"); holidays are the rule's.
  // (An exception for holidays or a conference is the maintainers' to skip; the calendar keeps the rule.)
  'except(?:ing)? (?:on |in |during )?(?:the |every |each )?(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th|odd|even|alternate|other)\\b',
  `(?:except(?:ing)?|skip(?:ping)?|no meetings?|not|(?<!kick(?:ed)? )off) (?:in |during )?${MONTH_WORDS}\\b`,
  // A date written another way than sigcal reads: ignoring it would publish the rule without it.
  '(?<!(?:updated|revised|changed|edited) (?:on )?)(?:\\d{1,2}/\\d{1,2}/\\d{2,4}|\\d{4}/\\d{1,2}/\\d{1,2})',
  // Said to stop or start, without a date to do it on ("until March", "starting January 2027").
  `(?:through|starting|resuming|resumes|ends?|ending)(?: in| at)? (?:the )?(?:end of |mid-?|early |late )?(?:${MONTH_WORDS}|20\\d\\d)`,
  // The time alternates: one time on the calendar would be wrong for half the meetings.
  'alternat\\w* (?:times?|hours?|slots?|time ?zones?)',
  // Wherever it stands when it names times or zones ("the call alternates between 08:00 and 16:00
  // UTC"); with weaker words only where the rule's clause says it, not what alternates between
  // topics, tools or hosts ("alternating between demos and discussion", "hosting alternates between
  // the AMER and APJ chairs").
  `alternat\\w* between [^).;]*?(?:\\d{1,2}(?::\\d\\d)?|\\btimes?\\b|hours|time ?zones?|apac|emea|americas|asia|europe|\\bus\\b|\\beu\\b|\\bpt\\b|\\bet\\b|\\bcet\\b|\\butc\\b|morning|evening|afternoon|\\b${WEEKDAY_PATTERN}(?=\\W|$))`,
  `(?<=${CLAUSE_STARTS}|\\b(?:weekly|biweekly|fortnightly|monthly|meetings?|times?),?\\s+)alternat\\w* between [^).;]*?(?:early|late|\\bam\\b|\\bpm\\b|coast|amer|apj|latam|slots?)`,
  // A time that changes from week to week, said another way ("9:00 one week and 17:00 the next",
  // "alternating 08:00 and 16:00", "time varies", "9:00 in odd weeks, 17:00 in even weeks"); a time
  // that varies with daylight saving time is the zone's to give, and a topic that varies is a note.
  'one week,? (?:and |then )?(?:at )?\\d{1,2}(?:[:.]\\d\\d)?[^).;]*? the (?:next|other|following)\\b',
  'alternat\\w* (?:at )?\\d{1,2}(?:[:.]\\d\\d)?(?: ?[ap]m)?(?: [a-z]{2,5})? ?(?:and|/|&|or|,) ?(?:at )?\\d{1,2}(?:[:.]\\d\\d)?(?: ?[ap]m)?',
  '(?:odd|even) weeks?\\b[^).;]*?\\d{1,2}(?:[:.]\\d\\d| ?[ap]m)[^).;]*?\\b(?:odd|even) weeks?',
  '(?:(?:start |meeting )?times?|hours?|time ?slots?) (?:varies|vary|changes (?:every|each) week|changes weekly|changes from week to week)(?! (?:with|for|by|in|during|due to|across) (?:the )?(?:dst|daylight|summer|winter|clocks?|seasons?)\\b)',
  '(?:start |meeting )?times? rotates?(?! (?:between|among) (?:presenters|hosts|speakers|people|members|chairs|leads))',
  '(?:rotating|varying|changing) (?:start )?(?:times|hours|time ?slots?|time ?zones)',
  // An end that is not a date ("until the end of the year", "until KubeCon"); "until further notice"
  // is no end.
  `(?:weekly|biweekly|monthly|fortnightly|weeks?|meetings?|month|every ${WEEKDAY_PATTERN}),? (?:until|till) (?!further notice)(?:the )?[a-z][\\w.-]*(?: [a-z0-9][\\w.-]*)?`,
  // …or a year, or a month without its day ("until 2027", "until 2027-03", "starting 2027-01").
  `${RULE_LEAD}(?:until|till|through|thru|ends?|ending|from|starting|beginning) (?:the end of )?20\\d\\d\\b`,
  '(?:until|till|through|thru|ends?|ending|from|starting|beginning|resum\\w*|back|no meetings?|skip\\w*|except|off) (?:in )?20\\d\\d-(?:0?[1-9]|1[0-2])(?![\\d-])',
  // Gone, said another way than "paused" ("merged into …", "deprecated"), where the clause says it.
  // (After a comma only with its subject: "alpha, beta, GA, deprecated" is a list of topics.)
  `(?:(?<=^|[(;]\\s*|\\.\\s+|\\s-\\s*)${GONE_SUBJECT}?|(?<=,\\s*)${GONE_SUBJECT})(?:deprecated|defunct|disbanded|retired|archived|concluded|sunset|ended)(?=\\s*(?:$|[).;]| in favou?r of))`,
  // Stopping soon, on no date it gives ("(the group is winding down)", "- the WG is winding down after
  // KubeCon"), where the clause or its subject is the meeting's: not "the old doc is winding down",
  // nor what the meeting winds down ("(winding down the 1.35 branch)", "winding down in-flight KEPs").
  `${CLAUSE_LEAD}${GONE_SUBJECT}?(?:currently |slowly )?(?:winding down|being wound down|wound down)(?=\\s*(?:$|[).;,:!-])|\\s+(?:after|before|by|in|at|from|this|next|soon|now|over|until|till|towards?|as|once|when|during|following|for|and)(?![\\w-])|\\s+(?:the |this |our )?(?:group|working group|wg|sig|meeting|series|call|subproject)s?\\b)`,
  // Not taking place yet ("(pending TOC approval)", ", pending approval"); not "(pending items are
  // tracked in the agenda doc)".
  `${RULE_LEAD}(?:(?:starting|start|from|meetings?|schedule) )?(?:pending|awaiting|subject to|waiting (?:for|on)) (?:(?:toc|tsc|cncf|steering(?: committee)?|sig|chairs?|leads?|final|formal|official) )?(?:approval|confirmation|sign-?off|acceptance|vote)`,
  // Bounded without a day ("Jan-Mar 2027", "(Oct-Mar)", "September to May", "for the next 6 weeks").
  `${MONTH_WORDS}\\s*(?:-|to|through|thru|until|till)\\s*${MONTH_WORDS}\\b`,
  '(?:for the (?:next|first) (?:\\d+|two|three|four|five|six|eight|ten|twelve) (?:weeks|months|sessions)|\\d+-week (?:pilot|series|program|trial))',
  // Weeks of the month it does not settle ("first or second Tuesday", "first three Tuesdays").
  `(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) or (?:the )?(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\\b`,
  `first (?:two|three|four) ${WEEKDAY_PATTERN}`,
  `${CLAUSE_LEAD}(?:now )?merged (?:into|with)`,
  `(?:off|break|cancel(?:l?ed)?|not meeting|no meetings?) (?:until|till) (?:further notice|(?:the )?(?:new year|next year|${MONTH_NAMES})|20\\d\\d)`,
  'cancel(?:l?ed) (?:for now|indefinitely)',
  `${CLAUSE_LEAD}cancel(?:l?ed)(?=\\s*(?::|-)\\s*[a-z])`,
  `${CLAUSE_LEAD}(?:now )?(?:moved|moving|changed|changing) to (?:a )?(?:new|different) (?:day|time|slot)`,
  `${CLAUSE_LEAD}(?:meeting |new )?(?:schedule|time|day|date|times|dates|frequency|cadence|slot)s? (?:is |are )?(?:tbd|tba|to be (?:determined|announced|decided|confirmed))`,
  // To start later, on no date ("from mid-January", "starting after KubeCon", "in the new year").
  `${RULE_LEAD}(?:from|beginning|begins|resuming|resumes|starting)(?: again| up)? (?:in |on |at )?(?:the )?(?:end of |mid-?|early |late )?${MONTH_WORDS}`,
  `${RULE_LEAD}(?:starting|beginning|resuming|resumes|from|back)(?: again)? (?:after(?! \\d)|once|when|in the new year|next (?:year|month|quarter)|(?:in )?the (?:week|month) (?:after|following)\\b)`,
  // Only for a while ("1.36 release cycle only", "Q1 2027 only", "leading up to the release").
  `${CLAUSE_LEAD}(?:the |this |during the )?(?:v?\\d+\\.\\d+ |20\\d\\d )?(?:release(?: cycle)?|cycle|q[1-4](?: 20\\d\\d)?|quarter|sprint|semester|term|season) only`,
  `${CLAUSE_LEAD}only (?:during|for|in) (?:the )?(?:release|cycle|q[1-4]|quarter|sprint|kubecon|conference)`,
  '(?:weekly|biweekly|monthly|meetings?)(?: in the weeks)?,? leading up to',
  `${RULE_LEAD}(?:only )?during (?:the )?(?:kubecon|conferences?|events?|cycle|sprint|beta|alpha|freeze)`,
  // Some months only ("weekly in January and February", "4th Monday (3rd Monday in May)", "December
  // off", "except winter"); a month in a note ("chair elections in January") is the note's.
  `^\\W*(?:weekly|biweekly|fortnightly|monthly|every (?:week|${WEEKDAY_PATTERN}))\\s+(?:only\\s+)?(?:in|during) ${MONTH_NAMES}\\b`,
  `(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) ${WEEKDAY_PATTERN}(?: of the month)? (?:in|during) ${MONTH_NAMES}\\b`,
  `${MONTH_NAMES} (?:off|break|excluded|skipped)`,
  `(?:in|during) ${MONTH_NAMES}(?:(?:,|,? and|,? &) ${MONTH_NAMES})* only`,
  // A month whose meeting is on another day, or none ("last Friday (December: the 18th instead)",
  // "(in December the 11th)", "(the 18th in December)", "(December: 2nd Friday)", "(December: no
  // meeting)"): an exception the rule cannot carry. A month without a day is a note's.
  `${MONTH_WORDS}:? (?:(?:meeting|session|call)s? )?(?:is |will be |moves to |moved to |falls on )?(?:on )?(?:(?:${WEEKDAY_PATTERN} )?(?:the )?\\d{1,2}(?:st|nd|rd|th)\\b|(?:the )?(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) ${WEEKDAY_PATTERN}(?=\\W|$))`,
  `(?:the )?\\d{1,2}(?:st|nd|rd|th) (?:instead )?(?:in|during|for) ${MONTH_WORDS}\\b`,
  `${MONTH_WORDS}\\b[^).;]*? instead\\b(?! of)`,
  `${MONTH_WORDS}: (?:no meetings?|none|off|cancel(?:l?ed)|skipped|not meeting)\\b`,
  '(?:except|excluding|no meetings?|off) (?:in |during |over )?(?:the )?(?:summer|winter|spring|autumn|fall)\\b(?! (?:forward|back|holidays?|break))',
  `(?:no meetings?|skip\\w*|except)\\b[^).;]*\\b(?:weeks? of|half of) ${MONTH_NAMES}`,
  // A week of the month skipped, however it is said ("no meeting on the first Tuesday").
  `(?:no meetings?(?: on)?|not on|skip(?:s|ping)?|except(?: (?:when it falls )?on)?|cancel\\w*(?: on)?)\\s+(?:the\\s+|every\\s+|each\\s+)?(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) ${WEEKDAY_PATTERN}(?=\\W|$)`,
  // Weeks on and weeks off ("4 weeks on, 1 week off"): a cycle no weekly rule carries.
  '(?:\\d+|one|two|three|four|five|six) weeks? on,? (?:and |then )?(?:\\d+|one|two|three|four) weeks? off',
  // Held only when there is something to discuss ("weekly, but only when there are agenda items"),
  // said where the clause starts: not "(recording only if the speaker agrees)".
  `${CLAUSE_LEAD}(?:but |and )?(?:(?:we |it )?(?:meets?|held|happens) )?only (?:when|if) (?:there (?:is|are)|(?:it is |we are )?(?:needed|necessary|required)|(?:we|it) (?:has|have)|(?:the )?agenda|topics?)\\b`,
  // Dates written day.month.year, or month/day without a year: not read, so not to be ignored.
  '\\d{1,2}\\.\\d{1,2}\\.(?:19|20)\\d\\d',
  '(?:no meetings?|cancel\\w*|skip\\w*|except|not|off|from|until|till|starting|after|before|next) (?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01])(?![/\\d])',
];
// Whole words only: "hiatus-free" and ".../paused-items" are not "hiatus" and "paused". Searched as one
// alternation, but each phrasing compiled only for a text that could hold it (see LazyAlternation),
// with the literals that tell which read once for all processes (not-the-rule-cues.ts).
const NOT_THE_RULE = new LazyAlternation(
  NOT_THE_RULE_PHRASINGS,
  { before: '(?<![\\w-])', after: '(?=[^\\w-]|$)' },
  NOT_THE_RULE_CUES,
);

/** Cancelled, with no date to say which meeting ("weekly (cancelled)", "(no meetings)"). */
const CANCELLED =
  /(?<![\w-])(?<!(?:may|might|can|could|will|would|sometimes|occasionally|if) (?:be )?)(?:(?:meetings? )?cancel(?:l?ed)|no meetings?(?: scheduled| planned)?)(?: until further notice)?(?= *(?:[).;\]]|$))/;

/** Stopped or paused, said where the clause ends ("weekly (on break)", "weekly, currently not meeting"). */
const STOPPED = new RegExp(
  `(?:${CLAUSE_STARTS})(?:currently |temporarily |the meeting is |meetings (?:are )?)?(?:not (?:currently )?meeting|on (?:a )?(?:break|pause)|on ice|postponed|winding down|no meetings for now|no longer (?:meeting|meets|held|active|running|happening))(?: (?:currently|anymore|any more|for now|at the moment|until further notice|right now))?(?= *(?:[).;\\]]|$))`,
);

/** "Twice a month": a rule only with the two weeks it means ("twice a month, 1st and 3rd Tuesday"). */
const TWICE_MONTHLY =
  /\b(?:twice (?:a |per |each )?month(?:ly)?|semi-?monthly|two times (?:a |per )?month)\b/;

/** "every second Tuesday": the second Tuesday of each month, or every other Tuesday? English says both. */
const EVERY_NTH_WEEKDAY = new RegExp(
  `\\bevery (second|2nd|third|3rd|fourth|4th|fifth|5th) (${WEEKDAY_PATTERN})(?=\\W|$)(?!.*\\bmonth)`,
);

/** A meeting's length written in `frequency`: "weekly (30 minutes)", "biweekly, 1 hour". */
function lengthOf(text: string): { durationMinutes?: number } {
  // Only a length that stands alone: "(30 minutes)", ", 1 hour" at the end; not "first 15 minutes".
  // A length at the start of a bracket or clause, or after the rule or "for" ("weekly for 30 minutes",
  // "(45 minutes, Zoom)"); not one that belongs to a part of the meeting ("(10 min buffer after)").
  const m =
    /(?:^|[(,;]|\s-|\bfor|\b(?:weekly|biweekly|monthly|fortnightly))\s*(\d{1,3}(?:\.\d)?)[\s-]*(?:(min(?:ute)?s?)|hours?|hrs?)\b(?!\s*(?:past|before|after|early|late|buffer|break|coffee|talks?|lightning|updates?|intros?|demos?|each|per|of|for the|into|slots?\s+(?:per|for|each)))/.exec(
      text.trim(),
    );
  if (!m) return {};
  const minutes = m[2] ? Number(m[1]) : Number(m[1]) * 60;
  return Number.isInteger(minutes) && minutes >= 5 && minutes <= 12 * 60 ? { durationMinutes: minutes } : {};
}

/** Readings by text: a community writes a few dozen frequencies across thousands of meetings. */
const readings = new Map<string, TextResult<FrequencyReading>>();

/** `biweekly starting 2027-01-12`, `monthly - last Wednesday`, `1st and 3rd Tuesday of each month`… */
export function parseFrequency(input: string): TextResult<FrequencyReading> {
  let reading = readings.get(input);
  if (reading === undefined) {
    // Bounded: a warm Lambda reads many sources.
    if (readings.size >= 10_000) readings.clear();
    reading = readFrequency(input);
    readings.set(input, reading);
  }
  return reading;
}

/**
 * "starting the week of January 11th", "from the week of 2027-01-11": a start in a week, which does
 * not say the day of its first meeting (nor, without a year, the year).
 */
const WEEK_OF_START =
  /\b(?:start(?:s|ing)?|from|beginning|begins?|commencing|effective|as of|resum(?:es|ing)|kick(?:s|ing)?[ -]?off)\s+(?:in\s+|on\s+|with\s+)?the\s+week\s+(?:of|starting|beginning)\b[^;.()]*/i;

function readFrequency(input: string): TextResult<FrequencyReading> {
  const weekStart = WEEK_OF_START.exec(input);
  if (weekStart) {
    return {
      ok: true,
      value: {
        rule: {
          kind: 'irregular',
          reason: `${quoted(input.trim())} starts in a week (${quoted(weekStart[0].trim())}), not on a date; write the date of the first meeting under \`start\` (YYYY-MM-DD), and the rule alone here`,
        },
        alternating: false,
        weekdays: [],
      },
    };
  }
  const found = findDate(input);
  if (found && !found.ok) return found;
  const dated = found ? datePurposes(input, found.value) : undefined;
  if (dated?.kind === 'not-the-rule') {
    return {
      ok: true,
      value: { rule: { kind: 'irregular', reason: dated.reason }, alternating: false, weekdays: [] },
    };
  }
  // Without its dates (each read above), so their words are not read as the rule's.
  const text = (dated?.text ?? input)
    .toLowerCase()
    // A link's words are not the rule's ("…/paused-items", "…/sig-apps-mon").
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    // "paused until 2027-01-12": the series resumes then (the date is its start).
    .replace(dated?.resumes ? RESUMES : /$^/, ' ')
    .replace(DASHES, '-')
    // "weekly -- winding down": two hyphens for a dash.
    .replace(/(?<=\s)-{2,}(?=\s)/g, '-')
    .replace(/\bbi[\s-]+weekly\b/g, 'biweekly')
    .replace(/\bbi[\s-]+monthly\b/g, 'bimonthly')
    // "(previously biweekly)", "(was biweekly until 2026-06)": what the rule was is not what it is.
    .replace(
      /\b(?:previously|formerly|was|used to be|until recently)\s+[\w-]+(?:\s+(?:on|until)\b)?(?:\s+[\w-]+)?/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .replace(REPEATED_WEEKDAY_RE, (all, nth: string, day: string, between: string, next: string) =>
      weekdayOf(day) === weekdayOf(next) ? `${nth}${between}` : all,
    );
  // The rule is read from the first clause; later sentences are notes ("Weekly. Agenda by Wednesday.").
  // "alternating with the Thursday meeting": what follows "with" is another meeting's.
  const own = (text.split(/;|\.(?:\s|$)/).find((c) => c.trim() !== '') ?? '').replace(/\bwith\b.*$/, ' ');
  const tokens: Token[] = [];
  // The first match of `re`, or every match of a global one.
  const add = (
    re: RegExp | LazyAlternation,
    make: (m: RegExpExecArray) => FrequencyText | undefined,
    within = own,
  ) => {
    const matches = re instanceof RegExp && re.global ? [...within.matchAll(re)] : [re.exec(within)];
    for (const m of matches) {
      const rule = m ? make(m) : undefined;
      if (!m || !rule) continue;
      const lead = within.slice(0, m.index);
      // In brackets, and not "(only 1st Tuesday)", which says the rule.
      const aside = lead.split('(').length > lead.split(')').length && !/\bonly\s*$/.test(lead);
      tokens.push({ index: m.index, said: m[0].trim(), rule, aside });
    }
  };
  add(AFTER_RE, (m) => {
    const weekday = weekdayOf(m[1] ?? '');
    const after = weekdayOf(m[3] ?? '');
    const nth = ORDINALS[(m[2] ?? '').toLowerCase()];
    return weekday && after && nth ? { kind: 'monthly-after', weekday, nth, after } : undefined;
  });
  // Every week of the month named: "1st Tuesday (EMEA), 3rd Tuesday (APAC)" is not the 1st Tuesday.
  add(ORDINAL_LISTS_RE, (m) => {
    const weekday = weekdayOf(m[2] ?? '');
    return weekday ? { kind: 'monthly-nth', nth: ordinalList(m[1] ?? ''), weekday } : undefined;
  });
  // "2nd Tuesday of the month is demo day", "demo day is the 2nd Tuesday": what that week holds.
  for (const [i, t] of tokens.entries()) {
    if (t.rule.kind !== 'monthly-nth') continue;
    if (NOT_CONTENT.test(clauseAfter(own, t))) tokens[i] = { ...t, another: true };
    else if (weekOfContent(own, t)) tokens[i] = { ...t, note: true };
  }
  // "Thursday after the second Monday" holds an ordinal and a weekday that are the rule's, and "first
  // Tuesday after the first Monday" is that Tuesday: weeks of the month inside the rule are not rules.
  const after = tokens.find((t) => t.rule.kind === 'monthly-after');
  if (after) {
    const end = after.index + after.said.length;
    const inside = (t: Token) =>
      t.rule.kind === 'monthly-nth' &&
      t.index < end &&
      t.index + t.said.length > after.index &&
      (t.index >= after.index || (t.rule.nth.length === 1 && t.rule.nth[0] === 1));
    tokens.splice(0, tokens.length, ...tokens.filter((t) => !inside(t)));
  }
  add(
    new RegExp(
      `\\b(?:biweekly|fortnightly|every other (?:week|${WEEKDAY_PATTERN})|every second week|alternat(?:e|ing) (?:weeks|${WEEKDAY_PATTERN}))(?=\\W|$)`,
    ),
    () => ({ kind: 'weekly', interval: 2 }),
  );
  add(/\bevery (\d|one|two|three|four|five|six|eight|2nd|3rd|4th|third|fourth) weeks?\b/, (m) => {
    const word = m[1] ?? '';
    const n = NUMBER_WORDS[word] ?? ORDINALS[word] ?? Number(word);
    return n >= 1 ? { kind: 'weekly', interval: n } : undefined;
  });
  add(
    new RegExp(
      `\\b(?:weekly|every week|each week|once a week|once per week|(?:every|each) (?:${WEEKDAY_PATTERN}))(?=\\W|$)|^\\W*(?:${WEEKDAY_PATTERN})\\W*$`,
    ),
    () => ({ kind: 'weekly', interval: 1 }),
  );
  add(/\b(?:monthly|every month|each month|once a month)\b/, (m) =>
    // "weekly (the last meeting of each month is a retro)": what a note's subject does each month.
    tokens.length > 0 && monthOfNote(own, m) ? undefined : { kind: 'monthly' },
  );
  const irregular = (m: RegExpExecArray): FrequencyText => ({
    kind: 'irregular',
    reason: `${quoted(m[0].trim())} is not a regular weekly or monthly schedule`,
  });
  add(IRREGULAR, irregular);
  add(
    NOT_THE_RULE,
    (m) => ({
      kind: 'irregular',
      reason: `${quoted(input.trim())} is not a plain weekly or monthly rule (${quoted(m[0].trim())})`,
      overrides: true,
    }),
    text,
  );
  if (!dated?.skips.length) {
    add(
      STOPPED,
      (m) => ({
        kind: 'irregular',
        reason: `${quoted(input.trim())} says the meetings are not taking place (${quoted(m[0].replace(/^\W+/, '').trim())})`,
        overrides: true,
      }),
      text,
    );
    add(
      CANCELLED,
      (m) => ({
        kind: 'irregular',
        reason: `${quoted(input.trim())} says the meetings are cancelled (${quoted(m[0].trim())})`,
        overrides: true,
      }),
      text,
    );
  }
  // "biweekly (odd weeks)": every other week, which a start date settles ("weekly in odd weeks" too).
  add(/\b(?:odd|even) weeks\b/, () => ({ kind: 'weekly', interval: 2, parity: true }));
  add(EVERY_NTH_WEEKDAY, (m) => ({
    kind: 'irregular',
    overrides: true,
    reason:
      `${quoted(m[0].trim())} can mean the ${m[1]} ${m[2]} of each month or every ${m[1]} week; ` +
      `write "${m[1]} ${m[2]} of the month", or "every ${NTH_WORD[m[1] ?? ''] ?? m[1]} weeks" with a start date`,
  }));
  tokens.sort((a, b) => a.index - b.index);
  // "weekly, then monthly demo", "biweekly, then weekly until …": the words after "then" (up to the
  // clause's end) are not the first rule's; ruleChange reads whether they are a rule of their own.
  for (const m of own.matchAll(RULE_CHANGE_BEFORE)) {
    const from = m.index ?? 0;
    const to = from + m[0].length + changedTo(own, m).length;
    const inside = (t: Token) =>
      !(t.rule.kind === 'irregular' && t.rule.overrides) && t.index >= from && t.index < to;
    // Only a rule said as a clause of its own, or a noun it qualifies: not "then on a monthly basis".
    const tail = own.slice(from + m[0].length, to).trim();
    const read = RULE_CLAUSE.test(tail) || NOUN_AFTER_RULE.test(tail);
    if (read && tokens.some((t) => t.index < from) && tokens.some(inside)) {
      tokens.splice(0, tokens.length, ...tokens.filter((t) => !inside(t)));
    }
  }
  const decided = decide(tokens, TWICE_MONTHLY.exec(own)?.[0]);
  // "biweekly; next meeting 2027-01-12, then weekly until 2027-02-09": a second rule, read from the
  // clause that says the first one gives way to it, is not one the series can be published with.
  const { change, weekdays: laterWeekdays } = ruleChange(text, decided);
  const rule: FrequencyText = change
    ? {
        kind: 'irregular',
        overrides: true,
        reason: `${quoted(input.trim())} changes its rule (${quoted(change)}); write the rule that holds now, with \`until\` for its last meeting, and the new one when it starts`,
      }
    : decided;
  // With the weekdays listed after one ("weekly on Tuesday and Thursday").
  const weekdays = [...own.matchAll(RULE_WEEKDAY_RE)]
    .flatMap((m) => {
      const more = MORE_WEEKDAYS.exec(own.slice((m.index ?? 0) + m[0].length))?.[0] ?? '';
      const named = m.slice(1).find((g) => g !== undefined) ?? '';
      // A bracketed list ("weekly (Tue & Thu)") names each of its weekdays.
      const listed = [...named.matchAll(WEEKDAY_RE)].map((w) => w[1] ?? '');
      return [...listed, ...[...more.matchAll(WEEKDAY_RE)].map((w) => w[1] ?? '')];
    })
    .map(weekdayOf)
    .filter((w) => w !== undefined);
  return {
    ok: true,
    value: {
      rule,
      // "biweekly (next meeting …, then every other Tuesday)": the weekday the rule goes on with is its own.
      weekdays: [...new Set([...weekdays, ...laterWeekdays])],
      // "alternate weeks" and "alternate Tuesdays" say biweekly; "alternating with …" names another meeting.
      // "alternating time(s)", "alternating between APAC and EMEA": the time alternates, not the weeks.
      // "alternating" alone or "alternating with …"; "alternating hosts" alternates something else.
      alternating: /\bwith\b/.test(text)
        ? /\balternat/.test(text)
        : /\balternat\w*\s*(?:$|[).;,])/.test(text),
      ...lengthOf(text),
      ...(dated?.start ? { start: dated.start } : {}),
      ...(dated?.until ? { until: dated.until } : {}),
      ...(dated && dated.skips.length > 0 ? { skips: dated.skips } : {}),
      ...(dated && dated.listed.length > 0 ? { listed: dated.listed } : {}),
    },
  };
}

/**
 * Words by which one rule gives way to another: "then", "thereafter", "we move to", "switching to",
 * "going back to"; what follows is read as a rule of its own (up to the clause's end).
 */
const RULE_CHANGE_BEFORE =
  /\b(?:then|thereafter|afterwards?|after that|from then on|(?:move|moves|moving|switch|switches|switching|change|changes|changing|go|goes|going|return|returns|returning|revert|reverts|reverting)(?: back)? to|going|become|becomes|becoming)\s+(?:(?:we|it|the meeting|meetings?) (?:will )?(?:(?:(?:go|move|switch|change|return|revert)s?(?: back)? to|becomes?|meets?|be) )?)?/g;
/** What follows a word of RULE_CHANGE_BEFORE (`m`, in `text`) up to its clause's end, or the next "then". */
function changedTo(text: string, m: RegExpExecArray | RegExpMatchArray): string {
  return text.slice((m.index ?? 0) + m[0].length).split(/[;.()]|\bthen\b/)[0] ?? '';
}

/** The words a rule starts with ("weekly", "every other week", "1st and 3rd Tuesday"). */
const RULE_STARTS = new RegExp(
  `^(?:weekly|biweekly|fortnightly|monthly|every|each|once|alternat\\w*|(?:on )?(?:the )?(?:${ORDINAL_PATTERN}|${WEEKDAY_PATTERN})(?=\\W|$))`,
);
/** A rule that gives way to another said after it: "biweekly afterwards", "monthly after that". */
const RULE_CHANGE_AFTER =
  /(?:^|[;,(]|\.\s)\s*([^;,.()]*?)\s+(?:afterwards?|thereafter|after that|from then on|from there on)\b/g;

const WEEKDAY_LIST = `${WEEKDAY_PATTERN}(?:\\s*(?:,|and|&|/|\\+|or)\\s*${WEEKDAY_PATTERN})*(?=\\W|$)`;
/** Weekdays a rule's words start with ("Thursdays", "on Tuesday and Thursday", "every Friday"). */
const LEAD_WEEKDAY_LIST = new RegExp(`^(?:on )?(?:every |each )?(${WEEKDAY_LIST})`);
/** What a rule's word may qualify and still say the rule ("then monthly meetups", "a monthly cadence"). */
const MEETING_NOUN =
  '(?:meetings?|meetups?|calls?|syncs?|sessions?|check-?ins?|gatherings?|stand-?ups?|huddles?|hangouts?|office hours|cadence|basis|schedule|rhythm|frequency|intervals?|series|slots?)';
/**
 * A rule's word that qualifies a noun other than a meeting ("then monthly demo", "then a weekly digest
 * is sent"): what follows "then" is a note, not a rule.
 */
const NOUN_AFTER_RULE = new RegExp(
  `^(?:(?:a|an|the|our) )?(?:weekly|biweekly|fortnightly|monthly|bimonthly|quarterly|ad[ -]?hoc) (?!${MEETING_NOUN}(?:\\W|$))[a-z][\\w'-]*`,
);
/**
 * A rule said as a clause of its own ("monthly", "every other week until …", "biweekly on Thursdays",
 * "Thursdays", "1st Tuesday of the month", "as needed"): its words, then the clause's end or words
 * that go on saying the rule; not a noun they qualify ("monthly demo", "weekly digest is sent").
 */
const RULE_CLAUSE = new RegExp(
  `^(?:(?:on |in )?(?:the )?${ORDINAL_LIST} ${WEEKDAY_PATTERN}(?: of (?:the|each|every) month)?|(?:on )?(?:every |each )?${WEEKDAY_LIST}|(?:weekly|biweekly|fortnightly|monthly|bimonthly|quarterly|irregularly|ad[ -]?hoc|as needed|on demand|once (?:a|per|each) (?:week|month)|(?:every|each) (?:other |second )?(?:week|month|${WEEKDAY_PATTERN})|every (?:\\d+|two|three|four|five|six|eight) weeks|alternat\\w* (?:weeks|${WEEKDAY_PATTERN}))(?: ${MEETING_NOUN})?)(?: again)?(?=\\s*$|\\s*[,:!-]|\\s+(?:on|at|from|until|till|through|thru|to|starting|beginning|in|after|afterwards?|thereafter|for|instead|again|and|or|but|with|by|during|going|onwards?|once|when|whenever|while|as|if|unless|since|before|over|across|around|next|this|that|now|later|only|too|\\d)\\b)`,
);
/** Words that say a series has no regular rule ("then ad hoc", "then as needed"). */
const NO_RULE = /^(?:quarterly|bimonthly|irregularly|ad[ -]?hoc|as needed|on demand)\b/;

/**
 * The words of a second rule that follows the one read (`rule`), where `text` says the first gives
 * way to it ("…, then weekly until …", "biweekly afterwards", "we move to biweekly", "weekly on
 * Tuesdays, then Thursdays"); none when there is none, or it is the same rule said again ("next
 * meeting …, then every other Tuesday"), or what follows is not a rule ("agenda first, then open
 * discussion", "then a monthly demo"). With `weekdays`, those the rule goes on with where the words
 * before gave none ("biweekly (next meeting …, then every other Tuesday)"), for the day to agree with.
 */
function ruleChange(text: string, rule: FrequencyText): { change?: string; weekdays: readonly Weekday[] } {
  const weekdays: Weekday[] = [];
  if (rule.kind === 'irregular' || rule.kind === 'unknown') return { weekdays };
  const differs = (words: string, before?: string) => {
    // A rule's own words first: not "notes move to a new doc each month".
    if (!RULE_STARTS.test(words.trim()) && !NO_RULE.test(words.trim())) return false;
    const other = parseFrequency(words.trim());
    if (!other.ok) return false;
    const next = other.value.rule;
    // "then monthly in March", "then ad hoc": a rule no plainer than none.
    if (next.kind === 'irregular') return true;
    const changes =
      next.kind === 'weekly'
        ? rule.kind !== 'weekly' || rule.interval !== next.interval
        : next.kind === 'monthly'
          ? !rule.kind.startsWith('monthly')
          : next.kind === 'monthly-nth' || next.kind === 'monthly-after'
            ? ruleKey(next) !== ruleKey(rule)
            : false;
    // "weekly on Tuesdays, then (on) Thursdays": the same rule on other weekdays.
    const lead = LEAD_WEEKDAY_LIST.exec(words.trim());
    const sameRule = next.kind === 'weekly' || (next.kind === 'unknown' && lead !== null);
    if (changes || before === undefined || !sameRule) return changes;
    const later = [...other.value.weekdays];
    for (const w of (lead?.[1] ?? '').matchAll(WEEKDAY_RE)) {
      const day = weekdayOf(w[1] ?? '');
      if (day && !later.includes(day)) later.push(day);
    }
    if (later.length === 0) return false;
    const first = parseFrequency(before);
    if (!first.ok || first.value.rule.kind === 'unknown') return false;
    const earlier = first.value.weekdays;
    if (earlier.length === 0) {
      weekdays.push(...later);
      return false;
    }
    return later.length !== earlier.length || later.some((w) => !earlier.includes(w));
  };
  for (const m of text.matchAll(RULE_CHANGE_BEFORE)) {
    const tail = changedTo(text, m);
    // Without the word a date stood after: "then weekly until 2027-02-09" says "then weekly".
    const said = `${m[0]}${tail}`.replace(/\s+(?:until|till|through|from|starting|on|after|before)\s*$/, '');
    // The clause's rule, not a noun it qualifies: "then monthly", not "then monthly demo".
    if (!RULE_CLAUSE.test(tail.trim())) continue;
    if (tail.trim() !== '' && differs(tail, text.slice(0, m.index))) return { change: said.trim(), weekdays };
  }
  for (const m of text.matchAll(RULE_CHANGE_AFTER)) {
    if (differs(m[1] ?? '')) return { change: m[0].replace(/^\W+/, '').trim(), weekdays };
  }
  return { weekdays };
}

const NTH_WORD: Readonly<Record<string, string>> = {
  second: 'two',
  '2nd': 'two',
  third: 'three',
  '3rd': 'three',
  fourth: 'four',
  '4th': 'four',
  fifth: 'five',
  '5th': 'five',
};

/**
 * The one rule the words say, or why there is none: a word that says the dates are irregular wins;
 * "monthly" and "biweekly" give way to the weeks they are followed by ("monthly - third Tuesday",
 * "biweekly (2nd and 4th Tuesday)"); two rules that disagree ("weekly or biweekly") are no rule.
 */
function decide(tokens: readonly Token[], twiceMonthly: string | undefined): FrequencyText {
  const overriding = tokens.find((t) => t.rule.kind === 'irregular' && t.rule.overrides);
  if (overriding) return overriding.rule;
  if (tokens[0]?.rule.kind === 'irregular') return tokens[0].rule;
  tokens = tokens.filter((t) => t.rule.kind !== 'irregular');
  // "weekly in odd weeks": the weeks say every other one.
  if (tokens.some((t) => t.rule.kind === 'weekly' && t.rule.parity)) {
    tokens = tokens.filter((t) => !(t.rule.kind === 'weekly' && t.rule.interval === 1));
  }
  const precises = tokens.filter((t) => t.rule.kind === 'monthly-nth' || t.rule.kind === 'monthly-after');
  // Weeks of the month that disagree ("1st Tuesday (EMEA), 3rd Tuesday (APAC)"); a week in brackets is
  // a note ("monthly, 2nd Tuesday (the 4th Tuesday is the subproject sync)"), and so is one said of
  // what it holds beside one that is not ("monthly, 2nd Tuesday, the 4th Tuesday is the subproject
  // sync"); weeks that are all said so are not told apart ("1st Tuesday is EMEA, 3rd Tuesday is APAC").
  const plain = precises.filter((t) => !t.aside && !t.note);
  const said = plain.length > 0 ? plain : precises.filter((t) => !t.aside);
  const differing = [...new Map(said.map((t) => [ruleKey(t.rule), t])).values()];
  if (differing.length > 1) {
    return {
      kind: 'irregular',
      reason: `${differing.map((t) => quoted(t.said)).join(' and ')} are different rules; say which one`,
    };
  }
  const precise = plain[0] ?? precises[0];
  const weekly = tokens.filter((t) => t.rule.kind === 'weekly');
  const intervals = new Set(weekly.map((t) => (t.rule.kind === 'weekly' ? t.rule.interval : 0)));
  const twoWeeks = precise?.rule.kind === 'monthly-nth' && precise.rule.nth.length === 2;
  if (twiceMonthly && !twoWeeks) {
    return {
      kind: 'irregular',
      reason: `${quoted(twiceMonthly)} does not say which weeks (write e.g. "1st and 3rd Tuesday")`,
    };
  }
  if (precise && (weekly.length === 0 || (twoWeeks && intervals.size === 1 && intervals.has(2)))) {
    return precise.rule;
  }
  // "weekly (first Tuesday of the month is the demo day)", "Weekly, 2nd Tuesday of the month is demo
  // day": a week of the month in brackets, or said of what it holds, beside a weekly rule is a note
  // about one of its meetings.
  if (
    (precise?.aside || precise?.note) &&
    // Not "weekly (the 2nd Tuesday is the community meeting instead)": that week has another meeting.
    !precise.another &&
    precise.rule.kind === 'monthly-nth' &&
    precise.rule.nth.length === 1 &&
    weekly.every((t) => !t.aside) &&
    intervals.size === 1 &&
    intervals.has(1)
  ) {
    return { kind: 'weekly', interval: 1 };
  }
  const rules = [...new Map(tokens.map((t) => [ruleKey(t.rule), t])).values()];
  if (rules.length > 1) {
    return {
      kind: 'irregular',
      reason: `${rules.map((t) => quoted(t.said)).join(' and ')} are different rules; say which one`,
    };
  }
  const rule = rules[0]?.rule ?? { kind: 'unknown' };
  return rule.kind === 'weekly' ? { kind: 'weekly', interval: rule.interval } : rule;
}

/** What follows a token in its clause: up to the next comma, semicolon or bracket. */
function clauseAfter(own: string, token: Token): string {
  return own.slice(token.index + token.said.length).split(/[,;()]/)[0] ?? '';
}

/** Words that say a week of the month has no meeting, or another one: not a note about its content. */
const NOT_HELD_WORDS = 'instead|no|not|none|cancel\\w*|skip\\w*|off|replaces?|replaced';
const NOT_CONTENT = new RegExp(`\\b(?:${NOT_HELD_WORDS})\\b`);
/** The subject of "X is the 2nd Tuesday" that is the meeting itself, or when it is. */
const MEETING_SUBJECT =
  /\b(?:meetings?|calls?|syncs?|sessions?|it|we|group|sig|wg|this|weekly|biweekly|monthly|schedule|date|time|slot)\b/;

/**
 * A week of the month (`token`, in the rule's clause `own`) said of what it holds: the subject of
 * "is/are …" ("2nd Tuesday of the month is demo day"), or what another subject is ("demo day is the
 * 2nd Tuesday"); not of the meeting ("the meeting is the 2nd Tuesday"). Asked only of a week whose
 * clause has no words saying it has no meeting or another one (see {@link clauseAfter}).
 */
function weekOfContent(own: string, token: Token): boolean {
  const lead = own.slice(0, token.index);
  const rest = own.slice(token.index + token.said.length);
  if (
    /^(?:\s+of\s+(?:the|each|every)\s+month)?\s+(?:is|are|will be|becomes?|hosts?|features?)\b/.test(rest)
  ) {
    return /(?:^|[,;(]|\s-)\s*(?:the\s+|every\s+|each\s+)?$/.test(lead);
  }
  const subject =
    /(?:^|[,;(:]|\s-)\s*([a-z][^,;(:]*?)\s+(?:is|are)\s+(?:on\s+|held on\s+)?(?:the\s+|every\s+|each\s+)?$/.exec(
      lead,
    );
  return subject !== null && !MEETING_SUBJECT.test(subject[1] ?? '') && !NOT_CONTENT.test(subject[1] ?? '');
}

/** Words of a rule's own clause: what stands before "each month" in "1st Tuesday of each month". */
const RULE_CLAUSE_WORDS = new RegExp(
  `\\b(?:weekly|biweekly|fortnightly|monthly|week|weeks|every|each|once|twice|per|a|an|and|or|on|of|the|at|in|we|meet|meets|meeting|meetings|held|call|calls|sync|session|sessions|day|days|then|also|plus|${ORDINAL_PATTERN}|${WEEKDAY_PATTERN})(?=\\W|$)`,
  'g',
);
/** A word that says when a meeting is ("on", "2nd", "Tuesday"), not what it is. */
const WHEN_WORD = new RegExp(`\\b(?:on|${ORDINAL_PATTERN}|${WEEKDAY_PATTERN})(?=\\W|$)`);
/** Words that say a meeting is not held, or another is, that month: not a note about what it holds. */
const NOT_A_NOTE = new RegExp(
  `\\b(?:${NOT_HELD_WORDS}|except\\w*|excluding|without|only|break|moved?|moves|rescheduled|merged|joint|combined)\\b`,
);

/**
 * "each month" or "every month" (`m`, in the rule's clause `own`) said in a note of what its subject
 * does ("the doc changes each month", "the last meeting of each month is a retro"): the words of its
 * clause before it are not a rule's, and none says a meeting is not held or another is.
 */
function monthOfNote(own: string, m: RegExpExecArray): boolean {
  if (!/^(?:every|each) month$/.test(m[0])) return false;
  const lead =
    own
      .slice(0, m.index)
      .split(/[(,;:]|\s-\s/)
      .pop() ?? '';
  const rest = own.slice(m.index + m[0].length).split(/[(),;:]|\s-\s/)[0] ?? '';
  if (NOT_A_NOTE.test(lead) || NOT_A_NOTE.test(rest)) return false;
  // The subject of what it is or holds ("the last meeting of each month is a retro"), when what that
  // is holds no rule's words ("… is on the 2nd Tuesday").
  const said = /^\s+(?:is|are|will be|becomes?|hosts?|features?)\s+(.*)$/.exec(rest);
  if (said && /^\s*(?:the|our|a|an)\b/.test(lead) && !WHEN_WORD.test(said[1] ?? '')) {
    return /[a-z]{2,}/.test((said[1] ?? '').replace(RULE_CLAUSE_WORDS, ' '));
  }
  return /[a-z]{2,}/.test(lead.replace(RULE_CLAUSE_WORDS, ' '));
}

/** Two tokens with the same key say the same rule ("biweekly", "every other week"). */
function ruleKey(rule: FrequencyText): string {
  if (rule.kind === 'weekly') return `weekly/${rule.interval}`;
  if (rule.kind === 'monthly-nth') return `monthly-nth/${rule.nth.join(',')}/${rule.weekday}`;
  if (rule.kind === 'monthly-after') return `monthly-after/${rule.weekday}/${rule.nth}/${rule.after}`;
  return rule.kind;
}

const START_CUE =
  /\b(?:start(?:s|ing|ed)?(?: with)?|from|beginning|begins?|since|as of|effective|commencing|start date|first (?:meeting|session|one)|kick-?off(?: meeting)?|resum(?:es|ing|ed)|returns?|back|(?<!(?:skip(?:ping)?|no meeting|cancel\w*|not) )next(?: (?:meeting|sync|session|call|one))?|previous (?:meeting|session|call|one)(?: (?:was|on))?)\W*(?:on\W*)?$/;

/** What the words around a date in `frequency` make it (see {@link datePurposes}). */
type DateRole =
  | {
      readonly role: 'start' | 'until' | 'skip' | 'note';
      readonly date: string;
      readonly resumes?: boolean;
      /** Read from pause words: "no meetings from" (an until), "back", "resumes" (a start). */
      readonly pause?: boolean;
      /** The end of two dates joined as a range ("… to …"). */
      readonly joined?: boolean;
    }
  /** `break`: a date beside a break of the series ("last meeting before the break: …"). */
  | { readonly role: 'moved' | 'unclear' | 'break'; readonly date: string };

type DatePurpose =
  | {
      readonly kind: 'dates';
      readonly start?: string;
      readonly until?: string;
      readonly skips: readonly string[];
      /** Dates listed as meetings of the rule (see {@link FrequencyReading.listed}). */
      readonly listed: readonly string[];
      readonly resumes: boolean;
      /** The text with these dates blanked out, so their words are not read as the rule's. */
      readonly text: string;
    }
  | { readonly kind: 'not-the-rule'; readonly reason: string };

const UNTIL_CUE =
  /\b(?:until|untill|till|til|through|thru|to|ends?|ending|ended|up to|last (?:meeting|session)(?: is| on)?)\W*(?:on\W*)?$/;
const SKIP_CUE =
  /(?<![\w-])(?:no (?:meetings?|calls?|syncs?|sessions?)|nothing|not|except|excluding|skip(?:s|ping|ped)?|cancel(?:l?ed|s)?|without|off|(?:holiday )?break|holidays?)(?![\w-])[^.;()]*$/;
/** Words that make the "next" after them the meeting skipped ("not meeting next", "skipped next:"). */
const SKIPPED_NEXT =
  /(?:no (?:meetings?|calls?|syncs?|sessions?)|not meeting|skip(?:s|ped|ping)?|cancel(?:l?ed|s)?)[\s:]*$/;
/** "no meetings from …", "cancelled from …": the series stops on that date. */
const STOP_CUE =
  /\b(?:no meetings?|nothing|cancel(?:l?ed)?|(?:on )?break|paused|suspended|on hold|(?:on )?hiatus|off)\s+(?:from|starting|as of|after)\W*(?:on\W*)?$/;
const MOVED = /\b(?:moved|postponed|rescheduled)\b|→/;
/** "paused until" just before a date: the series resumes on it. */
const RESUMES_BEFORE = new RegExp(`${RESUMES.source}\\W*(?:on\\W*)?$`);
/**
 * Words of a pause in the clause that ends with "until" ("then no meetings over the holidays until …"):
 * the date ends the pause, not the series.
 */
const PAUSED_UNTIL =
  /(?<![\w-])(?:no (?:meetings?|calls?|syncs?|sessions?)|not meeting|nothing|off|break|holidays?|vacation|cancel(?:l?ed)?|paused|suspended|hiatus)(?![\w-])[^();,.]*\b(?:until|till)\W*(?:on\W*)?$/;
/** Words that may stand beside a date that starts the series without saying so ("biweekly (2027-01-12)"). */
const RULE_WORDS = new RegExp(
  `\\b(?:weekly|biweekly|bi-weekly|fortnightly|monthly|every|other|weeks?|on|the|at|meetings?|series|between|and|to|through|thru|until|till|${WEEKDAY_PATTERN})\\b`,
  'g',
);

/** The role of one date, from the words just before (`before`) and after it (`after`), in lower case. */
function dateRole(date: string, before: string, after: string): DateRole {
  const clauseBefore = before.split(/[(;,.]/).pop() ?? '';
  const clauseAfter = after.split(/[();,.]/)[0] ?? '';
  if (
    MOVED.test(clauseBefore) ||
    /^\W*(?:meeting |session |call )?(?:is |was |will be )?(?:moved|postponed|rescheduled|→|->)/.test(after)
  ) {
    return { role: 'moved', date };
  }
  // "first meeting after the break: …" starts the series; "last meeting before the break: …" is a break.
  if (
    /\bfirst (?:meeting|session|call) after the (?:\w+ )?(?:break|holidays?|hiatus|pause)\W*$/.test(before)
  ) {
    return { role: 'start', date };
  }
  if (/\b(?:before|after) the (?:\w+ )?(?:break|holidays?|hiatus|pause)\W*$/.test(before)) {
    return { role: 'break', date };
  }
  // "no meeting the week of …": a week, not the date.
  if (/\bweeks? of\W*$/.test(before)) return { role: 'unclear', date };
  if (STOP_CUE.test(before)) return { role: 'until', date: isoFromDay(dayFromIso(date) - 1), pause: true };
  if (/\b(?:resum\w*|back|returns?)\W*(?:on\W*)?$/.test(before)) return { role: 'start', date, pause: true };
  // "not meeting next …", "skipped next: …": the next meeting is the one skipped.
  const start = START_CUE.exec(before);
  if (start && /^next\b/.test(start[0]) && SKIPPED_NEXT.test(before.slice(0, start.index))) {
    return { role: 'skip', date };
  }
  if (
    start ||
    /^\W*(?:(?:is|was|will be) (?:the )?first\b|onwards?\b|kick-?off\b|and (?:every|each)\b)/.test(after)
  ) {
    return { role: 'start', date };
  }
  if (RESUMES_BEFORE.test(before) || PAUSED_UNTIL.test(before)) return { role: 'start', date, resumes: true };
  // "(updated 2026-10-01)": when the text was written, not a date of the series.
  if (/\b(?:updated|changed|revised|edited|last updated|as at)\W*(?:on\W*)?$/.test(before))
    return { role: 'note', date };
  if (UNTIL_CUE.test(before)) return { role: 'until', date };
  if (
    SKIP_CUE.test(before) ||
    /^\W*(?:is |are |was |will be )?(?:cancel|skip|off\b|no meeting|excluded)/.test(after)
  ) {
    return { role: 'skip', date };
  }
  // No word says what it is: the start, where nothing else stands beside it ("biweekly 2027-01-12").
  const beside = `${clauseBefore} ${clauseAfter}`.replace(RULE_WORDS, ' ');
  return /[a-z]{2,}/.test(beside) ? { role: 'unclear', date } : { role: 'start', date };
}

/**
 * What the dates in `frequency` are for, from the words around each: where the series starts
 * ("starting", "from", "paused until", or no word at all: "biweekly 2027-01-12"), where it ends
 * ("until", "to", "no meetings from"), and the dates it skips ("no meeting", "cancelled"). Two dates
 * joined as a range ("from … to …", "… - …") are a start and an end. A moved date, a date no word
 * explains, or more dates than that, are more than the rule can carry.
 */
function datePurposes(input: string, first: FoundDate): DatePurpose {
  const lower = input.toLowerCase();
  const read: DateRole[] = [];
  let rest = input;
  // The text with each date read replaced by one mark (LIST_MARK + its index in `read`).
  let marked = input;
  // Where the date read last ends in `rest`, to see what stands between it and the next one.
  let previousEnd = -1;
  for (let found: FoundDate | undefined = first; found && read.length < 8; ) {
    const at = rest.indexOf(found.span);
    const before = rest.slice(Math.max(0, at - 40), at).toLowerCase();
    const after = rest.slice(at + found.span.length, at + found.span.length + 30).toLowerCase();
    const previous = read.at(-1);
    // Words between the two dates other than those that join them: "X, then on holiday until Y".
    const between = previousEnd >= 0 && at >= previousEnd ? rest.slice(previousEnd, at).toLowerCase() : '';
    const worded = /[a-z]{2,}/.test(between.replace(/\b(?:to|until|till|through|thru|and|up)\b/g, ' '));
    // "from 2027-01-05 to 2027-03-02", "2027-01-05 - 2027-03-02", "between … and …".
    const joined =
      !MOVED.test(before) &&
      previous !== undefined &&
      (previous.role === 'start' || previous.role === 'unclear' || previous.role === 'skip') &&
      // Joined directly ("X to Y", "X - Y"), not a clause of its own ("X, until Y").
      !worded &&
      ((/(?:\b(?:to|until|till|through|thru)|-|–)\W*$/.test(before.slice(-8)) &&
        !/[,;)]/.test(before.slice(-10))) ||
        (/\band\W*$/.test(before) && /\bbetween\b/.test(lower)));
    const role: DateRole = joined
      ? { role: 'until', date: found.date, joined: true }
      : dateRole(found.date, before, after);
    marked = marked.replace(found.span, String.fromCharCode(LIST_MARK + read.length));
    read.push(role);
    // "every other Tuesday 2027-01-12": the weekday is the rule's as well as the date's, and stays.
    const kept = RULE_BEFORE_WEEKDAY.test(before) ? (LEAD_WEEKDAY_RE.exec(found.span)?.[0] ?? '') : '';
    rest = `${rest.slice(0, at)} ${kept}${' '.repeat(found.span.length - kept.length)}${rest.slice(at + found.span.length)}`;
    previousEnd = at + 1 + found.span.length;
    const next = findDate(rest);
    found = next?.ok ? next.value : undefined;
  }
  // A list of meetings: its first date is the start, the others are checked against the rule.
  const inList = listedDates(marked, read);
  if (inList === 'goes-on') {
    return {
      kind: 'not-the-rule',
      reason: `frequency gives several dates (${read.map((r) => r.date).join(', ')}) and says there are more; write the first meeting under \`start\`, cancelled ones under \`skip\`, the last under \`until\``,
    };
  }
  const listed = inList.map((i) => read[i]?.date ?? '');
  const roles = read.flatMap((r, i): DateRole[] => {
    if (i === inList[0]) return [r.role === 'start' ? r : { role: 'start', date: r.date }];
    return inList.includes(i) ? [] : [r];
  });
  const list = roles.map((r) => r.date).join(', ');
  const moved = roles.find((r) => r.role === 'moved');
  if (moved) {
    return {
      kind: 'not-the-rule',
      reason: `frequency says ${moved.date} moved; write it under \`moved\` (from and to), and the rule alone here`,
    };
  }
  // A break (its dates are the overlay's `skip`). A range is a break when the words before it say so ("(winter break: …)", "(off for holidays from …)")
  // or its first date is a skipped one ("no meetings … through …"); a start after a date the series
  // skips or ends on is the end of a break ("(no meeting …; resumes …)", "(no meetings from …; back …)").
  const pause =
    /(?<![\w-])(?:no meetings?|not meeting|nothing|off|break|holidays?|cancel(?:l?ed)?|paused|suspended|hiatus|freeze|skip\w*)(?![\w-])/;
  const firstAt = lower.indexOf(first.span.toLowerCase());
  const beforeFirst = (lower.slice(0, Math.max(0, firstAt)).split(/[;.]/).pop() ?? '').slice(-40);
  const breakRange = roles.some(
    (r, i) =>
      r.role === 'until' && r.joined === true && (roles[i - 1]?.role === 'skip' || pause.test(beforeFirst)),
  );
  const starts = roles.filter((r) => r.role === 'start');
  if (roles.some((r) => r.role === 'break')) {
    return {
      kind: 'not-the-rule',
      reason: `frequency gives a break (${list}); list the dates it skips under \`skip\`, and the rule alone here`,
    };
  }
  const untils = roles.filter((r) => r.role === 'until');
  const stops = roles.filter((r) => r.role === 'skip' || r.role === 'until').map((r) => r.date);
  const resumes = starts.some((start) => stops.some((stop) => start.date > stop));
  // "next meeting 2027-01-12, then on holiday until 2027-02-09": a start after the series has begun is
  // the end of a break, not the end of the series.
  const restarts = starts.some(
    (s) => s.role === 'start' && (s.resumes || s.pause) && starts.some((other) => other.date < s.date),
  );
  if (roles.length > 1 && (breakRange || resumes || restarts)) {
    return {
      kind: 'not-the-rule',
      reason: `frequency gives a break (${list}); list the dates it skips under \`skip\`, and the rule alone here`,
    };
  }
  const unclear = roles.find((r) => r.role === 'unclear');
  if (unclear || starts.length > 1 || untils.length > 1 || roles.length > 3) {
    const what =
      unclear && roles.length === 1 ? `${unclear.date} without saying what it is` : `several dates (${list})`;
    return {
      kind: 'not-the-rule',
      reason: `frequency gives ${what}; write the first meeting under \`start\`, cancelled ones under \`skip\`, the last under \`until\``,
    };
  }
  const start = starts[0];
  return {
    kind: 'dates',
    ...(start ? { start: start.date } : {}),
    ...(untils[0] ? { until: untils[0].date } : {}),
    skips: roles.filter((r) => r.role === 'skip').map((r) => r.date),
    listed,
    resumes: start?.role === 'start' && start.resumes === true,
    text: rest,
  };
}

/** Words of a rule that a weekday written before a date completes ("every other Tuesday 2027-01-12"). */
const RULE_BEFORE_WEEKDAY = /\b(?:every(?: other| second)?|each|alternate|alternating)\s+$/;
/** The weekday a date starts with, as DATE_FORMS read it ("Tuesday 2027-01-12", "Tue, Jan 12"). */
const LEAD_WEEKDAY_RE = new RegExp(`^${WEEKDAY_PATTERN}`, 'i');

/** The first of the private-use characters that stand for the dates read (see datePurposes). */
const LIST_MARK = 0xe000;
const MARK = '[\\ue000-\\ue0ff]';
/**
 * Dates listed as meetings of the rule: "(2026-12-03, 2026-12-17, …)", "(e.g. 2026-12-03,
 * 2026-12-17)", "next meetings: 2026-12-03, 2026-12-17": two or more in a row, in order, that the
 * text says go on (an ellipsis, "etc.", "and so on") or gives as examples. A list that says neither
 * may be every meeting there is, and stays several dates.
 */
const DATE_LIST = new RegExp(
  `(?:(e\\.g\\.|for example|such as|next (?:meetings|dates|sessions|calls)|upcoming(?: meetings| dates)?)\\s*:?\\s*)?(${MARK})((?:\\s*(?:,|and|&)\\s*${MARK})+)(\\s*,?\\s*(?:…|\\.\\.\\.|etc\\b|and so on\\b))?`,
);

/**
 * Where in `roles` the dates of a list of meetings in `marked` are (see {@link DATE_LIST}); none when
 * there is no such list, and `goes-on` for a list of other dates that says there are more ("no
 * meeting 2026-12-22, 2026-12-29, …"): those more are dates no one can read.
 */
function listedDates(marked: string, roles: readonly DateRole[]): number[] | 'goes-on' {
  const m = DATE_LIST.exec(marked.toLowerCase());
  if (!m || (m[1] === undefined && m[4] === undefined)) return [];
  const marks = `${m[2] ?? ''}${m[3] ?? ''}`.match(new RegExp(MARK, 'g')) ?? [];
  const indices = marks.map((mark) => mark.charCodeAt(0) - LIST_MARK);
  const listed = indices.map((i) => roles[i]);
  // The first a start ("(2026-12-03, …", "starting 2026-12-03, …", "next meetings: 2026-12-03, …"; not
  // "(office hours on 2026-12-03, …"), the others dates no word gives another role to, in order; and not
  // another meeting's ("alternating with office hours (2026-12-10, 2026-12-24, …)").
  const plain =
    (listed[0]?.role === 'start' || (m[1] !== undefined && listed[0]?.role === 'unclear')) &&
    listed.every((r) => r !== undefined && (r.role === 'start' || r.role === 'unclear')) &&
    !/\bwith\b/.test(marked.slice(0, m.index).toLowerCase());
  const dates = listed.map((r) => r?.date ?? '');
  const ordered = dates.every((d, i) => i === 0 || d > (dates[i - 1] ?? ''));
  if (plain && ordered) return indices;
  return m[4] === undefined ? [] : 'goes-on';
}
