import { siteNames } from '../names.ts';
import { DEFAULT_MAX_SITE_BYTES } from '../site-budget.ts';
import { CSS_PATH, ICON_PATH, INDEX_PAGE, JS_PATH, NOT_FOUND_PAGE, type Phase } from '../site-contract.ts';
import type { SiteModel } from '../site-model.ts';
import { LEGACY_ZONE_NAMES, ZONE_LABELS } from '../zones.ts';
import { CLIENT_BUNDLE } from './client-bundle.ts';
import { renderGroupPage } from './group-page.ts';
import { renderIndexPage } from './index-page.ts';
import { FAVICON, type PageContext } from './layout.ts';
import { groupParts, renderMeetingPage } from './meeting-page.ts';
import { renderNotFoundPage } from './not-found-page.ts';
import { STYLESHEET } from './styles.ts';

/** One rendered file of the site. */
export interface PageFile {
  readonly body: string;
  readonly contentType: string;
  readonly phase: Phase;
}

const HTML = 'text/html; charset=utf-8';

/**
 * Default for {@link RenderOptions.maxChars}: the default site budget. A page's characters are never
 * more than its UTF-8 bytes, and the site budget's estimate never less than the bytes built, so a source
 * the budget accepts never reaches this backstop.
 */
export const DEFAULT_MAX_PAGE_CHARS = DEFAULT_MAX_SITE_BYTES;

export interface RenderOptions {
  /** Most characters all pages together may hold; past it rendering stops with {@link PageBudgetError}. */
  readonly maxChars?: number;
}

/**
 * The pages would pass their budget. Every meeting page repeats its group's name, mission statement and
 * leadership, so a source of a few hundred kilobytes could otherwise ask for gigabytes of pages.
 */
export class PageBudgetError extends Error {
  override readonly name = 'PageBudgetError';
  readonly limit: number;

  constructor(limit: number) {
    super(`the pages would hold more than ${limit} characters`);
    this.limit = limit;
  }
}

/**
 * The browser script: the compiled client (see client/main.ts) wrapped in a function that hands it the
 * legacy zone names and the zone labels from zones.ts, so the picker and the engine share one table.
 */
export function clientScript(): string {
  return `(function (LEGACY_ZONES, ZONE_LABELS) {\n${CLIENT_BUNDLE}})(${JSON.stringify(LEGACY_ZONE_NAMES)}, ${JSON.stringify(ZONE_LABELS)});\n`;
}

/** FNV-1a, 32 bit, in hex: a short content version for asset URLs, so caches drop stale CSS and JS. */
function contentVersion(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Every HTML page of the site and the assets they use, keyed by site path: `index.html`,
 * `<dir>/index.html`, `<dir>/<meeting-id>.html`, `404.html`, and `assets/` (sigcal.css, sigcal.js, favicon.svg).
 * Pure and deterministic: the same model gives byte-identical output on any host, in any zone.
 *
 * @example renderPages(model).get('sig-pm/index.html')?.body
 */
export function renderPages(model: SiteModel, options: RenderOptions = {}): Map<string, PageFile> {
  return new Map(eachPage(model, options));
}

/**
 * The same pages one at a time, each rendered as it is asked for, so a large site is never held as
 * text in full: assets, then meeting pages, group pages and the index, the order they are written in.
 * Throws {@link PageBudgetError} once the pages rendered pass `maxChars`.
 */
export function* eachPage(model: SiteModel, options: RenderOptions = {}): Generator<[string, PageFile]> {
  const script = clientScript();
  // Pages get the model without the build's day or window (PageModel), so none can depend on it.
  const ctx: PageContext = {
    model,
    names: siteNames(model.community),
    assetVersion: contentVersion(STYLESHEET + script + FAVICON),
  };
  const maxChars = options.maxChars ?? DEFAULT_MAX_PAGE_CHARS;
  let chars = 0;
  const page = (path: string, body: string, phase: Phase): [string, PageFile] => {
    chars += body.length;
    if (chars > maxChars) throw new PageBudgetError(maxChars);
    return [path, { body, contentType: HTML, phase }];
  };
  const asset = (path: string, body: string, contentType: string): [string, PageFile] => [
    path,
    { body, contentType, phase: 'feeds and assets' },
  ];
  yield asset(CSS_PATH, STYLESHEET, 'text/css; charset=utf-8');
  yield asset(JS_PATH, script, 'text/javascript; charset=utf-8');
  yield asset(ICON_PATH, FAVICON, 'image/svg+xml');
  for (const group of model.groups) {
    // What a group's meeting pages share is made once for the group, not once per page.
    const parts = groupParts(ctx, group);
    for (const meeting of group.meetings) {
      yield page(meeting.page, renderMeetingPage(ctx, group, meeting, parts), 'meeting pages');
    }
    yield page(group.page, renderGroupPage(ctx, group, parts.missionHtml), 'group pages');
  }
  yield page(INDEX_PAGE, renderIndexPage(ctx), 'index');
  // It links to the index, so it is written with it.
  yield page(NOT_FOUND_PAGE, renderNotFoundPage(ctx), 'index');
}
