import { readFile } from 'node:fs/promises';
import type { SourceText } from '../core/community.ts';
import { decodeSource, missing, unreadable } from './loaded-source.ts';

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/** Reads a local source file as UTF-8; a missing or unreadable file is a one-line `SourceError`. */
export async function readLocalSource(path: string): Promise<SourceText> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = WHY[code] ?? (error as Error).message;
    throw code === 'ENOENT' ? missing(path, why, error) : unreadable(path, why, error);
  }
  return { file: path, text: decodeSource(path, bytes) };
}
