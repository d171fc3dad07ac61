import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

const ROOT = 'test/golden';

/**
 * Compares text with a committed golden file, byte for byte. `UPDATE_GOLDEN=1 npm test` rewrites them;
 * review the diff before committing.
 */
export async function expectGolden(name: string, actual: string): Promise<void> {
  const path = join(ROOT, name);
  if (process.env.UPDATE_GOLDEN) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return;
  }
  const expected = await readFile(path, 'utf8').catch(() => undefined);
  expect(expected, `golden file ${path} is missing: run UPDATE_GOLDEN=1 npm test`).toBeDefined();
  expect(actual).toBe(expected);
}
