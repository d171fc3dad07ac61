/**
 * The number of octets `text` takes in UTF-8, without encoding it (the core has no `Buffer`). Lone
 * surrogates count as U+FFFD, three octets, as every UTF-8 encoder writes them.
 */
export function utf8Length(text: string): number {
  let octets = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      octets += 1;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair: two UTF-16 units, four octets.
      if (next >= 0xdc00 && next <= 0xdfff) {
        octets += 2;
        i++;
      } else octets += 2;
    } else {
      octets += 2;
    }
  }
  return octets;
}
