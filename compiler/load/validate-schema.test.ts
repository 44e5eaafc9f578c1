/**
 * validate-schema: every JSON Schema keyword the intent schema uses maps to a coded diagnostic at the
 * offending key or value, with a readable path that names list items by name, and a suggestion for
 * typos.
 */
import { describe, expect, it } from 'vitest';
import { baseIntent, compileText, edit } from '../../test-helpers/intent.js';
import { fabricSchema } from './schema-source.js';
import { findUnsafe, suggest } from './validate-schema.js';

/** Keywords validate-schema translates, each to its own diagnostic. */
const translated = ['additionalProperties', 'required', 'type', 'minimum', 'maximum', 'pattern', 'enum', 'const', 'minItems', 'maxItems', 'uniqueItems', 'if'];
/** Keywords that structure the schema or annotate it, and never fail by themselves. */
const structural = ['$schema', 'title', 'description', 'default', 'x-expected', 'properties', 'definitions', 'items', 'allOf', '$ref', 'then', 'else'];

function keywordsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) keywordsOf(s, out);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties' || k === 'definitions') {
        for (const sub of Object.values(v as Record<string, unknown>)) keywordsOf(sub, out);
      } else if (k !== 'enum' && k !== 'const' && k !== 'default' && k !== 'required') {
        keywordsOf(v, out);
      }
    }
  }
  return out;
}

/** The one diagnostic of an intent with one mistake: `line:col CODE message` (and hint). */
function only(text: string): { at: string; message: string; hint: string | undefined } {
  const result = compileText(text);
  expect(result.diagnostics, result.diagnostics.map((d) => d.message).join('\n')).toHaveLength(1);
  const d = result.diagnostics[0];
  return { at: `${d?.span?.line ?? 0}:${d?.span?.col ?? 0} ${d?.code ?? ''}`, message: d?.message ?? '', hint: d?.hint };
}

describe('the schema uses only keywords validate-schema translates', () => {
  it('has no validation keyword without a translation', () => {
    const used = [...keywordsOf(fabricSchema)].filter((k) => !structural.includes(k));
    expect(used.filter((k) => !translated.includes(k))).toEqual([]);
  });
});

describe('each keyword', () => {
  it('additionalProperties: an unknown key, with the nearest known key', () => {
    expect(only(edit(baseIntent, '  name: lab\n', '  name: lab\n  mtuu: 9000\n'))).toEqual({
      at: '4:3 CLOS2001',
      message: "unknown key 'mtuu' in fabric",
      hint: "did you mean 'mtu'?",
    });
  });

  it('additionalProperties: an unknown key with no near one lists the allowed keys', () => {
    expect(only(edit(baseIntent, '  - { name: spine1, id: 1 }', '  - { name: spine1, id: 1, color: red }')).hint).toBe('allowed keys: name, id, platform, virtual');
  });

  it('additionalProperties: an unknown top-level key is located in its file', () => {
    expect(only(edit(baseIntent, 'servers:', 'server:'))).toEqual({ at: '31:1 CLOS2001', message: "unknown key 'server' at the top level", hint: "did you mean 'servers'?" });
  });

  it("additionalProperties: a region's key at the top level of a fabric says where a region's file belongs", () => {
    const hint = compileText(`${baseIntent}region:\n  name: sha\n`).diagnostics.find((d) => d.code === 'CLOS2001')?.hint;
    expect(hint).toBe("'region' is the key of a region's file: clos reads a region from the directory that holds it, as region.yaml (not region.yml) beside one directory per fabric; give that directory, not the file");
  });

  it('additionalProperties: an unknown key deep in a list is located and its path names items', () => {
    expect(only(edit(baseIntent, '            vlan: 110\n', '            vlan: 110\n            vlna: 3\n'))).toMatchObject({
      at: '25:13 CLOS2001',
      message: "unknown key 'vlna' in tenants[acme].vrfs[prod].networks[web]",
      hint: "did you mean 'vlan'?",
    });
  });

  it('required: a missing key points at the key of the object that lacks it', () => {
    expect(only(edit(baseIntent, '    leaf_base: 65100\n', '    leaf_base: 65100\n').replace('    spine: 65000\n', ''))).toEqual({
      at: '4:3 CLOS2003',
      message: "fabric.asn is missing required key 'spine'",
      hint: undefined,
    });
  });

  it('required: a list item without a key points at the item', () => {
    expect(only(edit(baseIntent, '            vlan: 110\n', ''))).toMatchObject({ at: '23:13 CLOS2003', message: "tenants[acme].vrfs[prod].networks[web] is missing required key 'vlan'" });
  });

  it('required: a missing top-level key points at the file that sets version', () => {
    const result = compileText({ 'a.yaml': 'leaves:\n  - { name: leaf1, id: 11 }\n', 'b.yaml': baseIntent.slice(0, baseIntent.indexOf('spines:')) });
    expect(result.diagnostics.map((d) => `${d.span?.file ?? ''}:${d.span?.line ?? 0}:${d.span?.col ?? 0} ${d.code} ${d.message}`)).toEqual([
      "b.yaml:1:1 CLOS2003 the intent is missing required key 'spines'",
    ]);
  });

  it('type: names the expected and the actual type, with a hint for quoted numbers', () => {
    expect(only(edit(baseIntent, '  name: lab\n', '  name: lab\n  mtu: "9000"\n'))).toEqual({
      at: '4:8 CLOS2002',
      message: 'fabric.mtu must be an integer, got string "9000"',
      hint: 'write 9000 without quotes',
    });
  });

  it('type: YAML 1.1 booleans get a hint', () => {
    expect(only(edit(baseIntent, '  name: lab\n', '  name: lab\n  bfd: yes\n')).hint).toBe("YAML 1.2 reads 'yes' as text; write true");
    expect(only(edit(baseIntent, '  name: lab\n', '  name: lab\n  bfd: off\n')).hint).toBe("YAML 1.2 reads 'off' as text; write false");
  });

  it('type: a fraction is not an integer', () => {
    expect(only(edit(baseIntent, 'spine: 65000', 'spine: 65000.5'))).toMatchObject({ at: '5:12 CLOS2002', message: 'fabric.asn.spine must be an integer, got the number 65000.5' });
  });

  it('type: an empty value is nothing (null), located at its key line', () => {
    expect(only(edit(baseIntent, '  name: lab\n', '  name:\n'))).toMatchObject({ at: '3:8 CLOS2002', message: 'fabric.name must be a string, got nothing (null)' });
  });

  it('type: a mapping where a list belongs, and a list where a mapping belongs', () => {
    expect(only(edit(baseIntent, '        networks:\n          - name: web', '        networks:\n            name: web').replace(/          - name: db[\s\S]*?leaves: \[tag:db\]\n/, ''))).toMatchObject({
      at: '23:13 CLOS2002',
      message: 'tenants[acme].vrfs[prod].networks must be a list, got a mapping',
      hint: "start each item with '- ' (or write [a, b])",
    });
    expect(only(edit(baseIntent, 'fabric:\n  name: lab', 'fabric:\n  - name: lab').replace(/\n {2}asn:[\s\S]*?p2p: 10.1.0.0\/16\n/, '\n'))).toMatchObject({
      at: '3:3 CLOS2002',
      message: 'fabric must be a mapping, got a list',
      hint: "remove the '- ': this key takes a mapping, not a list",
    });
  });

  it('minimum and maximum: the value and the range', () => {
    expect(only(edit(baseIntent, 'vlan: 110', 'vlan: 4095'))).toEqual({ at: '24:19 CLOS2004', message: 'tenants[acme].vrfs[prod].networks[web].vlan is 4095, outside 1..4094', hint: undefined });
    expect(only(edit(baseIntent, 'vlan: 110', 'vlan: 0')).message).toBe('tenants[acme].vrfs[prod].networks[web].vlan is 0, outside 1..4094');
    expect(only(edit(baseIntent, 'l3vni: 50001', 'l3vni: 16777216')).message).toBe('tenants[acme].vrfs[prod].l3vni is 16777216, outside 1..16777215');
  });

  it('pattern: what was expected, in words', () => {
    expect(only(edit(baseIntent, 'loopback: 10.0.0.0/24', 'loopback: 10.0.0.0'))).toEqual({
      at: '8:15 CLOS2005',
      message: "fabric.pools.loopback '10.0.0.0' is not an IPv4 prefix in CIDR notation such as 10.0.0.0/24",
      hint: 'a prefix needs its length, e.g. /24',
    });
    expect(only(edit(baseIntent, '{ name: leaf1,', '{ name: Leaf1,')).hint).toBe("names are lowercase: 'leaf1'");
  });

  it('pattern: an unsafe character is named, not just refused, and the format is in the hint', () => {
    expect(only(edit(baseIntent, '{ name: leaf1,', '{ name: "leaf1;reboot",'))).toEqual({
      at: '15:13 CLOS2007',
      message: "leaves[0].name contains ';', which is not allowed in anything that reaches a configuration file",
      hint: "expected a device name (lowercase letters, digits and '-', starting with a letter, at most 63 characters)",
    });
  });

  it('type: a string where a mapping or a list belongs', () => {
    expect(only(edit(baseIntent, '  - { name: spine2, id: 2 }', '  - spine2')).hint).toBe('write a mapping of keys, e.g. { name: spine2, ... }');
    expect(only(edit(baseIntent, "spines:\n  - { name: spine1, id: 1 }\n  - { name: spine2, id: 2 }", 'spines: spine1, spine2')).hint).toBe("start each item with '- ' (or write [a, b])");
  });

  it('enum: the allowed values, with the nearest one', () => {
    expect(only(edit(baseIntent, '  name: lab\n', '  name: lab\n  platform: ffr\n'))).toEqual({
      at: '4:13 CLOS2006',
      message: "fabric.platform is 'ffr'; allowed: frr, eos, nxos",
      hint: "did you mean 'frr'?",
    });
    expect(only(edit(baseIntent, 'mode: access', 'mode: acess')).hint).toBe("did you mean 'access'?");
  });

  it('enum of the wrong type: one wrong-type error, not also an invalid value', () => {
    expect(only(edit(baseIntent, 'mode: access', 'mode: 5'))).toMatchObject({ message: 'servers[web01].mode must be a string, got number 5' });
    expect(only(edit(baseIntent, 'mode: access', 'mode: [access]')).at).toMatch(/ CLOS2002$/);
  });

  it('const: an unsupported version, with a hint for the quoted 1', () => {
    expect(only(edit(baseIntent, 'version: 1', 'version: 2'))).toEqual({ at: '1:10 CLOS2010', message: 'intent version 2 is not supported; this clos reads version 1', hint: undefined });
    expect(only(edit(baseIntent, 'version: 1', 'version: "1"'))).toEqual({
      at: '1:10 CLOS2010',
      message: 'intent version string "1" is not supported; this clos reads version 1',
      hint: 'write version: 1 without quotes',
    });
  });

  it('minItems: an empty list', () => {
    expect(only(edit(baseIntent, 'spines:\n  - { name: spine1, id: 1 }\n  - { name: spine2, id: 2 }\n', 'spines: []\n'))).toEqual({
      at: '11:9 CLOS2008',
      message: 'spines must list at least 1 item',
      hint: undefined,
    });
  });

  it('uniqueItems: the repeated item, at its second place, with the first', () => {
    const result = compileText(edit(baseIntent, 'tags: [web]', 'tags: [web, edge, web]'));
    expect(result.diagnostics.map((d) => `${d.span?.line ?? 0}:${d.span?.col ?? 0} ${d.code} ${d.message}`)).toEqual([
      "15:46 CLOS2009 leaves[leaf1].tags lists 'web' twice",
    ]);
    expect(result.diagnostics[0]?.related[0]?.span).toMatchObject({ line: 15, col: 35 });
  });

  it('reports every error, not the first', () => {
    const text = edit(edit(edit(baseIntent, 'vlan: 110', 'vlan: 5000'), 'l3vni: 50001', 'l3vni: x'), '  name: lab\n', '  name: lab\n  mtuu: 1\n');
    expect(compileText(text).diagnostics.map((d) => d.code)).toEqual(['CLOS2001', 'CLOS2002', 'CLOS2004']);
  });
});

describe('findUnsafe', () => {
  it.each([
    ['a\nb', 'a newline'],
    ['a\rb', 'a carriage return'],
    ['a\tb', 'a tab'],
    ['a\u0007b', 'a control character (U+0007)'],
    ['a\u007fb', 'a control character (U+007F)'],
    ['lеaf1', "a non-ASCII character 'е' (U+0435)"],
    ['leaf\u200b1', "a non-ASCII character '\u200b' (U+200B)"],
    ['a b', 'a space'],
    ['a!b', "'!'"],
    ['a#b', "'#'"],
    ['a"b', "'\"'"],
    ["a'b", "'''"],
    ['a`b', "'`'"],
    ['$(reboot)', "'$', '(' and ')'"],
    ['a b#c', "a space and '#'"],
    ['a;b', "';'"],
    ['a|b', "'|'"],
    ['a&b', "'&'"],
    ['a>b', "'>'"],
    ['a\\b', "'\\'"],
  ])('names the first unsafe character of %j', (text, what) => {
    expect(findUnsafe(text)).toBe(what);
  });

  it.each(['leaf1', 'dc1-spine-01', 'r01', 'hv_01.example', 'label:web', 'tag:pci'])('accepts %s', (text) => {
    expect(findUnsafe(text.replace(':', ''))).toBeUndefined();
  });
});

describe('suggest', () => {
  it('suggests the nearest name when it is close', () => {
    expect(suggest('leaf01', ['leaf1', 'leaf10', 'spine1'])).toBe("did you mean 'leaf1'?");
    expect(suggest('prodweb', ['prod-web', 'dev-web'])).toBe("did you mean 'prod-web'?");
  });

  it('suggests nothing when no name is close', () => {
    expect(suggest('storage', ['leaf1', 'spine1'])).toBeUndefined();
    expect(suggest('x', [])).toBeUndefined();
  });
});
