import { buildCli } from '../../bin/build-cli.mjs';

/**
 * Tests that run `node bin/sigcal.js` as users do need the compiled CLI; build it once per test run
 * from the sources as they are, so a subprocess never runs a stale build.
 */
export default async function setup(): Promise<void> {
  await buildCli();
}
