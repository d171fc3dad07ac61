import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../functions/core/utf8.ts';

describe('utf8Length', () => {
  it('counts what a UTF-8 encoder writes, for every kind of string', () => {
    for (const text of [
      '',
      'a',
      'é',
      '€',
      '😀',
      'a😀b',
      '\ud800',
      '\udc00x',
      '\ud800\ud800',
      'ß\u200b\u00ad',
    ]) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).byteLength);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Length(text)).toBe(new TextEncoder().encode(text).byteLength);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        (text) => {
          expect(utf8Length(text)).toBe(new TextEncoder().encode(text).byteLength);
        },
      ),
    );
  });
});
