/**
 * The site contract: the URLs people subscribe to and link (keep them stable), the names the layout
 * reserves, the order objects are written in, how each kind of object is served, and the security
 * policy pages are written for. The core, the stores, the preview server and the CDK app all read it
 * from here, so this module imports nothing.
 */

export const INDEX_PAGE = 'index.html';
export const ALL_FEED = 'calendars/all.ics';
/** Every meeting's upcoming dates as JSON (see data-feed.ts), beside `all.ics`. */
export const ALL_DATA = 'calendars/all.json';
export const MANIFEST = 'manifest.json';
/**
 * The page served, with status 404, for any path the site does not have (the CDN's custom error
 * response, GitHub Pages and `sigcal serve`). It links with root-relative URLs, so it works at any depth.
 */
export const NOT_FOUND_PAGE = '404.html';
/** The folder of feeds: `calendars/<dir>.ics`, `calendars/<dir>/<meeting-id>.ics`. */
export const CALENDARS_DIR = 'calendars';
/** The folder of CSS, JS and icons; their URLs carry a content version (see {@link ASSET_VERSION_PARAMETER}). */
export const ASSETS_DIR = 'assets';
export const CSS_PATH = `${ASSETS_DIR}/sigcal.css`;
export const JS_PATH = `${ASSETS_DIR}/sigcal.js`;
export const ICON_PATH = `${ASSETS_DIR}/favicon.svg`;
/** The query parameter pages use to version asset URLs (`assets/sigcal.css?v=8d670433`). */
export const ASSET_VERSION_PARAMETER = 'v';
/** Sync's bookkeeping, stored beside the site and never served. */
export const STATE_DIR = '.sigcal';
export const STATE_PATH = `${STATE_DIR}/state.json`;

/**
 * Feeds are also published gzip-compressed beside themselves (`calendars/all.ics.gz`, stored with
 * `Content-Encoding: gzip`) for targets behind the CDN, whose viewer-request function serves the variant
 * to clients that accept gzip: CloudFront compresses only the content types on its own list, and
 * `text/calendar` is not on it. A client that does not ask for gzip always gets the plain feed.
 */
export const GZIP_VARIANT_SUFFIX = '.gz';

/** Whether a site path is published with a gzip variant (feeds only; CloudFront compresses the rest itself). */
export function hasGzipVariant(path: string): boolean {
  return path.endsWith('.ics');
}

export const groupPage = (dir: string): string => `${dir}/index.html`;
export const groupFeed = (dir: string): string => `${CALENDARS_DIR}/${dir}.ics`;
export const meetingPage = (dir: string, id: string): string => `${dir}/${id}.html`;
export const meetingFeed = (dir: string, id: string): string => `${CALENDARS_DIR}/${dir}/${id}.ics`;
/** A group's upcoming dates as JSON, beside its feed. */
export const groupData = (dir: string): string => `${CALENDARS_DIR}/${dir}.json`;

/**
 * Top-level names a group `dir` may not take, with what the layout uses each for: they are the site's
 * own folders and files, so a group named after one would overwrite them or be served in their place.
 */
export const RESERVED_DIRS: ReadonlyMap<string, string> = new Map([
  ['all', `${ALL_FEED} is the feed of every meeting`],
  [CALENDARS_DIR, `${CALENDARS_DIR}/ holds every feed`],
  [ASSETS_DIR, `${ASSETS_DIR}/ holds the stylesheet, script and icon`],
  [STATE_DIR, `${STATE_DIR}/ holds the publishing state`],
  ['index', `${INDEX_PAGE} is the front page`],
  [INDEX_PAGE, `${INDEX_PAGE} is the front page`],
  ['manifest', `${MANIFEST} records what was published`],
  [MANIFEST, `${MANIFEST} records what was published`],
  ['404', `${NOT_FOUND_PAGE} is the page CDNs show for a missing path`],
  [NOT_FOUND_PAGE, `${NOT_FOUND_PAGE} is the page CDNs show for a missing path`],
]);

/**
 * Write phases, in order. Pages link down (index → group page → meeting page → feeds and assets), so
 * writing from the bottom up means a page never appears before what it links to; `manifest.json` is the
 * commit point and goes last. Deletions run after the commit, in the reverse order. The renderer tags
 * every object with its phase.
 */
export const PHASES = ['feeds and assets', 'meeting pages', 'group pages', 'index', 'manifest'] as const;
export type Phase = (typeof PHASES)[number];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ics: 'text/calendar; charset=utf-8',
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** Content-Type for a site path, by extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** How long CDNs and browsers may keep each kind of object; the manifest is never cached. */
export function cacheControlOf(path: string): string {
  if (path === MANIFEST) return 'no-cache';
  if (path.endsWith('.ics')) return 'public, max-age=900';
  if (path.startsWith(`${ASSETS_DIR}/`)) return 'public, max-age=3600';
  return 'public, max-age=300';
}

/**
 * The pages load only their own CSS and JS (no third-party hosts, no inline code), so everything else
 * is refused; subscribers' calendar clients ignore CSP. Sent by the CDN and by `sigcal serve`.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');
