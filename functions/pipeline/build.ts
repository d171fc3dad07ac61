import type { SourceText } from '../core/community.ts';
import { type BuildInput, type RenderSummary, renderSite } from '../core/render-site.ts';
import type { ValidationReport } from '../core/report.ts';
import { cacheControlOf, contentTypeOf, MANIFEST } from '../core/site-contract.ts';
import type { SiteModel } from '../core/site-model.ts';
import { sha256 } from '../shared/sha256.ts';
import type { SiteObject } from '../store/site.ts';
import { type Manifest, manifestOf } from './manifest.ts';

export type { BuildInput, BuildOptions } from '../core/render-site.ts';

/** The source and overlay texts a build reads. */
export type BuildSources = { readonly source: SourceText; readonly overlay?: SourceText };

export interface BuildSummary extends RenderSummary {
  readonly objects: number;
  readonly bytes: number;
}

export interface BuiltSite {
  readonly site: Map<string, SiteObject>;
  readonly manifest: Manifest;
  readonly model: SiteModel;
  readonly report: ValidationReport;
  readonly summary: BuildSummary;
}

/**
 * Builds the whole site in memory: renders it (the pure core), encodes and hashes each file once as it
 * is produced, and adds `manifest.json`. Throws the core's `ValidationError` before anything is built.
 */
export function buildSite(input: BuildInput): BuiltSite {
  const rendered = renderSite(input);
  const site = new Map<string, SiteObject>();
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const file of rendered.files) {
    const body = encoder.encode(file.text);
    bytes += body.byteLength;
    site.set(file.path, {
      body,
      contentType: file.contentType,
      cacheControl: file.cacheControl,
      phase: file.phase,
      sha256: sha256(body),
    });
  }
  const manifest = manifestOf(input, rendered.community, rendered.window, rendered.stamps, site);
  const body = encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
  bytes += body.byteLength;
  site.set(MANIFEST, {
    body,
    contentType: contentTypeOf(MANIFEST),
    cacheControl: cacheControlOf(MANIFEST),
    phase: 'manifest',
    sha256: sha256(body),
  });
  return {
    site,
    manifest,
    model: rendered.model,
    report: rendered.report,
    summary: { ...rendered.summary, objects: site.size, bytes },
  };
}
