import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AnchorReport, anchorCommunity } from '../anchor/anchor.ts';
import { googleIcalUrls } from '../anchor/google-calendar.ts';
import type { SeriesRef } from '../anchor/match.ts';
import { loadCommunity, type SourceText } from '../core/community.ts';
import { count } from '../core/count.ts';
import { oneLine } from '../core/errors.ts';
import { fetchHttpsSource, type HttpsSourceOptions } from '../sources/https-source.ts';
import { SourceMissingError } from '../sources/loaded-source.ts';
import { readLocalSource } from '../sources/local-source.ts';
import { parseNow, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { cliReaders, readSources, SOURCE_FLAGS } from './sources.ts';
import { type Style, terminalStyle } from './style.ts';

export const ANCHOR_HELP = `Usage: sigcal anchor --source sigs.yaml [--overlay schedule.yaml] --calendar FILE|https://… [--calendar …]
                     --out schedule.yaml [--now ISO] [--json] [--exceptions] [--from-calendar-urls]

Finds the start dates sigs.yaml leaves open (every n weeks without a start, monthly without a week,
alternating with another meeting) in the community's existing iCalendar calendars, and writes them
into the overlay that --overlay reads. Meetings the text determines are never changed.

  --source LOCATION      sigs.yaml to read: a file, s3://bucket/key or https://… (default sigs.yaml)
  --overlay LOCATION     the existing overlay: its entries and text are kept
  --calendar FILE|URL    an iCalendar file, an https:// address, or a Google calendar embed URL (repeatable)
  --from-calendar-urls   also read the public Google calendars the meetings' calendar_url name
  --out FILE             the overlay to write (may be the --overlay file)
  --now ISO              the present (default: the current time)
  --exceptions           also bring the matched series' future exceptions (EXDATE → skip, moved → moved)
  --json                 print the report as JSON
  --allow-private-source let https:// sources and calendars reach loopback and private addresses

Exit 0 when it ran (meetings may stay unmatched or ambiguous), 2 on invalid input or usage.
`;

export interface AnchorCommandOptions {
  /** For https calendars: the same deadline, size and redirect limits as https sources. */
  readonly https?: Omit<HttpsSourceOptions, 'cache'>;
}

/** `sigcal anchor`: read, match, write the overlay, print the report. */
export async function runAnchor(
  args: readonly string[],
  io: CliIo,
  options: AnchorCommandOptions = {},
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      calendar: { type: 'string', multiple: true, default: [] },
      'from-calendar-urls': { type: 'boolean', default: false },
      ...SOURCE_FLAGS,
      out: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      exceptions: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(ANCHOR_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError('--out is required (the overlay to write, e.g. schedule.yaml)');
  checkOutFile(values.out);
  const now = parseNow(values.now, io.now);
  const readers = cliReaders({ allowPrivateSource: values['allow-private-source'] });
  const { source, overlay } = await readSources(values, readers).finally(() => readers.close());
  const atOut = await readIfExists(values.out);
  if (atOut !== null && !overlay) {
    throw new UsageError(
      `${values.out} exists; pass --overlay ${values.out} to keep its entries, or choose another --out`,
    );
  }
  const locations = [...values.calendar];
  if (values['from-calendar-urls']) {
    const named = calendarUrlsOf(source, overlay);
    if (named.length === 0 && locations.length === 0) {
      throw new UsageError(
        `no calendar_url in ${source.file} names a public Google calendar; give --calendar`,
      );
    }
    locations.push(...named);
  }
  if (locations.length === 0) throw new UsageError('give at least one --calendar (or --from-calendar-urls)');
  const calendars: SourceText[] = [];
  for (const location of [...new Set(locations.flatMap(expandLocation))]) {
    if (location.startsWith('https://')) {
      const https = { allowPrivate: values['allow-private-source'], ...options.https };
      calendars.push((await fetchHttpsSource(location, https)).text);
    } else calendars.push(await readLocalSource(location));
  }

  const { report, text } = anchorCommunity({
    source,
    ...(overlay ? { overlay } : {}),
    outFile: values.out,
    calendars,
    now,
    exceptions: values.exceptions,
  });
  const changed = text !== '' && text !== atOut;
  if (changed) await writeAtomically(values.out, text);
  const written = { file: values.out, changed, entries: report.anchored.length };
  if (values.json) io.stdout.write(`${JSON.stringify({ ...report, overlay: written }, null, 2)}\n`);
  else io.stdout.write(formatAnchorReport(report, written, terminalStyle(io.stdout, io.env)));
  return 0;
}

/** A Google embed or subscribe URL stands for its iCalendar address; plain http is refused. */
function expandLocation(location: string): string[] {
  const google = googleIcalUrls(location);
  if (google.length > 0) return google;
  if (/^http:\/\//i.test(location)) {
    throw new UsageError(`--calendar "${location}": only https:// calendars are fetched`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !/^https:\/\//i.test(location)) {
    throw new UsageError(`--calendar "${location}": use a file or an https:// address`);
  }
  return [location];
}

/** The public Google calendars named by the meetings' `calendar_url`, in the order of the file. */
function calendarUrlsOf(source: SourceText, overlay: SourceText | undefined): string[] {
  const community = loadCommunity(source, overlay ? { overlay } : {});
  const urls = community.groups.flatMap((g) =>
    g.meetings.flatMap((m) => (m.links.calendar ? [m.links.calendar] : [])),
  );
  return [...new Set(urls.flatMap(googleIcalUrls))];
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return (await readLocalSource(path)).text;
  } catch (error) {
    if (error instanceof SourceMissingError) return null;
    throw error;
  }
}

/** The overlay can be written where --out says: its folder is there, and it is not itself a folder. */
function checkOutFile(out: string): void {
  const folder = dirname(resolve(out));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--out ${out}: the folder ${folder} does not exist`);
  }
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--out ${out} is a folder; give the overlay file to write, e.g. schedule.yaml`);
  }
}

/** Written beside the target and renamed over it, so a reader never sees half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The report as tables: anchored, ambiguous, unmatched, disagreements, exceptions brought. */
export function formatAnchorReport(
  report: AnchorReport,
  written: { file: string; changed: boolean; entries: number },
  style: Style,
): string {
  const lines: string[] = [];
  const meetingName = (m: { subproject: string | null; description: string }) =>
    oneLine(`${m.subproject ? `${m.subproject} / ` : ''}${m.description}`);
  const series = (s: SeriesRef) => {
    const when =
      s.kind === 'all-day'
        ? 'all day'
        : s.rrule !== null
          ? `from ${s.first} ${s.rrule}`
          : s.kind === 'one-off'
            ? (s.first ?? '')
            : `from ${s.first} (RDATE)`;
    return `"${oneLine(s.summary)}" ${when}  ${oneLine(s.calendar)}`;
  };
  const open = report.anchored.length + report.ambiguous.length + report.unmatched.length;
  lines.push(
    `${style.bold('sigcal anchor')}: ${open} open meetings — ${style.green(`${report.anchored.length} anchored`)}, ` +
      `${style.yellow(`${report.ambiguous.length} ambiguous`)}, ${style.yellow(`${report.unmatched.length} unmatched`)}; ` +
      count(report.disagreements.length, 'disagreement'),
  );
  lines.push('', style.bold('calendars'));
  for (const c of report.calendars) {
    const kinds = Object.entries(c.kinds)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(`  ${oneLine(c.file)}${c.name ? `  "${oneLine(c.name)}"` : ''}: ${kinds || 'no events'}`);
  }
  if (report.anchored.length > 0) {
    lines.push('', style.bold('anchored'));
    lines.push(
      ...table([
        ['group', 'meeting', 'start', 'until', 'series'],
        ...report.anchored.map((a) => [
          a.meeting.group,
          meetingName(a.meeting),
          a.start,
          a.until ?? '-',
          series(a.series),
        ]),
      ]),
    );
  }
  if (report.ambiguous.length > 0) {
    lines.push('', style.bold('ambiguous (nothing written)'));
    for (const a of report.ambiguous) {
      lines.push(`  ${a.meeting.group}  ${meetingName(a.meeting)}`);
      for (const c of a.candidates) lines.push(style.dim(`      ${series(c)}`));
    }
  }
  if (report.unmatched.length > 0) {
    lines.push('', style.bold('unmatched'));
    for (const u of report.unmatched) {
      lines.push(`  ${u.meeting.group}  ${meetingName(u.meeting)}: ${oneLine(u.reason)}`);
      for (const n of u.near) lines.push(style.dim(`      ${series(n)}: ${oneLine(n.why)}`));
    }
  }
  if (report.disagreements.length > 0) {
    lines.push('', style.bold('disagreements (the text wins; nothing written)'));
    for (const d of report.disagreements) {
      lines.push(
        `  ${style.yellow('!')} ${d.meeting.group}  ${meetingName(d.meeting)}: ${d.differences.map((x) => DIFFERENCES[x] ?? x).join(', ')}`,
        style.dim(`      calendar: ${oneLine(d.calendar)}  (${series(d.series)})`),
        style.dim(`      text:     ${oneLine(d.text)}`),
      );
    }
  }
  if (report.exceptions.length > 0) {
    lines.push('', style.bold('exceptions brought'));
    lines.push(
      ...table(
        report.exceptions.map((e) => [
          e.group,
          meetingName(e),
          e.kind === 'skip' ? `skip ${e.date}` : `moved ${e.date} → ${e.to}`,
          e.kind === 'skip' ? `(${e.why})` : '',
        ]),
      ),
    );
  }
  if (report.notAnchorable.length > 0) {
    lines.push('', style.bold('left unscheduled (the text gives no rule a start date could fix)'));
    for (const m of report.notAnchorable) lines.push(`  ${m.group}  ${meetingName(m)}: ${oneLine(m.reason)}`);
  }
  if (report.conflicts.length > 0) {
    lines.push('', style.bold('kept as they were'));
    for (const c of report.conflicts) lines.push(`  ${c.group}  ${oneLine(c.key)}: ${oneLine(c.message)}`);
  }
  lines.push(
    '',
    written.changed
      ? `wrote ${written.file} (${count(written.entries, 'meeting')} anchored)`
      : `${written.file}: nothing to change`,
  );
  return `${lines.join('\n')}\n`;
}

const DIFFERENCES: Readonly<Record<string, string>> = {
  time: 'another time',
  weekday: 'another weekday',
  interval: 'another interval',
  weeks: 'the other weeks',
  'week of the month': 'another week of the month',
  dates: 'other dates',
};

/** Rows as aligned columns, indented by two spaces. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows.map((row) =>
    `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
  );
}
