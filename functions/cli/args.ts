/** A usage mistake: printed with the usage text, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--now` as a Date, or the real clock when absent. */
export function parseNow(value: string | undefined, clock: () => Date): Date {
  if (value === undefined) return clock();
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(
      `--now "${value}" is not an ISO date or date-time (e.g. 2027-01-12 or 2027-01-12T09:00Z)`,
    );
  }
  return date;
}
