import { readFile } from 'node:fs/promises';
import type { SourceText } from './core/community.ts';
import { SourceError } from './core/errors.ts';

/** Reads a local source file as UTF-8; a missing or unreadable file is a one-line {@link SourceError}. */
export async function readLocalSource(path: string): Promise<SourceText> {
  try {
    const bytes = await readFile(path);
    return { file: path, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : error instanceof TypeError
              ? 'is not UTF-8 text'
              : ((error as Error).message ?? String(error));
    throw new SourceError(
      { file: path, line: 0, path: '', message: `cannot read: ${why}` },
      { cause: error },
    );
  }
}
