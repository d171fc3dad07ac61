import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, YAMLException } from 'js-yaml';
import { quoted, SourceError } from './errors.ts';
import { utf8Length } from './utf8.ts';

/**
 * A YAML document as a tree that remembers where each node starts, so every later message can name
 * `file:line`. Built from js-yaml's event stream; aliases point at the anchored node (shared, never
 * copied), so an alias bomb costs no memory here. Whoever reads the tree walks each alias as often as it
 * is referenced, though, so the size of the tree with every alias expanded is limited too, and an alias
 * may not refer to a node that contains it (a cycle).
 */
export type YamlNode = YamlMap | YamlSeq | YamlScalar;

export interface YamlMap {
  readonly kind: 'map';
  readonly line: number;
  readonly entries: readonly YamlEntry[];
}
export interface YamlEntry {
  readonly key: string;
  readonly keyLine: number;
  readonly value: YamlNode;
}
export interface YamlSeq {
  readonly kind: 'seq';
  readonly line: number;
  readonly items: readonly YamlNode[];
}
export interface YamlScalar {
  readonly kind: 'scalar';
  readonly line: number;
  /** Resolved as the YAML 1.2 core schema does: plain `true`, `12`, `null` are not strings. */
  readonly value: string | number | boolean | null;
  /** The scalar's text as written (unquoted, unescaped), e.g. `0900` where `value` is 900. */
  readonly text: string;
}

export interface ParseLimits {
  /** Largest accepted source, in bytes of UTF-8. */
  readonly maxBytes: number;
  /** Most YAML nodes (scalars, mappings, sequences, aliases) accepted in one source. */
  readonly maxNodes: number;
  /** Most nodes the source may have with every alias expanded (default 1,000,000). */
  readonly maxExpandedNodes?: number;
  /**
   * Most characters of text (keys and values) the source may hold with every alias expanded (default
   * 8 Mi, twice the largest source): one long name shared by a thousand people through an alias is
   * ten million characters for whoever reads the tree, though the file is small.
   */
  readonly maxExpandedChars?: number;
}

const DEFAULT_MAX_EXPANDED_NODES = 4_000_000;
const DEFAULT_MAX_EXPANDED_CHARS = 32 * 1024 * 1024;

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxNodes: 2_000_000,
  maxExpandedNodes: DEFAULT_MAX_EXPANDED_NODES,
  maxExpandedChars: DEFAULT_MAX_EXPANDED_CHARS,
};

/** Longest text value (and mapping key) accepted, in characters; longer is a file-level error. */
export const MAX_TEXT_LENGTH = 10_000;

/** Maps a character offset to its 1-based line. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** Parses one YAML document into a positioned tree; throws {@link SourceError} with a one-line message. */
export function parseYamlTree(
  text: string,
  file: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): YamlNode {
  const bytes = utf8Length(text);
  if (bytes > limits.maxBytes) {
    throw new SourceError({
      file,
      line: 0,
      path: '',
      message: `source is ${bytes} bytes, more than the limit of ${limits.maxBytes}`,
    });
  }
  if (text.includes('\u0000')) {
    throw new SourceError({
      file,
      line: 0,
      path: '',
      message: 'source is binary (contains NUL bytes), not YAML',
    });
  }
  if (text.trim() === '') {
    throw new SourceError({ file, line: 0, path: '', message: 'source is empty' });
  }
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: 64 });
  } catch (error) {
    const line = error instanceof YAMLException && error.mark ? error.mark.line + 1 : 0;
    const reason = error instanceof YAMLException ? error.reason : String(error);
    throw new SourceError(
      { file, line, path: '', message: `YAML syntax error: ${reason}` },
      { cause: error },
    );
  }
  return new TreeBuilder(text, file, events, limits).build();
}

const nodeLimitMessage = (limits: ParseLimits) => `source has more than ${limits.maxNodes} YAML nodes`;

/** Where a node's event starts in the source, as the walk counts it; undefined for an empty scalar. */
function positionOf(event: Event): number | undefined {
  switch (event.type) {
    case EVENT_ID.ALIAS:
      return event.anchorStart;
    case EVENT_ID.SCALAR:
      return event.valueStart >= 0 ? event.valueStart : undefined;
    case EVENT_ID.SEQUENCE:
    case EVENT_ID.MAPPING:
      return event.start;
    default:
      return undefined;
  }
}

class TreeBuilder {
  private pos = 0;
  private nodes = 0;
  /** Nodes and characters so far with every alias expanded; {@link sizes} holds each finished collection's. */
  private expanded = 0;
  private expandedChars = 0;
  private readonly sizes = new Map<YamlNode, { readonly nodes: number; readonly chars: number }>();
  /** Where the last positioned event ended; empty scalars carry no position of their own. */
  private lastEnd = 0;
  private readonly anchors = new Map<string, YamlNode>();
  private readonly lines: LineIndex;
  /** Whether values cut from the source are held two bytes per character (see {@link compact}). */
  private readonly wide: boolean;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly events: readonly Event[],
    private readonly limits: ParseLimits,
  ) {
    this.lines = new LineIndex(text);
    this.wide = BEYOND_LATIN1.test(text);
  }

  build(): YamlNode {
    let documents = 0;
    let nodes = 0;
    /** The first node past the limit, where its position is known (an empty scalar's is found by the walk). */
    let beyond: number | undefined;
    for (const event of this.events) {
      if (event.type === EVENT_ID.DOCUMENT) documents++;
      else if (event.type !== EVENT_ID.POP && ++nodes === this.limits.maxNodes + 1)
        beyond = positionOf(event);
    }
    if (documents > 1) this.fail(null, 'source holds several YAML documents; sigcal reads exactly one');
    // Refused before the walk: it would hold a tree node for each of the millions before the limit.
    if (beyond !== undefined) this.fail(beyond, nodeLimitMessage(this.limits));
    const doc = this.next();
    if (doc?.type !== EVENT_ID.DOCUMENT) this.fail(null, 'source is empty');
    const head = this.events[this.pos];
    if (!head || head.type === EVENT_ID.POP) this.fail(null, 'source is empty');
    const root = this.node();
    // `---` alone, or only comments after it: a document with nothing in it.
    if (root.kind === 'scalar' && root.value === null && root.text === '') this.fail(null, 'source is empty');
    return root;
  }

  private next(): Event | undefined {
    return this.events[this.pos++];
  }

  /** Refuses the source: at the line of `offset`, or as a whole (null). */
  private fail(offset: number | null, message: string): never {
    throw new SourceError({
      file: this.file,
      line: offset === null ? 0 : this.lines.lineOf(offset),
      path: '',
      message,
    });
  }

  private count(offset: number): void {
    if (++this.nodes > this.limits.maxNodes) this.fail(offset, nodeLimitMessage(this.limits));
  }

  /**
   * Adds `nodes` expanded nodes holding `chars` characters of text; fails as soon as the expansion
   * passes a limit, before anyone walks it.
   */
  private expand(offset: number, nodes: number, chars: number): void {
    const limit = this.limits.maxExpandedNodes ?? DEFAULT_MAX_EXPANDED_NODES;
    this.expanded += nodes;
    if (this.expanded > limit) {
      this.fail(offset, `YAML aliases expand the source to more than ${limit} nodes`);
    }
    const charLimit = this.limits.maxExpandedChars ?? DEFAULT_MAX_EXPANDED_CHARS;
    this.expandedChars += chars;
    if (this.expandedChars > charLimit) {
      this.fail(offset, `YAML aliases expand the source to more than ${charLimit} characters of text`);
    }
  }

  /**
   * A node's expanded size, once it is finished (undefined while it is open). A scalar's is itself and
   * its text, so only collections are recorded: a source can hold two million scalars.
   */
  private sizeOf(node: YamlNode): { readonly nodes: number; readonly chars: number } | undefined {
    return node.kind === 'scalar' ? { nodes: 1, chars: node.text.length } : this.sizes.get(node);
  }

  /** Records a finished collection's expanded size: itself and the expanded sizes of its children. */
  private finish<T extends YamlMap | YamlSeq>(node: T, children: readonly YamlNode[]): T {
    let nodes = 1;
    let chars = 0;
    for (const child of children) {
      if (child.kind === 'scalar') {
        nodes += 1;
        chars += child.text.length;
        continue;
      }
      const size = this.sizes.get(child);
      nodes += size?.nodes ?? 1;
      chars += size?.chars ?? 0;
    }
    this.sizes.set(node, { nodes, chars });
    return node;
  }

  private node(): YamlNode {
    const event = this.next();
    if (!event) this.fail(this.text.length, 'unexpected end of YAML events');
    switch (event.type) {
      case EVENT_ID.ALIAS: {
        this.count(event.anchorStart);
        this.lastEnd = event.anchorEnd;
        const name = this.text.slice(event.anchorStart, event.anchorEnd);
        const target = this.anchors.get(name);
        if (!target) this.fail(event.anchorStart, `YAML alias *${name} has no anchor`);
        const size = this.sizeOf(target);
        // The anchored node is still open: the alias sits inside it, and expanding it would never end.
        if (size === undefined)
          this.fail(event.anchorStart, `YAML alias *${name} refers to a node that contains it`);
        // The alias event itself was counted above; what it stands for adds the rest.
        this.expand(event.anchorStart, size.nodes, size.chars);
        return target;
      }
      case EVENT_ID.SCALAR: {
        const offset = event.valueStart >= 0 ? event.valueStart : this.emptyScalarOffset();
        this.count(offset);
        this.checkTag(event.tagStart, event.tagEnd, ['!!str', '!']);
        const value = getScalarValue(this.text, event);
        const text = this.wide ? compact(value) : value;
        this.expand(offset, 1, text.length);
        const plain = event.style === SCALAR_STYLE.PLAIN && event.tagStart < 0;
        this.lastEnd = event.valueEnd >= 0 ? event.valueEnd : offset + 1;
        const node: YamlScalar = {
          kind: 'scalar',
          line: this.lines.lineOf(offset),
          value: plain ? resolvePlain(text) : text,
          text,
        };
        return this.anchor(event, node);
      }
      case EVENT_ID.SEQUENCE: {
        this.count(event.start);
        this.expand(event.start, 1, 0);
        this.lastEnd = event.start;
        this.checkTag(event.tagStart, event.tagEnd, ['!!seq']);
        const items: YamlNode[] = [];
        const node: YamlSeq = { kind: 'seq', line: this.lines.lineOf(event.start), items };
        this.anchor(event, node);
        while (this.events[this.pos]?.type !== EVENT_ID.POP) items.push(this.node());
        this.pos++;
        return this.finish(node, items);
      }
      case EVENT_ID.MAPPING: {
        this.count(event.start);
        this.expand(event.start, 1, 0);
        this.lastEnd = event.start;
        this.checkTag(event.tagStart, event.tagEnd, ['!!map']);
        const entries: YamlEntry[] = [];
        const node: YamlMap = { kind: 'map', line: this.lines.lineOf(event.start), entries };
        this.anchor(event, node);
        const seen = new Set<string>();
        const children: YamlNode[] = [];
        while (this.events[this.pos]?.type !== EVENT_ID.POP) {
          const keyEvent = this.events[this.pos];
          const keyNode = this.node();
          const keyOffset = keyEvent && keyEvent.type === EVENT_ID.SCALAR ? keyEvent.valueStart : event.start;
          if (keyNode.kind !== 'scalar' || keyNode.value === null) {
            this.fail(keyOffset, 'mapping keys must be plain text');
          }
          const key = String(keyNode.value);
          if (key.length > MAX_TEXT_LENGTH) {
            this.fail(
              keyOffset,
              `a mapping key is ${key.length} characters long, more than the limit of ${MAX_TEXT_LENGTH}`,
            );
          }
          if (seen.has(key)) this.fail(keyOffset, `duplicate key ${quoted(key)}`);
          seen.add(key);
          const value = this.node();
          children.push(keyNode, value);
          entries.push({ key, keyLine: keyNode.line, value });
        }
        this.pos++;
        return this.finish(node, children);
      }
      default:
        this.fail(null, 'unexpected YAML structure');
    }
  }

  /**
   * An empty scalar (`-` alone, `key:` with nothing after it) has no offset in the event stream. It sits at
   * the next indicator after the previous token: the `-` of its list item, or the `:` after its key.
   */
  private emptyScalarOffset(): number {
    const gap = /["']?(?:\s|#[^\n]*)*/y;
    gap.lastIndex = this.lastEnd;
    gap.exec(this.text);
    return Math.min(gap.lastIndex, this.text.length - 1);
  }

  private anchor<T extends YamlNode>(event: { anchorStart: number; anchorEnd: number }, node: T): T {
    if (event.anchorStart >= 0) this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), node);
    return node;
  }

  private checkTag(start: number, end: number, allowed: readonly string[]): void {
    if (start < 0) return;
    const tag = this.text.slice(start, end);
    const long = tag.replace(/^!<tag:yaml\.org,2002:(.*)>$/, '!!$1');
    if (!allowed.includes(long)) this.fail(start, `YAML tag ${tag} is not supported here`);
  }
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function resolvePlain(raw: string): string | number | boolean | null {
  // Every form below starts with one of `~ n N t T f F + - . 0-9`: most text (names, URLs) starts otherwise.
  if (raw !== '' && !PLAIN_NON_STRING_START.test(raw)) return raw;
  if (raw === '' || raw === '~' || /^(null|Null|NULL)$/.test(raw)) return null;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  if (/^[-+]?[0-9]+$/.test(raw)) return Number.parseInt(raw, 10);
  if (/^0o[0-7]+$/.test(raw)) return Number.parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return Number.parseInt(raw.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(raw)) return Number.parseFloat(raw);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(raw)) return Number.NaN;
  return raw;
}

/** The first characters a plain scalar that is not a string can start with (see {@link resolvePlain}). */
const PLAIN_NON_STRING_START = /^[~nNtTfF+\-.0-9]/;

const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const CHUNK = 8192;

/**
 * The same text, held one byte per character where it can be (called only for a source that holds a
 * character beyond Latin-1: the values of any other are one byte per character already). A value cut
 * from a source that holds even one character beyond Latin-1 (a zero-width space, a Polish name) is stored two bytes per
 * character, and so is everything later built from it: the pages, events and JSON of every meeting,
 * twice the memory. `String.fromCharCode` makes a one-byte string when every code fits in a byte.
 */
function compact(text: string): string {
  if (text.length === 0 || BEYOND_LATIN1.test(text)) return text;
  const codes: number[] = new Array(Math.min(text.length, CHUNK));
  let out = '';
  for (let start = 0; start < text.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, text.length);
    codes.length = end - start;
    for (let i = start; i < end; i += 1) codes[i - start] = text.charCodeAt(i);
    out += String.fromCharCode(...codes);
  }
  return out;
}
