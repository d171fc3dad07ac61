import type { GroupView, MeetingView } from '../site-model.ts';
import { type Html, html } from './html.ts';
import {
  FALLBACK_ZONE,
  localTime,
  type PageContext,
  renderDocument,
  subscribeBlock,
  zoneBar,
} from './layout.ts';
import { mailingListHref, relativeHref } from './links.ts';
import {
  capitalise,
  conversion,
  KIND_NAMES,
  leadershipList,
  meetingLinks,
  ownClock,
  upcoming,
  viewerConversion,
  withCode,
} from './parts.ts';

/** `<dir>/index.html`: a group, who leads it, how to reach it, and every meeting with its next date. */
export function renderGroupPage(ctx: PageContext, view: GroupView): string {
  const { group } = view;
  const own = view.meetings.filter((m) => m.meeting.subproject === null);
  const bySubproject = group.subprojects
    .map((s) => ({ subproject: s, meetings: view.meetings.filter((m) => m.meeting.subproject === s.name) }))
    .filter((s) => s.meetings.length > 0);
  const card = (m: MeetingView, heading: 'h3' | 'h4') => meetingCard(ctx, view, m, heading);
  const main = html`<h1>${group.name}</h1>
<p class="lede">${KIND_NAMES[group.kind]}</p>
${group.missionStatement ? html`<p>${group.missionStatement}</p>` : ''}
<dl class="facts">
${contact(view)}</dl>
${zoneBar()}
<section aria-labelledby="meetings">
<h2 id="meetings">Meetings</h2>
${view.meetings.length === 0 ? html`<p>No meetings are listed for this group.</p>` : ''}
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
<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
${subscribeBlock(ctx, html`Every meeting of ${group.name}`, view.feed, group.name)}
</section>
<section aria-labelledby="leadership">
<h2 id="leadership">Leadership</h2>
${leadershipList(group)}
</section>`;
  return renderDocument(ctx, {
    path: view.page,
    title: `${group.name} — ${ctx.model.title}`,
    description: `${group.name}: meetings in your time zone, and calendar feeds to subscribe to.`,
    crumbs: [{ label: group.name }],
    feeds: [{ title: group.name, feed: view.feed }],
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

function meetingCard(ctx: PageContext, group: GroupView, view: MeetingView, heading: 'h3' | 'h4'): Html {
  const { meeting } = view;
  const link = html`<a href="${relativeHref(group.page, view.page)}">${meeting.description}</a>`;
  const title = heading === 'h3' ? html`<h3>${link}</h3>` : html`<h4>${link}</h4>`;
  return html`${title}
<p>${capitalise(view.summary)}</p>
${meeting.status === 'scheduled' ? nextLine(ctx, view) : unscheduledLine(ctx, view)}
${meetingLinks(meeting)}`;
}

function nextLine(ctx: PageContext, view: MeetingView): Html {
  const coming = upcoming(view, ctx.model.now);
  const next = coming.find((o) => !o.cancelled);
  const cancelled = coming.filter((o) => o.cancelled && (!next || o.start < next.start));
  if (!next) {
    return html`<p class="muted">No more meetings in the published calendar.</p>`;
  }
  return html`<p>Next: <strong>${localTime(next.start, 'datetime')}</strong> <span class="muted">(<span data-zone-name>${FALLBACK_ZONE}</span>)</span></p>
${cancelled.map(
  (o) => html`<p><span class="badge badge-cancelled">Cancelled</span> ${localTime(o.start, 'date')}</p>
`,
)}`;
}

function unscheduledLine(ctx: PageContext, view: MeetingView): Html {
  const { meeting } = view;
  if (meeting.status !== 'unscheduled') return html``;
  const { instants, text } = conversion(ctx, meeting);
  return html`<p><span class="badge badge-warn">Unscheduled</span> ${ownClock(meeting)}: in <span data-zone-name>${FALLBACK_ZONE}</span> that is <strong>${viewerConversion(instants, text(FALLBACK_ZONE))}</strong>. No dates are published: ${withCode(meeting.reason)}</p>`;
}
