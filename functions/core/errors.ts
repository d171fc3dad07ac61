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

/** `sigs.yaml:42 sigs[3].meetings[0].time: "25:00" is not a time of day (use HH:MM or 4PM)` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}` : d.file;
  return d.path ? `${where} ${d.path}: ${d.message}` : `${where}: ${d.message}`;
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
