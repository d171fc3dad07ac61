import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run with a non-UTC host zone so any leak of the host's zone into output shows up.
process.env.TZ = 'America/New_York';

/** What every test file gets, in either project. */
const common = {
  testTimeout: 30_000,
  // Byte arrays compared at memcmp speed instead of element by element (see the file).
  setupFiles: ['test/support/byte-equality.ts'],
};

export default defineConfig({
  test: {
    // One more worker than cores (vitest's default is one fewer): much of the suite waits on child
    // processes, sockets and fault timeouts rather than computing. On the 2-core CI machine this takes
    // the suite from about 144 s to about 90 s; four workers were slower again.
    maxWorkers: availableParallelism() + 1,
    // Once for the run (the projects do not repeat it).
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/cdk/**/*.test.ts'],
          isolate: false,
        },
      },
      {
        test: {
          ...common,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
        },
      },
    ],
  },
});
