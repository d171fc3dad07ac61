/** Small DOM helpers: elements are built with text nodes, never from HTML strings. */

type Child = Node | string | null | undefined | false;

/** `el('a', { href, class: 'x' }, 'text', child)`; attributes that are undefined are left out. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | undefined>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  append(node, ...children);
  return node;
}

export function append(node: Node, ...children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function all<T extends Element>(selector: string, root: ParentNode = document): T[] {
  return Array.from(root.querySelectorAll<T>(selector));
}

export function one<T extends Element>(selector: string, root: ParentNode = document): T | null {
  return root.querySelector<T>(selector);
}

/** The site path of an absolute URL of the site (`https://…/sig-node/x.html` → `sig-node/x.html`). */
export function pathOf(url: string, site: string): string {
  return url.startsWith(site) ? url.slice(site.length) : url;
}
