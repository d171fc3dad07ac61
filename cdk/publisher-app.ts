import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readPublisherSettings } from './publisher-settings.ts';
import { PublisherStack } from './publisher-stack.ts';

/** The cdk-nag packs every synth runs; a finding that is not acknowledged with a reason fails the synth. */
export function nagPacks(app: App): [AwsSolutionsChecks, ServerlessChecks] {
  return [new AwsSolutionsChecks(app), new ServerlessChecks(app)];
}

/**
 * The whole app: settings from context → one PublisherStack → cdk-nag registered as validation plugins.
 * `projectRoot` is for tests; `cdk synth` uses the repository the app lives in.
 */
export function buildPublisherApp(app: App, options: { readonly projectRoot?: string } = {}): PublisherStack {
  const { stackName, ...settings } = readPublisherSettings((key) => app.node.tryGetContext(key));
  const stack = new PublisherStack(app, stackName, {
    settings,
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
  });
  Validations.of(app).addPlugins(...nagPacks(app));
  return stack;
}
