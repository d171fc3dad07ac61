import type { DataFile, DataGroup, DataMeeting, DataOccurrence } from '../functions/core/data-feed.ts';

export type { DataFile, DataGroup, DataMeeting } from '../functions/core/data-feed.ts';

/** An occurrence with its instants as milliseconds, as the pages compute with them. */
export interface Occurrence extends DataOccurrence {
  readonly startMs: number;
  readonly endMs: number;
  readonly movedFromMs: number | null;
  readonly cancelled: boolean;
}

/**
 * A data file read: its groups by dir, its meetings by key, its occurrences in time order, and each
 * meeting's occurrences by its key (a large file holds thousands of meetings: nothing is looked up by
 * scanning).
 */
export interface Data {
  readonly file: DataFile;
  readonly groups: ReadonlyMap<string, DataGroup>;
  readonly meetings: ReadonlyMap<string, DataMeeting>;
  readonly occurrences: readonly Occurrence[];
  readonly byMeeting: ReadonlyMap<string, readonly Occurrence[]>;
}

/** Reads one published data file (same origin, so the site's CSP allows it). */
export async function loadData(url: string): Promise<Data> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const file = (await response.json()) as DataFile;
  if (file.schema !== 'sigcal-calendar-data' || file.version !== 1) {
    throw new Error(`${url}: not sigcal calendar data version 1`);
  }
  return dataOf(file);
}

export function dataOf(file: DataFile): Data {
  return indexed(file, new Map(file.meetings.map((m) => [m.key, m])), file.occurrences.map(occurrenceOf));
}

function indexed(
  file: DataFile,
  meetings: ReadonlyMap<string, DataMeeting>,
  occurrences: Occurrence[],
): Data {
  occurrences.sort((a, b) => a.startMs - b.startMs);
  const byMeeting = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const list = byMeeting.get(o.meeting);
    if (list) list.push(o);
    else byMeeting.set(o.meeting, [o]);
  }
  return { file, groups: new Map(file.groups.map((g) => [g.dir, g])), meetings, occurrences, byMeeting };
}

function occurrenceOf(o: DataOccurrence): Occurrence {
  return {
    ...o,
    startMs: Date.parse(o.start),
    endMs: Date.parse(o.end),
    movedFromMs: o.movedFrom === null ? null : Date.parse(o.movedFrom),
    cancelled: o.status === 'cancelled',
  };
}

/** Several groups' files as one (for the index, when all.json is withheld or cut short). */
export function mergeData(parts: readonly Data[], base: Data): Data {
  const meetings = new Map(base.meetings);
  const byUid = new Map<string, Occurrence>();
  for (const part of parts) {
    for (const [key, m] of part.meetings) meetings.set(key, m);
    for (const o of part.occurrences) byUid.set(o.uid, o);
  }
  const tos = parts.map((p) => p.file.to).filter((t): t is string => t !== null);
  return indexed({ ...base.file, to: tos.sort()[0] ?? base.file.to }, meetings, [...byUid.values()]);
}
