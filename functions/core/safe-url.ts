/**
 * The only links sigcal makes from source text. Anything else (`javascript:`, `data:`, relative or
 * protocol-relative URLs) is a validation error where the source gives it, and never an href.
 */

/** The URL normalised, when it is absolute http or https; otherwise undefined. */
export function safeHttpUrl(text: string): string | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

// One address, no display name or list: what a mailing list is written as.
const EMAIL = /^[^\s@<>()[\]"',;:\\]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/** Whether the text is one plain e-mail address (`sig-docs@lists.example.org`). */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/**
 * The URL normalised, when it is `mailto:` one e-mail address, optionally with one `?subject=…`;
 * otherwise undefined. Any other header (`cc`, `bcc`, `body`, `to`…) would make mail to the list
 * silently copy, or be written by, whoever wrote the link.
 */
export function safeMailtoUrl(text: string): string | undefined {
  if (!/^mailto:/i.test(text) || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  let address: string;
  let headers: string[];
  try {
    address = decodeURIComponent(url.pathname);
    headers = url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => decodeURIComponent((pair.split('=')[0] ?? '').replace(/\+/g, ' ')));
  } catch {
    return undefined;
  }
  if (headers.length > 1 || headers.some((h) => h.toLowerCase() !== 'subject')) return undefined;
  return url.protocol === 'mailto:' && isEmailAddress(address) ? url.href : undefined;
}
