import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../functions/cli/main.ts';
import { parseIsoDateTime, prefixProblem, refreshProblem } from '../../functions/shared/operator-inputs.ts';

/*
 * What an operator types is trusted, not hostile, but a typo must stop the command with a usage error
 * (exit 2) instead of publishing somewhere unexpected or computing from an invented date.
 */

async function run(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    },
    env: {},
    now: () => new Date('2026-11-30T12:00:00Z'),
  };
  return { code: await main(argv, io), stderr };
}

describe('operator inputs', () => {
  it.each([
    ['2026-02-30', 'February has no 30th: not March 2nd'],
    ['2026-13-01', 'no 13th month'],
    ['2026-04-31', 'April has 30 days'],
    ['2027-02-29', 'not a leap year'],
    ['2026-01-01T24:00Z', 'not the next day'],
    ['2026-01-01T09:60Z', 'no 60th minute'],
    ['2026-01-01T09:00+25:00', 'no such offset'],
    ['2026-01-01garbage', 'trailing text'],
    ['next tuesday', 'not ISO'],
  ])('--now %j is a usage error (%s)', async (now) => {
    expect(parseIsoDateTime(now)).toBeUndefined();
    for (const command of ['validate', 'build']) {
      const { code, stderr } = await run(command, '--now', now, '--source', 'no-such-file.yaml');
      expect(code).toBe(2);
      expect(stderr).toContain(`sigcal: --now "${now}" is not an ISO date or date-time`);
    }
  });

  it('--now accepts real dates and date-times', () => {
    expect(parseIsoDateTime('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseIsoDateTime('2026-11-30T12:00Z')?.toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(parseIsoDateTime('2026-11-30T12:00:30.5+01:00')?.toISOString()).toBe('2026-11-30T11:00:30.500Z');
  });

  it.each(['P', 'PT', 'PT0H', 'P0D', 'P0DT0H0M', '-PT1H', 'PT1.5H', 'PT6h', '6H', 'P1W'])(
    '--refresh %j is a usage error: not a positive duration',
    async (refresh) => {
      expect(refreshProblem(refresh)).toBeDefined();
      // (The option parser already refuses a value that starts with "-".)
      if (refresh.startsWith('-')) return;
      const { code, stderr } = await run('build', '--refresh', refresh, '--source', 'no-such-file.yaml');
      expect(code).toBe(2);
      expect(stderr).toContain(`sigcal: --refresh "${refresh}" is not a positive ISO 8601 duration`);
    },
  );

  it('--refresh accepts days, hours and minutes', () => {
    for (const ok of ['PT6H', 'P1D', 'PT30M', 'P1DT12H', 'PT1H30M'])
      expect(refreshProblem(ok), ok).toBeUndefined();
  });

  it.each([
    ['--days-before', '731'],
    ['--days-after', '731'],
    ['--days-after', '3660'],
    ['--days-after', '0'],
  ])('%s %s is a usage error: at most two years', async (option, days) => {
    const { code, stderr } = await run('build', option, days, '--source', 'no-such-file.yaml');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`sigcal: ${option} "${days}" is not a whole number of days from [01] to 730`),
    );
  });

  it.each(['/community/', '../other', 'a/../../b', 'a/./b', 'a//b', 'a\\b'])(
    '--prefix %j is a usage error: it must stay inside the bucket',
    async (prefix) => {
      expect(prefixProblem(prefix)).toBeDefined();
      // Refused before any client is made or anything is read.
      const { code, stderr } = await run(
        'publish',
        '--bucket',
        'site',
        '--prefix',
        prefix,
        '--source',
        'no-such-file.yaml',
      );
      expect(code).toBe(2);
      expect(stderr).toContain(`sigcal: --prefix "${prefix}" must not`);
    },
  );

  it('--prefix accepts nested prefixes, with or without the final slash', () => {
    for (const ok of ['community', 'community/', 'community/calendar/', ''])
      expect(prefixProblem(ok), ok).toBeUndefined();
  });
});
