import { isLowSurrogate, NOT_ASCII } from '../utf8.ts';
/**
 * iCalendar content lines (RFC 5545 3.1) and TEXT values (3.3.11). Each function walks its input once,
 * so writing a feed is linear in the bytes written, however long a value is.
 */

export const CRLF = '\r\n';

/** RFC 5545 3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break." */
const MAX_OCTETS = 75;

/**
 * Characters that TEXT may not hold, dropped: RFC 5545 3.1 CONTROL (C0 but tab, and DEL; line breaks
 * are escaped instead), the C1 controls U+0080–U+009F, which are NON-US-ASCII by the grammar but
 * controls all the same, U+2028/U+2029 (line and paragraph separators, which some readers break lines
 * at), and the Unicode bidi embeddings, overrides and isolates, dropped as on the pages (see html.ts).
 */
function isDropped(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09) ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

// Everything escapeText does anything about: what it escapes, drops, or checks (surrogates).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_WORK = /[\u0000-\u001f\\;,\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/**
 * A TEXT value (RFC 5545 3.3.11): `\` `;` `,` escaped with a backslash, a line break (CRLF, CR or LF)
 * written as `\n`, the characters above dropped, and a lone surrogate (no UTF-8 has one) written as
 * U+FFFD. So no value can start a property or a component.
 */
export function escapeText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  let out = '';
  let from = 0; // text before this index and after the last replacement is copied as it is
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    let replacement = '';
    let skip = 0;
    if (c === 0x5c) replacement = '\\\\';
    else if (c === 0x3b) replacement = '\\;';
    else if (c === 0x2c) replacement = '\\,';
    else if (c === 0x0a) replacement = '\\n';
    else if (c === 0x0d) {
      replacement = '\\n';
      if (text.charCodeAt(i + 1) === 0x0a) skip = 1;
    } else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      i += 1;
      continue;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      // A pair with dropped characters between its halves is the pair once they are gone, as the
      // pages read it ("\ud83d\u202e\ude00" is 😀 there too).
      let j = i + 1;
      while (j < text.length && isDropped(text.charCodeAt(j))) j += 1;
      if (j < text.length && isLowSurrogate(text.charCodeAt(j))) {
        out += text.slice(from, i + 1) + text[j];
        i = j;
        from = j + 1;
        continue;
      }
      replacement = '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) replacement = '\uFFFD';
    else if (!isDropped(c)) continue;
    out += text.slice(from, i) + replacement;
    i += skip;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** `NAME:value` for a TEXT property, escaped and folded. */
export function textProperty(name: string, value: string): string {
  return fold(`${name}:${escapeText(value)}`);
}

/**
 * A cut before a character in this class would split a grapheme: combining marks, variation
 * selectors, zero-width (non-)joiners, emoji modifiers and tag characters extend what precedes them.
 */
const EXTENDS = /\p{M}|\u200c|\u200d|\p{Emoji_Modifier}|[\u{e0020}-\u{e007f}]/uy;

/**
 * One logical line folded into physical lines of at most 75 octets (RFC 5545 3.1), each ended by
 * CRLF; a continuation line starts with a space, which counts toward its 75. One pass, counting the
 * UTF-8 octets of each code point: a cut never splits a code point (3.1: "SHOULD NOT … split a
 * multi-octet sequence") and, where the line has room to cut earlier, not a grapheme either.
 */
export function fold(line: string): string {
  const n = line.length;
  // At most 3 octets per UTF-16 code unit: 25 units always fit, and 75 when they are all ASCII.
  if (n <= MAX_OCTETS / 3 || (n <= MAX_OCTETS && !NOT_ASCII.test(line))) return line + CRLF;
  let out = '';
  let start = 0; // where the current physical line's content starts in `line`
  let octets = 0; // octets of the current physical line, its leading space included
  let safe = 0; // the last index after `start` where a cut splits nothing, or `start`
  let octetsAtSafe = 0;
  let joiner = false; // the previous character is a zero-width joiner
  for (let i = 0; i < n; ) {
    const c = line.charCodeAt(i);
    let size = 3;
    let units = 1;
    let whole = !joiner; // a cut before i would split nothing
    if (c < 0x80) size = 1;
    else {
      if (c < 0x800) size = 2;
      else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(line.charCodeAt(i + 1))) {
        size = 4;
        units = 2;
      }
      if (whole && c >= 0x300) {
        EXTENDS.lastIndex = i;
        whole = !EXTENDS.test(line);
      }
    }
    if (whole) {
      safe = i;
      octetsAtSafe = octets;
    }
    if (octets + size > MAX_OCTETS) {
      // Cut at the last safe place when there is one on this line, else right here.
      const cut = safe > start ? safe : i;
      out += `${line.slice(start, cut)}${CRLF} `;
      octets = 1 + (cut === i ? 0 : octets - octetsAtSafe);
      start = cut;
      safe = cut;
      if (octets + size > MAX_OCTETS) {
        // What came after the safe place does not fit a line of its own: cut here after all.
        out += `${line.slice(start, i)}${CRLF} `;
        octets = 1;
        start = i;
        safe = i;
      }
    }
    joiner = c === 0x200d;
    octets += size;
    i += units;
  }
  return out + line.slice(start) + CRLF;
}
