/**
 * Every same-site link (href/src) in an HTML page, as a site path: resolved against the page's URL,
 * query and fragment dropped, `webcal://` read as https, a trailing "/" read as its index.html.
 * Links to other hosts are left out.
 */
export function siteLinks(html: string, pagePath: string, siteUrl: string): string[] {
  const base = new URL(siteUrl);
  const page = new URL(pagePath, base);
  const links: string[] = [];
  for (const match of html.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)) {
    const raw = (match[1] ?? '')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    if (raw === '' || raw.startsWith('#') || /^(mailto|tel|data|javascript):/i.test(raw)) continue;
    let url: URL;
    try {
      url = new URL(raw.replace(/^webcal:\/\//i, 'https://'), page);
    } catch {
      links.push(`<unparseable ${raw}>`);
      continue;
    }
    if (url.host !== base.host || !url.pathname.startsWith(base.pathname)) continue;
    let path = decodeURIComponent(url.pathname.slice(base.pathname.length));
    if (path === '' || path.endsWith('/')) path = `${path}index.html`;
    links.push(path);
  }
  return links;
}

/**
 * Broken links of a set of pages in a set of objects: `page → missing target` lines. `pages` are
 * checked, and so is every page reachable from them through same-site links.
 */
export function brokenLinks(
  objects: ReadonlyMap<string, { readonly body: Uint8Array }>,
  pages: Iterable<string>,
  siteUrl: string,
): string[] {
  const broken: string[] = [];
  const seen = new Set<string>();
  const queue = [...pages];
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (seen.has(path) || !path.endsWith('.html')) continue;
    seen.add(path);
    const object = objects.get(path);
    if (!object) {
      broken.push(`(start) → ${path}`);
      continue;
    }
    for (const target of siteLinks(new TextDecoder().decode(object.body), path, siteUrl)) {
      if (!objects.has(target)) broken.push(`${path} → ${target}`);
      else queue.push(target);
    }
  }
  return broken;
}
