/**
 * Writing a large site into a local folder (`sigcal build --out`): a first build into an empty
 * folder, a rebuild where every file changed, and a no-op rebuild, through FolderStore + syncSite;
 * and, for scale, a plain sequential writer (mkdir once per folder, writeFileSync per file).
 * Usage: tsx bench/measure-folder.ts [meetings=5000] [parent folder=the temp folder]. On a busy
 * machine, a RAM-backed parent (/dev/shm) keeps other processes' disk writes out of the figures.
 * Prints one JSON line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSite } from '../functions/pipeline/build.ts';
import { sha256 } from '../functions/shared/sha256.ts';
import { FolderStore } from '../functions/store/folder-store.ts';
import type { SiteObject } from '../functions/store/site.ts';
import { syncSite } from '../functions/store/sync.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';

const meetings = Number(process.argv[2] ?? 5000);
const now = new Date('2026-11-30T12:00:00Z');
const built = buildSite({
  source: { file: 'sigs.yaml', text: syntheticSigsYaml(meetings, 3) },
  options: { now, stamp: now, siteUrl: 'https://meetings.example.org/' },
});
const site = built.site;
// Every body changed (one byte more), as when the window rolls forward.
const changed = new Map<string, SiteObject>();
for (const [path, o] of site) {
  const body = new Uint8Array(o.body.byteLength + 1);
  body.set(o.body);
  body[o.body.byteLength] = 0x0a;
  changed.set(path, { ...o, body, sha256: sha256(body) });
}
const bytes = [...site.values()].reduce((n, o) => n + o.body.byteLength, 0);

const root = await mkdtemp(join(process.argv[3] ?? tmpdir(), 'sigcal-bench-folder-'));
/** Wall time and CPU time (user + system, less sensitive to a loaded machine), in ms. */
const time = async (fn: () => Promise<unknown>) => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000) };
};
try {
  const out = join(root, 'site');
  const first = await time(() => syncSite(site, new FolderStore(out), { allowMassDelete: true }));
  const allChanged = await time(() => syncSite(changed, new FolderStore(out), { allowMassDelete: true }));
  const noop = await time(() => syncSite(changed, new FolderStore(out), { allowMassDelete: true }));
  const plain = join(root, 'plain');
  const sequential = await time(async () => {
    const made = new Set<string>();
    for (const [path, o] of site) {
      const file = join(plain, path);
      const dir = dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(file, o.body);
    }
  });
  process.stdout.write(
    `${JSON.stringify({ meetings, objects: site.size, bytes, first, allChanged, noop, plainSequential: sequential })}\n`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
