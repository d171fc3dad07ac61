import { type Diagnostic, type DiagnosticScope, oneLine, quoted, type SourceLocation } from './errors.ts';
import { readMailingList, readSlack } from './link-fields.ts';
import { RESERVED_DIRS } from './site-contract.ts';
import { MAX_TEXT_LENGTH, type YamlMap, type YamlNode } from './yaml-tree.ts';

/** The four group sections of a Kubernetes-style `sigs.yaml`, in the order sigcal lists them. */
export const GROUP_SECTIONS = ['sigs', 'workinggroups', 'committees', 'usergroups'] as const;
export type GroupKind = (typeof GROUP_SECTIONS)[number];

/** A text field as written, with where it was written. */
export interface FieldText {
  readonly text: string;
  readonly at: SourceLocation;
}

export const MEETING_TEXT_FIELDS = [
  'description',
  'day',
  'time',
  'tz',
  'frequency',
  'url',
  'archive_url',
  'recordings_url',
  'calendar_url',
  // Schedule extensions (also accepted from the schedule.yaml overlay).
  'start',
  'until',
  'duration',
  'id',
] as const;
export type MeetingTextField = (typeof MEETING_TEXT_FIELDS)[number];

export const REQUIRED_MEETING_FIELDS: readonly MeetingTextField[] = [
  'description',
  'day',
  'time',
  'tz',
  'frequency',
];

/**
 * Longest accepted value of the fields that hold a schedule rather than prose: no real one comes close,
 * and their free-text readers then stay fast on any input.
 */
export const MAX_SCHEDULE_TEXT_LENGTH = 500;
/** The fields that define when (and the meeting id): limited in length, and cleaned of invisible characters. */
export const SCHEDULE_FIELDS: ReadonlySet<MeetingTextField> = new Set([
  'day',
  'time',
  'tz',
  'frequency',
  'start',
  'until',
  'duration',
  'id',
]);

/** Why a value is too long for its field, or undefined. */
export function tooLong(text: string, max: number): string | undefined {
  return text.length > max ? `is ${text.length} characters long, more than the limit of ${max}` : undefined;
}

/** One entry of a `meetings:` list, fields still as text. */
export interface MeetingSource {
  readonly groupDir: string;
  readonly subproject: string | null;
  /** Position in its own `meetings` list. */
  readonly index: number;
  readonly at: SourceLocation;
  readonly fields: Readonly<Partial<Record<MeetingTextField, FieldText>>>;
  /** Fields present with the wrong type (a list, a mapping): reported here, so not "missing" later. */
  readonly mistyped?: readonly MeetingTextField[];
  readonly skip?: DateList;
  readonly moved?: MovedList;
  readonly extra?: DateList;
}

/** `skip: [2027-01-12, …]`, `extra: [2027-02-10T18:30, …]` (or a single value), as written. */
export interface DateList {
  readonly items: readonly FieldText[];
  readonly at: SourceLocation;
}

/** `moved: {2027-01-05: 2027-01-06T18:30, …}`: a date of the series → its new local date (and time). */
export interface MovedList {
  readonly entries: readonly { readonly from: FieldText; readonly to: FieldText }[];
  readonly at: SourceLocation;
}

export interface Person {
  readonly github: string | null;
  readonly name: string | null;
  readonly company: string | null;
}

export interface LeadershipRole {
  /** `chairs`, `tech_leads`, `emeritus_leads`… as written in the file. */
  readonly role: string;
  readonly people: readonly Person[];
}

export interface Contact {
  readonly slack: FieldText | null;
  readonly mailingList: FieldText | null;
}

export interface Subproject {
  readonly name: string;
  readonly description: string | null;
  readonly meetings: readonly MeetingSource[];
}

export interface Group {
  readonly kind: GroupKind;
  readonly dir: string;
  readonly name: string;
  readonly missionStatement: string | null;
  readonly leadership: readonly LeadershipRole[];
  readonly contact: Contact;
  readonly meetings: readonly MeetingSource[];
  readonly subprojects: readonly Subproject[];
  readonly at: SourceLocation;
}

/**
 * The optional top-level `community:` setting: the community's name (for page titles and calendar names)
 * and a calendar colour. `community: Kubernetes` is short for `community: {name: Kubernetes}`.
 */
export interface CommunitySetting {
  readonly name: FieldText | null;
  readonly color: FieldText | null;
}

export interface SigsFile {
  readonly file: string;
  readonly groups: readonly Group[];
  readonly community: CommunitySetting | null;
}

/** How `moved:` is written, for messages. */
export const MOVED_SHAPE = 'of a date of the series to its new date and time (2027-01-05: 2027-01-06T18:30)';

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_DIR_LENGTH = 64;

/** Why `dir` cannot be a path segment, or undefined when it can. */
export function unsafeDirReason(dir: string): string | undefined {
  if (dir === '') return 'is empty';
  if (dir.length > MAX_DIR_LENGTH) return `is longer than ${MAX_DIR_LENGTH} characters`;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(dir)) {
    return 'is not a safe path segment (use lowercase letters, digits, "-" and "_", starting with a letter or digit)';
  }
  if (WINDOWS_DEVICE.test(dir)) return 'is a reserved device name on Windows';
  const layout = RESERVED_DIRS.get(dir);
  if (layout) return `is reserved for the site layout (${layout})`;
  return undefined;
}

/**
 * Reads the positioned YAML tree of a `sigs.yaml` into groups and meeting sources, collecting every
 * structural problem (wrong types, missing `dir`/`name`, unsafe or duplicate `dir`) instead of stopping
 * at the first. Unknown keys and sections are tolerated: the Kubernetes file carries many.
 */
export function readSigsFile(root: YamlNode, file: string): { sigs: SigsFile; diagnostics: Diagnostic[] } {
  const reader = new Reader(file);
  const groups: Group[] = [];
  if (root.kind !== 'map') {
    reader.report('file', root.line, '', `the top level must be a mapping with ${GROUP_SECTIONS.join(', ')}`);
    return { sigs: { file, groups, community: null }, diagnostics: reader.diagnostics };
  }
  const present = GROUP_SECTIONS.filter((s) => root.entries.some((e) => e.key === s));
  if (present.length === 0) {
    reader.report('file', root.line, '', `no groups: expected at least one of ${GROUP_SECTIONS.join(', ')}`);
  }
  const dirs = new Map<string, string>();
  for (const kind of present) {
    const list = reader.seq(entry(root, kind), kind, true);
    list.forEach((node, i) => {
      const group = reader.group(node, kind, `${kind}[${i}]`);
      if (!group) return;
      const earlier = dirs.get(group.dir);
      if (earlier) {
        reader.report(
          'file',
          group.at.line,
          `${group.at.path}.dir`,
          `duplicate dir "${group.dir}" (also ${earlier})`,
        );
        return;
      }
      dirs.set(group.dir, `${group.at.path} at line ${group.at.line}`);
      groups.push(group);
    });
  }
  const community = reader.community(entry(root, 'community'));
  return { sigs: { file, groups, community }, diagnostics: reader.diagnostics };
}

function entry(map: YamlMap, key: string): YamlNode | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

class Reader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly file: string) {}

  report(scope: DiagnosticScope, line: number, path: string, message: string): void {
    this.diagnostics.push({ file: this.file, line, path, scope, message });
  }

  at(node: YamlNode, path: string): SourceLocation {
    return { file: this.file, line: node.line, path };
  }

  map(node: YamlNode | undefined, path: string, shape = ''): YamlMap | undefined {
    if (node === undefined || isNull(node)) return undefined;
    if (node.kind === 'map') return node;
    this.report(
      'file',
      node.line,
      path,
      `must be a mapping${shape ? ` ${shape}` : ''}, not ${describe(node)}`,
    );
    return undefined;
  }

  seq(node: YamlNode | undefined, path: string, nullIsEmpty = true): readonly YamlNode[] {
    if (node === undefined || (nullIsEmpty && isNull(node))) return [];
    if (node.kind === 'seq') return node.items;
    this.report('file', node.line, path, `must be a list, not ${describe(node)}`);
    return [];
  }

  /**
   * A text value: strings and numbers are accepted as written, null counts as absent. A value over
   * `max` characters is a file-level error (a limit), and absent from then on.
   */
  text(
    node: YamlNode | undefined,
    path: string,
    scope: DiagnosticScope = 'file',
    max = MAX_TEXT_LENGTH,
  ): FieldText | undefined {
    if (node === undefined || isNull(node)) return undefined;
    if (node.kind === 'scalar') {
      const long = tooLong(node.text, max);
      if (!long) return { text: node.text, at: this.at(node, path) };
      this.report('file', node.line, path, long);
      return undefined;
    }
    this.report(scope, node.line, path, `must be text, not ${describe(node)}`);
    return undefined;
  }

  /** A text field that must be there: reported once, as missing or (by `text`) as the wrong type. */
  required(map: YamlMap, key: string, path: string, hint: string): FieldText | undefined {
    const node = entry(map, key);
    const value = this.text(node, path);
    if (!value && (node === undefined || isNull(node)))
      this.report('file', map.line, path, `is required${hint}`);
    return value;
  }

  /** `community: {name, color}`, or `community: <name>`; null when absent. */
  community(node: YamlNode | undefined): CommunitySetting | null {
    if (node === undefined || isNull(node)) return null;
    if (node.kind === 'scalar') return { name: this.text(node, 'community') ?? null, color: null };
    const map = this.map(
      node,
      'community',
      'with name and color (community: {name: Kubernetes, color: steelblue})',
    );
    if (!map) return null;
    return {
      name: this.text(entry(map, 'name'), 'community.name') ?? null,
      color: this.text(entry(map, 'color'), 'community.color') ?? null,
    };
  }

  group(node: YamlNode, kind: GroupKind, path: string): Group | undefined {
    const map = this.map(node, path);
    if (!map) {
      if (isNull(node)) this.report('file', node.line, path, 'is empty; a group needs at least dir and name');
      return undefined;
    }
    const dir = this.required(map, 'dir', `${path}.dir`, ' (the group folder, e.g. sig-pm)');
    const name = this.required(map, 'name', `${path}.name`, ' (the group name, e.g. PM)');
    if (dir) {
      const unsafe = unsafeDirReason(dir.text);
      if (unsafe) this.report('file', dir.at.line, dir.at.path, `${quoted(dir.text)} ${unsafe}`);
    }
    const mission = this.text(entry(map, 'mission_statement'), `${path}.mission_statement`);
    const leadership = this.leadership(entry(map, 'leadership'), `${path}.leadership`);
    const contact = this.contact(entry(map, 'contact'), `${path}.contact`);
    const groupDir = dir?.text ?? '';
    const meetings = this.meetings(entry(map, 'meetings'), `${path}.meetings`, groupDir, null);
    const subprojects = this.seq(entry(map, 'subprojects'), `${path}.subprojects`).flatMap((sub, i) => {
      const subPath = `${path}.subprojects[${i}]`;
      const subMap = this.map(sub, subPath);
      if (!subMap) return [];
      const subName = this.required(subMap, 'name', `${subPath}.name`, '');
      if (!subName) return [];
      return [
        {
          name: subName.text,
          description: this.text(entry(subMap, 'description'), `${subPath}.description`)?.text ?? null,
          meetings: this.meetings(entry(subMap, 'meetings'), `${subPath}.meetings`, groupDir, subName.text),
        },
      ];
    });
    if (!dir || !name || unsafeDirReason(dir.text)) return undefined;
    return {
      kind,
      dir: dir.text,
      name: name.text,
      missionStatement: mission?.text ?? null,
      leadership,
      contact,
      meetings,
      subprojects,
      at: this.at(map, path),
    };
  }

  leadership(node: YamlNode | undefined, path: string): LeadershipRole[] {
    const map = this.map(node, path);
    if (!map) return [];
    return map.entries.map((e) => ({
      role: e.key,
      people: this.seq(e.value, `${path}.${e.key}`).flatMap((p, i) => {
        const personPath = `${path}.${e.key}[${i}]`;
        const person = this.map(p, personPath);
        if (!person) return [];
        return [
          {
            github: this.text(entry(person, 'github'), `${personPath}.github`)?.text ?? null,
            name: this.text(entry(person, 'name'), `${personPath}.name`)?.text ?? null,
            company: this.text(entry(person, 'company'), `${personPath}.company`)?.text ?? null,
          },
        ];
      }),
    }));
  }

  /** Contact values are never fatal: a placeholder or an unsafe value is left out, with a warning. */
  contact(node: YamlNode | undefined, path: string): Contact {
    const map = this.map(node, path);
    const warn = (at: SourceLocation, message: string) => this.report('warning', at.line, at.path, message);
    const list = map ? this.text(entry(map, 'mailing_list'), `${path}.mailing_list`) : undefined;
    const slack = map ? this.text(entry(map, 'slack'), `${path}.slack`) : undefined;
    return { slack: readSlack(slack, warn), mailingList: readMailingList(list, warn) };
  }

  meetings(
    node: YamlNode | undefined,
    path: string,
    groupDir: string,
    subproject: string | null,
  ): MeetingSource[] {
    return this.seq(node, path).flatMap((m, index) => {
      const meetingPath = `${path}[${index}]`;
      const map = this.map(m, meetingPath);
      if (!map) {
        if (isNull(m))
          this.report(
            'file',
            m.line,
            meetingPath,
            'is empty; a meeting needs description, day, time, tz and frequency',
          );
        return [];
      }
      const fields: Partial<Record<MeetingTextField, FieldText>> = {};
      const mistyped: MeetingTextField[] = [];
      for (const field of MEETING_TEXT_FIELDS) {
        const node = entry(map, field);
        const max = SCHEDULE_FIELDS.has(field) ? MAX_SCHEDULE_TEXT_LENGTH : MAX_TEXT_LENGTH;
        const value = this.text(node, `${meetingPath}.${field}`, 'file', max);
        if (value) fields[field] = value;
        else if (node && !isNull(node)) mistyped.push(field);
      }
      const listed = (key: 'skip' | 'extra') => {
        const node = entry(map, key);
        return node === undefined || isNull(node) ? undefined : this.dateList(node, `${meetingPath}.${key}`);
      };
      const skip = listed('skip');
      const extra = listed('extra');
      const movedNode = entry(map, 'moved');
      const moved =
        movedNode === undefined || isNull(movedNode)
          ? undefined
          : this.movedList(movedNode, `${meetingPath}.moved`);
      return [
        {
          groupDir,
          subproject,
          index,
          at: this.at(map, meetingPath),
          fields,
          ...(mistyped.length > 0 ? { mistyped } : {}),
          ...(skip ? { skip } : {}),
          ...(moved ? { moved } : {}),
          ...(extra ? { extra } : {}),
        },
      ];
    });
  }

  /** `moved: {2027-01-05: 2027-01-06T18:30}`: a mapping of text to text. */
  movedList(node: YamlNode, path: string): MovedList | undefined {
    const map = this.map(node, path, MOVED_SHAPE);
    if (!map) return undefined;
    return {
      at: this.at(node, path),
      entries: map.entries.flatMap((e) => {
        const entryPath = `${path}.${e.key}`;
        const at = { file: this.file, line: e.keyLine, path: entryPath };
        // Empty (`2027-01-05:`) is kept, for the meeting's reader to report as not a date.
        const to = isNull(e.value)
          ? { text: '', at }
          : this.text(e.value, entryPath, 'file', MAX_SCHEDULE_TEXT_LENGTH);
        // Keys are limited to MAX_TEXT_LENGTH by the parser; a date is far shorter.
        const long = tooLong(e.key, MAX_SCHEDULE_TEXT_LENGTH);
        if (long) this.report('file', e.keyLine, entryPath, long);
        return to && !long ? [{ from: { text: e.key, at }, to }] : [];
      }),
    };
  }

  /** `skip: [2027-01-12, …]`, `extra: […]`, or a single value. */
  dateList(node: YamlNode, path: string): DateList {
    const items = node.kind === 'seq' ? node.items : [node];
    return {
      at: this.at(node, path),
      items: items.flatMap((item, i) => {
        const value = this.text(
          item,
          node.kind === 'seq' ? `${path}[${i}]` : path,
          'file',
          MAX_SCHEDULE_TEXT_LENGTH,
        );
        return value ? [value] : [];
      }),
    };
  }
}

function isNull(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

function describe(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'empty';
  const text = node.text.length > 40 ? `${node.text.slice(0, 40)}…` : node.text;
  return `${typeof node.value} "${oneLine(text)}"`;
}
