import type { CommunityGroup } from '../community.ts';
import type { Meeting } from '../meeting.ts';
import { groupLabel } from '../names.ts';
import type { GroupKind } from '../sigs-file.ts';
import type { GroupView, MeetingView } from '../site-model.ts';
import { type Html, html, joinHtml } from './html.ts';
import { externalLink } from './layout.ts';
import { GITHUB_PROFILE } from './links.ts';

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

/** `SIG PM`: the group's name with its kind. */
export function groupTitle(group: GroupView): string {
  return groupLabel(group.group.kind, group.group.name);
}

/** `SIG PM: Regular SIG Meeting`. */
export function meetingTitle(group: GroupView, view: MeetingView): string {
  return `${groupTitle(group)}: ${view.meeting.description}`;
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

/** Notes, recordings and the group's own calendar (and the join link, unless `join: false`). */
export function meetingLinks(meeting: Meeting, options: { readonly join?: boolean } = {}): Html | '' {
  const items = [
    options.join === false ? '' : externalLink(meeting.links.join, 'Join the meeting'),
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

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The weekday and time in the meeting's own words: `Thursday 08:00 in America/Los_Angeles`. */
export function ownClock(meeting: Meeting): string {
  const hhmm = `${String(meeting.time.hour).padStart(2, '0')}:${String(meeting.time.minute).padStart(2, '0')}`;
  return `${WEEKDAY_NAMES[meeting.weekday - 1]} ${hhmm} in ${meeting.zone}`;
}
