import { cacheControlOf, contentTypeOf, type Phase } from '../../functions/core/site-contract.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import type { Site, SiteObject } from '../../functions/store/site.ts';

/** Groups → meeting ids → a version label; changing a label changes that meeting's objects. */
export type HandSpec = Readonly<Record<string, Readonly<Record<string, string>>>>;

export const HAND_SITE_URL = 'https://cal.example.org/';

/**
 * A small hand-built site with the real layout and link structure (index → group pages → meeting
 * pages → feeds and assets, and up-links), for testing sync without the site builder.
 */
export function handSite(spec: HandSpec): Site {
  const site = new Map<string, SiteObject>();
  // The production content types and cache rules, so sync sees realistic headers.
  const add = (path: string, body: string, phase: Phase = 'feeds and assets') => {
    const bytes = new TextEncoder().encode(body);
    site.set(path, {
      body: bytes,
      contentType: contentTypeOf(path),
      cacheControl: cacheControlOf(path),
      phase,
      sha256: sha256(bytes),
    });
  };
  add('assets/site.css', 'body { font-family: sans-serif }\n');
  const all: string[] = [];
  const groupLinks: string[] = [];
  for (const [dir, meetings] of Object.entries(spec)) {
    const events: string[] = [];
    const meetingLinks: string[] = [];
    for (const [id, version] of Object.entries(meetings)) {
      const event = `BEGIN:VEVENT\nUID:${dir}-${id}\nSUMMARY:${id} ${version}\nEND:VEVENT\n`;
      events.push(event);
      add(`calendars/${dir}/${id}.ics`, `BEGIN:VCALENDAR\n${event}END:VCALENDAR\n`);
      add(
        `${dir}/${id}.html`,
        page(`${id} (${version})`, [
          `<a href="index.html">${dir}</a>`,
          `<a href="../calendars/${dir}/${id}.ics">feed</a>`,
          `<a href="webcal://cal.example.org/calendars/${dir}/${id}.ics">subscribe</a>`,
        ]),
        'meeting pages',
      );
      meetingLinks.push(`<a href="${id}.html">${id} ${version}</a>`);
    }
    all.push(...events);
    add(`calendars/${dir}.ics`, `BEGIN:VCALENDAR\n${events.join('')}END:VCALENDAR\n`);
    add(
      `${dir}/index.html`,
      page(dir, [
        ...meetingLinks,
        `<a href="../calendars/${dir}.ics">feed</a>`,
        '<a href="../index.html">all</a>',
      ]),
      'group pages',
    );
    groupLinks.push(`<a href="${dir}/index.html">${dir}</a>`);
  }
  add('calendars/all.ics', `BEGIN:VCALENDAR\n${all.join('')}END:VCALENDAR\n`);
  add('index.html', page('All groups', [...groupLinks, '<a href="calendars/all.ics">all</a>']), 'index');
  const objects: Record<string, string> = {};
  for (const [path, o] of [...site].sort(([a], [b]) => (a < b ? -1 : 1))) {
    objects[path] = sha256(o.body);
  }
  add('manifest.json', `${JSON.stringify({ objects }, null, 2)}\n`, 'manifest');
  return site;
}

function page(title: string, links: readonly string[]): string {
  const css = title === 'All groups' ? 'assets/site.css' : '../assets/site.css';
  return `<!doctype html><title>${title}</title><link rel="stylesheet" href="${css}">\n${links.join('\n')}\n`;
}
