import ICAL from 'ical.js';
import { NOT_FOUND_PAGE } from '../../functions/core/site-contract.ts';
import type { BuiltSite } from '../../functions/pipeline/build.ts';
import { tags } from './html-inspect.ts';

/*
 * Structural checks of a built site, for tests that build from hostile or random input: every problem
 * is returned as a line, so a test can show them all. Pages: sigcal escapes every `<` of text, so each
 * `<` in a page must start the doctype, an end tag or a well-formed start tag of an element sigcal
 * writes; elements must nest; nothing may run script but the one asset. Feeds: each physical line fits
 * 75 octets, each logical line is a property sigcal writes, and ical.js (an independent parser) reads
 * the whole calendar.
 */

/** Every element and attribute sigcal's pages use; anything else came from the source. */
const ELEMENTS = new Set(
  'a abbr body button code dd details div dl dt em fieldset footer h1 h2 h3 h4 head header html input label legend li link main meta nav ol option p pre q script section select span strong summary table tbody td th thead time title tr ul'.split(
    ' ',
  ),
);
const VOID = new Set(['input', 'link', 'meta']);
const ATTRIBUTES = new Set(
  'aria-controls aria-current aria-label aria-labelledby aria-pressed autocomplete charset class content data-at data-candidate data-candidates data-choose data-chosen data-common-zones data-conversion data-convert-for data-coverage data-data data-found data-found-list data-group data-js-only data-meeting-zone data-next data-next-for data-no-js data-occurrences data-page data-root data-runs-to data-section data-shift-note data-subject data-this-week data-week-view data-zone-name datetime defer download for hidden href id lang name placeholder rel role scope spellcheck src tabindex title type value'.split(
    ' ',
  ),
);
const START_TAG = /<([a-z][a-z0-9-]*)((?:\s+[a-z-]+(?:="[^"<]*")?)*)\s*>/y;
const END_TAG = /<\/([a-z][a-z0-9-]*)>/y;
const ENTITY = /&(?:amp|lt|gt|quot|#39);/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * What is wrong with one page; empty when it is well formed and inert. `siteBase` is the path of the
 * site URL (`/` or `/community/`): the 404 page, served at any depth, links root-relative under it, and
 * has no script.
 */
export function pageProblems(path: string, page: string, siteBase = '/'): string[] {
  const notFound = path === NOT_FOUND_PAGE;
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${path}: ${what}`);
  if (!page.startsWith('<!DOCTYPE html>\n<html lang="en">\n')) fail('does not start with the doctype');
  if (FORBIDDEN.test(page)) fail('holds a control or bidi control character');
  const open: string[] = [];
  for (let i = page.indexOf('<', 1); i !== -1; i = page.indexOf('<', i + 1)) {
    END_TAG.lastIndex = i;
    const end = END_TAG.exec(page);
    if (end) {
      const name = end[1] ?? '';
      if (open.pop() !== name) fail(`</${name}> at ${i} closes nothing open`);
      continue;
    }
    START_TAG.lastIndex = i;
    const start = START_TAG.exec(page);
    if (!start) {
      fail(`"${page.slice(i, i + 40)}" at ${i} is neither text nor a well-formed tag`);
      continue;
    }
    const name = start[1] ?? '';
    if (!ELEMENTS.has(name)) fail(`<${name}> is not an element sigcal writes`);
    if (!VOID.has(name)) open.push(name);
  }
  if (open.length > 0) fail(`unclosed: ${open.join(' ')}`);
  for (let i = page.indexOf('&'); i !== -1; i = page.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(page)) fail(`"${page.slice(i, i + 12)}" at ${i} is a bare &`);
  }
  const scripts = tags(page, 'script');
  if (notFound) {
    if (scripts.length > 0) fail(`scripts on the 404 page: ${scripts.map((s) => s.source).join(' ')}`);
  } else if (
    scripts.length !== 1 ||
    !/(^|\/)assets\/sigcal\.js\?v=[0-9a-f]+$/.test(scripts[0]?.attrs.get('src') ?? '')
  ) {
    fail(`scripts other than the site's own: ${scripts.map((s) => s.source).join(' ')}`);
  }
  if (!notFound && (!page.includes('<script src="') || !/<script src="[^"]+" defer><\/script>/.test(page))) {
    fail('the script element has content');
  }
  for (const tag of tags(page)) {
    for (const attr of tag.attrs.keys()) {
      if (!ATTRIBUTES.has(attr)) fail(`${tag.source}: attribute ${attr} is not one sigcal writes`);
    }
    const target = tag.attrs.get('href') ?? tag.attrs.get('src');
    if (target === undefined) continue;
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(target)?.[1]?.toLowerCase();
    if (scheme === undefined) {
      const underSite = notFound && target.startsWith(siteBase) && !/^[/\\]{2}|\\|\/\.\.(\/|$)/.test(target);
      if (/^[/\\]/.test(target) && !underSite) fail(`${tag.source}: a link that leaves the site's folder`);
    } else if (!['http', 'https', 'webcal', 'mailto'].includes(scheme)) {
      fail(`${tag.source}: a ${scheme}: link`);
    } else if (tag.name === 'a' && tag.attrs.get('rel') !== 'noopener noreferrer') {
      fail(`${tag.source}: an external link without rel="noopener noreferrer"`);
    }
  }
  return problems;
}

/** Every property sigcal writes into a feed; a line naming anything else was injected. */
const PROPERTIES = new Set(
  'BEGIN END VERSION PRODID CALSCALE NAME X-WR-CALNAME X-WR-CALDESC REFRESH-INTERVAL X-PUBLISHED-TTL UID SUMMARY DTSTART DTEND STATUS DTSTAMP DESCRIPTION URL LOCATION'.split(
    ' ',
  ),
);

/** What feeds drop (line breaks are escaped): controls but tab, U+2028/U+2029, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FEED_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** What is wrong with one feed; empty when it is well formed and ical.js reads it. */
export function feedProblems(path: string, feed: string): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${path}: ${what}`);
  if (!feed.endsWith('END:VCALENDAR\r\n')) fail('does not end with END:VCALENDAR and CRLF');
  if (/[\r\n]/.test(feed.replace(/\r\n/g, ''))) fail('holds a bare CR or LF');
  for (const line of feed.split('\r\n')) {
    if (Buffer.byteLength(line, 'utf8') > 75) fail(`a line of more than 75 octets: ${line}`);
  }
  const logical = feed
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '');
  const components: string[] = [];
  for (const line of logical) {
    const name = /^([A-Z-]+)[;:]/.exec(line)?.[1];
    if (name === undefined || !PROPERTIES.has(name))
      fail(`not a property sigcal writes: ${line.slice(0, 60)}`);
    if (name === 'BEGIN') components.push(line.slice(6));
    if (name === 'END' && components.pop() !== line.slice(4)) fail(`${line} closes nothing open`);
    if (name === 'BEGIN' && !['VCALENDAR', 'VEVENT'].includes(line.slice(6))) fail(`${line}`);
    if (FEED_FORBIDDEN.test(line))
      fail(`a control, separator or bidi control character: ${line.slice(0, 60)}`);
  }
  if (logical[0] !== 'BEGIN:VCALENDAR' || components.length > 0) fail('components do not nest');
  const begins = logical.filter((l) => l === 'BEGIN:VEVENT').length;
  try {
    const calendar = new ICAL.Component(ICAL.parse(feed) as unknown as unknown[]);
    const events = calendar.getAllSubcomponents('vevent');
    if (events.length !== begins) fail(`ical.js reads ${events.length} events of ${begins}`);
    for (const vevent of events) {
      const event = new ICAL.Event(vevent);
      if (!event.uid || !event.startDate || !event.endDate) fail(`an event without UID or times`);
    }
  } catch (error) {
    fail(`ical.js cannot read it: ${String(error)}`);
  }
  return problems;
}

/** Every problem of every page and feed of a built site (and the manifest must be JSON). */
export function siteProblems(built: BuiltSite): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const problems: string[] = [];
  for (const [path, object] of built.site) {
    const text = decoder.decode(object.body);
    if (path.endsWith('.html')) {
      problems.push(...pageProblems(path, text, new URL(built.model.siteUrl).pathname));
    } else if (path.endsWith('.ics')) problems.push(...feedProblems(path, text));
    else if (path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch {
        problems.push(`${path}: not JSON`);
      }
    }
  }
  return problems;
}

/** The calendar-level properties every feed has, in order, as ical.js names them. */
export const CALENDAR_PROPERTY_NAMES = [
  'version',
  'prodid',
  'calscale',
  'name',
  'x-wr-calname',
  'description',
  'x-wr-caldesc',
  'refresh-interval',
  'x-published-ttl',
] as const;
