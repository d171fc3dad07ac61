import { describe } from 'vitest';
import { faultSweeps } from './support/fault-sweeps.ts';

describe('publishing when every request fails from some position on (the run dies there)', () => {
  const { sweep } = faultSweeps();
  // Applied but never answered, over HTTP, retried by the SDK until it gives up. A run dying at every
  // position, with each operation undone or done, for an update and a first publish, is swept in
  // memory (test/unit/faults.test.ts), where it costs nothing.
  sweep('reset', true);
});
