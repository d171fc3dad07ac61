/**
 * Zones the pages convert times into besides the viewer's, chosen to span the usual contributor
 * regions. Pure data, shared by the server and the browser script.
 */
export const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'UTC',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

/** How many upcoming occurrences a meeting page lists. */
export const NEXT_COUNT = 8;
