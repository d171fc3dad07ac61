/**
 * How much a calendar entry's title looks like a meeting, by the distinguishing words they share. It
 * only separates groups that meet in the same slot; the slot itself (weekday, time, interval) is what
 * decides a match.
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

/**
 * How well a calendar entry's title (`series`) names a meeting (`meeting`): the share of the title's
 * distinguishing words the meeting's words explain, with their Jaccard similarity (a fraction of a
 * point) breaking ties, so "Cloud Provider IBM Cloud Monthly Meeting" names the IBM Cloud subproject's
 * meeting rather than the group's regular one. A word also matches a run of the other side's words it
 * is spelled from: "ContribEx" is "Contributor Experience", "ibmcloud" is "IBM Cloud". 0 when they
 * share nothing; `common` words are ignored.
 */
export function similarity(
  meeting: ReadonlySet<string>,
  series: ReadonlySet<string>,
  common: ReadonlySet<string>,
): number {
  const m = [...meeting].filter((w) => !common.has(w));
  const s = [...series].filter((w) => !common.has(w));
  const usedM = new Set<string>();
  const usedS = new Set<string>();
  let shared = 0;
  for (const w of s) {
    if (!meeting.has(w) || common.has(w)) continue;
    shared += 1;
    usedS.add(w);
    usedM.add(w);
  }
  // A word of one side spelled by consecutive words of the other.
  const compounds = (words: string[], used: Set<string>, others: string[], usedOthers: Set<string>) => {
    for (const w of words) {
      if (used.has(w)) continue;
      const run = spelledBy(
        w,
        others.filter((o) => !usedOthers.has(o)),
      );
      if (!run) continue;
      shared += 1;
      used.add(w);
      for (const o of run) usedOthers.add(o);
    }
  };
  compounds(s, usedS, m, usedM);
  compounds(m, usedM, s, usedS);
  if (shared === 0 || s.length === 0) return 0;
  const explained = usedS.size / s.length;
  const union = shared + (m.length - usedM.size) + (s.length - usedS.size);
  return explained + shared / union / 100;
}

/**
 * The run of two or more consecutive `words` whose beginnings spell `word` ("contrib" + "ex"), the
 * first beginning at least three letters; undefined when there is none.
 */
function spelledBy(word: string, words: readonly string[]): string[] | undefined {
  const from = (start: number, k: number, pos: number): number | undefined => {
    if (pos === word.length) return k - start >= 2 ? k : undefined;
    const next = words[k];
    if (next === undefined) return undefined;
    const min = k === start ? 3 : 1;
    for (let len = Math.min(next.length, word.length - pos); len >= min; len--) {
      if (word.startsWith(next.slice(0, len), pos)) {
        const end = from(start, k + 1, pos + len);
        if (end !== undefined) return end;
      }
    }
    return undefined;
  };
  for (let start = 0; start < words.length; start++) {
    const end = from(start, start, 0);
    if (end !== undefined) return words.slice(start, end);
  }
  return undefined;
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
