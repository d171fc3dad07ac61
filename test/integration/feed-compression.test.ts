import { gunzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipVariant } from '../../functions/pipeline/build.ts';
import { buildInput, type RunSummary, runPipeline } from '../../functions/pipeline/pipeline.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import { removeSynthOutput, synthPublisher } from '../cdk/synth-publisher.ts';
import { type RunningS3, startS3 } from './support/s3.ts';

/**
 * Feeds reach subscribers compressed, end to end as far as it runs offline: the site published to
 * s3rver as the function publishes it (with gzip variants), and each request answered the way the
 * synthesized stack configures CloudFront to answer it — the viewer-request function's code taken
 * from the template, the S3 origin, the custom error responses and the response headers policy.
 * CloudFront's own compression is not modelled: it never compresses text/calendar.
 */

const FIXTURE = 'test/fixtures/kubernetes/sigs.yaml';
/** What calendar clients and browsers send (Google, Apple, Outlook and Thunderbird all accept gzip). */
const ACCEPTS_GZIP = 'gzip, deflate, br';

interface CloudFrontConfig {
  readonly viewerRequest: (event: unknown) => { uri: string } | { statusCode: number };
  readonly errorResponses: readonly {
    ErrorCode: number;
    ResponseCode: number;
    ResponsePagePath: string;
  }[];
  readonly customHeaders: readonly { Header: string; Value: string; Override: boolean }[];
}

interface Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

let s3: RunningS3;
let config: CloudFrontConfig;
let store: S3Store;
let first: RunSummary;

const publish = () =>
  runPipeline(
    {
      trigger: 'deploy',
      source: { kind: 'file', path: FIXTURE },
      overlay: null,
      // The real-shaped fixture has placeholder links that fail validation; the function keeps going.
      input: buildInput({
        now: new Date('2026-11-30T12:00:00Z'),
        siteUrl: 'https://calendar.example.org/',
        keepGoing: true,
      }),
      gzipVariants: true,
    },
    store,
    {},
  );

beforeAll(async () => {
  const { template } = synthPublisher({}, { bundle: false });
  const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
  const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  const [headers] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  config = {
    viewerRequest: new Function(`${fn?.Properties.FunctionCode}\nreturn handler;`)(),
    errorResponses: distribution?.Properties.DistributionConfig.CustomErrorResponses,
    customHeaders: headers?.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig.Items,
  };
  s3 = await startS3();
  await s3.createBucket('site');
  store = new S3Store(s3.client(), 'site');
  first = await publish();
}, 120_000);
afterAll(async () => {
  await s3?.close();
  removeSynthOutput();
});

/** The answer CloudFront gives to a GET, as the stack configures it. */
async function get(uri: string, acceptEncoding?: string): Promise<Response> {
  const result = config.viewerRequest({
    request: {
      uri,
      querystring: {},
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': { value: acceptEncoding } },
    },
  });
  if ('statusCode' in result) return { status: result.statusCode, headers: {}, body: new Uint8Array() };
  let response = await origin(result.uri);
  if (response.status !== 200) {
    // Through OAC a missing key is a 403 (s3rver, which has no policy, answers 404): both are mapped.
    const mapped = config.errorResponses.find((r) => r.ErrorCode === response.status);
    if (mapped) response = { ...(await origin(mapped.ResponsePagePath)), status: mapped.ResponseCode };
  }
  const headers = { ...response.headers };
  for (const h of config.customHeaders) {
    const name = h.Header.toLowerCase();
    if (h.Override || headers[name] === undefined) headers[name] = h.Value;
  }
  return { ...response, headers };
}

async function origin(uri: string): Promise<Response> {
  try {
    const out = await s3.admin.send(
      new GetObjectCommand({ Bucket: 'site', Key: decodeURIComponent(uri.slice(1)) }),
    );
    return {
      status: 200,
      headers: {
        'content-type': out.ContentType,
        'content-encoding': out.ContentEncoding,
        'cache-control': out.CacheControl,
      },
      body: out.Body ? await out.Body.transformToByteArray() : new Uint8Array(),
    };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 500;
    return { status, headers: {}, body: new Uint8Array() };
  }
}

const feeds = () => Object.keys(manifestObjects()).filter((path) => path.endsWith('.ics'));
let manifest: { objects: Record<string, { bytes: number; contentEncoding?: string }> } | undefined;
function manifestObjects() {
  if (!manifest) throw new Error('manifest not read');
  return manifest.objects;
}

describe('feeds behind the CDN', () => {
  beforeAll(async () => {
    manifest = JSON.parse(new TextDecoder().decode((await get('/manifest.json')).body));
  });

  it('publishes a gzip variant beside every feed, listed in the manifest', () => {
    expect(feeds().length).toBeGreaterThan(50);
    for (const feed of feeds()) {
      expect(manifestObjects()[`${feed}.gz`], feed).toMatchObject({ contentEncoding: 'gzip' });
    }
    expect(first.written).toBe(Object.keys(manifestObjects()).length + 1);
  });

  it('hands every feed gzip-compressed to a client that accepts gzip: same type, same feed once decoded', async () => {
    for (const feed of feeds()) {
      const plain = await get(`/${feed}`);
      const gzipped = await get(`/${feed}`, ACCEPTS_GZIP);
      expect(plain.status, feed).toBe(200);
      expect(gzipped.status, feed).toBe(200);
      expect(gzipped.headers, feed).toEqual({
        ...plain.headers,
        'content-encoding': 'gzip',
      });
      expect(plain.headers).toMatchObject({
        'content-type': 'text/calendar; charset=utf-8',
        'content-encoding': undefined,
        'cache-control': 'public, max-age=900',
        vary: 'Accept-Encoding',
      });
      expect(Buffer.from(gunzipSync(gzipped.body)).equals(Buffer.from(plain.body)), feed).toBe(true);
    }
    const all = new TextDecoder().decode(gunzipSync((await get('/calendars/all.ics', 'gzip')).body));
    const events = new ICAL.Component(ICAL.parse(all)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(500);
  });

  it('never sends gzip to a client that did not ask for it', async () => {
    for (const accepts of [undefined, 'identity', 'br', 'gzip;q=0']) {
      const response = await get('/calendars/all.ics', accepts);
      expect(response.headers['content-encoding'], String(accepts)).toBeUndefined();
      expect(new TextDecoder().decode(response.body.slice(0, 15))).toBe('BEGIN:VCALENDAR');
    }
    expect((await get('/calendars/all.ics.gz', 'gzip')).status).toBe(404);
  });

  it('cuts the bytes a subscriber downloads by eight to more than ten times', async () => {
    const bytes = async (paths: readonly string[], accepts?: string) => {
      let total = 0;
      for (const path of paths) total += (await get(`/${path}`, accepts)).body.byteLength;
      return total;
    };
    const all = ['calendars/all.ics'];
    const groups = feeds().filter((f) => /^calendars\/[^/]+\.ics$/.test(f) && f !== 'calendars/all.ics');
    const allPlain = await bytes(all);
    const allGzip = await bytes(all, ACCEPTS_GZIP);
    const groupsPlain = await bytes(groups);
    const groupsGzip = await bytes(groups, ACCEPTS_GZIP);
    // The figures docs/deploy.md's cost table starts from (Kubernetes-shaped fixture, 26-week window).
    expect(allPlain).toBeGreaterThan(500_000);
    expect(allGzip).toBeLessThan(allPlain / 8);
    expect(groupsGzip).toBeLessThan(groupsPlain / 10);
    expect(groups.length).toBeGreaterThan(20);
  });

  it("answers a path the site does not have with the site's 404 page, whose links resolve from any depth", async () => {
    for (const missing of ['/sig-gone/', '/sig-gone/weekly.html', '/calendars/gone.ics', '/nope.html']) {
      const response = await get(missing, ACCEPTS_GZIP);
      expect(response.status, missing).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = new TextDecoder().decode(response.body);
      expect(html).toContain('<h1>Page not found</h1>');
      const links = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string);
      expect(links.length).toBeGreaterThanOrEqual(3);
      for (const link of links) {
        expect(link, link).toMatch(/^\//);
        expect((await get(link.replace(/\?.*$/, ''))).status, link).toBe(200);
      }
    }
  });

  it('republishes byte-identical variants when nothing changed, so a no-op run writes nothing', async () => {
    const again = await publish();
    expect(again).toMatchObject({ written: 0, deleted: 0 });
    expect(again.unchanged).toBe(first.written);
  });
});

describe('gzipVariant', () => {
  it('is deterministic and says nothing about the host that made it', () => {
    const body = new TextEncoder().encode('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'.repeat(100));
    const a = gzipVariant(body);
    expect(Buffer.from(a).equals(Buffer.from(gzipVariant(body)))).toBe(true);
    // RFC 1952: magic, deflate, no flags, MTIME 0, XFL 2 (best compression), OS 255 (unknown).
    expect([...a.slice(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    expect(Buffer.from(gunzipSync(a)).equals(Buffer.from(body))).toBe(true);
  });
});
