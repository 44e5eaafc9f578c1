import { describe, expect, it } from 'vitest';
import { normalizeText } from './render.js';

/** The line-by-line definition normalizeText must keep matching (its first implementation). */
function normalizeByLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let blank = false;
  for (const raw of lines) {
    const line = raw.replace(/[ \t]+$/, '');
    if (line === '') {
      if (blank || out.length === 0) continue;
      blank = true;
    } else {
      blank = false;
    }
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

describe('normalizeText', () => {
  it('strips trailing blanks, leading and repeated blank lines, and ends with one newline', () => {
    expect(normalizeText('\n\n a  \r\nb\t\n\n\n \nc\r\r')).toBe(' a\nb\n\nc\n');
    expect(normalizeText('')).toBe('\n');
    expect(normalizeText(' \n\t\n')).toBe('\n');
    expect(normalizeText('x\u2028 \ny')).toBe('x\u2028\ny\n');
  });

  it('agrees with the line-by-line definition on random text', () => {
    const alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '\n', '\n', '\r', '\u2028', '!'];
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = next() % 40;
      for (let j = 0; j < length; j++) text += alphabet[next() % alphabet.length] ?? '';
      expect(normalizeText(text), JSON.stringify(text)).toBe(normalizeByLines(text));
    }
  });
});
