/**
 * Positions in a plain-YAML file come from the plain reader read again (plain-yaml.ts
 * readPlainPositions), not from the full parser, except a block collection's end: the full parser
 * parses the file only for that. (That every position equals the full parser's is
 * plain-yaml.test.ts's.)
 */
import { describe, expect, it, vi } from 'vitest';
import { parseYamlFile } from './parse-yaml.js';
import { readPlainPositions } from './plain-yaml.js';
import { SourceIndex } from './source-index.js';

const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('./yaml-lib.js', async (importOriginal) => {
  const lib = await importOriginal<typeof import('./yaml-lib.js')>();
  return {
    ...lib,
    parseAllDocuments: (...args: Parameters<typeof lib.parseAllDocuments>) => {
      parses.count++;
      return lib.parseAllDocuments(...args);
    },
  };
});

const text = [
  'fabric:',
  '  name: dc9 # a comment',
  'servers:',
  '  - { name: a, attach: [{ leaf: l1, port: 2 }], mode: access }',
  "  - { name: 'b', networks: [x, y] }",
  '  -',
  'empty:',
  '',
].join('\n');

interface Root {
  readonly fabric: object;
  readonly servers: readonly [object, object, null];
  readonly empty: null;
}
type Query = (index: SourceIndex, root: Root) => ReturnType<SourceIndex['span']>;

/** Positions the plain reader gives: keys, scalars, flow collections, empty values, missing keys. */
const plainQueries: Query[] = [
  (i, r) => i.keySpan(r.fabric, 'name'),
  (i, r) => i.valueSpan(r.fabric, 'name'),
  (i, r) => i.span(r.servers[0]),
  (i, r) => i.valueSpan(r.servers[0], 'attach'),
  (i, r) => i.keySpan(r.servers[1], 'name'),
  (i, r) => i.valueSpan(r.servers[1], 'name'),
  (i, r) => i.valueSpan(r.servers, 1),
  (i, r) => i.valueSpan(r.servers, 2),
  (i, r) => i.valueSpan(r, 'empty'),
  (i, r) => i.keySpan(r, 'servers'),
  (i, r) => i.keySpan(r.servers[0], 'nope'),
];
/** Positions that need a block collection's end. */
const blockQueries: Query[] = [(i, r) => i.valueSpan(r, 'servers'), (i, r) => i.span(r), (i, r) => i.span(r.fabric), (i, r) => i.valueSpan(r.servers, 7)];

describe('positions in a plain-YAML file', () => {
  it('keys, scalars, flow collections and empty values without the full parser; a block collection once with it', () => {
    parses.count = 0;
    const index = new SourceIndex();
    const root = parseYamlFile('f.yaml', text, index).value as Root;
    const plain = plainQueries.map((q) => q(index, root));
    expect(parses.count).toBe(0);
    expect(plain[3]).toEqual({ file: 'f.yaml', line: 4, col: 24, endLine: 4, endCol: 47 });
    const block = blockQueries.map((q) => q(index, root));
    expect(parses.count).toBe(1);
    // The same positions as the full parser's.
    const full = new SourceIndex();
    const fullRoot = parseYamlFile('f.yaml', text, full, undefined, 'full').value as Root;
    expect(plain).toEqual(plainQueries.map((q) => q(full, fullRoot)));
    expect(block).toEqual(blockQueries.map((q) => q(full, fullRoot)));
  });

  it('are undefined where the plain reader declines the file', () => {
    expect(readPlainPositions('a: &x 1\n', 32)).toBeUndefined();
    expect(readPlainPositions('a: { b: 1 }\n', 32)?.map((c) => [c.start, c.end])).toEqual([
      [0, -1],
      [3, 11],
    ]);
  });
});
