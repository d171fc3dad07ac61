/** A problem as `sigcal validate --json` reports it. */
export interface Problem {
  file: string;
  line: number;
  path: string;
  message: string;
  /** Set for a file validate could not read or parse (no report, one line on stderr): always fails. */
  unreadable?: boolean;
}
export interface Report {
  ok: boolean;
  errors: Problem[];
  warnings: Problem[];
}
export interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line: number;
  title: string;
  message: string;
}
/** The lines each file has after a change, added or modified, from `git diff --unified=0`. */
export function changedLines(diff: string): Map<string, Set<number>>;
/** The annotations for a report; `changed` null means no diff (every error fails). */
export function annotate(
  report: Report,
  changed: Map<string, Set<number>> | null,
  failOn: 'changed-lines' | 'any',
): { annotations: Annotation[]; failed: number };
/** The one-error report of a file `validate` could not read or parse (its stderr line). */
export function reportFromStderr(stderr: string): Report;
/** A GitHub workflow command (`::error file=…,line=…,title=…::message`), escaped. */
export function workflowCommand(annotation: Annotation): string;
