import { oneOffWords } from '../meeting.ts';
import type { Occurrence } from '../occurrences.ts';
import { describeRecurrence } from '../recurrence.ts';
import type { GroupView, MeetingView } from '../site-model.ts';
import { overlaySnippet } from '../start-advice.ts';
import { wallTime } from './clock.ts';
import { type Html, html, joinHtml } from './html.ts';
import {
  FALLBACK_ZONE,
  localTime,
  type PageContext,
  renderDocument,
  subscribeBlock,
  zoneBar,
  zoneTime,
} from './layout.ts';
import { relativeHref } from './links.ts';
import { isoDateText, meetingsWhyNoDates, meetingWhyNoDates } from './no-dates.ts';
import {
  COMMON_ZONES,
  capitalise,
  cityOf,
  conversion,
  durationWords,
  leadershipList,
  meetingLinks,
  meetingTitle,
  NEXT_COUNT,
  oneOffAttribute,
  oneOffMark,
  ownClock,
  shiftDescription,
  upcoming,
  viewerConversion,
  withCode,
  writtenSchedule,
} from './parts.ts';
import { formatDate } from './time-format.ts';

/** `<dir>/<meeting-id>.html`: one meeting, its next dates in the viewer's zone and others, and its feeds. */
export function renderMeetingPage(ctx: PageContext, group: GroupView, view: MeetingView): string {
  const { meeting } = view;
  const title = meetingTitle(view);
  const subproject = meeting.subproject
    ? group.group.subprojects.find((s) => s.name === meeting.subproject)
    : undefined;
  const main = html`<h1>${title}</h1>
<p class="lede">${meeting.subproject ? html`Meeting of subproject ${meeting.subproject}, ` : 'Meeting of '}${KIND_LABEL(group)} <a href="${relativeHref(view.page, group.page)}">${group.group.name}</a></p>
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
${
  meeting.status === 'scheduled'
    ? nextMeetings(ctx, view)
    : html`${unscheduled(ctx, view)}${
        view.feed
          ? html`
${nextMeetings(ctx, view)}`
          : ''
      }`
}
${
  meetingLinks(meeting) === ''
    ? ''
    : html`<section aria-labelledby="links">
<h2 id="links">Join and follow</h2>
${meetingLinks(meeting)}
</section>`
}
<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
${
  view.feed
    ? subscribeBlock(ctx, 'This meeting', view.feed, title, meetingWhyNoDates(ctx.model, view))
    : html`<p class="no-dates">No dates published yet: ${meetingWhyNoDates(ctx.model, view)}.</p>`
}
${subscribeBlock(
  ctx,
  html`Every meeting of ${group.group.name}`,
  group.feed,
  group.group.name,
  meetingsWhyNoDates(ctx.model, group.meetings, group.leftOut.length),
)}
</section>
<section aria-labelledby="about">
<h2 id="about">About</h2>
<dl class="facts">
<dt>What</dt>
<dd>${group.group.name}: ${meeting.description}${subproject?.description ? html` — ${subproject.description}` : ''}</dd>
${
  group.group.missionStatement
    ? html`<dt>Mission</dt>
<dd>${group.group.missionStatement}</dd>`
    : ''
}
</dl>
<h3>Who</h3>
${leadershipList(group.group)}
</section>`;
  return renderDocument(ctx, {
    path: view.page,
    title: `${title} — ${ctx.model.title}`,
    description: `${title}: ${view.summary}. Next dates in your time zone, and calendar feeds.`,
    crumbs: [{ label: group.group.name, path: group.page }, { label: meeting.description }],
    feeds: [
      ...(view.feed ? [{ title, feed: view.feed }] : []),
      { title: group.group.name, feed: group.feed },
    ],
    main,
  });
}

const KIND_LABEL = (group: GroupView): string =>
  ({ sigs: 'SIG', workinggroups: 'working group', committees: 'committee', usergroups: 'user group' })[
    group.group.kind
  ];

function nextMeetings(ctx: PageContext, view: MeetingView): Html {
  const zone = view.meeting.zone;
  const next = upcoming(view, ctx.model.now).slice(0, NEXT_COUNT);
  if (next.length === 0) {
    return html`<section aria-labelledby="next">
<h2 id="next">Next meetings</h2>
<p>No more meetings in the published calendar (it runs until ${formatDate(wallTime(ctx.model.window.end - 1, 'UTC'))}).</p>
</section>`;
  }
  const withUtc = zone !== 'UTC';
  const row = (
    o: Occurrence,
  ) => html`<tr data-at="${o.start}"${o.cancelled ? html` data-cancelled class="cancelled"` : ''}${oneOffAttribute(o)}>
<td class="viewer" data-js-only hidden>${localTime(o.start, 'datetime')}</td>
<td data-label="${zone}">${zoneTime(o.start, zone, 'datetime', withUtc)}</td>
${
  withUtc
    ? html`<td data-label="UTC">${zoneTime(o.start, 'UTC', 'datetime', false)}</td>
`
    : ''
}<td>${o.cancelled ? html`<span class="badge badge-cancelled">Cancelled</span> ` : ''}${noteMark(o)}<span class="badge badge-shift" data-shift-badge hidden>Time changes</span></td>
</tr>
`;
  const shifts = COMMON_ZONES.flatMap((z) => {
    const text = shiftDescription(next, z);
    return text
      ? [
          html`<li><strong>${cityOf(z)}</strong>${cityOf(z) === z ? '' : ` (${z})`}: ${text}.</li>
`,
        ]
      : [];
  });
  return html`<section aria-labelledby="next">
<h2 id="next">Next meetings</h2>
<p class="callout" data-shift-note data-meeting-zone="${zone}" hidden></p>
<section class="table-scroll" aria-label="Next meetings by time zone (table)" tabindex="0">
<table class="times stack" data-shift-rows>
<thead>
<tr>
<th scope="col" data-js-only hidden>Your time (<span data-zone-name>${FALLBACK_ZONE}</span>)</th>
<th scope="col">${zone === 'UTC' ? 'UTC (meeting time)' : html`${zone} (meeting time)`}</th>
${
  withUtc
    ? html`<th scope="col">UTC</th>
`
    : ''
}<th scope="col">Note</th>
</tr>
</thead>
<tbody>
${next.map(row)}</tbody>
</table>
</section>
<h3 id="zones">In common time zones</h3>
<section class="table-scroll" aria-label="Next meetings in common time zones (table)" tabindex="0">
<table class="times zones">
<thead>
<tr>
${COMMON_ZONES.map(
  (z) => html`<th scope="col"><abbr title="${z}">${cityOf(z)}</abbr></th>
`,
)}<th scope="col">Note</th>
</tr>
</thead>
<tbody>
${next.map(
  (o) => html`<tr${o.cancelled ? html` class="cancelled"` : ''}>
${COMMON_ZONES.map(
  (z) => html`<td>${zoneTime(o.start, z, 'short', false)}</td>
`,
)}<td>${o.cancelled ? html`<span class="badge badge-cancelled">Cancelled</span>` : ''}${o.cancelled && o.kind !== 'regular' ? ' ' : ''}${oneOffMark(o, { from: false })}</td>
</tr>
`,
)}</tbody>
</table>
</section>
${
  shifts.length > 0
    ? html`<p>The local time moves in some of these zones, as daylight saving time starts or ends on different dates:</p>
<ul>
${shifts}</ul>
`
    : ''
}</section>`;
}

/** A moved or extra row's note: the mark, and for a moved one where it moved from. */
function noteMark(o: Occurrence): Html | '' {
  const mark = oneOffMark(o);
  return mark === '' ? '' : html`${mark} `;
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

/** For a meeting a start date would schedule: the next candidates, and exactly where to write one. */
function startAdviceBlock(view: MeetingView): Html | '' {
  const { advice } = view;
  const [first] = advice?.candidates ?? [];
  if (!advice || !first) return '';
  const rules = new Set(advice.candidates.map((c) => describeRecurrence(c.recurrence)));
  const candidates = advice.candidates.map(
    (c) =>
      html`<strong>${isoDateText(c.date)}</strong> (<code>start: ${c.date}</code>${rules.size > 1 ? `, ${describeRecurrence(c.recurrence)}` : ''})`,
  );
  return html`<h3 id="add-start">What to add</h3>
<p>Give the date of one of its meetings as <code>start</code>. The next dates that would do are ${joinHtml(candidates, ' or ')}: each picks different weeks, so give one on which the meeting takes place.</p>
<p>Add it to this meeting in ${advice.sourceFile}, or, where the community's own tooling rejects unknown keys there, to the overlay ${advice.overlayFile} (read with <code>--overlay</code>), under the group's <code>dir</code> and the meeting's ${advice.key === view.meeting.description ? 'description' : 'id'}:</p>
<pre><code>${overlaySnippet(advice, first)}</code></pre>`;
}

function unscheduled(ctx: PageContext, view: MeetingView): Html {
  const { meeting } = view;
  if (meeting.status !== 'unscheduled') return html``;
  if (meeting.listed) {
    return html`<section aria-labelledby="dates">
<h2 id="dates">Dates</h2>
<p>${ctx.model.sourceFile} says <q>${writtenSchedule(meeting)}</q>, which is no regular schedule: its dates are listed one by one, and published in its calendar.</p>
</section>`;
  }
  const { instants, text } = conversion(ctx, meeting);
  const first = instants[0] ?? ctx.model.now;
  const last = instants.at(-1) ?? first;
  const zones = [...new Set<string>([meeting.zone, 'UTC', ...COMMON_ZONES])];
  return html`<section aria-labelledby="dates">
<h2 id="dates">No dates yet</h2>
<div class="callout warn">
<p><strong>Unscheduled.</strong> ${ctx.model.sourceFile} says <q>${writtenSchedule(meeting)}</q>, which does not determine the dates. ${meeting.oneOffs ? 'Only its one-off dates are published (below), in a calendar of their own.' : 'This page lists no dates, and there is no calendar for this meeting.'}</p>
<p>Why: ${withCode(meeting.reason)}</p>
</div>
${startAdviceBlock(view)}
<h3 id="converted">The time, converted</h3>
<p>${ownClock(meeting)} is:</p>
<section class="table-scroll" aria-label="The time converted (table)" tabindex="0">
<table class="times conversion">
<tbody>
<tr data-js-only hidden>
<th scope="row">Your time (<span data-zone-name>${FALLBACK_ZONE}</span>)</th>
<td class="viewer">${viewerConversion(instants, text(FALLBACK_ZONE))}</td>
</tr>
${zones.map(
  (z) => html`<tr>
<th scope="row">${z}</th>
<td>${text(z)}</td>
</tr>
`,
)}</tbody>
</table>
</section>
<p class="fine">Converted for the ${ownClock(meeting).split(' ')[0]}s from ${formatDate(wallTime(first, meeting.zone))} to ${formatDate(wallTime(last, meeting.zone))}: these are example dates to convert the time, not meeting dates. Where daylight saving time moves the time on a zone's clock, the new time is given with the date it starts.</p>
</section>`;
}
