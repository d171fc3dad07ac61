import { readdir, readFile, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, parse, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { count } from '../core/count.ts';
import { formatDiagnostic } from '../core/errors.ts';
import { MANIFEST, STATE_PATH } from '../core/site-contract.ts';
import type { BuildSummary } from '../pipeline/build.ts';
import { runPipeline } from '../pipeline/pipeline.ts';
import { FolderStore } from '../store/folder-store.ts';
import { UsageError } from './args.ts';
import { BUILD_OPTIONS, BUILD_OPTIONS_HELP, buildInputOf, checkBuildValues } from './build-options.ts';
import type { CliIo } from './io.ts';
import { LEASE_OPTIONS, LEASE_OPTIONS_HELP, leaseOptionsOf } from './lease-options.ts';
import { readPreviousManifest } from './previous-manifest.ts';
import { cliReaders, sourceAddresses } from './sources.ts';
import { keptLine, waitingLine } from './sync-lines.ts';

export const LOCAL_SITE_URL = 'http://127.0.0.1:8080/';

export const BUILD_HELP = `Usage: sigcal build [--out site] [build options]

Builds the whole site (feeds, pages, manifest.json) into a folder. Only files whose content changed
are rewritten; files an earlier build wrote and this one does not are removed. A file sigcal did not
write is never overwritten or removed: a build that needs its path stops before writing anything.

  --out DIR            output folder (default site); never / or your home folder
  --force              build into a folder that is not empty and holds no earlier build
  --previous-manifest LOCATION
                       the published site's manifest.json (https://…/manifest.json or a file), read
                       instead of the one in --out: keeps DTSTAMP stable when --out is fresh on every
                       run (CI publishing to GitHub Pages); none there yet (404) means a first publish
${LEASE_OPTIONS_HELP}${BUILD_OPTIONS_HELP}`;

/** `sigcal build`: build in memory, then sync into a local folder. Exit 0, or 2 for invalid input. */
export async function runBuild(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...BUILD_OPTIONS,
      ...LEASE_OPTIONS,
      out: { type: 'string', default: 'site' },
      force: { type: 'boolean', default: false },
      'previous-manifest': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(BUILD_HELP);
    return 0;
  }
  checkBuildValues(values, { clock: io.now, defaultSiteUrl: LOCAL_SITE_URL });
  const lease = leaseOptionsOf(values, 'build');
  await checkOutFolder(values.out, { force: values.force, env: io.env });
  const store = new FolderStore(values.out);
  const readers = cliReaders({ allowPrivateSource: values['allow-private-source'] });
  try {
    const addresses = sourceAddresses(values);
    const seeded =
      values['previous-manifest'] === undefined
        ? undefined
        : await readPreviousManifest(values['previous-manifest'], readers);
    if (seeded) io.stdout.write(`${seeded.note}\n`);
    // The same pipeline as `publish` and the Lambda, into a folder.
    const summary = await runPipeline(
      {
        trigger: 'cli',
        ...addresses,
        input: (sources, previous) =>
          buildInputOf(values, sources, {
            clock: io.now,
            previous: seeded ? seeded.manifest : previous,
            defaultSiteUrl: LOCAL_SITE_URL,
          }),
      },
      store,
      readers,
      {
        allowMassDelete: true,
        lease,
        onProgress: (p) => {
          if (p.kind === 'built') io.stdout.write(formatBuildSummary(p.summary));
          if (p.kind === 'waiting') io.stderr.write(`${waitingLine(p.holder)}\n`);
          if (p.kind === 'planned') for (const path of p.plan.kept) io.stderr.write(`${keptLine(path)}\n`);
        },
      },
    );
    io.stdout.write(
      `wrote ${summary.written} files (${summary.bytesWritten} bytes), ${summary.unchanged} unchanged, ` +
        `${summary.deleted} removed, into ${store.root}\n`,
    );
    return 0;
  } finally {
    readers.close();
  }
}

/**
 * Refuses an output folder a build must not write into: the root of the file system or the home
 * folder, always; a folder that holds files but no earlier build (no sigcal manifest.json or sync
 * state), unless `force`. Even then sigcal never overwrites or removes a file it did not write.
 */
export async function checkOutFolder(
  out: string,
  options: { force: boolean; env: Readonly<Record<string, string | undefined>> },
): Promise<void> {
  const folder = resolve(out);
  const real = await realpath(folder).catch(() => folder);
  const home = options.env.HOME ? resolve(options.env.HOME) : homedir();
  for (const candidate of new Set([folder, real])) {
    if (candidate === parse(candidate).root) {
      throw new UsageError(`refusing to build into ${candidate}: it is the root of the file system`);
    }
    if (candidate === home) {
      throw new UsageError(
        `refusing to build into ${candidate}: it is your home folder; give --out a folder of its own`,
      );
    }
  }
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new UsageError(`--out ${folder} is not a folder: a file is in the way`);
    }
    return; // Not there yet: the build creates it.
  }
  if (entries.length === 0 || options.force) return;
  const manifest = await readFile(join(folder, MANIFEST), 'utf8').catch(() => '');
  const state = await readFile(join(folder, ...STATE_PATH.split('/')), 'utf8').catch(() => '');
  const sigcals =
    /"generator":\s*"sigcal /.test(manifest) || state.startsWith('{"format":"sigcal-sync-state/');
  if (!sigcals) {
    throw new UsageError(
      `refusing to build into ${folder}: it holds files but no sigcal manifest.json, so it is not a site ` +
        'sigcal built (pass --force to build beside those files; sigcal never overwrites or removes them)',
    );
  }
}

/** Warnings a build summary shows; a file with more has them all in `sigcal validate`. */
const MAX_WARNING_LINES = 10;

/**
 * The build summary in a few lines: counts, the window, left-out meetings, warnings (a value left out
 * or cleaned is published without it, so the build says so too) and shortened feeds.
 */
export function formatBuildSummary(summary: BuildSummary): string {
  const lines = [
    `built ${count(summary.objects, 'object')} (${summary.bytes} bytes): ${count(summary.groups, 'group')}, ` +
      `${summary.scheduled} scheduled and ${summary.unscheduled} unscheduled meetings, ` +
      `${count(summary.occurrences, 'occurrence')} from ${summary.window.start.slice(0, 10)} to ${summary.window.end.slice(0, 10)}`,
  ];
  for (const m of summary.leftOut) {
    const name = [m.group, m.subproject, m.id ?? `meetings[${m.index}]`]
      .filter((p) => p !== null)
      .join(' / ');
    lines.push(`left out: ${name} (${m.at.file}:${m.at.line}): ${m.reason}`);
  }
  for (const w of summary.warnings.slice(0, MAX_WARNING_LINES)) lines.push(`warning: ${formatDiagnostic(w)}`);
  const unshown = summary.warnings.length - MAX_WARNING_LINES;
  if (unshown > 0) lines.push(`and ${count(unshown, 'more warning')}: sigcal validate lists every one`);
  for (const feed of summary.shortenedFeeds) {
    if (feed.withheld) {
      lines.push(`withheld: ${feed.path}: ${feed.withheld}; the pages offer the group calendars`);
      continue;
    }
    lines.push(
      `shortened: ${feed.path} runs to ${feed.shortenedTo} (${feed.events} events, ${feed.bytes} bytes)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
