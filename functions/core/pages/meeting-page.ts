import { oneOffWords } from '../meeting.ts';
import { groupData } from '../site-contract.ts';
import type { GroupView, MeetingView } from '../site-model.ts';
import { yamlKey } from '../start-advice.ts';
import { type Html, html } from './html.ts';
import { type PageContext, renderDocument, subscribeBlock, zoneBar } from './layout.ts';
import { externalHref, relativeHref } from './links.ts';
import { markdownBlocks } from './markdown.ts';
import { meetingsWhyNoDates, meetingWhyNoDates } from './no-dates.ts';
import {
  capitalise,
  durationWords,
  groupTitle,
  leadershipList,
  meetingLinks,
  meetingTitle,
  ownClock,
  withCode,
  writtenSchedule,
} from './parts.ts';

/**
 * `<dir>/<meeting-id>.html`: one meeting. It leads with the answer — the next date in the viewer's zone
 * (by the script, from the group's JSON) and the join link — then the schedule in the meeting's own
 * words and zone, the upcoming dates, and its feeds. Nothing here depends on the day it is built.
 */
/** What every meeting page of a group shows the same: made once per group (see {@link groupParts}). */
export interface GroupParts {
  /** Subscribing to the whole group's feed. */
  readonly subscribe: Html;
  /** The group's mission statement as HTML (the group page shows it too), or null when it has none. */
  readonly missionHtml: Html | null;
  /** The group's mission statement (a `<dt>`/`<dd>` pair, or nothing) and its leadership. */
  readonly mission: Html | '';
  readonly who: Html;
}

/** The parts of a meeting page that depend only on its group. */
export function groupParts(ctx: PageContext, group: GroupView): GroupParts {
  const statement = group.group.missionStatement;
  const missionHtml = statement ? markdownBlocks(statement) : null;
  return {
    missionHtml,
    subscribe: subscribeBlock(
      ctx,
      html`Every meeting of ${groupTitle(group)}`,
      group.feed,
      ctx.names.group(group.group.kind, group.group.name),
      meetingsWhyNoDates(ctx.model, group.meetings, group.leftOut.length),
    ),
    mission: missionHtml
      ? html`<dt>Mission</dt>
<dd class="prose">${missionHtml}</dd>`
      : '',
    who: leadershipList(group.group),
  };
}

export function renderMeetingPage(
  ctx: PageContext,
  group: GroupView,
  view: MeetingView,
  parts: GroupParts = groupParts(ctx, group),
): string {
  const { meeting } = view;
  const title = meetingTitle(group, view);
  const key = `${group.group.dir}/${meeting.id}`;
  const subproject = meeting.subproject
    ? group.group.subprojects.find((s) => s.name === meeting.subproject)
    : undefined;
  const join = externalHref(meeting.links.join);
  const dated = meeting.status === 'scheduled' || view.feed !== null;
  const notes = meetingLinks(meeting, { join: false });
  const main = html`<h1>${title}</h1>
<p class="lede">${meeting.subproject ? html`Meeting of subproject ${meeting.subproject}, ` : 'Meeting of '}<a class="group-link" href="${relativeHref(view.page, group.page)}">${groupTitle(group)}</a></p>
${meeting.status === 'unscheduled' ? unscheduled(ctx, view, dated ? undefined : join) : ''}${dated ? answer(view, join) : ''}
${zoneBar()}
<section aria-labelledby="when">
<h2 id="when">When</h2>
<dl class="facts">
<dt>How often</dt>
<dd>${capitalise(view.summary)}</dd>
<dt>As written</dt>
<dd>${writtenSchedule(meeting)}</dd>
${oneOffFact(view)}<dt>Time zone</dt>
<dd>${meeting.zone}</dd>
<dt>Length</dt>
<dd>${durationWords(meeting.durationMinutes)}</dd>
</dl>
</section>
${dated ? upcomingSection(view) : ''}
${
  notes === ''
    ? ''
    : html`<section aria-labelledby="links">
<h2 id="links">Notes and recordings</h2>
${notes}
</section>`
}
<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
${
  view.feed
    ? subscribeBlock(
        ctx,
        'This meeting',
        view.feed,
        feedName(ctx, group, view),
        meetingWhyNoDates(ctx.model, view),
      )
    : html`<p class="no-dates">No dates published yet: ${meetingWhyNoDates(ctx.model, view)}.</p>`
}
${parts.subscribe}
</section>
<section aria-labelledby="about">
<h2 id="about">About</h2>
<dl class="facts">
<dt>What</dt>
<dd>${groupTitle(group)}: ${meeting.description}${subproject?.description ? html` — ${subproject.description}` : ''}</dd>
${parts.mission}
</dl>
<h3>Who</h3>
${parts.who}
</section>`;
  return renderDocument(ctx, {
    path: view.page,
    title: `${title} — ${ctx.model.title}`,
    description: `${title}: ${view.summary}. Next dates in your time zone, and calendar feeds.`,
    crumbs: [{ label: groupTitle(group), path: group.page }, { label: meeting.description }],
    feeds: [
      ...(view.feed ? [{ title, feed: view.feed }] : []),
      { title: groupTitle(group), feed: group.feed },
    ],
    data: groupData(group.group.dir),
    kind: 'meeting',
    subject: key,
    main,
  });
}

function feedName(ctx: PageContext, group: GroupView, view: MeetingView): string {
  return ctx.names.meeting(group.group.kind, group.group.name, view.meeting.description);
}

/**
 * The answer first: the next date in the viewer's zone (filled by the script, with how soon it is),
 * and the join link. Without the script, the schedule in the meeting's own words.
 */
function answer(view: MeetingView, join: string | undefined): Html {
  return html`<section class="answer" aria-labelledby="next">
<h2 id="next">Next meeting</h2>
<p class="next-when" data-next data-js-only hidden></p>
<p data-no-js>${capitalise(view.summary)}.</p>
${joinLink(join)}</section>`;
}

function joinLink(join: string | undefined): Html | '' {
  return join
    ? html`<p class="join"><a class="button" href="${join}" rel="noopener noreferrer">Join the meeting</a></p>
`
    : '';
}

/** The upcoming dates, made by the script: in the viewer's zone, the meeting's, UTC and common zones. */
function upcomingSection(view: MeetingView): Html {
  return html`<section aria-labelledby="upcoming" data-js-only hidden>
<h2 id="upcoming">Upcoming dates</h2>
<p class="callout" data-shift-note data-meeting-zone="${view.meeting.zone}" hidden></p>
<div data-occurrences></div>
<h3 id="zones">In common time zones</h3>
<div data-common-zones></div>
</section>`;
}

/** The moved and extra dates as the source gives them, in the meeting's own zone. */
function oneOffFact(view: MeetingView): Html | '' {
  const { meeting } = view;
  const words = oneOffWords(meeting.status === 'scheduled' ? meeting.schedule : meeting.oneOffs);
  if (words === '') return '';
  return html`<dt>One-off changes</dt>
<dd>${words} <span class="muted">(${meeting.zone})</span></dd>
`;
}

/**
 * For a meeting a start date would schedule: where to write one. The candidate dates depend on the
 * day, so the script reads them from the JSON; the page gives the key and a placeholder.
 */
function startAdviceBlock(view: MeetingView): Html | '' {
  const { advice } = view;
  if (!advice) return '';
  return html`<h3 id="add-start">What to add</h3>
<p>Give the date of one of its meetings as <code>start</code>. <span data-candidates data-js-only hidden></span><span data-no-js>Run <code>sigcal validate</code> for the next dates that would do.</span></p>
<p>Add it to this meeting in ${advice.sourceFile}, or, where the community's own tooling rejects unknown keys there, to the overlay ${advice.overlayFile} (read with <code>--overlay</code>), under the group's <code>dir</code> and the meeting's ${advice.key === view.meeting.description ? 'description' : 'id'}:</p>
<pre><code>${yamlKey(advice.group)}:
  ${yamlKey(advice.key)}:
    start: <span data-candidate>YYYY-MM-DD</span>
</code></pre>`;
}

function unscheduled(ctx: PageContext, view: MeetingView, join: string | undefined): Html {
  const { meeting } = view;
  if (meeting.status !== 'unscheduled') return html``;
  if (meeting.listed) {
    return html`<section aria-labelledby="dates">
<h2 id="dates">Dates</h2>
<p>${ctx.model.sourceFile} says <q>${writtenSchedule(meeting)}</q>, which is no regular schedule: its dates are listed one by one, and published in its calendar.</p>
</section>
`;
  }
  return html`<section aria-labelledby="dates">
<h2 id="dates">No dates yet</h2>
<div class="callout warn">
<p><strong>Unscheduled.</strong> ${ctx.model.sourceFile} says <q>${writtenSchedule(meeting)}</q>, which does not determine the dates. ${meeting.oneOffs ? 'Only its one-off dates are published (below), in a calendar of their own.' : 'This page lists no dates, and there is no calendar for this meeting.'}</p>
<p>Why: ${withCode(meeting.reason)}</p>
</div>
${joinLink(join)}${startAdviceBlock(view)}
<h3 id="converted">The time, converted</h3>
<p>${ownClock(meeting)}<span data-js-only hidden> is, in the coming weeks:</span></p>
<div data-conversion data-js-only hidden></div>
</section>
`;
}
