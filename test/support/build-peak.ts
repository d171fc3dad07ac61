/**
 * Builds the source file named on the command line in this process, with the heap capped as the
 * caller chose (`node --max-old-space-size=…`) and an optional site budget (bytes), and prints one JSON line: whether it was accepted, the
 * bytes built and the process's peak resident memory. Run by test/unit/site-budget.test.ts.
 */
import { readFileSync } from 'node:fs';
import { buildSite } from '../../functions/pipeline/build.ts';
import { WORST_NOW, WORST_SITE_URL } from './worst-case.ts';

const text = readFileSync(process.argv[2] as string, 'utf8');
const maxSiteBytes = process.argv[3] ? Number(process.argv[3]) : undefined;
const built = buildSite({
  source: { file: 'sigs.yaml', text },
  options: {
    now: WORST_NOW,
    stamp: WORST_NOW,
    siteUrl: WORST_SITE_URL,
    ...(maxSiteBytes === undefined ? {} : { maxSiteBytes }),
  },
});
process.stdout.write(
  `${JSON.stringify({ bytes: built.summary.bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
