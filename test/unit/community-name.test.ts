import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../functions/core/community.ts';
import { formatDiagnostic } from '../../functions/core/errors.ts';
import { groupLabel, siteNames } from '../../functions/core/names.ts';
import { buildSite } from '../../functions/pipeline/build.ts';

/** The community's name (`community:` or `--title`) in page titles and calendar names, and a colour. */
const SOURCE = (community: string) => `${community}
sigs:
  - dir: sig-node
    name: Node
    meetings:
      - description: Weekly Meeting
        day: Tuesday
        time: "10:00"
        tz: UTC
        frequency: weekly
workinggroups:
  - dir: wg-batch
    name: Batch
committees:
  - dir: committee-steering
    name: Steering
`;

function build(text: string, title?: string) {
  const built = buildSite({
    source: { file: 'sigs.yaml', text },
    options: {
      now: new Date('2026-11-30T12:00:00Z'),
      stamp: new Date('2026-01-01T00:00:00Z'),
      siteUrl: 'https://meetings.example.org/',
      ...(title ? { title } : {}),
    },
  });
  const text_ = (path: string) => new TextDecoder().decode(built.site.get(path)?.body);
  const calendar = (path: string) => new ICAL.Component(ICAL.parse(text_(path)) as unknown as unknown[]);
  return { built, text: text_, calendar };
}

describe('the community name', () => {
  it('labels groups by kind, keeping a name that already says it', () => {
    expect(groupLabel('sigs', 'Node')).toBe('SIG Node');
    expect(groupLabel('sigs', 'SIG Docs')).toBe('SIG Docs');
    expect(groupLabel('workinggroups', 'Batch')).toBe('WG Batch');
    expect(groupLabel('committees', 'Steering')).toBe('Steering Committee');
    expect(groupLabel('committees', 'Code of Conduct Committee')).toBe('Code of Conduct Committee');
    expect(groupLabel('usergroups', 'Big Data')).toBe('Big Data User Group');
    expect(siteNames(null).site).toBe('Community meetings');
    expect(siteNames('  Kubernetes ').group('sigs', 'Node')).toBe('Kubernetes SIG Node');
  });

  it('names the calendars (NAME and X-WR-CALNAME), the pages and the index from community:', () => {
    const { calendar, text } = build(SOURCE('community:\n  name: Kubernetes\n  color: SteelBlue'));
    const group = calendar('calendars/sig-node.ics');
    expect(group.getFirstPropertyValue('name')).toBe('Kubernetes SIG Node');
    expect(group.getFirstPropertyValue('x-wr-calname')).toBe('Kubernetes SIG Node');
    expect(group.getFirstPropertyValue('color')).toBe('steelblue');
    expect(calendar('calendars/sig-node/weekly-meeting.ics').getFirstPropertyValue('name')).toBe(
      'Kubernetes SIG Node: Weekly Meeting',
    );
    expect(calendar('calendars/all.ics').getFirstPropertyValue('name')).toBe('Kubernetes meetings');
    expect(text('index.html')).toContain('<title>Kubernetes meetings</title>');
    expect(text('index.html')).toContain('<h1>Kubernetes meetings</h1>');
    expect(text('sig-node/index.html')).toContain('<title>SIG Node — Kubernetes meetings</title>');
    expect(text('sig-node/index.html')).toContain('&amp;name=Kubernetes%20SIG%20Node"');
    expect(JSON.parse(text('calendars/sig-node.json')).name).toBe('Kubernetes SIG Node');
    expect(JSON.parse(text('calendars/all.json')).community).toBe('Kubernetes');
  });

  it('accepts community: <name>, and --title wins over it', () => {
    expect(build(SOURCE('community: CNCF')).text('index.html')).toContain('<h1>CNCF meetings</h1>');
    expect(build(SOURCE('community: CNCF'), 'Kubernetes').text('index.html')).toContain(
      '<h1>Kubernetes meetings</h1>',
    );
    expect(build(SOURCE('')).text('index.html')).toContain('<h1>Community meetings</h1>');
  });

  it('leaves out a colour calendars would not read, with a warning naming it', () => {
    const community = loadCommunity({
      file: 'sigs.yaml',
      text: SOURCE('community:\n  name: K\n  color: "#336699"'),
    });
    expect(community.color).toBeNull();
    expect(community.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'sigs.yaml:3 community.color: "#336699" is not a CSS colour name, which is what calendars read (RFC 7986 COLOR), e.g. steelblue; left out',
    ]);
    expect(
      build(SOURCE('community:\n  name: K\n  color: "#336699"')).text('calendars/all.ics'),
    ).not.toContain('COLOR');
  });

  it('refuses a community setting of the wrong shape, naming it', () => {
    const community = loadCommunity({ file: 'sigs.yaml', text: SOURCE('community: [a, b]') });
    expect(community.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'sigs.yaml:1 community: must be a mapping with name and color (community: {name: Kubernetes, color: steelblue}), not a list',
    ]);
  });
});
