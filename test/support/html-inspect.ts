/**
 * Just enough HTML reading for the page tests: sigcal's own output is regular (one tag per match, double
 * quoted attributes), so a tokenizer this small is honest here; the browser tests read the real DOM.
 */

export interface Tag {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  /** Index of the tag in the document. */
  readonly at: number;
  readonly source: string;
}

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:="([^"]*)")?/g;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** Every start tag, optionally only those named `name`. */
export function tags(html: string, name?: string): Tag[] {
  const found: Tag[] = [];
  for (const match of html.matchAll(TAG)) {
    const tagName = (match[1] ?? '').toLowerCase();
    if (name && tagName !== name) continue;
    const attrs = new Map<string, string>();
    for (const a of (match[2] ?? '').matchAll(ATTR)) {
      attrs.set((a[1] ?? '').toLowerCase(), decodeEntities(a[2] ?? ''));
    }
    found.push({ name: tagName, attrs, at: match.index ?? 0, source: match[0] });
  }
  return found;
}

/** Text content of a fragment: tags dropped, entities decoded, whitespace collapsed. */
export function textOf(fragment: string): string {
  return decodeEntities(fragment.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The source of the first element starting with `startTag` text, up to its matching end tag. */
export function elementFrom(html: string, startIndex: number, name: string): string {
  const open = new RegExp(`<${name}[\\s>]`, 'g');
  const close = new RegExp(`</${name}>`, 'g');
  let depth = 0;
  let i = startIndex;
  for (;;) {
    open.lastIndex = i;
    close.lastIndex = i;
    const o = open.exec(html);
    const c = close.exec(html);
    if (!c) throw new Error(`no </${name}> after ${startIndex}`);
    if (o && o.index < c.index) {
      depth += 1;
      i = o.index + 1;
    } else {
      depth -= 1;
      i = c.index + c[0].length;
      if (depth === 0) return html.slice(startIndex, i);
    }
  }
}

/** The element whose start tag contains `marker` (e.g. `id="this-week"`), with its content. */
export function elementWith(html: string, marker: string): string {
  const tag = tags(html).find((t) => t.source.includes(marker));
  if (!tag) throw new Error(`no element with ${marker}`);
  return elementFrom(html, tag.at, tag.name);
}

/** The rows (`<tr>…</tr>`) of a table's body, each as its start tag and its cells' text. */
export function bodyRows(table: string): { tag: Tag; cells: string[]; html: string }[] {
  const body = elementWith(table, '<tbody');
  return tags(body, 'tr').map((tag) => {
    const row = elementFrom(body, tag.at, 'tr');
    const cells = tags(row)
      .filter((t) => t.name === 'td' || t.name === 'th')
      .map((t) => textOf(elementFrom(row, t.at, t.name)));
    return { tag, cells, html: row };
  });
}
