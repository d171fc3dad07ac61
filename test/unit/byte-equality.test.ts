import { describe, expect, it } from 'vitest';
import { byteArrayEquality } from '../support/byte-equality.ts';

// The fast byte-array equality (test/support/byte-equality.ts, a setup file) must judge exactly as
// vitest's own equality does: these are the cases it answers, and the ones it leaves to vitest.
describe('byte arrays in toEqual', () => {
  const big = () => new Uint8Array(4 * 1024 * 1024).fill(7);

  it('equal bytes are equal, any different byte or length is not', () => {
    expect(Uint8Array.of(1, 2, 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(new Uint8Array()).toEqual(new Uint8Array());
    expect(Uint8Array.of(1, 2, 3)).not.toEqual(Uint8Array.of(1, 2, 4));
    expect(Uint8Array.of(1, 2, 3)).not.toEqual(Uint8Array.of(1, 2));
    expect(Uint8Array.of(1, 2)).not.toEqual(Uint8Array.of(1, 2, 3));
    expect(Uint8Array.of(1, 2, 3)).toStrictEqual(Uint8Array.of(1, 2, 3));
    expect(Uint8Array.of(1, 2, 3)).not.toStrictEqual(Uint8Array.of(3, 2, 1));
  });

  it('compares views by their own bytes, not their buffers', () => {
    const buffer = Uint8Array.of(9, 1, 2, 3, 9).buffer;
    expect(new Uint8Array(buffer, 1, 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(new Uint8Array(buffer, 0, 3)).not.toEqual(Uint8Array.of(1, 2, 3));
  });

  it('keeps a Buffer and a Uint8Array with the same bytes unequal, as vitest does', () => {
    expect(Buffer.from([1, 2, 3])).not.toEqual(Uint8Array.of(1, 2, 3));
    expect(Buffer.from([1, 2, 3])).toEqual(Buffer.from([1, 2, 3]));
    expect(byteArrayEquality(Buffer.from([1]), Uint8Array.of(1))).toBe(false);
  });

  it('leaves everything else to vitest', () => {
    expect(byteArrayEquality(Uint8Array.of(1), [1])).toBeUndefined();
    expect(byteArrayEquality(Int8Array.of(1), Int8Array.of(1))).toBeUndefined();
    expect(byteArrayEquality('a', 'a')).toBeUndefined();
    expect(Int8Array.of(1, 2)).toEqual(Int8Array.of(1, 2));
    expect(Int8Array.of(1, 2)).not.toEqual(Uint8Array.of(1, 2));
  });

  it('applies inside maps and objects, where the sites compared in tests hold their bodies', () => {
    const site = (last: number) =>
      new Map([['index.html', { body: Uint8Array.of(1, 2, last), contentType: 'text/html' }]]);
    expect(site(3)).toEqual(site(3));
    expect(site(3)).not.toEqual(site(4));
  });

  it('compares megabytes at once, and still finds a difference in the last byte', () => {
    const a = big();
    const b = big();
    const started = performance.now();
    expect(a).toEqual(b);
    b[b.length - 1] = 8;
    expect(a).not.toEqual(b);
    // Element by element this takes vitest seconds; at memcmp speed, well under one.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
