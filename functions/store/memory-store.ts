import { bodyBytes, type StoredObject } from './site.ts';
import {
  assertSitePath,
  ConditionFailedError,
  type DeleteOptions,
  type PutOptions,
  type SiteStore,
  type StoredBody,
  type StoredObjectInfo,
  type WriteCondition,
} from './site-store.ts';

/** One object as a memory store holds it. */
export interface MemoryObject extends StoredObject<Uint8Array> {
  readonly etag: string;
  /** sigcal's mark: the run that wrote it, or null for an object written without one. */
  readonly writtenBy: string | null;
}

/**
 * A site in memory, with the semantics of an S3 bucket: headers and marks are kept, every write makes a
 * new version with its own ETag, and conditional writes are atomic. For tests, and for callers that want to see what a sync
 * would leave without touching a real store. Every operation yields to the event loop once, so
 * concurrent runs interleave as they would against a remote store.
 */
export class MemoryStore implements SiteStore {
  readonly description: string;
  readonly keepsMarks = true;
  readonly concurrency = 8;
  private readonly objects = new Map<string, MemoryObject>();
  private versions = 0;

  constructor(description = 'memory:/') {
    this.description = description;
  }

  async get(path: string): Promise<StoredBody | null> {
    assertSitePath(path);
    await turn();
    const o = this.objects.get(path);
    return o ? { body: o.body.slice(), etag: o.etag } : null;
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    assertSitePath(path);
    await turn();
    const o = this.objects.get(path);
    return o
      ? {
          sha256: o.sha256,
          contentType: o.contentType,
          cacheControl: o.cacheControl,
          etag: o.etag,
          writtenBy: o.writtenBy,
        }
      : null;
  }

  async put(path: string, object: StoredObject, options: PutOptions = {}): Promise<string> {
    assertSitePath(path);
    await turn();
    if (options.condition) this.check(path, options.condition);
    const etag = `"m${++this.versions}"`;
    this.objects.set(path, {
      body: bodyBytes(object.body).slice(),
      contentType: object.contentType,
      cacheControl: object.cacheControl,
      sha256: object.sha256,
      etag,
      writtenBy: options.run ?? null,
    });
    return etag;
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    assertSitePath(path);
    await turn();
    if (options.ifMatch !== undefined && this.objects.has(path))
      this.check(path, { ifMatch: options.ifMatch });
    this.objects.delete(path);
  }

  /** Every object, by path, sorted: what a reader of the store would find. */
  snapshot(): ReadonlyMap<string, MemoryObject> {
    return new Map([...this.objects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private check(path: string, condition: WriteCondition): void {
    const current = this.objects.get(path);
    if ('ifAbsent' in condition) {
      if (current) throw this.failed(path, 'an object is already there');
    } else if (current?.etag !== condition.ifMatch) {
      throw this.failed(
        path,
        `${current ? `is at version ${current.etag}` : 'is gone'}, not ${condition.ifMatch}`,
      );
    }
  }

  private failed(path: string, why: string): ConditionFailedError {
    return new ConditionFailedError(`${this.description}${path}: ${why}`, path, 'precondition');
  }
}

/** Lets other tasks run, as a round trip to a remote store would. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
