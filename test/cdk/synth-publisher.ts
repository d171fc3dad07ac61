import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildPublisherApp, nagPacks } from '../../cdk/publisher-app.ts';
import type { PublisherStack } from '../../cdk/publisher-stack.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SynthesizedPublisher {
  readonly app: App;
  readonly stack: PublisherStack;
  readonly template: Template;
  readonly outdir: string;
}

/**
 * Builds the app exactly as `cdk synth` does (cdk.json feature flags + the given context, cdk-nag
 * registered) and synthesizes it. `bundle: false` skips esbuild for variants that only look at the
 * template; the function code then is a placeholder.
 */
export function synthPublisher(
  context: Record<string, string>,
  options: { bundle: boolean },
): SynthesizedPublisher {
  const app = newApp(context, options);
  const stack = buildPublisherApp(app);
  return { app, stack, template: Template.fromStack(stack), outdir: app.outdir };
}

const outdirs: string[] = [];

/** Removes the cloud assemblies the tests wrote (call from afterAll). */
export function removeSynthOutput(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An App with cdk.json's context, so tests and `cdk synth` run under the same feature flags. */
export function newApp(context: Record<string, string>, options: { bundle: boolean }): App {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const outdir = mkdtempSync(join(tmpdir(), 'sigcal-cdk-'));
  outdirs.push(outdir);
  return new App({
    // CloudFormation's built-in template validation compiles a WebAssembly module on first use (~20 s on a
    // busy machine); `cdk synth` runs it, the tests look at specific properties instead.
    builtinCloudFormationValidation: false,
    outdir,
    context: {
      ...cdkJson.context,
      ...context,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
}

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
  readonly description: string;
}

/** Every finding of both cdk-nag packs that no acknowledgement covers. */
export function unacknowledgedNagFindings(app: App, scope: IConstruct): NagFinding[] {
  return nagPacks(app).flatMap((pack) =>
    pack.validateScope(scope).violations.map((v) => ({
      rule: v.ruleName,
      severity: v.severity ?? 'error',
      paths: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?'),
      description: v.description,
    })),
  );
}

/** Acknowledgements recorded with `Validations.of(x).acknowledge`, keyed by rule id. */
export function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  const found: { path: string; id: string; reason: string }[] = [];
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (
        entry.type !== 'aws:cdk:acknowledged-rules' ||
        typeof entry.data !== 'object' ||
        entry.data === null
      ) {
        continue;
      }
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        found.push({ path: node.node.path, id: id.replace(/^annotation::/i, ''), reason: String(reason) });
      }
    }
  }
  return found;
}

export const logicalId = (stack: PublisherStack, construct: IConstruct): string =>
  stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
