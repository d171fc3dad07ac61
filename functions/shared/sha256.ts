import { createHash } from 'node:crypto';

// Node-only: shared by the sources, the stores and the pipeline; the core never hashes.

/** Hex sha256 of text (as UTF-8) or bytes: content identity in manifests, sync state and source versions. */
export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
