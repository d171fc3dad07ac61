import { MANIFEST, STATE_DIR } from '../../functions/core/site-contract.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { brokenLinks } from './links.ts';

/**
 * What a reader of a published store would find wrong, one line each: the manifest must list exactly
 * the objects there (sigcal's `.sigcal/` aside, and any path `foreign` accepts), each with the content
 * it says, and every link from the index must resolve. Reads both the real manifest
 * (`objects: {path: {sha256, …}}`) and the hand-built site's (`objects: {path: sha256}`).
 */
export function publishedProblems(
  objects: ReadonlyMap<string, { readonly body: Uint8Array }>,
  siteUrl: string,
  foreign: (path: string) => boolean = () => false,
): string[] {
  const manifest = objects.get(MANIFEST);
  if (!manifest) return objects.size === 0 ? [] : ['objects but no manifest.json'];
  const listed = (JSON.parse(new TextDecoder().decode(manifest.body)) as { objects: Record<string, unknown> })
    .objects;
  const problems: string[] = [];
  for (const [path, entry] of Object.entries(listed)) {
    const want = typeof entry === 'string' ? entry : (entry as { sha256: string }).sha256;
    const object = objects.get(path);
    if (!object) problems.push(`the manifest lists ${path}, which is missing`);
    else if (sha256(object.body) !== want) problems.push(`${path} does not hold what the manifest says`);
  }
  for (const path of objects.keys()) {
    if (path === MANIFEST || path.startsWith(`${STATE_DIR}/`) || foreign(path)) continue;
    if (!(path in listed)) problems.push(`${path} is there but not in the manifest`);
  }
  problems.push(...brokenLinks(objects, ['index.html'], siteUrl).map((b) => `broken link ${b}`));
  return problems;
}
