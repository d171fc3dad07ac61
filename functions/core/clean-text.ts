import { quoted } from './errors.ts';

/**
 * Invisible and formatting characters, and placeholders, in the fields that hold links and schedules.
 *
 * Real files carry them from copy and paste: a zero-width space inside a meeting link, a no-break space
 * in "9:00 PM", a soft hyphen in "Thurs­day". The value looks right on screen but does not read as written,
 * so what is removed or changed is reported by code point (`U+200B`). Prose (descriptions, names, the
 * mission statement) is never cleaned: a zero-width joiner is part of an emoji sequence there.
 */

/** What a value is: a link (URL, contact) or part of a schedule (day, time, zone, rule, dates, id). */
export type TextRole = 'link' | 'schedule';

/** A value with its invisible characters dealt with. */
export interface CleanedText {
  readonly text: string;
  /** What was removed or changed, one phrase per character: `U+200B (zero width space) removed`. */
  readonly changes: readonly string[];
  /**
   * A link only: a space-like character (no-break space…) inside the value, which cannot be removed
   * safely, since it may separate two things. Named as `U+00A0 (no-break space)`.
   */
  readonly unsafe?: string;
}

/**
 * Format characters with no meaning in a link or a schedule, removed wherever they are: zero-width
 * characters, the soft hyphen, invisible operators, and bidi marks, embeddings, overrides and isolates
 * (the text is read in its logical order, which is what sigcal always reads).
 */
const INVISIBLE: ReadonlyMap<number, string> = new Map([
  [0x00ad, 'soft hyphen'],
  [0x061c, 'arabic letter mark'],
  [0x180e, 'mongolian vowel separator'],
  [0x200b, 'zero width space'],
  [0x200c, 'zero width non-joiner'],
  [0x200d, 'zero width joiner'],
  [0x200e, 'left-to-right mark'],
  [0x200f, 'right-to-left mark'],
  [0x202a, 'left-to-right embedding'],
  [0x202b, 'right-to-left embedding'],
  [0x202c, 'pop directional formatting'],
  [0x202d, 'left-to-right override'],
  [0x202e, 'right-to-left override'],
  [0x2060, 'word joiner'],
  [0x2061, 'function application'],
  [0x2062, 'invisible times'],
  [0x2063, 'invisible separator'],
  [0x2064, 'invisible plus'],
  [0x2066, 'left-to-right isolate'],
  [0x2067, 'right-to-left isolate'],
  [0x2068, 'first strong isolate'],
  [0x2069, 'pop directional isolate'],
  [0xfeff, 'byte order mark'],
]);

/** Spaces that look like a plain space: read as one in a schedule, removed at the edges of a link. */
const SPACES: ReadonlyMap<number, string> = new Map([
  [0x00a0, 'no-break space'],
  [0x1680, 'ogham space mark'],
  [0x2000, 'en quad'],
  [0x2001, 'em quad'],
  [0x2002, 'en space'],
  [0x2003, 'em space'],
  [0x2004, 'three-per-em space'],
  [0x2005, 'four-per-em space'],
  [0x2006, 'six-per-em space'],
  [0x2007, 'figure space'],
  [0x2008, 'punctuation space'],
  [0x2009, 'thin space'],
  [0x200a, 'hair space'],
  [0x202f, 'narrow no-break space'],
  [0x205f, 'medium mathematical space'],
  [0x3000, 'ideographic space'],
]);

const ANY = new RegExp(
  `[${[...INVISIBLE.keys(), ...SPACES.keys()].map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`,
);

/** `U+200B (zero width space)`: how a message names a character the reader cannot see. */
export function codePointName(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const name = INVISIBLE.get(code) ?? SPACES.get(code);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return name ? `${hex} (${name})` : hex;
}

/**
 * Removes the invisible characters of a link or schedule value, and reads look-alike spaces as spaces
 * (in a link: removed at the edges; inside, they make the link {@link CleanedText.unsafe}).
 */
export function cleanText(text: string, role: TextRole): CleanedText {
  if (!ANY.test(text)) return { text, changes: [] };
  const removed = new Set<string>();
  const spaced = new Set<string>();
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (INVISIBLE.has(code)) removed.add(char);
    else if (SPACES.has(code) && role === 'schedule') {
      spaced.add(char);
      out += ' ';
    } else out += char;
  }
  let unsafe: string | undefined;
  if (role === 'link') {
    // JavaScript's trim removes every one of SPACES, with ASCII white space.
    const start = out.length - out.trimStart().length;
    const end = out.trimEnd().length;
    for (const char of out.slice(0, start) + out.slice(end)) {
      if (SPACES.has(char.codePointAt(0) ?? 0)) removed.add(char);
    }
    out = out.trim();
    const inside = [...out].find((char) => SPACES.has(char.codePointAt(0) ?? 0));
    if (inside) unsafe = codePointName(inside);
  }
  const changes = [
    ...[...removed].map((c) => `${codePointName(c)} removed`),
    ...[...spaced].map((c) => `${codePointName(c)} taken as a space`),
  ];
  return { text: out, changes, ...(unsafe ? { unsafe } : {}) };
}

// Words people write where a value will go later, optionally in brackets or quotes, or with a stop.
const PLACEHOLDER =
  /^[\s"'([{<*_]*(?:tbd|tba|tbc|to be (?:determined|announced|confirmed|decided)|n\/a|n\.a\.?|na|none|nil|null|unknown|todo|fixme|pending|coming soon|-+|–|—|\?+|\.{2,}|…)[\s"')\]}>*_.!]*$/i;

// Longer than any placeholder; it also keeps the pattern linear on values up to the 10,000-character limit.
const MAX_PLACEHOLDER_LENGTH = 40;

/** Whether the text stands for "no value yet": `TBD`, `N/A`, `none`, `-`, `?`, `TODO`… */
export function isPlaceholder(text: string): boolean {
  return text.length <= MAX_PLACEHOLDER_LENGTH && PLACEHOLDER.test(text);
}

/** The warning for a value that was cleaned: `U+200B (zero width space) removed; read as "Thursday"`. */
export function cleanedMessage(cleaned: CleanedText): string {
  return `${cleaned.changes.join(', ')}; read as ${quoted(cleaned.text)}`;
}
