import { hostname } from 'node:os';
import { STATE_DIR } from '../core/site-contract.ts';
import { sha256 } from '../shared/sha256.ts';
import { ConditionFailedError, type SiteStore, type WriteCondition } from './site-store.ts';

/*
 * The lease: one object beside the site that says which run may write it, and until when. It is
 * taken and renewed only with conditional writes (S3 `If-None-Match: *` when there is none, `If-Match`
 * on the version read otherwise), so of two runs that try at once exactly one gets it. A run that
 * finds it held waits a bounded time, then fails naming the holder; a lease whose holder died expires
 * and is taken over. The holder renews it before a write once a third of it has gone, so every write
 * starts with two thirds of the lease ahead: more than one request can take with all its retries
 * (see DEFAULT_S3_SETTINGS), so no write of a run lands after its lease could have passed to another.
 */
export const LEASE_PATH = `${STATE_DIR}/lease.json`;
const LEASE_FORMAT = 'sigcal-lease/1';

export const DEFAULT_LEASE = {
  /** A run that dies holds the site this long at most. */
  ttlMs: 180_000,
  /** How long a run waits for another run's lease before it gives up. */
  waitMs: 60_000,
  /** How often a waiting run looks again. */
  pollMs: 1_000,
} as const;

export interface LeaseOptions {
  readonly ttlMs?: number;
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** Who takes the lease, for the messages of runs that find it held. Default: host and process id. */
  readonly holder?: string;
  /** Milliseconds since the epoch; the lease's times are compared across machines, so this is wall time. */
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called once when the lease is held by another run and this one starts to wait. */
  readonly onWait?: (holder: LeaseHolder) => void;
}

/** What a lease says about its holder. */
export interface LeaseHolder {
  readonly run: string;
  readonly holder: string;
  /** ISO instants. */
  readonly since: string;
  readonly expires: string;
}

interface LeaseRecord extends LeaseHolder {
  readonly format: typeof LEASE_FORMAT;
  readonly released: boolean;
}

/** Another run held the lease for longer than this run would wait; nothing was written. */
export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
  readonly holder: LeaseHolder;

  constructor(target: string, holder: LeaseHolder, waitedMs: number) {
    super(
      `${target} is being published by another run: run ${holder.run} (${holder.holder}) has held its lease ` +
        `since ${holder.since}, until ${holder.expires} unless it finishes or renews it; waited ` +
        `${Math.round(waitedMs / 1000)} s, wrote nothing (try again later, or wait longer)`,
    );
    this.holder = holder;
  }
}

/** This run's lease expired or was taken over: it must not write another object. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** A lease this run holds. */
export class Lease {
  readonly run: string;
  private readonly store: SiteStore;
  private readonly record: LeaseRecord;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private etag: string;
  private expires: number;
  private renewing: Promise<void> | null = null;
  private released = false;

  constructor(
    store: SiteStore,
    record: LeaseRecord,
    etag: string,
    options: Required<Pick<LeaseOptions, 'ttlMs' | 'clock'>>,
  ) {
    this.store = store;
    this.run = record.run;
    this.record = record;
    this.etag = etag;
    this.expires = Date.parse(record.expires);
    this.ttlMs = options.ttlMs;
    this.clock = options.clock;
  }

  /**
   * Call before each write: returns at once while two thirds of the lease are left, else renews it.
   * Throws {@link LeaseLostError} when it has expired or another run has it.
   */
  keep(): Promise<void> {
    if (this.released) return Promise.reject(new LeaseLostError(`run ${this.run} has released its lease`));
    const now = this.clock();
    if (this.expires - now > (this.ttlMs * 2) / 3) return Promise.resolve();
    this.renewing ??= this.renew(now).finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  /** Gives the lease up (a later run need not wait for it to expire). A lease taken over is left alone. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.renewing?.catch(() => undefined);
    const record = { ...this.record, expires: new Date(this.clock()).toISOString(), released: true };
    try {
      await writeLease(this.store, record, { ifMatch: this.etag });
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  private async renew(now: number): Promise<void> {
    if (now >= this.expires) {
      throw new LeaseLostError(
        `the lease of run ${this.run} on ${this.store.description} expired at ${new Date(this.expires).toISOString()}`,
      );
    }
    const expires = now + this.ttlMs;
    try {
      this.etag = await writeLease(
        this.store,
        { ...this.record, expires: new Date(expires).toISOString() },
        { ifMatch: this.etag },
      );
      this.expires = expires;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      throw new LeaseLostError(
        `another run took over the lease of run ${this.run} on ${this.store.description}`,
        {
          cause: error,
        },
      );
    }
  }
}

/**
 * Takes the lease of `store` for run `run`: at once when it is free, released or expired; else waits
 * for it up to `waitMs`, then throws {@link LeaseHeldError} naming the holder.
 */
export async function acquireLease(
  store: SiteStore,
  run: string,
  options: LeaseOptions = {},
): Promise<Lease> {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE.ttlMs;
  const waitMs = Math.max(0, options.waitMs ?? DEFAULT_LEASE.waitMs);
  const pollMs = Math.max(1, options.pollMs ?? DEFAULT_LEASE.pollMs);
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const holder = options.holder ?? `sigcal on ${hostname()} (pid ${process.pid})`;
  const started = clock();
  let told = false;
  for (;;) {
    const current = await store.get(LEASE_PATH);
    const now = clock();
    const other = current ? parseLease(current.body) : null;
    const held = other !== null && !other.released && Date.parse(other.expires) > now && other.run !== run;
    if (!held) {
      const record: LeaseRecord = {
        format: LEASE_FORMAT,
        run,
        holder,
        since: new Date(now).toISOString(),
        expires: new Date(now + ttlMs).toISOString(),
        released: false,
      };
      try {
        // Free, released, expired or unreadable: take it, unless another run does so first.
        const etag = await writeLease(
          store,
          record,
          current ? { ifMatch: current.etag } : { ifAbsent: true },
        );
        return new Lease(store, record, etag, { ttlMs, clock });
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        continue;
      }
    }
    const holding = other as LeaseRecord;
    const waited = now - started;
    if (waited >= waitMs) throw new LeaseHeldError(store.description, holding, waited);
    if (!told) {
      told = true;
      options.onWait?.(holding);
    }
    // A little jitter, so runs that wait together do not knock together.
    await sleep(Math.min(pollMs * (0.75 + Math.random() / 2), waitMs - waited));
  }
}

async function writeLease(store: SiteStore, record: LeaseRecord, condition: WriteCondition): Promise<string> {
  const body = new TextEncoder().encode(`${JSON.stringify(record)}\n`);
  return store.put(
    LEASE_PATH,
    { body, contentType: 'application/json', cacheControl: 'no-store', sha256: sha256(body) },
    { condition, run: record.run },
  );
}

/** The lease in a store, or null when it is not one sigcal wrote (it is then taken as free). */
function parseLease(body: Uint8Array): LeaseRecord | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(body)) as Partial<LeaseRecord> | null;
    if (
      value?.format !== LEASE_FORMAT ||
      typeof value.run !== 'string' ||
      typeof value.holder !== 'string' ||
      typeof value.since !== 'string' ||
      typeof value.expires !== 'string' ||
      Number.isNaN(Date.parse(value.expires)) ||
      typeof value.released !== 'boolean'
    ) {
      return null;
    }
    return value as LeaseRecord;
  } catch {
    return null;
  }
}
