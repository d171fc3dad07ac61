import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../functions/core/errors.ts';
import { readBundledSource } from '../../functions/sources/bundled-source.ts';
import { fetchHttpsSource, forbiddenAddress } from '../../functions/sources/https-source.ts';
import { MemorySourceCache, SourceMissingError } from '../../functions/sources/loaded-source.ts';
import { readS3Source } from '../../functions/sources/s3-source.ts';
import { parseSourceAddress } from '../../functions/sources/source-address.ts';
import { type HttpsFixture, startHttps, yamlWithEtag } from './support/https-server.ts';
import { putObject, type RunningS3, startS3 } from './support/s3.ts';
import { selfSignedCertificate } from './support/self-signed.ts';

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

describe('the test certificate', () => {
  it('is valid DER whatever its random serial (1 in 256 started with a zero byte and was refused)', () => {
    // 2,000 certificates meet a zero first byte with probability 1 - (255/256)^2000, over 99.9%.
    for (let i = 0; i < 2000; i++) {
      const { cert } = selfSignedCertificate();
      expect(() => new X509Certificate(cert)).not.toThrow();
    }
  });
});

describe('https sources and private addresses', () => {
  const port = () => new URL(https.origin).port;
  const resolveTo =
    (table: Record<string, string>, calls: string[] = []) =>
    async (hostname: string) => {
      calls.push(hostname);
      const address = table[hostname];
      if (!address) throw new Error(`no test address for ${hostname}`);
      return [{ address, family: address.includes(':') ? (6 as const) : (4 as const) }];
    };

  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', 'this-network'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['fe80::1', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
  ])('refuses a host that resolves to %s (%s), before connecting', async (address, why) => {
    expect(
      forbiddenAddress(
        address,
        address.includes(':') && !address.startsWith('::ffff') ? 6 : address.startsWith('::ffff') ? 6 : 4,
      ),
    ).toBe(`a ${why} address`);
    const fetching = fetchHttpsSource('https://sigs.example.org/sigs.yaml', {
      resolve: resolveTo({ 'sigs.example.org': address }),
    });
    await expect(fetching).rejects.toThrow(
      `https://sigs.example.org/sigs.yaml: cannot read: refusing to connect to sigs.example.org (${address}, a ${why} address); pass --allow-private-source to allow it`,
    );
  });

  it('accepts public addresses', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) {
      expect(forbiddenAddress(address, address.includes(':') ? 6 : 4), address).toBeUndefined();
    }
  });

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://127.0.0.1/sigs.yaml',
    'https://2130706433/sigs.yaml',
    'https://0x7f.1/sigs.yaml',
    'https://[::1]/sigs.yaml',
    'https://[::ffff:127.0.0.1]/sigs.yaml',
  ])('refuses an address written in the URL: %s', async (url) => {
    await expect(fetchHttpsSource(url)).rejects.toThrow(
      /refusing to connect to .*; pass --allow-private-source/,
    );
  });

  it('refuses the local test server itself unless private sources are allowed', async () => {
    https.route('/private.yaml', (_req, res) => res.writeHead(200).end('sigs: []\n'));
    await expect(fetchHttpsSource(`${https.origin}/private.yaml`, { agent: https.agent })).rejects.toThrow(
      /refusing to connect to localhost \((127\.0\.0\.1|::1), a loopback address\)/,
    );
    expect(requestsTo('/private.yaml')).toEqual([]);
    const allowed = await fetchHttpsSource(`${https.origin}/private.yaml`, {
      agent: https.agent,
      allowPrivate: true,
    });
    expect(allowed.text.text).toBe('sigs: []\n');
  });

  it('checks every redirect hop: a public URL may not redirect to a private one', async () => {
    // Here 127.0.0.1 stands for a public address and 127.0.0.2 for a private one.
    const forbidden = (address: string) => (address === '127.0.0.2' ? 'a private address' : undefined);
    const resolve = resolveTo({ localhost: '127.0.0.1', 'internal.example.org': '127.0.0.2' });
    https.route('/to-ip.yaml', (_req, res) =>
      res.writeHead(302, { location: `https://127.0.0.2:${port()}/landed.yaml` }).end(),
    );
    https.route('/to-name.yaml', (_req, res) =>
      res.writeHead(302, { location: `https://internal.example.org:${port()}/landed.yaml` }).end(),
    );
    for (const [path, host] of [
      ['/to-ip.yaml', '127.0.0.2'],
      ['/to-name.yaml', 'internal.example.org'],
    ]) {
      await expect(
        fetchHttpsSource(`${https.origin}${path}`, { agent: https.agent, resolve, forbidden }),
      ).rejects.toThrow(`refusing to connect to ${host} (127.0.0.2, a private address)`);
    }
    expect(requestsTo('/landed.yaml')).toEqual([]);
  });

  it('connects to the address it checked, resolving each host once (no DNS rebinding)', async () => {
    https.route('/pinned.yaml', (_req, res) => res.writeHead(200).end('sigs: []\n'));
    const forbidden = (address: string) => (address.startsWith('10.') ? 'a private address' : undefined);
    const calls: string[] = [];
    const pinned = await fetchHttpsSource(`${https.origin}/pinned.yaml`, {
      agent: https.agent,
      forbidden,
      resolve: resolveTo({ localhost: '127.0.0.1' }, calls),
    });
    expect(pinned.text.text).toBe('sigs: []\n');
    expect(calls).toEqual(['localhost']);
    // The connection goes to the checked address, not to what the system would resolve "localhost" to:
    // nothing listens on 127.0.0.3, so the fetch fails.
    await expect(
      fetchHttpsSource(`${https.origin}/pinned.yaml`, {
        agent: https.agent,
        forbidden,
        resolve: resolveTo({ localhost: '127.0.0.3' }),
        timeoutMs: 2_000,
      }),
    ).rejects.toThrow(/ECONNREFUSED 127\.0\.0\.3/);
  });
});

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

    const first = await fetchHttpsSource(url, { agent: https.agent, allowPrivate: true, cache });
    expect(first).toMatchObject({ text: { file: url, text: body }, etag: '"v1"', notModified: false });
    const second = await fetchHttpsSource(url, { agent: https.agent, allowPrivate: true, cache });
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
    const third = await fetchHttpsSource(url, { agent: https.agent, allowPrivate: true, cache });
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
      const fetching = fetchHttpsSource(`${https.origin}${path}`, {
        agent: https.agent,
        allowPrivate: true,
        timeoutMs: 300,
      });
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
      fetchHttpsSource(`${https.origin}/declared.yaml`, {
        agent: https.agent,
        allowPrivate: true,
        maxBytes: 4096,
      }),
    ).rejects.toThrow(/10000 bytes is larger than the limit of 4096/);
    await expect(
      fetchHttpsSource(`${https.origin}/streamed.yaml`, {
        agent: https.agent,
        allowPrivate: true,
        maxBytes: 4096,
      }),
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
    const fetch = (path: string) =>
      fetchHttpsSource(url(path), { agent: https.agent, allowPrivate: true, timeoutMs: 2_000 });
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
    // The certificate is checked against the host name, whatever address the connection is pinned to.
    await expect(fetchHttpsSource(url('/target.yaml'), { allowPrivate: true })).rejects.toThrow(
      /certificate/,
    );
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
    const fetch = (path: string) =>
      fetchHttpsSource(url(path), { agent: https.agent, allowPrivate: true, timeoutMs: 2_000 });

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

  it('reports a missing or oversized object as a SourceError, a missing one as SourceMissingError', async () => {
    const client = s3.client();
    const nope = readS3Source(client, 'sources', 'nope.yaml');
    await expect(nope).rejects.toThrow(/s3:\/\/sources\/nope\.yaml: cannot read: no such object/);
    // The publisher tells "not uploaded yet" apart from a failure by this class.
    await expect(nope).rejects.toBeInstanceOf(SourceMissingError);
    await putObject(client, 'sources', 'big.yaml', 'x'.repeat(5000));
    await expect(readS3Source(client, 'sources', 'big.yaml', { maxBytes: 1000 })).rejects.toThrow(
      /5000 bytes is larger than the limit of 1000/,
    );
    await expect(readS3Source(client, 'sources', 'big.yaml', { maxBytes: 1000 })).rejects.not.toBeInstanceOf(
      SourceMissingError,
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
