import { gzipSync } from 'node:zlib';
import type { SourceText } from '../core/community.ts';
import type { PiecedText } from '../core/pieced-text.ts';
import { type BuildInput, type RenderSummary, renderSite } from '../core/render-site.ts';
import type { ValidationReport } from '../core/report.ts';
import {
  cacheControlOf,
  contentTypeOf,
  GZIP_VARIANT_SUFFIX,
  hasGzipVariant,
  MANIFEST,
} from '../core/site-contract.ts';
import type { SiteModel } from '../core/site-model.ts';
import { sha256 } from '../shared/sha256.ts';
import type { Body, SiteObject } from '../store/site.ts';
import { type Manifest, manifestOf } from './manifest.ts';

export type { BuildInput, BuildOptions } from '../core/render-site.ts';

/** The source and overlay texts a build reads. */
export type BuildSources = { readonly source: SourceText; readonly overlay?: SourceText };

export interface BuildSummary extends RenderSummary {
  readonly objects: number;
  readonly bytes: number;
}

export interface BuiltSite<B extends Body = Uint8Array> {
  readonly site: Map<string, SiteObject<B>>;
  readonly manifest: Manifest;
  readonly model: SiteModel;
  readonly report: ValidationReport;
  readonly summary: BuildSummary;
}

export interface BuildSiteOptions {
  /**
   * Also build each feed's gzip variant (`calendars/all.ics.gz`, see GZIP_VARIANT_SUFFIX), for targets
   * served by the CDN, whose viewer-request function hands it to clients that accept gzip. Default false:
   * a folder (or GitHub Pages) has no use for them.
   */
  readonly gzipVariants?: boolean;
  /**
   * Takes each object as it is encoded and returns the body to keep in the site (see
   * `SiteStore.aside`): without it every body is kept in memory until the sync writes it.
   */
  readonly hold?: (path: string, object: SiteObject<Uint8Array>) => Body;
  /**
   * With `hold`: room for the next body's bytes, at most `maxBytes`, where `hold` will not copy them
   * again (see `BodyAside.reserve`), or null.
   */
  readonly reserve?: (maxBytes: number) => Uint8Array | null;
}

/**
 * Builds the whole site in memory: renders it (the pure core), encodes and hashes each file once as it
 * is produced, and adds `manifest.json`. Throws the core's `ValidationError` before anything is built.
 */
export function buildSite(
  input: BuildInput,
  options?: BuildSiteOptions & { readonly hold?: undefined },
): BuiltSite<Uint8Array>;
export function buildSite(input: BuildInput, options: BuildSiteOptions): BuiltSite<Body>;
export function buildSite(input: BuildInput, options: BuildSiteOptions = {}): BuiltSite<Body> {
  const rendered = renderSite(input);
  const site = new Map<string, SiteObject<Body>>();
  const encoder = new TextEncoder();
  const { hold } = options;
  // A held body is encoded where the store offers room for it, or into one reused buffer that `hold`
  // copies: a build of thousands of files allocates no memory per file for its bytes.
  const encode = hold
    ? heldBodyEncoder(options.reserve)
    : (text: string | PiecedText) =>
        typeof text === 'string' ? encoder.encode(text) : encodePieces(text, new Uint8Array(roomFor(text)));
  let bytes = 0;
  const add = (path: string, object: SiteObject<Uint8Array>) => {
    bytes += object.body.byteLength;
    site.set(path, hold ? { ...object, body: hold(path, object) } : object);
  };
  for (const file of rendered.files) {
    const body = encode(file.text);
    const served = { contentType: file.contentType, cacheControl: file.cacheControl, phase: file.phase };
    add(file.path, { body, ...served, sha256: sha256(body) });
    if (options.gzipVariants && hasGzipVariant(file.path)) {
      const gzipped = gzipVariant(body);
      add(`${file.path}${GZIP_VARIANT_SUFFIX}`, {
        body: gzipped,
        ...served,
        contentEncoding: 'gzip',
        sha256: sha256(gzipped),
      });
    }
  }
  const manifest = manifestOf(input, rendered.community, rendered.window, rendered.stamps, site);
  const body = encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
  add(MANIFEST, {
    body,
    contentType: contentTypeOf(MANIFEST),
    cacheControl: cacheControlOf(MANIFEST),
    phase: 'manifest',
    sha256: sha256(body),
  });
  return {
    site,
    manifest,
    model: rendered.model,
    get report() {
      return rendered.report;
    },
    summary: { ...rendered.summary, objects: site.size, bytes },
  };
}

/**
 * Encodes text as UTF-8 for `hold`, which copies it: where the store offers room (`reserve`), into
 * that room, else into one buffer, reused and grown as needed. Each result is valid until the next
 * call.
 */
function heldBodyEncoder(
  reserve?: (maxBytes: number) => Uint8Array | null,
): (text: string | PiecedText) => Uint8Array {
  const encoder = new TextEncoder();
  let buffer = new Uint8Array(1024 * 1024);
  return (text) => {
    if (typeof text !== 'string') {
      const needed = roomFor(text);
      const room = reserve?.(needed);
      if (room) return encodePieces(text, room);
      if (buffer.byteLength < needed) buffer = new Uint8Array(needed);
      return encodePieces(text, buffer);
    }
    // Three bytes per UTF-16 unit is the most UTF-8 needs.
    const room = reserve?.(3 * text.length);
    if (room) return room.subarray(0, encoder.encodeInto(text, room).written);
    // Most text is far smaller than that bound, so try the buffer as it is first.
    let { read, written } = encoder.encodeInto(text, buffer);
    if (read < text.length) {
      buffer = new Uint8Array(3 * text.length);
      ({ read, written } = encoder.encodeInto(text, buffer));
    }
    return buffer.subarray(0, written);
  };
}

/**
 * Room beyond a pieced text's counted size: a text longer than counted then overflows into it, where
 * it is seen, rather than being cut off at the end of its room. (No character takes more than 4 octets.)
 */
export const SLACK = 4;

/** The octets `encodePieces` needs to encode `text`: its counted size and the {@link SLACK}. */
export const roomFor = (text: PiecedText): number => text.bytes + SLACK;

/**
 * Encodes each piece of `text` after the one before, into `room` (at least {@link roomFor} octets),
 * and returns the octets written. The count is the budgets' and the manifest's: text
 * that does not match it is an internal error, never a feed silently cut or padded.
 */
export function encodePieces(text: PiecedText, room: Uint8Array): Uint8Array {
  // A Buffer over the same memory: its write() encodes at an offset without a view per piece.
  const into = Buffer.from(room.buffer, room.byteOffset, room.byteLength);
  let at = 0;
  for (const piece of text.pieces()) at += into.write(piece, at);
  if (at !== text.bytes) {
    throw new Error(`internal error: a file's text was counted as ${text.bytes} octets but is ${at}`);
  }
  return room.subarray(0, at);
}

/** RFC 1952 header byte 9: the OS that wrote the data; 255 is "unknown". */
const GZIP_OS_BYTE = 9;

/**
 * A feed, gzip-compressed, byte-identical on every host for the same input (so an unchanged feed keeps
 * its variant's hash): zlib writes no timestamp, but it records the OS it runs on, which is set to
 * "unknown" here. The level is zlib's maximum; feeds are repetitive text and are compressed once per
 * run, then fetched by every subscriber.
 */
export function gzipVariant(body: Uint8Array): Uint8Array {
  const gzipped = gzipSync(body, { level: 9 });
  gzipped[GZIP_OS_BYTE] = 255;
  return new Uint8Array(gzipped.buffer, gzipped.byteOffset, gzipped.byteLength);
}
