import {
  clockPeriods,
  describeConversion,
  describePeriods,
  FORMATS,
  formatOffset,
  isFormatName,
} from '../functions/core/pages/time-format.ts';
import { canonicalZone, wallTimeIn, zoneChoices } from './zone-clock.ts';

/**
 * The pages' only script (served as `assets/sigcal.js`, no inline code, so a strict CSP holds). It finds
 * the viewer's zone (`?tz=` link, then the zone they picked before, then the browser's) and rewrites the
 * server-rendered times into it. Without it, pages still show UTC, the meeting's zone and common zones.
 *
 * The DOM contract, written by the page renderers:
 * - `[data-local="<format>"][data-at="<UTC ms>"]` holds a `<time>` and an `.offset`: rewritten in the zone.
 * - `[data-conversion="<UTC ms> …"]`: a weekday and time converted for those example instants.
 * - `[data-shift-note][data-meeting-zone]`: explains when listed times move on the viewer's clock;
 *   rows `tr[data-at]` of the table `[data-shift-rows]` get their `[data-shift-badge]` shown where the
 *   time changes. Cancelled rows (`data-cancelled`) and moved or extra ones (`data-one-off`) are left
 *   out: the note explains daylight saving time, not one-off changes, which are marked on their own.
 * - `[data-zone-name]` shows the zone; `[data-js-only]` is shown and `[data-no-js]` hidden.
 * - `#tz` (select), `#tz-reset` (button) and `#tz-status` (live region) form the picker.
 */

declare const LEGACY_ZONES: Readonly<Record<string, string>>;

const STORAGE_KEY = 'sigcal.timeZone';

function readSaved(): string | undefined {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return saved === null ? undefined : canonicalZone(saved, LEGACY_ZONES);
  } catch {
    return undefined; // storage can be disabled; the picker still works for this page
  }
}

function save(zone: string | undefined): void {
  try {
    if (zone === undefined) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, zone);
  } catch {
    // Not remembered, but shown.
  }
}

/** Puts the zone in the address as `?tz=Area/City` (slashes kept readable) so the view can be shared. */
function showInAddress(zone: string | undefined): void {
  const params = new URLSearchParams(window.location.search);
  if (zone === undefined) params.delete('tz');
  else params.set('tz', zone);
  const query = params.toString().replace(/%2F/gi, '/');
  const { pathname, hash } = window.location;
  window.history.replaceState(null, '', `${pathname}${query ? `?${query}` : ''}${hash}`);
}

function all<T extends Element>(selector: string): T[] {
  return Array.from(document.querySelectorAll<T>(selector));
}

function render(zone: string): void {
  for (const el of all<HTMLElement>('[data-zone-name]')) el.textContent = zone;
  for (const el of all<HTMLElement>('[data-local]')) {
    const format = el.dataset.local ?? '';
    const at = Number(el.dataset.at);
    if (!isFormatName(format) || !Number.isFinite(at)) continue;
    const wall = wallTimeIn(at, zone);
    const time = el.querySelector('time');
    const offset = el.querySelector('.offset');
    if (time) time.textContent = FORMATS[format](wall);
    if (offset) offset.textContent = formatOffset(wall.offsetMinutes);
  }
  for (const el of all<HTMLElement>('[data-conversion]')) {
    const instants = (el.dataset.conversion ?? '').split(' ').map(Number).filter(Number.isFinite);
    el.textContent = describeConversion(clockPeriods(instants.map((ms) => wallTimeIn(ms, zone))));
  }
  for (const note of all<HTMLElement>('[data-shift-note]')) renderShifts(note, zone);
}

function renderShifts(note: HTMLElement, zone: string): void {
  const table = document.querySelector('[data-shift-rows]');
  if (!table) return;
  const rows = Array.from(table.querySelectorAll<HTMLElement>('tr[data-at]')).filter(
    (row) => !row.hasAttribute('data-cancelled') && !row.hasAttribute('data-one-off'),
  );
  const walls = rows.map((row) => wallTimeIn(Number(row.dataset.at), zone));
  const periods = clockPeriods(walls);
  let previous: string | undefined;
  rows.forEach((row, i) => {
    const wall = walls[i];
    const clock = wall ? FORMATS['weekday-time'](wall) : undefined;
    const badge = row.querySelector<HTMLElement>('[data-shift-badge]');
    if (badge) badge.hidden = previous === undefined || clock === previous;
    previous = clock;
  });
  if (periods.length < 2) {
    note.hidden = true;
    note.textContent = '';
    return;
  }
  const meetingZone = note.dataset.meetingZone ?? '';
  note.textContent =
    `In ${zone} this meeting is not always at the same time: ${describePeriods(periods)}. ` +
    `The meeting keeps its time in ${meetingZone}; the clocks there and in ${zone} change for daylight saving time on different dates, or only one of them does.`;
  note.hidden = false;
}

function fillPicker(select: HTMLSelectElement, zone: string, detected: string): void {
  const supported =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [detected];
  const zones = zoneChoices([...supported, zone, detected], LEGACY_ZONES);
  const areas = new Map<string, HTMLOptGroupElement>();
  select.replaceChildren();
  for (const name of zones) {
    const slash = name.indexOf('/');
    const area = slash < 0 ? 'UTC and others' : name.slice(0, slash);
    let group = areas.get(area);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = area;
      areas.set(area, group);
      select.append(group);
    }
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name === detected ? `${name} (this device)` : name;
    group.append(option);
  }
  select.value = zone;
}

function start(): void {
  const detected =
    canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC', LEGACY_ZONES) ?? 'UTC';
  const asked = new URLSearchParams(window.location.search).get('tz');
  const linked = asked === null ? undefined : canonicalZone(asked, LEGACY_ZONES);
  let zone = linked ?? readSaved() ?? detected;

  for (const el of all<HTMLElement>('[data-js-only]')) el.hidden = false;
  for (const el of all<HTMLElement>('[data-no-js]')) el.hidden = true;

  const select = document.querySelector<HTMLSelectElement>('#tz');
  const reset = document.querySelector<HTMLButtonElement>('#tz-reset');
  const status = document.querySelector<HTMLElement>('#tz-status');
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const update = (next: string) => {
    zone = next;
    if (select) select.value = zone;
    if (reset) {
      reset.hidden = zone === detected;
      reset.textContent = `Use this device's zone (${detected})`;
    }
    render(zone);
  };

  if (select) {
    fillPicker(select, zone, detected);
    select.addEventListener('change', () => {
      const picked = canonicalZone(select.value, LEGACY_ZONES);
      if (!picked) return;
      save(picked);
      showInAddress(picked);
      update(picked);
      say(`Times are now shown in ${picked}.`);
    });
  }
  reset?.addEventListener('click', () => {
    save(undefined);
    showInAddress(undefined);
    update(detected);
    say(`Times are now shown in ${detected}, this device's zone.`);
  });
  if (asked !== null && !linked) {
    say(`"${asked}" is not a time zone this browser knows; times are shown in ${zone}.`);
  }
  update(zone);
}

start();
