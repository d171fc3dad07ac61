import * as crypto from 'node:crypto';

// Node-only: shared by the sources, the stores and the pipeline; the core never hashes.

/** Node's one-shot hash (20.12 and later): no Hash object per call, which a build makes 15,000 of. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }
).hash;

/** Hex sha256 of text (as UTF-8) or bytes: content identity in manifests, sync state and source versions. */
export const sha256: (data: string | Uint8Array) => string = oneShot
  ? (data) => oneShot('sha256', data, 'hex')
  : (data) => crypto.createHash('sha256').update(data).digest('hex');
