import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { FolderStore } from '../../functions/store/folder-store.ts';
import { StoreError } from '../../functions/store/site-store.ts';
import { syncSite } from '../../functions/store/sync.ts';
import { handSite } from './support/hand-site.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sigcal-folder-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const SPEC = { 'sig-a': { weekly: 'v1' }, 'sig-b': { sync: 'v1', review: 'v1' } };

async function files(dir = root, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await files(join(dir, entry.name), `${path}/`)));
    else out.push(path);
  }
  return out.sort();
}

describe('FolderStore with syncSite (sigcal build)', () => {
  it('writes the site as files, then leaves them alone when nothing changed', async () => {
    const site = handSite(SPEC);
    const store = new FolderStore(root);
    await syncSite(site, store);
    expect(await files()).toEqual([...site.keys(), STATE_PATH].sort());
    expect(await readFile(join(root, 'sig-b', 'sync.html'), 'utf8')).toBe(
      new TextDecoder().decode(site.get('sig-b/sync.html')?.body),
    );
    const mtime = (await stat(join(root, 'index.html'))).mtimeMs;
    const { summary } = await syncSite(handSite(SPEC), store);
    expect(summary).toMatchObject({ written: 0, deleted: 0, unchanged: site.size });
    expect((await stat(join(root, 'index.html'))).mtimeMs).toBe(mtime);
  });

  it('deletes what a removed group published, and its emptied folder, but no file it did not write', async () => {
    const store = new FolderStore(root);
    await syncSite(handSite(SPEC), store);
    await writeFile(join(root, 'README.txt'), 'mine');
    await mkdir(join(root, 'calendars', 'sig-b'), { recursive: true });
    await writeFile(join(root, 'calendars', 'sig-b', 'notes.txt'), 'mine too');
    const { summary } = await syncSite(handSite({ 'sig-a': SPEC['sig-a'] }), store, {
      allowMassDelete: true,
    });

    expect(summary.deleted).toBe(6);
    const left = await files();
    expect(left).toContain('README.txt');
    expect(left).toContain('calendars/sig-b/notes.txt');
    expect(left.filter((p) => p.startsWith('sig-b'))).toEqual([]);
    await expect(stat(join(root, 'sig-b'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('adopts files a previous build left without state, by content hash', async () => {
    const store = new FolderStore(root);
    await syncSite(handSite(SPEC), store);
    await rm(join(root, '.sigcal'), { recursive: true });
    const { summary } = await syncSite(handSite(SPEC), store);
    expect(summary).toMatchObject({ written: 0, unchanged: handSite(SPEC).size });
    expect(await store.head('index.html')).toEqual({
      sha256: sha256(handSite(SPEC).get('index.html')!.body),
      contentType: null,
      cacheControl: null,
    });
  });

  it('writes each file atomically and refuses paths outside its folder', async () => {
    const store = new FolderStore(root);
    const body = new TextEncoder().encode('new');
    const object = { body, contentType: 'text/plain', cacheControl: 'no-cache', sha256: sha256(body) };
    await writeFile(join(root, 'blocker'), 'a file where a folder should be');
    await expect(store.put('blocker/page.html', object)).rejects.toBeInstanceOf(StoreError);
    await store.put('page.html', object);
    await mkdir(join(root, 'dir.html'));
    await expect(store.put('dir.html', object)).rejects.toBeInstanceOf(StoreError);
    expect(await files()).toEqual(['blocker', 'page.html']);
    for (const bad of ['../escape.html', '/etc/passwd', 'a//b.html', 'a\\b.html', './x.html']) {
      await expect(store.put(bad, object), bad).rejects.toThrow(/not a safe site path/);
      await expect(store.delete(bad), bad).rejects.toThrow(/not a safe site path/);
    }
  });
});
