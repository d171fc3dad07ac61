import type { CommunityGroup } from '../community.ts';
import type { Meeting } from '../meeting.ts';
import type { Occurrence } from '../occurrences.ts';
import type { GroupKind } from '../sigs-file.ts';
import type { MeetingView } from '../site-model.ts';
import { conversionInstants, wallTime } from './clock.ts';
import { type Html, html, joinHtml } from './html.ts';
import { externalLink, FALLBACK_ZONE, localTime, type PageContext } from './layout.ts';
import { GITHUB_PROFILE } from './links.ts';
import { clockPeriods, describeConversion, describePeriods } from './time-format.ts';

/** Zones every reader without JavaScript gets, chosen to span the usual contributor regions. */
export const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'UTC',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

/** How many upcoming occurrences a meeting page lists. */
export const NEXT_COUNT = 8;

export const SECTION_TITLES: Readonly<Record<GroupKind, string>> = {
  sigs: 'Special Interest Groups',
  workinggroups: 'Working Groups',
  committees: 'Committees',
  usergroups: 'User Groups',
};

export const KIND_NAMES: Readonly<Record<GroupKind, string>> = {
  sigs: 'Special Interest Group',
  workinggroups: 'Working Group',
  committees: 'Committee',
  usergroups: 'User Group',
};

/** `America/Los_Angeles` → `Los Angeles`. */
export function cityOf(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}

/** `PM: Regular SIG Meeting`, as the feeds' SUMMARY names it. */
export function meetingTitle(view: MeetingView): string {
  return `${view.groupName}: ${view.meeting.description}`;
}

/** `the first Tuesday…` → `The first Tuesday…`, for text that starts a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text whose \`quoted\` parts (as in sigcal's messages) become <code>. */
export function withCode(text: string): Html {
  return joinHtml(text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part)));
}

/** `1 hour 30 minutes` */
export function durationWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [];
  if (h > 0) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m > 0 || h === 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** `chairs` → `Chairs`, `tech_leads` → `Tech leads`. */
export function roleName(role: string): string {
  return capitalise(role.replace(/[_-]+/g, ' ').trim());
}

/** The first sentence of a mission, for lists; the full text is on the group's page. */
export function firstSentence(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = /[.!?](\s|$)/.exec(flat);
  const sentence = end && end.index < max ? flat.slice(0, end.index + 1) : flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** The meeting's schedule as the source wrote it: `Tuesday · 18:30 · UTC · biweekly`. */
export function writtenSchedule(meeting: Meeting): string {
  const { day, time, tz, frequency } = meeting.written;
  return [day, time, tz, frequency].filter((t) => t.trim() !== '').join(' · ');
}

/** The group's leadership, by role. */
export function leadershipList(group: CommunityGroup): Html {
  const roles = group.leadership.filter((r) => r.people.length > 0);
  if (roles.length === 0) return html`<p class="muted">No leadership listed.</p>`;
  return html`<dl class="facts">
${roles.map(
  (r) => html`<dt>${roleName(r.role)}</dt>
<dd>${joinHtml(
    r.people.map((p) => {
      const name = p.name ?? p.github ?? 'unnamed';
      const handle = p.github
        ? html` (<a href="${GITHUB_PROFILE(p.github)}" rel="noopener noreferrer">@${p.github}</a>)`
        : '';
      const company = p.company ? html`, ${p.company}` : '';
      return html`${name}${handle}${company}`;
    }),
    html`; `,
  )}</dd>
`,
)}</dl>`;
}

/** Join, notes, recordings and the group's own calendar, where the source gives them. */
export function meetingLinks(meeting: Meeting): Html | '' {
  const items = [
    externalLink(meeting.links.join, 'Join the meeting'),
    externalLink(meeting.links.notes, 'Notes and agenda'),
    externalLink(meeting.links.recordings, 'Recordings'),
    externalLink(meeting.links.calendar, "The group's own calendar"),
  ].filter((item) => item !== '');
  if (items.length === 0) return '';
  return html`<ul class="link-list">
${items.map(
  (item) => html`<li>${item}</li>
`,
)}</ul>`;
}

/** The occurrences at or after `now`, cancelled ones included. */
export function upcoming(view: MeetingView, now: number): Occurrence[] {
  return view.occurrences.filter((o) => o.start >= now);
}

/**
 * How the local time of the listed regular (not cancelled, moved or extra) occurrences moves in `zone`,
 * or undefined: what daylight saving time does, not what one-off changes do.
 */
export function shiftDescription(occurrences: readonly Occurrence[], zone: string): string | undefined {
  const periods = clockPeriods(
    occurrences.filter((o) => !o.cancelled && o.kind === 'regular').map((o) => wallTime(o.start, zone)),
  );
  return periods.length > 1 ? describePeriods(periods) : undefined;
}

/**
 * An unscheduled meeting's weekday and time converted into `zone` (the viewer's, by the script), for
 * example weeks from `now`: DST can move it, and the text says from when.
 */
export function conversion(
  ctx: PageContext,
  meeting: Meeting,
): { instants: number[]; text: (zone: string) => string } {
  const instants = conversionInstants(meeting, ctx.model.now, ctx.model.window.end);
  return {
    instants,
    text: (zone) => describeConversion(clockPeriods(instants.map((ms) => wallTime(ms, zone)))),
  };
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The weekday and time in the meeting's own words: `Thursday 08:00 in America/Los_Angeles`. */
export function ownClock(meeting: Meeting): string {
  const hhmm = `${String(meeting.time.hour).padStart(2, '0')}:${String(meeting.time.minute).padStart(2, '0')}`;
  return `${WEEKDAY_NAMES[meeting.weekday - 1]} ${hhmm} in ${meeting.zone}`;
}

/** Script-upgraded conversion: UTC without JavaScript, the viewer's zone with it. */
export function viewerConversion(instants: readonly number[], fallback: string): Html {
  return html`<span data-conversion="${instants.join(' ')}">${fallback}</span>`;
}

export { FALLBACK_ZONE };

/**
 * The mark of a moved or extra occurrence: "Moved from Tue 29 Dec, 19:00" (in the viewer's zone, by the
 * script) or "Extra"; nothing for a regular one. `from: false` leaves out where it moved from.
 */
export function oneOffMark(o: Occurrence, options: { readonly from?: boolean } = {}): Html | '' {
  if (o.kind === 'extra') return html`<span class="badge badge-extra">Extra</span>`;
  if (o.kind !== 'moved') return '';
  const badge = html`<span class="badge badge-moved">Moved</span>`;
  if (o.movedFrom === null || options.from === false) return badge;
  return html`${badge} <span class="moved-from">from ${localTime(o.movedFrom, 'short')}</span>`;
}

/** `data-one-off` for a moved or extra row: the script leaves such rows out of its DST notes. */
export function oneOffAttribute(o: Occurrence): Html | '' {
  return o.kind === 'regular' ? '' : html` data-one-off="${o.kind}"`;
}
