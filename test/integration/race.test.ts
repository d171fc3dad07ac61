import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInput, runPipeline } from '../../functions/pipeline/pipeline.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import { publishedProblems } from '../support/published.ts';
import { RecordingStore } from '../support/recording-store.ts';
import { COMMUNITY, NOW, SITE_URL, sigsYaml, withMeeting, without } from './support/community.ts';
import { type RunningS3, readBucket, startS3 } from './support/s3.ts';

/*
 * Two publishes of different sources to one bucket, the second started just before a request of the
 * first, every third request (counted as the fault sweeps count them; the race in memory, in
 * test/unit/sync.test.ts, tries every one). Against s3rver behind the test
 * layer that gives it S3's conditional writes (conditional-writes.mjs), which the lease relies on.
 * Without the lease, such a race left a manifest listing feeds that no longer existed, and the next run
 * trusted its record and left them broken.
 */

const PREFIX = 'site/';
let s3: RunningS3;
let dir: string;
const SOURCES = {
  earlier: sigsYaml(without(COMMUNITY, 'wg-release')),
  a: sigsYaml(withMeeting(COMMUNITY, 'sig-net', 0, { time: '15:30' })),
  b: sigsYaml([
    ...without(COMMUNITY, 'sig-docs'),
    {
      dir: 'wg-infra',
      name: 'Infra',
      meetings: [
        { description: 'Ops review', day: 'Wednesday', time: '8:00', tz: 'UTC', frequency: 'weekly' },
      ],
    },
  ]),
} as const;
type Source = keyof typeof SOURCES;

beforeAll(async () => {
  s3 = await startS3();
  dir = await mkdtemp(join(tmpdir(), 'sigcal-race-'));
  for (const name of Object.keys(SOURCES) as Source[]) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'sigs.yaml'), SOURCES[name]);
  }
  // The bucket each race starts from: an earlier site, published.
  await s3.createBucket('race-template');
  await publish('earlier', new S3Store(s3.admin, 'race-template', PREFIX));
});
afterAll(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

function publish(source: Source, store: S3Store | RecordingStore) {
  return runPipeline(
    {
      trigger: 'cli',
      source: { kind: 'file', path: join(dir, source, 'sigs.yaml') },
      overlay: null,
      input: buildInput({ now: NOW, siteUrl: SITE_URL, keepGoing: false }),
    },
    store,
    {},
    // Each source removes a group of the other: both runs delete much of what the other published.
    { allowMassDelete: true, lease: { pollMs: 20 } },
  );
}

let races = 0;

/** One race: the second run starts just before request `at` of the first. Returns what is wrong after it. */
async function race(at: number): Promise<string[]> {
  const bucket = `race-${++races}`;
  await s3.cloneBucket('race-template', bucket);
  const first = new RecordingStore(new S3Store(s3.client(), bucket, PREFIX));
  const finished: Source[] = [];
  let second: Promise<unknown> | undefined;
  first.before = (_call, n) => {
    if (n === at)
      second ??= publish('b', new S3Store(s3.client(), bucket, PREFIX)).then(() => finished.push('b'));
  };
  await publish('a', first).then(() => finished.push('a'));
  await second;
  const objects = await readBucket(s3.admin, bucket, PREFIX);
  const problems = publishedProblems(objects, SITE_URL);
  // The published site is the one of the run that finished last, whole.
  const last = finished.at(-1) as Source;
  const manifest = JSON.parse(new TextDecoder().decode(objects.get('manifest.json')?.body)) as {
    source: { sha256: string };
  };
  if (manifest.source.sha256 !== sha256(SOURCES[last]))
    problems.push(`the manifest is not the last run's (${last})`);
  // The record is exact: the next run of that source has nothing to do.
  const next = await publish(last, new S3Store(s3.client(), bucket, PREFIX));
  if (next.written + next.deleted > 0)
    problems.push(`the next run wrote ${next.written}, deleted ${next.deleted}`);
  return problems.map((p) => `second run at request ${at}: ${p}`);
}

describe('two publishes to one bucket at once (s3rver with conditional writes)', () => {
  it('the second started at many requests of the first: every link resolves, the manifest matches the objects', async () => {
    // How many requests the first run makes on its own.
    await s3.cloneBucket('race-template', 'race-count');
    const counted = new RecordingStore(new S3Store(s3.client(), 'race-count', PREFIX));
    await publish('a', counted);
    const count = counted.calls.length;
    expect(count).toBeGreaterThan(20);

    // Every third request, and the last ones (the in-memory race tries every one).
    const offsets = Array.from({ length: count + 1 }, (_, i) => i + 1).filter(
      (at) => at % 3 === 1 || at >= count,
    );
    const problems: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < offsets.length) problems.push(...(await race(offsets[next++] as number)));
      }),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
