import type { Occurrence } from '../occurrences.ts';
import { GROUP_SECTIONS } from '../sigs-file.ts';
import { INDEX_PAGE } from '../site-contract.ts';
import type { GroupView, MeetingView, SiteModel } from '../site-model.ts';
import { type Html, html, joinHtml } from './html.ts';
import {
  FALLBACK_ZONE,
  localTime,
  type PageContext,
  renderDocument,
  subscribeBlock,
  zoneBar,
} from './layout.ts';
import { relativeHref } from './links.ts';
import { count, meetingsWhyNoDates } from './no-dates.ts';
import { firstSentence, oneOffMark, SECTION_TITLES, withCode } from './parts.ts';

const WEEK_MS = 7 * 86_400_000;

/** One row of "this week". */
export interface WeekEntry {
  readonly group: GroupView;
  readonly view: MeetingView;
  readonly occurrence: Occurrence;
}

/** Every occurrence starting in the 7 days from `now`, in time order (ties by group, then meeting). */
export function thisWeek(model: SiteModel): WeekEntry[] {
  const end = model.now + WEEK_MS;
  const entries = model.groups.flatMap((group) =>
    group.meetings.flatMap((view) =>
      view.occurrences
        .filter((o) => o.start >= model.now && o.start < end)
        .map((occurrence) => ({ group, view, occurrence })),
    ),
  );
  const key = (e: WeekEntry) => `${e.group.group.dir}\u0000${e.view.meeting.id}`;
  return entries.sort((a, b) => a.occurrence.start - b.occurrence.start || (key(a) < key(b) ? -1 : 1));
}

/** `index.html`: this week's meetings in the viewer's zone, the calendar of everything, and every group. */
export function renderIndexPage(ctx: PageContext): string {
  const { model } = ctx;
  const week = thisWeek(model);
  const meetings = model.groups.flatMap((g) => g.meetings);
  const scheduled = meetings.filter((m) => m.meeting.status === 'scheduled').length;
  const notYet = notOnTheCalendar(model);
  const href = (to: string) => relativeHref(INDEX_PAGE, to);
  const main = html`<h1>${ctx.model.title}</h1>
<p class="lede">${count(model.groups.length, 'group')}, ${count(meetings.length + model.leftOut.length, 'meeting')}: ${scheduled} scheduled, ${meetings.length - scheduled} unscheduled, ${model.leftOut.length} left out. Times are shown in your time zone.</p>
${
  notYet.length > 0
    ? html`<p>${count(notYet.length, 'meeting')} ${notYet.length === 1 ? 'is' : 'are'} not on the calendar yet: <a href="#not-yet">which, and why</a>.</p>
`
    : ''
}
${zoneBar()}
<section aria-labelledby="week">
<h2 id="week">This week</h2>
<p class="fine">Every meeting in the 7 days from ${localTime(model.now, 'datetime')}, when this page was published, in time order.</p>
${
  week.length === 0
    ? html`<p>No meetings in these 7 days.</p>`
    : html`<section class="table-scroll" aria-label="This week's meetings (table)" tabindex="0">
<table class="times stack" id="this-week">
<thead>
<tr>
<th scope="col">When (<span data-zone-name>${FALLBACK_ZONE}</span>)</th>
<th scope="col">Meeting</th>
<th scope="col">Group</th>
</tr>
</thead>
<tbody>
${week.map(
  ({
    group,
    view,
    occurrence: o,
  }) => html`<tr data-at="${o.start}"${o.cancelled ? html` data-cancelled class="cancelled"` : ''}>
<td>${localTime(o.start, 'datetime')}${o.cancelled ? html` <span class="badge badge-cancelled">Cancelled</span>` : ''}${o.kind === 'regular' ? '' : html` ${oneOffMark(o)}`}</td>
<td><a href="${href(view.page)}">${view.meeting.description}</a></td>
<td><a href="${href(group.page)}">${group.group.name}</a>${view.meeting.subproject ? html` <span class="muted">· ${view.meeting.subproject}</span>` : ''}</td>
</tr>
`,
)}</tbody>
</table>
</section>`
}
</section>
<section aria-labelledby="groups">
<h2 id="groups">Groups</h2>
${GROUP_SECTIONS.map((kind) => {
  const groups = model.groups.filter((g) => g.group.kind === kind);
  if (groups.length === 0) return '';
  return html`<h3>${SECTION_TITLES[kind]}</h3>
<ul class="group-list">
${groups.map(
  (g) => html`<li><a href="${href(g.page)}">${g.group.name}</a>
${
  g.group.missionStatement
    ? html`<p>${firstSentence(g.group.missionStatement)}</p>
`
    : ''
}<p class="fine">${count(g.meetings.length, 'meeting')}${g.leftOut.length > 0 ? `, ${g.leftOut.length} left out` : ''}</p></li>
`,
)}</ul>
`;
})}</section>
${notYetSection(notYet, href)}<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
${subscribeBlock(
  ctx,
  'Every meeting',
  model.allFeed,
  ctx.model.title,
  meetingsWhyNoDates(model, meetings, model.leftOut.length),
)}
</section>`;
  return renderDocument(ctx, {
    path: INDEX_PAGE,
    title: ctx.model.title,
    description: "This week's meetings in your time zone, every group, and calendars to subscribe to.",
    crumbs: [],
    sections: [
      ['This week', 'week'],
      ['Groups', 'groups'],
      ...(notYet.length > 0 ? [['Not on the calendar yet', 'not-yet'] as const] : []),
      ['Subscribe', 'subscribe'],
    ],
    feeds: [{ title: 'Every meeting', feed: model.allFeed }],
    main,
  });
}

/** A meeting whose dates are not on the calendar, where its page says why. */
export interface NotYet {
  readonly group: GroupView;
  readonly title: string;
  /** Its page, or its group page's list of left-out meetings. */
  readonly path: string;
  readonly status: 'unscheduled' | 'left out';
  readonly reason: string;
}

/**
 * Every meeting not on the calendar yet: the unscheduled ones (but those whose dates are listed one by
 * one, which are), then the ones left out for an error, in group order.
 */
export function notOnTheCalendar(model: SiteModel): NotYet[] {
  return model.groups.flatMap((group) => [
    ...group.meetings.flatMap((view): NotYet[] =>
      view.meeting.status === 'unscheduled' && !view.meeting.listed
        ? [
            {
              group,
              title: view.meeting.description,
              path: view.page,
              status: 'unscheduled',
              reason: view.meeting.reason,
            },
          ]
        : [],
    ),
    ...group.leftOut.map(
      (m): NotYet => ({
        group,
        title: m.description.trim() === '' ? `Meeting ${m.index + 1}` : m.description,
        path: `${group.page}#left-out`,
        status: 'left out',
        reason: m.reason,
      }),
    ),
  ]);
}

function notYetSection(notYet: readonly NotYet[], href: (to: string) => string): Html | '' {
  if (notYet.length === 0) return '';
  return html`<section aria-labelledby="not-yet">
<h2 id="not-yet">Not on the calendar yet</h2>
<p>${joinHtml(
    [
      notYet.some((m) => m.status === 'unscheduled')
        ? 'The text of an unscheduled meeting does not determine its dates.'
        : '',
      notYet.some((m) => m.status === 'left out') ? 'A meeting left out has an error in its entry.' : '',
      'Each links to what to add or fix.',
    ].filter((t) => t !== ''),
    ' ',
  )}</p>
<ul class="not-yet">
${notYet.map(
  (
    m,
  ) => html`<li><a href="${href(m.path)}">${m.group.group.name}: ${m.title}</a> <span class="badge badge-warn">${m.status === 'unscheduled' ? 'Unscheduled' : 'Left out'}</span> <span class="muted">${withCode(m.reason)}</span></li>
`,
)}</ul>
</section>
`;
}
