/**
 * A meeting's `calendar_url` often names a public Google calendar by its embed page
 * (`https://calendar.google.com/calendar/embed?src=<calendar id>&ctz=…`). Google publishes every
 * public calendar's iCalendar export at a fixed address built from the same id:
 * `https://calendar.google.com/calendar/ical/<id, URL-encoded>/public/basic.ics`.
 */

const GOOGLE_HOSTS = new Set(['calendar.google.com', 'www.google.com']);

/**
 * The iCalendar addresses of the public Google calendars a URL names: each `src` of an embed page, or
 * the `cid` of a subscribe link (the calendar id, or the id in base64). Empty for any other URL.
 */
export function googleIcalUrls(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  if (parsed.protocol !== 'https:' || !GOOGLE_HOSTS.has(parsed.hostname)) return [];
  if (!parsed.pathname.startsWith('/calendar/')) return [];
  const ids = parsed.pathname.endsWith('/embed')
    ? parsed.searchParams.getAll('src')
    : parsed.searchParams.getAll('cid').map(calendarIdOfCid);
  return [...new Set(ids.filter((id) => /^[^\s/]+@[^\s/]+$|^[a-z0-9._-]+$/i.test(id)))].map(
    (id) => `https://calendar.google.com/calendar/ical/${encodeURIComponent(id)}/public/basic.ics`,
  );
}

/** A `cid` is the calendar id itself, or (in links Google makes) that id in unpadded base64. */
function calendarIdOfCid(cid: string): string {
  if (cid.includes('@')) return cid;
  try {
    const decoded = atob(
      cid
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(cid.length / 4) * 4, '='),
    );
    return decoded.includes('@') ? decoded : cid;
  } catch {
    return cid;
  }
}
