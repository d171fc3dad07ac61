import { readFile, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyAlternation, requiredLiterals } from '../../functions/core/lazy-alternation.ts';
import { NOT_THE_RULE_CUES } from '../../functions/core/not-the-rule-cues.ts';
import { NOT_THE_RULE_PHRASINGS } from '../../functions/core/schedule-text.ts';

/*
 * LazyAlternation searches like the alternation it stands for, and skips an alternative only for a
 * text that holds none of the literals every match of it contains. Both claims are checked against
 * V8's own engine: the literals on strings fast-check generates from each pattern, the search against
 * the whole alternation compiled as one expression.
 */

/**
 * `source` without its zero-width assertions (lookarounds, `\b`, `^`, `$`): it matches every string
 * the source matches, and more. fast-check cannot generate from assertions; the literals must be in
 * every string of the larger language too, since requiredLiterals reads assertions as matching nothing.
 */
function withoutAssertions(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1] as string;
      i += 1;
      if (next !== 'b' && next !== 'B') out += c + next;
    } else if (c === '[') {
      const end = classEnd(source, i);
      out += source.slice(i, end + 1);
      i = end;
    } else if (c === '(' && /^\(\?<?[=!]/.test(source.slice(i, i + 4))) {
      i = groupEnd(source, i);
    } else if (c !== '^' && c !== '$') out += c;
  }
  return out;
}

function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === ']') return i;
  }
  throw new Error(`unclosed class in ${source}`);
}

function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error(`unclosed group in ${source}`);
}

describe('requiredLiterals', () => {
  it.each([
    ['paused', ['paused']],
    ['(?:on )?hiatus', ['hiatus']],
    ['tri-?weekly', ['triweekly', 'tri-weekly']],
    ['(?:odd|even) months', ['odd months', 'even months']],
    // The tighter of two runs: " before the …" beats the weekday.
    [
      '(?:mon|tue)day before the (?:first|last)',
      [
        'monday before the first',
        'monday before the last',
        'tueday before the first',
        'tueday before the last',
      ],
    ],
    // A part that can be absent requires nothing; the rest still does.
    ['\\d{1,2}\\.\\d{1,2}\\.(?:19|20)\\d\\d', ['.19', '.20']],
    ['alternat\\w* between [^).;]*?(?:x|y)', [' between ']],
    ['(?<=^|[(,;]\\s*)cancel(?:l?ed)(?=\\s*:)', ['canceled', 'cancelled']],
    ['a+b', ['a']],
    ['(?:ab){2,3}', ['ab']],
    // Literals that contain another are not needed: a text with "monday" has "mon".
    ['mon(?:day)?', ['mon']],
  ])('%s requires one of %j', (source, literals) => {
    expect(new Set(requiredLiterals(source))).toEqual(new Set(literals));
  });

  it.each([
    ['\\d+', 'a class alone'],
    ['(?:paused)?', 'an optional part'],
    ['paused|\\w+', 'an alternative that requires nothing'],
    ['x*', 'a part that may repeat no times'],
    ['\\u0070aused', 'an escape the reader does not know'],
    ['(?<name>paused)', 'a named group'],
    ['(?:paused', 'an unclosed group'],
    ['paused)', 'a stray bracket'],
    ['', 'nothing'],
  ])('%j requires nothing known (%s)', (source) => {
    expect(requiredLiterals(source)).toBeNull();
  });
});

describe('the phrasings that are not a plain rule', () => {
  it.each(NOT_THE_RULE_PHRASINGS.map((source, i) => [i, source] as const))(
    'phrasing %i has literals, and every string it matches holds one',
    (_, source) => {
      const literals = requiredLiterals(source);
      // Without any, the phrasing would be compiled for every text: correct, but the cost this avoids.
      expect(literals).not.toBeNull();
      fc.assert(
        fc.property(fc.stringMatching(new RegExp(withoutAssertions(source))), (text) =>
          (literals ?? []).some((literal) => text.includes(literal)),
        ),
        { numRuns: 200 },
      );
    },
  );
});

describe('LazyAlternation', () => {
  const around = { before: '(?<![\\w-])', after: '(?=[^\\w-]|$)' };
  const whole = new RegExp(`${around.before}(?:${NOT_THE_RULE_PHRASINGS.join('|')})${around.after}`);
  const lazy = new LazyAlternation(NOT_THE_RULE_PHRASINGS, around);

  /** Texts made of the phrasings' own words and the words around them in `frequency`. */
  const words = [
    ...new Set(
      NOT_THE_RULE_PHRASINGS.flatMap((s) => s.match(/[a-z]+|\d+|[-/.,;()]/g) ?? []).concat(
        ['weekly', 'biweekly', 'monthly', 'every', 'other', 'tuesday', 'the', 'meeting', '2027', '12/29'],
        ['january', 'may', 'release', 'cycle', 'kubecon', 'on', 'in', 'of', 'until', 'from', 'and', '-'],
      ),
    ),
  ];
  const text = fc
    .array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 })
    .chain((ws) => fc.constantFrom(' ', '').map((gap) => ws.join(gap === '' ? ' ' : gap)));

  it('finds what the whole alternation finds: the same text at the same place', () => {
    fc.assert(
      fc.property(text, (t) => {
        const expected = whole.exec(t);
        const found = lazy.exec(t);
        expect(found?.[0]).toBe(expected?.[0]);
        expect(found?.index).toBe(expected?.index);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the leftmost match, and the first alternative at a tie', () => {
    const alternation = new LazyAlternation(['b+', 'ab', 'a']);
    expect(alternation.exec('xab')?.[0]).toBe('ab');
    expect(alternation.exec('xbab')?.index).toBe(1);
    expect(alternation.exec('zzz')).toBeNull();
  });

  it('searches an alternative with no known literals in every text', () => {
    const alternation = new LazyAlternation(['paused', '\\d+']);
    expect(alternation.exec('weekly 42')?.[0]).toBe('42');
  });

  it('compiles an alternative only for a text that holds one of its literals', () => {
    // An invalid pattern throws when compiled: a text without "paused" never compiles it.
    const alternation = new LazyAlternation(['weekly', 'paused{2,1}']);
    expect(alternation.exec('weekly')?.[0]).toBe('weekly');
    expect(() => alternation.exec('paused')).toThrow(SyntaxError);
  });
});

describe('the cue table (functions/core/not-the-rule-cues.ts)', () => {
  const FILE = 'functions/core/not-the-rule-cues.ts';
  const computed = new Map(NOT_THE_RULE_PHRASINGS.map((source) => [source, requiredLiterals(source)]));

  /** The table's module, as `UPDATE_GOLDEN=1 npm test` writes it. */
  const moduleText = () =>
    [
      '// Generated from NOT_THE_RULE_PHRASINGS (schedule-text.ts) by `UPDATE_GOLDEN=1 npm test`; do not edit.',
      '// test/unit/lazy-alternation.test.ts fails while it is out of date. Not formatted by Biome.',
      '/**',
      ' * The literals requiredLiterals (lazy-alternation.ts) reads from each phrasing, by its exact source,',
      ' * read once here rather than in every process (reading all of them took 25-35 ms, timed alone in a',
      ' * cold process).',
      ' */',
      'export const NOT_THE_RULE_CUES: ReadonlyMap<string, readonly string[] | null> = new Map<string, readonly string[] | null>([',
      ...[...computed].map(([source, cues]) => `  [${JSON.stringify(source)}, ${JSON.stringify(cues)}],`),
      ']);',
      '',
    ].join('\n');

  it('holds what requiredLiterals reads from every phrasing, and nothing else', async () => {
    if (process.env.UPDATE_GOLDEN) {
      await writeFile(FILE, moduleText());
      return;
    }
    expect(
      new Map(NOT_THE_RULE_CUES),
      `${FILE} is out of date: run UPDATE_GOLDEN=1 npm test and commit it`,
    ).toEqual(computed);
    expect(await readFile(FILE, 'utf8')).toBe(moduleText());
  });

  it('is only a shortcut: an alternative whose source it does not hold reads its own literals', () => {
    // A stale entry for a source that is not searched cannot make the search skip anything.
    const alternation = new LazyAlternation(['paused', 'on hold'], {}, new Map([['paus', ['nothing']]]));
    expect(alternation.exec('on hold, paused')?.[0]).toBe('on hold');
    // A held entry is used as it is (here, wrongly: the search then skips the text).
    const trusting = new LazyAlternation(['paused'], {}, new Map([['paused', ['nothing']]]));
    expect(trusting.exec('paused')).toBeNull();
  });
});
