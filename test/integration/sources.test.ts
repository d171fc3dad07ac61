import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../functions/core/errors.ts';
import { readBundledSource } from '../../functions/sources/bundled-source.ts';
import { fetchHttpsSource } from '../../functions/sources/https-source.ts';
import { MemorySourceCache } from '../../functions/sources/loaded-source.ts';
import { readS3Source } from '../../functions/sources/s3-source.ts';
import { parseSourceAddress } from '../../functions/sources/source-address.ts';
import { type HttpsFixture, startHttps, yamlWithEtag } from './support/https-server.ts';
import { putObject, type RunningS3, startS3 } from './support/s3.ts';

let https: HttpsFixture;
let s3: RunningS3;
let dir: string;

beforeAll(async () => {
  https = await startHttps();
  s3 = await startS3();
  await s3.createBucket('sources');
  dir = await mkdtemp(join(tmpdir(), 'sigcal-sources-'));
});
afterAll(async () => {
  await https.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const requestsTo = (path: string) => https.log.filter((r) => r.path === path);

describe('https sources', () => {
  it('fetches once, then answers an unchanged upstream from the cache after one 304', async () => {
    let etag = '"v1"';
    let body = 'sigs: []\n';
    https.route(
      '/etag.yaml',
      yamlWithEtag(
        () => body,
        () => etag,
      ),
    );
    const cache = new MemorySourceCache();
    const url = `${https.origin}/etag.yaml`;

    const first = await fetchHttpsSource(url, { agent: https.agent, cache });
    expect(first).toMatchObject({ text: { file: url, text: body }, etag: '"v1"', notModified: false });
    const second = await fetchHttpsSource(url, { agent: https.agent, cache });
    expect(second).toMatchObject({
      text: { text: body },
      etag: '"v1"',
      notModified: true,
      sha256: first.sha256,
    });
    expect(requestsTo('/etag.yaml').map((r) => [r.ifNoneMatch, r.status])).toEqual([
      [undefined, 200],
      ['"v1"', 304],
    ]);

    etag = '"v2"';
    body = 'sigs: [] # changed\n';
    const third = await fetchHttpsSource(url, { agent: https.agent, cache });
    expect(third).toMatchObject({ text: { text: body }, etag: '"v2"', notModified: false });
  });

  it('gives up after the timeout, whether the server is silent or stops mid-body', async () => {
    https.route('/silent.yaml', () => undefined);
    https.route('/trickle.yaml', (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('sigs:\n');
    });
    for (const path of ['/silent.yaml', '/trickle.yaml']) {
      const started = Date.now();
      const fetching = fetchHttpsSource(`${https.origin}${path}`, { agent: https.agent, timeoutMs: 300 });
      await expect(fetching).rejects.toBeInstanceOf(SourceError);
      await expect(fetching).rejects.toThrow(/cannot read: no complete response within 300 ms/);
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  });

  it('refuses a body over the size limit, declared or streamed', async () => {
    const big = 'x'.repeat(10_000);
    https.route('/declared.yaml', (_req, res) =>
      res.writeHead(200, { 'content-length': big.length }).end(big),
    );
    https.route('/streamed.yaml', (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(big.slice(0, 1000));
      res.end();
    });
    await expect(
      fetchHttpsSource(`${https.origin}/declared.yaml`, { agent: https.agent, maxBytes: 4096 }),
    ).rejects.toThrow(/10000 bytes is larger than the limit of 4096/);
    await expect(
      fetchHttpsSource(`${https.origin}/streamed.yaml`, { agent: https.agent, maxBytes: 4096 }),
    ).rejects.toThrow(/body is larger than the limit of 4096 bytes/);
  });

  it('follows a few https redirects, never one to http, and reports failures in one line', async () => {
    https.route('/target.yaml', (_req, res) => res.writeHead(200).end('sigs: []\n'));
    https.route('/moved.yaml', (_req, res) => res.writeHead(301, { location: '/target.yaml' }).end());
    https.route('/to-http.yaml', (_req, res) =>
      res.writeHead(302, { location: 'http://localhost/x.yaml' }).end(),
    );
    https.route('/loop.yaml', (_req, res) => res.writeHead(302, { location: '/loop.yaml' }).end());
    https.route('/broken.yaml', (_req, res) => res.writeHead(500).end());
    https.route('/latin1.yaml', (_req, res) => res.writeHead(200).end(Buffer.from([0x73, 0xe9, 0x0a])));
    https.route('/cut.yaml', (req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('sigs:\n', () => req.socket.destroy());
    });

    const url = (path: string) => `${https.origin}${path}`;
    const fetch = (path: string) => fetchHttpsSource(url(path), { agent: https.agent, timeoutMs: 2_000 });
    await expect(fetch('/moved.yaml')).resolves.toMatchObject({
      text: { file: url('/moved.yaml'), text: 'sigs: []\n' },
    });
    await expect(fetch('/to-http.yaml')).rejects.toThrow(
      /refusing to follow a redirect to non-https http:\/\/localhost/,
    );
    await expect(fetch('/loop.yaml')).rejects.toThrow(/more than 3 redirects/);
    await expect(fetch('/broken.yaml')).rejects.toThrow(/cannot read: HTTP 500/);
    await expect(fetch('/latin1.yaml')).rejects.toThrow(/not UTF-8/);
    await expect(fetch('/cut.yaml')).rejects.toThrow(SourceError);
    await expect(fetchHttpsSource(url('/target.yaml'))).rejects.toThrow(/certificate/);
    await expect(fetchHttpsSource('http://localhost/sigs.yaml')).rejects.toThrow(/only https/);
  });
});

describe('https source redirects (hostile upstreams)', () => {
  it('follows exactly 3 redirects, and no hop anywhere in the chain may leave https', async () => {
    const url = (path: string) => `${https.origin}${path}`;
    const redirect = (path: string, status: number, location: string) =>
      https.route(path, (_req, res) => res.writeHead(status, { location }).end());
    https.route('/landed.yaml', (_req, res) => res.writeHead(200).end('sigs: []\n'));
    redirect('/hop1.yaml', 308, '/landed.yaml');
    redirect('/hop2.yaml', 307, url('/hop1.yaml'));
    redirect('/hop3.yaml', 302, url('/hop2.yaml').replace(/^https:/, ''));
    redirect('/hop4.yaml', 301, '/hop3.yaml');
    redirect('/late-http.yaml', 301, '/via-http.yaml');
    redirect('/via-http.yaml', 302, url('/landed.yaml').replace(/^https:/, 'http:'));
    redirect('/to-data.yaml', 302, 'data:text/plain,sigs: []');
    redirect('/to-file.yaml', 302, 'file:///etc/passwd');
    const fetch = (path: string) => fetchHttpsSource(url(path), { agent: https.agent, timeoutMs: 2_000 });

    await expect(fetch('/hop3.yaml')).resolves.toMatchObject({ text: { text: 'sigs: []\n' } });
    await expect(fetch('/hop4.yaml')).rejects.toThrow(
      `${url('/hop4.yaml')}: cannot read: more than 3 redirects`,
    );
    for (const path of ['/late-http.yaml', '/to-data.yaml', '/to-file.yaml']) {
      const failing = fetch(path);
      await expect(failing, path).rejects.toBeInstanceOf(SourceError);
      await expect(failing, path).rejects.toThrow(
        /^https:\/\/localhost:\d+\/[a-z-]+\.yaml: cannot read: refusing to follow a redirect to non-https /,
      );
    }
    // The refused hop was never requested.
    expect(https.log.filter((r) => r.path === '/landed.yaml')).toHaveLength(1);
  });
});

describe('s3 sources', () => {
  it('reads an object, then costs a 304 while it is unchanged', async () => {
    const client = s3.client();
    await putObject(client, 'sources', 'community/sigs.yaml', 'sigs: []\n');
    const cache = new MemorySourceCache();
    const first = await readS3Source(client, 'sources', 'community/sigs.yaml', { cache });
    expect(first).toMatchObject({
      text: { file: 's3://sources/community/sigs.yaml', text: 'sigs: []\n' },
      notModified: false,
    });
    expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const second = await readS3Source(client, 'sources', 'community/sigs.yaml', { cache });
    expect(second).toMatchObject({ text: { text: 'sigs: []\n' }, notModified: true });

    await putObject(client, 'sources', 'community/sigs.yaml', 'sigs: [] # v2\n');
    const third = await readS3Source(client, 'sources', 'community/sigs.yaml', { cache });
    expect(third).toMatchObject({ text: { text: 'sigs: [] # v2\n' }, notModified: false });
  });

  it('reports a missing or oversized object as a SourceError', async () => {
    const client = s3.client();
    await expect(readS3Source(client, 'sources', 'nope.yaml')).rejects.toThrow(
      /s3:\/\/sources\/nope\.yaml: cannot read: no such object/,
    );
    await putObject(client, 'sources', 'big.yaml', 'x'.repeat(5000));
    await expect(readS3Source(client, 'sources', 'big.yaml', { maxBytes: 1000 })).rejects.toThrow(
      /5000 bytes is larger than the limit of 1000/,
    );
  });
});

describe('bundled sources', () => {
  it('reads the first directory that has the file, and reports none found as null', async () => {
    await mkdir(join(dir, 'bundle'));
    await mkdir(join(dir, 'task-root'));
    await writeFile(join(dir, 'task-root', 'sigs.yaml'), 'sigs: [] # task root\n');
    const dirs = [pathToFileURL(`${join(dir, 'bundle')}/`), join(dir, 'task-root')];
    expect((await readBundledSource('sigs.yaml', dirs))?.text).toEqual({
      file: 'sigs.yaml',
      text: 'sigs: [] # task root\n',
    });
    await writeFile(join(dir, 'bundle', 'sigs.yaml'), 'sigs: [] # bundle\n');
    expect((await readBundledSource('sigs.yaml', dirs))?.text.text).toBe('sigs: [] # bundle\n');
    expect(await readBundledSource('schedule.yaml', dirs)).toBeNull();
  });
});

describe('source locations', () => {
  const cli = { allowFile: true };
  const lambda = { allowFile: false, bundledName: 'sigs.yaml' };
  it('reads every accepted form and refuses the rest with the accepted forms', () => {
    expect(parseSourceAddress('sigs.yaml', cli)).toEqual({ kind: 'file', path: 'sigs.yaml' });
    expect(parseSourceAddress('bundled', lambda)).toEqual({ kind: 'bundled', name: 'sigs.yaml' });
    expect(parseSourceAddress('s3://b/k/sigs.yaml', lambda)).toEqual({
      kind: 's3',
      bucket: 'b',
      key: 'k/sigs.yaml',
    });
    expect(parseSourceAddress('https://raw.example.org/sigs.yaml', lambda)).toEqual({
      kind: 'https',
      url: 'https://raw.example.org/sigs.yaml',
    });
    expect(() => parseSourceAddress('http://example.org/sigs.yaml', lambda)).toThrow(
      /http:\/\/ sources are not supported/,
    );
    expect(() => parseSourceAddress('s3://bucket-only', lambda)).toThrow(/use s3:\/\/bucket\/key/);
    expect(() => parseSourceAddress('sigs.yaml', lambda)).toThrow(
      /"bundled", s3:\/\/bucket\/key, https:\/\//,
    );
    expect(() => parseSourceAddress('bundled', cli)).toThrow(/not available here/);
    expect(() => parseSourceAddress('https://user:pw@example.org/x', lambda)).toThrow(/credentials/);
  });
});
