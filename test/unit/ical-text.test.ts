import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { assembleCalendar } from '../../functions/core/ical/calendar.ts';
import { EventTemplate } from '../../functions/core/ical/event.ts';
import { escapeText, fold, textProperty } from '../../functions/core/ical/text.ts';
import { utf8Length } from '../../functions/core/utf8.ts';
import { CALENDAR_PROPERTY_NAMES } from '../support/site-checks.ts';

/*
 * The writer's text layer against independent references: TextEncoder for octets, regular expressions
 * for cleaning and unescaping, a plain greedy fold over code points, and ical.js reading the result.
 */

const encoder = new TextEncoder();
const octets = (text: string) => encoder.encode(text).byteLength;
/** The physical lines of folded text, without their CRLF. */
const physical = (folded: string) => {
  expect(folded.endsWith('\r\n')).toBe(true);
  return folded.slice(0, -2).split('\r\n');
};
/** RFC 5545 3.1 unfolding: remove each CRLF followed by one space. */
const unfold = (folded: string) => folded.slice(0, -2).replace(/\r\n /g, '');

const DROPPED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that TEXT may not hold
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** What a TEXT value should read back as: line breaks as LF, dropped characters gone, no lone surrogate. */
const cleaned = (text: string) =>
  text.replace(/\r\n?/g, '\n').replace(DROPPED, '').replace(LONE_SURROGATE, '\uFFFD');
const unescaped = (text: string) =>
  text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** A plain greedy fold over code points, for text with no grapheme extenders. */
function greedyFold(line: string): string {
  const lines: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const n = octets(char);
    if (size + n > 75) {
      lines.push(current);
      current = ' ';
      size = 1;
    }
    current += char;
    size += n;
  }
  lines.push(current);
  return `${lines.join('\r\n')}\r\n`;
}

/** Any UTF-16 code unit, lone surrogates included, or any code point. */
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }),
  );
/** Text dense in what folding must take care of: multi-octet characters, graphemes, escapes. */
const foldable = (maxLength: number) =>
  fc.string({
    unit: fc.constantFrom('a', ' ', 'é', '€', '東', '😀', '\u0301', '\u200d', '🏽', '\ufe0f', '\\', 'n', ','),
    maxLength,
  });

describe('utf8Length', () => {
  it('counts octets as TextEncoder writes them, lone surrogates as U+FFFD', () => {
    for (const text of [
      '',
      'a',
      'é',
      '€',
      '😀',
      '\ud800',
      '\udc00',
      '\udc00\ud800',
      'a\ud83d',
      'Zürich 東京 😀',
    ]) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(octets(text));
    }
    fc.assert(fc.property(anyText(200), (text) => utf8Length(text) === octets(text)));
  });
});

describe('escapeText (RFC 5545 3.3.11)', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(escapeText('1\r\n2\r3\n\r4\r\r\n5')).toBe('1\\n2\\n3\\n\\n4\\n\\n5');
    expect(escapeText('plain text, 東京 😀')).toBe('plain text\\, 東京 😀');
  });

  it('drops C0 and C1 controls, U+2028/U+2029 and bidi controls; keeps tab and other text', () => {
    const dropped = [
      ...Array.from({ length: 0x20 }, (_, c) => c).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
      ...Array.from({ length: 0x21 }, (_, c) => 0x7f + c),
      0x2028,
      0x2029,
      0x202a,
      0x202b,
      0x202c,
      0x202d,
      0x202e,
      0x2066,
      0x2067,
      0x2068,
      0x2069,
    ];
    expect(dropped).toHaveLength(29 + 33 + 2 + 5 + 4);
    for (const c of dropped) {
      expect(escapeText(`a${String.fromCharCode(c)}b`), c.toString(16)).toBe('ab');
    }
    // Tab is TEXT (WSP); no-break space, soft hyphen, marks, joiners and BOM are not controls.
    for (const kept of ['\t', '\u00a0', '\u00ad', '\u200e', '\u200f', '\u200d', '\ufeff', '\u0301', 'ß']) {
      expect(escapeText(`a${kept}b`), kept.charCodeAt(0).toString(16)).toBe(`a${kept}b`);
    }
  });

  it('writes a lone surrogate as U+FFFD and keeps a pair', () => {
    // A pair split by a dropped character is the pair once it is gone, as cleaning (and a page) read it;
    // random text found this case once in the property below.
    expect(escapeText('\ud83d\u202e\ude00')).toBe('😀');
    expect(escapeText('\ud800\u0000\u0001\udc00x')).toBe('\ud800\udc00x');
    expect(escapeText('\ud83d\u202ea\ude00')).toBe('\ufffda\ufffd');
    expect(escapeText('\ud800x')).toBe('\ufffdx');
    expect(escapeText('x\udc00')).toBe('x\ufffd');
    expect(escapeText('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(escapeText('😀\ud83d')).toBe('😀\ufffd');
  });

  it('for any text: no line break, no dropped character, and it unescapes to the cleaned text', () => {
    fc.assert(
      fc.property(anyText(300), (text) => {
        const escaped = escapeText(text);
        expect(escaped).not.toMatch(/[\r\n]/);
        expect(escaped).not.toMatch(DROPPED);
        expect(escaped).not.toMatch(LONE_SURROGATE);
        expect(unescaped(escaped)).toBe(cleaned(text));
      }),
      { numRuns: 500 },
    );
  });

  it('is linear: a megabyte of text dense in escapes comes out exactly as the reference', () => {
    const text = 'a\\b;c,d\r\ne\u0085f\u2028g\u202eh\ud800é😀\t'.repeat(60_000);
    expect(text.length).toBeGreaterThan(1_000_000);
    const reference = cleaned(text)
      .replace(/[\\;,]/g, '\\$&')
      .replace(/\n/g, '\\n');
    expect(escapeText(text)).toBe(reference);
  });
});

describe('fold (RFC 5545 3.1)', () => {
  const A = (n: number) => 'A'.repeat(n);

  it('leaves a line of 75 octets alone and cuts the 76th onto a line that starts with a space', () => {
    expect(fold(A(75))).toBe(`${A(75)}\r\n`);
    expect(fold(A(76))).toBe(`${A(75)}\r\n A\r\n`);
    // The leading space counts: a continuation line holds 74 octets of the line.
    expect(fold(`${A(75)}${'B'.repeat(74)}C`)).toBe(`${A(75)}\r\n ${'B'.repeat(74)}\r\n C\r\n`);
    expect(fold('')).toBe('\r\n');
  });

  it.each([
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])('never splits a %s (%i octets) at the boundary', (char, size) => {
    // Ends exactly at octet 75: no fold.
    expect(fold(A(75 - size) + char)).toBe(`${A(75 - size)}${char}\r\n`);
    // Would end at octets 76 .. 75 + size - 1: it moves whole to the next line.
    for (let a = 76 - size; a < 75; a += 1) {
      expect(fold(A(a) + char), `${a} + ${size}`).toBe(`${A(a)}\r\n ${char}\r\n`);
    }
    // On continuation lines too.
    const perLine = Math.floor(74 / size);
    expect(fold(A(75) + char.repeat(perLine + 1))).toBe(
      `${A(75)}\r\n ${char.repeat(perLine)}\r\n ${char}\r\n`,
    );
  });

  it('keeps a grapheme whole where the line has room to cut before it', () => {
    // e + COMBINING ACUTE ACCENT would straddle the boundary: the cut goes before the e.
    expect(fold(`${A(73)}e\u0301`)).toBe(`${A(73)}\r\n e\u0301\r\n`);
    // WOMAN ZWJ LAPTOP: no cut after the joiner.
    expect(fold(`${A(66)}👩\u200d💻`)).toBe(`${A(66)}\r\n 👩\u200d💻\r\n`);
    // THUMBS UP + skin tone modifier.
    expect(fold(`${A(68)}👍🏽`)).toBe(`${A(68)}\r\n 👍🏽\r\n`);
    // A TEXT escape may be cut (readers unfold before they unescape): only code points count.
    expect(fold(`${A(74)}\\n`)).toBe(`${A(74)}\\\r\n n\r\n`);
  });

  it('cuts inside a grapheme only when it is longer than a line', () => {
    const zalgo = `e${'\u0301'.repeat(50)}`;
    expect(fold(zalgo)).toBe(`e${'\u0301'.repeat(37)}\r\n ${'\u0301'.repeat(13)}\r\n`);
    expect(fold(`${A(70)}${zalgo}`)).toBe(
      `${A(70)}\r\n e${'\u0301'.repeat(36)}\r\n ${'\u0301'.repeat(14)}\r\n`,
    );
  });

  it('for any line: CRLF only, at most 75 octets a line, no split code point, and it unfolds to the line', () => {
    fc.assert(
      // A logical line holds no line break: TEXT values have theirs escaped.
      fc.property(fc.oneof(foldable(400), fc.string({ unit: 'binary', maxLength: 400 })), (text) => {
        const line = text.replace(/[\r\n]/g, '');
        const folded = fold(line);
        expect(folded.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        const lines = physical(folded);
        lines.forEach((part, i) => {
          expect(octets(part)).toBeLessThanOrEqual(75);
          if (i > 0) expect(part.startsWith(' ')).toBe(true);
          // A split surrogate pair would not survive encoding.
          expect(new TextDecoder('utf-8', { fatal: true }).decode(encoder.encode(part))).toBe(part);
        });
        expect(unfold(folded)).toBe(line);
      }),
      { numRuns: 500 },
    );
  });

  it('fills each line as a plain greedy fold does when nothing asks for an earlier cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '€', '東', '😀'), maxLength: 400 }), (line) => {
        expect(fold(line)).toBe(greedyFold(line));
      }),
    );
  });

  it('is linear: a line of a megabyte folds exactly as the greedy reference, and unfolds back', () => {
    const line = `DESCRIPTION:${'abcdé€😀東京 xyz'.repeat(80_000)}`;
    expect(octets(line)).toBeGreaterThan(1_000_000);
    const folded = fold(line);
    expect(folded).toBe(greedyFold(line));
    expect(unfold(folded)).toBe(line);
  });
});

describe('a 10,000-character value', () => {
  const value = Array.from(
    { length: 10_000 },
    (_, i) => ['a', 'é', '€', '😀', ',', ';', '\\', '\n', ' ', 'e\u0301'][i % 10] as string,
  ).join('');

  it('folds into lines of at most 75 octets that unfold to the escaped value', () => {
    const line = textProperty('DESCRIPTION', value);
    for (const part of physical(line)) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(unfold(line)).toBe(`DESCRIPTION:${escapeText(value)}`);
    expect(unescaped(escapeText(value))).toBe(value);
  });

  it('reads back exactly from a feed, in ical.js', () => {
    const template = new EventTemplate({
      summary: value,
      description: value,
      location: value,
      url: 'https://example.org/x',
      stamp: 0,
    });
    const feed = assembleCalendar(
      { name: value, description: value, refresh: 'PT6H', productId: '-//t//t//EN' },
      [template.render('u@x', 0, 3_600_000, false)],
    );
    const calendar = new ICAL.Component(ICAL.parse(feed) as unknown as unknown[]);
    expect(calendar.getFirstPropertyValue('description')).toBe(value);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined);
    expect(event.summary).toBe(value);
    expect(event.description).toBe(value);
    expect(event.location).toBe(value);
  });
});

describe('no value can start a property or a component', () => {
  it('for any text, a TEXT property is one logical line, and ical.js reads back the cleaned text', () => {
    fc.assert(
      fc.property(anyText(200), (text) => {
        const line = textProperty('SUMMARY', text);
        const logical = unfold(line);
        expect(logical).not.toMatch(/[\r\n]/);
        expect(logical.startsWith('SUMMARY:')).toBe(true);
        const template = new EventTemplate({
          summary: text,
          description: text,
          location: text,
          url: 'https://example.org/x',
          stamp: 0,
        });
        const feed = assembleCalendar(
          { name: text, description: text, refresh: 'PT6H', productId: '-//t//t//EN' },
          [template.render('u@x', 0, 3_600_000, true)],
        );
        const calendar = new ICAL.Component(ICAL.parse(feed) as unknown as unknown[]);
        expect(calendar.getAllProperties().map((p) => p.name)).toEqual([...CALENDAR_PROPERTY_NAMES]);
        const vevents = calendar.getAllSubcomponents();
        expect(vevents.map((v) => v.name)).toEqual(['vevent']);
        const event = new ICAL.Event(vevents[0]);
        expect(event.description).toBe(cleaned(text));
        expect(event.summary).toBe(`Cancelled: ${cleaned(text)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("an event's UID line", () => {
  // UIDs as sigcal makes them (printable ASCII) around the 75-octet line, and anything else.
  const uidArb = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', '0', '-', '@', ' ', ',', ';', '\\'), maxLength: 75 }),
    fc.string({
      unit: fc.constantFrom('a', 'z', '0', '-', '.', '@', ' ', '~'),
      minLength: 65,
      maxLength: 80,
    }),
    fc.string({
      unit: fc.constantFrom('a', '0', '-', '@', ' ', '~', ',', ';', '\\', '\t', 'é'),
      minLength: 60,
      maxLength: 80,
    }),
    anyText(100),
  );

  it('is what textProperty writes, and the event counts its octets exactly', () => {
    const template = new EventTemplate({
      summary: 'Weekly',
      description: 'Ünïcode',
      location: 'https://example.org/x',
      url: 'https://example.org/x',
      stamp: 0,
    });
    fc.assert(
      fc.property(uidArb, fc.boolean(), (uid, cancelled) => {
        const event = template.render(uid, 0, 3_600_000, cancelled);
        expect(event.text).toContain(`\r\n${textProperty('UID', uid)}`);
        expect(event.bytes).toBe(octets(event.text));
      }),
      { numRuns: 3000 },
    );
  });
});
