import type { HeldBody, StoredObject } from './site.ts';

/** What a store knows about one object without reading its body. */
export interface StoredObjectInfo {
  /** Hex sha256 of the body, from the object's metadata (S3, memory) or computed (folder); null when unknown. */
  readonly sha256: string | null;
  /** Null when the store does not keep headers (a local folder). */
  readonly contentType: string | null;
  readonly cacheControl: string | null;
  /** The object's version as the store names it; a conditional write or delete takes it (`If-Match`). */
  readonly etag: string;
  /**
   * The run that wrote the object, from sigcal's mark on it (`x-amz-meta-sigcal-run` in S3); null when
   * the object carries no mark for this site, or the store keeps no marks (a folder: see `keepsMarks`).
   */
  readonly writtenBy: string | null;
}

/** An object's body with its version. */
export interface StoredBody {
  readonly body: Uint8Array;
  readonly etag: string;
}

/**
 * When a write may go ahead. `ifAbsent`: only if no object is at the path (S3 `If-None-Match: *`);
 * `ifMatch`: only if the object there is still the version named (S3 `If-Match: <etag>`).
 */
export type WriteCondition = { readonly ifAbsent: true } | { readonly ifMatch: string };

export interface PutOptions {
  readonly condition?: WriteCondition;
  /** The run writing the object: stores that keep marks record it, so sigcal can tell its objects later. */
  readonly run?: string;
}

export interface DeleteOptions {
  /** Delete only if the object there is still this version. */
  readonly ifMatch?: string;
}

/**
 * Where a site is published: the only I/O the sync needs. Paths are site paths (`calendars/all.ics`);
 * a store maps them to its own keys (an S3 prefix, a folder). Conditional writes are atomic against
 * each other, in every store, whichever process makes them: the lease and the sync state rely on it.
 */
export interface SiteStore {
  /** For messages: `s3://bucket/prefix/` or a folder path. */
  readonly description: string;
  /**
   * True when every object sigcal writes carries its mark (metadata), so `writtenBy` tells sigcal's
   * objects from others. A folder keeps none: there the sync state's record of each file's hash is
   * the mark.
   */
  readonly keepsMarks: boolean;
  /** Requests worth having in flight at once: many for S3, a few for a local disk. */
  readonly concurrency: number;
  /**
   * Where a build may hold bodies until sync writes them, instead of in memory; absent where holding
   * them in memory is the better choice (S3: the Lambda has the memory, and a held body would be sent
   * from a file).
   */
  readonly aside?: BodyAside;
  /**
   * Whether an object is there, where the store can tell without a request (a folder: one stat). Sync
   * then writes back an object its record lists as unchanged that someone removed. Absent where each
   * answer would cost a request (S3): there the record is trusted, and deleting `.sigcal/state.json`
   * makes the next run look at every object.
   */
  has?(path: string): boolean;
  /** The body of an object and its version, or null when there is none. */
  get(path: string): Promise<StoredBody | null>;
  head(path: string): Promise<StoredObjectInfo | null>;
  /**
   * Creates or replaces an object and returns its new version; `object.sha256` and the run's mark are
   * kept as metadata where the store has any. Throws {@link ConditionFailedError} when the condition
   * does not hold, and then writes nothing.
   */
  put(path: string, object: StoredObject, options?: PutOptions): Promise<string>;
  /**
   * Removes an object; removing one that does not exist is not an error. Throws
   * {@link ConditionFailedError} when `ifMatch` names another version, and then removes nothing.
   */
  delete(path: string, options?: DeleteOptions): Promise<void>;
}

/** Bodies held out of memory by a store, until its `put` writes them (see `SiteStore.aside`). */
export interface BodyAside {
  /**
   * Takes a copy of the bytes now (the caller may reuse `body` once it returns) and returns a body that
   * `put` to this store writes without copying it again.
   */
  hold(body: Uint8Array): HeldBody;
  /**
   * Room for the next body's bytes (at most `maxBytes`) in the store's own memory, or null when it has
   * none to offer: a body made there and handed to `hold` next is not copied again.
   */
  reserve(maxBytes: number): Uint8Array | null;
  /**
   * Blocks until every body held so far is stored, and throws if one could not be. The pipeline calls
   * it before the sync writes anything, so a body that could not be held fails the run with the site
   * as it was.
   */
  settle(): void;
  /** Drops every body still held: the run is over (written ones are already in place). */
  release(): void;
}

/** A store operation failed (after the SDK's own retries); `cause` is the underlying error. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly path: string;

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

/**
 * A conditional write or delete did not happen. `precondition` (S3: 412 Precondition Failed): the
 * object is there, or gone, or another version than the one named. `conflict` (S3: 409
 * ConditionalRequestConflict): another write to the same path finished while this one was under way.
 * Either way the caller must read the object again before deciding anything.
 */
export class ConditionFailedError extends StoreError {
  override readonly name = 'ConditionFailedError';
  readonly reason: 'precondition' | 'conflict';

  constructor(
    message: string,
    path: string,
    reason: 'precondition' | 'conflict',
    options?: { cause?: unknown },
  ) {
    super(message, path, options);
    this.reason = reason;
  }
}

/**
 * Throws unless `path` is a plain relative site path: segments separated by "/", none empty, "." or
 * "..", no backslashes or control characters. Stores never write or delete outside their root.
 */
export function assertSitePath(path: string): void {
  if (path.length === 0 || path.length > 900 || UNSAFE_PATH.test(path)) {
    throw new StoreError(`"${path}" is not a safe site path`, path);
  }
}

/** A backslash or control character, or a segment that is empty, `.` or `..`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const UNSAFE_PATH = /[\\\u0000-\u001f\u007f]|(?:^|\/)\.{0,2}(?:\/|$)/;
