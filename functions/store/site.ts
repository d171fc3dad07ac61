import type { Phase } from '../core/site-contract.ts';

/** An object as a store keeps it: the body, how it is served, and its hash (computed once, by the pipeline). */
export interface StoredObject {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly cacheControl: string;
  /**
   * `gzip` for a feed's pre-compressed variant (see GZIP_VARIANT_SUFFIX in the site contract): the body
   * is gzip data, served with `Content-Encoding: gzip` and the plain feed's Content-Type. Absent for
   * every other object. Stores that keep headers (S3) store it; a folder only keeps the bytes.
   */
  readonly contentEncoding?: 'gzip';
  /** Hex sha256 of `body`: the identity of its content, in the manifest, the sync state and S3 metadata. */
  readonly sha256: string;
}

/** One object of the published site. */
export interface SiteObject extends StoredObject {
  /** When sync writes it (see PHASES in the site contract). */
  readonly phase: Phase;
}

/** The whole site, in memory, keyed by path relative to the site root (`calendars/all.ics`). */
export type Site = ReadonlyMap<string, SiteObject>;
