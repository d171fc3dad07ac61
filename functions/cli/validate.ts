import { parseArgs } from 'node:util';
import { utcDayOf } from '../core/calendar-date.ts';
import { type Community, loadCommunity, type SourceText } from '../core/community.ts';
import { count as counted } from '../core/count.ts';
import { formatDiagnostic, oneLine, SourceError } from '../core/errors.ts';
import { type Meeting, oneOffWords } from '../core/meeting.ts';
import { buildReport, type ReportMeeting, type ValidationReport } from '../core/report.ts';
import { adviceText, startAdvice } from '../core/start-advice.ts';
import { type PublishingWindow, windowAround } from '../core/window.ts';
import { parseNow } from './args.ts';
import type { CliIo } from './io.ts';
import { cliReaders, readSources, SOURCE_FLAGS, SOURCE_OPTIONS_HELP } from './sources.ts';
import { type Style, terminalStyle } from './style.ts';

export interface ValidateInput {
  readonly source: SourceText;
  readonly overlay?: SourceText;
  readonly now: Date;
  readonly window: PublishingWindow;
  readonly strict: boolean;
  /** The site budget, as `BuildOptions.maxSiteBytes` (default: the core's). */
  readonly maxSiteBytes?: number;
}

/**
 * Loads, normalises and reports; pure apart from what the caller passes in. The site is estimated as
 * `build` estimates it (with the default site URL and title), so a file `build` would refuse for its
 * size is invalid here too.
 */
export function validate(input: ValidateInput): { community: Community; report: ValidationReport } {
  const community = loadCommunity(input.source, {
    ...(input.overlay ? { overlay: input.overlay } : {}),
    site: {
      now: input.now,
      window: input.window,
      ...(input.maxSiteBytes === undefined ? {} : { maxBytes: input.maxSiteBytes }),
    },
  });
  return {
    community,
    report: buildReport(community, input.window, { now: input.now, strict: input.strict }),
  };
}

/**
 * The human form of a report: meetings grouped by group (an unscheduled one with where to add which
 * start date, as of `now`), then every error and warning on one line each. It goes to a terminal, so
 * every text from the source is shown with its control characters (escape sequences, carriage
 * returns, bidi overrides) escaped: none can move the cursor or hide a line.
 */
export function formatReport(
  community: Community,
  report: ValidationReport,
  style: Style,
  now: Date,
): string {
  const lines: string[] = [];
  const count = (status: ReportMeeting['status']) =>
    report.meetings.filter((m) => m.status === status).length;
  const names = new Map(community.groups.map((g) => [g.dir, g.name]));
  const today = utcDayOf(now.getTime());
  const meetingOf = (m: ReportMeeting) =>
    community.groups.find((g) => g.dir === m.group)?.meetings.find((x) => x.id === m.id);
  const adviceFor = (meeting: Meeting | undefined): string | undefined => {
    const advice = meeting?.status === 'unscheduled' ? startAdvice(community, meeting, today) : null;
    return advice ? adviceText(advice) : undefined;
  };
  lines.push(
    `${style.bold(oneLine(community.file))}: ${counted(community.groups.length, 'group')}, ${counted(report.meetings.length, 'meeting')} — ` +
      `${style.green(`${count('scheduled')} scheduled`)}, ${style.yellow(`${count('unscheduled')} unscheduled`)}, ` +
      `${style.red(`${count('invalid')} invalid`)}`,
  );
  let group = '';
  for (const m of report.meetings) {
    if (m.group !== group) {
      group = m.group;
      lines.push('', `${style.bold(oneLine(group))}  ${oneLine(names.get(group) ?? '')}`);
    }
    const title = oneLine(`${m.subproject ? `${m.subproject} / ` : ''}${m.description}`);
    const meeting = m.status === 'invalid' ? undefined : meetingOf(m);
    const oneOffs = oneOffWords(
      meeting?.status === 'scheduled' ? meeting.schedule : (meeting?.oneOffs ?? null),
    );
    if (m.status === 'scheduled') {
      lines.push(
        `  ${style.green('✓')} ${title}`,
        style.dim(oneLine(`      ${m.timezone}  DTSTART ${m.dtstart}  RRULE ${m.rrule}`)),
      );
      if (oneOffs) lines.push(style.dim(`      ${oneOffs}`));
    } else if (m.status === 'unscheduled') {
      lines.push(`  ${style.yellow('?')} ${title}`, style.dim(oneLine(`      ${m.timezone}  ${m.reason}`)));
      if (oneOffs) lines.push(style.dim(`      ${oneOffs}`));
      const advice = adviceFor(meeting);
      if (advice) lines.push(oneLine(`      → ${advice}`));
    } else {
      lines.push(`  ${style.red('✗')} ${title}`, style.dim(oneLine(`      ${m.reason ?? ''}`)));
    }
  }
  if (report.errors.length > 0) {
    lines.push('', style.red(`${counted(report.errors.length, 'error')}:`));
    for (const e of report.errors) lines.push(`  ${formatDiagnostic(e)}`);
  }
  if (report.warnings.length > 0) {
    lines.push('', style.yellow(`${counted(report.warnings.length, 'warning')}:`));
    for (const w of report.warnings) lines.push(`  ${formatDiagnostic(w)}`);
  }
  lines.push('', report.ok ? style.green('valid') : style.red('invalid'));
  return `${lines.join('\n')}\n`;
}

export const VALIDATE_HELP = `Usage: sigcal validate [--source sigs.yaml] [--overlay schedule.yaml] [--json] [--strict] [--now ISO]

Checks the file and shows how every meeting is scheduled. Exit 0 when valid (unscheduled meetings are
warnings), 2 when not.

${SOURCE_OPTIONS_HELP}  --json               print the report as one JSON object
  --strict             treat warnings as errors (for a community's own CI)
  --now ISO            the "now" candidate dates and anchors count from (default: the current time)
`;

/** `sigcal validate`: exit 0 when the file is valid (warnings allowed), 2 when it is not. */
export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...SOURCE_FLAGS,
      json: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      now: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const now = parseNow(values.now, io.now);
  const window = windowAround(now);
  const readers = cliReaders({ allowPrivateSource: values['allow-private-source'] });
  let checked: ReturnType<typeof validate>;
  try {
    const sources = await readSources(values, readers).finally(() => readers.close());
    checked = validate({ ...sources, now, window, strict: values.strict });
  } catch (error) {
    // A source that cannot be read or parsed: with --json, still one object on stdout, for a CI job
    // that reads it (the line on stderr and exit 2 follow as for any source error).
    if (values.json && error instanceof SourceError) {
      const { file, line, path, message } = error.diagnostic;
      const unreadable = { file, line, path, message, unreadable: true };
      const report = { ok: false, errors: [unreadable], warnings: [], meetings: [] };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
    throw error;
  }
  const { community, report } = checked;
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatReport(community, report, terminalStyle(io.stdout, io.env), now));
  return report.ok ? 0 : 2;
}
