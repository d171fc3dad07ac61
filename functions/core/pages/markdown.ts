import { safeHttpUrl } from '../safe-url.ts';
import { type Html, html, joinHtml } from './html.ts';

/**
 * The Markdown that mission statements use, rendered safely: paragraphs, `-` lists, links
 * (`[text](https://…)` and `<https://…>`), emphasis (`*em*`, `_em_`, `**strong**`, `__strong__`) and
 * `code`. Nothing else becomes markup: raw HTML, images, headings and every other construct stay text,
 * escaped by html.ts like any text from the source. A link is made only from an absolute http(s) URL
 * (safe-url.ts); any other target leaves its text, unlinked.
 *
 * Written here rather than taken from a library: a library returns an HTML string, which would have to
 * be trusted past html.ts and sanitised again, for three constructs. Every scan is linear or
 * n·log n in the text (closers are found by precomputed tables, never by rescanning), and nesting is
 * bounded, so a hostile 10,000-character statement costs no more than a plain one.
 */

const MAX_DEPTH = 3;
/** Characters a backslash makes literal (CommonMark's ASCII punctuation). */
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const LIST_ITEM = /^[ \t]*[-*+][ \t]+/;

/** A mission statement (or other prose) as HTML: paragraphs and lists of inline Markdown. */
export function markdownBlocks(text: string): Html {
  const paragraphs = text
    .trim()
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return joinHtml(
    paragraphs.map((p) => {
      const lines = p.split('\n');
      if (lines.every((line) => LIST_ITEM.test(line))) {
        return html`<ul>
${lines.map(
  (line) => html`<li>${inlineMarkdown(line.replace(LIST_ITEM, ''))}</li>
`,
)}</ul>`;
      }
      return html`<p>${inlineMarkdown(p)}</p>`;
    }),
    '\n',
  );
}

/** One paragraph's inline Markdown as HTML. */
export function inlineMarkdown(text: string): Html {
  return joinHtml(parse(text, 0, false));
}

/** The text a reader sees, without the Markdown: for one-line summaries and descriptions. */
export function markdownText(text: string): string {
  return parse(text, 0, true).join('');
}

/** Text (escaped by html.ts when rendered) and markup made here; only text in plain mode. */
type Node = string | Html;

const plainText = (nodes: readonly Node[]): string => nodes.map(String).join('');

/** Sorted positions of closers, and the first one after a position by binary search. */
function after(positions: readonly number[], from: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((positions[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return positions[lo] ?? -1;
}

const space = (c: string | undefined) => c === undefined || /\s/.test(c);
const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Inline nodes of `text`. In `plain` mode the result is text only (links keep their text).
 */
function parse(text: string, depth: number, plain: boolean): Node[] {
  const n = text.length;
  // Where each kind of delimiter could close, precomputed once (the scans below never rescan).
  const closers: Record<string, number[]> = { '**': [], __: [], '*': [], _: [] };
  const next = { ']': new Int32Array(n + 1), '>': new Int32Array(n + 1) };
  for (const key of [']', '>'] as const) {
    next[key][n] = -1;
    for (let i = n - 1; i >= 0; i--) next[key][i] = text[i] === key ? i : (next[key][i + 1] as number);
  }
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c !== '*' && c !== '_') continue;
    let run = 1;
    while (text[i + run] === c) run++;
    const before = text[i - 1];
    const followed = text[i + run];
    // A closer follows a non-space; `_` must also not be inside a word (snake_case stays as written).
    const closes = !space(before) && (c === '*' || !word(followed));
    if (closes && run >= 2) (closers[c + c] as number[]).push(i + run - 2);
    if (closes && run !== 2) (closers[c] as number[]).push(i + run - 1);
    i += run - 1;
  }
  const noCodeCloserFrom = new Map<number, number>();
  const out: Node[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer !== '') out.push(buffer);
    buffer = '';
  };
  const inner = (content: string): Node[] =>
    depth < MAX_DEPTH ? parse(content, depth + 1, plain) : [content];

  for (let i = 0; i < n; ) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < n && ESCAPABLE.test(text[i + 1] as string)) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const close = codeCloser(text, i + run, run, noCodeCloserFrom);
      if (close === -1) {
        buffer += '`'.repeat(run);
        i += run;
        continue;
      }
      flush();
      const code = text.slice(i + run, close).replace(/\n/g, ' ');
      const trimmed = /^ .* $/.test(code) && code.trim() !== '' ? code.slice(1, -1) : code;
      out.push(plain ? trimmed : html`<code>${trimmed}</code>`);
      i = close + run;
      continue;
    }
    if (c === '[') {
      const close = next[']'][i + 1] ?? -1;
      if (close !== -1 && text[close + 1] === '(') {
        const end = destinationEnd(text, close + 2);
        if (end !== -1) {
          const target = text.slice(close + 2, end);
          const label = text.slice(i + 1, close);
          flush();
          const children = inner(label);
          const href = safeHttpUrl(target);
          out.push(
            plain
              ? plainText(children)
              : href
                ? html`<a href="${href}" rel="noopener noreferrer">${joinHtml(children)}</a>`
                : joinHtml(children),
          );
          i = end + 1;
          continue;
        }
      }
    }
    if (c === '<' && /^<https?:\/\//i.test(text.slice(i, i + 9))) {
      const close = next['>'][i + 1] ?? -1;
      const target = close === -1 ? '' : text.slice(i + 1, close);
      const href = target !== '' && !/[\s<]/.test(target) ? safeHttpUrl(target) : undefined;
      if (href) {
        flush();
        out.push(plain ? target : html`<a href="${href}" rel="noopener noreferrer">${target}</a>`);
        i = close + 1;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      let run = 1;
      while (text[i + run] === c) run++;
      const opens = !space(text[i + run]) && (c === '*' || !word(text[i - 1]));
      if (opens && run <= 3) {
        const strong = run >= 2;
        const size = strong ? 2 : 1;
        const close = after(closers[c.repeat(size)] as number[], i + run);
        if (close !== -1) {
          flush();
          // A run of three opens both: strong outside, emphasis inside.
          const start = i + size;
          const children = inner(text.slice(start, close));
          out.push(
            plain
              ? plainText(children)
              : strong
                ? html`<strong>${joinHtml(children)}</strong>`
                : html`<em>${joinHtml(children)}</em>`,
          );
          i = close + size;
          continue;
        }
      }
      buffer += c.repeat(run);
      i += run;
      continue;
    }
    buffer += c;
    i += 1;
  }
  flush();
  return out;
}

/**
 * The `)` that ends a link destination starting at `from`, allowing balanced parentheses inside
 * (`https://en.wikipedia.org/wiki/Go_(game)`), or -1. It stops at a space, bracket or `<`, which no
 * destination holds, so scans from different links never overlap.
 */
function destinationEnd(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return j;
      depth--;
    } else if (c === '[' || c === ']' || c === '<' || /\s/.test(c as string)) return -1;
  }
  return -1;
}

/**
 * The end of a code span opened by `run` backticks: the next run of exactly that length. A search that
 * failed from some position fails from every later one, which `failedFrom` remembers, so unclosed runs
 * never make the scan quadratic.
 */
function codeCloser(text: string, from: number, run: number, failedFrom: Map<number, number>): number {
  const failed = failedFrom.get(run);
  if (failed !== undefined && from >= failed) return -1;
  for (let j = text.indexOf('`', from); j !== -1; j = text.indexOf('`', j)) {
    let k = 1;
    while (text[j + k] === '`') k++;
    if (k === run) return j;
    j += k;
  }
  failedFrom.set(run, from);
  return -1;
}
