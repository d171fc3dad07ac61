import { writeFileSync } from 'node:fs';
import { sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { removeQuietly } from '../shared/remove-quietly.ts';

/**
 * Writes a folder build's staged files (see FolderStore's `aside`) and removes the ones already linked
 * into place, on a second thread once the site is large, so the file system calls of a site of
 * thousands of files run beside the rendering instead of between it.
 *
 * Files are written in the order they are given. The first {@link StagingOptions.threadAfter} are
 * written on the calling thread: a small site is done before a thread would have started (starting
 * one costs about 20 ms). After that, each body is copied into memory shared with the thread (a ring
 * of {@link RING_BYTES}) and the thread is told, through shared memory too, where each one is;
 * `written(n)` blocks until the n-th file is on disk. The calling thread also blocks while the ring
 * is full, so a slow disk never makes the build hold the site in memory, and no memory is allocated
 * per file.
 *
 * Once the thread runs, the build encodes each body straight into that memory (`reserve`), so it is
 * not copied there either.
 *
 * Measured (CPU profiles of a 5,000-meeting build, 15,000 files, on a 2-core machine): about 0.3 s of
 * `open`/`write`/`close`/`unlink` leave the build's thread, which spends a few tens of milliseconds
 * telling the thread and waiting for room instead (a copy into the ring cost 0.09 s before `reserve`).
 * The build is faster by the difference only while the second core is free.
 */
export class StagingWriter {
  /** The folder the files are written to, each named by its sequence number (`1`, `2`…). */
  private readonly dir: string;
  private readonly threadAfter: number;
  private readonly ringBytes: number;
  private readonly queue: number;
  private count = 0;
  private thread: StagingThread | null = null;

  constructor(dir: string, options: StagingOptions = {}) {
    this.dir = dir;
    this.threadAfter = options.threadAfter ?? THREAD_AFTER;
    this.ringBytes = options.ringBytes ?? RING_BYTES;
    this.queue = options.queue ?? QUEUE;
  }

  /** The file that holds the `sequence`-th body. */
  fileOf(sequence: number): string {
    return `${this.dir}${sep}${sequence}`;
  }

  /**
   * Writes `body` to the next file (which must not exist), now or on the thread, and returns its
   * sequence number. The bytes are copied (or written) before it returns, so the caller may reuse
   * `body`. Throws at once if the file cannot be written here, or if an earlier write on the thread
   * failed.
   */
  write(body: Uint8Array): number {
    // Counted once written or queued: a write that throws takes no number.
    const sequence = this.count + 1;
    if (this.thread === null && sequence <= this.threadAfter) {
      writeFileSync(this.fileOf(sequence), body, { flag: 'wx' });
    } else {
      this.thread ??= new StagingThread(
        this.dir,
        (n) => this.fileOf(n),
        sequence - 1,
        this.ringBytes,
        this.queue,
      );
      this.thread.write(body);
    }
    this.count = sequence;
    return sequence;
  }

  /**
   * Room for the next body, at most `maxBytes`, in the memory shared with the thread, or null when the
   * thread is not running or the body would not fit: a body made there and then given to `write`
   * (before anything else is reserved) is not copied again. Nothing is kept if it is not written.
   */
  reserve(maxBytes: number): Uint8Array | null {
    return this.thread?.reserve(maxBytes) ?? null;
  }

  /** Blocks until every file given so far is on disk; throws the first write's error if one failed. */
  settle(): void {
    this.written(this.count);
  }

  /** Blocks until the `sequence`-th file is on disk; throws the write's error if it failed. */
  written(sequence: number): void {
    this.thread?.waitForWrites(sequence);
  }

  /** Removes a staged file that is now linked into place (its content lives on under the site's name). */
  remove(sequence: number): void {
    if (this.thread === null) removeQuietly(this.fileOf(sequence));
    else this.thread.remove(sequence);
  }

  /**
   * Waits for every write and removal given so far, then stops the thread. Never throws: it runs when
   * the run is over, however it ended, and the caller removes the staging folder after it.
   */
  close(): void {
    const thread = this.thread;
    this.thread = null;
    thread?.close();
  }
}

export interface StagingOptions {
  /** Files written on the calling thread before a thread is started; default {@link THREAD_AFTER}. */
  readonly threadAfter?: number;
  /** Bytes of the memory shared with the thread; default {@link RING_BYTES} (tests use less). */
  readonly ringBytes?: number;
  /** Files (and removals) the thread may be behind by; default {@link QUEUE} (tests use less). */
  readonly queue?: number;
}

/** Below this many files (the Kubernetes community's site is about 260), no thread is started. */
const THREAD_AFTER = 1000;
/**
 * The memory shared with the thread: bodies are copied into it, one after another, and written from it.
 * A body larger than half of it is written on the calling thread instead (a large `all.ics`, rarely).
 */
const RING_BYTES = 16 * 1024 * 1024;
/** The thread is told of new work (it finds it when it next looks) when this many files or bytes wait. */
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
/** Files (and removals) told to the thread and not yet done, at most: the size of each shared queue. */
const QUEUE = 16384;
/**
 * How often the thread looks for new work while it has none. The calling thread wakes it only when it
 * is about to wait for it: waking another thread costs the waker 0.1-0.3 ms on this project's VMs,
 * which the build paid about 120 times per 5,000-meeting site when it woke the thread for each batch.
 */
const POLL_MS = 2;
/** How long one wait lasts before checking that the thread is still running. */
const WAIT_SLICE_MS = 100;
/**
 * How long a caller waits without the thread showing any sign of life (it bumps its heartbeat every
 * {@link POLL_MS} while idle, and at every file) before it gives up: a thread that died or never
 * started. Far longer than one file takes on any disk.
 */
const STALL_MS = 60_000;

// Slots of the shared state. The thread's counts: files written (in sequence), removals done; whether
// a write failed, and the length of the failure's message (UTF-8, in the message buffer). The calling
// thread's: files and removals queued, a counter it bumps to wake the thread, and "stop".
const WRITTEN = 0;
const REMOVED = 1;
const FAILED = 2;
const MESSAGE_LENGTH = 3;
const QUEUED_WRITES = 4;
const QUEUED_REMOVALS = 5;
const SIGNAL = 6;
const STOP = 7;
/** Bumped by the thread at every turn of its loop and every file: how a waiting caller sees it is alive. */
const HEARTBEAT = 8;
const SLOTS = 9;
const MESSAGE_BYTES = 4096;

/**
 * The thread's code. It is small and has no imports of its own, so it runs from source (`eval`): the
 * same text in the compiled CLI, in tests under tsx, and wherever the package is installed.
 *
 * Everything it is told is in shared memory: for its k-th file (sequence number offset + k + 1),
 * where the body is in the ring (`at`, -1 for a body already written on the calling thread, which it
 * only counts) and its length; and the sequence numbers of staged files to remove. It sleeps on the
 * signal slot when there is nothing to do. No message is posted: a message per batch cost the build
 * 40-50 ms of a 5,000-meeting site.
 */
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeFileSync, unlinkSync } = require('node:fs');
const state = new Int32Array(workerData.state);
const message = new Uint8Array(workerData.message);
const at = new Int32Array(workerData.at);
const length = new Int32Array(workerData.length);
const removals = new Int32Array(workerData.removals);
const { ring, dir, offset } = workerData;
const queue = at.length;
let written = 0;
let removed = 0;
const fail = (text) => {
  Atomics.store(state, ${MESSAGE_LENGTH}, new TextEncoder().encodeInto(text, message).written);
  Atomics.store(state, ${FAILED}, 1);
  Atomics.notify(state, ${WRITTEN});
  Atomics.notify(state, ${REMOVED});
};
try {
for (;;) {
  Atomics.add(state, ${HEARTBEAT}, 1);
  const signal = Atomics.load(state, ${SIGNAL});
  const writes = Atomics.load(state, ${QUEUED_WRITES});
  const removes = Atomics.load(state, ${QUEUED_REMOVALS});
  if (written === writes && removed === removes) {
    if (Atomics.load(state, ${STOP}) !== 0) break;
    Atomics.wait(state, ${SIGNAL}, signal, ${POLL_MS});
    continue;
  }
  while (written < writes && Atomics.load(state, ${FAILED}) === 0) {
    const i = written % queue;
    if (at[i] >= 0) {
      const file = dir + (offset + written + 1);
      try {
        writeFileSync(file, new Uint8Array(ring, at[i], length[i]), { flag: 'wx' });
      } catch (error) {
        fail(file + ': ' + error.message);
        break;
      }
    }
    written += 1;
    Atomics.add(state, ${HEARTBEAT}, 1);
    Atomics.store(state, ${WRITTEN}, written);
    Atomics.notify(state, ${WRITTEN});
  }
  // After a failure nothing more is written; what was queued is let go.
  if (Atomics.load(state, ${FAILED}) !== 0) written = writes;
  while (removed < removes) {
    try {
      unlinkSync(dir + removals[removed % queue]);
    } catch {}
    removed += 1;
  }
  Atomics.store(state, ${REMOVED}, removed);
  Atomics.notify(state, ${REMOVED});
}
} catch (error) {
  fail('the staging writer thread failed: ' + (error && error.message));
}
`;

/** The second thread, and what has been handed to it. */
class StagingThread {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private readonly message = new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES));
  private readonly at: Int32Array;
  private readonly length: Int32Array;
  private readonly removals: Int32Array;
  private readonly ring: Uint8Array;
  /** The file that holds the `sequence`-th body (see StagingWriter.fileOf). */
  private readonly fileOf: (sequence: number) => string;
  /** Files written before the thread started: the thread's first file is number `offset + 1`. */
  private readonly offset: number;
  /** Files and removals queued for the thread so far, and how many of each it has been told of. */
  private given = 0;
  private removes = 0;
  private told = 0;
  private toldRemovals = 0;
  /** Bytes of the files queued since the thread was last told. */
  private untoldBytes = 0;
  /** Bytes ever copied into the ring (its write position is this modulo its size). */
  private head = 0;
  /** Where the last reserved room starts in the ring, until the next write; -1 when none is. */
  private reserved = -1;
  /** For the thread's n-th file (from 0), the value of `head` once its body was copied. */
  private readonly ends: number[] = [];

  constructor(
    dir: string,
    fileOf: (sequence: number) => string,
    offset: number,
    ringBytes: number,
    queue: number,
  ) {
    const shared = () => new Int32Array(new SharedArrayBuffer(queue * Int32Array.BYTES_PER_ELEMENT));
    this.at = shared();
    this.length = shared();
    this.removals = shared();
    this.fileOf = fileOf;
    this.offset = offset;
    this.ring = new Uint8Array(new SharedArrayBuffer(ringBytes));
    this.worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        state: this.state.buffer,
        message: this.message.buffer,
        at: this.at.buffer,
        length: this.length.buffer,
        removals: this.removals.buffer,
        ring: this.ring.buffer,
        dir: `${dir}${sep}`,
        offset,
      },
    });
    // Never keeps the process alive: close() waits for the work that matters.
    this.worker.unref();
    // Its failures are reported through the shared state (see wait); this keeps an error event
    // that comes later from crashing the process.
    this.worker.on('error', () => undefined);
  }

  /** See StagingWriter.reserve. */
  reserve(maxBytes: number): Uint8Array | null {
    this.failure();
    if (maxBytes > this.ring.byteLength / 2) return null;
    const at = this.room(maxBytes);
    this.reserved = at;
    return this.ring.subarray(at, at + maxBytes);
  }

  write(body: Uint8Array): void {
    this.failure();
    // The queue holds what the thread has not written yet: wait for room in it (rarely).
    const queue = this.at.length;
    if (this.given - Atomics.load(this.state, WRITTEN) >= queue) {
      this.waitForWrites(this.offset + this.given - queue + 1);
    }
    const size = body.byteLength;
    const reserved = this.reserved;
    this.reserved = -1;
    let at = -1;
    if (reserved >= 0 && body.buffer === this.ring.buffer && body.byteOffset === reserved) {
      // Encoded in place (see reserve): its room was made then.
      at = reserved;
    } else if (size > this.ring.byteLength / 2) {
      writeFileSync(this.fileOf(this.offset + this.given + 1), body, { flag: 'wx' });
    } else {
      at = this.room(size);
      this.ring.set(body, at);
    }
    if (at >= 0) {
      this.head = this.head - (this.head % this.ring.byteLength) + at + size;
      this.untoldBytes += size;
    }
    this.ends.push(this.head);
    const i = this.given % queue;
    this.at[i] = at;
    this.length[i] = size;
    this.given += 1;
    if (this.given - this.told >= BATCH_FILES || this.untoldBytes >= BATCH_BYTES) this.tell();
  }

  /**
   * Where in the ring the next `size` bytes go, once the thread has written what was there. A body is
   * never split: one that would run past the ring's end starts again at its start.
   */
  private room(size: number): number {
    const ring = this.ring.byteLength;
    const position = this.head % ring;
    if (position + size > ring) this.head += ring - position;
    this.makeRoom(this.head + size - ring);
    return this.head % ring;
  }

  remove(sequence: number): void {
    const queue = this.removals.length;
    if (this.removes - Atomics.load(this.state, REMOVED) >= queue) {
      this.tell(true);
      this.wait(REMOVED, this.removes - queue + 1);
    }
    this.removals[this.removes % queue] = sequence;
    this.removes += 1;
    if (this.removes - this.toldRemovals >= BATCH_FILES) this.tell();
  }

  waitForWrites(sequence: number): void {
    const target = sequence - this.offset;
    if (target <= 0) return;
    if (Atomics.load(this.state, WRITTEN) >= target) return;
    this.tell(true);
    this.wait(WRITTEN, target);
    // Written, even if a later file failed since (that one's own wait, or the next write, says so).
    if (Atomics.load(this.state, WRITTEN) < target) this.failure();
  }

  close(): void {
    try {
      // Every queued write and removal, so nothing is written into the staging folder once the
      // caller removes it (a failed write ends the wait: nothing more is written after one).
      this.tell(true);
      this.wait(WRITTEN, this.given);
      this.wait(REMOVED, this.removes);
    } catch {
      // The thread stopped or a write failed: nothing more will be written either way.
    }
    Atomics.store(this.state, STOP, 1);
    this.tell(true);
    void this.worker.terminate();
  }

  /** Blocks until the thread has written every body that ends at or before ring position `until`. */
  private makeRoom(until: number): void {
    if (until <= 0) return;
    const written = () => Atomics.load(this.state, WRITTEN);
    if ((this.ends[written() - 1] ?? 0) >= until) return;
    // The first file whose body ends past `until`: everything up to and including it must be written.
    let needed = written();
    while (needed < this.ends.length - 1 && (this.ends[needed] as number) < until) needed += 1;
    this.waitForWrites(needed + 1 + this.offset);
  }

  /**
   * Tells the thread what has been queued, if there is anything new; wakes it (see {@link POLL_MS})
   * when the caller is about to wait for it.
   */
  private tell(wake = false): void {
    if (!wake && this.told === this.given && this.toldRemovals === this.removes) return;
    Atomics.store(this.state, QUEUED_WRITES, this.given);
    Atomics.store(this.state, QUEUED_REMOVALS, this.removes);
    if (wake) {
      Atomics.add(this.state, SIGNAL, 1);
      Atomics.notify(this.state, SIGNAL);
    }
    this.told = this.given;
    this.toldRemovals = this.removes;
    this.untoldBytes = 0;
  }

  /** Blocks until `slot` counts `target`, a write fails, or the thread stops. */
  private wait(slot: number, target: number): void {
    let beat = Atomics.load(this.state, HEARTBEAT);
    let since = Date.now();
    for (;;) {
      const now = Atomics.load(this.state, slot);
      if (now >= target || Atomics.load(this.state, FAILED) !== 0) return;
      Atomics.wait(this.state, slot, now, WAIT_SLICE_MS);
      // The event loop does not run while this thread waits, so the worker's own exit event cannot
      // tell: a thread that shows no sign of life for this long has stopped (or never started).
      const next = Atomics.load(this.state, HEARTBEAT);
      if (next !== beat) {
        beat = next;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) {
        throw new Error(`the staging writer thread stopped: no progress for ${STALL_MS / 1000} s`);
      }
    }
  }

  /** Throws the thread's write failure, if there was one. */
  private failure(): void {
    if (Atomics.load(this.state, FAILED) === 0) return;
    const length = Atomics.load(this.state, MESSAGE_LENGTH);
    // The message buffer is shared memory, which TextDecoder does not read: copy it out first.
    throw new Error(new TextDecoder().decode(this.message.slice(0, length)));
  }
}
