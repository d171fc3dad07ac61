import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, SourceError, ValidationError } from '../../functions/core/errors.ts';
import { type BuiltSite, buildSite } from '../../functions/pipeline/build.ts';
import { siteProblems } from '../support/site-checks.ts';

/*
 * The whole pipeline (parse → normalise → expand → feeds → pages → manifest) on random input: every run
 * either fails validation (SourceError or ValidationError, each problem one line) or builds a site whose
 * every feed ical.js reads (no line over 75 octets, no property sigcal does not write) and whose every
 * page is well formed and inert (see test/support/site-checks.ts). No other exception may escape.
 * Run counts keep this file well under a minute.
 */

const NOW = new Date('2026-11-30T12:00:00Z');

/** Characters that mean something to YAML, HTML, iCalendar, URLs, terminals or the bidi algorithm. */
const SIGNIFICANT = [
  ...'<>&"\'`;,\\:#{}[]-*!|%@?=/\r\n\t \u0000\u001b\u0085\u00a0\u2028\u202e\u2066\u200f\ufeff😀é',
];

/** Any text: arbitrary code points, significant characters, or plausible values with junk around them. */
const anyText = (plausible: readonly string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: fc.constantFrom(...SIGNIFICANT), maxLength: 20 }),
    ...(plausible.length > 0
      ? [
          fc.constantFrom(...plausible),
          fc.constantFrom(...plausible),
          fc
            .tuple(
              fc.constantFrom(...plausible),
              fc.string({ unit: fc.constantFrom(...SIGNIFICANT), maxLength: 8 }),
            )
            .map(([p, junk]) => `${p} ${junk}`),
        ]
      : []),
  );

const DAYS = ['Tuesday', 'Thursdays', 'Mon', 'third Wednesday', 'Friday (starting January 8th 2027)'];
const TIMES = ['9:00', '18:30', '4PM', '0900', '9:00-10:30', '4:30 p.m.'];
const ZONES = [
  'UTC',
  'PT (Pacific Time)',
  'Europe/Berlin',
  'Asia/Kolkata',
  'IST',
  'Australia/Sydney',
  'UTC+2',
];
const FREQUENCIES = [
  'weekly',
  'biweekly',
  'first Tuesday of the month',
  'monthly - last Wednesday',
  'quarterly',
];
const URLS = ['https://meet.example.org/x?a=1&b=2', 'http://example.org', 'mailto:list@example.org'];
const LISTS = ['https://groups.example.org/g/sig', 'mailto:list@example.org', 'list@example.org'];
const DATES = ['2026-11-03', '2026-12-29', '2027-01-12', '2026-02-30'];

/** Values of the wrong type for a text field. */
const wrongType = fc.oneof(
  fc.constantFrom(null, '', 0, 930, true, -1.5),
  fc.array(anyText(), { maxLength: 2 }),
  fc.dictionary(anyText(), anyText(), { maxKeys: 2 }),
);

/**
 * The generators, in two moods: `chaos` puts values of the wrong type anywhere (so most files fail
 * validation); without it every value is text, free where any text is fine (names, descriptions) and
 * mostly plausible where the text must mean something (dir, times, zones, links), so that most files
 * get as far as the feeds and pages.
 */
function generators(chaos: boolean) {
  const field = (arbitrary: fc.Arbitrary<unknown>) =>
    chaos ? fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: wrongType }) : arbitrary;
  const text = () => field(anyText());
  const constrained = (plausible: readonly string[]) =>
    field(
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...plausible) },
        { weight: 2, arbitrary: anyText(plausible) },
        { weight: 1, arbitrary: anyText() },
      ),
    );
  const meeting = fc.record(
    {
      description: field(anyText(['Regular SIG Meeting', 'Triage', 'Office hours'])),
      day: constrained(DAYS),
      time: constrained(TIMES),
      tz: constrained(ZONES),
      frequency: constrained(FREQUENCIES),
      url: constrained(URLS),
      archive_url: constrained(URLS),
      recordings_url: constrained(URLS),
      calendar_url: constrained(URLS),
      start: constrained(DATES),
      until: constrained(DATES),
      skip: fc.oneof(constrained(DATES), fc.array(constrained(DATES), { maxLength: 2 })),
      duration: constrained(['45', '90']),
      id: constrained(['sync', 'triage', 'office-hours']),
    },
    { requiredKeys: ['description', 'day', 'time', 'tz', 'frequency'] },
  );
  const person = fc.record({ github: text(), name: text(), company: text() }, { requiredKeys: [] });
  const group = (index: number) =>
    fc.record(
      {
        // A distinct dir, mostly safe: a duplicate or unsafe dir fails the whole file.
        dir: fc.oneof(
          { weight: 8, arbitrary: fc.constant(`sig-${index}`) },
          { weight: 1, arbitrary: text() },
        ),
        name: text(),
        mission_statement: text(),
        leadership: field(
          fc.dictionary(anyText(['chairs']), fc.array(person, { maxLength: 2 }), { maxKeys: 2 }),
        ),
        contact: field(fc.record({ slack: text(), mailing_list: constrained(LISTS) })),
        meetings: field(fc.array(meeting, { maxLength: 3 })),
        subprojects: field(
          fc.array(
            fc.record({ name: text(), description: text(), meetings: fc.array(meeting, { maxLength: 2 }) }),
            { maxLength: 2 },
          ),
        ),
      },
      { requiredKeys: ['dir', 'name'] },
    );
  return fc
    .tuple(
      fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => group(i)))),
      fc.constantFrom('sigs', 'workinggroups', 'committees', 'usergroups'),
      fc.option(anyText(), { nil: undefined }),
    )
    .map(([groups, section, unknown]) => ({
      [section]: groups,
      ...(unknown === undefined ? {} : { extra: unknown }),
    }));
}

const sigsFile = fc.oneof(
  { weight: 4, arbitrary: generators(false) },
  { weight: 1, arbitrary: generators(true) },
);

type Outcome = 'site' | 'invalid';

/** Builds; returns what happened, or throws the assertion that failed. */
function outcome(text: string, keepGoing: boolean, title?: string): Outcome {
  let built: BuiltSite;
  try {
    built = buildSite({
      source: { file: 'sigs.yaml', text },
      options: {
        now: NOW,
        stamp: new Date('2026-01-01T00:00:00Z'),
        siteUrl: 'https://meetings.example.org/community/',
        keepGoing,
        ...(title === undefined ? {} : { title }),
      },
    });
  } catch (error) {
    if (error instanceof SourceError) {
      expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
      return 'invalid';
    }
    if (error instanceof ValidationError) {
      expect(error.diagnostics.length).toBeGreaterThan(0);
      for (const d of error.diagnostics) expect(formatDiagnostic(d)).not.toMatch(/[\r\n\u2028\u2029]/);
      return 'invalid';
    }
    throw error;
  }
  expect(siteProblems(built)).toEqual([]);
  return 'site';
}

describe('the whole pipeline on random input', () => {
  it('a structured sigs.yaml with arbitrary values in every field: a validation error or a sound site', () => {
    const seen = { site: 0, invalid: 0 };
    fc.assert(
      fc.property(
        sigsFile,
        fc.boolean(),
        fc.option(anyText(), { nil: undefined }),
        (doc, keepGoing, title) => {
          seen[outcome(dump(doc), keepGoing, title)]++;
        },
      ),
      { numRuns: 800 },
    );
    // Both outcomes are exercised, or the property says little.
    expect(seen.site).toBeGreaterThan(100);
    expect(seen.invalid).toBeGreaterThan(100);
  });

  it('arbitrary text as the whole file, and YAML-shaped noise: the same', () => {
    const tokens = fc.constantFrom(
      'sigs:',
      'workinggroups:',
      '\n',
      '\n  - ',
      '\n    ',
      'dir: sig-a',
      'name: ',
      'meetings:',
      'description: ',
      'day: Tuesday',
      'time: "9:00"',
      'tz: UTC',
      'frequency: weekly',
      '&a ',
      '*a',
      '[',
      ']',
      '{',
      '}',
      ', ',
      ': ',
      '"',
      "'",
      '#',
      '!!str ',
      '!!binary ',
      '<<: ',
      '---',
      '|',
      '>',
      '\t',
      '\u202e',
      '\r\n',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.array(fc.oneof(tokens, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((t) => t.join('')),
        ),
        fc.boolean(),
        (text, keepGoing) => {
          outcome(text, keepGoing);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
