import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { STATE_DIR } from '../core/site-contract.ts';
import { sha256 } from '../shared/sha256.ts';
import type { StoredObject } from './site.ts';
import {
  assertSitePath,
  ConditionFailedError,
  type DeleteOptions,
  type PutOptions,
  type SiteStore,
  type StoredBody,
  type StoredObjectInfo,
  StoreError,
} from './site-store.ts';

/**
 * A site in a local folder (`sigcal build --out site`).
 *
 * Each file is written to a temporary name beside it and then renamed (or, when it must not exist
 * yet, hard-linked) into place, so a reader never sees a half-written file and a crash leaves either
 * the old file or the new one. Each folder is created once per store, not once per file.
 *
 * A folder keeps no headers and no marks: `head` reports the content hash (computed from the file),
 * and sigcal tells its own files by the hashes its sync state recorded. A file's version (ETag) is the
 * sha256 of its content, as an S3 ETag is a hash of the body: inode numbers are reused too soon to
 * name a version. Conditional writes are atomic against every other sigcal process: "must not exist"
 * by `link`, which fails if the name exists; "must still be this version" by reading, comparing and
 * renaming under a lock file in `.sigcal/locks/`.
 */
export class FolderStore implements SiteStore {
  readonly root: string;
  readonly description: string;
  readonly keepsMarks = false;
  /** libuv runs file system calls on 4 threads: more in flight only queue. */
  readonly concurrency = 4;
  /** Folders known to exist, so each is created once. */
  private readonly folders = new Map<string, Promise<void>>();

  constructor(root: string) {
    this.root = resolve(root);
    this.description = this.root;
  }

  async get(path: string): Promise<StoredBody | null> {
    const file = this.file(path);
    try {
      const body = new Uint8Array(await readFile(file));
      return { body, etag: etagOf(sha256(body)) };
    } catch (error) {
      // A folder where a file would be is no object either (writing one there fails).
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw new StoreError(`${file}: cannot read: ${message(error)}`, path, { cause: error });
    }
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    const got = await this.get(path);
    if (got === null) return null;
    return {
      sha256: sha256(got.body),
      contentType: null,
      cacheControl: null,
      etag: got.etag,
      writtenBy: null,
    };
  }

  async put(path: string, object: StoredObject, options: PutOptions = {}): Promise<string> {
    const file = this.file(path);
    const condition = options.condition;
    let temporary: string | null = null;
    try {
      temporary = await this.writeBeside(file, object.body);
      if (condition === undefined) {
        await rename(temporary, file);
        temporary = null;
      } else if ('ifAbsent' in condition) {
        await this.linkIfAbsent(path, file, temporary);
      } else {
        const expected = condition.ifMatch;
        const from = temporary;
        await this.locked(path, async () => {
          const now = await this.version(file);
          if (now !== expected) throw this.failed(path, now === null ? 'is gone' : 'was changed');
          await rename(from, file);
        });
        temporary = null;
      }
      return etagOf(object.sha256);
    } catch (error) {
      if (error instanceof ConditionFailedError) throw error;
      throw new StoreError(`${file}: cannot write: ${message(error)}`, path, { cause: error });
    } finally {
      if (temporary !== null) await unlink(temporary).catch(() => undefined);
    }
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    const file = this.file(path);
    const remove = async () => {
      try {
        await unlink(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    };
    try {
      if (options.ifMatch === undefined) await remove();
      else {
        const expected = options.ifMatch;
        await this.locked(path, async () => {
          const now = await this.version(file);
          if (now === null) return;
          if (now !== expected) throw this.failed(path, 'was changed');
          await remove();
        });
      }
    } catch (error) {
      if (error instanceof ConditionFailedError) throw error;
      throw new StoreError(`${file}: cannot delete: ${message(error)}`, path, { cause: error });
    }
    // Remove folders the deletion left empty (a removed group's folder), never the root itself.
    for (let dir = dirname(file); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
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

  /** The version of the file now there, or null when there is none. */
  private async version(file: string): Promise<string | null> {
    try {
      return etagOf(sha256(await readFile(file)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** Writes `body` to a new temporary file beside `file` and returns its name. */
  private async writeBeside(file: string, body: Uint8Array): Promise<string> {
    const dir = dirname(file);
    const temporary = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.sigcal-tmp`);
    for (let attempt = 0; ; attempt++) {
      await this.folder(dir);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(temporary, 'wx');
      } catch (error) {
        // The folder went away since it was made (emptied and removed): make it again, once.
        if (isMissing(error) && attempt === 0) {
          this.folders.delete(dir);
          continue;
        }
        throw error;
      }
      try {
        await handle.writeFile(body);
        return temporary;
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      } finally {
        await handle.close();
      }
    }
  }

  /** Creates a folder (and its parents) once; concurrent writers into it share the one mkdir. */
  private folder(dir: string): Promise<void> {
    let made = this.folders.get(dir);
    if (made === undefined) {
      made = mkdir(dir, { recursive: true }).then(() => undefined);
      made.catch(() => this.folders.delete(dir));
      this.folders.set(dir, made);
    }
    return made;
  }

  /** Puts `temporary` in place only if nothing is at `file`: `link` fails when the name exists. */
  private async linkIfAbsent(path: string, file: string, temporary: string): Promise<void> {
    try {
      await link(temporary, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw this.failed(path, 'an object is already there');
      // A file system without hard links: check and rename under the lock instead.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      await this.locked(path, async () => {
        const there = await lstat(file).then(
          () => true,
          (e: unknown) => {
            if (isMissing(e)) return false;
            throw e;
          },
        );
        if (there) throw this.failed(path, 'an object is already there');
        await rename(temporary, file);
      });
    }
  }

  /**
   * Runs `critical` holding the lock of `path`: a file created exclusively in `.sigcal/locks/`, so
   * sigcal processes sharing the folder take turns. The critical section is a stat and a rename; a lock
   * older than {@link STALE_LOCK_MS} was left by a process that died in it, and is removed.
   */
  private async locked<T>(path: string, critical: () => Promise<T>): Promise<T> {
    const dir = join(this.root, STATE_DIR, 'locks');
    const lock = join(dir, sha256(path).slice(0, 32));
    await this.folder(dir);
    const started = Date.now();
    for (;;) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
      else if (Date.now() - started > LOCK_WAIT_MS) {
        throw new ConditionFailedError(
          `${this.description}: ${path} is being written by another process`,
          path,
          'conflict',
        );
      } else await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 5));
    }
    try {
      return await critical();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  private failed(path: string, why: string): ConditionFailedError {
    return new ConditionFailedError(`${join(this.root, ...path.split('/'))}: ${why}`, path, 'precondition');
  }
}

const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

/** A file's version: the hash of its content, quoted as ETags are. */
function etagOf(hash: string): string {
  return `"${hash}"`;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
