/**
 * parse-yaml: hostile and unusual YAML is bounded and reported with a code at the exact place;
 * ordinary YAML (CRLF, BOM, merge keys, anchors) becomes plain data with positions.
 */
import { describe, expect, it } from 'vitest';
import { defaultYamlLimits, numberFormatProblem, parseYamlFile, type YamlLimits } from './parse-yaml.js';
import { SourceIndex } from './source-index.js';

function parse(text: string, limits: YamlLimits = defaultYamlLimits): { value: unknown; found: string[]; messages: string[]; index: SourceIndex } {
  const index = new SourceIndex();
  const parsed = parseYamlFile('f.yaml', text, index, limits);
  return {
    value: parsed.value,
    found: parsed.diagnostics.map((d) => `${d.span?.line ?? 0}:${d.span?.col ?? 0} ${d.code}`),
    messages: parsed.diagnostics.map((d) => d.message),
    index,
  };
}

describe('plain YAML', () => {
  it('turns mappings, lists and scalars into plain data', () => {
    const { value, found } = parse('a: 1\nb: [x, "y"]\nc: { d: true, e: ~ }\n');
    expect(found).toEqual([]);
    expect(value).toEqual({ a: 1, b: ['x', 'y'], c: { d: true, e: null } });
  });

  it('reads YAML 1.2: yes/no/on/off are text, 0x1F-style spellings are refused (see number formats)', () => {
    expect(parse('a: yes\nb: off\nc: True\n').value).toEqual({ a: 'yes', b: 'off', c: true });
  });

  it('records where every mapping and list came from', () => {
    const { value, index } = parse('top:\n  list:\n    - { name: x, id: 7 }\n');
    const item = ((value as { top: { list: object[] } }).top.list)[0] ?? {};
    expect(index.valueSpan(item, 'id')).toMatchObject({ line: 3, col: 22 });
    expect(index.keySpan(item, 'name')).toMatchObject({ line: 3, col: 9 });
    expect(index.path(item, 'id')).toBe('top.list[x].id');
  });

  it('strips a byte order mark', () => {
    const { value, found } = parse('\uFEFFa: 1\n');
    expect(found).toEqual([]);
    expect(value).toEqual({ a: 1 });
  });

  it('counts lines and columns the same with CRLF line endings', () => {
    const { value, index, found } = parse('a: 1\r\nb:\r\n  c: 2\r\n');
    expect(found).toEqual([]);
    const b = (value as { b: object }).b;
    expect(index.valueSpan(b, 'c')).toMatchObject({ line: 3, col: 6 });
  });

  it('says why a file with CR-only line ends does not parse', () => {
    const parsed = parseYamlFile('f.yaml', 'version: 1\rfabric:\r  name: lab\r', new SourceIndex(), defaultYamlLimits);
    expect(parsed.diagnostics.map((d) => d.code)).toContain('CLOS1001');
    expect(parsed.diagnostics.find((d) => d.code === 'CLOS1001')?.hint).toContain("this file's lines end in a carriage return alone");
    // CRLF is not CR alone.
    expect(parseYamlFile('g.yaml', 'version: 1\r\nfabric:\r\n  name: lab\r\n', new SourceIndex(), defaultYamlLimits).diagnostics).toEqual([]);
  });

  it('keeps positions right after tokens the parser recovered from', () => {
    // Lines swapped by accident: the parser recovers through multi-line tokens; every error must
    // still point inside its line.
    const text = '# header\n  name: quickstart\n\nfabric:\nversion: 1\n  platform: frr\n  asn:\n    spine: 65000\n';
    const index = new SourceIndex();
    const lines = text.split('\n');
    for (const d of parseYamlFile('f.yaml', text, index).diagnostics) {
      expect(d.span?.col ?? 0, d.message).toBeLessThanOrEqual((lines[(d.span?.line ?? 1) - 1] ?? '').length + 1);
    }
  });

  it('accepts a tab after a colon but not as indentation, reported once per line', () => {
    expect(parse('a:\t1\n').value).toEqual({ a: 1 });
    expect(parse('a:\n\tb: 1\n').found).toEqual(['2:1 CLOS1001']);
    expect(parse('fabric:\n  asn:\n    spine: 65000\n\tleaf_base: 65100\n').found).toEqual(['4:1 CLOS1001']);
  });

  it('keeps __proto__ as data without touching any prototype', () => {
    const { value } = parse('__proto__: { polluted: true }\nconstructor: 1\n');
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('empty and multi-document files', () => {
  it('warns about an empty file', () => {
    expect(parse('').found).toEqual(['1:1 CLOS1013']);
    expect(parse('# only a comment\n\n').found).toEqual(['1:1 CLOS1013']);
    expect(parse('---\n').found).toEqual(['1:1 CLOS1013']);
    expect(parse('~\n').found).toEqual(['1:1 CLOS1013']);
  });

  it('accepts one document with a leading ---', () => {
    expect(parse('---\na: 1\n').value).toEqual({ a: 1 });
  });

  it('refuses several documents, pointing at the second', () => {
    const { found, value } = parse('a: 1\n---\nb: 2\n');
    expect(found).toEqual(['2:1 CLOS1012']);
    expect(value).toBeUndefined();
  });
});

describe('keys', () => {
  it('reports a duplicate key at the second occurrence, by name', () => {
    const { found, messages } = parse('fabric:\n  mtu: 9000\n  name: x\n  mtu: 9100\n');
    expect(found).toEqual(['4:3 CLOS1002']);
    expect(messages[0]).toBe("key 'mtu' is given twice in the same mapping");
  });

  it('reports duplicate keys in flow mappings too', () => {
    expect(parse('a: { x: 1, x: 2 }\n').found).toEqual(['1:12 CLOS1002']);
  });

  it('refuses non-string keys', () => {
    expect(parse('1: a\n').found).toEqual(['1:1 CLOS1006']);
    expect(parse('~: a\n').messages[0]).toBe('unsupported YAML: keys must be plain strings, got an empty key (null)');
    expect(parse('true: a\n').messages[0]).toBe('unsupported YAML: keys must be plain strings, got boolean true');
  });

  it('refuses complex keys', () => {
    const { found, messages } = parse('? [a, b]\n: 1\n');
    expect(found).toEqual(['1:3 CLOS1006']);
    expect(messages[0]).toContain('complex (mapping or sequence) key');
    expect(parse('{ a: 1 }: 2\n').found).toEqual(['1:1 CLOS1006']);
  });
});

describe('tags', () => {
  it('refuses custom tags', () => {
    const { found, messages } = parse('a: !vault 1234\n');
    expect(found).toEqual(['1:4 CLOS1006']);
    expect(messages[0]).toContain('custom tags are not part of the intent language');
  });

  it('refuses YAML 1.1 types outside the core schema', () => {
    expect(parse('a: !!binary aGVsbG8=\n').found).toEqual(['1:4 CLOS1006']);
    expect(parse('a: !!set { x }\n').found).toEqual(['1:4 CLOS1006']);
    expect(parse('a: !!timestamp 2001-12-14\n').found).toEqual(['1:4 CLOS1006']);
  });

  it('accepts core-schema tags', () => {
    expect(parse('a: !!str 110\n').value).toEqual({ a: '110' });
  });
});

describe('number formats', () => {
  it.each([
    ['0110', 'has a leading zero: YAML 1.1 tools read it as octal (72), YAML 1.2 as 110'],
    ['089', 'has a leading zero: YAML 1.1 tools read it as text, YAML 1.2 as a number'],
    ['1e2', 'is in exponent notation: YAML 1.1 tools read it as text'],
    ['0x6e', 'is hexadecimal'],
    ['0o17', 'is octal: YAML 1.1 tools read it as text'],
    ['9000.0', 'is a fraction where a whole number is expected'],
    ['9000.', 'is a fraction where a whole number is expected'],
    ['+5', "has a '+' sign"],
  ])('refuses %s as a whole number', (text, why) => {
    expect(numberFormatProblem(text)).toBe(why);
    const { found, value } = parse(`vlan: ${text}\n`);
    expect(found).toEqual(['1:7 CLOS1018']);
    expect(value).toBeUndefined();
  });

  it.each(['0', '110', '-5', '4294967294'])('accepts %s', (text) => {
    expect(numberFormatProblem(text)).toBeUndefined();
    expect(parse(`n: ${text}\n`).value).toEqual({ n: Number(text) });
  });

  it('leaves fractions and infinities to the schema (they are wrong types, not spellings)', () => {
    expect(parse('asn: 65000.5\n').value).toEqual({ asn: 65000.5 });
    expect(parse('asn: .inf\n').value).toEqual({ asn: Infinity });
  });

  it('accepts quoted digits as text', () => {
    expect(parse('rack: "0110"\n').value).toEqual({ rack: '0110' });
  });
});

describe('anchors, aliases and merge keys', () => {
  it('expands aliases to the last anchor of that name before them', () => {
    expect(parse('a: &x 1\nb: *x\nc: &x 2\nd: *x\n').value).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  it('reports an alias to no anchor, with the nearest anchor', () => {
    const { found, messages } = parse('a: *nope\n');
    expect(found).toEqual(['1:4 CLOS1001']);
    expect(messages[0]).toBe("YAML syntax error: alias '*nope' refers to no anchor '&nope' before it");
    const index = new SourceIndex();
    const typo = parseYamlFile('f.yaml', 'a: &leaf-defaults { x: 1 }\nb: *leaf-default\n', index);
    expect(typo.diagnostics[0]?.hint).toBe("did you mean '*leaf-defaults'?");
  });

  it('merges `<<` mappings; explicit keys win, earlier merges win over later ones', () => {
    const text = 'base: &b { mtu: 1500, vlan: 1 }\nmore: &m { vlan: 2, labels: [x] }\nnet:\n  <<: [*b, *m]\n  vlan: 3\n';
    expect((parse(text).value as { net: unknown }).net).toEqual({ vlan: 3, mtu: 1500, labels: ['x'] });
  });

  it('merges what a merged mapping merges itself', () => {
    const text = 'a: &a { x: 1 }\nb: &b { <<: *a, y: 2 }\nc:\n  <<: *b\n';
    expect((parse(text).value as { c: unknown }).c).toEqual({ y: 2, x: 1 });
  });

  it('points a merged key at its anchor definition', () => {
    const { value, index } = parse('base: &b\n  mtu: 1500\nnet:\n  <<: *b\n');
    const net = (value as { net: object }).net;
    expect(index.valueSpan(net, 'mtu')).toMatchObject({ line: 2, col: 8 });
  });

  it('points every position inside an alias\'s copy at the alias, and the anchored value at itself', () => {
    const { value, index } = parse('spines:\n  - &s { name: s1, ports: [1, 2] }\n  - *s\nmore:\n  x: &l [{ a: 1 }]\n  y: *l\n');
    const { spines, more } = value as { spines: [object & { ports: object }, object & { ports: object }]; more: { x: [object]; y: [object] } };
    expect(spines[1]).not.toBe(spines[0]);
    expect(index.keySpan(spines[0], 'name')).toMatchObject({ line: 2, col: 10 });
    for (const at of [index.span(spines[1]), index.keySpan(spines[1], 'name'), index.valueSpan(spines[1], 'name'), index.span(spines[1].ports), index.valueSpan(spines[1].ports, 0)]) {
      expect(at).toMatchObject({ line: 3, col: 5, endLine: 3, endCol: 7 });
    }
    // Nested: the outermost alias is where the user wrote the copy.
    expect(index.span(more.y[0])).toMatchObject({ line: 6, col: 6 });
    expect(index.span(more.x[0])).toMatchObject({ line: 5, col: 10 });
  });

  it('refuses a merge of something that is not a mapping', () => {
    expect(parse('a: &a [1]\nb:\n  <<: *a\n').found).toEqual(['3:7 CLOS1006']);
    expect(parse('b:\n  <<: *nope\n').found).toEqual(['2:7 CLOS1001']);
  });

  it('stops an alias bomb (billion laughs) at the expansion limit', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const { found, messages } = parse(`${lines.join('\n')}\n`);
    expect(found).toEqual(['5:36 CLOS1003']); // the alias where the expansion budget ran out
    expect(messages[0]).toContain('more than 100000 nodes');
  });

  it('stops a merge-key bomb at the expansion limit', () => {
    const lines = ['a0: &a0 { k: 1 }'];
    for (let i = 1; i < 20; i++) lines.push(`a${i}: &a${i} { <<: [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}] }`);
    expect(parse(`${lines.join('\n')}\n`, { ...defaultYamlLimits, maxAliasNodes: 1000 }).found).toEqual(['6:21 CLOS1003']);
  });

  it('stops a self-referencing alias at the nesting limit', () => {
    expect(parse('a: &a\n  b: *a\n').found).toEqual(['2:3 CLOS1005']);
    expect(parse('a: &a [*a]\n').found).toEqual(['1:7 CLOS1005']);
  });
});

describe('limits', () => {
  it('refuses a file over the size limit before parsing it', () => {
    const { found, messages } = parse('a: 1\n'.repeat(100), { ...defaultYamlLimits, maxFileChars: 100 });
    expect(found).toEqual(['1:1 CLOS1004']);
    expect(messages[0]).toBe('intent file is 500 bytes, more than the limit of 100 bytes');
  });

  it('refuses deep flow nesting at the first bracket past the limit, before the parser sees it', () => {
    const { found } = parse(`a: ${'['.repeat(10_000)}\n`);
    expect(found).toEqual(['1:36 CLOS1005']);
  });

  it('ignores brackets inside quotes and comments', () => {
    const text = `a: "${'['.repeat(100)}" # ${'{'.repeat(100)}\nb: '${'{'.repeat(100)}'\n`;
    expect(parse(text).found).toEqual([]);
  });

  it('refuses deep block nesting by indentation', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(parse(`${text}\n`).found).toEqual(['258:257 CLOS1005']);
  });

  it('refuses deep block nesting on one line (- - - and a: b: c:)', () => {
    expect(parse(`${'- '.repeat(10_000)}x\n`).found).toEqual(['1:65 CLOS1005']);
    expect(parse(`${'a: '.repeat(10_000)}x\n`).found).toEqual(['1:98 CLOS1005']);
    expect(parse(`${'? '.repeat(10_000)}x\n`).found).toEqual(['1:65 CLOS1005']);
  });

  it('refuses nesting deeper than the limit that indentation allows', () => {
    const text = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(parse(`${text} 1\n`).found).toEqual(['33:65 CLOS1005']);
  });

  it('reports at most ten YAML errors per file, then how many more', () => {
    const text = Array.from({ length: 30 }, (_, i) => `k${i}: [`).join('\n');
    const { found, messages } = parse(`${text}\n`);
    expect(found).toHaveLength(11);
    expect(messages.at(-1)).toMatch(/^YAML syntax error: \d+ more YAML errors in this file not shown; fix the ones above first$/);
  });

  it('reports text decoded from invalid UTF-8 (U+FFFD) where it starts', () => {
    expect(parse('a: 1\nrack: Z\uFFFDrich\n').found).toEqual(['2:8 CLOS1016']);
  });
});
