import type { IncomingMessage } from 'node:http';
import { type Agent, request } from 'node:https';
import { SourceError } from '../core/errors.ts';
import {
  DEFAULT_MAX_SOURCE_BYTES,
  decodeSource,
  type LoadedSource,
  loaded,
  missing,
  type SourceCache,
  unreadable,
} from './loaded-source.ts';

export interface HttpsSourceOptions {
  /** For the whole fetch: redirects, headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Larger bodies are refused. Default 5 MiB. */
  readonly maxBytes?: number;
  /** Default 3; every hop must stay on https. */
  readonly maxRedirects?: number;
  /** Keeps the last body and ETag so an unchanged upstream answers 304 Not Modified. */
  readonly cache?: SourceCache;
  /** A custom agent, e.g. one that trusts a private CA. Default: Node's global agent. */
  readonly agent?: Agent;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a source over https with a deadline, a size limit and a conditional request.
 * Built on `node:https` rather than `fetch` so redirects, TLS trust and byte counting are explicit.
 */
export async function fetchHttpsSource(url: string, options: HttpsSourceOptions = {}): Promise<LoadedSource> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const maxRedirects = options.maxRedirects ?? 3;
  const signal = AbortSignal.timeout(timeoutMs);
  const cached = options.cache?.get(url);
  let current = new URL(url);
  if (current.protocol !== 'https:') throw unreadable(url, 'only https:// sources are fetched');
  try {
    for (let hop = 0; ; hop++) {
      const response = await get(current, {
        signal,
        ...(options.agent ? { agent: options.agent } : {}),
        headers: {
          'user-agent': 'sigcal',
          accept: 'text/yaml, text/plain, */*',
          ...(cached ? { 'if-none-match': cached.etag } : {}),
        },
      });
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw unreadable(url, `HTTP ${status} redirect without a Location`);
        if (hop >= maxRedirects) throw unreadable(url, `more than ${maxRedirects} redirects`);
        const next = new URL(location, current);
        if (next.protocol !== 'https:') {
          throw unreadable(url, `refusing to follow a redirect to non-https ${next.origin}`);
        }
        current = next;
        continue;
      }
      if (status === 304) {
        response.resume();
        if (!cached) throw unreadable(url, 'HTTP 304 Not Modified to an unconditional request');
        return loaded(url, cached.text, cached.etag, true);
      }
      if (status !== 200) {
        response.resume();
        const why = `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
        throw status === 404 || status === 410 ? missing(url, why) : unreadable(url, why);
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        throw unreadable(url, `${declared} bytes is larger than the limit of ${maxBytes}`);
      }
      const text = decodeSource(url, await readBody(response, maxBytes, url));
      const etag = response.headers.etag ?? null;
      if (etag && options.cache) options.cache.set(url, { etag, text });
      return loaded(url, text, etag);
    }
  } catch (error) {
    if (signal.aborted) throw unreadable(url, `no complete response within ${timeoutMs} ms`, error);
    if (error instanceof SourceError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw unreadable(url, why, error);
  }
}

function get(
  url: URL,
  options: { signal: AbortSignal; agent?: Agent; headers: Record<string, string> },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ...options }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number, url: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > maxBytes) {
      response.destroy();
      throw unreadable(url, `body is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  // A connection cut before the declared length is a truncated file, not a shorter one.
  if (!response.complete) throw unreadable(url, 'connection closed before the whole body arrived');
  return new Uint8Array(Buffer.concat(chunks));
}
