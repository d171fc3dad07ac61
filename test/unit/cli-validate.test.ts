import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../functions/cli/main.ts';
import { loadCommunity } from '../../functions/core/community.ts';
import { expandSchedule } from '../../functions/core/occurrences.ts';
import { windowAround } from '../../functions/core/window.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED = join(ROOT, 'sigs.yaml');
const OVERLAY = join(ROOT, 'test/fixtures/overlay/schedule.yaml');

const scratch = mkdtempSync(join(tmpdir(), 'sigcal-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a source file into the scratch folder and returns its path. */
function sourceFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `sigcal …` in-process with captured output and a fixed clock. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (s: string) => {
        stdout += s;
        return true;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    },
    env: {},
    now: () => new Date('2026-11-30T12:00:00Z'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The one-line, stack-free failure every unreadable source must produce. */
function expectOneLineFailure(
  result: { code: number; stdout: string; stderr: string },
  line: string | RegExp,
) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (typeof line === 'string') expect(result.stderr).toBe(`${line}\n`);
  else expect(result.stderr.trimEnd()).toMatch(line);
}

const REPORT_KEYS = ['errors', 'meetings', 'ok', 'warnings'];
const MEETING_KEYS = [
  'group',
  'subproject',
  'index',
  'id',
  'description',
  'status',
  'timezone',
  'dtstart',
  'rrule',
  'duration',
  'reason',
  'feed',
  'page',
  'candidates',
];
const DIAGNOSTIC_KEYS = ['file', 'line', 'path', 'message'];
const sorted = (keys: readonly string[]) => [...keys].sort();

// Unscheduled meetings, and the faults the shipped file shows that do not touch the schedule: an
// invisible character in a link (removed) and a placeholder link (left out). The quarterly retro lists
// its dates under `extra`, so it is unscheduled without a warning.
const SHIPPED_WARNINGS = [
  {
    line: 110,
    path: 'sigs[2].meetings[0].url',
    message: 'U+200B (zero width space) removed; read as "https://meet.example.org/sig-release"',
  },
  {
    line: 149,
    path: 'sigs[3].meetings[1].frequency',
    message:
      'unscheduled: "alternating" with another meeting does not say which weeks; add `start: YYYY-MM-DD` (the date of one meeting of the series) to pick which Thursdays',
  },
  {
    line: 169,
    path: 'workinggroups[0].meetings[0].recordings_url',
    message: '"TBD" is a placeholder, not a link; left out',
  },
  {
    line: 191,
    path: 'workinggroups[1].meetings[0].frequency',
    message:
      'unscheduled: every 2 weeks but no start date says which Thursdays; add `start: YYYY-MM-DD` (the date of one meeting of the series) to pick which Thursdays',
  },
].map((w) => ({ file: SHIPPED, ...w }));

describe('sigcal validate (in-process)', () => {
  it('accepts the shipped sigs.yaml: exit 0, a summary per group, warnings listed', async () => {
    const { code, stdout, stderr } = await run('validate', '--source', SHIPPED, '--now', '2026-11-30');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(`${SHIPPED}: 8 groups, 15 meetings — 12 scheduled, 3 unscheduled, 0 invalid`);
    expect(stdout).toContain('UTC  DTSTART 2026-01-13T18:30  RRULE FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
    expect(stdout).toContain('4 warnings:');
    // What to add, and where, under each unscheduled meeting a start date would schedule.
    expect(stdout).toContain(
      '      → add to schedule.yaml under wg-batch → "Regular WG Meeting": start: 2026-12-03 (or 2026-12-10), or start: inline in sigs.yaml\n',
    );
    // One-off changes under the meeting they change.
    expect(stdout).toContain(
      '  ✓ Regular SIG Meeting\n      America/New_York  DTSTART 2026-03-10T14:00  RRULE FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\n      moved 2026-12-29 → 2027-01-05 14:00, 2027-02-09 → 2027-02-09 16:00\n',
    );
    expect(stdout).toContain('      extra 2026-12-17 16:00, 2027-03-25 17:00\n');
    for (const w of SHIPPED_WARNINGS)
      expect(stdout).toContain(`  ${w.file}:${w.line} ${w.path}: ${w.message}\n`);
    expect(stdout.endsWith('\nvalid\n')).toBe(true);
    // No colour codes when the output is not a terminal.
    expect(stdout).not.toContain('\u001b[');
  });

  it('--json prints exactly the report contract', async () => {
    const { code, stdout, stderr } = await run(
      'validate',
      '--source',
      SHIPPED,
      '--now',
      '2026-11-30',
      '--json',
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(sorted(Object.keys(report))).toStrictEqual(REPORT_KEYS);
    expect(report.ok).toBe(true);
    expect(report.errors).toStrictEqual([]);
    expect(report.warnings).toStrictEqual(SHIPPED_WARNINGS);
    for (const w of report.warnings) expect(sorted(Object.keys(w))).toStrictEqual(sorted(DIAGNOSTIC_KEYS));
    expect(report.meetings).toHaveLength(15);
    for (const m of report.meetings) {
      expect(sorted(Object.keys(m))).toStrictEqual(sorted(MEETING_KEYS));
      expect(['scheduled', 'unscheduled']).toContain(m.status);
      expect(m.page).toBe(`${m.group}/${m.id}.html`);
      if (m.status === 'scheduled') {
        expect(m.dtstart).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
        expect(m.rrule).toMatch(/^FREQ=(WEEKLY|MONTHLY);/);
        expect(m.rrule).not.toContain('RRULE:');
        expect(m.reason).toBeNull();
        expect(m.feed).toBe(`calendars/${m.group}/${m.id}.ics`);
        expect(m.candidates).toStrictEqual([]);
      } else {
        expect(m.dtstart).toBeNull();
        expect(m.rrule).toBeNull();
        // Only an unscheduled meeting with one-off dates (the retro's `extra`) has a feed.
        expect(m.feed).toBe(m.id === 'release-team-retro' ? `calendars/${m.group}/${m.id}.ics` : null);
        expect(m.reason).toMatch(/\S/);
      }
    }
    expect(report.meetings[0]).toStrictEqual({
      group: 'sig-pm',
      subproject: null,
      index: 0,
      id: 'regular-sig-meeting',
      description: 'Regular SIG Meeting',
      status: 'scheduled',
      timezone: 'UTC',
      dtstart: '2026-01-13T18:30',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      duration: 60,
      reason: null,
      feed: 'calendars/sig-pm/regular-sig-meeting.ics',
      page: 'sig-pm/regular-sig-meeting.html',
      candidates: [],
    });
    expect(
      report.meetings.find((m: { id: string }) => m.id === 'release-engineering-release-engineering'),
    ).toStrictEqual({
      group: 'sig-release',
      subproject: 'release-engineering',
      index: 0,
      id: 'release-engineering-release-engineering',
      description: 'Release Engineering',
      status: 'scheduled',
      timezone: 'Europe/Warsaw',
      dtstart: '2026-01-05T09:00',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
      duration: 90,
      reason: null,
      feed: 'calendars/sig-release/release-engineering-release-engineering.ics',
      page: 'sig-release/release-engineering-release-engineering.html',
      candidates: [],
    });
    // Unscheduled: the next two Thursdays from now, one per fortnight; none for "quarterly".
    const byId = (group: string, id: string) =>
      report.meetings.find((m: { group: string; id: string }) => m.group === group && m.id === id);
    expect(byId('wg-batch', 'regular-wg-meeting').candidates).toStrictEqual(['2026-12-03', '2026-12-10']);
    expect(byId('sig-architecture', 'code-organization').candidates).toStrictEqual([
      '2026-12-03',
      '2026-12-10',
    ]);
    expect(byId('sig-release', 'release-team-retro')).toMatchObject({
      status: 'unscheduled',
      candidates: [],
    });
  });

  it('--strict turns warnings into errors: exit 2', async () => {
    const { code, stdout } = await run(
      'validate',
      '--source',
      SHIPPED,
      '--now',
      '2026-11-30',
      '--strict',
      '--json',
    );
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toStrictEqual(SHIPPED_WARNINGS);
    expect(report.warnings).toStrictEqual([]);

    const human = await run('validate', '--source', SHIPPED, '--now', '2026-11-30', '--strict');
    expect(human.code).toBe(2);
    expect(human.stdout).toContain('4 errors:');
    expect(human.stdout.endsWith('\ninvalid\n')).toBe(true);
  });

  it('an invalid file: exit 2, every problem in the report', async () => {
    const path = sourceFile(
      'invalid.yaml',
      `sigs:
  - dir: ../escape
    name: Escape
  - dir: sig-docs
    name: Docs
    meetings:
      - description: Weekly
        day: Tuesday
        time: "25:00"
        tz: CST
        frequency: weekly
`,
    );
    const { code, stdout } = await run('validate', '--source', path, '--json');
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toStrictEqual([
      {
        file: path,
        line: 2,
        path: 'sigs[0].dir',
        message:
          '"../escape" is not a safe path segment (use lowercase letters, digits, "-" and "_", starting with a letter or digit)',
      },
      {
        file: path,
        line: 10,
        path: 'sigs[1].meetings[0].tz',
        message: '"CST" is ambiguous: it could be America/Chicago or Asia/Shanghai (use the IANA name)',
      },
      {
        file: path,
        line: 9,
        path: 'sigs[1].meetings[0].time',
        message: '"25:00" is not a time of day (use HH:MM or 4PM)',
      },
    ]);
    expect(report.meetings).toStrictEqual([
      {
        group: 'sig-docs',
        subproject: null,
        index: 0,
        id: 'weekly',
        description: 'Weekly',
        status: 'invalid',
        timezone: null,
        dtstart: null,
        rrule: null,
        duration: null,
        reason: '"CST" is ambiguous: it could be America/Chicago or Asia/Shanghai (use the IANA name)',
        feed: null,
        page: null,
        candidates: [],
      },
    ]);

    const human = await run('validate', '--source', path);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain(
      `  ${path}:9 sigs[1].meetings[0].time: "25:00" is not a time of day (use HH:MM or 4PM)\n`,
    );
  });

  it('shows control characters from the source escaped: no escape sequence, carriage return or bidi override reaches the terminal', async () => {
    // Each would let a value overwrite or reorder the lines around it on screen.
    const hostile = '\u001b[2K\u001b[1A\u001b[32mall good\u001b[0m\r\u202eevil\u0007\u009b31m';
    const path = sourceFile(
      'terminal.yaml',
      `sigs:
  - dir: sig-docs
    name: ${JSON.stringify(`Docs ${hostile}`)}
    subprojects:
      - name: ${JSON.stringify(`Sub ${hostile}`)}
        meetings:
          - description: ${JSON.stringify(`Weekly ${hostile}`)}
            day: Tuesday
            time: "9:00"
            tz: UTC
            frequency: weekly
          - description: ${JSON.stringify(`Quarterly ${hostile}`)}
            day: Tuesday
            time: "9:00"
            tz: UTC
            frequency: quarterly
          - description: ${JSON.stringify(`Broken ${hostile}`)}
            day: Tuesday
            time: ${JSON.stringify(`25:00 ${hostile}`)}
            tz: UTC
            frequency: weekly
`,
    );
    const { code, stdout } = await run('validate', '--source', path);
    expect(code).toBe(2);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const escaped = '\\u001b[2K\\u001b[1A\\u001b[32mall good\\u001b[0m\\r\\u202eevil\\u0007\\u009b31m';
    expect(stdout).toContain(`sig-docs  Docs ${escaped}`);
    expect(stdout).toContain(`Sub ${escaped} / Weekly ${escaped}`);
    expect(stdout).toContain(`Sub ${escaped} / Quarterly ${escaped}`);
    expect(stdout).toContain(`Sub ${escaped} / Broken ${escaped}`);
  });

  it('a series that ended before the published dates is a warning: it publishes nothing', async () => {
    const path = sourceFile(
      'ended.yaml',
      'sigs:\n  - dir: sig-x\n    name: X\n    meetings:\n      - description: Weekly\n        day: Tuesday\n        time: "9:00"\n        tz: UTC\n        frequency: weekly\n        until: 2026-06-30\n',
    );
    const report = JSON.parse((await run('validate', '--source', path, '--json')).stdout);
    expect(report.warnings).toContainEqual({
      file: path,
      line: 5,
      path: 'sigs[0].meetings[0].until',
      message:
        'the series ended on 2026-06-30, before the published dates begin: it publishes no meeting (remove it, or its until)',
    });
    expect((await run('validate', '--source', path, '--strict')).code).toBe(2);
  });

  it('a YAML syntax error is one line, exit 2, no stack trace', async () => {
    const path = sourceFile('syntax.yaml', 'sigs:\n  - dir: a\n   name: b\n');
    expectOneLineFailure(
      await run('validate', '--source', path),
      new RegExp(`^sigcal: ${path}:3: YAML syntax error: `),
    );
    // With --json, the same line on stderr, and stdout still one object a CI job can read.
    const json = await run('validate', '--source', path, '--json');
    expectOneLineFailure({ ...json, stdout: '' }, new RegExp(`^sigcal: ${path}:3: `));
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      errors: [
        {
          file: path,
          line: 3,
          path: '',
          message: expect.stringMatching(/^YAML syntax error: /),
          unreadable: true,
        },
      ],
      warnings: [],
      meetings: [],
    });
  });

  it('an empty file is one line, exit 2', async () => {
    const path = sourceFile('empty.yaml', '\n# nothing yet\n');
    expectOneLineFailure(await run('validate', '--source', path), `sigcal: ${path}: source is empty`);
  });

  it('a missing file is one line, exit 2', async () => {
    const path = join(scratch, 'missing.yaml');
    expectOneLineFailure(
      await run('validate', '--source', path),
      `sigcal: ${path}: cannot read: no such file`,
    );
    expectOneLineFailure(
      await run('validate', '--source', scratch),
      `sigcal: ${scratch}: cannot read: is a directory`,
    );
  });

  it('a broken overlay is one line too, naming the overlay', async () => {
    const path = sourceFile('broken-overlay.yaml', 'sig-pm: [\n');
    expectOneLineFailure(
      await run('validate', '--source', SHIPPED, '--overlay', path),
      new RegExp(`^sigcal: ${path}:2: YAML syntax error: `),
    );
  });

  it('usage errors: exit 2 with the usage text', async () => {
    const unknown = await run('validate', '--sauce', SHIPPED);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^sigcal: Unknown option '--sauce'/);
    expect(unknown.stderr).toContain('Usage: sigcal');

    const now = await run('validate', '--source', SHIPPED, '--now', 'next tuesday');
    expect(now.code).toBe(2);
    expect(now.stderr).toMatch(/^sigcal: --now "next tuesday" is not an ISO date or date-time/);

    const command = await run('frobnicate');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^sigcal: unknown command "frobnicate"\n/);
  });

  describe('with a schedule.yaml overlay', () => {
    it('applies start, until and skip by group dir and description (or id), and warns about unused entries', async () => {
      const { code, stdout } = await run(
        'validate',
        '--source',
        SHIPPED,
        '--overlay',
        OVERLAY,
        '--now',
        '2026-11-30',
        '--json',
      );
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.meetings.filter((m: { status: string }) => m.status === 'unscheduled')).toHaveLength(1);
      expect(report.meetings.find((m: { group: string }) => m.group === 'wg-batch')).toMatchObject({
        status: 'scheduled',
        timezone: 'Europe/Berlin',
        dtstart: '2026-12-03T15:00',
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
        reason: null,
      });
      // Keyed by meeting id; 08:00 PDT on 24 June is 15:00Z.
      expect(report.meetings.find((m: { id: string }) => m.id === 'code-organization')).toMatchObject({
        status: 'scheduled',
        timezone: 'America/Los_Angeles',
        dtstart: '2026-12-10T08:00',
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270624T150000Z',
      });
      expect(report.warnings).toStrictEqual([
        SHIPPED_WARNINGS[0],
        SHIPPED_WARNINGS[2],
        {
          file: OVERLAY,
          line: 6,
          path: 'wg-batch.Regular WG Meeting.skip[1]',
          message: 'skip 2026-12-24 is not a date of this meeting (ignored)',
        },
        {
          file: OVERLAY,
          line: 12,
          path: 'sig-pm.Monthly Planning',
          message:
            'no meeting of group "sig-pm" is described as "Monthly Planning"; this overlay entry is unused',
        },
      ]);
    });

    it('an overlay entry for a group that does not exist says so', async () => {
      const { readFileSync } = await import('node:fs');
      const community = loadCommunity(
        { file: SHIPPED, text: readFileSync(SHIPPED, 'utf8') },
        { overlay: { file: 'schedule.yaml', text: 'sig-nope:\n  Weekly:\n    skip: [2026-12-01]\n' } },
      );
      expect(community.diagnostics.map((d) => d.message)).toContain(
        'there is no group "sig-nope" (its dir); this overlay entry is unused',
      );
    });

    it('the skipped date is published as cancelled', async () => {
      const { readFileSync } = await import('node:fs');
      const community = loadCommunity(
        { file: SHIPPED, text: readFileSync(SHIPPED, 'utf8') },
        { overlay: { file: OVERLAY, text: readFileSync(OVERLAY, 'utf8') } },
      );
      const batch = community.groups.find((g) => g.dir === 'wg-batch')?.meetings[0];
      if (batch?.status !== 'scheduled') throw new Error('wg-batch is not scheduled');
      const window = windowAround(new Date('2026-11-30T12:00:00Z'));
      expect(
        expandSchedule(batch.schedule, window)
          .slice(0, 4)
          .map((o) => `${o.localDate}${o.cancelled ? ' cancelled' : ''}`),
      ).toStrictEqual(['2026-12-03', '2026-12-17', '2026-12-31 cancelled', '2027-01-14']);
    });

    it('--strict fails on the unused overlay entry', async () => {
      const { code, stdout } = await run(
        'validate',
        '--source',
        SHIPPED,
        '--overlay',
        OVERLAY,
        '--strict',
        '--json',
      );
      expect(code).toBe(2);
      expect(JSON.parse(stdout).errors).toContainEqual({
        file: OVERLAY,
        line: 12,
        path: 'sig-pm.Monthly Planning',
        message:
          'no meeting of group "sig-pm" is described as "Monthly Planning"; this overlay entry is unused',
      });
    });
  });
});

describe('sigcal validate (subprocess: node bin/sigcal.js)', () => {
  const sigcal = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/sigcal.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('exits 0 for the shipped sigs.yaml (the default --source)', () => {
    const result = sigcal('validate', '--now', '2026-11-30', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).ok).toBe(true);
  });

  it('a YAML syntax error: exit 2, one line on stderr, no stack trace', () => {
    const path = sourceFile('syntax-subprocess.yaml', 'sigs: [\n');
    const result = sigcal('validate', '--source', path);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^sigcal: ${path}:2: YAML syntax error: [^\\n]+\\n$`));
  });

  it('a missing file: exit 2, one line', () => {
    const result = sigcal('validate', '--source', 'no-such-sigs.yaml');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('sigcal: no-such-sigs.yaml: cannot read: no such file\n');
  });
});
