import { createHash } from 'node:crypto';
import type { Site, SiteObject } from '../../../functions/core/site.ts';

/** Groups → meeting ids → a version label; changing a label changes that meeting's objects. */
export type HandSpec = Readonly<Record<string, Readonly<Record<string, string>>>>;

export const HAND_SITE_URL = 'https://cal.example.org/';

const HEADERS = {
  ics: { contentType: 'text/calendar; charset=utf-8', cacheControl: 'public, max-age=900' },
  html: { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=300' },
  css: { contentType: 'text/css; charset=utf-8', cacheControl: 'public, max-age=3600' },
  json: { contentType: 'application/json; charset=utf-8', cacheControl: 'no-cache' },
} as const;

/**
 * A small hand-built site with the real layout and link structure (index → group pages → meeting
 * pages → feeds and assets, and up-links), for testing sync without the site builder.
 */
export function handSite(spec: HandSpec, extra: Readonly<Record<string, string>> = {}): Site {
  const site = new Map<string, SiteObject>();
  const add = (path: string, kind: keyof typeof HEADERS, body: string) =>
    site.set(path, { body: new TextEncoder().encode(body), ...HEADERS[kind] });
  add('assets/site.css', 'css', 'body { font-family: sans-serif }\n');
  const all: string[] = [];
  const groupLinks: string[] = [];
  for (const [dir, meetings] of Object.entries(spec)) {
    const events: string[] = [];
    const meetingLinks: string[] = [];
    for (const [id, version] of Object.entries(meetings)) {
      const event = `BEGIN:VEVENT\nUID:${dir}-${id}\nSUMMARY:${id} ${version}\nEND:VEVENT\n`;
      events.push(event);
      add(`calendars/${dir}/${id}.ics`, 'ics', `BEGIN:VCALENDAR\n${event}END:VCALENDAR\n`);
      add(
        `${dir}/${id}.html`,
        'html',
        page(`${id} (${version})`, [
          `<a href="index.html">${dir}</a>`,
          `<a href="../calendars/${dir}/${id}.ics">feed</a>`,
          `<a href="webcal://cal.example.org/calendars/${dir}/${id}.ics">subscribe</a>`,
        ]),
      );
      meetingLinks.push(`<a href="${id}.html">${id} ${version}</a>`);
    }
    all.push(...events);
    add(`calendars/${dir}.ics`, 'ics', `BEGIN:VCALENDAR\n${events.join('')}END:VCALENDAR\n`);
    add(
      `${dir}/index.html`,
      'html',
      page(dir, [
        ...meetingLinks,
        `<a href="../calendars/${dir}.ics">feed</a>`,
        '<a href="../index.html">all</a>',
      ]),
    );
    groupLinks.push(`<a href="${dir}/index.html">${dir}</a>`);
  }
  add('calendars/all.ics', 'ics', `BEGIN:VCALENDAR\n${all.join('')}END:VCALENDAR\n`);
  add('index.html', 'html', page('All groups', [...groupLinks, '<a href="calendars/all.ics">all</a>']));
  for (const [path, body] of Object.entries(extra)) add(path, 'html', body);
  const objects: Record<string, string> = {};
  for (const [path, o] of [...site].sort(([a], [b]) => (a < b ? -1 : 1))) {
    objects[path] = createHash('sha256').update(o.body).digest('hex');
  }
  add('manifest.json', 'json', `${JSON.stringify({ objects }, null, 2)}\n`);
  return site;
}

function page(title: string, links: readonly string[]): string {
  const css = title === 'All groups' ? 'assets/site.css' : '../assets/site.css';
  return `<!doctype html><title>${title}</title><link rel="stylesheet" href="${css}">\n${links.join('\n')}\n`;
}
