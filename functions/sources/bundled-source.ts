import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeSource, type LoadedSource, loaded, unreadable } from './loaded-source.ts';

/**
 * Reads a file shipped with the Lambda (`sigs.yaml`, `schedule.yaml`) from the first directory that has
 * it: the bundle's own directory, then `LAMBDA_TASK_ROOT`. Null when no directory has it.
 */
export async function readBundledSource(
  name: string,
  directories: readonly (string | URL)[],
): Promise<LoadedSource | null> {
  for (const directory of directories) {
    const path = fileURLToPath(new URL(name, asDirectoryUrl(directory)));
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw unreadable(path, (error as Error).message, error);
    }
    return loaded(name, decodeSource(name, bytes));
  }
  return null;
}

function asDirectoryUrl(directory: string | URL): URL {
  const url = directory instanceof URL ? directory : pathToFileURL(directory);
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}
