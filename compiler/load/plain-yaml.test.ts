/**
 * The plain-YAML reader against the full parser: on every file it reads, the full parser must read
 * the same value without a diagnostic, and every position a diagnostic could ask for (the span of
 * each mapping and list, of each key, value and item, and its readable path) must be the one the
 * full parser gives. Checked on every example, every fixture, generated bench intents and
 * thousands of deterministic mutations of them; CLOS_PLAIN_YAML_CASES=100000 runs a deeper corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateIntent } from '../../bench/generate-intent.js';
import { benchSizes } from '../../bench/sizes.js';
import { repoRoot } from '../../test-helpers/examples.js';
import { mutateIntent, pick, random } from '../../test-helpers/mutations.js';
import { randomIntent } from '../../test-helpers/random-intent.js';
import { defaultYamlLimits, parseYamlFile } from './parse-yaml.js';
import { readPlainYaml } from './plain-yaml.js';
import { SourceIndex } from './source-index.js';

/** Every YAML file of the repository's intents and fixtures, as name → text. */
function corpus(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.set(relative(repoRoot, full), readFileSync(full, 'utf8'));
    }
  };
  for (const dir of ['intent/examples', 'compiler/fixtures', 'verify/fixtures']) walk(join(repoRoot, dir));
  const small = benchSizes[0];
  if (small !== undefined) for (const f of generateIntent({ ...small, seed: 3 }).files) out.set(`bench/${f.name}`, f.text);
  return out;
}

/**
 * Whether the plain reader declines `text`, or reads it as the full parser does: the same value,
 * no diagnostic, the same positions. Returns 'declined' or 'read'; fails the test otherwise.
 */
function compare(name: string, text: string): 'declined' | 'read' {
  const plainIndex = new SourceIndex();
  const fullIndex = new SourceIndex();
  const plainRead = readPlainYaml(text, defaultYamlLimits.maxDepth);
  if (plainRead === undefined) return 'declined';
  const viaPlain = parseYamlFile(name, text, plainIndex);
  const viaFull = parseYamlFile(name, text, fullIndex, defaultYamlLimits, 'full');
  const what = `${name}:\n${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}`;
  expect(viaFull.diagnostics.map((d) => `${d.code} ${d.message}`), what).toEqual([]);
  expect(viaPlain.diagnostics, what).toEqual([]);
  expect(viaPlain.value, what).toStrictEqual(viaFull.value);
  comparePositions(viaPlain.value, plainIndex, viaFull.value, fullIndex, what);
  return 'read';
}

function comparePositions(a: unknown, ai: SourceIndex, b: unknown, bi: SourceIndex, what: string): void {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return;
  expect(ai.span(a), what).toEqual(bi.span(b));
  expect(ai.path(a), what).toBe(bi.path(b));
  if (Array.isArray(a) && Array.isArray(b)) {
    a.forEach((item, i) => {
      expect(ai.valueSpan(a, i), `${what}\n[${i}]`).toEqual(bi.valueSpan(b, i));
      comparePositions(item, ai, b[i], bi, what);
    });
    return;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const key of Object.keys(ao)) {
    expect(ai.keySpan(a, key), `${what}\nkey ${key}`).toEqual(bi.keySpan(b, key));
    expect(ai.valueSpan(a, key), `${what}\nvalue ${key}`).toEqual(bi.valueSpan(b, key));
    expect(ai.path(a, key), what).toBe(bi.path(b, key));
    comparePositions(ao[key], ai, bo[key], bi, what);
  }
}

/** Edits a person or an editor could make, biased towards YAML's punctuation and indentation. */
function mutateText(text: string, seed: number): string {
  const rnd = random(seed);
  const pieces = [' ', '  ', '\n', ':', ': ', '- ', '-', '#', ' #', ',', ', ', '[', ']', '{', '}', '"', "'", '~', '!', '&a ', '*a', '|', '>', '?', '? ', '%', '@', '`', '<<', '\t', '\r', '\\', '0', '-1', '0x1', '1.5', '.inf', 'null', 'True', 'no', 'x', 'é', '\u2028', '---', '...'];
  let out = text;
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = rnd();
    if (kind < 0.45) {
      out = out.slice(0, at) + pick(rnd, pieces) + out.slice(at);
    } else if (kind < 0.7) {
      out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 3));
    } else if (kind < 0.85) {
      const lines = out.split('\n');
      const i = Math.floor(rnd() * lines.length);
      const line = lines[i] ?? '';
      lines[i] = rnd() < 0.5 ? ` ${line}` : line.replace(/^ {1,2}/, '');
      out = lines.join('\n');
    } else {
      const lines = out.split('\n');
      const i = Math.floor(rnd() * lines.length);
      lines.splice(i, 0, lines[Math.min(lines.length - 1, i + 1)] ?? '');
      out = lines.join('\n');
    }
  }
  return out;
}

const cases = Number(process.env['CLOS_PLAIN_YAML_CASES'] ?? 3000);
/** A deeper corpus runs longer than the default test timeout. */
const fuzzTimeout = Math.max(60_000, cases * 5);

describe('plain-YAML reader', () => {
  it('reads block and flow collections, plain and quoted scalars, comments', () => {
    const text = [
      '# a comment',
      'version: 1',
      'fabric:',
      '  name: dc1   # trailing comment',
      '  pools: { loopback: 10.0.0.0/24, p2p: "10.1.0.0/16" }',
      '  empty:',
      '  flags: [true, False, ~, null, -3, 0, x y, "a: b", \'#1\']',
      'leaves:',
      '- name: leaf1',
      '  tags: [a]',
      '  uplinks:',
      '  - { spine: s1, port: 49 }',
      '-   name: leaf2',
      '    id: 12',
      'servers:',
      '  - [a, [b, {}], []]',
      '  -',
      '  - plain text: with colon',
    ].join('\n');
    const read = readPlainYaml(text, 32);
    // Mappings are prototype-less objects, as the full path makes them.
    const map = (entries: Record<string, unknown>): Record<string, unknown> => Object.assign(Object.create(null) as Record<string, unknown>, entries);
    expect(read?.value).toStrictEqual(
      map({
        version: 1,
        fabric: map({
          name: 'dc1',
          pools: map({ loopback: '10.0.0.0/24', p2p: '10.1.0.0/16' }),
          empty: null,
          flags: [true, false, null, null, -3, 0, 'x y', 'a: b', '#1'],
        }),
        leaves: [
          map({ name: 'leaf1', tags: ['a'], uplinks: [map({ spine: 's1', port: 49 })] }),
          map({ name: 'leaf2', id: 12 }),
        ],
        servers: [['a', ['b', map({})], []], null, map({ 'plain text': 'with colon' })],
      }),
    );
    expect(compare('f.yaml', text)).toBe('read');
  });

  it.each([
    ['a tab', 'a:\t1\n'],
    ['CRLF', 'a: 1\r\n'],
    ['a byte order mark', '\uFEFFa: 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: { x: 1 }\nb:\n  <<: { y: 2 }\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ["a '' escape", "a: 'it''s'\n"],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate flow key', 'a: { x: 1, x: 2 }\n'],
    ['a number key', '1: a\n'],
    ['a null key', '~: a\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a complex key', '[a]: 1\n'],
    ['a leading zero', 'a: 0110\n'],
    ['hexadecimal', 'a: 0x1F\n'],
    ['a fraction', 'a: 1.5\n'],
    ['infinity', 'a: .inf\n'],
    ['a plus sign', 'a: +1\n'],
    ['sixteen digits', 'a: 1234567890123456\n'],
    ['a trailing comma', 'a: [1, 2,]\n'],
    ['an empty flow value', 'a: { x: , y: 1 }\n'],
    ['nested mappings on one line', 'a: b: c\n'],
    ['a nested list on one line', '- - a\n'],
    ['a comment without a space', 'a: "x"#c\n'],
    ['an empty file', ''],
    ['only comments', '# x\n\n'],
    ['a top-level scalar', 'text\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a list at the wrong indentation', 'a:\n  - 1\n - 2\n'],
    ['a long key', `${'k'.repeat(1001)}: 1\n`],
  ])('declines %s', (_what, text) => {
    expect(readPlainYaml(text, 32)).toBeUndefined();
  });

  it('declines nesting at the depth limit', () => {
    expect(readPlainYaml('a: { b: [c] }\n', 3)).toBeDefined();
    expect(readPlainYaml('a: { b: [c] }\n', 2)).toBeUndefined();
  });

  it('reads every example, fixture and bench intent the full parser reads, to the same value and positions', () => {
    const files = corpus();
    let read = 0;
    for (const [name, text] of files) if (compare(name, text) === 'read') read++;
    // Nearly every file is plain YAML; the rest are fixtures about YAML itself.
    expect(read).toBeGreaterThan(files.size * 0.75);
  });

  it('agrees with the full parser on mutated files, or declines them', () => {
    const files = [...corpus()].filter(([name]) => !name.startsWith('bench/'));
    let read = 0;
    for (let seed = 1; seed <= cases; seed++) {
      const rnd = random(seed);
      const [name, text] = pick(rnd, files);
      if (compare(name, mutateText(text, seed)) === 'read') read++;
    }
    expect(read).toBeGreaterThan(cases / 10);
  }, fuzzTimeout);

  it('agrees with the full parser on mutated and re-serialized intents, or declines them', () => {
    const serialized = cases / 10;
    const examples = [...corpus()].filter(([name]) => name.startsWith('intent/examples/')).map(([name, text]) => ({ name, text }));
    const original = new Map(examples.map((e) => [e.name, e.text]));
    let read = 0;
    for (let seed = 1; seed <= serialized; seed++) {
      const { files } = mutateIntent(examples, seed);
      for (const [name, text] of files) if (typeof text === 'string' && text !== original.get(name) && compare(name, text) === 'read') read++;
      if (compare(`random-${seed}.yaml`, stringify(randomIntent(seed))) === 'read') read++;
    }
    expect(read).toBeGreaterThan(serialized / 2);
  }, fuzzTimeout);
});
