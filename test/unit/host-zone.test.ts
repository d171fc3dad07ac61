import { describe, expect, it } from 'vitest';

/*
 * `npm test` pins TZ=America/New_York (see vitest.config.ts) so any leak of the host's zone into
 * sigcal's output shows up as a failure. Lambda runs in UTC; if the tests ever did too, such leaks
 * would pass unnoticed. This guard makes that configuration drift fail loudly instead.
 */
describe('the test process', () => {
  it('does not run in UTC', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).not.toMatch(/^(UTC|Etc\/UTC|Etc\/GMT|GMT)$/);
    expect(new Date('2027-01-12T12:00:00Z').getTimezoneOffset()).not.toBe(0);
    expect(new Date('2027-07-13T12:00:00Z').getTimezoneOffset()).not.toBe(0);
  });

  it('runs in America/New_York, with DST, as package.json asks', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('America/New_York');
    expect(new Date('2027-01-12T12:00:00Z').getTimezoneOffset()).toBe(300);
    expect(new Date('2027-07-13T12:00:00Z').getTimezoneOffset()).toBe(240);
  });
});
