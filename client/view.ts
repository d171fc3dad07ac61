import type { Data, DataMeeting, Occurrence } from './data.ts';
import { el, pathOf } from './dom.ts';
import { countdown, type Formats } from './format.ts';

/** What every page's rendering needs: the viewer's zone and clock, the time, and the data. */
export interface View {
  readonly zone: string;
  readonly formats: Formats;
  /** The current instant (the browser's clock; tests control it). */
  readonly now: number;
  /** The relative path from this page to the site's root (`../` or ``). */
  readonly root: string;
  readonly data: Data;
}

/** A relative link from this page to the page at an absolute URL of the site. */
export function link(view: View, url: string): string {
  return view.root + pathOf(url, view.data.file.site);
}

/**
 * The next occurrence of a meeting that is not over and not cancelled (a meeting that ended an hour ago
 * is not "next"), and the cancelled ones before it.
 */
export function nextOf(
  occurrences: readonly Occurrence[],
  now: number,
): { next: Occurrence | undefined; cancelledBefore: Occurrence[] } {
  const coming = occurrences.filter((o) => o.endMs > now);
  const next = coming.find((o) => !o.cancelled);
  return {
    next,
    cancelledBefore: coming.filter((o) => o.cancelled && (!next || o.startMs < next.startMs)),
  };
}

/**
 * The next date, as group and meeting pages show it: when (in the viewer's zone), how soon, its marks,
 * and the cancelled dates before it.
 */
export function nextDate(
  view: View,
  next: Occurrence,
  cancelledBefore: readonly Occurrence[],
): (Node | string)[] {
  return [
    el('strong', {}, when(view, next.startMs)),
    ' ',
    el('span', { class: 'muted' }, `(${view.zone})`),
    ' ',
    countdownBadge(next, view.now),
    ...marks(view, next).flatMap((m) => [' ', m]),
    ...cancelledBefore.flatMap((o) => [
      el('br'),
      el('span', { class: 'badge badge-cancelled' }, 'Cancelled'),
      ' ',
      when(view, o.startMs, 'shortDateTime'),
    ]),
  ];
}

/**
 * How soon, as a live element: the ticker (main.ts) rewrites every `[data-countdown]` each minute
 * from its `data-start` and `data-end`, without rebuilding what is around it.
 */
export function countdownBadge(o: Occurrence, now: number): HTMLElement {
  const text = countdown(o.startMs, o.endMs, now);
  return el(
    'span',
    {
      class: `countdown${text === 'now' ? ' is-now' : ''}`,
      'data-countdown': '',
      'data-start': String(o.startMs),
      'data-end': String(o.endMs),
    },
    text,
  );
}

/** "Cancelled", "Moved from …", "Extra": the marks of one occurrence. */
export function marks(view: View, o: Occurrence): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (o.cancelled) out.push(el('span', { class: 'badge badge-cancelled' }, 'Cancelled'));
  if (o.kind === 'extra') out.push(el('span', { class: 'badge badge-extra' }, 'Extra'));
  if (o.kind === 'moved') {
    out.push(el('span', { class: 'badge badge-moved' }, 'Moved'));
    if (o.movedFromMs !== null) {
      out.push(
        el(
          'span',
          { class: 'moved-from' },
          'from ',
          el(
            'time',
            { datetime: new Date(o.movedFromMs).toISOString() },
            view.formats.shortDateTime(o.movedFromMs),
          ),
          ' ',
          el('span', { class: 'offset' }, view.formats.offset(o.movedFromMs)),
        ),
      );
    }
  }
  return out;
}

/** A time element in the viewer's zone with its offset: `Tue, Dec 1, 2026, 10:30 AM UTC-8`. */
export function when(
  view: View,
  ms: number,
  style: 'dateTime' | 'shortDateTime' | 'time' = 'dateTime',
): HTMLElement {
  return el(
    'span',
    { class: 'when' },
    el('time', { datetime: new Date(ms).toISOString() }, view.formats[style](ms)),
    ' ',
    el('span', { class: 'offset' }, view.formats.offset(ms)),
  );
}

/** A meeting's occurrences, in time order. */
export function occurrencesOf(view: View, key: string): readonly Occurrence[] {
  return view.data.byMeeting.get(key) ?? [];
}

/** The meeting's entry, or a message element when the data does not have it. */
export function meetingOf(view: View, key: string): DataMeeting | undefined {
  return view.data.meetings.get(key);
}

/** `Dates are published up to Mon, May 31, 2027.` from the data file's last day (a UTC date). */
export function coverage(view: View): string {
  const { to, withheld } = view.data.file;
  if (withheld || to === null) return '';
  const ms = Date.parse(`${to}T12:00:00Z`);
  return `Dates are published up to ${new Intl.DateTimeFormat(view.formats.locale, { dateStyle: 'full', timeZone: 'UTC' }).format(ms)}.`;
}
