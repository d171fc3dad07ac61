#!/usr/bin/env node
// Turns `sigcal validate --json` into GitHub annotations for the sigcal action (action.yml): every
// problem becomes an ::error or ::warning on its file and line, so a pull request shows it on the line
// it changed. With --fail-on changed-lines (the default), only problems on lines the pull request
// changed, and problems with the whole file, fail the check; others are reported as warnings, so a
// problem already on the base branch does not block every unrelated change.
//
//   node annotate.mjs --report report.json [--stderr validate.stderr] [--diff changes.diff]
//                     [--fail-on changed-lines|any]
//
// Exit 0 when nothing fails, 1 otherwise. Plain JavaScript: it runs on the runner without a build.
import { appendFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * The lines each file has after a change, added or modified, from `git diff --unified=0`.
 * @param {string} diff
 * @returns {Map<string, Set<number>>}
 */
export function changedLines(diff) {
  /** @type {Map<string, Set<number>>} */
  const files = new Map();
  /** @type {Set<number> | undefined} */
  let current;
  for (const line of diff.split('\n')) {
    const file = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/.exec(line);
    if (file) {
      current = file[1] === undefined ? undefined : new Set();
      if (current && file[1] !== undefined) files.set(normalise(file[1]), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return files;
}

/**
 * @typedef {{ file: string, line: number, path: string, message: string, unreadable?: boolean }} Problem
 * @typedef {{ ok: boolean, errors: Problem[], warnings: Problem[] }} Report
 * @typedef {{ level: 'error' | 'warning', file: string, line: number, title: string, message: string }} Annotation
 */

/**
 * The annotations for a report. `changed` is null when there is no diff (a push, a schedule): then
 * every error fails. Problems at line 0 are about the whole file and always fail.
 * @param {Report} report
 * @param {Map<string, Set<number>> | null} changed
 * @param {'changed-lines' | 'any'} failOn
 * @returns {{ annotations: Annotation[], failed: number }}
 */
export function annotate(report, changed, failOn) {
  /** @type {Annotation[]} */
  const annotations = [];
  let failed = 0;
  for (const problem of report.errors) {
    const onChange = changed?.get(normalise(problem.file))?.has(problem.line) ?? false;
    const whole = problem.line === 0 || problem.unreadable === true;
    const fails = failOn === 'any' || changed === null || whole || onChange;
    if (fails) failed++;
    annotations.push({
      level: fails ? 'error' : 'warning',
      file: normalise(problem.file),
      line: problem.line,
      title: fails ? 'sigcal' : 'sigcal (on a line this change does not touch)',
      message: problem.path ? `${problem.path}: ${problem.message}` : problem.message,
    });
  }
  for (const problem of report.warnings) {
    annotations.push({
      level: 'warning',
      file: normalise(problem.file),
      line: problem.line,
      title: 'sigcal',
      message: problem.path ? `${problem.path}: ${problem.message}` : problem.message,
    });
  }
  return { annotations, failed };
}

/**
 * A file that could not be read or parsed at all: `validate --json` prints a report with that one error
 * marked `unreadable` (an older sigcal printed none, only one line on stderr, `sigcal: sigs.yaml:12: …`,
 * which becomes that report here). It always fails: with the file unreadable, nothing else in it could
 * be checked.
 * @param {string} stderr
 * @returns {Report}
 */
export function reportFromStderr(stderr) {
  const text = stderr.trim().split('\n')[0] ?? '';
  // `file:line: message`, or `file:line path: message` (see formatDiagnostic).
  const located = /^sigcal: (.+?):(\d+)(?:: (.*)| (.+?): (.*))$/.exec(text);
  if (located) {
    const [, file = '', line = '0', bare, path = '', message = ''] = located;
    return {
      ok: false,
      errors: [
        {
          file,
          line: Number(line),
          path: bare === undefined ? path : '',
          message: bare ?? message,
          unreadable: true,
        },
      ],
      warnings: [],
    };
  }
  const fileOnly = /^sigcal: ([^:\s]+): (.*)$/.exec(text);
  const [, file = '', message = text.replace(/^sigcal: /, '') || 'sigcal validate failed'] = fileOnly ?? [];
  return { ok: false, errors: [{ file, line: 0, path: '', message, unreadable: true }], warnings: [] };
}

/**
 * A GitHub workflow command, escaped as the runner expects (properties and data differ).
 * @param {Annotation} a
 * @returns {string}
 */
export function workflowCommand(a) {
  const data = (/** @type {string} */ text) =>
    text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (/** @type {string} */ text) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const where = a.file ? `file=${property(a.file)}${a.line > 0 ? `,line=${a.line}` : ''},` : '';
  return `::${a.level} ${where}title=${property(a.title)}::${data(a.message)}`;
}

/** @param {string} file */
function normalise(file) {
  return file.replace(/^\.\//, '');
}

/** @param {Annotation[]} annotations @param {number} failed */
function summary(annotations, failed) {
  const rows = annotations.map(
    (a) =>
      `| ${a.level === 'error' ? '❌' : '⚠️'} | \`${a.file}${a.line > 0 ? `:${a.line}` : ''}\` | ${a.message.replace(/\|/g, '\\|')} |`,
  );
  const head =
    annotations.length === 0
      ? 'sigcal: no problems.'
      : `sigcal: ${failed} problem(s) that fail this check, ${annotations.length - failed} reported as warnings.`;
  return `### ${head}\n\n${rows.length > 0 ? `| | where | problem |\n| --- | --- | --- |\n${rows.join('\n')}\n` : ''}`;
}

function main() {
  const { values } = parseArgs({
    options: {
      report: { type: 'string' },
      stderr: { type: 'string' },
      diff: { type: 'string' },
      'fail-on': { type: 'string', default: 'changed-lines' },
    },
  });
  const failOn = values['fail-on'];
  if (failOn !== 'changed-lines' && failOn !== 'any') {
    process.stderr.write(`annotate: --fail-on must be changed-lines or any, not "${failOn}"\n`);
    return 1;
  }
  const text = values.report ? readFileSync(values.report, 'utf8') : '';
  /** @type {Report} */
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    report = reportFromStderr(values.stderr ? readFileSync(values.stderr, 'utf8') : '');
  }
  const changed = values.diff ? changedLines(readFileSync(values.diff, 'utf8')) : null;
  const { annotations, failed } = annotate(report, changed, failOn);
  for (const a of annotations) process.stdout.write(`${workflowCommand(a)}\n`);
  process.stdout.write(
    `sigcal: ${failed} problem(s) fail this check; ${annotations.length - failed} reported as warnings\n`,
  );
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary(annotations, failed));
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
