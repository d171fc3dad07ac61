import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run with a non-UTC host zone so any leak of the host's zone into output shows up.
process.env.TZ = 'America/New_York';
// Node reads and parses every certificate NODE_EXTRA_CA_CERTS names at the start of each process: about
// 50 ms where it names the system bundle, as on the CI machine, and the suite starts some 150 Node
// processes (the CLI, s3rver, workers). No test connects beyond loopback, and the ones that use TLS
// bring their own test CA, so the variable changes nothing they check; the workers and every process
// they start inherit the environment without it.
delete process.env.NODE_EXTRA_CA_CERTS;

/** Test files that change the process for their own tests: handler-module resets the module registry and spies on stdout. */
const ISOLATED = ['test/integration/handler-module.test.ts'];

/** What every test file gets, in either project. */
const common = {
  testTimeout: 30_000,
  // Byte arrays compared at memcmp speed instead of element by element (see the file).
  setupFiles: ['test/support/byte-equality.ts'],
};

export default defineConfig({
  test: {
    // As many workers as cores (vitest's default is one fewer). One more paid while the suite waited
    // on many child processes (144 -> 90 s on the 2-core CI machine); since it runs the bad-input
    // corpus and the action's steps with far fewer, a third worker only competes for the two cores: in
    // 4 interleaved pairs of whole runs, 2 workers took 82-99 s and 3 took 92-112 s, every pair faster
    // with 2.
    maxWorkers: availableParallelism(),
    // Once for the run (the projects do not repeat it).
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        // Files that run one after another in a worker they share (isolate: false), so vitest, luxon,
        // js-yaml, the AWS SDK and the code under test are imported once per worker, not once per file.
        // A file here must leave the process as it found it: process.env the same object with the same
        // values (assigning process.env a plain object cuts it off from the host zone), no mocks or
        // fake timers left, no module registry reset, no module-level state another file would see.
        test: {
          ...common,
          name: 'shared',
          include: ['test/unit/**/*.test.ts', 'test/cdk/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
        },
      },
      {
        // Each in a fresh worker of its own.
        test: { ...common, name: 'isolated', include: ISOLATED },
      },
    ],
  },
});
