import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../../functions/cli/serve.ts';
import { runCli } from '../support/run-cli.ts';
import { COMMUNITY, sigsYaml } from './support/community.ts';

/*
 * Mistakes a maintainer makes at the command line (found by trying sigcal as a newcomer would): each
 * is a usage error (exit 2) with a message that names what to fix, and nothing is written.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigcal-usage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli('2026-11-30T12:00:00Z', ...args);
  return { code, out: stdout, err: stderr };
}

/** An io for a command run directly, writing nowhere. */
function capturing() {
  return {
    stdout: { write: (_: string) => true },
    stderr: { write: (_: string) => true },
    env: {},
    now: () => new Date('2026-11-30T12:00:00Z'),
  };
}

async function sourceFile(yaml = sigsYaml(COMMUNITY)): Promise<string> {
  const file = join(dir, `sigs-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  return file;
}

describe('usage mistakes', () => {
  it('an unknown command points to sigcal --help, not to its own --help', async () => {
    for (const command of ['bogus', '--verison']) {
      const { code, err } = await run(command);
      expect(code).toBe(2);
      expect(err).toBe(`sigcal: unknown command "${command}"\nRun 'sigcal --help' for the commands.\n`);
    }
    // A known command's mistake still points to its own help.
    expect((await run('build', '--outt', 'x')).err).toContain("Run 'sigcal build --help' for usage.");
  });

  it('build --out naming a file is a usage error, and the file is left as it was', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'mine');
    const { code, err } = await run('build', '--source', await sourceFile(), '--out', file);
    expect(code).toBe(2);
    expect(err).toContain(`--out ${file} is not a folder`);
    expect(err).not.toContain('ENOTDIR');
  });

  it('a feed budget too small for a header and a day of meetings is a usage error, and nothing is built', async () => {
    const out = join(dir, 'tiny-budget');
    const source = await sourceFile();
    const { code, err } = await run('build', '--source', source, '--out', out, '--max-bytes', '10');
    expect(code).toBe(2);
    expect(err).toContain('--max-bytes "10" is below 16384: a feed needs room for its header');
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    // The smallest budget taken builds.
    expect((await run('build', '--source', source, '--out', out, '--max-bytes', '16384')).code).toBe(0);
  });

  it('anchor --out in a folder that does not exist, or naming a folder, is a usage error', async () => {
    const source = await sourceFile();
    const missing = await run(
      'anchor',
      '--source',
      source,
      '--calendar',
      source,
      '--out',
      join(dir, 'no', 'x.yaml'),
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`the folder ${join(dir, 'no')} does not exist`);
    expect(missing.err).not.toContain('.tmp');
    const folder = await run('anchor', '--source', source, '--calendar', source, '--out', dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(`--out ${dir} is a folder`);
  });

  it('serve refuses a folder that is missing, is a file, or holds no built site', async () => {
    const missing = await run('serve', '--out', join(dir, 'nothere'), '--port', '0');
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toContain('does not exist; build the site first');
    const file = join(dir, 'serve-file');
    await writeFile(file, 'x');
    expect((await run('serve', '--out', file, '--port', '0')).err).toContain(`--out ${file} is not a folder`);
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const none = await run('serve', '--out', empty, '--port', '0');
    expect(none.code).toBe(2);
    expect(none.err).toContain('holds no site sigcal built (no manifest.json)');
  });

  it('serve on a port in use is a usage error naming it', async () => {
    const site = join(dir, 'site');
    expect((await run('build', '--source', await sourceFile(), '--out', site)).code).toBe(0);
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, err, out } = await run('serve', '--out', site, '--port', String(port));
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`127.0.0.1:${port} is already in use`);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('serve notes when the site links its feeds to another local address than the one it serves on', async () => {
    const source = await sourceFile();
    const serve = async (site: string) => {
      let out = '';
      const io = { ...capturing(), stdout: { write: (s: string) => (out += s) } };
      expect(await runServe(['--out', site, '--port', '0'], io, Promise.resolve())).toBe(0);
      return out;
    };
    // Built with the default --site-url (port 8080), served on another port.
    const local = join(dir, 'serve-local');
    expect((await run('build', '--source', source, '--out', local)).code).toBe(0);
    const out = await serve(local);
    const served = /^Serving \S+ at (\S+)$/m.exec(out)?.[1];
    expect(served).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(served).not.toBe('http://127.0.0.1:8080/');
    expect(out).toContain(
      `  note:       the site was built for http://127.0.0.1:8080/, so its pages' subscribe links point there; build it with --site-url ${served} to link this server\n`,
    );
    // A site built for its public address links there on purpose: nothing to note.
    const public_ = join(dir, 'serve-public');
    expect(
      (
        await run(
          'build',
          '--source',
          source,
          '--out',
          public_,
          '--site-url',
          'https://calendar.example.org/',
        )
      ).code,
    ).toBe(0);
    expect(await serve(public_)).not.toContain('note:');
  });

  it('build prints the warnings validate prints, each on a line after the summary, the first 10 of them', async () => {
    // One placeholder link: published without it, and the build says so, as validate does.
    const one = await sourceFile(sigsYaml(COMMUNITY).replace(/url: https:\S+/, 'url: TBD'));
    const built = await run('build', '--source', one, '--out', join(dir, 'warned'));
    expect(built.code).toBe(0);
    const warned = built.out.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warned).toEqual([
      `warning: ${one}:10 sigs[0].meetings[0].url: "TBD" is a placeholder, not a link; left out`,
    ]);
    expect((await run('validate', '--source', one)).out).toContain(warned[0]?.slice('warning: '.length));

    // A warning validate adds of its own (a series that ended before the published dates) too.
    const ended = await sourceFile(
      sigsYaml(COMMUNITY).replace('frequency: weekly\n', 'frequency: weekly\n        until: 2026-03-31\n'),
    );
    const endedBuild = await run('build', '--source', ended, '--out', join(dir, 'ended'));
    const validated = (await run('validate', '--source', ended)).out;
    const endedWarning = `${ended}:5 sigs[0].meetings[0].until: the series ended on 2026-03-31, before the published dates begin: it publishes no meeting (remove it, or its until)`;
    expect(validated).toContain(`  ${endedWarning}\n`);
    expect(endedBuild.out.split('\n').filter((l) => l.startsWith('warning: '))).toEqual([
      `warning: ${endedWarning}`,
    ]);

    // Three per meeting: the summary stays short, and says where the rest are.
    const many = await sourceFile(
      sigsYaml(COMMUNITY).replace(
        /url: https:\S+/g,
        'url: TBD\n        archive_url: TBD\n        recordings_url: n/a',
      ),
    );
    const report = JSON.parse((await run('validate', '--source', many, '--json')).out) as {
      warnings: unknown[];
    };
    expect(report.warnings.length).toBeGreaterThan(11);
    const lines = (await run('build', '--source', many, '--out', join(dir, 'many-warned'))).out.split('\n');
    expect(lines.filter((l) => l.startsWith('warning: '))).toHaveLength(10);
    expect(lines).toContain(
      `and ${report.warnings.length - 10} more warnings: sigcal validate lists every one`,
    );
  });

  it('counts one group as "1 group" in the build and validate summaries', async () => {
    const one = await sourceFile(sigsYaml(COMMUNITY.slice(0, 1)));
    const out = join(dir, 'one');
    const built = await run('build', '--source', one, '--out', out);
    expect(built.code).toBe(0);
    expect(built.out).toMatch(/^built \d+ objects \(\d+ bytes\): 1 group, /);
    expect((await run('validate', '--source', one)).out).toMatch(/: 1 group, \d+ meetings? — /);
    expect((await readdir(out)).length).toBeGreaterThan(0);
  });
});
