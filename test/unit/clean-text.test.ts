import { describe, expect, it } from 'vitest';
import { cleanText, codePointName, isPlaceholder } from '../../functions/core/clean-text.ts';

/*
 * The reader of invisible characters and placeholders on its own; how meetings and contacts use it is in
 * vocabulary.test.ts and sigs-file.test.ts, and through the CLI in test/integration/bad-input.test.ts.
 */

describe('cleanText', () => {
  it.each([
    ['\u200b', 'U+200B (zero width space)'],
    ['\u200c', 'U+200C (zero width non-joiner)'],
    ['\u200d', 'U+200D (zero width joiner)'],
    ['\u2060', 'U+2060 (word joiner)'],
    ['\ufeff', 'U+FEFF (byte order mark)'],
    ['\u00ad', 'U+00AD (soft hyphen)'],
    ['\u200e', 'U+200E (left-to-right mark)'],
    ['\u202e', 'U+202E (right-to-left override)'],
    ['\u2066', 'U+2066 (left-to-right isolate)'],
  ])('removes %j from links and schedules alike, named %s', (char, name) => {
    for (const role of ['link', 'schedule'] as const) {
      expect(cleanText(`Tues${char}day${char}`, role)).toStrictEqual({
        text: 'Tuesday',
        changes: [`${name} removed`],
      });
    }
  });

  it.each([
    ['\u00a0', 'U+00A0 (no-break space)'],
    ['\u202f', 'U+202F (narrow no-break space)'],
    ['\u2007', 'U+2007 (figure space)'],
    ['\u2009', 'U+2009 (thin space)'],
    ['\u3000', 'U+3000 (ideographic space)'],
  ])(
    'reads %j as a space in a schedule; removes it at the edges of a link, and refuses it inside',
    (char, name) => {
      expect(cleanText(`9:00${char}PM`, 'schedule')).toStrictEqual({
        text: '9:00 PM',
        changes: [`${name} taken as a space`],
      });
      expect(cleanText(`${char} https://example.org/x ${char}`, 'link')).toStrictEqual({
        text: 'https://example.org/x',
        changes: [`${name} removed`],
      });
      expect(cleanText(`https://example.org/a${char}b`, 'link')).toStrictEqual({
        text: `https://example.org/a${char}b`,
        changes: [],
        unsafe: name,
      });
    },
  );

  it('leaves every other text as it is, control characters included (they are errors elsewhere)', () => {
    for (const text of ['', 'Tuesday', ' 9:00 ', '9:00\r\nX-INJECTED: 1', 'Zürich', '\u{1F468}\u{1F3FD}']) {
      expect(cleanText(text, 'schedule')).toStrictEqual({ text, changes: [] });
    }
  });

  it('names each character once, in the order found', () => {
    expect(cleanText('\u200bA\u00adB\u200bC\u00a0D', 'schedule').changes).toStrictEqual([
      'U+200B (zero width space) removed',
      'U+00AD (soft hyphen) removed',
      'U+00A0 (no-break space) taken as a space',
    ]);
  });

  it('names a character it does not know by its code point alone', () => {
    expect(codePointName('x')).toBe('U+0078');
    expect(codePointName('\u{1F600}')).toBe('U+1F600');
  });
});

describe('isPlaceholder', () => {
  it.each([
    'TBD',
    'tbd',
    'TBA',
    'TBC',
    'To be determined',
    'N/A',
    'n/a',
    'N.A.',
    'none',
    'NONE',
    'nil',
    'null',
    'unknown',
    'TODO',
    'pending',
    'coming soon',
    '-',
    '--',
    '–',
    '—',
    '?',
    '???',
    '...',
    '…',
    '(TBD)',
    '[TBD]',
    '"TBD"',
    'TBD.',
    ' TBD ',
  ])('%j is a placeholder', (text) => {
    expect(isPlaceholder(text)).toBe(true);
  });

  it.each([
    '',
    'https://example.org/tbd',
    'sig-docs',
    'nonetheless',
    'TBD: https://example.org/x',
    'sig-docs@lists.example.org',
    'annual',
    `${'.'.repeat(10_000)}x`,
    '.'.repeat(41),
  ])('%j is not', (text) => {
    expect(isPlaceholder(text)).toBe(false);
  });
});
