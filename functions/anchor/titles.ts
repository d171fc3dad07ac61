/**
 * How much a calendar entry's title looks like a meeting: the words they share, over the words either
 * has (Jaccard), after dropping words every meeting title has. It only separates groups that meet in
 * the same slot; the slot itself (weekday, time, interval) is what decides a match.
 */

/** Words that say "a meeting" rather than which one. */
const GENERIC = new Set([
  'a',
  'an',
  'and',
  'at',
  'bi',
  'biweekly',
  'call',
  'committee',
  'every',
  'for',
  'group',
  'in',
  'interest',
  'meeting',
  'monthly',
  'mtg',
  'of',
  'on',
  'other',
  'regular',
  'sig',
  'special',
  'the',
  'to',
  'ug',
  'user',
  'week',
  'weekly',
  'wg',
  'with',
  'working',
  'zoom',
]);

/** The distinguishing words of a title: lower case, accents dropped, a plural `s` dropped, no generic words. */
export function titleWords(text: string): Set<string> {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .filter((w) => w.length > 1 && !GENERIC.has(w));
  return new Set(words);
}

/** Jaccard similarity of two word sets, ignoring `common` words; 0 when they share nothing. */
export function similarity(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  common: ReadonlySet<string>,
): number {
  let shared = 0;
  let union = 0;
  for (const w of a) {
    if (common.has(w)) continue;
    union += 1;
    if (b.has(w)) shared += 1;
  }
  for (const w of b) if (!common.has(w) && !a.has(w)) union += 1;
  return union === 0 ? 0 : shared / union;
}

/**
 * Words in more than half of the titles (when there are at least four): the community's own name, a
 * calendar's name repeated in every entry. They cannot tell two entries apart.
 */
export function commonWords(titles: readonly ReadonlySet<string>[]): Set<string> {
  const common = new Set<string>();
  if (titles.length < 4) return common;
  const counts = new Map<string, number>();
  for (const title of titles) for (const w of title) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const [w, n] of counts) if (n * 2 > titles.length) common.add(w);
  return common;
}
