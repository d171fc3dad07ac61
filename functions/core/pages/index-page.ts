import type { Occurrence } from '../occurrences.ts';
import { GROUP_SECTIONS } from '../sigs-file.ts';
import { INDEX_PAGE } from '../site-contract.ts';
import type { GroupView, MeetingView, SiteModel } from '../site-model.ts';
import { html } from './html.ts';
import {
  FALLBACK_ZONE,
  localTime,
  type PageContext,
  renderDocument,
  subscribeBlock,
  zoneBar,
} from './layout.ts';
import { relativeHref } from './links.ts';
import { firstSentence, SECTION_TITLES } from './parts.ts';

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
  const meetings = model.groups.reduce((n, g) => n + g.meetings.length, 0);
  const href = (to: string) => relativeHref(INDEX_PAGE, to);
  const main = html`<h1>${ctx.model.title}</h1>
<p class="lede">${model.groups.length} groups, ${meetings} meetings. Times are shown in your time zone.</p>
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
<td>${localTime(o.start, 'datetime')}${o.cancelled ? html` <span class="badge badge-cancelled">Cancelled</span>` : ''}</td>
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
}<p class="fine">${g.meetings.length} meeting${g.meetings.length === 1 ? '' : 's'}</p></li>
`,
)}</ul>
`;
})}</section>
<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
${subscribeBlock(ctx, 'Every meeting', model.allFeed, ctx.model.title)}
</section>`;
  return renderDocument(ctx, {
    path: INDEX_PAGE,
    title: ctx.model.title,
    description: "This week's meetings in your time zone, every group, and calendars to subscribe to.",
    crumbs: [],
    sections: [
      ['This week', 'week'],
      ['Groups', 'groups'],
      ['Subscribe', 'subscribe'],
    ],
    feeds: [{ title: 'Every meeting', feed: model.allFeed }],
    main,
  });
}
