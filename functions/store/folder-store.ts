import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { sha256 } from '../shared/sha256.ts';
import type { StoredObject } from './site.ts';
import { assertSitePath, type SiteStore, type StoredObjectInfo, StoreError } from './site-store.ts';

/**
 * A site in a local folder (`sigcal build --out site`). Each file is written to a temporary name in
 * its own directory and renamed into place, so a reader never sees a half-written file. A folder
 * keeps no headers, so `head` reports only the content hash (computed from the file).
 */
export class FolderStore implements SiteStore {
  readonly root: string;
  readonly description: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.description = this.root;
  }

  async get(path: string): Promise<Uint8Array | null> {
    const file = this.file(path);
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      if (isMissing(error)) return null;
      throw new StoreError(`${file}: cannot read: ${message(error)}`, path, { cause: error });
    }
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    const body = await this.get(path);
    return body === null ? null : { sha256: sha256(body), contentType: null, cacheControl: null };
  }

  async put(path: string, object: StoredObject): Promise<void> {
    const file = this.file(path);
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temporary, object.body);
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw new StoreError(`${file}: cannot write: ${message(error)}`, path, { cause: error });
    }
  }

  async delete(path: string): Promise<void> {
    const file = this.file(path);
    try {
      await unlink(file);
    } catch (error) {
      if (!isMissing(error)) {
        throw new StoreError(`${file}: cannot delete: ${message(error)}`, path, { cause: error });
      }
    }
    // Remove directories the deletion left empty (a removed group's folder), never the root itself.
    for (let dir = dirname(file); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }

  private file(path: string): string {
    assertSitePath(path);
    return join(this.root, ...path.split('/'));
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
