/**
 * The publisher Lambda: a scheduled event, an S3 upload of the source, or `{"action":"republish"}`
 * → read the source → build the site → sync it to the bucket → one summary log line and its metrics.
 * Configuration comes from the environment, read once at cold start (see docs/publish.md).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { readPublisherConfig } from './config.ts';
import { createPublisher, type PublisherResult } from './publisher.ts';
import { runReporter } from './run-report.ts';

// Service, namespace and log level come from POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE and
// the function's logging configuration, all set by the stack (the alarms read those metrics).
const logger = new Logger();
const metrics = new Metrics();

// Throws a ConfigError naming every missing or invalid variable, so a bad deployment fails at init.
// Bundled sources sit next to this module once bundled (index.mjs), else in LAMBDA_TASK_ROOT.
const config = readPublisherConfig(process.env, new URL('./', import.meta.url));
const publish = createPublisher(config, { report: runReporter(logger, metrics) });

// The context names the request and cold start in the log line; its remaining time lets a run stop
// cleanly, and say so, before the function's timeout.
export const handler = (event: unknown, context: Context): Promise<PublisherResult> => {
  logger.addContext(context);
  return publish(event, context);
};
