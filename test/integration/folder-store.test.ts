import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../functions/cli/io.ts';
import { main } from '../../functions/cli/main.ts';
import { ValidationError } from '../../functions/core/errors.ts';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import type { BuildOptions } from '../../functions/pipeline/build.ts';
import { buildInput, runPipeline } from '../../functions/pipeline/pipeline.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { FolderStore } from '../../functions/store/folder-store.ts';
import { LEASE_PATH } from '../../functions/store/lease.ts';
import { MemoryStore } from '../../functions/store/memory-store.ts';
import { type SiteStore, StoreError } from '../../functions/store/site-store.ts';
import type { StagingOptions } from '../../functions/store/staging-writer.ts';
import { ForeignObjectError, StaleBuildError, syncSite } from '../../functions/store/sync.ts';
import { HAND_SITE_URL, handSite } from '../support/hand-site.ts';
import { publishedProblems } from '../support/published.ts';
import { describeSiteStore, textObject } from '../support/site-store-contract.ts';
import { COMMUNITY, NOW, SITE_URL, sigsYaml, withMeeting } from './support/community.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sigcal-folder-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const SPEC = { 'sig-a': { weekly: 'v1' }, 'sig-b': { sync: 'v1', review: 'v1' } };
const OWN = [STATE_PATH, LEASE_PATH];

async function files(dir = root, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await files(join(dir, entry.name), `${path}/`)));
    else out.push(path);
  }
  return out.sort();
}

/** Every file under the root, by site path, as a store reader sees it. */
async function contents(): Promise<Map<string, { body: Uint8Array }>> {
  const out = new Map<string, { body: Uint8Array }>();
  for (const path of await files()) out.set(path, { body: new Uint8Array(await readFile(join(root, path))) });
  return out;
}

describeSiteStore('FolderStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sigcal-folder-contract-'));
  return { store: new FolderStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
});

describe('FolderStore with syncSite (sigcal build)', () => {
  it('writes the site as files, then leaves them alone when nothing changed', async () => {
    const site = handSite(SPEC);
    const store = new FolderStore(root);
    await syncSite(site, store);
    expect(await files()).toEqual([...site.keys(), ...OWN].sort());
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
    const hash = sha256(handSite(SPEC).get('index.html')!.body);
    expect(await store.head('index.html')).toEqual({
      sha256: hash,
      contentType: null,
      cacheControl: null,
      etag: `"${hash}"`,
      writtenBy: null,
    });
  });

  it('writes each file atomically, leaving no temporary file, and refuses paths outside its folder', async () => {
    const store = new FolderStore(root);
    const body = new TextEncoder().encode('new');
    const object = { body, contentType: 'text/plain', cacheControl: 'no-cache', sha256: sha256(body) };
    await writeFile(join(root, 'blocker'), 'a file where a folder should be');
    await expect(store.put('blocker/page.html', object)).rejects.toBeInstanceOf(StoreError);
    await store.put('page.html', object);
    await mkdir(join(root, 'dir.html'));
    await expect(store.put('dir.html', object)).rejects.toBeInstanceOf(StoreError);
    await expect(store.put('dir.html', object, { condition: { ifAbsent: true } })).rejects.toBeInstanceOf(
      StoreError,
    );
    expect(await files()).toEqual(['blocker', 'page.html']);
    for (const bad of ['../escape.html', '/etc/passwd', 'a//b.html', 'a\\b.html', './x.html']) {
      await expect(store.put(bad, object), bad).rejects.toThrow(/not a safe site path/);
      await expect(store.delete(bad), bad).rejects.toThrow(/not a safe site path/);
    }
  });

  it('refuses, naming the path, to build where a file it did not write is, writing nothing of the site', async () => {
    const store = new FolderStore(root);
    await syncSite(handSite(SPEC), store);
    await mkdir(join(root, 'blog'));
    await writeFile(join(root, 'blog', 'index.html'), '<p>our blog</p>');
    const before = await contents();
    const refused = syncSite(handSite({ ...SPEC, blog: { post: 'v1' } }), store);
    await expect(refused).rejects.toBeInstanceOf(ForeignObjectError);
    await expect(refused).rejects.toThrow(
      `refusing to write the site to ${root}: an object that sigcal did not write is where the site needs to write: blog/index.html (not written by sigcal); sigcal never overwrites them, and nothing was written (move them away, or give the group another dir)`,
    );
    const after = await contents();
    after.delete(LEASE_PATH);
    before.delete(LEASE_PATH);
    expect(after).toEqual(before);
  });

  it('neither overwrites nor deletes a file edited by hand since it wrote it', async () => {
    const store = new FolderStore(root);
    await syncSite(handSite(SPEC), store);
    await writeFile(join(root, 'sig-a', 'weekly.html'), '<p>edited</p>');
    await writeFile(join(root, 'sig-b', 'review.html'), '<p>edited too</p>');
    const next = { 'sig-a': { weekly: 'v2' } };
    // Deleting it is the way offered: it hands the path back (a new group dir would not).
    await expect(syncSite(handSite(next), store, { allowMassDelete: true })).rejects.toThrow(
      /sig-a\/weekly\.html \(changed since sigcal wrote it\); .*\(move them away, or delete one changed since sigcal wrote it, to hand its path back\)$/,
    );
    expect(await readFile(join(root, 'sig-a', 'weekly.html'), 'utf8')).toBe('<p>edited</p>');

    // Deleting the edited file hands the path back; the other edited file is kept, and forgotten.
    await rm(join(root, 'sig-a', 'weekly.html'));
    const { plan } = await syncSite(handSite(next), store, { allowMassDelete: true });
    expect(plan.kept).toEqual(['sig-b/review.html']);
    expect(await readFile(join(root, 'sig-b', 'review.html'), 'utf8')).toBe('<p>edited too</p>');
    expect(publishedProblems(await contents(), HAND_SITE_URL, (p) => p === 'sig-b/review.html')).toEqual([]);
  });

  it('deletes no file on the word of a state whose hashes do not match the files', async () => {
    const store = new FolderStore(root);
    await syncSite(handSite(SPEC), store);
    await writeFile(join(root, 'notes.html'), 'mine');
    const state = JSON.parse(await readFile(join(root, '.sigcal', 'state.json'), 'utf8')) as {
      objects: Record<string, unknown>;
    };
    state.objects['notes.html'] = {
      sha256: 'a'.repeat(64),
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
      phase: 'index',
    };
    await writeFile(join(root, '.sigcal', 'state.json'), JSON.stringify(state));
    const { plan } = await syncSite(handSite(SPEC), store);
    expect(plan.kept).toEqual(['notes.html']);
    expect(await readFile(join(root, 'notes.html'), 'utf8')).toBe('mine');
  });

  it('two builds into one folder at once take turns (two stores: only the file system between them)', async () => {
    const a = handSite(SPEC);
    const b = handSite({ 'wg-x': { one: 'v1' }, 'sig-a': { weekly: 'v2' } });
    const options = { allowMassDelete: true, lease: { pollMs: 5 } };
    const [first, second] = await Promise.all([
      syncSite(a, new FolderStore(root), options),
      syncSite(b, new FolderStore(root), options),
    ]);
    expect(first.summary.written + second.summary.written).toBeGreaterThan(a.size);
    const last =
      (await readFile(join(root, 'manifest.json'), 'utf8')) === text(a.get('manifest.json')) ? a : b;
    expect(await files()).toEqual([...last.keys(), ...OWN].sort());
    expect(publishedProblems(await contents(), HAND_SITE_URL)).toEqual([]);
  });
});

describe('FolderStore.head within a planning', () => {
  it('looks at a missing folder once per run of heads, and afresh after any other call', async () => {
    const store = new FolderStore(root);
    expect(await store.head('sig-a/one.html')).toBeNull();
    // Another process makes the folder and a file in it while this store plans.
    await mkdir(join(root, 'sig-a'));
    await writeFile(join(root, 'sig-a', 'two.html'), 'theirs');
    // Within the same run of heads the folder is taken as missing (the plan is a snapshot, and the
    // conditional writes check it again) …
    expect(await store.head('sig-a/two.html')).toBeNull();
    // … and any other call ends the run: the next plan sees the file.
    expect(await store.get('manifest.json')).toBeNull();
    expect(await store.head('sig-a/two.html')).toMatchObject({
      sha256: sha256(new TextEncoder().encode('theirs')),
    });
    // A write that would go there finds the file, whatever the plan said.
    await expect(
      store.put('sig-a/two.html', textObject('mine'), { condition: { ifAbsent: true } }),
    ).rejects.toThrow(/an object is already there/);
    expect(await readFile(join(root, 'sig-a', 'two.html'), 'utf8')).toBe('theirs');
  });
});

const text = (o: { body: Uint8Array } | undefined) => new TextDecoder().decode(o?.body);

// Each way the staging writer can run: on the calling thread only (a small site), on its thread from the
// first body, and switching to its thread midway (a large site: see StagingWriter).
const STAGING: [string, StagingOptions][] = [
  ['written on the calling thread', {}],
  ['written on the staging thread', { threadAfter: 0, ringBytes: 16 * 1024 }],
  ['written on the staging thread from the fourth body', { threadAfter: 3, ringBytes: 16 * 1024 }],
];

describe.each(STAGING)('FolderStore holds the bodies of a build aside (sigcal build), %s', (_, staging) => {
  const folderStore = (dir: string) => new FolderStore(dir, { staging });

  const SOURCES = {
    v1: sigsYaml(COMMUNITY),
    v2: sigsYaml(withMeeting(COMMUNITY, 'sig-net', 0, { time: '15:30' })),
    v3: sigsYaml(withMeeting(COMMUNITY, 'sig-docs', 0, { time: '15:30' })),
  } as const;

  /** `sigcal build` as the CLI runs it: the pipeline into a FolderStore (or a store around one). */
  async function build(
    version: keyof typeof SOURCES,
    store: SiteStore = folderStore(root),
    options: Partial<BuildOptions> = {},
  ) {
    const source = join(root, `../${version}-${root.split('/').pop()}.yaml`);
    await writeFile(source, SOURCES[version]);
    try {
      return await runPipeline(
        {
          trigger: 'cli',
          source: { kind: 'file', path: source },
          overlay: null,
          input: buildInput({ now: NOW, siteUrl: SITE_URL, ...options }),
        },
        store,
        {},
      );
    } finally {
      await rm(source, { force: true });
    }
  }

  it('moves each held body into place, and leaves no staging folder behind', async () => {
    const first = await build('v1');
    expect(first.written).toBeGreaterThan(10);
    const site = await files();
    expect(site.filter((path) => path.startsWith('.sigcal/'))).toEqual(OWN.sort());
    expect(publishedProblems(await contents(), SITE_URL)).toEqual([]);
    // Again with one meeting moved: only what changed is written, through staging again.
    const second = await build('v2');
    expect(second.written).toBeGreaterThan(0);
    expect(second.written).toBeLessThan(first.written);
    expect(await files()).toEqual(site);
    expect((await readdir(join(root, '.sigcal'))).sort()).toEqual(['lease.json', 'locks', 'state.json']);
  });

  it('writes back what was removed by hand from an unchanged site: a page, a feed, a whole group folder', async () => {
    await build('v1');
    const site = async () => [...(await contents())].filter(([path]) => !path.startsWith('.sigcal/'));
    const before = await site();
    const group = (await files()).filter((path) => path.startsWith('sig-net/'));
    expect(group.length).toBeGreaterThan(0);
    await rm(join(root, 'index.html'));
    await rm(join(root, 'calendars', 'all.ics'));
    await rm(join(root, 'sig-net'), { recursive: true });

    const again = await build('v1');
    expect(again.written).toBe(2 + group.length);
    expect(await site()).toEqual(before);
    // And with nothing removed, nothing is written.
    expect((await build('v1')).written).toBe(0);
  });

  it('a held body put to another store is written by its bytes', async () => {
    const folder = folderStore(root);
    const object = textObject('<p>held</p>\n');
    const held = folder.aside.hold(object.body);
    expect(held).toMatchObject({ byteLength: object.body.byteLength, kept: true });
    const memory = new MemoryStore();
    await memory.put('page.html', { ...object, body: held });
    expect(text((await memory.get('page.html')) ?? undefined)).toBe('<p>held</p>\n');
    folder.aside.release();
    expect(await files()).toEqual([]);
  });

  it('a build that fails while rendering leaves the folder as it was, and a new folder not made', async () => {
    const fresh = join(root, 'site');
    // The pages' backstop, set below what the pages need: the build fails after holding the feeds.
    const refused = build('v1', folderStore(fresh), { maxPageChars: 2000 });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    expect(await files()).toEqual([]);

    await build('v1', folderStore(fresh));
    const before = await contents();
    await expect(build('v2', folderStore(fresh), { maxPageChars: 2000 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await contents()).toEqual(before);
  });

  it('a body that cannot be held fails the run before anything is written', async () => {
    await build('v1');
    const before = await contents();
    // The run's staging folder disappears once its sixth body is handed over (a full disk fails the
    // same way). With a ring that holds them all, the thread finds out only when the run waits for it.
    const { ringBytes: _, ...roomy } = staging;
    const folder = new FolderStore(root, { staging: roomy });
    let held = 0;
    const aside = {
      ...folder.aside,
      hold: (body: Uint8Array) => {
        const stagedBody = folder.aside.hold(body);
        if (++held === 6) rmSync(join(root, '.sigcal', 'staging'), { recursive: true, force: true });
        return stagedBody;
      },
    };
    const failing: SiteStore = Object.assign(Object.create(folder) as FolderStore, { aside });
    const run = build('v3', failing);
    await expect(run).rejects.toBeInstanceOf(StoreError);
    await expect(run).rejects.toThrow(/cannot hold the site's files: .*ENOENT/);
    // Written on the calling thread, the seventh body fails at once; handed to the thread, every body
    // is handed over, and the run finds out when it waits for them before the sync.
    if (staging.threadAfter === undefined) expect(held).toBe(6);
    else expect(held).toBeGreaterThan(6);
    // It failed before the sync started: not even the lease was taken.
    expect(await contents()).toEqual(before);
  });

  it('removes the staging folders of runs that died, and no younger one', async () => {
    await build('v1');
    const staging = join(root, '.sigcal', 'staging');
    for (const [run, hoursAgo] of [
      ['dead', 7],
      ['live', 1],
    ] as const) {
      await mkdir(join(staging, run), { recursive: true });
      await writeFile(join(staging, run, '1'), 'a body');
      const then = new Date(Date.now() - hoursAgo * 3600_000);
      await utimes(join(staging, run), then, then);
    }
    await build('v2');
    expect(await readdir(staging)).toEqual(['live']);
  });

  it('stops before writing, if another run published while it built on the bodies it did not keep', async () => {
    await build('v1');
    // This run builds v3, which changes only sig-docs: it keeps no body of sig-net's files, which are
    // published as they are. Just before it takes the lease to write, another run publishes v2, which
    // changes sig-net.
    let leases = 0;
    const folder = folderStore(root);
    const interleaved: SiteStore = Object.assign(Object.create(folder) as FolderStore, {
      get: async (path: string) => {
        if (path === LEASE_PATH && ++leases === 1) await build('v2');
        return folder.get(path);
      },
    });
    let after: Map<string, { body: Uint8Array }> | undefined;
    const stale = build('v3', interleaved).finally(async () => {
      after = await contents();
    });
    await expect(stale).rejects.toBeInstanceOf(StaleBuildError);
    await expect(stale).rejects.toThrow(
      new RegExp(
        `^another run published to ${root} while this one was building: \\d+ object\\(s\\) this build took as already published have changed since; nothing was written \\(run again\\)$`,
      ),
    );
    await build('v2');
    const v2 = await contents();
    v2.delete(LEASE_PATH);
    after?.delete(LEASE_PATH);
    expect(after).toEqual(v2);
    // Run again, it publishes what it was asked to.
    expect((await build('v3')).written).toBeGreaterThan(0);
  });
});

describe('sigcal build --out', () => {
  const FIXTURE = 'test/fixtures/small/sigs.yaml';
  function io(env: Record<string, string> = {}): CliIo & { err: () => string } {
    let err = '';
    return {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env,
      now: () => new Date('2026-03-03T12:00:00Z'),
      err: () => err,
    };
  }

  it('refuses the root of the file system and the home folder, even with --force', async () => {
    for (const out of ['/', root]) {
      const cli = io({ HOME: root });
      expect(await main(['build', '--source', FIXTURE, '--out', out, '--force'], cli)).toBe(2);
      expect(cli.err()).toMatch(
        out === '/'
          ? /^sigcal: refusing to build into \/: it is the root of the file system\n/
          : /^sigcal: refusing to build into .*: it is your home folder; give --out a folder of its own\n/,
      );
    }
    expect(await files()).toEqual([]);
  });

  it('refuses a folder that holds files but no earlier build, unless --force; then writes beside them', async () => {
    await writeFile(join(root, 'thesis.tex'), 'mine');
    const refused = io();
    expect(await main(['build', '--source', FIXTURE, '--out', root], refused)).toBe(2);
    expect(refused.err()).toContain(
      `sigcal: refusing to build into ${root}: it holds files but no sigcal manifest.json, so it is not a site sigcal built (pass --force`,
    );
    expect(await files()).toEqual(['thesis.tex']);

    expect(await main(['build', '--source', FIXTURE, '--out', root, '--force'], io())).toBe(0);
    expect(await readFile(join(root, 'thesis.tex'), 'utf8')).toBe('mine');
    // From then on it is a folder sigcal built: no --force needed.
    expect(await main(['build', '--source', FIXTURE, '--out', root], io())).toBe(0);
    expect(await readFile(join(root, 'thesis.tex'), 'utf8')).toBe('mine');
  });
});
