import { lookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { type Agent, request } from 'node:https';
import { BlockList, isIP } from 'node:net';
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
  /**
   * Connect to loopback, private, link-local and cloud metadata addresses too (`--allow-private-source`,
   * `SIGCAL_ALLOW_PRIVATE_SOURCE`). Off by default: a source URL, or a redirect, must not reach the
   * publisher's own network.
   */
  readonly allowPrivate?: boolean;
  /** Resolves a host name to its addresses (tests); default: the system resolver, every address. */
  readonly resolve?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
  /** Why an address may not be connected to, or undefined (tests); default {@link forbiddenAddress}. */
  readonly forbidden?: (address: string, family: 4 | 6) => string | undefined;
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Addresses no public source lives at: this host, private networks, link-local, metadata, multicast. */
const FORBIDDEN: readonly { readonly list: BlockList; readonly why: string }[] = (
  [
    ['0.0.0.0', 8, 'ipv4', 'this-network'],
    ['10.0.0.0', 8, 'ipv4', 'private'],
    ['100.64.0.0', 10, 'ipv4', 'shared (carrier-grade NAT)'],
    ['127.0.0.0', 8, 'ipv4', 'loopback'],
    ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
    ['172.16.0.0', 12, 'ipv4', 'private'],
    ['192.0.0.0', 24, 'ipv4', 'IETF protocol'],
    ['192.168.0.0', 16, 'ipv4', 'private'],
    ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
    ['224.0.0.0', 4, 'ipv4', 'multicast'],
    ['240.0.0.0', 4, 'ipv4', 'reserved'],
    ['::', 128, 'ipv6', 'unspecified'],
    ['::1', 128, 'ipv6', 'loopback'],
    ['fc00::', 7, 'ipv6', 'unique local (private)'],
    ['fe80::', 10, 'ipv6', 'link-local'],
    ['ff00::', 8, 'ipv6', 'multicast'],
    ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ] as const
).map(([net, prefix, type, why]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, why };
});

/** Why `address` is not a public internet address, or undefined when it is. */
export function forbiddenAddress(address: string, family: 4 | 6): string | undefined {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  const ip = mapped ?? address;
  const type = mapped || family === 4 ? 'ipv4' : 'ipv6';
  const range = FORBIDDEN.find((r) => r.list.check(ip, type));
  return range ? `a ${range.why} address` : undefined;
}

async function systemResolve(hostname: string): Promise<readonly ResolvedAddress[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/**
 * The address to connect to for `url`: resolved once, every address checked, and the first one used
 * for the connection itself, so a resolver that answers differently a moment later (DNS rebinding)
 * cannot swap it after the check.
 */
async function pinnedAddress(
  url: URL,
  options: HttpsSourceOptions,
  source: string,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses: readonly ResolvedAddress[] = literal
    ? [{ address: host, family: literal === 6 ? 6 : 4 }]
    : await (options.resolve ?? systemResolve)(host);
  const first = addresses[0];
  if (!first) throw unreadable(source, `${host} has no address`);
  if (!options.allowPrivate) {
    const check = options.forbidden ?? forbiddenAddress;
    for (const { address, family } of addresses) {
      const why = check(address, family);
      if (why) {
        throw unreadable(
          source,
          `refusing to connect to ${host} (${address}, ${why}); pass --allow-private-source to allow it`,
        );
      }
    }
  }
  return first;
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
      // Checked at every hop: a public URL may redirect to a private one.
      const pinned = await pinnedAddress(current, options, url);
      const response = await get(current, pinned, {
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
  pinned: ResolvedAddress,
  options: { signal: AbortSignal; agent?: Agent; headers: Record<string, string> },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ...options,
        // The certificate is still checked against the URL's host name (SNI and Host stay as they are).
        servername: isIP(url.hostname.replace(/^\[|\]$/g, '')) ? '' : url.hostname,
        lookup: (_hostname, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all) {
            (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
          } else callback(null, pinned.address, pinned.family);
        },
      },
      resolve,
    );
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
