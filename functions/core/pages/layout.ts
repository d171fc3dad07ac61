import type { SiteNames } from '../names.ts';
import {
  ALL_DATA,
  ALL_FEED,
  ASSET_VERSION_PARAMETER,
  CSS_PATH,
  ICON_PATH,
  INDEX_PAGE,
  JS_PATH,
} from '../site-contract.ts';
import type { FeedInfo, PageModel } from '../site-model.ts';
import { type Html, type HtmlValue, html } from './html.ts';
import { externalHref, isLocalSite, relativeHref, subscribeLinks } from './links.ts';

/** A calendar page, as the site's icon (browsers ask for one; without it they log a 404). */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect x="3" y="5" width="26" height="24" rx="4" fill="#13395e"/>
<rect x="6" y="12" width="20" height="14" rx="1.5" fill="#ffffff"/>
<rect x="9" y="2" width="3" height="7" rx="1.5" fill="#0a55c6"/>
<rect x="20" y="2" width="3" height="7" rx="1.5" fill="#0a55c6"/>
<rect x="9" y="15" width="4" height="4" fill="#0a55c6"/>
<rect x="14" y="15" width="4" height="4" fill="#13395e"/>
<rect x="19" y="15" width="4" height="4" fill="#13395e"/>
<rect x="9" y="20" width="4" height="4" fill="#13395e"/>
<rect x="14" y="20" width="4" height="4" fill="#13395e"/>
</svg>
`;

/** Zone the picker starts with before the script has found the viewer's. */
export const FALLBACK_ZONE = 'UTC';

/** What every page shares; `version` busts caches of the assets when they change. */
export interface PageContext {
  readonly model: PageModel;
  readonly names: SiteNames;
  readonly assetVersion: string;
}

export interface Crumb {
  readonly label: string;
  /** Site path, or undefined for the current page. */
  readonly path?: string;
}

export interface PageSpec {
  /** The page's own site path (`sig-pm/index.html`), for relative links. */
  readonly path: string;
  readonly title: string;
  readonly description: string;
  /** Where the page sits, after "All groups"; empty on the index, whose nav lists its sections instead. */
  readonly crumbs: readonly Crumb[];
  /** In-page sections for the index's nav: `[label, fragment id]`. */
  readonly sections?: readonly (readonly [string, string])[];
  /** Feeds advertised with `<link rel="alternate">`. */
  readonly feeds: readonly { readonly title: string; readonly feed: FeedInfo }[];
  /** The JSON file (site path) the script reads the dates from. */
  readonly data: string;
  /** What the page shows, for the script: `index`, `group` or `meeting`. */
  readonly kind: 'index' | 'group' | 'meeting';
  /** The group's dir, or the meeting's `<dir>/<id>`, that the page is about. */
  readonly subject?: string;
  readonly main: Html;
}

/**
 * A whole HTML document around a page's main content. Nothing in it depends on the day it is built:
 * dates are read by the script from the published JSON (`spec.data`), so a page changes only when
 * what it says about its source does.
 */
export function renderDocument(ctx: PageContext, spec: PageSpec): string {
  const { model } = ctx;
  const href = (to: string) => relativeHref(spec.path, to);
  const asset = (path: string) => `${href(path)}?${ASSET_VERSION_PARAMETER}=${ctx.assetVersion}`;
  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${model.generator}">
<meta name="description" content="${spec.description}">
<title>${spec.title}</title>
<link rel="canonical" href="${new URL(spec.path, model.siteUrl).href}">
<link rel="icon" type="image/svg+xml" href="${asset(ICON_PATH)}">
<link rel="stylesheet" href="${asset(CSS_PATH)}">
${spec.feeds
  // A feed with no events (or all.ics where it would hold less than a week) is published, never linked.
  .filter(({ feed }) => feed.offered)
  .map(
    ({ title, feed }) =>
      html`<link rel="alternate" type="text/calendar" title="${title}" href="${new URL(feed.path, model.siteUrl).href}">
`,
  )}<link rel="alternate" type="application/json" title="${spec.title} (JSON)" href="${new URL(spec.data, model.siteUrl).href}">
<script src="${asset(JS_PATH)}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="wrap">
<a class="site-name" href="${href(INDEX_PAGE)}">${model.title}</a>
${nav(spec, href)}</div>
</header>
<main id="main" class="wrap" data-page="${spec.kind}" data-root="${href(INDEX_PAGE).replace(/index\.html$/, '')}" data-data="${href(spec.data)}"${spec.subject ? html` data-subject="${spec.subject}"` : ''}>
${spec.main}
</main>
<footer class="site-footer">
<div class="wrap">
<p>Published with ${model.generator}. <span data-coverage></span>${model.allFeed.offered ? html` <a href="${href(model.allFeed.path)}">All meetings (.ics)</a>` : ''} <a href="${href(ALL_DATA)}" type="application/json">All meetings (JSON)</a></p>
</div>
</footer>
</body>
</html>
`;
  return doc.toString();
}

function nav(spec: PageSpec, href: (to: string) => string): Html {
  if (spec.crumbs.length === 0) {
    return html`<nav aria-label="Sections">
<ul class="breadcrumbs sections">
${(spec.sections ?? []).map(
  ([label, id]) => html`<li><a href="#${id}">${label}</a></li>
`,
)}</ul>
</nav>
`;
  }
  const crumbs: readonly Crumb[] = [{ label: 'All groups', path: INDEX_PAGE }, ...spec.crumbs];
  return html`<nav aria-label="Breadcrumb">
<ol class="breadcrumbs">
${crumbs.map((c, i) =>
  i === crumbs.length - 1 || c.path === undefined
    ? html`<li aria-current="page">${c.label}</li>
`
    : html`<li><a href="${href(c.path)}">${c.label}</a></li>
`,
)}</ol>
</nav>
`;
}

/**
 * The viewer's settings, shown by the script: the zone (searchable by city, country, abbreviation and
 * old name, and grouped by region) and the 12- or 24-hour clock, both remembered.
 */
export function zoneBar(): Html {
  return html`<div class="zone-bar" data-js-only hidden>
<div class="zone-find">
<label for="tz-find">Find a time zone</label>
<input id="tz-find" type="search" autocomplete="off" spellcheck="false" placeholder="City, country, abbreviation" aria-controls="tz">
</div>
<div class="zone-pick">
<label for="tz">Show times in</label>
<select id="tz" name="tz"><option value="${FALLBACK_ZONE}">${FALLBACK_ZONE}</option></select>
</div>
<button type="button" id="clock-24" aria-pressed="false">24-hour clock</button>
<button type="button" id="tz-reset" hidden>Use this device's zone</button>
<p id="tz-status" class="tz-status" role="status"></p>
</div>
<p class="fine" data-no-js>With JavaScript on, this page shows dates in your own time zone. Without it, it gives each schedule in the meeting's own zone, and the calendar links put every date in your calendar app, in your zone.</p>`;
}

/**
 * The ways to subscribe to a feed, the feed's URL, and a one-time copy; for a feed with no events, no
 * link at all but "No dates published yet" and `whyEmpty`. Where the budget shortened the feed, the
 * script says up to which date it runs (from the JSON, since that changes daily).
 */
export function subscribeBlock(
  ctx: PageContext,
  heading: HtmlValue,
  feed: FeedInfo,
  calendarName: string,
  whyEmpty: string,
  headingLevel: 'h2' | 'h3' = 'h3',
): Html {
  const title = headingLevel === 'h2' ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`;
  if (feed.withheld) {
    return html`<div class="subscribe">
${title}
<p class="no-dates">Not offered: ${feed.withheld}. Subscribe to a group's calendar instead.</p>
</div>`;
  }
  if (!feed.offered) {
    return html`<div class="subscribe">
${title}
<p class="no-dates">No dates published yet: ${whyEmpty}.</p>
</div>`;
  }
  const links = subscribeLinks(ctx.model.siteUrl, feed.path, calendarName);
  return html`<div class="subscribe">
${title}
<ul class="link-list subscribe-links">
<li><a href="${links.webcal}" rel="noopener noreferrer">Subscribe (Apple Calendar, Thunderbird, …)</a></li>
<li><a href="${links.google}" rel="noopener noreferrer">Google Calendar</a></li>
<li><a href="${links.outlookWork}" rel="noopener noreferrer">Outlook (work or school)</a></li>
<li><a href="${links.outlook}" rel="noopener noreferrer">Outlook.com</a></li>
</ul>
<p class="fine">Or <a href="${links.https}" rel="noopener noreferrer" type="text/calendar" download>download a copy (.ics)</a>: a one-time copy, which will not update when meetings change.</p>
<p class="feed-url fine">Calendar address: <code>${links.https}</code></p>
${
  feed.path === ALL_FEED
    ? html`<p class="fine">Calendar apps accept about 1,000 events in one calendar: where this one would hold more, it runs only as far ahead as fits, and its description says up to which date.</p>
`
    : ''
}<p class="callout" data-runs-to="${feed.path}" hidden></p>
${isLocalSite(ctx.model.siteUrl) ? html`<p class="fine">This copy of the site is served from your own computer, which online calendars such as Google and Outlook cannot reach; they can subscribe once the site is published.</p>` : ''}
</div>`;
}

/** An external link from the source, or plain text when the URL is not absolute http(s). */
export function externalLink(url: string | null | undefined, label: HtmlValue): Html | '' {
  const href = externalHref(url);
  if (!href) return url ? html`${label}: ${url}` : '';
  return html`<a href="${href}" rel="noopener noreferrer">${label}</a>`;
}
