/** Where a problem is: the file, its 1-based line, and the field path (`sigs[3].meetings[0].time`). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly path: string;
}

/**
 * How far a problem reaches (see "Errors and their scope" in the README):
 * - `file`: the whole source is unusable; nothing may be written.
 * - `meeting`: one meeting is broken; with `--keep-going` it is left out and the rest is published.
 * - `warning`: the text does not determine the dates; the meeting is published unscheduled.
 */
export type DiagnosticScope = 'file' | 'meeting' | 'warning';

/** One problem found in the source, ready to print on one line. */
export interface Diagnostic extends SourceLocation {
  readonly scope: DiagnosticScope;
  readonly message: string;
}

/**
 * `sigs.yaml:42 sigs[3].meetings[0].time: "25:00" is not a time of day (use HH:MM or 4PM)`. Always one
 * line: paths hold mapping keys from the source, which may hold anything (see {@link oneLine}).
 */
export function formatDiagnostic(d: SourceLocation & { readonly message: string }): string {
  const where = d.line > 0 ? `${d.file}:${d.line}` : d.file;
  return oneLine(d.path ? `${where} ${d.path}: ${d.message}` : `${where}: ${d.message}`);
}

/**
 * Line breaks, other control characters and Unicode bidi controls (which can reorder what a terminal
 * shows, "Trojan Source") written as escapes, so text from the source stays on one line and reads as it is.
 */
export function oneLine(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const MAX_QUOTED = 100;

/** A value from the source as a message quotes it: on one line, and cut after 100 characters. */
export function quoted(text: string): string {
  const head = Array.from(text.slice(0, 2 * MAX_QUOTED));
  const cut = head.length > MAX_QUOTED || text.length > 2 * MAX_QUOTED;
  return `"${oneLine(cut ? `${head.slice(0, MAX_QUOTED).join('')}…` : text)}"`;
}

/** The source cannot be read or parsed at all (missing file, empty file, YAML syntax, limits). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly diagnostic: Diagnostic;

  constructor(diagnostic: Omit<Diagnostic, 'scope'>, options?: { cause?: unknown }) {
    const full: Diagnostic = { ...diagnostic, scope: 'file' };
    super(formatDiagnostic(full), options);
    this.diagnostic = full;
  }
}

/** The source parsed but is invalid; carries every problem found, not just the first. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first ? `${formatDiagnostic(first)}${more}` : 'invalid source');
    this.diagnostics = diagnostics;
  }
}
