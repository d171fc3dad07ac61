import { parseIsoDateTime } from '../shared/operator-inputs.ts';

/** A usage mistake: printed with the usage text, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--now` as a Date, or the real clock when absent; only a real calendar date (`2026-02-30` is not). */
export function parseNow(value: string | undefined, clock: () => Date): Date {
  if (value === undefined) return clock();
  const date = parseIsoDateTime(value);
  if (!date) {
    throw new UsageError(
      `--now "${value}" is not an ISO date or date-time (e.g. 2027-01-12 or 2027-01-12T09:00Z)`,
    );
  }
  return date;
}
