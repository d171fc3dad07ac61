import type { Phase } from '../core/site-contract.ts';

/**
 * A body kept out of memory until sync writes it: a store that can hold bodies aside (see
 * `SiteStore.aside`) returns one for each body a build hands it, so a large site is never held whole.
 */
export interface HeldBody {
  readonly byteLength: number;
  /**
   * False for the body of an object the build found already published as it is (see runPipeline):
   * nothing was kept, because the sync does not write it, unless another run changes the published
   * site in between (then the sync stops before writing anything).
   */
  readonly kept: boolean;
  /** The bytes, read back (a store other than the one holding it writes them). Throws when not kept. */
  read(): Uint8Array;
}

/** An object's bytes: in memory, or held aside by a store. */
export type Body = Uint8Array | HeldBody;

/** Whether the bytes are there to write (see `HeldBody.kept`). */
export function isKept(body: Body): boolean {
  return body instanceof Uint8Array || body.kept;
}

/** The body of an object the build found already published as it is: only its size is kept. */
export function unkeptBody(byteLength: number): HeldBody {
  return {
    byteLength,
    kept: false,
    read: () => {
      throw new Error('the body was not kept: the object was already published as it is');
    },
  };
}

/** The bytes of a body, wherever they are. */
export function bodyBytes(body: Body): Uint8Array {
  return body instanceof Uint8Array ? body : body.read();
}

/** An object as a store keeps it: the body, how it is served, and its hash (computed once, by the pipeline). */
export interface StoredObject<B extends Body = Body> {
  readonly body: B;
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
export interface SiteObject<B extends Body = Uint8Array> extends StoredObject<B> {
  /** When sync writes it (see PHASES in the site contract). */
  readonly phase: Phase;
}

/** The whole site, keyed by path relative to the site root (`calendars/all.ics`). */
export type Site<B extends Body = Uint8Array> = ReadonlyMap<string, SiteObject<B>>;
