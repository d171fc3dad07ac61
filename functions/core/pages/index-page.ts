import { count } from '../count.ts';
import { GROUP_SECTIONS } from '../sigs-file.ts';
import { ALL_DATA, INDEX_PAGE } from '../site-contract.ts';
import type { GroupView, PageModel } from '../site-model.ts';
import { type Html, html, joinHtml } from './html.ts';
import { type PageContext, renderDocument, subscribeBlock, zoneBar } from './layout.ts';
import { relativeHref } from './links.ts';
import { markdownText } from './markdown.ts';
import { meetingsWhyNoDates } from './no-dates.ts';
import { firstSentence, groupTitle, SECTION_TITLES, withCode } from './parts.ts';

/**
 * `index.html`: the community at a glance. Everything that depends on the date — this week's meetings,
 * the week view, the next date of each search result — is made by the script from `calendars/all.json`
 * (or the chosen groups' JSON), so this page changes only when groups or counts do; no meeting's
 * schedule is written here, so a change to one meeting leaves it as it is.
 */
export function renderIndexPage(ctx: PageContext): string {
  const { model } = ctx;
  const meetings = model.groups.flatMap((g) => g.meetings);
  const scheduled = meetings.filter((m) => m.meeting.status === 'scheduled').length;
  const notYet = notOnTheCalendar(model);
  const href = (to: string) => relativeHref(INDEX_PAGE, to);
  const main = html`<h1>${model.title}</h1>
<p class="lede">${count(model.groups.length, 'group')}, ${count(meetings.length + model.leftOut.length, 'meeting')}: ${scheduled} scheduled, ${meetings.length - scheduled} unscheduled, ${model.leftOut.length} left out.</p>
${
  notYet.length > 0
    ? html`<p>${count(notYet.length, 'meeting')} ${notYet.length === 1 ? 'is' : 'are'} not on the calendar yet: <a href="#not-yet">which, and why</a>.</p>
`
    : ''
}${finder(model)}
${zoneBar()}
<section aria-labelledby="found" data-found hidden>
<h2 id="found">Meetings found</h2>
<div data-found-list></div>
</section>
<section aria-labelledby="week">
<h2 id="week">This week</h2>
<p data-no-js>With JavaScript on, this lists every meeting of the next 7 days in your time zone. Without it, each group's page gives its meetings' schedules, and the calendars below hold every date.</p>
<div data-this-week data-js-only hidden></div>
</section>
<section aria-labelledby="calendar" data-js-only hidden>
<h2 id="calendar">Week view</h2>
<div data-week-view></div>
</section>
<section aria-labelledby="groups">
<h2 id="groups">Groups</h2>
${GROUP_SECTIONS.map((kind) => {
  const groups = model.groups.filter((g) => g.group.kind === kind);
  if (groups.length === 0) return '';
  return html`<h3 data-section="${kind}">${SECTION_TITLES[kind]}</h3>
<ul class="group-list">
${groups.map(
  (
    g,
  ) => html`<li data-group="${g.group.dir}"><a class="group-link" href="${href(g.page)}">${groupTitle(g)}</a>
${
  g.group.missionStatement
    ? html`<p>${firstSentence(markdownText(g.group.missionStatement))}</p>
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
  model.title,
  meetingsWhyNoDates(model, meetings, model.leftOut.length),
)}
</section>`;
  return renderDocument(ctx, {
    path: INDEX_PAGE,
    title: model.title,
    description: "This week's meetings in your time zone, every group, and calendars to subscribe to.",
    crumbs: [],
    sections: [
      ['This week', 'week'],
      ['Week view', 'calendar'],
      ['Groups', 'groups'],
      ...(notYet.length > 0 ? [['Not on the calendar yet', 'not-yet'] as const] : []),
      ['Subscribe', 'subscribe'],
    ],
    feeds: [{ title: 'Every meeting', feed: model.allFeed }],
    data: ALL_DATA,
    kind: 'index',
    main,
  });
}

/**
 * Search and the group chooser, shown by the script: typing narrows groups and meetings at once;
 * choosing groups narrows "This week" and the week view, and is kept in the address (`?groups=`) and
 * remembered.
 */
function finder(model: PageModel): Html {
  return html`<div class="finder" data-js-only hidden>
<div class="search">
<label for="q">Find a group or meeting</label>
<input id="q" type="search" name="q" autocomplete="off" spellcheck="false" placeholder="e.g. node, release">
</div>
<details class="group-chooser">
<summary>Groups shown: <span data-chosen>all</span></summary>
<fieldset>
<legend>Show the meetings of</legend>
<p class="chooser-actions"><button type="button" data-choose="all">Show every group</button></p>
<ul class="choices">
${model.groups.map(
  (
    g,
  ) => html`<li><input type="checkbox" id="choose-${g.group.dir}" name="group" value="${g.group.dir}"> <label for="choose-${g.group.dir}">${groupTitle(g)}</label></li>
`,
)}</ul>
</fieldset>
</details>
<p id="find-status" class="fine" role="status"></p>
</div>
`;
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
export function notOnTheCalendar(model: PageModel): NotYet[] {
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
  ) => html`<li><a href="${href(m.path)}">${groupTitle(m.group)}: ${m.title}</a> <span class="badge badge-warn">${m.status === 'unscheduled' ? 'Unscheduled' : 'Left out'}</span> <span class="muted">${withCode(m.reason)}</span></li>
`,
)}</ul>
</section>
`;
}
