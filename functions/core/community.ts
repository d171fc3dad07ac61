import { cleanText } from './clean-text.ts';
import { type Diagnostic, quoted, type SourceLocation } from './errors.ts';
import {
  defaultMeetingId,
  type LeftOutMeeting,
  type Meeting,
  type NormalisedMeeting,
  normaliseMeeting,
} from './meeting.ts';
import { calendarColor } from './names.ts';
import type { Schedule } from './occurrences.ts';
import { type Overlay, type OverlayEntry, readOverlay } from './overlay.ts';
import { describeOwner, PathOwners } from './path-owners.ts';
import {
  type CommunitySetting,
  type Group,
  type GroupKind,
  type MeetingSource,
  readSigsFile,
} from './sigs-file.ts';
import {
  DEFAULT_MAX_SITE_BYTES,
  type EstimateOptions,
  estimateSite,
  type SiteEstimate,
  siteBudgetProblem,
} from './site-budget.ts';
import type { PublishingWindow } from './window.ts';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, parseYamlTree } from './yaml-tree.ts';

/** A group with its meetings normalised; subproject meetings are listed with the group's own. */
export interface CommunityGroup {
  readonly kind: GroupKind;
  readonly dir: string;
  readonly name: string;
  readonly missionStatement: string | null;
  readonly leadership: Group['leadership'];
  readonly contact: Group['contact'];
  readonly subprojects: readonly { readonly name: string; readonly description: string | null }[];
  readonly meetings: readonly Meeting[];
  /** Where the group is written (`sigs[3]`, its line). */
  readonly at: SourceLocation;
}

/** The whole source, understood: every group and meeting, what was left out, and every problem found. */
export interface Community {
  readonly file: string;
  /** The overlay's file name, when one was read (advice names it). */
  readonly overlayFile?: string;
  readonly groups: readonly CommunityGroup[];
  readonly leftOut: readonly LeftOutMeeting[];
  readonly diagnostics: readonly Diagnostic[];
  /** What building the site would take, when the site to build was given (see {@link LoadOptions.site}). */
  readonly estimate?: SiteEstimate;
  /** The `community:` setting's name, or null; `--title` overrides it (see BuildOptions). */
  readonly name: string | null;
  /** The calendar colour (a CSS3 colour name, for RFC 7986 COLOR), or null. */
  readonly color: string | null;
}

/** A source file's name (for messages) and its text. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

export interface LoadOptions {
  readonly overlay?: SourceText;
  readonly limits?: ParseLimits & { readonly maxMeetings: number };
  /**
   * The site the community is for: when given, what building it would take is estimated and a source
   * that asks for more than `maxBytes` (default {@link DEFAULT_MAX_SITE_BYTES}) gets a file-level error,
   * before anything is rendered. `validate` and `build` both pass it, so they agree.
   */
  readonly site?: EstimateOptions & { readonly window: PublishingWindow; readonly maxBytes?: number };
}

export const DEFAULT_LIMITS = { ...DEFAULT_PARSE_LIMITS, maxMeetings: 5_000 };

/**
 * Parses and normalises a `sigs.yaml` (and optional `schedule.yaml` overlay). Throws `SourceError` when
 * a file cannot be parsed at all; every other problem is returned in `diagnostics`, all at once.
 */
export function loadCommunity(source: SourceText, options: LoadOptions = {}): Community {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const tree = parseYamlTree(source.text, source.file, limits);
  const { sigs, diagnostics } = readSigsFile(tree, source.file);
  let overlay: Overlay = new Map();
  if (options.overlay) {
    const read = readOverlay(
      parseYamlTree(options.overlay.text, options.overlay.file, limits),
      options.overlay.file,
    );
    overlay = read.overlay;
    diagnostics.push(...read.diagnostics);
  }
  const total = sigs.groups.reduce(
    (n, g) => n + g.meetings.length + g.subprojects.reduce((m, s) => m + s.meetings.length, 0),
    0,
  );
  if (total > limits.maxMeetings) {
    diagnostics.push({
      file: source.file,
      line: 0,
      path: '',
      scope: 'file',
      message: `source has ${total} meetings, more than the limit of ${limits.maxMeetings}`,
    });
    return {
      file: source.file,
      ...overlayName(options),
      groups: [],
      leftOut: [],
      diagnostics,
      ...communitySetting(sigs.community, diagnostics),
    };
  }
  const used = new Set<OverlayEntry>();
  const leftOut: LeftOutMeeting[] = [];
  const paths = new PathOwners();
  const groups = sigs.groups.flatMap((group): CommunityGroup[] => {
    const clash = paths.claimGroup(group.dir, group.at);
    if (clash) {
      diagnostics.push({
        ...group.at,
        path: `${group.at.path}.dir`,
        scope: 'file',
        message: `"${group.dir}" would write ${clash.path}, which is ${describeOwner(clash.owner)}`,
      });
      return [];
    }
    const entries = overlay.get(group.dir);
    const ids = new Map<string, string>();
    const meetings: Meeting[] = [];
    const sources = [...group.meetings, ...group.subprojects.flatMap((s) => s.meetings)];
    const extensions = sources.map((source) => overlayEntry(entries, source));
    for (const extension of extensions) if (extension) used.add(extension);
    const first = sources.map((source, i) => normaliseMeeting(source, extensions[i]));
    // Second pass: "alternating with the regular meeting" can only be read once every meeting is.
    const alternatesWith = alternationPartner(first);
    const results = alternatesWith
      ? first.map((result, i) =>
          result.ok && result.meeting.status === 'unscheduled'
            ? normaliseMeeting(sources[i] as MeetingSource, extensions[i], { alternatesWith })
            : result,
        )
      : first;
    for (const result of results) {
      diagnostics.push(...result.diagnostics);
      if (!result.ok) {
        leftOut.push(result.leftOut);
        continue;
      }
      const { meeting } = result;
      const earlier = ids.get(meeting.id);
      if (earlier) {
        const message = `meeting id "${meeting.id}" is already used by ${earlier}; add a distinct \`id:\` to one of them`;
        diagnostics.push({ ...meeting.at, scope: 'meeting', message });
        leftOut.push({ ...meeting, reason: message });
        continue;
      }
      const taken = paths.claimMeeting(group.dir, meeting.id, meeting.at);
      if (taken) {
        const message =
          `meeting id "${meeting.id}" would write ${taken.path}, which is ${describeOwner(taken.owner)}; ` +
          'add a distinct `id:`';
        diagnostics.push({ ...meeting.at, scope: 'meeting', message });
        leftOut.push({ ...meeting, reason: message });
        continue;
      }
      ids.set(meeting.id, `${meeting.at.path} (line ${meeting.at.line})`);
      meetings.push(meeting);
    }
    return [
      {
        kind: group.kind,
        dir: group.dir,
        name: group.name,
        missionStatement: group.missionStatement,
        leadership: group.leadership,
        contact: group.contact,
        subprojects: group.subprojects.map((s) => ({ name: s.name, description: s.description })),
        meetings,
        at: group.at,
      },
    ];
  });
  const dirs = new Set(groups.map((g) => g.dir));
  for (const [dir, entries] of overlay) {
    for (const [key, entry] of entries) {
      if (!used.has(entry)) {
        diagnostics.push({
          ...entry.at,
          scope: 'warning',
          message: dirs.has(dir)
            ? `no meeting of group ${quoted(dir)} is described as ${quoted(key)}; this overlay entry is unused`
            : `there is no group ${quoted(dir)} (its dir); this overlay entry is unused`,
        });
      }
    }
  }
  const setting = communitySetting(sigs.community, diagnostics);
  const loaded = { file: source.file, ...overlayName(options), groups, leftOut, diagnostics, ...setting };
  if (!options.site) return loaded;
  const estimate = estimateSite(groups, options.site.window, options.site);
  const problem = siteBudgetProblem(source.file, estimate, options.site.maxBytes ?? DEFAULT_MAX_SITE_BYTES);
  if (problem) diagnostics.push(problem);
  return { ...loaded, estimate };
}

/** The community's name and colour; a colour RFC 7986 does not accept is left out with a warning. */
function communitySetting(
  setting: CommunitySetting | null,
  diagnostics: Diagnostic[],
): { name: string | null; color: string | null } {
  const name = setting?.name?.text.replace(/\s+/g, ' ').trim() || null;
  const written = setting?.color;
  if (!written || written.text.trim() === '') return { name, color: null };
  const color = calendarColor(written.text);
  if (!color) {
    diagnostics.push({
      ...written.at,
      scope: 'warning',
      message: `${quoted(written.text)} is not a CSS colour name, which is what calendars read (RFC 7986 COLOR), e.g. steelblue; left out`,
    });
  }
  return { name, color: color ?? null };
}

function overlayName(options: LoadOptions): { overlayFile?: string } {
  return options.overlay ? { overlayFile: options.overlay.file } : {};
}

/** A meeting's overlay entry, keyed by its description or else by its id (given or default). */
function overlayEntry(
  entries: ReadonlyMap<string, OverlayEntry> | undefined,
  source: MeetingSource,
): OverlayEntry | undefined {
  if (!entries) return undefined;
  const description = source.fields.description?.text.trim() ?? '';
  const written = source.fields.id && cleanText(source.fields.id.text, 'schedule').text.trim();
  const id = written ?? defaultMeetingId(source.subproject, description, source.index);
  return entries.get(description) ?? entries.get(id);
}

/** The group's one biweekly series with a start date, the "regular meeting" others alternate with. */
function alternationPartner(results: readonly NormalisedMeeting[]): Schedule | undefined {
  const anchored = results.flatMap((r) => {
    if (!r.ok || r.meeting.status !== 'scheduled') return [];
    const { schedule } = r.meeting;
    const biweekly = schedule.recurrence.kind === 'weekly' && schedule.recurrence.interval === 2;
    return biweekly && schedule.start !== null ? [schedule] : [];
  });
  return anchored.length === 1 ? anchored[0] : undefined;
}
