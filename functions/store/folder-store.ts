import { randomBytes } from 'node:crypto';
import {
  type BigIntStats,
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { STATE_DIR } from '../core/site-contract.ts';
import { removeQuietly } from '../shared/remove-quietly.ts';
import { sha256 } from '../shared/sha256.ts';
import { type Body, bodyBytes, type HeldBody, type StoredObject } from './site.ts';
import {
  assertSitePath,
  type BodyAside,
  ConditionFailedError,
  type DeleteOptions,
  type PutOptions,
  type SiteStore,
  type StoredBody,
  type StoredObjectInfo,
  StoreError,
} from './site-store.ts';
import { type StagingOptions, StagingWriter } from './staging-writer.ts';

/**
 * A site in a local folder (`sigcal build --out site`).
 *
 * Each file is written to a temporary name beside it and then renamed (or, when it must not exist
 * yet, hard-linked) into place, so a reader never sees a half-written file and a crash leaves either
 * the old file or the new one. Each folder is created once per store, not once per file.
 *
 * The file system calls are synchronous and made one object at a time (`concurrency` 1): a site is
 * thousands of small files, and a call through libuv's thread pool costs more than the call itself
 * (measured with bench/measure-folder.ts; see the README's benchmarks).
 *
 * A folder keeps no headers and no marks: `head` reports the content hash (computed from the file),
 * and sigcal tells its own files by the hashes its sync state recorded. A file's version (ETag) is the
 * sha256 of its content, as an S3 ETag is a hash of the body: inode numbers are reused too soon to
 * name a version. Conditional writes are atomic against every other sigcal process: "must not exist"
 * by `link`, which fails if the name exists; "must still be this version" by comparing and renaming
 * under a lock file in `.sigcal/locks/`.
 *
 * While a site is built, each body is written once, to this run's folder in `.sigcal/staging/` (see
 * `aside`), and `put` moves it into place: a build of thousands of pages never holds them all in
 * memory, and nothing reaches the site's own paths before the sync has planned the run.
 */
export class FolderStore implements SiteStore {
  readonly root: string;
  readonly description: string;
  readonly keepsMarks = false;
  readonly concurrency = 1;
  /** Folders known to exist, so each is created once. */
  private readonly folders = new Set<string>();
  /**
   * This run's staging folder for held bodies, its device, and the first folder made for it (if any),
   * so releasing it leaves no folder behind that the run made; null until a body is held.
   */
  private staging: Staging | null = null;
  /** The device of each folder files are moved into from staging. */
  private readonly devices = new Map<string, number>();
  /**
   * Within one run of `head` calls (a sync planning), the folders found missing or present, so each
   * is looked at once. Any other call forgets them: a plan is a snapshot that conditional writes check
   * again, and the next plan (after the record is read) looks afresh.
   */
  private looked: { readonly absent: Set<string>; readonly present: Set<string> } | null = null;
  /** The hash of each file read, and the file's identity then, so a version check need not read it again. */
  private readonly seen = new Map<string, Seen>();

  /** Names this store's temporary files apart from another process's. */
  private readonly token = randomBytes(6).toString('hex');
  private written = 0;

  private readonly stagingOptions: StagingOptions;

  constructor(root: string, options: FolderStoreOptions = {}) {
    this.root = resolve(root);
    this.description = this.root;
    this.stagingOptions = options.staging ?? {};
  }

  readonly aside: BodyAside = {
    hold: (body) => this.hold(body),
    reserve: (maxBytes) => this.reserve(maxBytes),
    settle: () => this.settle(),
    release: () => this.release(),
  };

  has(path: string): boolean {
    return statSync(this.file(path), { throwIfNoEntry: false })?.isFile() ?? false;
  }

  async get(path: string): Promise<StoredBody | null> {
    this.looked = null;
    const read = this.read(path);
    return read && { body: read.body, etag: etagOf(read.hash) };
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    const dir = dirname(this.file(path));
    this.looked ??= { absent: new Set(), present: new Set() };
    const { looked } = this;
    if (looked.absent.has(dir)) return null;
    if (!looked.present.has(dir)) {
      // Whether the folder is there, once per folder: a first build looks at thousands of files in
      // folders that do not exist yet (measured: 0.1 s of 15,000 stats).
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
        looked.absent.add(dir);
        return null;
      }
      looked.present.add(dir);
    }
    const read = this.read(path);
    if (read === null) return null;
    return {
      sha256: read.hash,
      contentType: null,
      cacheControl: null,
      etag: etagOf(read.hash),
      writtenBy: null,
    };
  }

  async put(path: string, object: StoredObject, options: PutOptions = {}): Promise<string> {
    this.looked = null;
    const file = this.file(path);
    const condition = options.condition;
    // Removed at the end unless renamed into place (a hard link leaves it behind).
    let temporary: string | null = null;
    try {
      const from = this.placeable(file, object.body);
      temporary = from;
      const renamed = () => {
        renameSync(from, file);
        temporary = null;
      };
      if (condition === undefined) renamed();
      else if ('ifAbsent' in condition) {
        if (!this.linkIfAbsent(path, file, from)) {
          await this.locked(path, () => {
            if (lstatSync(file, { throwIfNoEntry: false }))
              throw this.failed(path, 'an object is already there');
            renamed();
          });
        }
      } else {
        const expected = condition.ifMatch;
        await this.locked(path, () => {
          const now = this.version(file);
          if (now !== expected) throw this.failed(path, now === null ? 'is gone' : 'was changed');
          renamed();
        });
      }
      return etagOf(object.sha256);
    } catch (error) {
      if (error instanceof ConditionFailedError) throw error;
      throw new StoreError(`${file}: cannot write: ${message(error)}`, path, { cause: error });
    } finally {
      this.seen.delete(file);
      if (temporary !== null) {
        const { body } = object;
        if (body instanceof StagedFile && temporary === body.file) body.remove();
        else removeQuietly(temporary);
      }
    }
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    this.looked = null;
    const file = this.file(path);
    const expected = options.ifMatch;
    try {
      if (expected === undefined) removeIfThere(file);
      else {
        await this.locked(path, () => {
          const now = this.version(file);
          if (now === null) return;
          if (now !== expected) throw this.failed(path, 'was changed');
          removeIfThere(file);
        });
      }
    } catch (error) {
      if (error instanceof ConditionFailedError) throw error;
      throw new StoreError(`${file}: cannot delete: ${message(error)}`, path, { cause: error });
    } finally {
      this.seen.delete(file);
    }
    // Remove folders the deletion left empty (a removed group's folder), never the root itself.
    for (let dir = dirname(file); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
        this.folders.delete(dir);
      } catch {
        break;
      }
    }
  }

  private file(path: string): string {
    assertSitePath(path);
    return join(this.root, ...path.split('/'));
  }

  /** A file's body and hash, remembering the hash with the file's identity; null when there is none. */
  private read(path: string): { body: Uint8Array; hash: string } | null {
    const file = this.file(path);
    let fd: number;
    try {
      // Most paths a first build looks at do not exist: a stat that reports none is cheaper than the
      // error a failed open throws (measured: 0.2 s of a 15,000-file first build).
      if (statSync(file, { throwIfNoEntry: false }) === undefined) return null;
      fd = openSync(file, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw new StoreError(`${file}: cannot read: ${message(error)}`, path, { cause: error });
    }
    try {
      const stats = fstatSync(fd, { bigint: true });
      // A folder where a file would be is no object either (writing one there fails).
      if (stats.isDirectory()) return null;
      const readAt = BigInt(Date.now()) * 1_000_000n;
      const body = new Uint8Array(readFileSync(fd));
      const hash = sha256(body);
      this.seen.set(file, { hash, ...identity(stats), readAt });
      return { body, hash };
    } catch (error) {
      throw new StoreError(`${file}: cannot read: ${message(error)}`, path, { cause: error });
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The version of the file now there, or null when there is none. A file unchanged since this store
   * read it keeps the hash computed then: any write, rename or link gives it a new change time (ctime,
   * which no program can set). Unless it changed within a moment of that read, where the clock's
   * granularity could hide a second change: then it is read again.
   */
  private version(file: string): string | null {
    const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
    if (stats === undefined) return null;
    const seen = this.seen.get(file);
    const now = identity(stats);
    if (
      seen !== undefined &&
      seen.ino === now.ino &&
      seen.size === now.size &&
      seen.ctimeNs === now.ctimeNs &&
      seen.readAt - seen.ctimeNs > SETTLED_NS
    ) {
      return etagOf(seen.hash);
    }
    return etagOf(sha256(readFileSync(file)));
  }

  /** A file holding `body`, ready to be renamed or linked to `file`: the staged one, or one written beside it. */
  private placeable(file: string, body: Body): string {
    const dir = dirname(file);
    if (body instanceof StagedFile && body.owner === this && this.staging !== null) {
      this.folder(dir);
      let device = this.devices.get(dir);
      if (device === undefined) {
        device = statSync(dir).dev;
        this.devices.set(dir, device);
      }
      // A folder mounted from another device cannot take it by a rename: it gets a copy.
      if (device === this.staging.device) {
        this.staging.writer.written(body.sequence);
        return body.file;
      }
    }
    return this.writeBeside(file, bodyBytes(body));
  }

  /** Writes a body to this run's staging folder (see `aside`). */
  private hold(body: Uint8Array): StagedFile {
    const { dir, writer } = this.staging ?? this.startStaging();
    const byteLength = body.byteLength;
    const sequence = staged(dir, () => writer.write(body));
    return new StagedFile(this, writer, writer.fileOf(sequence), byteLength, sequence);
  }

  private reserve(maxBytes: number): Uint8Array | null {
    if (this.staging === null) return null;
    const { dir, writer } = this.staging;
    return staged(dir, () => writer.reserve(maxBytes));
  }

  private settle(): void {
    if (this.staging === null) return;
    const { dir, writer } = this.staging;
    staged(dir, () => writer.settle());
  }

  private startStaging(): Staging {
    const parent = join(this.root, STATE_DIR, 'staging');
    const made = this.folder(parent);
    // Staging folders of runs that died while building or writing: a live run's is far younger.
    for (const name of readdirSync(parent)) {
      const stale = join(parent, name);
      const changed = lstatSync(stale, { throwIfNoEntry: false })?.mtimeMs;
      if (changed !== undefined && Date.now() - changed > STALE_STAGING_MS) {
        rmSync(stale, { recursive: true, force: true });
      }
    }
    const dir = join(parent, this.token);
    mkdirSync(dir);
    this.staging = {
      dir,
      device: statSync(dir).dev,
      writer: new StagingWriter(dir, this.stagingOptions),
      ...(made ? { made } : {}),
    };
    return this.staging;
  }

  /** Removes this run's staging folder, and the folders this store made that are left empty. */
  private release(): void {
    if (this.staging === null) return;
    const { dir: staging, made, writer } = this.staging;
    writer.close();
    rmSync(staging, { recursive: true, force: true });
    this.staging = null;
    // `.sigcal/staging` and the folders above it, up to the first one this run made, if still empty.
    for (let dir = dirname(staging); made !== undefined && dir.startsWith(made); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        break;
      }
      this.folders.delete(dir);
      if (dir === made) break;
    }
  }

  /** Writes `body` to a new temporary file beside `file` and returns its name. */
  private writeBeside(file: string, body: Uint8Array): string {
    const dir = dirname(file);
    // Unique per store and write (`wx` refuses a name that exists): one random token per store, not per file.
    this.written += 1;
    const temporary = join(dir, `.${basename(file)}.${this.token}-${this.written}.sigcal-tmp`);
    this.folder(dir);
    try {
      writeFileSync(temporary, body, { flag: 'wx' });
    } catch (error) {
      if (!isMissing(error)) throw error;
      // The folder went away since it was made (emptied and removed): make it again.
      this.folders.delete(dir);
      this.folder(dir);
      writeFileSync(temporary, body, { flag: 'wx' });
    }
    return temporary;
  }

  /** Creates a folder and its parents, once; returns the first folder it made, if it made any. */
  private folder(dir: string): string | undefined {
    if (this.folders.has(dir)) return undefined;
    const first = this.folders.has(dirname(dir)) ? makeFolder(dir) : mkdirSync(dir, { recursive: true });
    for (let d = dir; d.startsWith(this.root) && !this.folders.has(d); d = dirname(d)) {
      this.folders.add(d);
      if (d === this.root) break;
    }
    return first;
  }

  /**
   * Puts `temporary` in place only if nothing is at `file`: `link` fails when the name exists.
   * Returns false on a file system without hard links, where the caller checks and renames instead.
   */
  private linkIfAbsent(path: string, file: string, temporary: string): boolean {
    try {
      linkSync(temporary, file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw this.failed(path, 'an object is already there');
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return false;
      throw error;
    }
  }

  /**
   * Runs `critical` (synchronous: a stat, maybe a read, and a rename) holding the lock of `path`: a
   * file created exclusively in `.sigcal/locks/`, so sigcal processes sharing the folder take turns.
   * A lock older than {@link STALE_LOCK_MS} was left by a process that died in it, and is removed.
   */
  private async locked(path: string, critical: () => void): Promise<void> {
    const dir = join(this.root, STATE_DIR, 'locks');
    const lock = join(dir, sha256(path).slice(0, 32));
    this.folder(dir);
    const started = Date.now();
    for (;;) {
      try {
        closeSync(openSync(lock, 'wx'));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const since = lstatSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) removeQuietly(lock);
      else if (Date.now() - started > LOCK_WAIT_MS) {
        throw new ConditionFailedError(
          `${this.description}: ${path} is being written by another process`,
          path,
          'conflict',
        );
      } else await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 5));
    }
    try {
      critical();
    } finally {
      removeQuietly(lock);
    }
  }

  private failed(path: string, why: string): ConditionFailedError {
    return new ConditionFailedError(`${join(this.root, ...path.split('/'))}: ${why}`, path, 'precondition');
  }
}

/** A body held in a folder store's staging folder until `put` moves it into place. */
class StagedFile implements HeldBody {
  readonly kept = true;

  constructor(
    readonly owner: FolderStore,
    private readonly writer: StagingWriter,
    readonly file: string,
    readonly byteLength: number,
    /** Its place in the order the staging writer writes files (see StagingWriter.written). */
    readonly sequence: number,
  ) {}

  read(): Uint8Array {
    this.writer.written(this.sequence);
    return new Uint8Array(readFileSync(this.file));
  }

  /** Removes the staged file, now linked into place (its content lives on under the site's name). */
  remove(): void {
    this.writer.remove(this.sequence);
  }
}

export interface FolderStoreOptions {
  /** How held bodies are written to the staging folder (tests start its thread early). */
  readonly staging?: StagingOptions;
}

/** This run's staging folder, its device, its writer, and the first folder made for it (if any). */
interface Staging {
  readonly dir: string;
  readonly device: number;
  readonly writer: StagingWriter;
  readonly made?: string;
}

/** A file's identity when it was read, and when that was (ns since the epoch). */
interface Seen {
  readonly hash: string;
  readonly ino: bigint;
  readonly size: bigint;
  readonly ctimeNs: bigint;
  readonly readAt: bigint;
}

const STALE_LOCK_MS = 10_000;
/** Older than any run: a build takes seconds, a run waits for another's lease for minutes at most. */
const STALE_STAGING_MS = 6 * 60 * 60 * 1000;
const LOCK_WAIT_MS = 5_000;
/** Longer than any file system's timestamp granularity. */
const SETTLED_NS = 100_000_000n;

const identity = (stats: BigIntStats) => ({ ino: stats.ino, size: stats.size, ctimeNs: stats.ctimeNs });

/** A file's version: the hash of its content, quoted as ETags are. */
function etagOf(hash: string): string {
  return `"${hash}"`;
}

/**
 * Creates `dir` in a folder known to exist: one call, where a recursive mkdir looks at every folder
 * above it first. Returns `dir` if it made it, as `mkdirSync(…, { recursive: true })` does.
 */
function makeFolder(dir: string): string | undefined {
  try {
    mkdirSync(dir);
    return dir;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return undefined;
    // The folder above went away since: make the whole path again.
    if (code === 'ENOENT') return mkdirSync(dir, { recursive: true });
    throw error;
  }
}

/** Runs a staging writer's step, reporting its failure as the store's. */
function staged<T>(dir: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new StoreError(`${dir}: cannot hold the site's files: ${message(error)}`, STATE_DIR, {
      cause: error,
    });
  }
}

function removeIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
