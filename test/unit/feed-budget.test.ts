import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, utcDayOf } from '../../functions/core/calendar-date.ts';
import {
  type Budgeted,
  fitBudget,
  SHORTENED_EXTRA_BOUND,
  shortenedDescription,
  tooShortToOffer,
} from '../../functions/core/feed-budget.ts';
import { calendarHeader } from '../../functions/core/ical/calendar.ts';
import { utf8Length } from '../../functions/core/utf8.ts';

/*
 * fitBudget and tooShortToOffer cut from each day's totals (cutDay), so that all.ics and all.json can be
 * withheld before (and instead of) sorting tens of thousands of events. The oracle cuts item by item:
 * sorted items are kept while they fit, then cut back to the start of the day of the first that does
 * not; withheld when that item starts fewer than `minDays` days from today.
 */

/** The item-by-item cut, written independently of feed-budget.ts. */
function oracleCut(items: readonly Budgeted[], overhead: number, budget: Budget) {
  const total = items.reduce((n, e) => n + e.bytes, overhead);
  if (items.length <= budget.maxEvents && total <= budget.maxBytes) return { kept: items, next: undefined };
  const upcoming = [...items].sort(byStart).filter((e) => utcDayOf(e.start) >= utcDayOf(NOW));
  let n = 0;
  for (let bytes = overhead; n < upcoming.length && n < budget.maxEvents; n += 1) {
    bytes += (upcoming[n] as Budgeted).bytes;
    if (bytes > budget.maxBytes) break;
  }
  const next = upcoming[n];
  if (next) while (n > 0 && utcDayOf((upcoming[n - 1] as Budgeted).start) === utcDayOf(next.start)) n -= 1;
  return { kept: upcoming.slice(0, n), next: upcoming[n] };
}

const NOW = Date.UTC(2026, 5, 1, 9, 30);
const byStart = (a: Budgeted, b: Budgeted) => a.start - b.start;

/** The rule as the oracle's cut states it. */
function cutShort(items: readonly Budgeted[], overhead: number, budget: Budget, minDays: number): boolean {
  const { next } = oracleCut(items, overhead, budget);
  return next !== undefined && utcDayOf(next.start) - utcDayOf(NOW) < minDays;
}

type Budget = { maxEvents: number; maxBytes: number };

const itemArb = fc.record({
  // From two weeks before the build to a month after it, so the past, today and both edges occur.
  start: fc.integer({ min: -14 * 24 * 4, max: 30 * 24 * 4 }).map((q) => NOW + q * 15 * 60_000),
  bytes: fc.integer({ min: 1, max: 400 }),
});

const itemsArb = fc.array(itemArb, { maxLength: 300 });
const overheadArb = fc.integer({ min: 0, max: 2_000 });
const budgetArb = fc.record({
  maxEvents: fc.integer({ min: 1, max: 200 }),
  maxBytes: fc.integer({ min: 1, max: 40_000 }),
});

describe('fitBudget and tooShortToOffer', () => {
  it('fitBudget keeps what the item-by-item cut keeps', () => {
    fc.assert(
      fc.property(itemsArb, overheadArb, budgetArb, (items, overhead, budget) => {
        const sorted = [...items].sort(byStart);
        const got = fitBudget(sorted, overhead, budget, NOW);
        const want = oracleCut(sorted, overhead, budget);
        expect(got.kept).toEqual(want.kept);
        expect(got.next).toEqual(want.next);
      }),
      { numRuns: 2_000 },
    );
  });

  it('tooShortToOffer says what the item-by-item cut of the sorted items says, for items in any order', () => {
    fc.assert(
      fc.property(
        itemsArb,
        overheadArb,
        budgetArb,
        fc.integer({ min: 1, max: 14 }),
        (items, overhead, budget, minDays) => {
          expect(tooShortToOffer(items, overhead, budget, NOW, minDays)).toBe(
            cutShort(items, overhead, budget, minDays),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('withholds at the day boundary: six days fit, the seventh does not', () => {
    const today = utcDayOf(NOW) * DAY_MS;
    const items = Array.from({ length: 8 }, (_, day) => ({
      start: today + day * DAY_MS + 3_600_000,
      bytes: 100,
    }));
    const budget = { maxEvents: 1_000, maxBytes: 600 };
    expect(tooShortToOffer(items, 0, budget, NOW, 7)).toBe(true);
    expect(tooShortToOffer(items, 0, budget, NOW, 6)).toBe(false);
    // The past goes first: yesterday's items do not shorten the week.
    const past = [{ start: today - DAY_MS, bytes: 5_000 }, ...items.slice(0, 7)];
    expect(tooShortToOffer(past, 0, { maxEvents: 1_000, maxBytes: 700 }, NOW, 7)).toBe(false);
  });
});

describe('SHORTENED_EXTRA_BOUND', () => {
  // Text that moves the folds about: multi-byte characters, characters that escaping doubles, long runs.
  const textArb = fc
    .array(fc.constantFrom('a', 'é', '€', '😀', ',', ';', '\\', '\n', ' ', 'x'.repeat(70)), {
      maxLength: 200,
    })
    .map((parts) => parts.join(''));

  it('is at least what shortening adds to a feed header, whatever the name and description', () => {
    fc.assert(
      fc.property(textArb, textArb, (name, description) => {
        const header = (text: string) =>
          utf8Length(
            calendarHeader({ name, description: text, refresh: 'PT6H', productId: '-//sigcal//x//EN' }),
          );
        const extra = header(shortenedDescription(description, '2027-01-31')) - header(description);
        expect(extra).toBeGreaterThan(0);
        expect(extra).toBeLessThanOrEqual(SHORTENED_EXTRA_BOUND);
      }),
      { numRuns: 3000 },
    );
  });
});
