import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

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
    const quoted = [...readFileSync('README.md', 'utf8').matchAll(QUOTE)]
      .map((m) => ({ path: m[2] ?? '', line: m[1] ?? '' }))
      .filter((q) => said.has(q.path));
    // The three examples of the shipped file: a placeholder, an invisible character, an unscheduled meeting.
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    for (const q of quoted)
      expect(`sigs.yaml:${q.line} ${q.path}`).toBe(`sigs.yaml:${said.get(q.path)} ${q.path}`);
  });
});
