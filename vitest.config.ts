import { defineConfig } from 'vitest/config';

// Tests run with a non-UTC host zone so any leak of the host's zone into output shows up.
process.env.TZ = 'America/New_York';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/cdk/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
