import { defineConfig } from 'vitest/config';

// The host zone is pinned to one that none of the emulated browser zones use, so a page that leaked the
// test runner's zone (or the server's) would show up as a wrong time.
process.env.TZ = 'America/New_York';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the files share nothing, but the machine's memory is shared.
    fileParallelism: false,
  },
});
