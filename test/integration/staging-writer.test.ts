import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagingWriter } from '../../functions/store/staging-writer.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigcal-staging-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic bytes: body `n` of `size` bytes, different from every other body. */
function body(n: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = (n + 1) * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/** Sizes that cross the ring's end again and again, with empty bodies and ones too large for it. */
function sizes(count: number, ring: number): number[] {
  let x = 7;
  return Array.from({ length: count }, (_, i) => {
    x = (x * 48271) % 2147483647;
    if (i % 17 === 5) return 0;
    if (i % 23 === 11) return ring / 2 + 1 + (x % ring);
    return x % (ring / 2 + 1);
  });
}

const RING = 64 * 1024;

describe('StagingWriter', () => {
  for (const [threadAfter, queue] of [
    [0, undefined],
    [10, 5],
    [1000, undefined],
  ] as const) {
    it(`writes every body exactly, in order (thread after ${threadAfter} files, a ${RING / 1024} KiB ring, a queue of ${queue ?? 'default'})`, () => {
      const writer = new StagingWriter(dir, { threadAfter, ringBytes: RING, ...(queue ? { queue } : {}) });
      const all = sizes(300, RING);
      const sequences: number[] = [];
      for (const [n, size] of all.entries()) {
        const bytes = body(n, size);
        sequences.push(writer.write(bytes));
        // The writer copied the bytes: the caller may reuse its buffer at once (the build does).
        bytes.fill(0);
      }
      expect(sequences).toEqual(all.map((_, n) => n + 1));
      // `written(n)` returns once file n is complete, whatever the thread does with later ones.
      for (const [n, size] of all.entries()) {
        writer.written(n + 1);
        expect(new Uint8Array(readFileSync(join(dir, String(n + 1))))).toEqual(body(n, size));
      }
      writer.close();
    });
  }

  it('writes bodies made in the room it reserves without copying them, and forgets room it was not given back', () => {
    const writer = new StagingWriter(dir, { threadAfter: 3, ringBytes: RING });
    // Before the thread runs there is no room to offer, nor for a body larger than half the ring.
    expect(writer.reserve(10)).toBeNull();
    const all = sizes(400, RING);
    for (const [n, size] of all.entries()) {
      const room = writer.reserve(size + (n % 7));
      if (n > 3 && size <= RING / 2) expect(room?.byteLength).toBe(size + (n % 7));
      if (room && n % 5 === 0) {
        // Reserved and not used (the build found the object already published): the next body is
        // copied in as usual, over that room.
        room.fill(0xff);
        writer.write(body(n, size));
      } else if (room) {
        room.set(body(n, size));
        const made = room.subarray(0, size);
        writer.write(made);
        // The view the build hands over is the ring's own memory.
        expect(made.buffer).toBe(room.buffer);
      } else writer.write(body(n, size));
    }
    writer.written(all.length);
    for (const [n, size] of all.entries()) {
      expect(new Uint8Array(readFileSync(join(dir, String(n + 1))))).toEqual(body(n, size));
    }
    writer.close();
  });

  it('removes the files it is told to, before close() returns', async () => {
    const writer = new StagingWriter(dir, { threadAfter: 2, ringBytes: RING, queue: 7 });
    for (let n = 0; n < 200; n++) writer.write(body(n, 100));
    writer.written(200);
    for (let sequence = 1; sequence <= 150; sequence++) writer.remove(sequence);
    writer.close();
    expect((await readdir(dir)).map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, n) => 151 + n),
    );
  });

  it('a write that fails on the thread fails the wait for it, with the file and the reason, and every later write', () => {
    const writer = new StagingWriter(dir, { threadAfter: 0, ringBytes: RING });
    const taken = join(dir, '2');
    writeFileSync(taken, 'not sigcal');
    const before = writer.write(body(1, 10));
    const failing = writer.write(body(2, 10));
    expect(writer.fileOf(failing)).toBe(taken);
    writer.written(before);
    expect(() => writer.written(failing)).toThrow(new RegExp(`^${taken}: EEXIST`));
    expect(() => writer.write(body(3, 10))).toThrow(/EEXIST/);
    expect(readFileSync(taken, 'utf8')).toBe('not sigcal');
    expect(existsSync(join(dir, '3'))).toBe(false);
    // Closing after a failure does not throw: it runs however the run ended.
    expect(() => writer.close()).not.toThrow();
  });

  it('close() returns once every queued file is written, so the folder can be removed at once', async () => {
    const writer = new StagingWriter(dir, { threadAfter: 0, ringBytes: RING });
    for (let n = 0; n < 300; n++) writer.write(body(n, 2000));
    writer.close();
    expect(await readdir(dir)).toHaveLength(300);
    await rm(dir, { recursive: true });
  });

  it('a body too large for the ring that cannot be written takes no number: the next one gets it', () => {
    const writer = new StagingWriter(dir, { threadAfter: 0, ringBytes: RING });
    expect(writer.write(body(1, 10))).toBe(1);
    writeFileSync(join(dir, '2'), 'in the way');
    expect(() => writer.write(body(2, RING))).toThrow(/EEXIST/);
    rmSync(join(dir, '2'));
    expect(writer.write(body(3, 10))).toBe(2);
    writer.written(2);
    expect(new Uint8Array(readFileSync(join(dir, '2')))).toEqual(body(3, 10));
    writer.close();
  });

  it('a write that fails on the calling thread throws at once', () => {
    const writer = new StagingWriter(join(dir, 'no-such-folder'), { threadAfter: 5, ringBytes: RING });
    expect(() => writer.write(body(1, 10))).toThrow(/ENOENT/);
    writer.close();
  });

  it('blocks the caller, instead of queueing without bound, while the ring is full', () => {
    // Forty bodies of nearly half the ring each: the writer cannot run ahead of the thread by more
    // than the ring, so every body is written exactly even though each overwrites a written one.
    const writer = new StagingWriter(dir, { threadAfter: 0, ringBytes: RING });
    for (let n = 0; n < 40; n++) writer.write(body(n, RING / 2 - n));
    writer.written(40);
    for (let n = 0; n < 40; n++) {
      expect(new Uint8Array(readFileSync(join(dir, String(n + 1))))).toEqual(body(n, RING / 2 - n));
    }
    writer.close();
  });
});
