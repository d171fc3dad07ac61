import type { Diagnostic } from './errors.ts';
import {
  type DateList,
  type FieldText,
  MAX_SCHEDULE_TEXT_LENGTH,
  MOVED_SHAPE,
  type MovedList,
  tooLong,
} from './sigs-file.ts';
import type { YamlNode } from './yaml-tree.ts';

export const OVERLAY_FIELDS = ['start', 'until', 'duration', 'id'] as const;
export type OverlayField = (typeof OVERLAY_FIELDS)[number];
/** Every key an overlay entry may hold, for messages. */
const OVERLAY_KEYS = `${OVERLAY_FIELDS.join(', ')}, skip, moved or extra`;

/** Schedule extensions for one meeting, from `schedule.yaml`. Each replaces the inline one whole. */
export interface OverlayEntry {
  readonly fields: Readonly<Partial<Record<OverlayField, FieldText>>>;
  readonly skip?: DateList;
  readonly moved?: MovedList;
  readonly extra?: DateList;
  readonly at: FieldText['at'];
}

/** group dir → meeting description or id → extensions. */
export type Overlay = ReadonlyMap<string, ReadonlyMap<string, OverlayEntry>>;

/**
 * Reads a `schedule.yaml` overlay: the schedule extensions for communities whose own tooling rejects
 * unknown keys in `sigs.yaml`.
 *
 * ```yaml
 * sig-pm:
 *   Regular SIG Meeting:       # the meeting's description (or its id)
 *     start: 2024-01-09
 *     skip: [2024-12-24]
 *     moved: {2024-11-05: 2024-11-06T18:30}
 *     extra: [2024-11-20]
 * ```
 */
export function readOverlay(root: YamlNode, file: string): { overlay: Overlay; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const overlay = new Map<string, Map<string, OverlayEntry>>();
  const fail = (line: number, path: string, message: string) =>
    diagnostics.push({ file, line, path, scope: 'file', message });
  const text = (node: YamlNode, path: string): FieldText | undefined => {
    if (node.kind === 'scalar' && node.value !== null) {
      const long = tooLong(node.text, MAX_SCHEDULE_TEXT_LENGTH);
      if (!long) return { text: node.text, at: { file, line: node.line, path } };
      fail(node.line, path, long);
      return undefined;
    }
    fail(node.line, path, 'must be text');
    return undefined;
  };
  if (root.kind !== 'map') {
    fail(root.line, '', 'the top level must be a mapping of group dir → meeting → extensions');
    return { overlay, diagnostics };
  }
  for (const group of root.entries) {
    if (group.value.kind !== 'map') {
      fail(group.value.line, group.key, 'must be a mapping of meeting description → extensions');
      continue;
    }
    const meetings = new Map<string, OverlayEntry>();
    overlay.set(group.key, meetings);
    for (const meeting of group.value.entries) {
      const path = `${group.key}.${meeting.key}`;
      if (meeting.value.kind !== 'map') {
        fail(meeting.value.line, path, `must be a mapping with ${OVERLAY_KEYS}`);
        continue;
      }
      const fields: Partial<Record<OverlayField, FieldText>> = {};
      let skip: DateList | undefined;
      let moved: MovedList | undefined;
      let extra: DateList | undefined;
      for (const e of meeting.value.entries) {
        const fieldPath = `${path}.${e.key}`;
        if (e.key === 'skip' || e.key === 'extra') {
          const items = e.value.kind === 'seq' ? e.value.items : [e.value];
          const list: DateList = {
            at: { file, line: e.value.line, path: fieldPath },
            items: items.flatMap((item, i) => text(item, `${fieldPath}[${i}]`) ?? []),
          };
          if (e.key === 'skip') skip = list;
          else extra = list;
        } else if (e.key === 'moved') {
          if (e.value.kind !== 'map') {
            fail(
              e.value.line,
              fieldPath,
              `must be a mapping ${MOVED_SHAPE}, not ${e.value.kind === 'seq' ? 'a list' : 'text'}`,
            );
            continue;
          }
          moved = {
            at: { file, line: e.value.line, path: fieldPath },
            entries: e.value.entries.flatMap((m) => {
              const entryPath = `${fieldPath}.${m.key}`;
              const at = { file, line: m.keyLine, path: entryPath };
              const isNull = m.value.kind === 'scalar' && m.value.value === null;
              const to = isNull ? { text: '', at } : text(m.value, entryPath);
              const long = tooLong(m.key, MAX_SCHEDULE_TEXT_LENGTH);
              if (long) fail(m.keyLine, entryPath, long);
              return to && !long ? [{ from: { text: m.key, at }, to }] : [];
            }),
          };
        } else if ((OVERLAY_FIELDS as readonly string[]).includes(e.key)) {
          const value = text(e.value, fieldPath);
          if (value) fields[e.key as OverlayField] = value;
        } else {
          fail(e.keyLine, fieldPath, `is not a schedule extension (use ${OVERLAY_KEYS})`);
        }
      }
      meetings.set(meeting.key, {
        fields,
        ...(skip ? { skip } : {}),
        ...(moved ? { moved } : {}),
        ...(extra ? { extra } : {}),
        at: { file, line: meeting.keyLine, path },
      });
    }
  }
  return { overlay, diagnostics };
}
