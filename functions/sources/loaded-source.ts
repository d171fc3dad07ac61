import type { SourceText } from '../core/community.ts';
import { SourceError } from '../core/errors.ts';
import { sha256 } from '../shared/sha256.ts';

/** A source read from wherever it lives, with what identifies this version of it. */
export interface LoadedSource {
  /** The text and the name messages use for it (a path, `s3://…` or the URL). */
  readonly text: SourceText;
  /** Hex sha256 of the text: the source version in summaries. */
  readonly sha256: string;
  /** The upstream's ETag, when it has one. */
  readonly etag: string | null;
  /** True when the upstream answered "not modified" and the cached copy was used. */
  readonly notModified: boolean;
}

/** A copy kept between runs so an unchanged upstream costs one conditional request. */
export interface CachedSource {
  readonly etag: string;
  readonly text: string;
}

export interface SourceCache {
  get(key: string): CachedSource | undefined;
  set(key: string, value: CachedSource): void;
}

/** An in-memory cache of a few sources; in a Lambda it lives as long as the warm container. */
export class MemorySourceCache implements SourceCache {
  private readonly entries = new Map<string, CachedSource>();
  private readonly maxEntries: number;

  constructor(maxEntries = 4) {
    this.maxEntries = maxEntries;
  }

  get(key: string): CachedSource | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedSource): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    // Maps iterate in insertion order: the first key is the least recently stored.
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Default limit on a source's size: far above any real sigs.yaml, far below a Lambda's memory. */
export const DEFAULT_MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/** A one-line SourceError for a source that cannot be read (file-level: nothing is published). */
export function unreadable(file: string, why: string, cause?: unknown): SourceError {
  return new SourceError(
    { file, line: 0, path: '', message: `cannot read: ${why}` },
    cause === undefined ? {} : { cause },
  );
}

/**
 * The location answered that there is nothing there (a missing file, HTTP 404 or 410), as opposed to
 * failing to answer. Still a SourceError (same name, same message) for everything that reports it; a
 * caller that can do without the file (a previous manifest before the first publish) tells it apart.
 */
export class SourceMissingError extends SourceError {}

/** A one-line {@link SourceMissingError}. */
export function missing(file: string, why: string, cause?: unknown): SourceMissingError {
  return new SourceMissingError(
    { file, line: 0, path: '', message: `cannot read: ${why}` },
    cause === undefined ? {} : { cause },
  );
}

/** Decodes a source's bytes as strict UTF-8. */
export function decodeSource(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw unreadable(file, 'is not UTF-8 text', error);
  }
}

export function loaded(
  file: string,
  text: string,
  etag: string | null = null,
  notModified = false,
): LoadedSource {
  return { text: { file, text }, sha256: sha256(text), etag, notModified };
}
