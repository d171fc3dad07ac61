import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  changedLines,
  type Report,
  reportFromStderr,
  workflowCommand,
} from '../../.github/sigcal-action/annotate.mjs';

/**
 * The GitHub Action (action.yml) and the documented workflow cannot run here, so: their YAML is parsed
 * and its shape checked, and the action's own shell steps run with bash, exactly as written, against a
 * local git repository and folder, with the environment the runner would give them.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: { using: string; steps: Step[] };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      if?: string;
      permissions?: Record<string, string>;
      environment?: { name: string };
      concurrency?: { group: string; 'cancel-in-progress': boolean };
      steps: Step[];
    }
  >;
}

let action: Action;
let workflow: Workflow;
let work: string;

beforeAll(async () => {
  action = load(await readFile(join(ROOT, 'action.yml'), 'utf8')) as Action;
  workflow = load(await readFile(join(ROOT, '.github/examples/calendar.yml'), 'utf8')) as Workflow;
  work = await mkdtemp(join(tmpdir(), 'sigcal-action-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const step = (name: string): Step => {
  const found = action.runs.steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step "${name}"`);
  return found;
};

/** Step scripts written so far, each to a file of its own. */
let scripts = 0;

/**
 * Runs one of the action's steps as the runner would: its script with bash, in `cwd`, with the step's
 * env (inputs filled in as given, else their defaults) and the runner's own variables.
 */
function runStep(
  name: string,
  cwd: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
) {
  const s = step(name);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    GITHUB_ACTION_PATH: ROOT,
    RUNNER_TEMP: join(cwd, '.runner-temp'),
    ...extraEnv,
  };
  for (const [key, expression] of Object.entries(s.env ?? {})) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(expression)?.[1];
    if (!input) throw new Error(`${name}: env ${key} is not an input: ${expression}`);
    const fallback = action.inputs[input]?.default ?? '';
    env[key] = inputs[input] ?? (fallback.startsWith('${{') ? '' : fallback);
  }
  // As the runner runs a `shell: bash` step: `bash --noprofile --norc -eo pipefail {0}`, {0} being the
  // script in a file. (Without --norc, bash whose stdin is a socket, as Node gives it, reads ~/.bashrc.)
  const script = join(work, `step-${++scripts}.sh`);
  writeFileSync(script, s.run ?? '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

let repos = 0;
/** A git repository whose base commit holds `base` as sigs.yaml, with `head` committed on top. */
async function pullRequest(base: string, head: string): Promise<{ cwd: string; baseSha: string }> {
  const cwd = join(work, `repo-${++repos}`);
  execFileSync('mkdir', ['-p', cwd]);
  git(cwd, 'init', '-q', '-b', 'main');
  await writeFile(join(cwd, 'sigs.yaml'), base);
  git(cwd, 'add', 'sigs.yaml');
  git(cwd, 'commit', '-q', '-m', 'base');
  const baseSha = git(cwd, 'rev-parse', 'HEAD');
  await writeFile(join(cwd, 'sigs.yaml'), head);
  git(cwd, 'commit', '-q', '--allow-empty', '-am', 'change');
  return { cwd, baseSha };
}

const meeting = (description: string, day: string, time: string, frequency: string) =>
  [
    `      - description: ${description}`,
    `        day: ${day}`,
    `        time: "${time}"`,
    '        tz: UTC',
    `        frequency: ${frequency}`,
  ].join('\n');
/** Line 10–14: a weekly meeting; 15–19: a biweekly one without a start date (a warning, strict: a problem). */
const BASE = [
  'sigs:',
  '  - dir: sig-docs',
  '    name: Docs',
  '    mission_statement: Docs.',
  '    leadership:',
  '      chairs:',
  '        - github: ada',
  '          name: Ada',
  '    meetings:',
  meeting('Weekly meeting', 'Tuesday', '17:00', 'weekly'),
  meeting('Planning', 'Thursday', '9:00', 'biweekly'),
  '',
].join('\n');

describe('action.yml', () => {
  it('is a composite action whose scripts read inputs only from the environment', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'base',
        'command',
        'fail-on',
        'keep-going',
        'node-version',
        'out',
        'overlay',
        'previous-manifest',
        'site-url',
        'source',
        'strict',
      ].sort(),
    );
    expect(action.inputs.command?.required).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(action.inputs.base?.default).toBe('${{ github.event.pull_request.base.sha }}');
    for (const s of action.runs.steps) {
      if (s.run === undefined) continue;
      expect(s.shell, s.name).toBe('bash');
      // An expression inside a script would be pasted into the shell before it runs: injection.
      expect(s.run, s.name).not.toContain('${{');
    }
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual(['actions/setup-node@v4']);
    expect(step('Validate').if).toBe("inputs.command == 'validate'");
    expect(step('Build the site').if).toBe("inputs.command == 'build'");
  });

  it('validate on a pull request: fails for a problem on a changed line, reports the others as warnings', async () => {
    const broken = BASE.replace(
      meeting('Planning', 'Thursday', '9:00', 'biweekly'),
      `${meeting('Planning', 'Thursday', '9:00', 'biweekly')}\n${meeting('Triage', 'Friday', '25:00', 'weekly')}`,
    );
    const { cwd, baseSha } = await pullRequest(BASE, broken);
    const summary = join(cwd, 'summary.md');
    const run = runStep('Validate', cwd, { base: baseSha }, { GITHUB_STEP_SUMMARY: summary });
    expect(run.status, run.stderr).toBe(1);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toEqual([
      '::warning file=sigs.yaml,line=19,title=sigcal (on a line this change does not touch)::sigs[0].meetings[1].frequency: unscheduled: every 2 weeks but no start date says which Thursdays; add `start: YYYY-MM-DD` (the date of one meeting of the series) to pick which Thursdays',
      expect.stringMatching(
        /^::error file=sigs\.yaml,line=22,title=sigcal::sigs\[0\]\.meetings\[2\]\.time: "25:00" is not a time of day/,
      ),
    ]);
    expect(await readFile(summary, 'utf8')).toContain(
      'sigcal: 1 problem(s) that fail this check, 1 reported',
    );
  });

  it('validate on a pull request that adds no problem: passes, and still shows what was already there', async () => {
    const renamed = BASE.replace('name: Docs', 'name: Documentation');
    const { cwd, baseSha } = await pullRequest(BASE, renamed);
    const run = runStep('Validate', cwd, { base: baseSha });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^::warning file=sigs\.yaml,line=19,title=sigcal \(on a line/m);
    // With fail-on any, the same pull request fails.
    expect(runStep('Validate', cwd, { base: baseSha, 'fail-on': 'any' }).status).toBe(1);
    // Not strict: the unscheduled meeting is a warning, which never fails.
    const lenient = runStep('Validate', cwd, { base: baseSha, 'fail-on': 'any', strict: 'false' });
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/^::warning file=sigs\.yaml,line=19,title=sigcal::/m);
  });

  it('validate without a pull request (a push): every problem fails', async () => {
    const { cwd } = await pullRequest(BASE, BASE.replace('name: Docs', 'name: Docs!'));
    const run = runStep('Validate', cwd, {});
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=sigs\.yaml,line=19,title=sigcal::/m);
  });

  it('validate a file that does not parse: one error on its line, which always fails', async () => {
    const { cwd, baseSha } = await pullRequest(BASE, `${BASE}  - dir: [\n`);
    const run = runStep('Validate', cwd, { base: baseSha });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      expect.stringMatching(/^::error file=sigs\.yaml,line=\d+,title=sigcal::YAML syntax error/),
    ]);
  });

  it('build: a fresh folder each run, DTSTAMP kept from the live manifest, the same feeds byte for byte', async () => {
    const { cwd } = await pullRequest(BASE, BASE);
    const inputs = { 'site-url': 'https://org.github.io/community' };
    const first = runStep('Build the site', cwd, {
      ...inputs,
      out: 'live',
      'previous-manifest': 'nothing-published-yet.json',
    });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      'previous manifest: none at nothing-published-yet.json yet (a first publish)',
    );
    const later = runStep('Build the site', cwd, {
      ...inputs,
      out: '_site',
      'previous-manifest': 'live/manifest.json',
    });
    expect(later.status, later.stderr).toBe(0);
    for (const file of ['calendars/all.ics', 'calendars/sig-docs.ics', 'index.html', '404.html']) {
      expect(await readFile(join(cwd, '_site', file), 'utf8'), file).toBe(
        await readFile(join(cwd, 'live', file), 'utf8'),
      );
    }
    // Links use the site URL, with its slash added.
    expect(await readFile(join(cwd, '_site/404.html'), 'utf8')).toContain('href="/community/"');
    // Keep going (the default): an invalid meeting is left out, and said so, rather than failing.
    await writeFile(join(cwd, 'sigs.yaml'), BASE.replace('"17:00"', '"25:00"'));
    const partial = runStep('Build the site', cwd, {
      ...inputs,
      out: '_site',
      'previous-manifest': 'x.json',
    });
    expect(partial.status).toBe(0);
    expect(partial.stdout).toMatch(/^left out: sig-docs \/ weekly-meeting \(sigs\.yaml:10\)/m);
    expect(runStep('Build the site', cwd, { ...inputs, 'keep-going': 'false' }).status).toBe(2);
  });

  it('build: refuses to run without a site URL', async () => {
    const { cwd } = await pullRequest(BASE, BASE);
    const run = runStep('Build the site', cwd, {});
    expect(run.status).toBe(2);
    expect(run.stdout).toBe(
      '::error title=sigcal::site-url is required to build (feeds and pages link to it)\n',
    );
  });
});

describe('the documented workflow (.github/examples/calendar.yml)', () => {
  it('validates pull requests, and publishes to GitHub Pages on merge, daily and by hand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual([
      'pull_request',
      'push',
      'schedule',
      'workflow_dispatch',
    ]);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    // Daily, just after the publishing window rolls forward at 00:00 UTC.
    expect(workflow.on.schedule).toEqual([{ cron: '7 0 * * *' }]);
    expect(workflow.permissions).toEqual({ contents: 'read' });

    const validate = workflow.jobs.validate;
    expect(validate?.if).toBe("github.event_name == 'pull_request'");
    expect(validate?.steps.map((s) => s.uses)).toEqual(['actions/checkout@v4', 'sigcal/sigcal@v0.1.0']);
    expect(validate?.steps[1]?.with).toEqual({ command: 'validate', source: 'sigs.yaml' });

    const publish = workflow.jobs.publish;
    expect(publish?.if).toBe("github.event_name != 'pull_request'");
    expect(publish?.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(publish?.environment?.name).toBe('github-pages');
    expect(publish?.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    expect(publish?.steps.map((s) => s.uses)).toEqual([
      'actions/checkout@v4',
      'actions/configure-pages@v5',
      'sigcal/sigcal@v0.1.0',
      'actions/upload-pages-artifact@v3',
      'actions/deploy-pages@v4',
    ]);
    const build = publish?.steps[2]?.with;
    expect(build).toEqual({
      command: 'build',
      source: 'sigs.yaml',
      out: '_site',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
      'site-url': '${{ steps.pages.outputs.base_url }}/',
    });
    expect(publish?.steps[1]?.id).toBe('pages');
    expect(publish?.steps[3]?.with).toEqual({ path: build?.out });
    for (const input of Object.keys({ ...validate?.steps[1]?.with, ...build })) {
      expect(Object.keys(action.inputs), input).toContain(input);
    }
  });

  it('is the workflow docs/deploy.md shows', async () => {
    const docs = await readFile(join(ROOT, 'docs/deploy.md'), 'utf8');
    const file = await readFile(join(ROOT, '.github/examples/calendar.yml'), 'utf8');
    const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(file);
  });
});

describe('annotate.mjs', () => {
  it('reads the lines a change adds or modifies from git diff --unified=0', () => {
    const diff = [
      'diff --git a/sigs.yaml b/sigs.yaml',
      '--- a/sigs.yaml',
      '+++ b/sigs.yaml',
      '@@ -3 +3 @@ sigs:',
      '-    name: Docs',
      '+    name: Documentation',
      '@@ -9,0 +10,5 @@',
      '+      - description: New',
      '@@ -20,2 +24,0 @@',
      '-      gone',
      'diff --git a/schedule.yaml b/schedule.yaml',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/schedule.yaml',
      '@@ -0,0 +1,2 @@',
      'diff --git a/old.yaml b/old.yaml',
      '--- a/old.yaml',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
    ].join('\n');
    const changed = changedLines(diff);
    expect([...changed.keys()]).toEqual(['sigs.yaml', 'schedule.yaml']);
    expect([...(changed.get('sigs.yaml') ?? [])]).toEqual([3, 10, 11, 12, 13, 14]);
    expect([...(changed.get('schedule.yaml') ?? [])]).toEqual([1, 2]);
  });

  it('escapes workflow commands so no message can end one or start another', () => {
    expect(
      workflowCommand({
        level: 'error',
        file: 'a,b:c.yaml',
        line: 3,
        title: 'sigcal',
        message: '100% "x"\n::error::forged\r',
      }),
    ).toBe('::error file=a%2Cb%3Ac.yaml,line=3,title=sigcal::100%25 "x"%0A::error::forged%0D');
    expect(
      workflowCommand({ level: 'warning', file: 'sigs.yaml', line: 0, title: 'sigcal', message: 'm' }),
    ).toBe('::warning file=sigs.yaml,title=sigcal::m');
  });

  it('always fails a problem with the whole file, wherever the change is', () => {
    const report: Report = {
      ok: false,
      errors: [{ file: './sigs.yaml', line: 0, path: '', message: 'source has 20001 meetings' }],
      warnings: [],
    };
    expect(annotate(report, new Map([['sigs.yaml', new Set([5])]]), 'changed-lines')).toEqual({
      failed: 1,
      annotations: [
        { level: 'error', file: 'sigs.yaml', line: 0, title: 'sigcal', message: 'source has 20001 meetings' },
      ],
    });
  });

  it('turns the one line validate prints for an unreadable file into a report', () => {
    expect(reportFromStderr('sigcal: sigs.yaml:3: YAML syntax error: deficient indentation\n')).toEqual({
      ok: false,
      errors: [
        {
          file: 'sigs.yaml',
          line: 3,
          path: '',
          message: 'YAML syntax error: deficient indentation',
          unreadable: true,
        },
      ],
      warnings: [],
    });
    expect(
      reportFromStderr('sigcal: sigs.yaml:42 sigs[3].meetings[0].time: "25:00" is bad\n').errors,
    ).toEqual([
      {
        file: 'sigs.yaml',
        line: 42,
        path: 'sigs[3].meetings[0].time',
        message: '"25:00" is bad',
        unreadable: true,
      },
    ]);
    expect(reportFromStderr('sigcal: nope.yaml: cannot read: no such file\n').errors).toEqual([
      { file: 'nope.yaml', line: 0, path: '', message: 'cannot read: no such file', unreadable: true },
    ]);
  });
});
