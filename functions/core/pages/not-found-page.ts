import { ASSET_VERSION_PARAMETER, CSS_PATH, ICON_PATH } from '../site-contract.ts';
import { html } from './html.ts';
import type { PageContext } from './layout.ts';

/**
 * `404.html`: what the CDN (and GitHub Pages, and `sigcal serve`) send for any path the site does not
 * have, at any depth (`/sig-gone/`, `/calendars/old/feed.ics`). Relative links would resolve against
 * the missing path, so every link is root-relative, taken from the site URL's path (which keeps a
 * GitHub Pages project prefix such as `/community/`). No script and no date: the page never changes
 * between runs, so republishing does not rewrite it.
 */
export function renderNotFoundPage(ctx: PageContext): string {
  const { model } = ctx;
  const rooted = (path: string) => new URL(path, model.siteUrl).pathname;
  const asset = (path: string) => `${rooted(path)}?${ASSET_VERSION_PARAMETER}=${ctx.assetVersion}`;
  const home = rooted('./');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>Page not found · ${model.title}</title>
<link rel="icon" type="image/svg+xml" href="${asset(ICON_PATH)}">
<link rel="stylesheet" href="${asset(CSS_PATH)}">
</head>
<body>
<header class="site-header">
<div class="wrap">
<a class="site-name" href="${home}">${model.title}</a>
</div>
</header>
<main id="main" class="wrap">
<h1>Page not found</h1>
<p class="lede">There is no page or calendar at this address. The group or meeting may have been renamed or removed, or the link may be mistyped.</p>
<p><a href="${home}">See all groups and this week's meetings</a></p>
</main>
</body>
</html>
`.toString();
}
