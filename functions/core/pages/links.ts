import { safeHttpUrl, safeMailtoUrl } from '../safe-url.ts';

/** A link from one site page to another site path, relative so the site works under any prefix. */
export function relativeHref(fromPage: string, toPath: string): string {
  const slash = fromPage.lastIndexOf('/');
  if (slash < 0) return toPath;
  // The folders both paths start with: up to the last "/" before they first differ.
  let common = 0;
  const limit = Math.min(slash + 1, toPath.length);
  for (let i = 0; i < limit && fromPage.charCodeAt(i) === toPath.charCodeAt(i); i += 1) {
    if (toPath.charCodeAt(i) === SLASH) common = i + 1;
  }
  // One "../" for each of the page's folders after those.
  let up = '';
  for (let i = common; i <= slash; i += 1) if (fromPage.charCodeAt(i) === SLASH) up += '../';
  return up + toPath.slice(common);
}

const SLASH = 0x2f;

/** The ways to subscribe to one feed. */
export interface SubscribeLinks {
  /** The feed over http(s): what calendar apps fetch and what "download" opens. */
  readonly https: string;
  readonly webcal: string;
  readonly google: string;
  /** Outlook.com (personal accounts). */
  readonly outlook: string;
  /** Outlook on the web for work or school accounts (Microsoft 365). */
  readonly outlookWork: string;
}

/** Subscribe links for the feed at `feedPath`, absolute from `siteUrl` (calendar apps need absolute URLs). */
export function subscribeLinks(siteUrl: string, feedPath: string, name: string): SubscribeLinks {
  const https = new URL(feedPath, siteUrl).href;
  const webcal = https.replace(/^https?:/, 'webcal:');
  return {
    https,
    webcal,
    // Google's "add by URL" takes the webcal URL as `cid`; Outlook's "add from web" the http(s) URL.
    google: `https://calendar.google.com/calendar/r?cid=${percentEncode(webcal)}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${percentEncode(https)}&name=${percentEncode(name)}`,
    outlookWork: `https://outlook.office.com/calendar/0/addfromweb?url=${percentEncode(https)}&name=${percentEncode(name)}`,
  };
}

/** Whether online calendars (Google, Outlook) could reach the site at all. */
export function isLocalSite(siteUrl: string): boolean {
  const host = new URL(siteUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host) || host.endsWith('.localhost');
}

/** An href for a URL from the source: only absolute http(s), everything else is no link at all. */
export function externalHref(url: string | null | undefined): string | undefined {
  return url ? safeHttpUrl(url) : undefined;
}

/** A mailing list's href: its http(s) or `mailto:` URL; a plain e-mail address is shown, not linked. */
export function mailingListHref(text: string): string | undefined {
  return safeHttpUrl(text) ?? safeMailtoUrl(text);
}

export const GITHUB_PROFILE = (handle: string): string => `https://github.com/${percentEncode(handle)}`;

/**
 * `encodeURIComponent`, for any text: a lone surrogate (which YAML can carry in an escape, and which
 * `encodeURIComponent` refuses with a URIError) is written as U+FFFD, as every UTF-8 encoder does.
 */
export function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
