import type { StoredObject } from '../../functions/store/site.ts';
import type {
  DeleteOptions,
  PutOptions,
  SiteStore,
  StoredBody,
  StoredObjectInfo,
} from '../../functions/store/site-store.ts';

/** One operation a store was asked to do; `condition` for a conditional one: `absent` or `match`. */
export interface StoreCall {
  readonly op: 'get' | 'head' | 'put' | 'delete';
  readonly path: string;
  readonly condition: 'absent' | 'match' | null;
  /** For a put: the run it marks the object with. */
  readonly run?: string | undefined;
}

/**
 * Any store, with a record of every operation made on it (in the order they were made) and a hook
 * that runs before each: to count requests, start a competing run at an exact point, or stall one.
 */
export class RecordingStore implements SiteStore {
  readonly calls: StoreCall[] = [];
  readonly inner: SiteStore;
  before: ((call: StoreCall, n: number) => void | Promise<void>) | null = null;
  /** Runs once the operation has been done (and not when it failed). */
  after: ((call: StoreCall, n: number) => void | Promise<void>) | null = null;

  constructor(inner: SiteStore) {
    this.inner = inner;
  }

  get description(): string {
    return this.inner.description;
  }
  get keepsMarks(): boolean {
    return this.inner.keepsMarks;
  }
  get concurrency(): number {
    return this.inner.concurrency;
  }
  /** The inner store's, unrecorded: it makes no request. */
  get has(): ((path: string) => boolean) | undefined {
    return this.inner.has?.bind(this.inner);
  }

  get(path: string): Promise<StoredBody | null> {
    return this.record({ op: 'get', path, condition: null }, () => this.inner.get(path));
  }
  head(path: string): Promise<StoredObjectInfo | null> {
    return this.record({ op: 'head', path, condition: null }, () => this.inner.head(path));
  }
  put(path: string, object: StoredObject, options?: PutOptions): Promise<string> {
    const c = options?.condition;
    const condition = c ? ('ifAbsent' in c ? 'absent' : 'match') : null;
    return this.record({ op: 'put', path, condition, run: options?.run }, () =>
      this.inner.put(path, object, options),
    );
  }
  delete(path: string, options?: DeleteOptions): Promise<void> {
    return this.record({ op: 'delete', path, condition: options?.ifMatch ? 'match' : null }, () =>
      this.inner.delete(path, options),
    );
  }

  /** `op path` for each call from `from` on, e.g. `put index.html`. */
  log(from = 0, ops: readonly StoreCall['op'][] = ['get', 'head', 'put', 'delete']): string[] {
    return this.calls
      .slice(from)
      .filter((c) => ops.includes(c.op))
      .map((c) => `${c.op} ${c.path}`);
  }

  private async record<T>(call: StoreCall, operation: () => Promise<T>): Promise<T> {
    this.calls.push(call);
    const n = this.calls.length;
    await this.before?.(call, n);
    const result = await operation();
    await this.after?.(call, n);
    return result;
  }
}
