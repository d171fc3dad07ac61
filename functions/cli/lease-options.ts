import { hostname } from 'node:os';
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_LEASE, type LeaseOptions } from '../store/lease.ts';
import { UsageError } from './args.ts';

/** Options of the commands that write a site (`build`, `publish`): how long to wait for another run. */
export const LEASE_OPTIONS = {
  wait: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const LEASE_OPTIONS_HELP = `  --wait SECONDS       how long to wait while another run publishes to the same place
                       (default ${DEFAULT_LEASE.waitMs / 1000})
`;

/** The lease options of a command: the wait from `--wait`, and who holds the lease, for others' messages. */
export function leaseOptionsOf(values: { wait?: string | undefined }, command: string): LeaseOptions {
  const wait = values.wait;
  if (wait !== undefined && (!/^\d{1,4}$/.test(wait) || Number(wait) > 3600)) {
    throw new UsageError(`--wait "${wait}" is not a whole number of seconds between 0 and 3600`);
  }
  return {
    ...(wait !== undefined ? { waitMs: Number(wait) * 1000 } : {}),
    holder: `sigcal ${command} on ${hostname()} (pid ${process.pid})`,
  };
}
