import { type Community, loadCommunity, type SourceText } from '../core/community.ts';
import { formatDiagnostic } from '../core/errors.ts';
import { buildReport, type ReportMeeting, type ValidationReport } from '../core/report.ts';
import type { PublishingWindow } from '../core/window.ts';
import type { Style } from './style.ts';

export interface ValidateInput {
  readonly source: SourceText;
  readonly overlay?: SourceText;
  readonly window: PublishingWindow;
  readonly strict: boolean;
}

/** Loads, normalises and reports; pure apart from what the caller passes in. */
export function validate(input: ValidateInput): { community: Community; report: ValidationReport } {
  const community = loadCommunity(input.source, input.overlay ? { overlay: input.overlay } : {});
  return { community, report: buildReport(community, input.window, { strict: input.strict }) };
}

/** The human form of a report: meetings grouped by group, then every error and warning on one line each. */
export function formatReport(community: Community, report: ValidationReport, style: Style): string {
  const lines: string[] = [];
  const count = (status: ReportMeeting['status']) =>
    report.meetings.filter((m) => m.status === status).length;
  const names = new Map(community.groups.map((g) => [g.dir, g.name]));
  lines.push(
    `${style.bold(community.file)}: ${community.groups.length} groups, ${report.meetings.length} meetings — ` +
      `${style.green(`${count('scheduled')} scheduled`)}, ${style.yellow(`${count('unscheduled')} unscheduled`)}, ` +
      `${style.red(`${count('invalid')} invalid`)}`,
  );
  let group = '';
  for (const m of report.meetings) {
    if (m.group !== group) {
      group = m.group;
      lines.push('', `${style.bold(group)}  ${names.get(group) ?? ''}`);
    }
    const title = `${m.subproject ? `${m.subproject} / ` : ''}${m.description}`;
    if (m.status === 'scheduled') {
      lines.push(
        `  ${style.green('✓')} ${title}`,
        style.dim(`      ${m.timezone}  DTSTART ${m.dtstart}  RRULE ${m.rrule}`),
      );
    } else if (m.status === 'unscheduled') {
      lines.push(`  ${style.yellow('?')} ${title}`, style.dim(`      ${m.timezone}  ${m.reason}`));
    } else {
      lines.push(`  ${style.red('✗')} ${title}`, style.dim(`      ${m.reason}`));
    }
  }
  if (report.errors.length > 0) {
    lines.push('', style.red(`${report.errors.length} error${report.errors.length === 1 ? '' : 's'}:`));
    for (const e of report.errors) lines.push(`  ${formatDiagnostic({ ...e, scope: 'meeting' })}`);
  }
  if (report.warnings.length > 0) {
    lines.push(
      '',
      style.yellow(`${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}:`),
    );
    for (const w of report.warnings) lines.push(`  ${formatDiagnostic({ ...w, scope: 'warning' })}`);
  }
  lines.push('', report.ok ? style.green('valid') : style.red('invalid'));
  return `${lines.join('\n')}\n`;
}
