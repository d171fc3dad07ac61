import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { joinPieces, type PiecedText } from '../../functions/core/pieced-text.ts';
import { renderSite } from '../../functions/core/render-site.ts';
import { encodePieces, roomFor, SLACK } from '../../functions/pipeline/build.ts';
import { syntheticSigsYaml } from '../support/synthetic.ts';

/*
 * Feeds and data files reach the encoder as pieces with a counted size (PiecedText), and are encoded
 * piece by piece into room of that size: the count must be exact, and a wrong count must be caught.
 */

const NOW = new Date('2026-12-01T00:00:00Z');

/** Every file a build renders in pieces, with its text joined (each is asked for its pieces once). */
function piecedFiles(source: string): { path: string; bytes: number; text: string }[] {
  const rendered = renderSite({
    source: { file: 'sigs.yaml', text: source },
    options: { now: NOW, stamp: NOW, siteUrl: 'https://meetings.example.org/' },
  });
  return [...rendered.files].flatMap((file) =>
    typeof file.text === 'string'
      ? []
      : [{ path: file.path, bytes: file.text.bytes, text: joinPieces(file.text) }],
  );
}

describe('pieced text', () => {
  const encoder = new TextEncoder();

  it.each([
    ['the small fixture (titles not all ASCII)', readFileSync('test/fixtures/small/sigs.yaml', 'utf8')],
    ['the Kubernetes fixture', readFileSync('test/fixtures/kubernetes/sigs.yaml', 'utf8')],
    ['a synthetic community', syntheticSigsYaml(60, 3)],
  ])('counts every feed and data file of %s at exactly its UTF-8 size', (_, source) => {
    const files = piecedFiles(source);
    expect(files.some((f) => f.path.endsWith('.ics'))).toBe(true);
    expect(files.some((f) => f.path.endsWith('.json'))).toBe(true);
    for (const f of files) expect(f.bytes, f.path).toBe(encoder.encode(f.text).length);
  });

  it('is checked on text that is not all ASCII, where a count of characters would be wrong', () => {
    const files = piecedFiles(readFileSync('test/fixtures/small/sigs.yaml', 'utf8'));
    expect(files.some((f) => f.text.length !== encoder.encode(f.text).length)).toBe(true);
  });

  const pieced = (pieces: string[], bytes: number): PiecedText => ({ bytes, pieces: () => pieces });

  it('encodes the pieces one after another, exactly', () => {
    const text = pieced(['BEGIN:', 'Zoë ', '→ 🗓', ''], encoder.encode('BEGIN:Zoë → 🗓').length);
    const body = encodePieces(text, new Uint8Array(roomFor(text)));
    expect(new TextDecoder().decode(body)).toBe('BEGIN:Zoë → 🗓');
    expect(body.byteLength).toBe(text.bytes);
  });

  it.each([
    ['one octet short', -1],
    ['one octet long', 1],
    ['a four-octet character long', 4],
    ['far longer than its room', 100],
  ])('refuses a text counted %s: an internal error, never a file cut or padded', (_, error) => {
    const words = ['Zoë ', '→ 🗓'];
    const text = pieced(words, encoder.encode(words.join('')).length - error);
    expect(() => encodePieces(text, new Uint8Array(Math.max(0, text.bytes) + SLACK))).toThrow(
      /internal error: a file's text was counted as/,
    );
  });
});
