import { unlinkSync } from 'node:fs';

// Node-only: shared by the folder store and its staging writer.

/** Removes a file, if it is there: one already gone (or never made) is no error. */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or never made.
  }
}
