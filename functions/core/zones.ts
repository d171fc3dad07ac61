import { IANAZone } from 'luxon';
import { quoted } from './errors.ts';
import type { TextResult } from './result.ts';

/**
 * Time-zone labels as communities write them, resolved to IANA names. A label such as "EST" means the
 * region's civil time, DST included (America/New_York), never a fixed offset: people who write "EST"
 * in July still meet at 9:00 on their wall clock. This is the one alias table in sigcal.
 */
const ZONE_ALIASES: Readonly<Record<string, string>> = {
  utc: 'UTC',
  gmt: 'UTC',
  z: 'UTC',
  zulu: 'UTC',
  'coordinated universal time': 'UTC',
  'universal time': 'UTC',
  pt: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  'pst/pdt': 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  'pacific time': 'America/Los_Angeles',
  'pacific standard time': 'America/Los_Angeles',
  'pacific daylight time': 'America/Los_Angeles',
  'us pacific': 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles',
  mt: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  mountain: 'America/Denver',
  'mountain time': 'America/Denver',
  ct: 'America/Chicago',
  cdt: 'America/Chicago',
  central: 'America/Chicago',
  'central time': 'America/Chicago',
  'us central': 'America/Chicago',
  et: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  'est/edt': 'America/New_York',
  eastern: 'America/New_York',
  'eastern time': 'America/New_York',
  'eastern standard time': 'America/New_York',
  'us eastern': 'America/New_York',
  'new york': 'America/New_York',
  cet: 'Europe/Berlin',
  cest: 'Europe/Berlin',
  'cet/cest': 'Europe/Berlin',
  'central european time': 'Europe/Berlin',
  'central european summer time': 'Europe/Berlin',
  eet: 'Europe/Athens',
  eest: 'Europe/Athens',
  'eastern european time': 'Europe/Athens',
  wet: 'Europe/Lisbon',
  bst: 'Europe/London',
  'uk time': 'Europe/London',
  'british time': 'Europe/London',
  london: 'Europe/London',
  ist: 'Asia/Kolkata',
  'indian standard time': 'Asia/Kolkata',
  'india time': 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  'japan standard time': 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  'china standard time': 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  hkt: 'Asia/Hong_Kong',
  sgt: 'Asia/Singapore',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
  sydney: 'Australia/Sydney',
  melbourne: 'Australia/Melbourne',
  nzst: 'Pacific/Auckland',
  nzdt: 'Pacific/Auckland',
  brt: 'America/Sao_Paulo',
  // Countries that keep one civil time everywhere.
  poland: 'Europe/Warsaw',
  germany: 'Europe/Berlin',
  france: 'Europe/Paris',
  italy: 'Europe/Rome',
  netherlands: 'Europe/Amsterdam',
  belgium: 'Europe/Brussels',
  switzerland: 'Europe/Zurich',
  austria: 'Europe/Vienna',
  czechia: 'Europe/Prague',
  'czech republic': 'Europe/Prague',
  sweden: 'Europe/Stockholm',
  norway: 'Europe/Oslo',
  denmark: 'Europe/Copenhagen',
  finland: 'Europe/Helsinki',
  ireland: 'Europe/Dublin',
  uk: 'Europe/London',
  'united kingdom': 'Europe/London',
  greece: 'Europe/Athens',
  romania: 'Europe/Bucharest',
  hungary: 'Europe/Budapest',
  ukraine: 'Europe/Kyiv',
  turkey: 'Europe/Istanbul',
  israel: 'Asia/Jerusalem',
  india: 'Asia/Kolkata',
  japan: 'Asia/Tokyo',
  korea: 'Asia/Seoul',
  'south korea': 'Asia/Seoul',
  china: 'Asia/Shanghai',
  taiwan: 'Asia/Taipei',
  singapore: 'Asia/Singapore',
  vietnam: 'Asia/Ho_Chi_Minh',
  thailand: 'Asia/Bangkok',
  philippines: 'Asia/Manila',
  nepal: 'Asia/Kathmandu',
  'south africa': 'Africa/Johannesburg',
  nigeria: 'Africa/Lagos',
  kenya: 'Africa/Nairobi',
  egypt: 'Africa/Cairo',
  argentina: 'America/Argentina/Buenos_Aires',
  colombia: 'America/Bogota',
  peru: 'America/Lima',
};

/**
 * The labels, cities and countries above, by the zone they name: what the pages' zone picker finds a
 * zone by besides its own name ("IST", "India", "Pacific time").
 */
export const ZONE_LABELS: Readonly<Record<string, string>> = ZONE_ALIASES;

/** Labels that name more than one civil time; guessing would be wrong for someone. */
const AMBIGUOUS: Readonly<Record<string, readonly string[]>> = {
  cst: ['America/Chicago', 'Asia/Shanghai'],
  ast: ['America/Halifax', 'Asia/Riyadh'],
  usa: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  'united states': ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  us: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  canada: ['America/Toronto', 'America/Vancouver', 'America/Halifax'],
  brazil: ['America/Sao_Paulo', 'America/Manaus', 'America/Noronha'],
  australia: ['Australia/Sydney', 'Australia/Perth', 'Australia/Adelaide'],
  russia: ['Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Vladivostok'],
  mexico: ['America/Mexico_City', 'America/Tijuana', 'America/Cancun'],
  indonesia: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'],
  spain: ['Europe/Madrid', 'Atlantic/Canary'],
  portugal: ['Europe/Lisbon', 'Atlantic/Azores'],
  chile: ['America/Santiago', 'Pacific/Easter'],
  'new zealand': ['Pacific/Auckland', 'Pacific/Chatham'],
  kazakhstan: ['Asia/Almaty', 'Asia/Aqtobe'],
};

/**
 * Current IANA names for the legacy links that ICU (and so `Intl` in browsers and Node) still reports,
 * e.g. Chrome in India says `Asia/Calcutta`. Shared with the pages' zone picker.
 */
export const LEGACY_ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
  'Asia/Ujung_Pandang': 'Asia/Makassar',
  'Asia/Chongqing': 'Asia/Shanghai',
  'Asia/Harbin': 'Asia/Shanghai',
  'Asia/Macao': 'Asia/Macau',
  'Europe/Kiev': 'Europe/Kyiv',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Etc/UTC': 'UTC',
  'Etc/GMT': 'UTC',
  'Etc/Universal': 'UTC',
  'Etc/Zulu': 'UTC',
  GMT: 'UTC',
};

export type ZoneResult = TextResult<string>;

const HINT = 'use an IANA name such as Europe/Berlin or America/Los_Angeles';

/** Resolves a community zone label ("PT (Pacific Time)", "CET", "europe/paris", "UTC+2") to an IANA name. */
export function resolveZone(label: string): ZoneResult {
  const text = label.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: false, message: `time zone is empty (${HINT})` };
  const direct = resolveOne(text);
  if (direct?.ok) return direct;
  // "PT (Pacific Time)", "Eastern Time (ET)", "AEST/AEDT": every part that names a zone must agree.
  // ("AEST/AEDT" is shaped like an IANA name, so a failed direct reading is not the last word.)
  const parts = text
    .split(/[()/]|,|\bor\b/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > 1) {
    const results = parts.map(resolveOne);
    const failed = results.find((r) => r && !r.ok);
    if (failed) return failed;
    const zones = new Set(results.flatMap((r) => (r?.ok ? [r.value] : [])));
    if (zones.size === 1) return { ok: true, value: [...zones][0] as string };
    if (zones.size > 1) {
      return {
        ok: false,
        message: `${quoted(label)} names several zones (${[...zones].join(', ')}); ${HINT}`,
      };
    }
  }
  // "Berlin", "New York", "São Paulo": the city an IANA zone is named after (looked up last: the
  // list of cities is made from every zone the runtime knows, which costs a cold process 7 ms).
  const city = direct ? undefined : cityZone(text);
  if (city) return { ok: true, value: city };
  return direct ?? { ok: false, message: `${quoted(label)} is not a known time zone (${HINT})` };
}

function resolveOne(text: string): ZoneResult | undefined {
  const key = text.toLowerCase().replace(/\.$/, '');
  const alias = ZONE_ALIASES[key];
  if (alias) return { ok: true, value: alias };
  const choices = AMBIGUOUS[key];
  if (choices) {
    return {
      ok: false,
      message: `${quoted(text)} is ambiguous: it could be ${choices.join(' or ')} (use the IANA name)`,
    };
  }
  // The sign may be ASCII or U+2212 MINUS SIGN; `-` is escaped so the class is not a range.
  const offset = /^(?:utc|gmt)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (offset) {
    const east = offset[1] === '+';
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (minutes !== 0) {
      return {
        ok: false,
        message: `${quoted(text)} is not a whole-hour offset; use the IANA name of the place (e.g. Asia/Kolkata)`,
      };
    }
    // Civil offsets run from UTC-12 to UTC+14, and so do the Etc/GMT zones.
    if (hours > (east ? 14 : 12)) {
      return { ok: false, message: `${quoted(text)} is not a UTC offset in use (UTC-12 … UTC+14; ${HINT})` };
    }
    if (hours === 0) return { ok: true, value: 'UTC' };
    // POSIX-style Etc names invert the sign: UTC+2 is Etc/GMT-2.
    return { ok: true, value: `Etc/GMT${east ? '-' : '+'}${hours}` };
  }
  // `Europe/Berlin`, and the IANA names of one word: `PST8PDT`, `Japan`, `UTC`.
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(text)) return canonicalIana(text);
  // `America/Sao Paulo`: an IANA name with spaces where it has underscores.
  if (/^[A-Za-z]+(\/[A-Za-z][A-Za-z ]*[A-Za-z])+$/.test(text)) return canonicalIana(text.replace(/ /g, '_'));
  return undefined;
}

/** Each IANA zone by the city it is named after, lower case without accents; made when first asked. */
let cities: Map<string, string | null> | undefined;

/** The zone named after `text` ("Berlin" → Europe/Berlin), where exactly one zone is. */
/** A city's name as the index keys it: lower case, without accents, spaces for underscores. */
const cityKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

function cityZone(text: string): string | undefined {
  if (!cities) {
    cities = new Map();
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    for (const zone of zones) {
      const canonical = LEGACY_ZONE_NAMES[zone] ?? zone;
      // By the name ICU gives (Asia/Calcutta) and the current one (Asia/Kolkata).
      for (const spelled of new Set([zone, canonical])) {
        const slash = spelled.lastIndexOf('/');
        // Not the cities of a country's own subdivisions (America/Argentina/San_Juan is not the San
        // Juan most people mean, America/Indiana/Petersburg not St Petersburg's).
        if (slash === -1 || spelled.split('/').length > 2) continue;
        const name = cityKey(spelled.slice(slash + 1));
        // Two zones named after one city: neither is meant by the name alone.
        cities.set(name, cities.has(name) && cities.get(name) !== canonical ? null : canonical);
      }
    }
  }
  return cities.get(cityKey(text)) ?? undefined;
}

/** Mid-January and mid-July of two years: instants on either side of every zone's DST change. */
const SEASONS = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15), Date.UTC(2027, 0, 15), Date.UTC(2027, 6, 15)];

/**
 * Whether two zones keep the same clock: the same zone, or the same UTC offsets in winter and summer
 * (`CET` read as Europe/Berlin, and Europe/Paris; `EST` and America/Toronto). A label written beside a
 * time need not be the IANA name `tz` gives, only the same civil time.
 */
export function sameCivilTime(a: string, b: string): boolean {
  if (a === b) return true;
  const za = IANAZone.create(a);
  const zb = IANAZone.create(b);
  return SEASONS.every((t) => za.offset(t) === zb.offset(t));
}

/** A valid IANA name in its canonical, current spelling; or undefined. */
export function canonicalZoneName(name: string): string | undefined {
  const key = name.toLowerCase();
  if (!canonicalNames.has(key)) {
    // Creating an Intl formatter is slow; a community uses a handful of zones, so remember them.
    const spelled = IANAZone.isValidZone(name)
      ? new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
      : undefined;
    // Bounded: a warm Lambda sees many sources, and invalid names are remembered too.
    if (canonicalNames.size > 10_000) canonicalNames.clear();
    canonicalNames.set(key, spelled && (LEGACY_ZONE_NAMES[spelled] ?? spelled));
  }
  return canonicalNames.get(key);
}

const canonicalNames = new Map<string, string | undefined>();

function canonicalIana(text: string): ZoneResult | undefined {
  const zone = canonicalZoneName(text);
  if (zone) return { ok: true, value: zone };
  if (text.includes('/'))
    return { ok: false, message: `${quoted(text)} is not a known IANA time zone (${HINT})` };
  return undefined;
}
