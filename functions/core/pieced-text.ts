/**
 * A file's text as pieces, with its exact size in UTF-8 octets: whoever writes it encodes it piece by
 * piece into room of that size, and it is never joined into one string. Feeds and data files are made
 * this way (a 5,000-meeting site's are 135 MB of text): each would otherwise be allocated once as its
 * pieces, once joined, and copied again where a join left a rope to flatten before encoding.
 */
export interface PiecedText {
  /** The text's length in UTF-8 octets, exactly: counted from its parts, as the budgets count them. */
  readonly bytes: number;
  /**
   * The pieces, in order, made when asked for. Asked once: a feed's events let their text go once
   * every feed showing them has taken it.
   */
  readonly pieces: () => readonly string[];
}

/** A text that is one piece. */
export function onePiece(text: string, bytes: number): PiecedText {
  return { bytes, pieces: () => [text] };
}

/** The whole text, joined (for tests and callers that want a string). */
export function joinPieces(text: PiecedText): string {
  return text.pieces().join('');
}
