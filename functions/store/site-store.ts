import type { StoredObject } from './site.ts';

/** What a store knows about one object without reading its body. */
export interface StoredObjectInfo {
  /** Hex sha256 of the body, from the object's metadata (S3) or computed (folder); null when unknown. */
  readonly sha256: string | null;
  /** Null when the store does not keep headers (a local folder). */
  readonly contentType: string | null;
  readonly cacheControl: string | null;
}

/**
 * Where a site is published: the only I/O the sync needs. Paths are site paths (`calendars/all.ics`);
 * a store maps them to its own keys (an S3 prefix, a folder).
 */
export interface SiteStore {
  /** For messages: `s3://bucket/prefix/` or a folder path. */
  readonly description: string;
  /** The body of an object, or null when there is none. */
  get(path: string): Promise<Uint8Array | null>;
  head(path: string): Promise<StoredObjectInfo | null>;
  /** Creates or replaces an object; `object.sha256` is kept as metadata where the store has any. */
  put(path: string, object: StoredObject): Promise<void>;
  /** Removes an object; removing one that does not exist is not an error. */
  delete(path: string): Promise<void>;
}

/** A store operation failed (after the SDK's own retries); `cause` is the underlying error. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly path: string;

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

/**
 * Throws unless `path` is a plain relative site path: segments separated by "/", none empty, "." or
 * "..", no backslashes or control characters. Stores never write or delete outside their root.
 */
export function assertSitePath(path: string): void {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.length > 900 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    /[\\\u0000-\u001f\u007f]/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new StoreError(`"${path}" is not a safe site path`, path);
}
