import { describe, expect, it } from 'vitest';
import { ChunkedText, chunkLength, chunksLength, joinChunks, Utf8Encoder } from './text-chunks.js';

describe('ChunkedText', () => {
  it('is the text pushed, in chunks closed once they reach chunkLength', () => {
    const out = new ChunkedText();
    let text = '';
    let longest = 0;
    for (let i = 0; text.length < 5 * chunkLength; i++) {
      const part = `line ${i} ${'x'.repeat(i % 97)}\n`;
      longest = Math.max(longest, part.length);
      out.push(part);
      text += part;
    }
    const chunks = out.done();
    expect(joinChunks(chunks)).toBe(text);
    expect(chunksLength(chunks)).toBe(text.length);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(chunkLength);
      expect(c.length).toBeLessThan(chunkLength + longest);
    }
  });

  it('has one empty chunk for an empty text, and makes no empty chunk otherwise', () => {
    expect(new ChunkedText().done()).toEqual(['']);
    const out = new ChunkedText();
    out.push('');
    out.push('x'.repeat(chunkLength));
    out.push('');
    expect(out.done()).toEqual(['x'.repeat(chunkLength)]);
  });

  it('never ends a chunk between the halves of a surrogate pair', () => {
    const out = new ChunkedText();
    out.push('a'.repeat(chunkLength - 1));
    out.push('\ud83d'); // a high surrogate reaches the length: the chunk stays open
    out.push('');
    out.push('\ude00b');
    const chunks = out.done();
    expect(chunks).toEqual([`${'a'.repeat(chunkLength - 1)}\u{1f600}b`]);
    expect(Buffer.from(joinChunks(chunks)).toString()).toContain('\u{1f600}');
  });
});

describe('Utf8Encoder', () => {
  it('encodes a text or its chunks as Buffer.from would, into one buffer it reuses and grows', () => {
    const encoder = new Utf8Encoder();
    const chunks = ['interface swp1\n', ' description \u00e9t\u00e9 \u{1f600}\n', '', 'exit\n'];
    const text = chunks.join('');
    const first = encoder.encode(chunks);
    expect(first.equals(Buffer.from(text))).toBe(true);
    const again = encoder.encode(text);
    expect(again.equals(Buffer.from(text))).toBe(true);
    expect(again.buffer).toBe(first.buffer); // the same memory, reused
    const large = Array.from({ length: 40 }, (_, i) => `${String(i)}${'\u00e9'.repeat(chunkLength)}`);
    expect(encoder.encode(large).equals(Buffer.from(large.join('')))).toBe(true);
    expect(encoder.encode('').length).toBe(0);
  });
});
