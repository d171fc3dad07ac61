import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../functions/shared/sha256.ts';
import type { StoredObject } from '../../functions/store/site.ts';
import { ConditionFailedError, type SiteStore } from '../../functions/store/site-store.ts';

/** A store to test, on its own empty root, and how to dispose of it. */
export interface StoreUnderTest {
  readonly store: SiteStore;
  readonly close?: () => Promise<void>;
}

/** An object with a text body and the production-like headers. */
export function textObject(text: string, contentType = 'text/html; charset=utf-8'): StoredObject<Uint8Array> {
  const body = new TextEncoder().encode(text);
  return { body, contentType, cacheControl: 'no-cache', sha256: sha256(body) };
}

const text = (body: Uint8Array | undefined) => new TextDecoder().decode(body);

/**
 * The contract every SiteStore keeps, as the sync and the lease rely on it: what is read back, the
 * versions, sigcal's marks, conditional writes and deletes (atomic even when they race), and paths.
 * A new store runs this suite: `describeSiteStore('MyStore', async () => ({ store, close }))`.
 */
export function describeSiteStore(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} keeps the SiteStore contract`, () => {
    let subject: StoreUnderTest;
    let store: SiteStore;
    beforeEach(async () => {
      subject = await make();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.close?.();
    });

    it('finds nothing where nothing was written, and deletes it without complaint', async () => {
      expect(await store.get('index.html')).toBeNull();
      expect(await store.head('calendars/all.ics')).toBeNull();
      await store.delete('calendars/all.ics');
      await store.delete('calendars/all.ics', { ifMatch: '"0123"' });
      expect(store.description).not.toBe('');
      expect(store.concurrency).toBeGreaterThan(0);
    });

    it('gives back what it was given, under one version for put, get and head', async () => {
      const object = textObject('<p>sig-a</p>\n');
      const etag = await store.put('sig-a/index.html', object, { run: 'run-1' });
      const got = await store.get('sig-a/index.html');
      expect(text(got?.body)).toBe('<p>sig-a</p>\n');
      expect(got?.etag).toBe(etag);
      const info = await store.head('sig-a/index.html');
      expect(info).toMatchObject({ sha256: object.sha256, etag });
      // A store keeps both headers or neither (a folder: the server decides them).
      if (info?.contentType === null) expect(info.cacheControl).toBeNull();
      else expect(info).toMatchObject({ contentType: object.contentType, cacheControl: object.cacheControl });
      expect(await store.get('sig-a')).toBeNull();
    });

    it('marks what a run writes where it keeps marks, and nothing written without a run', async () => {
      await store.put('marked.html', textObject('a'), { run: 'run-7' });
      await store.put('unmarked.html', textObject('b'));
      expect((await store.head('marked.html'))?.writtenBy).toBe(store.keepsMarks ? 'run-7' : null);
      expect((await store.head('unmarked.html'))?.writtenBy).toBeNull();
      // Rewritten without a run, an object loses the mark.
      await store.put('marked.html', textObject('c'));
      expect((await store.head('marked.html'))?.writtenBy).toBeNull();
    });

    it('gives a rewrite with other content a new version', async () => {
      const first = await store.put('calendars/all.ics', textObject('one', 'text/calendar'));
      const second = await store.put('calendars/all.ics', textObject('two', 'text/calendar'));
      expect(second).not.toBe(first);
      expect((await store.head('calendars/all.ics'))?.etag).toBe(second);
      expect(text((await store.get('calendars/all.ics'))?.body)).toBe('two');
    });

    it('writes "if absent" only where nothing is, and then leaves what is there as it was', async () => {
      const etag = await store.put('lease.json', textObject('mine'), { condition: { ifAbsent: true } });
      const refused = store.put('lease.json', textObject('theirs'), { condition: { ifAbsent: true } });
      await expect(refused).rejects.toBeInstanceOf(ConditionFailedError);
      await expect(refused).rejects.toMatchObject({ path: 'lease.json', reason: 'precondition' });
      expect(text((await store.get('lease.json'))?.body)).toBe('mine');
      expect((await store.head('lease.json'))?.etag).toBe(etag);
    });

    it('writes "if match" only over the version named: not a newer one, not a deleted one', async () => {
      const v1 = await store.put('state.json', textObject('v1'));
      const v2 = await store.put('state.json', textObject('v2'), { condition: { ifMatch: v1 } });
      await expect(
        store.put('state.json', textObject('v3'), { condition: { ifMatch: v1 } }),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      expect(text((await store.get('state.json'))?.body)).toBe('v2');
      await store.delete('state.json');
      await expect(
        store.put('state.json', textObject('v4'), { condition: { ifMatch: v2 } }),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      expect(await store.get('state.json')).toBeNull();
    });

    it('deletes "if match" only the version named', async () => {
      const v1 = await store.put('sig-b/index.html', textObject('v1'));
      const v2 = await store.put('sig-b/index.html', textObject('v2'));
      await expect(store.delete('sig-b/index.html', { ifMatch: v1 })).rejects.toBeInstanceOf(
        ConditionFailedError,
      );
      expect(text((await store.get('sig-b/index.html'))?.body)).toBe('v2');
      await store.delete('sig-b/index.html', { ifMatch: v2 });
      expect(await store.head('sig-b/index.html')).toBeNull();
    });

    it('lets exactly one of many racing conditional writes through, and keeps its content', async () => {
      const racers = Array.from({ length: 6 }, (_, i) => `racer ${i}`);
      const absent = await Promise.allSettled(
        racers.map((r) => store.put('race.json', textObject(r), { condition: { ifAbsent: true } })),
      );
      const won = absent.flatMap((r, i) => (r.status === 'fulfilled' ? [racers[i]] : []));
      expect(won).toHaveLength(1);
      for (const r of absent)
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConditionFailedError);
      expect(text((await store.get('race.json'))?.body)).toBe(won[0]);

      const from = (await store.head('race.json'))?.etag as string;
      const match = await Promise.allSettled(
        racers.map((r) =>
          store.put('race.json', textObject(`${r}, again`), { condition: { ifMatch: from } }),
        ),
      );
      const wonAgain = match.flatMap((r, i) => (r.status === 'fulfilled' ? [`${racers[i]}, again`] : []));
      expect(wonAgain).toHaveLength(1);
      for (const r of match)
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConditionFailedError);
      expect(text((await store.get('race.json'))?.body)).toBe(wonAgain[0]);
    });

    it('refuses every path that could leave its root', async () => {
      for (const bad of [
        '../escape.html',
        '/etc/passwd',
        'a//b.html',
        'a\\b.html',
        './x.html',
        'a/../b',
        '',
        'x\u0000y',
      ]) {
        await expect(store.put(bad, textObject('x')), bad).rejects.toThrow(/not a safe site path/);
        await expect(store.get(bad), bad).rejects.toThrow(/not a safe site path/);
        await expect(store.head(bad), bad).rejects.toThrow(/not a safe site path/);
        await expect(store.delete(bad), bad).rejects.toThrow(/not a safe site path/);
      }
    });
  });
}
