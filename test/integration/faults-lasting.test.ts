import { describe } from 'vitest';
import { faultSweeps } from './support/fault-sweeps.ts';

describe('publishing when every request fails from some position on (the run dies there)', () => {
  const { sweep } = faultSweeps();
  // Before the request is applied (500), and after it is applied but never answered (reset).
  sweep('500', true);
  sweep('reset', true);
  sweep('reset', true, false);
});
