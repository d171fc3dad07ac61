import { describe } from 'vitest';
import { faultSweeps } from './support/fault-sweeps.ts';

const { sweep } = faultSweeps();

describe('publishing through one failed request (retries absorb it)', () => {
  sweep('500', false);
  sweep('slowdown', false);
  sweep('reset', false);
  sweep('stall', false);
});

describe('publishing when every request fails from some position on (the run dies there)', () => {
  // Applied but never answered, over HTTP, retried by the SDK until it gives up. A run dying at every
  // position, with each operation undone or done, for an update and a first publish, is swept in
  // memory (test/unit/faults.test.ts), where it costs nothing.
  sweep('reset', true);
});
