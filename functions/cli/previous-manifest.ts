import { type Manifest, parseManifest } from '../pipeline/manifest.ts';
import { SourceMissingError, unreadable } from '../sources/loaded-source.ts';
import { readSource, type SourceReaders } from '../sources/read-source.ts';
import { parseSourceAddress, SourceAddressError } from '../sources/source-address.ts';
import { UsageError } from './args.ts';

/** A manifest lists every object in about 150 bytes; 64 MiB is far above the largest allowed site's. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The manifest read, or null when the location has none yet; `note` says which, for the build's output. */
export interface PreviousManifest {
  readonly manifest: Manifest | null;
  readonly note: string;
}

/**
 * The live site's manifest, for `sigcal build --previous-manifest URL|FILE`. A build keeps DTSTAMP from
 * the previous manifest while the source is unchanged; a CI job that builds into a fresh folder on every
 * run (GitHub Pages) has no previous manifest of its own, so it names the published one. Read like a
 * source (https only, with the same deadline and redirect limits, a larger size limit). A location that
 * has nothing yet (HTTP 404 or 410, no such file: the first publish) gives null; anything else that is
 * not a sigcal manifest fails the build, so a wrong URL does not silently restamp every event.
 */
export async function readPreviousManifest(
  location: string,
  readers: SourceReaders,
): Promise<PreviousManifest> {
  let address: ReturnType<typeof parseSourceAddress>;
  try {
    address = parseSourceAddress(location, { allowFile: true });
  } catch (error) {
    if (error instanceof SourceAddressError) throw new UsageError(`--previous-manifest: ${error.message}`);
    throw error;
  }
  try {
    // No cache: the point is the manifest as published now.
    const { cache: _unused, ...uncached } = readers;
    const read = await readSource(address, { ...uncached, maxBytes: MAX_MANIFEST_BYTES });
    const manifest = parseManifest(new TextEncoder().encode(read.text.text));
    if (!manifest) throw unreadable(read.text.file, 'is not a sigcal manifest.json');
    return {
      manifest,
      note: `previous manifest: ${read.text.file} (${Object.keys(manifest.meetings).length} meeting stamps, source sha256 ${manifest.source.sha256.slice(0, 12)})`,
    };
  } catch (error) {
    if (error instanceof SourceMissingError) {
      return { manifest: null, note: `previous manifest: none at ${location} yet (a first publish)` };
    }
    throw error;
  }
}
