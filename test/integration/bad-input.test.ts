import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CliIo, main } from '../../functions/cli/main.ts';
import { formatDiagnostic } from '../../functions/core/errors.ts';
import type { ReportDiagnostic } from '../../functions/core/report.ts';
import { COMMUNITY, sigsYaml } from './support/community.ts';
import { CREDENTIALS, listBucket, type RunningS3, startS3 } from './support/s3.ts';

/*
 * The bad-input corpus (test/fixtures/bad/) through the real CLI. expected.json gives each file's
 * exact problem: `source` for a file that cannot be read or parsed at all (one `sigcal: …` line), or
 * `errors` for a file that parses but is invalid (one line per problem). Every line names the file,
 * the line where there is one, and the field path where there is one; the messages are written with the
 * file's name as `--source` gives it (the commands run in the corpus folder).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/sigcal.js');
const CORPUS = join(ROOT, 'test/fixtures/bad');
const NOW = '2026-03-03T12:00:00Z';

type Expected = { readonly source: string } | { readonly errors: readonly string[] };
const EXPECTED = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expected>;
const FILES = readdirSync(CORPUS)
  .filter((name) => name !== 'expected.json')
  .sort();

/**
 * The corpus files that also run as a process of their own (`node bin/sigcal.js`), for what only a
 * process shows: the exit code, stderr as written to the real stream, no stack trace. Every file runs
 * through the same compiled CLI in-process (dist/main.mjs); the process adds nothing that depends on
 * the file beyond its lines, so the sample is one file of each way the lines come out: refused whole
 * (unreadable bytes, YAML syntax, an alias bomb), one problem (with escaped bidi controls), several.
 */
const problems = (name: string) => {
  const expected = EXPECTED[name] as Expected;
  return 'source' in expected ? 0 : expected.errors.length;
};
const CLI_SAMPLE = [
  'binary-nul.bin',
  'syntax-unclosed-flow.yaml',
  'alias-bomb-nested-groups.yaml',
  'dir-bidi-override.yaml',
  ...FILES.filter((name) => problems(name) > 1),
];

/** Exactly what `sigcal build` must print on stderr for a corpus file named `file` on the command line. */
function buildStderr(name: string, file = name): string {
  const expected = EXPECTED[name] as Expected;
  const named = (line: string) => (line.startsWith(name) ? file + line.slice(name.length) : line);
  if ('source' in expected) return `sigcal: ${named(expected.source)}\n`;
  const lines = expected.errors.map(named);
  return `${lines.join('\n')}\nsigcal: ${lines.length} error(s); nothing was written\n`;
}

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    now: () => new Date(NOW),
    out: () => out,
    err: () => err,
  };
}

/** Every file below `root` (dot folders included) with its size, mtime and sha256: any write shows. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        files.set(`${relative(root, path)}/`, 'dir');
        await walk(path);
      } else {
        const info = await stat(path);
        const hash = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
        files.set(relative(root, path), `${info.size} ${info.mtimeMs} ${hash}`);
      }
    }
  };
  await walk(root);
  return files;
}

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.SIGCAL_DEBUG;
    execFile(process.execPath, [BIN, ...args], { cwd: CORPUS, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

let scratch: string;
let out: string;
let before: Map<string, string>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sigcal-bad-'));
  out = join(scratch, 'site');
  // A previous good build, which no bad input may touch.
  const good = join(scratch, 'good.yaml');
  await writeFile(good, sigsYaml(COMMUNITY));
  const io = capture();
  expect(await main(['build', '--source', good, '--out', out, '--now', NOW], io), io.err()).toBe(0);
  before = await snapshot(out);
  expect(before.has('.sigcal/state.json')).toBe(true);
  expect(before.size).toBeGreaterThan(15);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the bad-input corpus', () => {
  it('has at least 40 files, each with its expected problem, and nothing else', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(EXPECTED).sort()).toEqual(FILES);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const lines = 'source' in expected ? [expected.source] : expected.errors;
      expect(lines.length, name).toBeGreaterThan(0);
      for (const line of lines) {
        // file:line where the file has lines; a field path wherever the problem is in one field.
        expect(line, name).toMatch(new RegExp(`^${name.replace(/[.]/g, '\\.')}(:\\d+)?[: ]`));
        expect(line, name).not.toMatch(/[\r\n\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      }
    }
  });

  it('sigcal build (in-process) for every file: exit 2, exactly its lines, nothing written', async () => {
    for (const name of FILES) {
      const file = join(CORPUS, name);
      const io = capture();
      expect(await main(['build', '--source', file, '--out', out, '--now', NOW], io), name).toBe(2);
      expect(io.err(), name).toBe(buildStderr(name, file));
      expect(io.out(), name).toBe('');
    }
    expect(await snapshot(out)).toEqual(before);
  });

  it('the compiled CLI (dist/main.mjs, in-process) for every file: exit 2, exactly its lines, nothing written', async () => {
    // dist/ is built by the test setup from the sources as they are. dist/main.mjs exports main() from
    // the chunk that dist/sigcal.mjs (what bin/sigcal.js runs) imports it from: the same code.
    const chunks = (entry: string) =>
      [...readFileSync(join(ROOT, 'dist', entry), 'utf8').matchAll(/from "\.\/(chunks\/[^"]+)"/g)].map(
        (m) => m[1] as string,
      );
    const defining = chunks('main.mjs').filter((chunk) =>
      readFileSync(join(ROOT, 'dist', chunk), 'utf8').includes('async function main('),
    );
    expect(defining).toHaveLength(1);
    expect(chunks('sigcal.mjs')).toContain(defining[0]);
    const compiled = (await import(pathToFileURL(join(ROOT, 'dist/main.mjs')).href)) as {
      main: typeof main;
    };
    for (const name of FILES) {
      const file = join(CORPUS, name);
      const io = capture();
      expect(await compiled.main(['build', '--source', file, '--out', out, '--now', NOW], io), name).toBe(2);
      expect(io.err(), name).toBe(buildStderr(name, file));
      expect(io.out(), name).toBe('');
    }
    expect(await snapshot(out)).toEqual(before);
  });

  // Through bin/sigcal.js, one process per file of CLI_SAMPLE: exit code, stderr, no stack trace, as
  // a user or a CI job sees them.
  it.concurrent.each(CLI_SAMPLE)(
    'node bin/sigcal.js build --source %s: exit 2, exactly its lines, nothing written',
    async (name) => {
      const result = await run(['build', '--source', name, '--out', out, '--now', NOW]);
      expect(result.stderr).toBe(buildStderr(name));
      expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
      expect(result.stdout).toBe('');
      expect(result.code).toBe(2);
      expect(await snapshot(out)).toEqual(before);
    },
  );

  it('sigcal validate (in-process): exit 2; the same lines, as the report lists them, or alone on stderr', async () => {
    for (const name of FILES) {
      const file = join(CORPUS, name);
      const io = capture();
      expect(await main(['validate', '--source', file, '--now', NOW], io), name).toBe(2);
      const expected = EXPECTED[name] as Expected;
      if ('source' in expected) {
        expect(io.err(), name).toBe(buildStderr(name, file));
        expect(io.out(), name).toBe('');
        continue;
      }
      expect(io.err(), name).toBe('');
      const report = io.out();
      const heading = `${expected.errors.length} error${expected.errors.length === 1 ? '' : 's'}:\n`;
      const section = report.slice(report.indexOf(heading) + heading.length).split('\n\n')[0];
      const lines = buildStderr(name, file).trimEnd().split('\n').slice(0, -1);
      expect(section?.split('\n'), name).toEqual(lines.map((line) => `  ${line}`));
      expect(report.endsWith('\ninvalid\n'), name).toBe(true);
    }
  });

  it('sigcal build (in-process) into a folder that does not exist yet creates nothing', async () => {
    const fresh = join(scratch, 'never');
    for (const name of FILES) {
      const io = capture();
      expect(await main(['build', '--source', join(CORPUS, name), '--out', fresh, '--now', NOW], io)).toBe(2);
      expect(io.err(), name).toBe(buildStderr(name, join(CORPUS, name)));
    }
    await expect(stat(fresh)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('limits at their default values, through the CLI', () => {
  it.each([
    [
      'size',
      () => `sigs: []\n${'#'.repeat(16 * 1024 * 1024)}\n`,
      'source is 16777226 bytes, more than the limit of 16777216',
    ],
    [
      'nodes',
      () => `x: [${'0, '.repeat(2_000_000)}0]\nsigs: []\n`,
      ':1: source has more than 2000000 YAML nodes',
    ],
    [
      'meetings',
      () => `sigs:\n  - dir: a\n    name: A\n    meetings: [${'{}, '.repeat(5_000)}{}]\n`,
      'source has 5001 meetings, more than the limit of 5000',
    ],
  ])('too many %s: exit 2, one line naming the file, nothing written', async (kind, text, message) => {
    const file = join(scratch, `too-many-${kind}.yaml`);
    await writeFile(file, text());
    const validate = capture();
    expect(await main(['validate', '--source', file, '--now', NOW], validate)).toBe(2);
    const build = capture();
    expect(await main(['build', '--source', file, '--out', out, '--now', NOW], build)).toBe(2);
    const line = build.err().split('\n')[0] ?? '';
    expect(line.startsWith(file) || line.startsWith(`sigcal: ${file}`), line).toBe(true);
    expect(line.endsWith(message), line).toBe(true);
    expect(build.err().trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(await snapshot(out)).toEqual(before);
  });
});

describe('sigcal publish with bad input', () => {
  let s3: RunningS3;
  // One of each kind: syntax, file kind, bomb, structure, value, path safety, injection, limit.
  // (An unsafe link is no longer one: it is left out with a warning; see the tolerated corpus below.)
  const SAMPLE = [
    'syntax-unclosed-flow.yaml',
    'binary-png.png',
    'markdown.md',
    'alias-bomb-nested-groups.yaml',
    'alias-cycle.yaml',
    'leadership-person-string.yaml',
    'time-25-00.yaml',
    'zone-ambiguous.yaml',
    'until-before-start.yaml',
    'dir-dot-dot.yaml',
    'duplicate-meeting-id.yaml',
    'time-line-break.yaml',
    'long-description.yaml',
  ];

  beforeAll(async () => {
    s3 = await startS3();
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await s3.close();
  });

  it('writes nothing to the bucket: exit 2 and exactly the expected lines', async () => {
    await s3.createBucket('bad-input');
    const base = ['publish', '--bucket', 'bad-input', '--endpoint', s3.endpoint, '--now', NOW];
    const good = join(scratch, 'publish-good.yaml');
    await writeFile(good, sigsYaml(COMMUNITY));
    const first = capture();
    expect(await main([...base, '--source', good], first), first.err()).toBe(0);
    const published = await listBucket(s3.admin, 'bad-input');
    expect(published.size).toBeGreaterThan(15);

    for (const name of SAMPLE) {
      const file = join(CORPUS, name);
      const io = capture();
      expect(await main([...base, '--source', file], io), name).toBe(2);
      // Progress lines (the site URL, the source read) may come first; the problem is the rest, exactly.
      expect(io.err().replace(/^(site URL|source): .*\n/gm, ''), name).toBe(buildStderr(name, file));
      expect(io.out(), name).toBe('');
      expect(await listBucket(s3.admin, 'bad-input'), name).toEqual(published);
    }
  });
});

/*
 * The tolerated corpus (test/fixtures/tolerated/): files whose only faults do not touch when meetings
 * are: placeholders and unsafe values in links and contact, invisible characters, punctuation in
 * schedule phrases. Each value at fault is left out or cleaned with a warning; no meeting is lost.
 * expected.json gives each file's exact warnings, its meetings (page and RRULE, from `validate --json`),
 * and every link from the source its pages must hold, cleaned: and no other.
 */

const TOLERATED = join(ROOT, 'test/fixtures/tolerated');
interface Tolerated {
  readonly warnings: readonly string[];
  readonly meetings: readonly string[];
  readonly links: readonly string[];
}
const TOLERATED_EXPECTED = JSON.parse(readFileSync(join(TOLERATED, 'expected.json'), 'utf8')) as Record<
  string,
  Tolerated
>;
const TOLERATED_FILES = readdirSync(TOLERATED)
  .filter((name) => name !== 'expected.json')
  .sort();
// Characters the cleaning removes or reads as spaces: none may reach a page or a feed.
const INVISIBLE = /[\u00a0\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202f\u2060-\u2069\ufeff]/u;

/** A corpus line with the file named as `--source` gives it. */
const namedAs = (name: string, file: string) => (line: string) =>
  line.startsWith(name) ? file + line.slice(name.length) : line;

/** Every file of a built folder, as text. */
async function builtFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, 'utf8'));
  }
  return files;
}

/** The links the pages make from source values: every href but the site's own and the subscribe links. */
function sourceLinks(files: Map<string, string>): string[] {
  const links = new Set<string>();
  for (const [path, page] of files) {
    if (!path.endsWith('.html')) continue;
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) {
      const url = (href ?? '').replace(/&amp;/g, '&');
      if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) continue;
      if (/^(https?|webcal):\/\/127\.0\.0\.1:8080\//.test(url)) continue;
      if (/^https:\/\/(calendar\.google\.com|outlook\.live\.com|outlook\.office\.com)\//.test(url)) continue;
      links.add(url);
    }
  }
  return [...links].sort();
}

describe('faults that do not touch the schedule: the tolerated corpus', () => {
  it('has each file with its expected warnings, meetings and links, and nothing else', () => {
    expect(TOLERATED_FILES.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(TOLERATED_EXPECTED).sort()).toEqual(TOLERATED_FILES);
    for (const [name, expected] of Object.entries(TOLERATED_EXPECTED)) {
      for (const line of expected.warnings) {
        expect(line, name).toMatch(
          new RegExp(`^${name.replace(/[.]/g, '\\.')}:\\d+ [a-z]+\\[\\d+\\]\\.[a-z_.[\\]0-9]+: `),
        );
      }
    }
    // Each class is there: placeholders, unsafe links, invisible characters by code point, punctuation.
    const all = Object.values(TOLERATED_EXPECTED).flatMap((e) => e.warnings);
    expect(all.some((w) => w.endsWith('is a placeholder, not a link; left out'))).toBe(true);
    expect(
      all.some((w) =>
        w.includes('sigs[0].contact.mailing_list: "javascript:alert(1)" is not a mailing list'),
      ),
    ).toBe(true);
    expect(all.some((w) => w.includes(': U+200B (zero width space) removed; read as "https://'))).toBe(true);
    expect(TOLERATED_EXPECTED['punctuation.yaml']?.warnings).toEqual([]);
  });

  it('sigcal validate: exit 0, exactly its warnings, every meeting scheduled as expected', async () => {
    for (const name of TOLERATED_FILES) {
      const file = join(TOLERATED, name);
      const expected = TOLERATED_EXPECTED[name] as Tolerated;
      const io = capture();
      expect(await main(['validate', '--source', file, '--now', NOW, '--json'], io), name).toBe(0);
      const report = JSON.parse(io.out()) as {
        ok: boolean;
        errors: unknown[];
        warnings: { file: string; line: number; path: string; message: string }[];
        meetings: { page: string; rrule: string; status: string }[];
      };
      expect(report.ok, name).toBe(true);
      expect(report.errors, name).toEqual([]);
      expect(
        report.warnings.map((w) => `${w.file}:${w.line} ${w.path}: ${w.message}`),
        name,
      ).toEqual(expected.warnings.map(namedAs(name, file)));
      expect(
        report.meetings.map((m) => `${m.page} ${m.rrule}`),
        name,
      ).toEqual(expected.meetings);
      expect(new Set(report.meetings.map((m) => m.status)), name).toEqual(
        new Set(expected.meetings.length > 0 ? ['scheduled'] : []),
      );

      const human = capture();
      expect(await main(['validate', '--source', file, '--now', NOW], human), name).toBe(0);
      const count = expected.warnings.length;
      if (count > 0) {
        expect(human.out(), name).toContain(
          `\n${count} warning${count === 1 ? '' : 's'}:\n${expected.warnings
            .map(namedAs(name, file))
            .map((l) => `  ${l}\n`)
            .join('')}\nvalid\n`,
        );
      } else {
        expect(human.out(), name).not.toMatch(/warning/);
      }
      expect(human.err(), name).toBe('');
    }
  });

  it('sigcal validate --strict: exit 2 with the same lines as errors (0 where there is no warning)', async () => {
    for (const name of TOLERATED_FILES) {
      const file = join(TOLERATED, name);
      const expected = TOLERATED_EXPECTED[name] as Tolerated;
      const io = capture();
      const code = await main(['validate', '--source', file, '--now', NOW, '--strict'], io);
      const count = expected.warnings.length;
      expect(code, name).toBe(count > 0 ? 2 : 0);
      if (count === 0) continue;
      expect(io.out(), name).toContain(
        `\n${count} error${count === 1 ? '' : 's'}:\n${expected.warnings
          .map(namedAs(name, file))
          .map((l) => `  ${l}\n`)
          .join('')}\ninvalid\n`,
      );
    }
  });

  it('sigcal build without --keep-going: exit 0, every meeting on the site, values cleaned, no fault an href', async () => {
    for (const name of TOLERATED_FILES) {
      const expected = TOLERATED_EXPECTED[name] as Tolerated;
      const site = join(scratch, `tolerated-${name}`);
      const io = capture();
      expect(
        await main(['build', '--source', join(TOLERATED, name), '--out', site, '--now', NOW], io),
        name,
      ).toBe(0);
      expect(io.err(), name).toBe('');
      expect(io.out(), name).toContain(
        `, ${expected.meetings.length} scheduled and 0 unscheduled meetings, `,
      );
      // No meeting is left out; each value that is, or is cleaned, the build names as validate does.
      expect(io.out(), name).not.toMatch(/^left out: /m);
      const validated = capture();
      await main(['validate', '--json', '--source', join(TOLERATED, name), '--now', NOW], validated);
      const { warnings } = JSON.parse(validated.out()) as { warnings: ReportDiagnostic[] };
      expect(
        io
          .out()
          .split('\n')
          .filter((line) => line.startsWith('warning: ')),
        name,
      ).toEqual(warnings.slice(0, 10).map((w) => `warning: ${formatDiagnostic(w)}`));
      const files = await builtFiles(site);
      for (const meeting of expected.meetings) {
        const page = meeting.split(' ')[0] ?? '';
        expect(files.has(page), `${name} ${page}`).toBe(true);
        expect(files.has(`calendars/${page.replace(/\.html$/, '.ics')}`), `${name} ${page}`).toBe(true);
      }
      expect(sourceLinks(files), name).toEqual([...expected.links].sort());
      for (const [path, text] of files) {
        expect(text, `${name} ${path}`).not.toMatch(INVISIBLE);
        expect(text, `${name} ${path}`).not.toMatch(
          /javascript:|vbscript:|data:text|evil\.example|"\/recordings/i,
        );
      }
    }
  });

  it('node bin/sigcal.js with the file a real community writes: validate 0, --strict 2, build 0', async () => {
    const name = 'real-world.yaml';
    const expected = TOLERATED_EXPECTED[name] as Tolerated;
    const source = join('..', 'tolerated', name);
    const validate = await run(['validate', '--source', source, '--now', NOW]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(
      `${source}: 2 groups, 3 meetings — 3 scheduled, 0 unscheduled, 0 invalid`,
    );
    for (const line of expected.warnings.map(namedAs(name, source)))
      expect(validate.stdout).toContain(`  ${line}\n`);
    const strict = await run(['validate', '--source', source, '--now', NOW, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain(`\n${expected.warnings.length} errors:\n`);
    const build = await run([
      'build',
      '--source',
      source,
      '--out',
      join(scratch, 'real-world'),
      '--now',
      NOW,
    ]);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(
      /^built \d+ objects \(\d+ bytes\): 2 groups, 3 scheduled and 0 unscheduled meetings, /,
    );
  });
});
