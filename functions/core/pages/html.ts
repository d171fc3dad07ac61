/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is itself {@link Html}
 * made by this module, so text from `sigs.yaml` can never become markup.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters dropped from text: control characters other than tab and line breaks (HTML does not allow
 * them), and Unicode bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which in
 * text from the source could reorder what a reader sees, sigcal's own text after them included.
 * Right-to-left letters need none of them: the browser's bidi algorithm lays them out.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const DROPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Any character {@link escapeHtml} changes: most text has none, and is returned as it is. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: see DROPPED
const CHANGED = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Escapes text for element content and quoted attribute values alike; drops {@link DROPPED} characters. */
export function escapeHtml(text: string): string {
  if (!CHANGED.test(text)) return text;
  return text.replace(DROPPED, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const TRUSTED: unique symbol = Symbol('trusted markup');

/** Markup that is already safe; only {@link html} and {@link joinHtml} can make it. */
export class Html {
  readonly #text: string;
  constructor(token: typeof TRUSTED, text: string) {
    if (token !== TRUSTED) throw new TypeError('Html is made by html`…`, not by hand');
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

const trusted = (text: string): Html => new Html(TRUSTED, text);

/** What may be interpolated: text (escaped), numbers, safe markup, lists of those, or nothing. */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\`` → markup with `text` escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return trusted(out);
}

/** Joins values with a separator (both escaped like interpolations). */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return trusted(values.map(render).join(render(separator)));
}
