import type { Community } from './community.ts';
import { type CandidateStart, candidateStarts, type UnscheduledMeeting } from './meeting.ts';
import { describeRecurrence } from './recurrence.ts';

/**
 * What to write so that an unscheduled meeting gets its dates: a start date (the next candidates), and
 * where to put it, inline in `sigs.yaml` or, for communities whose own tooling rejects unknown keys, in
 * the overlay under the meeting's exact key.
 */
export interface StartAdvice {
  /** The next dates that would determine the meeting's dates, each determining other ones. */
  readonly candidates: readonly CandidateStart[];
  /** File names (without folders) of the source and of the overlay (`schedule.yaml` when none is read). */
  readonly sourceFile: string;
  readonly overlayFile: string;
  /** The overlay's keys for the meeting: its group's dir, then its description or, when another meeting of the group shares that description, its id. */
  readonly group: string;
  readonly key: string;
}

/** The default name of the overlay, as the README calls it. */
const DEFAULT_OVERLAY_FILE = 'schedule.yaml';

/**
 * Advice for an unscheduled meeting as of `today` (a UTC day number), or null when no start date would
 * determine its dates (`quarterly`, an unknown frequency): its reason then says what would.
 */
export function startAdvice(
  community: Community,
  meeting: UnscheduledMeeting,
  today: number,
): StartAdvice | null {
  // The report, the calendars and `validate` each ask for the same meeting; candidates cost a year of
  // dates per start tried, so each meeting's advice is worked out once per day asked about.
  const known = adviceOf.get(meeting);
  if (known?.today === today && known.community === community) return known.advice;
  const advice = adviseStart(community, meeting, today);
  adviceOf.set(meeting, { community, today, advice });
  return advice;
}

const adviceOf = new WeakMap<
  UnscheduledMeeting,
  { readonly community: Community; readonly today: number; readonly advice: StartAdvice | null }
>();

function adviseStart(community: Community, meeting: UnscheduledMeeting, today: number): StartAdvice | null {
  const candidates = candidateStarts(meeting, today);
  if (candidates.length === 0) return null;
  const group = community.groups.find((g) => g.dir === meeting.group);
  // The overlay matches a description before an id, so a description two meetings share names both.
  const sharing = [
    ...(group?.meetings ?? []),
    ...community.leftOut.filter((m) => m.group === meeting.group),
  ].filter((m) => m.description === meeting.description);
  return {
    candidates,
    sourceFile: fileName(community.file),
    overlayFile: fileName(community.overlayFile ?? DEFAULT_OVERLAY_FILE),
    group: meeting.group,
    key: sharing.length > 1 ? meeting.id : meeting.description,
  };
}

/**
 * One line: `add to schedule.yaml under sig-node → "Weekly Meeting": start: 2026-12-03 (or 2026-12-10),
 * or start: inline in sigs.yaml`. Where the candidates give different rules, each is named.
 */
export function adviceText(advice: StartAdvice): string {
  return `add to ${advice.overlayFile} under ${advice.group} → ${JSON.stringify(advice.key)}: start: ${candidateList(advice.candidates)}, or start: inline in ${advice.sourceFile}`;
}

/** `2026-12-03 (or 2026-12-10)`, or with the rule each gives: `2026-12-03 (the first Thursday of the month) or …`. */
function candidateList(candidates: readonly CandidateStart[]): string {
  const rules = candidates.map((c) => describeRecurrence(c.recurrence));
  const [first, ...others] = candidates;
  if (!first) return '';
  if (new Set(rules).size <= 1) {
    return others.length === 0 ? first.date : `${first.date} (or ${others.map((c) => c.date).join(', or ')})`;
  }
  return candidates.map((c, i) => `${c.date} (${rules[i]})`).join(' or ');
}

/** The overlay entry to add, as YAML. */
export function overlaySnippet(advice: StartAdvice, candidate: CandidateStart): string {
  return `${yamlKey(advice.group)}:\n  ${yamlKey(advice.key)}:\n    start: ${candidate.date}\n`;
}

/** A mapping key as YAML: plain where that reads back as the same text, else double-quoted. */
export function yamlKey(text: string): string {
  const plain =
    /^[A-Za-z0-9][A-Za-z0-9 _.()/&+'-]*$/.test(text) &&
    !/\s$/.test(text) &&
    !/^(?:true|false|yes|no|on|off|null|y|n|~)$/i.test(text) &&
    !/^[-+]?[0-9.]/.test(text);
  return plain ? text : JSON.stringify(text);
}

/** A file's name without its folders (or bucket, or URL): what pages and advice may show of it. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) || path;
}

/** The candidates' dates, for JSON. */
export function candidateDates(advice: StartAdvice | null): string[] {
  return advice ? advice.candidates.map((c) => c.date) : [];
}
