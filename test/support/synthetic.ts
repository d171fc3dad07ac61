/**
 * A synthetic community of any size with a realistic mix of rules and zones, as sigs.yaml text.
 * Deterministic: the same size gives the same file. Used by tests (feed budget) and the benchmark.
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
const RULES: readonly ((day: string) => { day: string; frequency: string; start?: boolean })[] = [
  (day: string) => ({ day, frequency: 'weekly' }),
  (day: string) => ({ day, frequency: 'biweekly', start: true }),
  (day: string) => ({ day, frequency: `first ${day} of the month` }),
  (day: string) => ({ day, frequency: `monthly - last ${day}` }),
  (day: string) => ({ day, frequency: `2nd and 4th ${day}` }),
  (day: string) => ({ day, frequency: 'every 4 weeks', start: true }),
];
/** Mondays…Fridays on or after 2026-01-05 (a Monday), to anchor biweekly/4-weekly series. */
const startFor = (dayIndex: number, n: number) => {
  const date = new Date(Date.UTC(2026, 0, 5 + dayIndex + 7 * (n % 4)));
  return date.toISOString().slice(0, 10);
};

export function syntheticSigsYaml(meetings: number, meetingsPerGroup = 4): string {
  const lines = ['sigs:'];
  const groups = Math.ceil(meetings / meetingsPerGroup);
  let n = 0;
  for (let g = 0; g < groups; g++) {
    lines.push(
      `  - dir: group-${g}`,
      `    name: Group ${g}`,
      `    mission_statement: Synthetic group ${g}, with a mission statement long enough to look real.`,
      '    leadership:',
      '      chairs:',
      `        - github: chair-${g}`,
      `          name: Chair ${g}`,
      '    meetings:',
    );
    for (let m = 0; m < meetingsPerGroup && n < meetings; m++, n++) {
      const dayIndex = n % DAYS.length;
      const day = DAYS[dayIndex] as string;
      const rule = (RULES[n % RULES.length] as (typeof RULES)[number])(day);
      lines.push(
        `      - description: Meeting ${m} of group ${g}`,
        `        day: ${rule.day}`,
        `        time: "${String(7 + (n % 12)).padStart(2, '0')}:${n % 2 === 0 ? '00' : '30'}"`,
        `        tz: ${ZONES[n % ZONES.length]}`,
        `        frequency: ${rule.frequency}`,
        ...(rule.start ? [`        start: ${startFor(dayIndex, n)}`] : []),
        `        url: https://meet.example.org/g${g}/m${m}`,
        `        archive_url: https://notes.example.org/g${g}/m${m}`,
      );
    }
    lines.push('    contact:', `      slack: group-${g}`);
  }
  return `${lines.join('\n')}\n`;
}
