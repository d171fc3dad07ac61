/**
 * The UTF-8 length of `text` in octets, as TextEncoder writes it: a lone surrogate becomes U+FFFD
 * (3 octets). Core code has no Buffer, and byte budgets must be exact.
 */
export function utf8Length(text: string): number {
  // Most text is ASCII: the native regex finds the first other character, one octet each before it.
  const first = text.search(NOT_ASCII);
  if (first < 0) return text.length;
  let octets = first;
  for (let i = first; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) octets += 1;
    else if (c < 0x800) octets += 2;
    else if (c < 0xd800 || c > 0xdbff || !isLowSurrogate(text.charCodeAt(i + 1))) octets += 3;
    else {
      octets += 4;
      i += 1;
    }
  }
  return octets;
}

/** A character outside ASCII (one UTF-8 octet each). */
export const NOT_ASCII = /[\u0080-\uffff]/;

/** Whether a UTF-16 code unit is the second half of a surrogate pair. */
export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
