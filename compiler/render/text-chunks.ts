/**
 * Texts made in pieces of at most ~64 KB, for the files a compile writes (model.json and the
 * templates' output, ~500 MB for a thousand-leaf fabric).
 *
 * Why (bench/PROFILE.md, section 35): a text grown by concatenation is a rope, and encoding it
 * (or searching it with a regular expression) first flattens it into one string. A string above
 * V8's regular object size (128 KB) is made in the large-object space: fresh pages from the
 * system for every file, page faults and a collection to give them back. Flattening and encoding
 * a 300 KB rope runs at ~500 MB/s here; the same text flattened and encoded 64 KB at a time, at
 * ~2,500 MB/s. A text's chunks joined are the text: only where a chunk ends differs.
 */

/** A text as consecutive pieces; the text is `chunks.join('')`. */
export type TextChunks = readonly string[];

/** A chunk is closed once it is this long (UTF-16 code units): well below 128 KB of string. */
export const chunkLength = 1 << 16;

/** Grows a text by concatenation, closing a chunk whenever it reaches chunkLength. */
export class ChunkedText {
  private readonly chunks: string[] = [];
  private text = '';

  push(part: string): void {
    if (part === '') return;
    this.text += part;
    // Never between the two halves of a surrogate pair: each chunk is encoded on its own.
    // (The part's own last unit: reading the text's would flatten it here.)
    if (this.text.length >= chunkLength && !isHighSurrogate(part.charCodeAt(part.length - 1))) {
      this.chunks.push(this.text);
      this.text = '';
    }
  }

  /** The chunks made (the last one may be short); the builder is not used afterwards. */
  done(): TextChunks {
    if (this.text !== '' || this.chunks.length === 0) this.chunks.push(this.text);
    return this.chunks;
  }
}

/** The text of its chunks. */
export function joinChunks(chunks: TextChunks): string {
  return chunks.length === 1 ? (chunks[0] ?? '') : chunks.join('');
}

/** The text's length in UTF-16 code units. */
export function chunksLength(chunks: TextChunks): number {
  let length = 0;
  for (const c of chunks) length += c.length;
  return length;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * Encodes texts to UTF-8 into one buffer it reuses, chunk by chunk (each chunk is flattened on its
 * own, below V8's large-object size). Each result is valid until the next call. Measured reason
 * for one buffer (bench/PROFILE.md, round 2): a fresh buffer of a few hundred KB per file is a
 * fresh memory map, and a thousand-leaf compile spent ~1 s of system time on its page faults.
 */
export class Utf8Encoder {
  private buffer = Buffer.allocUnsafe(1 << 20);

  encode(text: string | TextChunks): Buffer {
    const chunks = typeof text === 'string' ? [text] : text;
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair 4 for 2 units).
    const most = chunksLength(chunks) * 3;
    if (this.buffer.length < most) this.buffer = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(most)));
    let at = 0;
    for (const c of chunks) at += this.buffer.write(c, at, 'utf8');
    return this.buffer.subarray(0, at);
  }
}
