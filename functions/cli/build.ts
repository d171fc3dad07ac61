import { parseArgs } from 'node:util';
import type { BuildSummary } from '../pipeline/build.ts';
import { runPipeline } from '../pipeline/pipeline.ts';
import { FolderStore } from '../store/folder-store.ts';
import { BUILD_OPTIONS, BUILD_OPTIONS_HELP, buildInputOf, checkBuildValues } from './build-options.ts';
import type { CliIo } from './io.ts';
import { readPreviousManifest } from './previous-manifest.ts';
import { cliReaders, sourceAddresses } from './sources.ts';

export const LOCAL_SITE_URL = 'http://127.0.0.1:8080/';

export const BUILD_HELP = `Usage: sigcal build [--out site] [build options]

Builds the whole site (feeds, pages, manifest.json) into a folder. Only files whose content changed
are rewritten; files an earlier build wrote and this one does not are removed.

  --out DIR            output folder (default site)
  --previous-manifest LOCATION
                       the published site's manifest.json (https://…/manifest.json or a file), read
                       instead of the one in --out: keeps DTSTAMP stable when --out is fresh on every
                       run (CI publishing to GitHub Pages); none there yet (404) means a first publish
${BUILD_OPTIONS_HELP}`;

/** `sigcal build`: build in memory, then sync into a local folder. Exit 0, or 2 for invalid input. */
export async function runBuild(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...BUILD_OPTIONS,
      out: { type: 'string', default: 'site' },
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
        onProgress: (p) => {
          if (p.kind === 'built') io.stdout.write(formatBuildSummary(p.summary));
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

/** The build summary in a few lines: counts, the window, left-out meetings and shortened feeds. */
export function formatBuildSummary(summary: BuildSummary): string {
  const lines = [
    `built ${summary.objects} objects (${summary.bytes} bytes): ${summary.groups} groups, ` +
      `${summary.scheduled} scheduled and ${summary.unscheduled} unscheduled meetings, ` +
      `${summary.occurrences} occurrences from ${summary.window.start.slice(0, 10)} to ${summary.window.end.slice(0, 10)}`,
  ];
  for (const m of summary.leftOut) {
    const name = [m.group, m.subproject, m.id ?? `meetings[${m.index}]`]
      .filter((p) => p !== null)
      .join(' / ');
    lines.push(`left out: ${name} (${m.at.file}:${m.at.line}): ${m.reason}`);
  }
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
