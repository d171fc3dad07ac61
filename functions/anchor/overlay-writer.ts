import { oneLine } from '../core/errors.ts';
import { parseYamlTree, type YamlMap, type YamlNode } from '../core/yaml-tree.ts';

/**
 * Adds schedule extensions to a `schedule.yaml` overlay as text, so the file a community keeps (its
 * order, comments and quoting) stays byte for byte as it was around the new lines. The same file and
 * the same additions always give the same bytes.
 */

/** The extensions to add for one meeting, in the overlay's own terms. */
export interface OverlayAddition {
  /** The group's `dir`. */
  readonly group: string;
  /** The meeting's key: its description, or its id where the description is not unique. */
  readonly key: string;
  readonly start?: string;
  readonly until?: string;
  readonly skip?: readonly string[];
  /** Rule date → new local date-time, both in the meeting's own zone. */
  readonly moved?: readonly (readonly [string, string])[];
  /** One line said above what is added (where it came from). */
  readonly comment?: string;
}

/** An addition, or part of one, that could not be written. */
export interface OverlayConflict {
  readonly group: string;
  readonly key: string;
  readonly message: string;
}

const FIELD_ORDER = ['start', 'until', 'skip', 'moved'] as const;

const HEADER = [
  '# Schedule extensions for meetings whose dates sigs.yaml leaves open: group dir → meeting',
  '# description (or id) → start, until, skip, moved. See "Schedule extensions" in the README.',
];

/**
 * The overlay text with `additions` in it. `existing` is the file as it is (null when there is none).
 * New meetings go at the end of their group, new groups at the end of the file; fields go at the top
 * of a meeting that already has an entry. A field the entry already has is kept and reported.
 */
export function addToOverlay(
  existing: { readonly file: string; readonly text: string } | null,
  additions: readonly OverlayAddition[],
): { text: string; conflicts: OverlayConflict[] } {
  const conflicts: OverlayConflict[] = [];
  const text = existing?.text ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  // A file ending in a newline splits into a last empty "line", which is not one.
  const trailingNewline = text === '' || /\n$/.test(text);
  if (trailingNewline && lines.length > 0) lines.pop();
  const root = existing && hasContent(text) ? parseYamlTree(text, existing.file) : null;
  const top: YamlMap | null = root?.kind === 'map' ? root : null;
  if (root && !top) throw new Error(`${existing?.file}: the overlay's top level is not a mapping`);

  const indent = (line: number) => /^ */.exec(lines[line - 1] ?? '')?.[0].length ?? 0;
  const topIndent = top?.entries[0] ? indent(top.entries[0].keyLine) : 0;
  const step = stepOf(top, indent);

  /** Lines to insert after a line (1-based). */
  const after = new Map<number, string[]>();
  const insert = (line: number, add: readonly string[]) =>
    after.set(line, [...(after.get(line) ?? []), ...add]);
  const appended: string[] = [];
  const newGroups = new Map<string, string[]>();

  for (const addition of additions) {
    const group = top?.entries.find((e) => e.key === addition.group);
    if (!group) {
      const block = newGroups.get(addition.group) ?? [];
      block.push(...meetingBlock(addition, topIndent + step, step));
      newGroups.set(addition.group, block);
      continue;
    }
    const fail = (message: string) => conflicts.push({ group: addition.group, key: addition.key, message });
    if (!isBlockMap(group.value, group.keyLine)) {
      fail(`group ${addition.group} is written as a flow mapping; add the entry by hand`);
      continue;
    }
    const meetings = group.value;
    const meeting = meetings.entries.find((e) => e.key === addition.key);
    if (!meeting) {
      const groupIndent = indent(group.keyLine);
      const meetingIndent = meetings.entries[0] ? indent(meetings.entries[0].keyLine) : groupIndent + step;
      const next = top?.entries[top.entries.indexOf(group) + 1]?.keyLine ?? lines.length + 1;
      let last = group.keyLine;
      for (let line = group.keyLine + 1; line < next; line++) {
        const content = lines[line - 1] ?? '';
        if (content.trim() !== '' && indent(line) > groupIndent) last = line;
      }
      // Within a group, follow how its entries are indented.
      const sample = meetings.entries.find((e) => isBlockMap(e.value, e.keyLine) && e.value.entries[0]);
      const first = sample?.value.kind === 'map' ? sample.value.entries[0] : undefined;
      const inner = sample && first ? indent(first.keyLine) - indent(sample.keyLine) : step;
      insert(last, meetingBlock(addition, meetingIndent, inner > 0 ? inner : step));
      continue;
    }
    if (!isBlockMap(meeting.value, meeting.keyLine)) {
      fail(`the entry is written as a flow mapping; add ${fieldList(addition)} by hand`);
      continue;
    }
    const present = new Set(meeting.value.entries.map((e) => e.key));
    const kept = FIELD_ORDER.filter((f) => addition[f] !== undefined && present.has(f));
    for (const field of kept) fail(`already has ${field}; kept as it is`);
    const fieldIndent = meeting.value.entries[0]
      ? indent(meeting.value.entries[0].keyLine)
      : indent(meeting.keyLine) + step;
    const fresh: OverlayAddition = {
      group: addition.group,
      key: addition.key,
      ...(addition.start !== undefined && !present.has('start') ? { start: addition.start } : {}),
      ...(addition.until !== undefined && !present.has('until') ? { until: addition.until } : {}),
      ...(addition.skip !== undefined && !present.has('skip') ? { skip: addition.skip } : {}),
      ...(addition.moved !== undefined && !present.has('moved') ? { moved: addition.moved } : {}),
    };
    const fields = fieldLines(fresh, fieldIndent, step);
    if (fields.length === 0) continue;
    insert(meeting.keyLine, [...commentLines(addition, fieldIndent), ...fields]);
  }
  for (const [group, block] of newGroups)
    appended.push(`${' '.repeat(topIndent)}${yamlKey(group)}:`, ...block);

  // Nothing to add: the file stays as it is (and none is started with only a header).
  if (after.size === 0 && appended.length === 0) return { text, conflicts };
  const out: string[] = existing ? [] : [...HEADER];
  lines.forEach((line, i) => {
    out.push(line);
    out.push(...(after.get(i + 1) ?? []));
  });
  out.push(...appended);
  return { text: `${out.join(eol)}${eol}`, conflicts };
}

/** Whether a YAML text has anything but comments and blank lines. */
export function hasContent(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

/** A block mapping's entries start on the line after its key; a flow mapping's on the key's line. */
function isBlockMap(node: YamlNode, keyLine: number): node is YamlMap {
  return node.kind === 'map' && node.line > keyLine;
}

/** The file's indentation step: how far a group's meetings are indented under it (default 2). */
function stepOf(top: YamlMap | null, indent: (line: number) => number): number {
  for (const group of top?.entries ?? []) {
    if (group.value.kind === 'map' && isBlockMap(group.value, group.keyLine) && group.value.entries[0]) {
      const step = indent(group.value.entries[0].keyLine) - indent(group.keyLine);
      if (step > 0) return step;
    }
  }
  return 2;
}

function meetingBlock(addition: OverlayAddition, indent: number, step: number): string[] {
  return [
    ...commentLines(addition, indent),
    `${' '.repeat(indent)}${yamlKey(addition.key)}:`,
    ...fieldLines(addition, indent + step, step),
  ];
}

function commentLines(addition: OverlayAddition, indent: number): string[] {
  return addition.comment ? [`${' '.repeat(indent)}# ${oneLine(addition.comment)}`] : [];
}

function fieldLines(addition: OverlayAddition, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (addition.start !== undefined) lines.push(`${pad}start: ${addition.start}`);
  if (addition.until !== undefined) lines.push(`${pad}until: ${addition.until}`);
  if (addition.skip && addition.skip.length > 0) lines.push(`${pad}skip: [${addition.skip.join(', ')}]`);
  if (addition.moved && addition.moved.length > 0) {
    lines.push(`${pad}moved:`);
    for (const [from, to] of addition.moved) lines.push(`${pad}${' '.repeat(step)}${from}: ${to}`);
  }
  return lines;
}

function fieldList(addition: OverlayAddition): string {
  return FIELD_ORDER.filter((f) => addition[f] !== undefined).join(', ');
}

/**
 * A mapping key as YAML reads it back unchanged: plain when it is plain words, else double-quoted with
 * every character that could end the line, or reorder it on screen, escaped.
 */
export function yamlKey(key: string): string {
  // Keys that start with a digit are quoted: YAML could read 0x1F, 1e3 or 12:30 as numbers.
  const plain =
    /^[A-Za-z][A-Za-z0-9 _./()-]*$/.test(key) &&
    !key.endsWith(' ') &&
    !/^(?:true|false|null|yes|no|on|off|y|n|nan|inf)$/i.test(key);
  if (plain) return key;
  let quoted = '"';
  for (const c of key) {
    const code = c.codePointAt(0) ?? 0;
    if (c === '"' || c === '\\') quoted += `\\${c}`;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || UNSAFE.test(c)) {
      quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    } else quoted += c;
  }
  return `${quoted}"`;
}

const UNSAFE = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
