import type { DataFile, DataMeeting, DataOccurrence } from '../functions/core/data-feed.ts';

export type { DataFile, DataGroup, DataMeeting } from '../functions/core/data-feed.ts';

/** An occurrence with its instants as milliseconds, as the pages compute with them. */
export interface Occurrence extends DataOccurrence {
  readonly startMs: number;
  readonly endMs: number;
  readonly movedFromMs: number | null;
  readonly cancelled: boolean;
}

/** A data file read: its meetings by key and its occurrences in time order. */
export interface Data {
  readonly file: DataFile;
  readonly meetings: ReadonlyMap<string, DataMeeting>;
  readonly occurrences: readonly Occurrence[];
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
  return {
    file,
    meetings: new Map(file.meetings.map((m) => [m.key, m])),
    occurrences: file.occurrences.map(occurrenceOf).sort((a, b) => a.startMs - b.startMs),
  };
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
  return {
    file: { ...base.file, to: tos.sort()[0] ?? base.file.to },
    meetings,
    occurrences: [...byUid.values()].sort((a, b) => a.startMs - b.startMs),
  };
}
