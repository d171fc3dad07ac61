/**
 * The publisher Lambda: a scheduled event, an S3 upload of the source, or `{"action":"republish"}`
 * → read the source → build the site → sync it to the bucket → log and return one JSON summary.
 * Configuration comes from the environment, read once at cold start (see docs/publish.md).
 */
import { readPublisherConfig } from './config.ts';
import { createPublisher, type InvocationContext, type PublisherResult } from './publisher.ts';

// Throws a ConfigError naming every missing or invalid variable, so a bad deployment fails at init.
// Bundled sources sit next to this module once bundled (index.mjs), else in LAMBDA_TASK_ROOT.
const config = readPublisherConfig(process.env, new URL('./', import.meta.url));
const publish = createPublisher(config);

// The context's remaining time bounds how long a run waits for another run's lease.
export const handler = (event: unknown, context?: InvocationContext): Promise<PublisherResult> =>
  publish(event, context);
