import { type Clock, localeClock } from './format.ts';
import { canonicalZone } from './zone-clock.ts';

/** What the viewer chose, remembered in the browser (never sent anywhere). */

declare const LEGACY_ZONES: Readonly<Record<string, string>>;

const ZONE_KEY = 'sigcal.timeZone';
const CLOCK_KEY = 'sigcal.clock';
const GROUPS_KEY = 'sigcal.groups';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage can be disabled; the choice still holds for this page
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Not remembered, but shown.
  }
}

export function savedZone(): string | undefined {
  const saved = read(ZONE_KEY);
  return saved === null ? undefined : canonicalZone(saved, LEGACY_ZONES);
}

export function saveZone(zone: string | undefined): void {
  write(ZONE_KEY, zone);
}

/** The clock the viewer chose, or the locale's. */
export function savedClock(): Clock {
  const saved = read(CLOCK_KEY);
  return saved === 'h12' || saved === 'h23' ? saved : localeClock();
}

export function saveClock(clock: Clock): void {
  write(CLOCK_KEY, clock);
}

export function savedGroups(): string[] {
  return (read(GROUPS_KEY) ?? '').split(',').filter((g) => g !== '');
}

export function saveGroups(groups: readonly string[]): void {
  write(GROUPS_KEY, groups.length === 0 ? undefined : groups.join(','));
}

/**
 * Sets or removes parameters of the address (`?tz=Area/City&groups=a,b&q=node`) so a view can be
 * shared; slashes and commas stay readable.
 */
export function setParameters(values: Readonly<Record<string, string | undefined>>): void {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString().replace(/%2F/gi, '/').replace(/%2C/gi, ',');
  const { pathname, hash } = window.location;
  window.history.replaceState(null, '', `${pathname}${query ? `?${query}` : ''}${hash}`);
}

export function parameter(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}
