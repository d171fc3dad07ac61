import { type Data, loadData, mergeData } from './data.ts';
import { all, one } from './dom.ts';
import { type Clock, countdown, formatsFor } from './format.ts';
import { renderGroupPage } from './group-page.ts';
import {
  groupsToLoad,
  type IndexState,
  initialIndexState,
  renderIndexPage,
  syncControls,
  wireFinder,
} from './index-page.ts';
import { renderMeetingPage } from './meeting-page.ts';
import { parameter, saveClock, savedClock, savedZone, saveZone, setParameters } from './settings.ts';
import { coverage, type View } from './view.ts';
import { canonicalZone, zoneChoices } from './zone-clock.ts';
import { type ZoneIndex, zoneIndex } from './zone-search.ts';

/**
 * The pages' only script (served as `assets/sigcal.js`, no inline code, so a strict CSP holds). Pages
 * are the same whatever day they were built: this script reads the published JSON (`main[data-data]`)
 * and decides, at the moment of viewing, what is upcoming, in the viewer's zone, locale and clock. It
 * keeps the page live: each minute it moves countdowns on, and when a meeting starts or ends it
 * redraws. Without it, pages give each schedule in the meeting's own words and zone.
 *
 * The DOM contract, written by the page renderers (functions/core/pages/):
 * - `main[data-page]` (`index`, `group`, `meeting`), `[data-root]` (relative path to the site's root),
 *   `[data-data]` (the JSON to read), `[data-subject]` (the group's dir or the meeting's `dir/id`);
 * - meeting page: `[data-next]`, `[data-occurrences]`, `[data-shift-note][data-meeting-zone]`,
 *   `[data-common-zones]`, `[data-conversion]`, `[data-candidates]`, `[data-candidate]`;
 * - group page: `[data-next-for="dir/id"]`, `[data-convert-for="dir/id"]`;
 * - index: `#q`, `.choices` checkboxes, `[data-chosen]`, `[data-choose]`, `#find-status`,
 *   `[data-found]`, `[data-found-list]`, `[data-this-week]`, `[data-week-view]`, `li[data-group]`;
 * - every page: `[data-runs-to="<feed path>"]`, `[data-coverage]`, `[data-zone-name]`, `[data-js-only]`
 *   (shown) and `[data-no-js]` (hidden); `#tz-find`, `#tz`, `#tz-reset`, `#clock-24`, `#tz-status`.
 */

declare const LEGACY_ZONES: Readonly<Record<string, string>>;
declare const ZONE_LABELS: Readonly<Record<string, string>>;

const main = one<HTMLElement>('main[data-page]');
const page = main?.dataset.page ?? '';
const root = main?.dataset.root ?? '';
const detected =
  canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC', LEGACY_ZONES) ?? 'UTC';
const asked = parameter('tz');
const linked = asked === null ? undefined : canonicalZone(asked, LEGACY_ZONES);
let zone = linked ?? savedZone() ?? detected;
let clock: Clock = savedClock();
let data: Data | undefined;
let shown: Data | undefined;
const indexState: IndexState = initialIndexState();

const select = one<HTMLSelectElement>('#tz');
const find = one<HTMLInputElement>('#tz-find');
const reset = one<HTMLButtonElement>('#tz-reset');
const clockButton = one<HTMLButtonElement>('#clock-24');
const status = one<HTMLElement>('#tz-status');

function say(text: string): void {
  if (status) status.textContent = text;
}

function view(): View | undefined {
  if (!shown) return undefined;
  return { zone, formats: formatsFor(zone, clock), now: Date.now(), root, data: shown };
}

/** Redraws everything that depends on the zone, the clock, the time or the data. */
function render(): void {
  for (const el of all<HTMLElement>('[data-zone-name]')) el.textContent = zone;
  if (clockButton) clockButton.setAttribute('aria-pressed', String(clock === 'h23'));
  const v = view();
  if (!v) return;
  if (page === 'meeting') renderMeetingPage(v, main?.dataset.subject ?? '');
  if (page === 'group') renderGroupPage(v);
  if (page === 'index') renderIndexPage(v, indexState, render);
  for (const el of all<HTMLElement>('[data-zone-name]')) el.textContent = zone;
  const cover = one<HTMLElement>('[data-coverage]');
  if (cover) cover.textContent = coverage(v);
  renderRunsTo(v);
  lastPhase = phase(Date.now());
}

/** Where a feed was shortened by the size budget, up to which date it runs (from the data). */
function renderRunsTo(v: View): void {
  const runsTo = new Map<string, string | null>();
  if (v.data.file.feed) runsTo.set(v.data.file.feed, v.data.file.feedRunsTo);
  for (const m of v.data.meetings.values()) if (m.feed) runsTo.set(m.feed, m.feedRunsTo);
  for (const el of all<HTMLElement>('[data-runs-to]')) {
    const path = el.dataset.runsTo ?? '';
    const date = [...runsTo].find(([url]) => url.endsWith(`/${path}`))?.[1];
    el.hidden = !date;
    el.textContent = date
      ? `This calendar runs up to ${new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' }).format(Date.parse(`${date}T12:00:00Z`))}: it was shortened to stay within the size that calendar apps such as Google Calendar accept. Later meetings appear as the date comes closer.`
      : '';
  }
}

/** How many meetings have started and ended by `now`, and the local day: a change means a redraw. */
let lastPhase = '';
function phase(now: number): string {
  if (!shown) return '';
  let started = 0;
  let ended = 0;
  for (const o of shown.occurrences) {
    if (o.startMs <= now) started++;
    if (o.endMs <= now) ended++;
  }
  const day = formatsFor(zone, clock).date(now);
  return `${started}/${ended}/${day}`;
}

/** Every minute: countdowns move on; a meeting starting or ending (or a new day) redraws. */
function tick(): void {
  const now = Date.now();
  if (phase(now) !== lastPhase) {
    render();
    return;
  }
  for (const el of all<HTMLElement>('[data-countdown]')) {
    const text = countdown(Number(el.dataset.start), Number(el.dataset.end), now);
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle('is-now', text === 'now');
  }
}

function setZone(next: string, message?: string): void {
  zone = next;
  if (select) select.value = zone;
  if (reset) {
    reset.hidden = zone === detected;
    reset.textContent = `Use this device's zone (${detected})`;
  }
  render();
  if (message) say(message);
}

let index: ZoneIndex | undefined;
let choices: string[] = [];

/** Fills the picker with `zones`, grouped by region, keeping the current zone selected. */
function fillPicker(zones: readonly string[]): void {
  if (!select) return;
  const areas = new Map<string, HTMLOptGroupElement>();
  select.replaceChildren();
  const list = zones.includes(zone) ? zones : [zone, ...zones];
  for (const name of list) {
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

function pick(picked: string | undefined): void {
  if (!picked) return;
  saveZone(picked);
  setParameters({ tz: picked });
  setZone(picked, `Times are now shown in ${picked}.`);
}

function wirePicker(): void {
  const supported =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [detected];
  choices = zoneChoices([...supported, zone, detected], LEGACY_ZONES);
  fillPicker(choices);
  select?.addEventListener('change', () => pick(canonicalZone(select.value, LEGACY_ZONES)));
  find?.addEventListener('input', () => {
    index ??= zoneIndex(choices, { labels: ZONE_LABELS, legacy: LEGACY_ZONES, locale: navigator.language });
    const found = index.find(find.value);
    fillPicker(found);
    say(
      find.value.trim() === ''
        ? ''
        : found.length === 0
          ? `No time zone matches “${find.value.trim()}”.`
          : `${found.length} zone${found.length === 1 ? '' : 's'} match; press Enter for ${found[0]}.`,
    );
  });
  find?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const [best] = index?.find(find.value) ?? [];
    if (!best) return;
    find.value = '';
    fillPicker(choices);
    pick(best);
  });
  reset?.addEventListener('click', () => {
    saveZone(undefined);
    setParameters({ tz: undefined });
    setZone(detected, `Times are now shown in ${detected}, this device's zone.`);
  });
  clockButton?.addEventListener('click', () => {
    clock = clock === 'h23' ? 'h12' : 'h23';
    saveClock(clock);
    render();
    say(clock === 'h23' ? 'Times now use the 24-hour clock.' : 'Times now use the 12-hour clock.');
  });
}

/** Reads the page's data; on the index, the chosen groups' files where all.json cannot hold them. */
async function load(): Promise<void> {
  const url = main?.dataset.data;
  if (!url) return;
  try {
    data ??= await loadData(url);
    const groups = page === 'index' ? groupsToLoad(data, indexState) : [];
    shown =
      groups.length === 0
        ? data
        : mergeData(await Promise.all(groups.map((g) => loadData(`${root}calendars/${g}.json`))), data);
  } catch (error) {
    for (const el of all<HTMLElement>(
      '[data-next], [data-occurrences], [data-this-week], [data-week-view]',
    )) {
      el.textContent = `The dates could not be loaded (${error instanceof Error ? error.message : String(error)}).`;
    }
    return;
  }
  render();
}

function start(): void {
  for (const el of all<HTMLElement>('[data-js-only]')) el.hidden = false;
  for (const el of all<HTMLElement>('[data-no-js]')) el.hidden = true;
  wirePicker();
  if (page === 'index') {
    syncControls(indexState);
    wireFinder(indexState, () => {
      syncControls(indexState);
      if (data && groupsToLoad(data, indexState).length > 0) void load();
      else {
        shown = data;
        render();
      }
    });
  }
  setZone(zone);
  if (asked !== null && !linked) {
    say(`"${asked}" is not a time zone this browser knows; times are shown in ${zone}.`);
  }
  void load();
  window.setInterval(tick, 15_000);
}

start();
