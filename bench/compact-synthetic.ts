/**
 * A synthetic community in few bytes per meeting: ten meetings a group, no leadership, one link each,
 * rules that need no start date. The realistic shape (test/support/synthetic.ts) is ~350 bytes a
 * meeting, so it passes the 4 MiB source limit only up to about 12,000 meetings; this one fits the
 * documented maximum of 20,000 meetings in about 3.7 MB, to measure what that maximum costs.
 */
const ZONES = [
  'UTC',
  'PT (Pacific Time)',
  'ET',
  'CET',
  'Europe/London',
  'IST',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'Asia/Shanghai',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

export function compactSigsYaml(meetings: number, meetingsPerGroup = 10): string {
  const lines = ['sigs:'];
  for (let g = 0, n = 0; n < meetings; g++) {
    lines.push(`  - dir: g${g}`, `    name: Group ${g}`, '    meetings:');
    for (let m = 0; m < meetingsPerGroup && n < meetings; m++, n++) {
      const day = DAYS[n % DAYS.length] as string;
      const rules = ['weekly', `first ${day} of the month`, `monthly - last ${day}`, `2nd and 4th ${day}`];
      lines.push(
        `      - description: Meeting ${m}`,
        `        day: ${day}`,
        `        time: "${String(7 + (n % 12)).padStart(2, '0')}:00"`,
        `        tz: ${ZONES[n % ZONES.length]}`,
        `        frequency: ${rules[n % rules.length]}`,
        `        url: https://meet.example.org/${g}/${m}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
