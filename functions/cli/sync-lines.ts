import type { LeaseHolder } from '../store/lease.ts';

/* The lines `build` and `publish` print about other runs and other people's objects. */

/** The progress line of a run that found the lease held. */
export function waitingLine(holder: LeaseHolder): string {
  return `waiting for another run: run ${holder.run} (${holder.holder}) has held the lease since ${holder.since}`;
}

/** The line for an object an earlier run published that someone has changed since: left alone. */
export function keptLine(path: string): string {
  return `kept ${path}: changed since sigcal wrote it, so it is left in place and no longer tracked`;
}
