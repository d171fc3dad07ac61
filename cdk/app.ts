// `cdk synth` / `cdk deploy` entry (see cdk.json). Settings come from context: docs/deploy.md lists them.
import { App } from 'aws-cdk-lib';
import { buildPublisherApp } from './publisher-app.ts';

buildPublisherApp(new App());
