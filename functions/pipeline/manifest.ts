import type { MeetingStamp } from '../core/calendars.ts';
import type { Community } from '../core/community.ts';
import { GENERATOR, isoWindow } from '../core/render-site.ts';
import type { PublishingWindow } from '../core/window.ts';
import { sha256 } from '../shared/sha256.ts';
import type { Body, SiteObject } from '../store/site.ts';
import type { BuildSources } from './build.ts';

/** A meeting the build left out, named so a reader can find it in the source. */
export interface LeftOutRecord {
  readonly group: string;
  readonly subproject: string | null;
  /** The meeting's position in its own `meetings` list. */
  readonly index: number;
  /** Null when the id itself was invalid. */
  readonly id: string | null;
  readonly description: string;
  readonly line: number;
  readonly reason: string;
}

/** What `manifest.json` records: the commit point of a publish, and what later runs may delete. */
export interface Manifest {
  readonly generator: string;
  readonly source: { readonly file: string; readonly sha256: string };
  readonly overlay: { readonly file: string; readonly sha256: string } | null;
  /**
   * Each meeting's DTSTAMP and a fingerprint of what its events say, by `<dir>/<meeting-id>`: the next
   * build keeps a meeting's stamp while its fingerprint is unchanged.
   */
  readonly meetings: Readonly<Record<string, MeetingStamp>>;
  readonly window: { readonly start: string; readonly end: string };
  readonly leftOut: readonly LeftOutRecord[];
  readonly objects: Readonly<
    Record<
      string,
      {
        readonly sha256: string;
        readonly bytes: number;
        readonly contentType: string;
        /** Only on the gzip variants of feeds. */
        readonly contentEncoding?: 'gzip';
      }
    >
  >;
}

/** The left-out meetings of a community, as the manifest and run summaries name them. */
export function leftOutRecords(community: Community): LeftOutRecord[] {
  return community.leftOut.map((m) => ({
    group: m.group,
    subproject: m.subproject,
    index: m.index,
    id: m.id,
    description: m.description,
    line: m.at.line,
    reason: m.reason,
  }));
}

/** The manifest of a built site: every object with its hash and size, sorted by path. */
export function manifestOf(
  sources: BuildSources,
  community: Community,
  window: PublishingWindow,
  stamps: ReadonlyMap<string, MeetingStamp>,
  site: ReadonlyMap<string, SiteObject<Body>>,
): Manifest {
  const objects: Record<string, Manifest['objects'][string]> = {};
  for (const path of [...site.keys()].sort()) {
    const object = site.get(path) as SiteObject<Body>;
    objects[path] = {
      sha256: object.sha256,
      bytes: object.body.byteLength,
      contentType: object.contentType,
      ...(object.contentEncoding ? { contentEncoding: object.contentEncoding } : {}),
    };
  }
  return {
    generator: GENERATOR,
    source: { file: sources.source.file, sha256: sha256(sources.source.text) },
    overlay: sources.overlay ? { file: sources.overlay.file, sha256: sha256(sources.overlay.text) } : null,
    meetings: Object.fromEntries([...stamps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    window: isoWindow(window),
    leftOut: leftOutRecords(community),
    objects,
  };
}

/**
 * The meeting stamps of the previously published manifest, for the next build (see
 * `BuildOptions.previousStamps`); empty when there is none, or it predates per-meeting stamps.
 */
export function previousStamps(previous: Pick<Manifest, 'meetings'> | null): Map<string, MeetingStamp> {
  const stamps = new Map<string, MeetingStamp>();
  for (const [key, value] of Object.entries(previous?.meetings ?? {})) {
    if (typeof value?.fingerprint === 'string' && typeof value.stamp === 'string') stamps.set(key, value);
  }
  return stamps;
}

/** The previously published manifest from a store's bytes, or null when there is none or it is unreadable. */
export function parseManifest(bytes: Uint8Array | null): Manifest | null {
  if (!bytes) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
    const meetings = value?.meetings;
    const ok = typeof value?.source?.sha256 === 'string' && typeof meetings === 'object' && meetings !== null;
    return ok ? value : null;
  } catch {
    return null;
  }
}
