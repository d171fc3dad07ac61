import { COMMON_ZONES, cityOf, NEXT_COUNT } from '../functions/core/pages/common-zones.ts';
import { conversionInstants } from './conversion.ts';
import type { DataMeeting, Occurrence } from './data.ts';
import { all, el, one } from './dom.ts';
import { formatsFor } from './format.ts';
import { googleEventLink, singleEventFileName, singleEventUrl } from './single-event.ts';
import {
  countdownBadge,
  marks,
  meetingOf,
  nextDate,
  nextOf,
  occurrencesOf,
  type View,
  when,
} from './view.ts';
import { wallTimeIn } from './zone-clock.ts';

/**
 * A meeting page: the next date (with how soon) above the fold, the upcoming dates with "add this one"
 * links, how the time moves on the viewer's clock, common zones; for an unscheduled meeting, its time
 * converted for the coming weeks and the start dates that would schedule it.
 */
export function renderMeetingPage(view: View, key: string): void {
  const meeting = meetingOf(view, key);
  if (!meeting) return;
  const occurrences = occurrencesOf(view, key);
  const upcoming = occurrences.filter((o) => o.endMs > view.now).slice(0, NEXT_COUNT);
  const next = one<HTMLElement>('[data-next]');
  if (next) renderNext(view, next, occurrences);
  const table = one<HTMLElement>('[data-occurrences]');
  if (table) table.replaceChildren(occurrenceTable(view, meeting, upcoming));
  const note = one<HTMLElement>('[data-shift-note]');
  if (note) renderShifts(view, note, upcoming);
  const zones = one<HTMLElement>('[data-common-zones]');
  if (zones) zones.replaceChildren(commonZones(view, upcoming));
  const conversion = one<HTMLElement>('[data-conversion]');
  if (conversion) conversion.replaceChildren(conversionTable(view, meeting));
  renderCandidates(view, meeting);
}

/** "Tue, Dec 1, 2026, 10:30 AM (Europe/Berlin) in 3 h 20 min", or "now", or why there is none. */
function renderNext(view: View, target: HTMLElement, occurrences: readonly Occurrence[]): void {
  const { next, cancelledBefore } = nextOf(occurrences, view.now);
  if (!next) {
    target.replaceChildren('No more meetings in the published calendar.');
    return;
  }
  target.replaceChildren(...nextDate(view, next, cancelledBefore));
}

/** The upcoming dates: the viewer's zone, the meeting's, UTC, notes, and "add this one". */
function occurrenceTable(view: View, meeting: DataMeeting, upcoming: readonly Occurrence[]): HTMLElement {
  if (upcoming.length === 0) {
    return el('p', {}, 'No more meetings in the published calendar.');
  }
  const own = formatsFor(meeting.zone, view.formats.clock, view.formats.locale);
  const utc = formatsFor('UTC', view.formats.clock, view.formats.locale);
  const withUtc = meeting.zone !== 'UTC';
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, `Your time (${view.zone})`),
    el('th', { scope: 'col' }, `${meeting.zone} (meeting time)`),
    withUtc && el('th', { scope: 'col' }, 'UTC'),
    el('th', { scope: 'col' }, 'Note'),
    el('th', { scope: 'col' }, 'Add this one'),
  );
  // Only the next one (or one under way) says how soon: the dates say the rest.
  const next = upcoming.find((o) => !o.cancelled);
  const rows = upcoming.map((o) => {
    const row = el(
      'tr',
      {
        'data-at': String(o.startMs),
        class: o.cancelled ? 'cancelled' : undefined,
        'data-cancelled': o.cancelled ? '' : undefined,
        'data-one-off': o.kind === 'regular' ? undefined : o.kind,
      },
      el('td', { class: 'viewer' }, when(view, o.startMs)),
      el(
        'td',
        { 'data-label': meeting.zone },
        el('time', { datetime: new Date(o.startMs).toISOString() }, own.dateTime(o.startMs)),
        withUtc ? ' ' : '',
        withUtc && el('span', { class: 'offset' }, own.offset(o.startMs)),
      ),
      withUtc &&
        el(
          'td',
          { 'data-label': 'UTC' },
          el('time', { datetime: new Date(o.startMs).toISOString() }, utc.dateTime(o.startMs)),
        ),
      el(
        'td',
        { class: 'note' },
        ...marks(view, o).flatMap((m) => [m, ' ']),
        el('span', { class: 'badge badge-shift', 'data-shift-badge': '', hidden: '' }, 'Time changes'),
        o === next ? ' ' : '',
        o === next && countdownBadge(o, view.now),
      ),
      el('td', { class: 'add', 'data-label': 'Add this one' }, o.cancelled ? '' : addLinks(view, meeting, o)),
    );
    return row;
  });
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'times stack', 'data-shift-rows': '' },
      el('caption', { class: 'visually-hidden' }, 'Upcoming dates'),
      el('thead', {}, head),
      el('tbody', {}, ...rows),
    ),
  );
}

/** Google Calendar and a one-event .ics for one occurrence. */
function addLinks(view: View, meeting: DataMeeting, o: Occurrence): HTMLElement {
  const label = view.formats.shortDateTime(o.startMs);
  return el(
    'span',
    { class: 'add-links' },
    // The visible words start each link's name; the rest says which date, for screen readers.
    el(
      'a',
      { href: googleEventLink(meeting, o), rel: 'noopener noreferrer' },
      'Google',
      el('span', { class: 'visually-hidden' }, ` Calendar: add ${label}`),
    ),
    ' · ',
    el(
      'a',
      { href: singleEventUrl(meeting, o, view.now), download: singleEventFileName(o), type: 'text/calendar' },
      '.ics',
      el('span', { class: 'visually-hidden' }, ` file of ${label}`),
    ),
  );
}

/**
 * Where the listed regular dates move on the viewer's clock (daylight saving time starting or ending on
 * other dates than in the meeting's zone): a note, and the "Time changes" badge on each row where it
 * moves. Cancelled, moved and extra rows are left out: one-off changes are marked on their own.
 */
function renderShifts(view: View, note: HTMLElement, upcoming: readonly Occurrence[]): void {
  const rows = all<HTMLElement>('[data-shift-rows] tbody tr[data-at]').filter(
    (row) => !row.hasAttribute('data-cancelled') && !row.hasAttribute('data-one-off'),
  );
  const instants = rows.map((row) => Number(row.dataset.at));
  let previous: string | undefined;
  for (const row of rows) {
    const clock = wallClock(Number(row.dataset.at), view.zone);
    const badge = row.querySelector<HTMLElement>('[data-shift-badge]');
    if (badge) badge.hidden = previous === undefined || clock === previous;
    previous = clock;
  }
  const periods = view.formats.periods(instants);
  if (periods.length < 2 || upcoming.length === 0) {
    note.hidden = true;
    note.textContent = '';
    return;
  }
  const meetingZone = note.dataset.meetingZone ?? '';
  note.textContent =
    `In ${view.zone} this meeting is not always at the same time: ${view.formats.describePeriods(instants)}. ` +
    `The meeting keeps its time in ${meetingZone}; the clocks there and in ${view.zone} change for daylight saving time on different dates, or only one of them does.`;
  note.hidden = false;
}

/** The local weekday and time, zone-only (`4 18:30`): what "the same time" compares. */
function wallClock(ms: number, zone: string): string {
  const w = wallTimeIn(ms, zone);
  return `${new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()} ${w.hour}:${w.minute}`;
}

/** The listed dates in the common zones. */
function commonZones(view: View, upcoming: readonly Occurrence[]): HTMLElement {
  if (upcoming.length === 0) return el('p', {}, 'No more meetings in the published calendar.');
  const formats = COMMON_ZONES.map((z) => formatsFor(z, view.formats.clock, view.formats.locale));
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'times zones stack' },
      el('caption', { class: 'visually-hidden' }, 'Upcoming dates in common time zones'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...COMMON_ZONES.map((z) => el('th', { scope: 'col' }, el('abbr', { title: z }, cityOf(z)))),
          el('th', { scope: 'col' }, 'Note'),
        ),
      ),
      el(
        'tbody',
        {},
        ...upcoming.map((o) =>
          el(
            'tr',
            { class: o.cancelled ? 'cancelled' : undefined },
            ...formats.map((f, i) =>
              el(
                'td',
                { 'data-label': cityOf(COMMON_ZONES[i] as string) },
                el('time', { datetime: new Date(o.startMs).toISOString() }, f.shortDateTime(o.startMs)),
              ),
            ),
            el(
              'td',
              { class: 'note' },
              ...marks(view, o)
                .filter((m) => !m.classList.contains('moved-from'))
                .flatMap((m) => [m, ' ']),
            ),
          ),
        ),
      ),
    ),
  );
}

/** An unscheduled meeting's weekday and time in the viewer's zone, the meeting's, UTC and common zones. */
function conversionTable(view: View, meeting: DataMeeting): HTMLElement {
  const instants = conversionInstants(meeting, view.now);
  const zones = [...new Set<string>([view.zone, meeting.zone, 'UTC', ...COMMON_ZONES])];
  const first = instants[0];
  const last = instants.at(-1);
  const own = formatsFor(meeting.zone, view.formats.clock, view.formats.locale);
  return el(
    'div',
    {},
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'times conversion' },
        el('caption', { class: 'visually-hidden' }, 'The time, converted'),
        el(
          'tbody',
          {},
          ...zones.map((z) =>
            el(
              'tr',
              { class: z === view.zone ? 'viewer' : undefined },
              el('th', { scope: 'row' }, z === view.zone ? `Your time (${z})` : z),
              el(
                'td',
                { 'data-conversion-zone': z },
                formatsFor(z, view.formats.clock, view.formats.locale).describeConversion(instants),
              ),
            ),
          ),
        ),
      ),
    ),
    first !== undefined && last !== undefined
      ? el(
          'p',
          { class: 'fine' },
          `Converted for the next ${instants.length} weeks, ${own.date(first)} to ${own.date(last)}: example dates to convert the time, not meeting dates. Where daylight saving time moves the time on a zone's clock, the new time is given with the date it starts.`,
        )
      : '',
  );
}

/** The start dates that would schedule an unscheduled meeting, from the data (they depend on the day). */
function renderCandidates(view: View, meeting: DataMeeting): void {
  const target = one<HTMLElement>('[data-candidates]');
  const [first] = meeting.candidates;
  if (!target || !first) return;
  const rules = new Set(meeting.candidates.map((c) => c.rule));
  const date = (iso: string) =>
    new Intl.DateTimeFormat(view.formats.locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
      Date.parse(`${iso}T12:00:00Z`),
    );
  target.replaceChildren(
    'The next dates that would do are ',
    ...meeting.candidates.flatMap((c, i) => [
      i === 0 ? '' : ' or ',
      el('strong', {}, date(c.date)),
      ' (',
      el('code', {}, `start: ${c.date}`),
      rules.size > 1 ? `, ${c.rule}` : '',
      ')',
    ]),
    ': each picks different weeks, so give one on which the meeting takes place.',
  );
  for (const slot of all<HTMLElement>('[data-candidate]')) slot.textContent = first.date;
}
