import { describe, expect, it } from 'vitest';
import { addToOverlay, yamlKey } from '../../functions/anchor/overlay-writer.ts';
import { readOverlay } from '../../functions/core/overlay.ts';
import { parseYamlTree } from '../../functions/core/yaml-tree.ts';

const EXISTING = `# Kept by hand: comments, order and quoting stay as they are.
wg-batch:
  Regular WG Meeting:   # the Thursday one
    skip: [2026-12-31, 2026-12-24]

# Architecture
sig-architecture:
    "code-organization":
        until: 2027-06-24
`;

const existing = (text: string) => ({ file: 'schedule.yaml', text });

/** The overlay as sigcal reads it: group → key → field → text. */
function fields(text: string): Record<string, Record<string, Record<string, string | string[]>>> {
  const { overlay, diagnostics } = readOverlay(parseYamlTree(text, 'schedule.yaml'), 'schedule.yaml');
  expect(diagnostics).toStrictEqual([]);
  const out: Record<string, Record<string, Record<string, string | string[]>>> = {};
  for (const [group, meetings] of overlay) {
    out[group] = {};
    for (const [key, entry] of meetings) {
      const values: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(entry.fields)) if (value) values[name] = value.text;
      if (entry.skip) values.skip = entry.skip.items.map((i) => i.text);
      (out[group] as Record<string, unknown>)[key] = values;
    }
  }
  return out;
}

describe('addToOverlay', () => {
  it('keeps every existing byte and inserts at the top of an entry, the end of a group, the end of the file', () => {
    const { text, conflicts } = addToOverlay(existing(EXISTING), [
      { group: 'wg-batch', key: 'Regular WG Meeting', start: '2026-12-03', comment: 'from "WG Batch"' },
      { group: 'sig-architecture', key: 'code-organization', start: '2026-12-10' },
      { group: 'sig-architecture', key: 'Regular SIG Meeting', start: '2026-12-03', until: '2027-06-17' },
      { group: 'sig-pm', key: 'Regular SIG Meeting', start: '2026-01-13', skip: ['2026-12-29'] },
    ]);
    expect(conflicts).toStrictEqual([]);
    expect(text).toBe(`# Kept by hand: comments, order and quoting stay as they are.
wg-batch:
  Regular WG Meeting:   # the Thursday one
    # from "WG Batch"
    start: 2026-12-03
    skip: [2026-12-31, 2026-12-24]

# Architecture
sig-architecture:
    "code-organization":
        start: 2026-12-10
        until: 2027-06-24
    Regular SIG Meeting:
        start: 2026-12-03
        until: 2027-06-17
sig-pm:
  Regular SIG Meeting:
    start: 2026-01-13
    skip: [2026-12-29]
`);
    expect(fields(text)).toStrictEqual({
      'wg-batch': { 'Regular WG Meeting': { start: '2026-12-03', skip: ['2026-12-31', '2026-12-24'] } },
      'sig-architecture': {
        'code-organization': { start: '2026-12-10', until: '2027-06-24' },
        'Regular SIG Meeting': { start: '2026-12-03', until: '2027-06-17' },
      },
      'sig-pm': { 'Regular SIG Meeting': { start: '2026-01-13', skip: ['2026-12-29'] } },
    });
  });

  it('keeps a field the entry already has, and says so', () => {
    const { text, conflicts } = addToOverlay(existing(EXISTING), [
      { group: 'wg-batch', key: 'Regular WG Meeting', start: '2026-12-03', skip: ['2027-01-07'] },
    ]);
    expect(conflicts).toStrictEqual([
      { group: 'wg-batch', key: 'Regular WG Meeting', message: 'already has skip; kept as it is' },
    ]);
    expect(fields(text)['wg-batch']).toStrictEqual({
      'Regular WG Meeting': { start: '2026-12-03', skip: ['2026-12-31', '2026-12-24'] },
    });
  });

  it('writes moved dates as a mapping of rule date to local date-time', () => {
    const { text } = addToOverlay(null, [
      {
        group: 'sig-apps',
        key: 'Regular SIG Meeting',
        start: '2026-04-14',
        skip: ['2026-12-22', '2027-02-02'],
        moved: [['2027-01-05', '2027-01-06T09:00']],
      },
    ]);
    expect(text.split('\n').slice(2).join('\n')).toBe(`sig-apps:
  Regular SIG Meeting:
    start: 2026-04-14
    skip: [2026-12-22, 2027-02-02]
    moved:
      2027-01-05: 2027-01-06T09:00
`);
  });

  it('does not edit flow mappings, and starts no file it has nothing to write into', () => {
    const flow = 'sig-x: {Regular: {skip: [2026-12-01]}}\nsig-y:\n  Regular: {skip: [2026-12-01]}\n';
    const { text, conflicts } = addToOverlay(existing(flow), [
      { group: 'sig-x', key: 'Regular', start: '2026-11-03' },
      { group: 'sig-y', key: 'Regular', start: '2026-11-03' },
    ]);
    expect(text).toBe(flow);
    expect(conflicts.map((c) => c.message)).toStrictEqual([
      'group sig-x is written as a flow mapping; add the entry by hand',
      'the entry is written as a flow mapping; add start by hand',
    ]);
    expect(addToOverlay(null, [])).toStrictEqual({ text: '', conflicts: [] });
    expect(addToOverlay(existing(EXISTING), []).text).toBe(EXISTING);
  });

  it('keeps CRLF line ends, adds the missing last newline, and appends to a file of comments', () => {
    const crlf = 'sig-a:\r\n  Regular:\r\n    skip: [2026-12-01]\r\n';
    expect(addToOverlay(existing(crlf), [{ group: 'sig-a', key: 'Regular', start: '2026-11-03' }]).text).toBe(
      'sig-a:\r\n  Regular:\r\n    start: 2026-11-03\r\n    skip: [2026-12-01]\r\n',
    );
    expect(
      addToOverlay(existing('sig-a:\n  Regular:\n    skip: [2026-12-01]'), [
        { group: 'sig-b', key: 'R', start: '2026-11-03' },
      ]).text,
    ).toBe('sig-a:\n  Regular:\n    skip: [2026-12-01]\nsig-b:\n  R:\n    start: 2026-11-03\n');
    expect(
      addToOverlay(existing('# nothing yet\n'), [{ group: 'sig-b', key: 'R', start: '2026-11-03' }]).text,
    ).toBe('# nothing yet\nsig-b:\n  R:\n    start: 2026-11-03\n');
  });

  it('gives the same bytes for the same input', () => {
    const additions = [
      { group: 'sig-b', key: 'R', start: '2026-11-03' },
      { group: 'wg-batch', key: 'Other', start: '2026-11-05' },
    ];
    expect(addToOverlay(existing(EXISTING), additions)).toStrictEqual(
      addToOverlay(existing(EXISTING), additions),
    );
  });
});

describe('yamlKey', () => {
  it.each([
    'Regular SIG Meeting',
    'APAC / EMEA sync (monthly)',
    'Meeting: the big one',
    '# not a comment',
    '- not a list',
    'true',
    '2026',
    '0x1F',
    'Zürich café & croissants',
    'tab\there "quoted" \\ back',
    'line\nbreak',
    'bidi \u202e override',
    ' leading space',
    'trailing space ',
    '*alias',
    '{flow}',
  ])('%j reads back as itself', (key) => {
    const text = `sig-x:\n  ${yamlKey(key)}:\n    start: 2026-11-03\n`;
    const tree = parseYamlTree(text, 'k.yaml');
    if (tree.kind !== 'map' || tree.entries[0]?.value.kind !== 'map') throw new Error('not a map');
    expect(tree.entries[0].value.entries[0]?.key).toBe(key);
    expect(text.split('\n')).toHaveLength(4);
  });
});
