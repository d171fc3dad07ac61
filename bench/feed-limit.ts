/**
 * "The limit": sigcal's feed rendering against a plain writer that escapes and folds the same bytes,
 * in one process. The plain writer is handed every feed as its logical lines (property and unescaped
 * value, prepared before the clock starts) and writes every line of every feed: it escapes each TEXT
 * value, folds each line by octets and concatenates; its output must equal sigcal's byte for byte.
 * Also times a build of 30 meetings whose descriptions are at the 10,000-character limit.
 *   tsx bench/feed-limit.ts <meetings> <runs>
 */
import { performance } from 'node:perf_hooks';
import { buildCalendars, feedTexts } from '../functions/core/calendars.ts';
import { loadCommunity } from '../functions/core/community.ts';
import { expandSchedule } from '../functions/core/occurrences.ts';
import { windowAround } from '../functions/core/window.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';

const [meetingsArg = '100', runsArg = '5'] = process.argv.slice(2);
const runs = Number(runsArg);
const now = new Date('2026-11-30T12:00:00Z');
const window = windowAround(now);
const options = { now, stamp: new Date('2026-01-01T00:00:00Z'), siteUrl: 'https://meetings.example.org/' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function time(f: () => void): number {
  const started = performance.now();
  f();
  return performance.now() - started;
}

const community = loadCommunity({ file: 'sigs.yaml', text: syntheticSigsYaml(Number(meetingsArg), 3) });
const feeds = feedTexts(buildCalendars(community, window, options).feeds);
// The whole of sigcal's feed rendering: the events, and every feed's text assembled.
const buildFeeds = () => feedTexts(buildCalendars(community, window, options).feeds);
// Rendering alone is the build minus expanding occurrences.
const expand = () => {
  for (const g of community.groups) {
    for (const m of g.meetings) if (m.status === 'scheduled') expandSchedule(m.schedule, window);
  }
};

// The plain writer's input: each feed's logical lines, TEXT values unescaped.
const TEXT = new Set([
  'PRODID',
  'NAME',
  'X-WR-CALNAME',
  'DESCRIPTION',
  'X-WR-CALDESC',
  'UID',
  'SUMMARY',
  'LOCATION',
]);
type Line = readonly [head: string, value: string, text: boolean];
const logical: Line[][] = [...feeds.values()].map((feed) =>
  feed
    .replace(/\r\n /g, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const colon = l.indexOf(':');
      const head = l.slice(0, colon);
      const text = TEXT.has(head);
      const raw = l.slice(colon + 1);
      return [head, text ? raw.replace(/\\([\\;,n])/g, (_, c) => (c === 'n' ? '\n' : c)) : raw, text];
    }),
);

const escapeValue = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

/** Greedy by octets, never splitting a code point. */
function fold(line: string): string {
  let out = '';
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > 75) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      octets = 1;
    }
    octets += size;
    if (pair) i++;
  }
  return `${out + line.slice(start)}\r\n`;
}

const writePlain = () =>
  logical.map((lines) => {
    let text = '';
    for (const [head, value, isText] of lines) text += fold(`${head}:${isText ? escapeValue(value) : value}`);
    return text;
  });

// Interleaved, so that whatever else the machine does weighs on both alike; the ratio is the median
// of each round's ratio.
const rounds = {
  build: [] as number[],
  expand: [] as number[],
  plain: [] as number[],
  ratio: [] as number[],
};
for (let i = 0; i < runs + 3; i++) {
  const build = time(buildFeeds);
  const expansion = time(expand);
  const plain = time(writePlain);
  if (i < 3) continue; // warm-up: JIT, time-zone data
  rounds.build.push(build);
  rounds.expand.push(expansion);
  rounds.plain.push(plain);
  rounds.ratio.push((build - expansion) / plain);
}
const plainOutput = writePlain();
const sigcalOutput = [...feeds.values()];
const differ = sigcalOutput.findIndex((text, i) => text !== plainOutput[i]);
if (differ !== -1) throw new Error(`the plain writer's ${[...feeds.keys()][differ]} differs from sigcal's`);
const bytes = sigcalOutput.reduce((n, text) => n + Buffer.byteLength(text, 'utf8'), 0);

// 30 meetings whose descriptions are at the 10,000-character limit (what `ics` folded in quadratic time).
const long = (n: number) =>
  `Réunion ${n}, café; thé — ${'agenda, notes; links 😀 '.repeat(420)}`.slice(0, 10_000);
const longText = `sigs:\n${Array.from(
  { length: 30 },
  (_, n) => `  - dir: group-${n}
    name: Group ${n}
    meetings:
      - description: ${JSON.stringify(long(n))}
        day: Tuesday
        time: "18:30"
        tz: UTC
        frequency: weekly
`,
).join('')}`;
const longCommunity = loadCommunity({ file: 'long.yaml', text: longText });
const longValues = median(
  Array.from({ length: runs + 1 }, () =>
    time(() => feedTexts(buildCalendars(longCommunity, window, options).feeds)),
  ).slice(1),
);

process.stdout.write(
  `${JSON.stringify({
    meetings: Number(meetingsArg),
    feeds: feeds.size,
    bytes,
    renderMs: median(rounds.build) - median(rounds.expand),
    limitMs: median(rounds.plain),
    ratio: +median(rounds.ratio).toFixed(2),
    longValuesMs: longValues,
  })}\n`,
);
