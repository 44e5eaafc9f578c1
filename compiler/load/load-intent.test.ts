/**
 * load-intent: a directory intent is its files merged in name order; lists concatenate, any other
 * top-level key in two files is an error naming both places; `version` is set in exactly one file.
 */
import { describe, expect, it } from 'vitest';
import { baseIntent, compileText, errorsOf, located } from '../../test-helpers/intent.js';
import { defaultLoadLimits, loadIntent } from './load-intent.js';

const fabric = baseIntent.slice(0, baseIntent.indexOf('spines:'));
const spines = 'spines:\n  - { name: spine1, id: 1 }\n  - { name: spine2, id: 2 }\n';

function load(files: Record<string, string>): ReturnType<typeof loadIntent> {
  return loadIntent(Object.entries(files).map(([name, text]) => ({ name, text })));
}

describe('merging the files of a directory', () => {
  it('concatenates lists in file-name order, whatever order the files come in', () => {
    const files = {
      'b-leaves.yaml': 'leaves:\n  - { name: leaf3, id: 13 }\n',
      'fabric.yaml': `${fabric}${spines}`,
      'a-leaves.yaml': 'leaves:\n  - { name: leaf1, id: 11 }\n  - { name: leaf2, id: 12 }\n',
    };
    const loaded = load(files);
    expect(loaded.diagnostics).toEqual([]);
    const raw = loaded.value?.raw as { leaves: { name: string }[] };
    expect(raw.leaves.map((l) => l.name)).toEqual(['leaf1', 'leaf2', 'leaf3']);
    expect(loaded.value?.files).toEqual(['a-leaves.yaml', 'b-leaves.yaml', 'fabric.yaml']);
  });

  it('compiles a directory intent to the same devices as the one-file intent', () => {
    const one = compileText(`${fabric}${spines}leaves:\n  - { name: leaf1, id: 11 }\n  - { name: leaf2, id: 12 }\n`);
    const split = compileText({
      'fabric.yaml': fabric,
      'spines.yaml': spines,
      'leaves-1.yaml': 'leaves:\n  - { name: leaf2, id: 12 }\n',
      'leaves-0.yaml': 'leaves:\n  - { name: leaf1, id: 11 }\n',
    });
    expect(split.diagnostics).toEqual([]);
    expect(JSON.stringify(split.devices)).toBe(JSON.stringify(one.devices));
  });

  it('refuses a mapping key in two files, naming both places', () => {
    const loaded = load({ 'a.yaml': `${fabric}${spines}`, 'b.yaml': 'fabric:\n  name: other\n' });
    expect(located(loaded.diagnostics)).toEqual(['b.yaml:1:1 CLOS1009']);
    const d = loaded.diagnostics[0];
    expect(d?.message).toBe("top-level key 'fabric' is given in two files; only lists (spines, leaves, tenants, servers) may be split across files");
    expect(d?.related).toEqual([{ message: "'fabric' is first given here", span: { file: 'a.yaml', line: 2, col: 1, endLine: 2, endCol: 7 } }]);
  });

  it('refuses version in two files', () => {
    const loaded = load({ 'a.yaml': `${fabric}${spines}`, 'leaves.yaml': 'version: 1\nleaves: []\n' });
    expect(located(loaded.diagnostics)).toEqual(['leaves.yaml:1:1 CLOS1009']);
    expect(loaded.diagnostics[0]?.related[0]?.span).toMatchObject({ file: 'a.yaml', line: 1, col: 1 });
  });

  it('requires version in one file, and still reports a misspelt key', () => {
    const result = compileText({ 'fabric.yaml': baseIntent.replace('version: 1', 'vesion: 1') });
    expect(errorsOf(result)).toEqual(['fabric.yaml:1:1 CLOS1010', 'fabric.yaml:1:1 CLOS2001']);
    expect(result.diagnostics[1]?.hint).toBe("did you mean 'version'?");
  });

  it('reports a missing version at the first file when no file has content', () => {
    const result = compileText({ 'b.yaml': '# nothing yet\n', 'a.yaml': '' });
    expect(located(result.diagnostics)).toEqual(['a.yaml:1:1 CLOS1010', 'a.yaml:1:1 CLOS1013', 'b.yaml:1:1 CLOS1013']);
  });

  it('reports a list key that is not a list where it is written, not as a merge conflict', () => {
    const result = compileText({ 'a.yaml': `${fabric}${spines}leaves:\n  - { name: leaf1, id: 11 }\n`, 'b.yaml': 'leaves:\n  name: leaf2\n' });
    expect(errorsOf(result)).toEqual(['b.yaml:2:3 CLOS2002']);
    expect(result.diagnostics[0]?.message).toBe('leaves must be a list, got a mapping');
  });

  it('points an error in the second file at that file, naming the item by name', () => {
    const result = compileText({ 'a.yaml': `${fabric}${spines}leaves:\n  - { name: leaf1, id: 11 }\n`, 'b.yaml': '# more leaves\nleaves:\n  - { name: leaf2, id: 12, asn: x }\n' });
    expect(errorsOf(result)).toEqual(['b.yaml:3:33 CLOS2002']);
    expect(result.diagnostics[0]?.message).toBe('leaves[leaf2].asn must be an integer, got string "x"');
  });

  it('refuses a file that is not a mapping', () => {
    expect(located(load({ 'a.yaml': '- leaf1\n- leaf2\n' }).diagnostics)).toEqual(['a.yaml:1:1 CLOS1015']);
    expect(load({ 'a.yaml': 'just text\n' }).diagnostics[0]?.message).toBe('an intent file must be a mapping of top-level keys, got string "just text"');
  });

  it('refuses too many files and too much text before parsing any', () => {
    const many = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}.yaml`, 'x: 1\n']));
    const limits = { ...defaultLoadLimits, maxFiles: 3 };
    expect(located(loadIntent(Object.entries(many).map(([name, text]) => ({ name, text })), limits).diagnostics)).toEqual([':1:1 CLOS1014']);
    const big = loadIntent([{ name: 'a.yaml', text: 'x'.repeat(101) }], { ...defaultLoadLimits, maxTotalChars: 100 });
    expect(big.diagnostics.map((d) => d.code)).toEqual(['CLOS1017']);
  });

  it('reports errors of every file, not only the first', () => {
    const result = load({ 'a.yaml': 'a: [\n', 'b.yaml': 'b: 0110\n' });
    expect(located(result.diagnostics)).toEqual(['a.yaml:2:1 CLOS1001', 'b.yaml:1:4 CLOS1018']);
  });
});
