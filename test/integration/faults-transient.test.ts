import { describe } from 'vitest';
import { faultSweeps } from './support/fault-sweeps.ts';

describe('publishing through one failed request at every position (retries absorb it)', () => {
  const { sweep } = faultSweeps();
  sweep('500', false);
  sweep('slowdown', false);
  sweep('reset', false);
  sweep('stall', false);
});
