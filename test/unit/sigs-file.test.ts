import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../functions/core/community.ts';
import { formatDiagnostic, SourceError } from '../../functions/core/errors.ts';
import { readOverlay } from '../../functions/core/overlay.ts';
import { PathOwners } from '../../functions/core/path-owners.ts';
import { unsafeDirReason } from '../../functions/core/sigs-file.ts';
import { parseYamlTree } from '../../functions/core/yaml-tree.ts';

/** Every problem of a source, formatted the way the CLI prints it. */
const problems = (text: string) =>
  loadCommunity({ file: 'sigs.yaml', text }).diagnostics.map((d) => formatDiagnostic(d));

/** The one-line message of a source that cannot be parsed at all. */
function sourceError(text: string, limits?: Parameters<typeof parseYamlTree>[2]): string {
  try {
    parseYamlTree(text, 'sigs.yaml', limits);
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('parsed');
}

const MEETING = `
        day: Tuesday
        time: "9:00"
        tz: UTC
        frequency: weekly`;

const SAFE_DIR_HINT =
  'is not a safe path segment (use lowercase letters, digits, "-" and "_", starting with a letter or digit)';

describe('group dir', () => {
  it.each([
    ['../x', SAFE_DIR_HINT],
    ['a/b', SAFE_DIR_HINT],
    ['%2e%2e', SAFE_DIR_HINT],
    ['..', SAFE_DIR_HINT],
    ['.hidden', SAFE_DIR_HINT],
    ['-x', SAFE_DIR_HINT],
    ['Sig-Docs', SAFE_DIR_HINT],
    ['sig docs', SAFE_DIR_HINT],
    ['sig\\docs', SAFE_DIR_HINT],
    ['CON', SAFE_DIR_HINT],
    ['con', 'is a reserved device name on Windows'],
    ['nul', 'is a reserved device name on Windows'],
    ['com1', 'is a reserved device name on Windows'],
    ['lpt9', 'is a reserved device name on Windows'],
    ['calendars', 'is reserved for the site layout (calendars/ holds every feed)'],
    ['assets', 'is reserved for the site layout (assets/ holds the stylesheet, script and icon)'],
    ['all', 'is reserved for the site layout (calendars/all.ics is the feed of every meeting)'],
    ['index', 'is reserved for the site layout (index.html is the front page)'],
    ['manifest', 'is reserved for the site layout (manifest.json records what was published)'],
    ['', 'is empty'],
    ['x'.repeat(65), 'is longer than 64 characters'],
  ])('%j is refused: %s', (dir, reason) => {
    expect(unsafeDirReason(dir)).toBe(reason);
    expect(problems(`sigs:\n  - dir: ${JSON.stringify(dir)}\n    name: X\n`)).toStrictEqual([
      `sigs.yaml:2 sigs[0].dir: "${dir}" ${reason}`,
    ]);
  });

  it.each(['sig-docs', 'wg_batch', '1x', 'x'.repeat(64), 'console'])('%j is accepted', (dir) => {
    expect(unsafeDirReason(dir)).toBeUndefined();
    expect(problems(`sigs:\n  - dir: ${dir}\n    name: X\n`)).toStrictEqual([]);
  });

  it('a dir used twice, even across sections, is an error naming the first', () => {
    expect(
      problems(`sigs:
  - dir: sig-docs
    name: Docs
workinggroups:
  - dir: sig-docs
    name: Also docs
`),
    ).toStrictEqual(['sigs.yaml:5 workinggroups[0].dir: duplicate dir "sig-docs" (also sigs[0] at line 2)']);
  });
});

describe('site paths', () => {
  const weekly = 'day: Tuesday, time: "9:00", tz: UTC, frequency: weekly';

  it('a meeting whose id is "index", given or made from its description, would replace its group page: an error naming both', () => {
    const text = `sigs:
  - dir: sig-docs
    name: Docs
    meetings:
      - {description: Index, ${weekly}}
      - {description: Weekly, id: index, ${weekly}}
      - {description: Weekly, ${weekly}}
`;
    const community = loadCommunity({ file: 'sigs.yaml', text });
    const clash = (line: number, i: number) =>
      `sigs.yaml:${line} sigs[0].meetings[${i}]: meeting id "index" would write sig-docs/index.html, which is the page of group "sig-docs" (sigs.yaml:2 sigs[0]); add a distinct \`id:\``;
    expect(community.diagnostics.map((d) => formatDiagnostic(d))).toEqual([clash(5, 0), clash(6, 1)]);
    expect(community.diagnostics.map((d) => d.scope)).toEqual(['meeting', 'meeting']);
    expect(community.groups[0]?.meetings.map((m) => m.id)).toEqual(['weekly']);
    expect(community.leftOut.map((m) => m.index)).toEqual([0, 1]);
  });

  it('every path the site makes has one owner: the layout, a group or a meeting, compared without case', () => {
    const at = (line: number) => ({ file: 'sigs.yaml', line, path: `sigs[${line}]` });
    const owners = new PathOwners();
    expect(owners.claimGroup('sig-docs', at(1))).toBeUndefined();
    expect(owners.claimMeeting('sig-docs', 'weekly', at(2))).toBeUndefined();
    expect(owners.claimMeeting('sig-docs', 'Weekly', at(3))).toMatchObject({
      path: 'sig-docs/Weekly.html',
      owner: { what: 'the page of meeting "weekly" of group "sig-docs"', at: at(2) },
    });
    expect(owners.claimGroup('SIG-DOCS', at(4))).toMatchObject({ owner: { at: at(1) } });
    for (const [dir, what] of [
      ['calendars', "the site's calendars folder"],
      ['assets', "the site's assets folder"],
      ['.sigcal', "the site's publishing state folder"],
      ['all', "the site's feed of every meeting"],
    ]) {
      expect(owners.claimGroup(dir as string, at(5))).toMatchObject({ owner: { what } });
    }
  });
});

describe('structure', () => {
  it.each([
    [
      '- just\n- a list\n',
      'sigs.yaml:1: the top level must be a mapping with sigs, workinggroups, committees, usergroups',
    ],
    [
      'name: nothing here\n',
      'sigs.yaml:1: no groups: expected at least one of sigs, workinggroups, committees, usergroups',
    ],
    ['sigs: {}\n', 'sigs.yaml:1 sigs: must be a list, not a mapping'],
    ['sigs: hello\n', 'sigs.yaml:1 sigs: must be a list, not string "hello"'],
    ['sigs:\n  - sig-docs\n', 'sigs.yaml:2 sigs[0]: must be a mapping, not string "sig-docs"'],
    ['sigs:\n  - dir: x\n    name: [X]\n', 'sigs.yaml:3 sigs[0].name: must be text, not a list'],
    ['sigs:\n  - dir: {a: 1}\n    name: X\n', 'sigs.yaml:2 sigs[0].dir: must be text, not a mapping'],
    [
      'sigs:\n  - dir: x\n    name: X\n    meetings: nope\n',
      'sigs.yaml:4 sigs[0].meetings: must be a list, not string "nope"',
    ],
    [
      'sigs:\n  - dir: x\n    name: X\n    subprojects: 3\n',
      'sigs.yaml:4 sigs[0].subprojects: must be a list, not number "3"',
    ],
    [
      'sigs:\n  - dir: x\n    name: X\n    leadership: [a]\n',
      'sigs.yaml:4 sigs[0].leadership: must be a mapping, not a list',
    ],
    [
      'sigs:\n  - dir: x\n    name: X\n    contact: slack\n',
      'sigs.yaml:4 sigs[0].contact: must be a mapping, not string "slack"',
    ],
    [
      'sigs:\n  - dir: x\n    name: X\n    mission_statement: [a]\n',
      'sigs.yaml:4 sigs[0].mission_statement: must be text, not a list',
    ],
    [
      'sigs:\n  - dir: x\n    name: X\n    meetings:\n      - weekly\n',
      'sigs.yaml:5 sigs[0].meetings[0]: must be a mapping, not string "weekly"',
    ],
    [
      `sigs:\n  - dir: x\n    name: X\n    meetings:\n      - description: M${MEETING.replace('"9:00"', '[9, 10]')}\n`,
      'sigs.yaml:7 sigs[0].meetings[0].time: must be text, not a list',
    ],
    [
      'sigs:\n  - dir: x\n    name: X\n    subprojects:\n      - description: no name\n',
      'sigs.yaml:5 sigs[0].subprojects[0].name: is required',
    ],
    ['sigs:\n  - name: X\n', 'sigs.yaml:2 sigs[0].dir: is required (the group folder, e.g. sig-pm)'],
    ['sigs:\n  - dir: x\n', 'sigs.yaml:2 sigs[0].name: is required (the group name, e.g. PM)'],
    ['sigs:\n  - dir: x\n    name:\n', 'sigs.yaml:2 sigs[0].name: is required (the group name, e.g. PM)'],
  ])('%j → %s', (text, problem) => {
    expect(problems(text)).toStrictEqual([problem]);
  });

  it('an empty list item is reported on its own line', () => {
    expect(
      problems(`sigs:\n  - dir: a\n    name: A\n  -\n  -\n    # nothing\n  - dir: b\n    name: B\n`),
    ).toStrictEqual([
      'sigs.yaml:4 sigs[1]: is empty; a group needs at least dir and name',
      'sigs.yaml:5 sigs[2]: is empty; a group needs at least dir and name',
    ]);
    expect(problems(`sigs:\n  - dir: a\n    name: A\n    meetings:\n      -\n`)).toStrictEqual([
      'sigs.yaml:5 sigs[0].meetings[0]: is empty; a meeting needs description, day, time, tz and frequency',
    ]);
  });

  it('a meeting missing required fields names each one at the meeting', () => {
    expect(
      problems(`sigs:
  - dir: sig-docs
    name: Docs
    meetings:
      - description: Weekly
        url: https://example.org
`),
    ).toStrictEqual([
      'sigs.yaml:5 sigs[0].meetings[0].day: is required',
      'sigs.yaml:5 sigs[0].meetings[0].time: is required',
      'sigs.yaml:5 sigs[0].meetings[0].tz: is required',
      'sigs.yaml:5 sigs[0].meetings[0].frequency: is required',
    ]);
  });

  it('two meetings with the same id in one group: the second is left out, naming the first', () => {
    const community = loadCommunity({
      file: 'sigs.yaml',
      text: `sigs:
  - dir: sig-docs
    name: Docs
    meetings:
      - description: Regular SIG Meeting${MEETING}
      - description: Regular SIG meeting!${MEETING}
`,
    });
    expect(community.diagnostics.map(formatDiagnostic)).toStrictEqual([
      'sigs.yaml:10 sigs[0].meetings[1]: meeting id "regular-sig-meeting" is already used by sigs[0].meetings[0] (line 5); add a distinct `id:` to one of them',
    ]);
    expect(community.groups[0]?.meetings.map((m) => m.index)).toStrictEqual([0]);
    expect(community.leftOut.map((m) => m.index)).toStrictEqual([1]);
  });

  it('reports ALL problems of a file at once, each as file:line path: message', () => {
    const text = `sigs:
  - dir: sig-docs
    name: Docs
    leadership:
      - not a mapping
    meetings:
      - description: Weekly
        day: Tuesday
        time: [9, 10]
        tz: UTC
        frequency: weekly
      - description: Only a description
      -
      - just text
  - dir: sig-docs
    name: Docs again
  - dir: ../x
    name: Escape
  - name: No dir
  -
  - dir: sig-apps
    name: [Apps]
    contact: slack-only
    subprojects: 3
workinggroups:
  - dir: wg-a
    name: A
    meetings:
      - description: Sync
        day: Funday
        time: "25:00"
        tz: Mars/Olympus
        frequency: weekly
        url: javascript:alert(1)
committees: {}
`;
    expect(problems(text)).toStrictEqual([
      'sigs.yaml:5 sigs[0].leadership: must be a mapping, not a list',
      'sigs.yaml:9 sigs[0].meetings[0].time: must be text, not a list',
      'sigs.yaml:13 sigs[0].meetings[2]: is empty; a meeting needs description, day, time, tz and frequency',
      'sigs.yaml:14 sigs[0].meetings[3]: must be a mapping, not string "just text"',
      'sigs.yaml:15 sigs[1].dir: duplicate dir "sig-docs" (also sigs[0] at line 2)',
      `sigs.yaml:17 sigs[2].dir: "../x" ${SAFE_DIR_HINT}`,
      'sigs.yaml:19 sigs[3].dir: is required (the group folder, e.g. sig-pm)',
      'sigs.yaml:20 sigs[4]: is empty; a group needs at least dir and name',
      'sigs.yaml:22 sigs[5].name: must be text, not a list',
      'sigs.yaml:23 sigs[5].contact: must be a mapping, not string "slack-only"',
      'sigs.yaml:24 sigs[5].subprojects: must be a list, not number "3"',
      'sigs.yaml:35 committees: must be a list, not a mapping',
      'sigs.yaml:12 sigs[0].meetings[1].day: is required',
      'sigs.yaml:12 sigs[0].meetings[1].time: is required',
      'sigs.yaml:12 sigs[0].meetings[1].tz: is required',
      'sigs.yaml:12 sigs[0].meetings[1].frequency: is required',
      'sigs.yaml:32 workinggroups[0].meetings[0].tz: "Mars/Olympus" is not a known IANA time zone (use an IANA name such as Europe/Berlin or America/Los_Angeles)',
      'sigs.yaml:31 workinggroups[0].meetings[0].time: "25:00" is not a time of day (use HH:MM or 4PM)',
      'sigs.yaml:30 workinggroups[0].meetings[0].day: "Funday" is not a weekday (use Monday … Sunday)',
      'sigs.yaml:34 workinggroups[0].meetings[0].url: "javascript:alert(1)" is not an http(s) URL; left out',
    ]);
    const community = loadCommunity({ file: 'sigs.yaml', text });
    expect(community.leftOut.map((m) => `${m.group} ${m.index}: ${m.reason}`)).toStrictEqual([
      'sig-docs 0: time must be text',
      'sig-docs 1: day, time, tz, frequency are required',
      'wg-a 0: "Mars/Olympus" is not a known IANA time zone (use an IANA name such as Europe/Berlin or America/Los_Angeles)',
    ]);
  });

  it("reports a meeting's rule beside its other problems: one run of validate finds them all", () => {
    const meeting = (fields: string) =>
      `sigs:\n  - dir: x\n    name: X\n    meetings:\n      - description: M\n        day: Tuesday\n${fields}`;
    // The rule (one meeting for two weekdays) is wrong as well as the time and the zone.
    expect(
      problems(
        meeting(
          '        time: "25:00"\n        tz: Brazil\n        frequency: weekly on Tuesday and Thursday\n',
        ),
      ),
    ).toStrictEqual([
      'sigs.yaml:8 sigs[0].meetings[0].tz: "Brazil" is ambiguous: it could be America/Sao_Paulo or America/Manaus or America/Noronha (use the IANA name)',
      'sigs.yaml:7 sigs[0].meetings[0].time: "25:00" is not a time of day (use HH:MM or 4PM)',
      'sigs.yaml:9 sigs[0].meetings[0].frequency: frequency names Tuesday and Thursday: list each weekday as a meeting of its own',
    ]);
    // An end date the frequency's words disagree with, beside a wrong time.
    expect(
      problems(
        meeting(
          '        time: "25:00"\n        tz: UTC\n        frequency: weekly until 2027-03-02\n        until: 2027-03-09\n',
        ),
      ),
    ).toStrictEqual([
      'sigs.yaml:7 sigs[0].meetings[0].time: "25:00" is not a time of day (use HH:MM or 4PM)',
      'sigs.yaml:9 sigs[0].meetings[0].frequency: frequency says until 2027-03-02 but until is 2027-03-09',
    ]);
    // The reason the meeting is left out is still its first problem.
    const community = loadCommunity({
      file: 'sigs.yaml',
      text: meeting(
        '        time: "25:00"\n        tz: UTC\n        frequency: weekly on Tuesday and Thursday\n',
      ),
    });
    expect(community.leftOut.map((m) => m.reason)).toStrictEqual([
      '"25:00" is not a time of day (use HH:MM or 4PM)',
    ]);
  });

  it('keeps YAML scalars as written: `time: 0900` is 09:00, not the number 900', () => {
    const community = loadCommunity({
      file: 'sigs.yaml',
      text: 'sigs:\n  - dir: x\n    name: X\n    meetings:\n      - description: M\n        day: Tuesday\n        time: 0900\n        tz: Z\n        frequency: weekly\n',
    });
    expect(community.diagnostics).toStrictEqual([]);
    expect(community.groups[0]?.meetings[0]?.time).toStrictEqual({ hour: 9, minute: 0 });
  });
});

describe('sources that cannot be parsed at all', () => {
  it.each([
    ['sigs: [\n', /^sigs\.yaml:2: YAML syntax error: /],
    ['sigs:\n  - dir: a\n   name: b\n', /^sigs\.yaml:3: YAML syntax error: /],
    ['', /^sigs\.yaml: source is empty$/],
    ['\n  \n', /^sigs\.yaml: source is empty$/],
    ['# only a comment\n', /^sigs\.yaml: source is empty$/],
    ['---\n...\n', /^sigs\.yaml: source is empty$/],
    [
      'sigs: []\n---\nsigs: []\n',
      /^sigs\.yaml: source holds several YAML documents; sigcal reads exactly one$/,
    ],
    ['sigs:\n  - dir: a\n    dir: b\n', /^sigs\.yaml:3: duplicate key "dir"$/],
    ['sigs: !!binary aGVsbG8=\n', /^sigs\.yaml:1: YAML tag !!binary is not supported here$/],
    ['sigs: *nowhere\n', /^sigs\.yaml:1: YAML alias \*nowhere has no anchor$/],
    ['sigs\u0000: []\n', /^sigs\.yaml: source is binary \(contains NUL bytes\), not YAML$/],
    // A problem at the source's very first character is on line 1, not the whole file's.
    ['!!binary aGVsbG8=\n', /^sigs\.yaml:1: YAML tag !!binary is not supported here$/],
    ['[a]: b\n', /^sigs\.yaml:1: mapping keys must be plain text$/],
  ])('%j → one line', (text, message) => {
    expect(sourceError(text)).toMatch(message);
  });

  it('refuses sources over the size and node limits', () => {
    expect(sourceError('sigs: []\n'.padEnd(200, ' '), { maxBytes: 100, maxNodes: 1000 })).toBe(
      'sigs.yaml: source is 200 bytes, more than the limit of 100',
    );
    // An alias bomb: each level doubles the references.
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\n';
    expect(sourceError(bomb, { maxBytes: 1000, maxNodes: 10 })).toMatch(
      /^sigs\.yaml:\d+: source has more than 10 YAML nodes$/,
    );
  });

  it('names the line of the first node past the node limit, whatever kind of node it is', () => {
    const text = '# groups\nsigs:\n  - dir: a\n    name: &n A\n    alias: *n\n    empty:\nx: 1\n';
    // Nodes in document order: the root mapping and "sigs" (line 2); the list, the group's mapping,
    // "dir" and "a" (3); "name" and the anchored "A" (4); "alias" and the alias (5); "empty" and its
    // empty value, which has no position of its own (6); "x" and "1" (7).
    const lines = [2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7];
    lines.forEach((line, i) => {
      expect(sourceError(text, { maxBytes: 1000, maxNodes: i })).toBe(
        `sigs.yaml:${line}: source has more than ${i} YAML nodes`,
      );
    });
    expect(() => parseYamlTree(text, 'sigs.yaml', { maxBytes: 1000, maxNodes: lines.length })).not.toThrow();
    // The root node at the source's first character is on line 1 too.
    expect(sourceError('sigs: []\n', { maxBytes: 1000, maxNodes: 0 })).toBe(
      'sigs.yaml:1: source has more than 0 YAML nodes',
    );
  });
});

describe('schedule.yaml overlay', () => {
  const overlayProblems = (text: string) =>
    readOverlay(parseYamlTree(text, 'schedule.yaml'), 'schedule.yaml').diagnostics.map(formatDiagnostic);

  it.each([
    ['- a list\n', 'schedule.yaml:1: the top level must be a mapping of group dir → meeting → extensions'],
    ['sig-docs: hello\n', 'schedule.yaml:1 sig-docs: must be a mapping of meeting description → extensions'],
    [
      'sig-docs:\n  Weekly: 2027-01-12\n',
      'schedule.yaml:2 sig-docs.Weekly: must be a mapping with start, until, duration, id, skip, moved or extra',
    ],
    [
      'sig-docs:\n  Weekly:\n    time: "10:00"\n',
      'schedule.yaml:3 sig-docs.Weekly.time: is not a schedule extension (use start, until, duration, id, skip, moved or extra)',
    ],
    [
      'sig-docs:\n  Weekly:\n    start: [2027-01-12]\n',
      'schedule.yaml:3 sig-docs.Weekly.start: must be text',
    ],
    [
      'sig-docs:\n  Weekly:\n    skip:\n      - {a: 1}\n',
      'schedule.yaml:4 sig-docs.Weekly.skip[0]: must be text',
    ],
  ])('%j → %s', (text, problem) => {
    expect(overlayProblems(text)).toStrictEqual([problem]);
  });
});

describe('contact: a fault leaves the value out with a warning, never the group', () => {
  const contact = (slack: string, list: string) =>
    loadCommunity({
      file: 'sigs.yaml',
      text: `sigs:\n  - dir: sig-docs\n    name: Docs\n    contact:\n      slack: ${slack}\n      mailing_list: ${list}\n    meetings:\n      - description: Weekly${MEETING}\n`,
    });
  const outcome = (slack: string, list: string) => {
    const community = contact(slack, list);
    expect(community.groups.map((g) => g.meetings.length)).toStrictEqual([1]);
    const { slack: s, mailingList: m } = community.groups[0]?.contact ?? {};
    return {
      slack: s?.text ?? null,
      list: m?.text ?? null,
      warnings: community.diagnostics.map((d) => `${d.scope} ${formatDiagnostic(d)}`),
    };
  };

  it.each(['TBD', 'tba', 'N/A', 'none', '"-"', '"?"', 'TODO', '"—"'])(
    '%s in slack and mailing_list',
    (text) => {
      const shown = JSON.parse(text.startsWith('"') ? text : `"${text}"`);
      expect(outcome(text, text)).toStrictEqual({
        slack: null,
        list: null,
        warnings: [
          `warning sigs.yaml:5 sigs[0].contact.slack: "${shown}" is a placeholder, not a Slack channel; left out`,
          `warning sigs.yaml:6 sigs[0].contact.mailing_list: "${shown}" is a placeholder, not a mailing list; left out`,
        ],
      });
    },
  );

  it.each(['""', 'null', '~', ''])('%j is simply absent, with no warning', (text) => {
    expect(outcome(text, text)).toStrictEqual({ slack: null, list: null, warnings: [] });
  });

  it('invisible characters are removed, named by code point', () => {
    expect(outcome('"sig-docs\\u200b"', '"\\ufeffsig-docs@lists.example.org"')).toStrictEqual({
      slack: 'sig-docs',
      list: 'sig-docs@lists.example.org',
      warnings: [
        'warning sigs.yaml:5 sigs[0].contact.slack: U+200B (zero width space) removed; read as "sig-docs"',
        'warning sigs.yaml:6 sigs[0].contact.mailing_list: U+FEFF (byte order mark) removed; read as "sig-docs@lists.example.org"',
      ],
    });
  });

  it('a mailing list that is not one is left out, with the rule', () => {
    expect(outcome('sig-docs', '"https://lists.example.org/g/\\u00a0docs"').warnings).toStrictEqual([
      'warning sigs.yaml:6 sigs[0].contact.mailing_list: "https://lists.example.org/g/\u00a0docs" has U+00A0 (no-break space) inside, which cannot be removed safely; left out',
    ]);
    expect(outcome('sig-docs', 'sig-docs-at-lists')).toStrictEqual({
      slack: 'sig-docs',
      list: null,
      warnings: [
        'warning sigs.yaml:6 sigs[0].contact.mailing_list: "sig-docs-at-lists" is not a mailing list (use an http(s) URL, a mailto: URL or an e-mail address); left out',
      ],
    });
  });
});
