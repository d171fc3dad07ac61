import type { Data, DataMeeting, Occurrence } from './data.ts';
import { all, el, one } from './dom.ts';
import { parameter, savedGroups, saveGroups, setParameters } from './settings.ts';
import { countdownBadge, link, marks, nextOf, occurrencesOf, type View, when } from './view.ts';
import { renderWeekView } from './week-view.ts';
import { addDays, startOfDay } from './zone-clock.ts';
import { words } from './zone-search.ts';

/**
 * The index: search (groups and meetings at once), the group chooser (kept in `?groups=` and
 * remembered), this week's meetings and the week view, all in the viewer's zone.
 */

export interface IndexState {
  query: string;
  /** Chosen group dirs; empty means every group. */
  chosen: Set<string>;
  weekOffset: number;
}

/** The state the page opens with: `?q=` and `?groups=` (a shared link) win over the remembered choice. */
export function initialIndexState(): IndexState {
  const linked = parameter('groups');
  const chosen = linked === null ? savedGroups() : linked.split(',').filter((g) => g !== '');
  return { query: parameter('q') ?? '', chosen: new Set(chosen), weekOffset: 0 };
}

/** What the data says about one meeting, as search reads it: made once per meeting, not per keystroke. */
function haystack(view: View, m: DataMeeting): string {
  let text = haystacks.get(m);
  if (text === undefined) {
    const group = view.data.groups.get(m.group);
    text = words(
      [m.title, m.description, m.subproject ?? '', group?.label ?? '', group?.name ?? '', m.group].join(' '),
    ).join(' ');
    haystacks.set(m, text);
  }
  return text;
}

const haystacks = new WeakMap<DataMeeting, string>();

function matches(text: string, query: readonly string[]): boolean {
  return query.every((w) => text.includes(w));
}

/** Meetings matching the query (all for an empty one). */
function foundMeetings(view: View, query: readonly string[]): DataMeeting[] {
  return [...view.data.meetings.values()].filter((m) => matches(haystack(view, m), query));
}

/**
 * Which occurrences "This week" and the week view show: the chosen groups', and with a query, those of
 * the meetings `found`.
 */
function shownOccurrences(view: View, state: IndexState, found: readonly DataMeeting[] | null): Occurrence[] {
  const keys = found && new Set(found.map((m) => m.key));
  return view.data.occurrences.filter(
    (o) =>
      (state.chosen.size === 0 || state.chosen.has(o.meeting.slice(0, o.meeting.indexOf('/')))) &&
      (keys === null || keys.has(o.meeting)),
  );
}

/** Sets the controls from the state, and keeps the address and the remembered choice in step. */
export function syncControls(state: IndexState): void {
  const q = one<HTMLInputElement>('#q');
  if (q && q.value !== state.query) q.value = state.query;
  for (const box of all<HTMLInputElement>('.choices input[type=checkbox]'))
    box.checked = state.chosen.has(box.value);
  const total = all('.choices input[type=checkbox]').length;
  const label = one<HTMLElement>('[data-chosen]');
  if (label) label.textContent = state.chosen.size === 0 ? 'all' : `${state.chosen.size} of ${total}`;
  setParameters({ q: state.query, groups: [...state.chosen].sort().join(',') });
}

export function renderIndexPage(view: View, state: IndexState, rerender: () => void): void {
  const query = words(state.query);
  const found = query.length === 0 ? null : foundMeetings(view, query);
  renderSearch(view, state, query, found ?? []);
  const week = one<HTMLElement>('[data-this-week]');
  const shown = shownOccurrences(view, state, found);
  const note = view.data.file.withheld && shown.length === 0 ? withheldNote(view, state) : null;
  if (week) week.replaceChildren(note ?? thisWeek(view, shown));
  const grid = one<HTMLElement>('[data-week-view]');
  if (grid) {
    if (note) grid.replaceChildren(withheldNote(view, state));
    else {
      renderWeekView(view, grid, shown, state.weekOffset, (offset) => {
        const label = document.activeElement?.textContent ?? '';
        state.weekOffset = offset;
        rerender();
        const again = all<HTMLButtonElement>('.week-buttons button').find(
          (b) => b.textContent === label && !b.disabled,
        );
        (again ?? one<HTMLElement>('#week-title'))?.focus();
      });
    }
  }
}

function withheldNote(view: View, state: IndexState): HTMLElement {
  return el(
    'p',
    { class: 'callout' },
    state.chosen.size === 0
      ? `There are too many meetings to show them all at once (${view.data.file.withheld}). Choose groups above to see theirs.`
      : 'No meetings of the chosen groups in these days.',
  );
}

/** Groups and the meetings `found` by the query; the group list is narrowed in place. */
function renderSearch(
  view: View,
  state: IndexState,
  query: readonly string[],
  found: readonly DataMeeting[],
): void {
  const groupsWithMatches = new Set(found.map((m) => m.group));
  let groupsShown = 0;
  for (const item of all<HTMLElement>('.group-list li[data-group]')) {
    const dir = item.dataset.group ?? '';
    const group = view.data.groups.get(dir);
    const text = words([dir, group?.label ?? '', group?.name ?? '', item.textContent ?? ''].join(' ')).join(
      ' ',
    );
    const shown = query.length === 0 || matches(text, query) || groupsWithMatches.has(dir);
    item.hidden = !shown;
    if (shown) groupsShown++;
  }
  for (const heading of all<HTMLElement>('h3[data-section]')) {
    const list = heading.nextElementSibling;
    heading.hidden = list !== null && all('li[data-group]', list).every((li) => (li as HTMLElement).hidden);
    if (list instanceof HTMLElement) list.hidden = heading.hidden;
  }
  const section = one<HTMLElement>('[data-found]');
  const status = one<HTMLElement>('#find-status');
  if (query.length === 0) {
    if (section) section.hidden = true;
    if (status) status.textContent = '';
    return;
  }
  if (status) {
    status.textContent = `${groupsShown} group${groupsShown === 1 ? '' : 's'} and ${found.length} meeting${found.length === 1 ? '' : 's'} match “${state.query.trim()}”.`;
  }
  if (!section) return;
  section.hidden = false;
  const list = one<HTMLElement>('[data-found-list]', section);
  if (!list) return;
  list.replaceChildren(
    found.length === 0
      ? el('p', {}, 'No meeting matches.')
      : el(
          'ul',
          { class: 'found-list' },
          ...found.map((m) => {
            const group = view.data.groups.get(m.group);
            const { next } = nextOf(occurrencesOf(view, m.key), view.now);
            return el(
              'li',
              {},
              el('a', { class: 'meeting-link', href: link(view, m.page) }, m.description),
              ' ',
              group ? el('a', { class: 'group-link', href: link(view, group.page) }, group.label) : '',
              el(
                'p',
                { class: 'fine' },
                next
                  ? el('span', {}, 'Next: ', when(view, next.startMs), ' ', countdownBadge(next, view.now))
                  : m.status === 'unscheduled'
                    ? 'Unscheduled: its page says why.'
                    : 'No more meetings in the published calendar.',
              ),
            );
          }),
        ),
  );
}

/** The next 7 days from today in the viewer's zone, day by day; ended meetings greyed. */
function thisWeek(view: View, shown: readonly Occurrence[]): HTMLElement {
  const { zone, now, formats } = view;
  const start = startOfDay(now, zone);
  const days = Array.from({ length: 8 }, (_, i) => addDays(start, zone, i));
  const upcoming = shown.find((o) => !o.cancelled && o.startMs > now);
  const sections = days.slice(0, 7).map((dayStart, i) => {
    const dayEnd = days[i + 1] as number;
    const items = shown.filter((o) => o.startMs >= dayStart && o.startMs < dayEnd);
    return el(
      'section',
      { class: 'day', 'aria-labelledby': `day-${i}` },
      el('h3', { id: `day-${i}` }, i === 0 ? `Today, ${formats.day(dayStart)}` : formats.day(dayStart)),
      items.length === 0
        ? el('p', { class: 'muted' }, 'No meetings.')
        : el(
            'ul',
            { class: 'day-list' },
            ...items.map((o) => {
              const meeting = view.data.meetings.get(o.meeting);
              const group = meeting ? view.data.groups.get(meeting.group) : undefined;
              const state = o.endMs <= now ? 'past' : o.startMs <= now ? 'now' : 'upcoming';
              return el(
                'li',
                {
                  class: `${state}${o.cancelled ? ' cancelled' : ''}`,
                  'data-at': String(o.startMs),
                  'data-meeting': o.meeting,
                },
                el(
                  'time',
                  { class: 'day-time', datetime: new Date(o.startMs).toISOString() },
                  formats.timeRange(o.startMs, o.endMs),
                ),
                ' ',
                el(
                  'a',
                  { class: 'meeting-link', href: meeting ? link(view, meeting.page) : link(view, o.page) },
                  meeting?.description ?? o.title,
                ),
                ' ',
                group ? el('a', { class: 'group-link', href: link(view, group.page) }, group.label) : '',
                ...marks(view, o).flatMap((m) => [' ', m]),
                state === 'past' ? el('span', { class: 'ended' }, ' ended') : '',
                ...(state === 'now' || o === upcoming ? [' ', countdownBadge(o, now)] : []),
              );
            }),
          ),
    );
  });
  return el(
    'div',
    {},
    el(
      'p',
      { class: 'fine' },
      'Every meeting from today to ',
      formats.date(addDays(start, zone, 6)),
      ', in ',
      el('span', { 'data-zone-name': '' }, zone),
      '.',
    ),
    ...sections,
  );
}

/** Wires the search box and the group chooser to `update`, which re-renders with the new state. */
export function wireFinder(state: IndexState, update: () => void): void {
  const q = one<HTMLInputElement>('#q');
  q?.addEventListener('input', () => {
    state.query = q.value;
    update();
  });
  for (const box of all<HTMLInputElement>('.choices input[type=checkbox]')) {
    box.addEventListener('change', () => {
      if (box.checked) state.chosen.add(box.value);
      else state.chosen.delete(box.value);
      saveGroups([...state.chosen].sort());
      update();
    });
  }
  for (const button of all<HTMLButtonElement>('[data-choose]')) {
    button.addEventListener('click', () => {
      state.chosen = new Set();
      saveGroups([]);
      update();
    });
  }
}

/** The data files the index needs: all.json, or the chosen groups' where all.json cannot hold them. */
export function groupsToLoad(data: Data, state: IndexState): string[] {
  const whole = !data.file.withheld && !data.file.shortened;
  return whole ? [] : [...state.chosen];
}
