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

/** `America/Los_Angeles` → `Los Angeles`: how the common zones head their columns. */
export function cityOf(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}
