import { expect } from 'vitest';

/**
 * `toEqual` and `toStrictEqual` on byte arrays, at memcmp speed.
 *
 * Vitest compares a typed array like any iterable: element by element through its generic equality,
 * then once more as `Object.entries` (an array of [index, value] pairs). That costs about a
 * microsecond per byte: comparing a published site's objects before and after a run (a few hundred
 * kilobytes) took seconds, and was most of the CPU time of the handler tests.
 *
 * This tester answers only for two Uint8Arrays (Buffer included) and gives the answer vitest's own
 * equality gives them: different constructors are unequal (a Buffer is not equal to a Uint8Array with
 * the same bytes), otherwise equal exactly when they have the same length and the same bytes. Anything
 * else falls through to vitest. (Vitest would also compare own enumerable properties other than the
 * indices; none of the code under test sets any on a byte array.)
 */
export function byteArrayEquality(a: unknown, b: unknown): boolean | undefined {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return undefined;
  if (a.constructor !== b.constructor) return false;
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

// A setup file runs before every test file; where files share a worker (isolate: false), once is enough.
const ADDED = Symbol.for('sigcal.byteArrayEquality');
const registry = globalThis as { [ADDED]?: true };
if (!registry[ADDED]) {
  expect.addEqualityTesters([byteArrayEquality]);
  registry[ADDED] = true;
}
