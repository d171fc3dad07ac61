import { describe, expect, it } from 'vitest';
import { VIEWER_REQUEST_CODE } from '../../cdk/viewer-request.ts';

interface ViewerRequest {
  uri: string;
  querystring?: Record<string, { value: string }>;
  headers?: Record<string, { value: string; multiValue?: { value: string }[] }>;
}
type Result = ViewerRequest | { statusCode: number; headers?: Record<string, { value: string }> };

// The function's source, evaluated as CloudFront would: a script that defines `handler`.
const handler = new Function(`${VIEWER_REQUEST_CODE}\nreturn handler;`)() as (event: {
  request: ViewerRequest;
}) => Result;

const run = (uri: string): Result => handler({ request: { uri, querystring: {}, headers: {} } });

/** The URI CloudFront fetches (and caches under) for a request with this Accept-Encoding. */
const fetched = (uri: string, acceptEncoding?: string): string => {
  const result = handler({
    request: {
      uri,
      querystring: {},
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': { value: acceptEncoding } },
    },
  });
  if (!('uri' in result)) throw new Error(`expected a request, got status ${result.statusCode}`);
  return result.uri;
};

describe('viewer-request function', () => {
  it('serves index.html for the root and for folder paths', () => {
    expect(run('/')).toMatchObject({ uri: '/index.html' });
    expect(run('/sig-node/')).toMatchObject({ uri: '/sig-node/index.html' });
  });

  it('redirects a folder path without its slash, so relative links on the page resolve', () => {
    expect(run('/sig-node')).toEqual({
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: '/sig-node/' }, 'cache-control': { value: 'public, max-age=3600' } },
    });
  });

  it('passes files through unchanged, keeping the query string', () => {
    const request = { uri: '/assets/sigcal.css', querystring: { v: { value: '8d670433' } } };
    expect(handler({ request })).toBe(request);
    expect(run('/calendars/all.ics')).toMatchObject({ uri: '/calendars/all.ics' });
    expect(run('/sig-node/weekly-meeting.html')).toMatchObject({ uri: '/sig-node/weekly-meeting.html' });
  });

  it('hides the sync bookkeeping stored beside the site', () => {
    expect(run('/.sigcal/state.json')).toMatchObject({ statusCode: 404 });
  });

  it.each([
    '/%2esigcal/state.json',
    '/%2Esigcal/state.json',
    '/%2E%2Esigcal/../.sigcal/state.json',
    '/.sigcal%2Fstate.json',
    '/%2esigcal%2fstate.json',
    '//.sigcal/state.json',
    '///.sigcal//state.json',
    '/./.sigcal/state.json',
    '/sig-node/../.sigcal/state.json',
    '/sig-node/%2e%2e/.sigcal/state.json',
    '/sig-node/%2E%2E%2F.sigcal%2Fstate.json',
    '/.SIGCAL/state.json',
    '/%5C.sigcal%5Cstate.json',
    '/.sigcal',
    '/.sigcal/',
    '/calendar/.sigcal/state.json',
  ])('hides it whatever encoding or dot segments hide it in: %s', (uri) => {
    expect(run(uri)).toMatchObject({ statusCode: 404 });
  });

  it('refuses a path that does not decode', () => {
    expect(run('/%E0%A4%A/x')).toMatchObject({ statusCode: 400 });
  });

  it('does not hide names that merely contain it', () => {
    expect(run('/sig-node/not.sigcal.html')).toMatchObject({ uri: '/sig-node/not.sigcal.html' });
    expect(run('/.sigcalendar/x.html')).toMatchObject({ uri: '/.sigcalendar/x.html' });
  });

  it('hands a feed gzip-compressed to clients that accept gzip, and only to them', () => {
    const feed = '/calendars/all.ics';
    // What browsers, Google, Apple Calendar, Outlook and curl --compressed send.
    for (const accepts of [
      'gzip',
      'gzip, deflate, br',
      'gzip, deflate, br, zstd',
      'br;q=1.0, gzip;q=0.8, *;q=0.1',
      'deflate, gzip',
      'x-gzip',
      'GZip',
      '*',
      'identity, *;q=0.5',
    ]) {
      expect(fetched(feed, accepts), accepts).toBe('/calendars/all.ics.gz');
    }
    // No header, or one that refuses gzip: the plain feed, never compressed data.
    for (const refuses of [
      undefined,
      '',
      'identity',
      'br',
      'deflate, br',
      'gzip;q=0',
      'gzip; q=0.000',
      'gzip;q=0, *',
      '*;q=0',
      'gzipx, agzip',
    ]) {
      expect(fetched(feed, refuses), String(refuses)).toBe(feed);
    }
    expect(fetched('/calendars/sig-node/weekly.ics', 'gzip')).toBe('/calendars/sig-node/weekly.ics.gz');
  });

  it('reads a repeated Accept-Encoding header, and a request without headers', () => {
    const request = {
      uri: '/calendars/all.ics',
      headers: {
        'accept-encoding': { value: 'br', multiValue: [{ value: 'br' }, { value: 'gzip' }] },
      },
    };
    expect(handler({ request })).toMatchObject({ uri: '/calendars/all.ics.gz' });
    expect(handler({ request: { uri: '/calendars/all.ics' } })).toMatchObject({ uri: '/calendars/all.ics' });
  });

  it('leaves every other path to CloudFront, which compresses pages, styles and scripts itself', () => {
    for (const uri of ['/index.html', '/assets/sigcal.css', '/assets/sigcal.js', '/manifest.json']) {
      expect(fetched(uri, 'gzip, deflate, br')).toBe(uri);
    }
    expect(fetched('/sig-node/', 'gzip')).toBe('/sig-node/index.html');
  });

  it('never serves a gzip variant to a client that asks for it by name', () => {
    expect(run('/calendars/all.ics.gz')).toMatchObject({ statusCode: 404 });
    expect(
      handler({
        request: { uri: '/calendars/all.ics.gz', headers: { 'accept-encoding': { value: 'gzip' } } },
      }),
    ).toMatchObject({ statusCode: 404 });
  });

  it('is plain ES5-style JavaScript for the cloudfront-js-2.0 runtime (no imports, no arrow functions)', () => {
    expect(VIEWER_REQUEST_CODE).toMatch(/^function handler\(event\) \{/);
    expect(VIEWER_REQUEST_CODE).not.toMatch(/=>|\bimport\b|\brequire\(/);
    expect(Buffer.byteLength(VIEWER_REQUEST_CODE)).toBeLessThan(10 * 1024);
  });
});
