import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../functions/cli/build.ts';
import type { CliIo } from '../../functions/cli/io.ts';
import { readPreviousManifest } from '../../functions/cli/previous-manifest.ts';
import { SourceError } from '../../functions/core/errors.ts';
import { COMMUNITY, sigsYaml, withMeeting } from './support/community.ts';
import { type HttpsFixture, startHttps } from './support/https-server.ts';

/**
 * `sigcal build --previous-manifest`: a CI job that builds into a fresh folder every run (GitHub Pages)
 * names the live site's manifest, so DTSTAMP stays what it was while the source is unchanged and an
 * unchanged source rebuilds byte-identical feeds.
 */

let dir: string;
let https: HttpsFixture;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigcal-previous-'));
  https = await startHttps();
});
afterAll(async () => {
  await https.close();
  await rm(dir, { recursive: true, force: true });
});

function io(now: string) {
  let out = '';
  const cli: CliIo = {
    stdout: {
      write: (t: string) => {
        out += t;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    stderr: { write: () => true } as unknown as NodeJS.WritableStream,
    env: {},
    now: () => new Date(now),
  };
  return { cli, out: () => out };
}

/** Builds `yaml` at `now` into a fresh folder, as a CI job does; returns the folder and the output. */
async function freshBuild(yaml: string, now: string, ...extra: string[]) {
  const source = join(dir, `sigs-${++n}.yaml`);
  await writeFile(source, yaml);
  const out = join(dir, `site-${n}`);
  const run = io(now);
  const args = ['--source', source, '--out', out, '--site-url', 'https://org.github.io/community/', ...extra];
  expect(await runBuild(args, run.cli)).toBe(0);
  const feed = await readFile(join(out, 'calendars/all.ics'), 'utf8');
  return { out, stdout: run.out(), feed, dtstamps: new Set(feed.match(/^DTSTAMP:.*$/gm)) };
}

describe('sigcal build --previous-manifest FILE', () => {
  it('keeps DTSTAMP from the live site while the source is unchanged, in a fresh folder', async () => {
    const yaml = sigsYaml(COMMUNITY);
    const live = await freshBuild(yaml, '2027-01-05T08:00:00Z');
    expect([...live.dtstamps]).toEqual(['DTSTAMP:20270105T080000Z']);

    // Hours later, same source, a fresh folder: without the live manifest, every event is restamped…
    const forgetful = await freshBuild(yaml, '2027-01-05T14:00:00Z');
    expect([...forgetful.dtstamps]).toEqual(['DTSTAMP:20270105T140000Z']);
    // …with it, the feed is byte-identical to the live one.
    const seeded = await freshBuild(
      yaml,
      '2027-01-05T14:00:00Z',
      '--previous-manifest',
      join(live.out, 'manifest.json'),
    );
    expect(seeded.feed).toBe(live.feed);
    expect(seeded.stdout).toMatch(
      /^previous manifest: .*manifest\.json \(4 meeting stamps, source sha256 [0-9a-f]{12}\)\n/,
    );
  });

  it('stamps now the meeting that changed, and only it', async () => {
    const live = await freshBuild(sigsYaml(COMMUNITY), '2027-01-05T08:00:00Z');
    const changed = await freshBuild(
      sigsYaml(withMeeting(COMMUNITY, 'sig-docs', 0, { time: '18:00' })),
      '2027-01-05T14:00:00Z',
      '--previous-manifest',
      join(live.out, 'manifest.json'),
    );
    const stampsOf = async (feed: string) =>
      new Set((await readFile(join(changed.out, feed), 'utf8')).match(/^DTSTAMP:.*$/gm));
    expect(await stampsOf('calendars/sig-docs/weekly-meeting.ics')).toEqual(
      new Set(['DTSTAMP:20270105T140000Z']),
    );
    expect(await stampsOf('calendars/sig-docs/triage.ics')).toEqual(new Set(['DTSTAMP:20270105T080000Z']));
  });

  it('takes a missing file for a first publish, and refuses a file that is not a manifest', async () => {
    const first = await freshBuild(
      sigsYaml(COMMUNITY),
      '2027-01-05T08:00:00Z',
      '--previous-manifest',
      join(dir, 'no-such-manifest.json'),
    );
    expect(first.stdout).toMatch(
      /^previous manifest: none at .*no-such-manifest\.json yet \(a first publish\)\n/,
    );
    expect([...first.dtstamps]).toEqual(['DTSTAMP:20270105T080000Z']);

    const wrong = join(dir, 'not-a-manifest.json');
    await writeFile(wrong, '{"hello": "world"}');
    const source = join(dir, 'sigs-wrong.yaml');
    await writeFile(source, sigsYaml(COMMUNITY));
    const out = join(dir, 'site-wrong');
    await expect(
      runBuild(
        ['--source', source, '--out', out, '--previous-manifest', wrong],
        io('2027-01-05T08:00:00Z').cli,
      ),
    ).rejects.toThrow(/not-a-manifest\.json: cannot read: is not a sigcal manifest\.json/);
    await expect(readFile(join(out, 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('readPreviousManifest over https', () => {
  // The test server is on loopback, which https sources may only reach when allowed.
  const readers = () => ({ https: { agent: https.agent, allowPrivate: true } });

  it('reads the published manifest.json of a live site', async () => {
    const live = await freshBuild(sigsYaml(COMMUNITY), '2027-01-05T08:00:00Z');
    const manifest = await readFile(join(live.out, 'manifest.json'), 'utf8');
    https.route('/community/manifest.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(manifest);
    });
    const read = await readPreviousManifest(`${https.origin}/community/manifest.json`, readers());
    expect(read.manifest).toEqual(JSON.parse(manifest));
  });

  it('takes 404 (nothing published yet) as a first publish', async () => {
    const read = await readPreviousManifest(`${https.origin}/fresh/manifest.json`, readers());
    expect(read).toEqual({
      manifest: null,
      note: `previous manifest: none at ${https.origin}/fresh/manifest.json yet (a first publish)`,
    });
  });

  it('fails on any other answer, so a broken site does not silently restamp every event', async () => {
    https.route('/down/manifest.json', (_req, res) => res.writeHead(503).end('busy'));
    https.route('/html/manifest.json', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><p>Hello</p>'),
    );
    await expect(readPreviousManifest(`${https.origin}/down/manifest.json`, readers())).rejects.toThrow(
      SourceError,
    );
    await expect(readPreviousManifest(`${https.origin}/down/manifest.json`, readers())).rejects.toThrow(
      /cannot read: HTTP 503/,
    );
    await expect(readPreviousManifest(`${https.origin}/html/manifest.json`, readers())).rejects.toThrow(
      /is not a sigcal manifest\.json/,
    );
  });

  it('refuses plain http, as every source does', async () => {
    await expect(readPreviousManifest('http://example.org/manifest.json', readers())).rejects.toThrow(
      /--previous-manifest: "http:\/\/example\.org\/manifest\.json": http:\/\/ sources are not supported/,
    );
  });
});
