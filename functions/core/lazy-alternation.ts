/**
 * Regular-expression alternatives searched as their alternation would be (`(?:a|b|…)`: the leftmost
 * match, and the first alternative among those matching there), but each compiled only when the text
 * holds a literal that every match of it contains.
 *
 * Why: V8 compiles a regular expression when it first runs it, and a long alternation costs a cold
 * process far more than running it does. `frequency`'s list of phrasings that are not a plain rule
 * (schedule-text.ts's NOT_THE_RULE_PHRASINGS: 58 alternatives, 8 kB, when this was written) took
 * 80–100 ms to compile on first use (Node.js 20), a sixth of building the Kubernetes community's site;
 * most texts ("biweekly") hold a literal of none of them, and the rest of a few.
 *
 * The literals are read from each alternative's source by {@link requiredLiterals}. It knows the
 * syntax the alternatives use; where it is unsure (an escape it does not know, a flag), it finds no
 * literals, and that alternative is then compiled and run on every text: slower, never wrong.
 */
export class LazyAlternation {
  /** Searched once, from the start: the alternation is not global. */
  readonly global = false;
  private readonly alternatives: readonly Alternative[];

  /**
   * @param sources the alternatives, each a regular expression's source (no flags)
   * @param around each alternative is searched as `${before}(?:${source})${after}`
   * @param known literals already read from sources by {@link requiredLiterals}, by source: a source
   *   found there is not read again (see not-the-rule-cues.ts). Only an exact source is looked up, so a table
   *   older than the sources makes the search slower, never wrong.
   */
  constructor(
    sources: readonly string[],
    around: { before?: string; after?: string } = {},
    known: ReadonlyMap<string, readonly string[] | null> = new Map(),
  ) {
    const { before = '', after = '' } = around;
    this.alternatives = sources.map(
      (source) => new Alternative(source, `${before}(?:${source})${after}`, known.get(source)),
    );
  }

  /** The match the alternation would find in `text`, or null. */
  exec(text: string): RegExpExecArray | null {
    let best: RegExpExecArray | null = null;
    for (const alternative of this.alternatives) {
      const m = alternative.exec(text);
      // At a tie the earlier alternative wins, as it does in the alternation.
      if (m !== null && (best === null || m.index < best.index)) best = m;
    }
    return best;
  }
}

class Alternative {
  private readonly source: string;
  private readonly searched: string;
  /** Literals every match contains (null: none known, so the text is always searched); read once. */
  private cues: readonly string[] | null | undefined;
  private re: RegExp | undefined;

  constructor(source: string, searched: string, cues: readonly string[] | null | undefined) {
    this.source = source;
    this.searched = searched;
    this.cues = cues;
  }

  exec(text: string): RegExpExecArray | null {
    if (this.cues === undefined) this.cues = requiredLiterals(this.source);
    if (this.cues !== null && !this.cues.some((cue) => text.includes(cue))) return null;
    this.re ??= new RegExp(this.searched);
    return this.re.exec(text);
  }
}

/**
 * Literals one of which every match of `source` (a regular expression without flags) contains, or
 * null when none are known. A literal's presence is necessary, not sufficient: the expression still
 * has to be run.
 */
export function requiredLiterals(source: string): readonly string[] | null {
  try {
    const parser = new Parser(source);
    const node = parser.alternation();
    if (!parser.done()) return null;
    const cues = node.must ?? node.exact;
    return cues === null || cues.some((c) => c === '') ? null : minimal(cues);
  } catch (error) {
    if (error instanceof Unsure) return null;
    throw error;
  }
}

/**
 * What is known about a part of an expression: every string it can match (`exact`, while there are
 * few), and literals one of which each match contains (`must`). null: not known.
 */
interface Known {
  readonly exact: readonly string[] | null;
  readonly must: readonly string[] | null;
}

/** More exact strings than this are not tracked: the part's `must` is kept instead. */
const MAX_EXACT = 64;
const UNKNOWN: Known = { exact: null, must: null };
/** Matches the empty string only: `^`, `$`, `\b`, a lookaround. */
const EMPTY: Known = { exact: [''], must: null };

const QUANTIFIERS = new Set(['?', '*', '+', '{']);
const SPECIAL = new Set(['\\', '[', '.', '^', '$', '(', ')', '|', ...QUANTIFIERS]);

/** Thrown for syntax the parser does not know: the expression then has no known literals. */
class Unsure extends Error {}

/** A recursive-descent reader of the syntax the alternatives use, computing {@link Known}. */
class Parser {
  private at = 0;
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  done(): boolean {
    return this.at === this.source.length;
  }

  /** `a|b|…` up to a `)` or the end. */
  alternation(): Known {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.at += 1;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0] as Known;
    const exacts = branches.map((b) => b.exact);
    const exact = exacts.every((e) => e !== null) ? capped(exacts.flat()) : null;
    const musts = branches.map((b) => b.must ?? b.exact);
    const must = musts.every((m): m is readonly string[] => m !== null && !m.includes(''))
      ? [...new Set(musts.flat())]
      : null;
    return { exact, must };
  }

  /**
   * Atoms (each with its quantifier) one after another. The strings of a run of parts are tracked
   * together while they are few ("mon" or "monday", then " before the "), and each run's, or each
   * part's, required literals compete for the tightest.
   */
  private sequence(): Known {
    let must: readonly string[] | null = null;
    // Every string the parts since the last break can match; null after an unknown part.
    let run: readonly string[] | null = [''];
    let broken = false;
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const part = this.quantified(this.atom());
      const joined: readonly string[] | null =
        run !== null && part.exact !== null ? joinedRun(run, part.exact) : null;
      if (joined !== null) run = joined;
      else {
        broken = true;
        must = tighter(tighter(must, run), part.must);
        run = part.exact;
      }
    }
    return { exact: broken ? null : run, must: tighter(must, run) };
  }

  private atom(): Known {
    const c = this.next();
    switch (c) {
      case '\\':
        return this.escape();
      case '[':
        this.skipClass();
        return UNKNOWN;
      case '.':
        return UNKNOWN;
      case '^':
      case '$':
        return EMPTY;
      case '(':
        return this.group();
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Unsure(`a quantifier with nothing to repeat at ${this.at}`);
      default:
        return { exact: [c + this.literalRun()], must: null };
    }
  }

  /** The plain characters that follow, up to one a quantifier applies to: read as one string. */
  private literalRun(): string {
    const start = this.at;
    while (this.at < this.source.length && !SPECIAL.has(this.source[this.at] as string)) {
      if (QUANTIFIERS.has(this.source[this.at + 1] as string)) break;
      this.at += 1;
    }
    return this.source.slice(start, this.at);
  }

  private escape(): Known {
    const c = this.next();
    if (c === 'b' || c === 'B') return EMPTY;
    if ('dDwWsS'.includes(c)) return UNKNOWN;
    // Punctuation stands for itself; letters and digits are classes, references or codes.
    if (/[^\p{L}\p{N}]/u.test(c)) return { exact: [c], must: null };
    throw new Unsure(`escape \\${c}`);
  }

  private skipClass(): void {
    for (let c = this.next(); c !== ']'; c = this.next()) {
      if (c === '\\') this.next();
    }
  }

  /** After `(`: a group, whose literals count, or a lookaround, which matches no text of its own. */
  private group(): Known {
    let zeroWidth = false;
    if (this.source.startsWith('?:', this.at)) this.at += 2;
    else if (/^\?<?[=!]/.test(this.source.slice(this.at, this.at + 3))) {
      zeroWidth = true;
      this.at += this.source[this.at + 1] === '<' ? 3 : 2;
    } else if (this.peek() === '?') throw new Unsure(`group syntax at ${this.at}`);
    const inner = this.alternation();
    if (this.next() !== ')') throw new Unsure('unclosed group');
    return zeroWidth ? EMPTY : inner;
  }

  private quantified(atom: Known): Known {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '?' || c === '*' || c === '+') {
      this.at += 1;
      [min, max] = c === '?' ? [0, 1] : c === '*' ? [0, Infinity] : [1, Infinity];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!m) throw new Unsure(`brace at ${this.at}`);
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    // Lazy or greedy, the same strings can match.
    if (this.peek() === '?') this.at += 1;
    if (min === 1 && max === 1) return atom;
    const must = min >= 1 ? (atom.must ?? atom.exact) : null;
    const exact = min === 0 && max === 1 && atom.exact !== null ? capped([...atom.exact, '']) : null;
    return { exact, must: must?.includes('') ? null : must };
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private next(): string {
    const c = this.source[this.at];
    if (c === undefined) throw new Unsure('unexpected end');
    this.at += 1;
    return c;
  }
}

/** Every string of `a` followed by every string of `b`, or null when there would be too many. */
function joinedRun(a: readonly string[], b: readonly string[]): readonly string[] | null {
  return a.length * b.length <= MAX_EXACT ? a.flatMap((x) => b.map((y) => x + y)) : null;
}

/** Of two sets of required literals, the one that excludes more texts: the longer shortest literal. */
function tighter(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  const usable = (s: readonly string[] | null) => (s === null || s.includes('') ? null : s);
  const [x, y] = [usable(a), usable(b)];
  if (x === null || y === null) return x ?? y;
  const shortest = (s: readonly string[]) => Math.min(...s.map((l) => l.length));
  const [sx, sy] = [shortest(x), shortest(y)];
  if (sx !== sy) return sx > sy ? x : y;
  return x.length <= y.length ? x : y;
}

function capped(strings: readonly string[]): readonly string[] | null {
  const unique = [...new Set(strings)];
  return unique.length <= MAX_EXACT ? unique : null;
}

/** Without the literals that contain another (a text holding "monday" holds "mon"). */
function minimal(literals: readonly string[]): readonly string[] {
  const unique = [...new Set(literals)].sort((a, b) => a.length - b.length);
  return unique.filter((l, i) => !unique.slice(0, i).some((shorter) => l.includes(shorter)));
}
