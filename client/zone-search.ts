import { ZONE_COUNTRIES } from './zone-countries.ts';

/**
 * Finding a time zone the way people name it: by city (`Berlin`, `Kolkata`), country (`India`, in
 * English or the browser's language), abbreviation (`IST`, `PST`, `CET`: sigcal's own label table and
 * the browser's short names) or old name (`Calcutta`, `Kiev`).
 */

export interface ZoneIndex {
  /** Zones matching `query`, best first; every zone for an empty query. */
  find(query: string): string[];
}

/** Lower case, no accents, words split on anything that is not a letter or digit. */
export function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}+-]+/u)
    .filter((w) => w !== '');
}

interface Entry {
  readonly zone: string;
  /** Words that name the zone exactly (its city, an abbreviation): a full match ranks first. */
  readonly names: ReadonlySet<string>;
  /** Every word it can be found by. */
  readonly keywords: readonly string[];
}

export function zoneIndex(
  zones: readonly string[],
  options: {
    /** sigcal's labels: `ist` → `Asia/Kolkata`, `india` → …, `pacific time` → … */
    readonly labels: Readonly<Record<string, string>>;
    /** Legacy name → current name. */
    readonly legacy: Readonly<Record<string, string>>;
    /** The browser's locale, for country names and short zone names in its language. */
    readonly locale?: string;
  },
): ZoneIndex {
  const extra = new Map<string, string[]>();
  const add = (zone: string, text: string) => extra.set(zone, [...(extra.get(zone) ?? []), text]);
  for (const [label, zone] of Object.entries(options.labels)) add(zone, label);
  for (const [old, zone] of Object.entries(options.legacy)) add(zone, old.replace(/_/g, ' '));
  const regionNames = [
    displayNames('en'),
    ...(options.locale && !options.locale.startsWith('en') ? [displayNames(options.locale)] : []),
  ];
  for (const [country, list] of Object.entries(ZONE_COUNTRIES)) {
    for (const zone of list.split(' ')) {
      add(zone, country);
      for (const names of regionNames) {
        const name = names?.of(country);
        if (name && name !== country) add(zone, name);
      }
    }
  }
  const entries: Entry[] = zones.map((zone) => {
    const city = zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
    const short = shortNames(zone, options.locale);
    const texts = [zone.replace(/[/_]/g, ' '), ...short, ...(extra.get(zone) ?? [])];
    const names = new Set([words(city).join(' '), ...short.map((s) => s.toLowerCase())]);
    for (const label of Object.keys(options.labels)) if (options.labels[label] === zone) names.add(label);
    for (const old of Object.keys(options.legacy)) {
      if (options.legacy[old] === zone) names.add(words(old.slice(old.lastIndexOf('/') + 1)).join(' '));
    }
    return { zone, names, keywords: [...new Set(texts.flatMap(words))] };
  });

  return {
    find(query: string): string[] {
      const wanted = words(query);
      if (wanted.length === 0) return zones.slice();
      const phrase = wanted.join(' ');
      const scored: { zone: string; score: number }[] = [];
      for (const entry of entries) {
        // Every word of the query starts a word the zone is known by.
        if (!wanted.every((w) => entry.keywords.some((k) => k.startsWith(w)))) continue;
        const exact = entry.names.has(phrase);
        const whole = wanted.every((w) => entry.keywords.includes(w));
        scored.push({ zone: entry.zone, score: exact ? 2 : whole ? 1 : 0 });
      }
      return scored
        .sort((a, b) => b.score - a.score || (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0))
        .map((s) => s.zone);
    },
  };
}

function displayNames(locale: string): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    return undefined;
  }
}

/** The browser's short names for the zone in winter and summer (`PST`, `PDT`; `GMT+1` where it has none). */
function shortNames(zone: string, locale: string | undefined): string[] {
  const names = new Set<string>();
  for (const loc of [locale, 'en-US']) {
    try {
      const f = new Intl.DateTimeFormat(loc, { timeZone: zone, timeZoneName: 'short' });
      for (const month of [0, 6]) {
        const name = f.formatToParts(Date.UTC(2025, month, 15)).find((p) => p.type === 'timeZoneName')?.value;
        if (name && !/^(GMT|UTC)[+-−]/.test(name)) names.add(name);
      }
    } catch {
      // A zone this browser does not know: found by its name only.
    }
  }
  return [...names];
}
