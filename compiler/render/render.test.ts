import { describe, expect, it } from 'vitest';
import { loadPlatformTemplates } from '../../cli/templates.js';
import { exampleModels } from '../../test-helpers/lab.js';
import { normalizeChunks, normalizeText, Renderer, type PlatformTemplates } from './render.js';
import { joinChunks } from './text-chunks.js';

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

/** A small deterministic generator of non-negative integers. */
function randomInts(start: number): () => number {
  let seed = start;
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 16;
  };
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
    const next = randomInts(12345);
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = next() % 40;
      for (let j = 0; j < length; j++) text += alphabet[next() % alphabet.length] ?? '';
      expect(normalizeText(text), JSON.stringify(text)).toBe(normalizeByLines(text));
    }
  });
});

describe('normalizeChunks', () => {
  it('is normalizeText of the joined text, however the text is cut, and keeps the chunks of normal text', () => {
    const alphabet = ['a', 'b', ' ', '\t', '\n', '\n', '\n', '\r', '!', 'xyz', '\u2028'];
    const next = randomInts(777);
    let kept = 0;
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const length = next() % 30;
      for (let j = 0; j < length; j++) text += alphabet[next() % (i % 2 === 0 ? 4 : alphabet.length)] ?? '';
      // Half the texts made normal first, so that the path keeping the chunks is taken often.
      if (i % 3 === 0) text = normalizeText(text);
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const end = at + (next() % 5); // cuts anywhere, empty chunks included
        chunks.push(text.slice(at, end));
        at = end;
      }
      const normalized = normalizeChunks(chunks);
      expect(joinChunks(normalized), JSON.stringify(chunks)).toBe(normalizeText(text));
      if (normalized.length > 1) {
        kept++;
        expect(normalized, JSON.stringify(chunks)).toEqual(chunks.filter((c) => c !== ''));
      }
    }
    expect(kept).toBeGreaterThan(1000);
    expect(normalizeChunks([])).toEqual(['\n']);
    expect(normalizeChunks(['', 'a\n', ''])).toEqual(['a\n']);
    expect(normalizeChunks(['a \n', 'b\n'])).toEqual(['a\nb\n']); // a blank before a newline
    expect(normalizeChunks(['a ', '\nb\n'])).toEqual(['a\nb\n']); // … across the seam
    expect(normalizeChunks(['a\n', '\n\nb\n'])).toEqual(['a\n\nb\n']); // blank lines across the seam
    expect(normalizeChunks(['a\n\n', '\nb\n'])).toEqual(['a\n\nb\n']);
    expect(normalizeChunks(['a\n', 'b\n', '\n'])).toEqual(['a\nb\n']); // two final newlines
    expect(normalizeChunks(['a\n', 'b\r\n'])).toEqual(['a\nb\n']);
    expect(normalizeChunks(['\na\n', 'b\n'])).toEqual(['a\nb\n']); // a leading blank line
    expect(normalizeChunks(['a\n', 'b'])).toEqual(['a\nb\n']); // no final newline
  });
});

describe('Renderer', () => {
  const frr = loadPlatformTemplates('frr');
  const eos = loadPlatformTemplates('eos');
  if (frr === undefined || eos === undefined) throw new Error('the shipped templates are missing');

  it('renders model.json and the configuration files apart, as render() does together', () => {
    const renderer = new Renderer([frr, eos]);
    const joined = (f: { path: string; chunks: readonly string[]; executable: boolean }): object => ({ path: f.path, content: joinChunks(f.chunks), executable: f.executable });
    for (const device of exampleModels('quickstart')) {
      const files = renderer.render(device);
      expect(files[0]).toEqual(joined(renderer.modelFile(device)));
      expect(files.slice(1)).toEqual(renderer.renderConfigs(device).map(joined));
      expect(files).toEqual(renderer.renderChunks(device).map(joined));
      expect(renderer.configFiles(device)).toEqual(files.slice(1).map((f) => ({ path: f.path, executable: f.executable })));
    }
  });

  it('has a fingerprint that changes with the code and with any template, and with nothing else', () => {
    const fingerprint = (sets: readonly PlatformTemplates[], code: string | undefined = 'code-1'): string | undefined => new Renderer(sets).fingerprint(code);
    const base = fingerprint([frr, eos]);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint([eos, frr])).toBe(base); // the order platforms come in
    expect(fingerprint([frr, eos], 'code-2')).not.toBe(base);
    expect(new Renderer([frr, eos]).fingerprint(undefined)).toBeUndefined(); // no identity of the code: none
    expect(fingerprint([frr])).not.toBe(base);
    const [entry, ...entries] = frr.entries;
    const [partial, ...partials] = frr.partials;
    if (entry === undefined || partial === undefined) throw new Error('FRR has no templates');
    const edited: PlatformTemplates[] = [
      { ...frr, entries: [{ ...entry, source: `${entry.source} ` }, ...entries] },
      { ...frr, entries: [{ ...entry, name: `${entry.name}x` }, ...entries] },
      { ...frr, partials: [{ ...partial, source: `${partial.source}\n` }, ...partials] },
      { ...frr, partials: [...partials] },
      // The same texts, an entry turned into a partial.
      { ...frr, entries, partials: [entry, ...frr.partials] },
      { ...frr, platform: 'nxos' },
    ];
    const seen = new Set([base, fingerprint([frr])]);
    for (const set of edited) {
      const f = fingerprint([set, eos]);
      expect(seen.has(f), JSON.stringify(set.entries.map((e) => e.name))).toBe(false);
      seen.add(f);
    }
  });

  it('has no fingerprint when a platform runs on Handlebars, a library outside the code it names', () => {
    expect(new Renderer([frr], 'handlebars').fingerprint('code-1')).toBeUndefined();
  });
});
