import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const README = readFileSync('README.md', 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'sigcal-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/*
 * The README quotes what `sigcal validate` says of the shipped sigs.yaml (a placeholder left out, a
 * zero-width space removed, an unscheduled meeting): each quote names the line it is on, and the file
 * moves under it as examples are added. Every quote of a field the shipped file has a message for gives
 * that message's line.
 */

const QUOTE = /sigs\.yaml:(\d+) (\S+): /g;

async function validateShipped(): Promise<string> {
  const { code, stdout } = await runCli('2026-11-30T12:00:00Z', 'validate', '--source', 'sigs.yaml');
  expect(code).toBe(0);
  return stdout;
}

describe('the README quotes validate as it is', () => {
  it('gives the line validate names for each field of the shipped sigs.yaml it quotes', async () => {
    const said = new Map<string, string>();
    for (const m of (await validateShipped()).matchAll(QUOTE)) said.set(m[2] ?? '', m[1] ?? '');
    const quoted = [...README.matchAll(QUOTE)]
      .map((m) => ({ path: m[2] ?? '', line: m[1] ?? '' }))
      .filter((q) => said.has(q.path));
    // The three examples of the shipped file: a placeholder, an invisible character, an unscheduled meeting.
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    for (const q of quoted)
      expect(`sigs.yaml:${q.line} ${q.path}`).toBe(`sigs.yaml:${said.get(q.path)} ${q.path}`);
  });
});

describe('the README quotes the other commands as they are', () => {
  it("gives the quick start's warnings as the build prints them", async () => {
    const { code, stdout } = await runCli(
      '2026-11-30T12:00:00Z',
      'build',
      '--overlay',
      'schedule.yaml',
      '--out',
      join(scratch, 'site'),
    );
    expect(code).toBe(0);
    const warnings = (text: string) => text.split('\n').filter((l) => l.startsWith('warning: '));
    const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Subscribing'));
    expect(warnings(stdout)).toHaveLength(2);
    expect(warnings(quickStart)).toEqual(warnings(stdout));
  });

  it('gives the whole transcript of anchor on the shipped example', async () => {
    const out = join(scratch, 'schedule.yaml');
    const { code, stdout } = await runCli(
      '2026-11-30T12:00:00Z',
      'anchor',
      '--source',
      'sigs.yaml',
      '--calendar',
      'examples/community-calendar.ics',
      '--out',
      out,
      '--exceptions',
      '--now',
      '2026-11-30T12:00Z',
    );
    expect(code).toBe(0);
    // The transcript: from the line after the command (which continues over two lines) to the fence.
    const command = README.indexOf(
      '$ sigcal anchor --source sigs.yaml --calendar examples/community-calendar.ics',
    );
    expect(command).toBeGreaterThan(-1);
    const from = README.indexOf('\n', README.indexOf('\n', command) + 1) + 1;
    const transcript = README.slice(from, README.indexOf('\n```', from) + 1);
    expect(stdout.replaceAll(out, 'schedule.yaml')).toBe(transcript);
  });
});
