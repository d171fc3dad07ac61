import type { Occurrence } from './data.ts';
import { el } from './dom.ts';
import { countdownBadge, link, marks, type View } from './view.ts';
import { firstDayOfWeek, hourLabel, placeBlocks, weekStart } from './week-layout.ts';
import { addDays, startOfDay, wallTimeIn } from './zone-clock.ts';

/**
 * The week view: days × hours in the viewer's zone, for this week and the next ones, each block a link
 * to its meeting page; meetings that overlap sit side by side. On a phone the same days are a list
 * (CSS), so nothing scrolls sideways. The week starts on the locale's first day of the week.
 */

const HOUR_PX = 44;

export function renderWeekView(
  view: View,
  target: HTMLElement,
  occurrences: readonly Occurrence[],
  offset: number,
  onMove: (offset: number) => void,
): void {
  const { zone, formats, now } = view;
  const firstDay = firstDayOfWeek(formats.locale);
  const start = weekStart(now, zone, offset, firstDay);
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, zone, i));
  const end = addDays(start, zone, 7);
  const inWeek = occurrences.filter((o) => o.startMs >= start && o.startMs < end);
  const to = view.data.file.to;
  const lastDay = to === null ? now : Date.parse(`${to}T23:59:59Z`);
  const maxOffset = Math.max(0, Math.floor((lastDay - weekStart(now, zone, 0, firstDay)) / (7 * 86_400_000)));

  // The hours shown: from the earliest start to the latest end of the week, at least 8 hours.
  const hourOf = (ms: number) => {
    const w = wallTimeIn(ms, zone);
    return w.hour + w.minute / 60;
  };
  let from = 9;
  let until = 17;
  if (inWeek.length > 0) {
    from = Math.floor(Math.min(...inWeek.map((o) => hourOf(o.startMs))));
    until = Math.ceil(
      Math.max(
        ...inWeek.map((o) =>
          startOfDay(o.endMs - 1, zone) > startOfDay(o.startMs, zone) ? 24 : hourOf(o.endMs),
        ),
      ),
    );
    if (until - from < 8) until = Math.min(24, from + 8);
    if (until - from < 8) from = Math.max(0, until - 8);
  }

  const title = `Week of ${formats.date(start)}`;
  const nav = el(
    'div',
    { class: 'week-nav' },
    el('h3', { id: 'week-title', 'aria-live': 'polite' }, title),
    el(
      'div',
      { class: 'week-buttons' },
      button('Previous week', offset <= 0, () => onMove(offset - 1)),
      button('This week', offset === 0, () => onMove(0)),
      button('Next week', offset >= maxOffset, () => onMove(offset + 1)),
    ),
  );

  const hours = el('div', { class: 'week-hours', 'aria-hidden': 'true' });
  for (let h = from; h < until; h++) {
    const label = el('span', {}, hourLabel(formats, h));
    label.style.top = `${(h - from) * HOUR_PX}px`;
    hours.append(label);
  }
  hours.style.height = `${(until - from) * HOUR_PX}px`;

  const columns = days.map((dayStart, i) => {
    const dayEnd = days[i + 1] ?? end;
    const today = now >= dayStart && now < dayEnd;
    const dayOccurrences = inWeek.filter((o) => o.startMs >= dayStart && o.startMs < dayEnd);
    const list = el('ol', { class: 'week-blocks' });
    list.style.height = `${(until - from) * HOUR_PX}px`;
    for (const { o, lane, lanes } of placeBlocks(dayOccurrences)) {
      const state = o.endMs <= now ? 'past' : o.startMs <= now ? 'now' : 'upcoming';
      const meeting = view.data.meetings.get(o.meeting);
      const item = el(
        'li',
        {
          class: `week-block ${state}${o.cancelled ? ' cancelled' : ''}`,
          'data-at': String(o.startMs),
          'data-meeting': o.meeting,
        },
        el(
          'a',
          { class: 'meeting-link', href: meeting ? link(view, meeting.page) : link(view, o.page) },
          el('span', { class: 'week-time' }, formats.timeRange(o.startMs, o.endMs)),
          ' ',
          el('span', { class: 'week-title' }, o.title),
        ),
        ...marks(view, o)
          .filter((m) => !m.classList.contains('moved-from'))
          .flatMap((m) => [' ', m]),
        state === 'now' ? countdownBadge(o, now) : '',
      );
      const top = Math.max(0, hourOf(o.startMs) - from);
      const bottom =
        startOfDay(o.endMs - 1, zone) > dayStart ? until - from : Math.max(top + 0.5, hourOf(o.endMs) - from);
      item.style.top = `${top * HOUR_PX}px`;
      item.style.height = `${(bottom - top) * HOUR_PX}px`;
      item.style.left = `${(lane / lanes) * 100}%`;
      item.style.width = `${100 / lanes}%`;
      list.append(item);
    }
    return el(
      'section',
      { class: `week-day${today ? ' today' : ''}`, 'aria-labelledby': `week-day-${i}` },
      el(
        'h4',
        { id: `week-day-${i}` },
        el('span', { class: 'week-weekday' }, formats.weekday(dayStart)),
        ' ',
        el('span', { class: 'week-date' }, formats.dayMonth(dayStart)),
        today ? el('span', { class: 'visually-hidden' }, ' (today)') : '',
      ),
      dayOccurrences.length === 0 ? el('p', { class: 'week-empty' }, 'No meetings') : list,
    );
  });

  const grid = el('div', { class: 'week-grid' }, hours, ...columns);
  const empty =
    inWeek.length === 0 ? el('p', { class: 'muted' }, 'No meetings this week among those shown.') : '';
  target.replaceChildren(nav, empty, grid);
}

function button(label: string, disabled: boolean, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button' }, label);
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}
