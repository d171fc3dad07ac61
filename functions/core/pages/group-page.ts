import { count } from '../count.ts';
import type { LeftOutMeeting } from '../meeting.ts';
import { groupData } from '../site-contract.ts';
import type { GroupView, MeetingView } from '../site-model.ts';
import { type Html, html } from './html.ts';
import { type PageContext, renderDocument, subscribeBlock, zoneBar } from './layout.ts';
import { mailingListHref, relativeHref } from './links.ts';
import { meetingsWhyNoDates } from './no-dates.ts';
import {
  capitalise,
  groupTitle,
  KIND_NAMES,
  leadershipList,
  meetingLinks,
  ownClock,
  withCode,
} from './parts.ts';

/**
 * `<dir>/index.html`: a group, who leads it, how to reach it, and every meeting with its schedule and,
 * by the script from the group's JSON, its next date in the viewer's zone.
 */
export function renderGroupPage(
  ctx: PageContext,
  view: GroupView,
  /** The group's mission as HTML, made once for it and its meeting pages (see groupParts). */
  mission: Html | null,
): string {
  const { group } = view;
  const own = view.meetings.filter((m) => m.meeting.subproject === null);
  const bySubproject = group.subprojects
    .map((s) => ({ subproject: s, meetings: view.meetings.filter((m) => m.meeting.subproject === s.name) }))
    .filter((s) => s.meetings.length > 0);
  const card = (m: MeetingView, heading: 'h3' | 'h4') => meetingCard(view, m, heading);
  const main = html`<h1>${groupTitle(view)}</h1>
<p class="lede">${KIND_NAMES[group.kind]}</p>
${mission ? html`<div class="prose">${mission}</div>` : ''}
<dl class="facts">
${contact(view)}</dl>
${zoneBar()}
<section aria-labelledby="meetings">
<h2 id="meetings">Meetings</h2>
${
  view.meetings.length === 0
    ? html`<p>${view.leftOut.length === 0 ? 'No meetings are listed for this group.' : 'Every meeting of this group is left out of the calendar for now (see below).'}</p>`
    : ''
}
${
  own.length > 0
    ? html`<ul class="cards">
${own.map(
  (m) => html`<li class="card">${card(m, 'h3')}</li>
`,
)}</ul>`
    : ''
}
${bySubproject.map(
  ({ subproject, meetings }) => html`<h3>Subproject: ${subproject.name}</h3>
${subproject.description ? html`<p class="muted">${subproject.description}</p>` : ''}
<ul class="cards">
${meetings.map(
  (m) => html`<li class="card">${card(m, 'h4')}</li>
`,
)}</ul>
`,
)}</section>
${leftOutSection(ctx, view)}
<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
${subscribeBlock(
  ctx,
  html`Every meeting of ${groupTitle(view)}`,
  view.feed,
  ctx.names.group(group.kind, group.name),
  meetingsWhyNoDates(ctx.model, view.meetings, view.leftOut.length),
)}
</section>
<section aria-labelledby="leadership">
<h2 id="leadership">Leadership</h2>
${leadershipList(group)}
</section>`;
  return renderDocument(ctx, {
    path: view.page,
    title: `${groupTitle(view)} — ${ctx.model.title}`,
    description: `${groupTitle(view)}: meetings in your time zone, and calendar feeds to subscribe to.`,
    crumbs: [{ label: groupTitle(view) }],
    feeds: [{ title: groupTitle(view), feed: view.feed }],
    data: groupData(group.dir),
    kind: 'group',
    subject: group.dir,
    main,
  });
}

function contact(view: GroupView): Html {
  const { slack, mailingList } = view.group.contact;
  const slackName = slack?.text.trim().replace(/^#/, '');
  const list = mailingList?.text.trim();
  const listHref = list ? mailingListHref(list) : undefined;
  return html`${
    slackName
      ? html`<dt>Slack</dt>
<dd>#${slackName}</dd>
`
      : ''
  }${
    list
      ? html`<dt>Mailing list</dt>
<dd>${listHref ? html`<a href="${listHref}" rel="noopener noreferrer">${list}</a>` : list}</dd>
`
      : ''
  }`;
}

function meetingCard(group: GroupView, view: MeetingView, heading: 'h3' | 'h4'): Html {
  const { meeting } = view;
  const key = `${group.group.dir}/${meeting.id}`;
  const link = html`<a class="meeting-link" href="${relativeHref(group.page, view.page)}">${meeting.description}</a>`;
  const title = heading === 'h3' ? html`<h3>${link}</h3>` : html`<h4>${link}</h4>`;
  return html`${title}
<p>${capitalise(view.summary)}</p>
${meeting.status === 'scheduled' ? nextLine(key) : unscheduledLine(view, key)}
${meetingLinks(meeting)}`;
}

/** "Next: …" in the viewer's zone, filled by the script from the group's JSON. */
function nextLine(key: string): Html {
  return html`<p class="next-when" data-next-for="${key}" data-js-only hidden></p>`;
}

function unscheduledLine(view: MeetingView, key: string): Html {
  const { meeting } = view;
  if (meeting.status !== 'unscheduled') return html``;
  if (meeting.listed) {
    return html`<p>Its dates are listed one by one.</p>
${nextLine(key)}`;
  }
  const published = meeting.oneOffs
    ? html`Only its one-off dates are published; its regular ones are not: ${withCode(meeting.reason)}</p>
${nextLine(key)}`
    : html`No dates are published: ${withCode(meeting.reason)}</p>`;
  return html`<p><span class="badge badge-warn">Unscheduled</span> ${ownClock(meeting)}<span data-convert-for="${key}" data-js-only hidden></span>. ${published}`;
}

/** Meetings of the group left out for an error (under `--keep-going`), each with its reason. */
function leftOutSection(ctx: PageContext, view: GroupView): Html | '' {
  if (view.leftOut.length === 0) return '';
  const source = ctx.model.sourceFile;
  return html`<section aria-labelledby="left-out">
<h2 id="left-out">Left out of the calendar</h2>
<p>${count(view.leftOut.length, 'meeting')} of this group ${view.leftOut.length === 1 ? 'is' : 'are'} listed in ${source} but left out of these pages and calendars, because of an error in ${view.leftOut.length === 1 ? 'its entry' : 'their entries'}. ${view.leftOut.length === 1 ? 'It returns' : 'They return'} once the error is fixed.</p>
<ul class="cards">
${view.leftOut.map(
  (m) => html`<li class="card">${leftOutCard(m, source)}</li>
`,
)}</ul>
</section>`;
}

function leftOutCard(m: LeftOutMeeting, source: string): Html {
  const title = m.description.trim() === '' ? `Meeting ${m.index + 1} (no description)` : m.description;
  return html`<h3>${title}</h3>
${
  m.subproject
    ? html`<p class="muted">Subproject: ${m.subproject}</p>
`
    : ''
}<p><span class="badge badge-warn">Left out</span> ${withCode(m.reason)} <span class="muted">(${source}, the entry at line ${m.at.line})</span></p>`;
}
