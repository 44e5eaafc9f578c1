import { describe, expect, it } from 'vitest';
import { Random } from '../../bench/random.js';
import { join } from 'node:path';
import { readIntent } from '../../cli/intent-files.js';
import { compileIntent } from '../compile.js';
import { exampleNames, examplesDir, repoRoot } from '../../test-helpers/examples.js';
import { serializeModel, serializeModelChunks } from './model-json.js';
import { chunkLength, joinChunks } from './text-chunks.js';

/** A random JSON value: the shapes a device model has, and the strings and numbers JSON escapes or spells oddly. */
function randomValue(r: Random, depth: number): unknown {
  const kind = depth >= 4 ? r.int(0, 3) : r.int(0, 6);
  switch (kind) {
    case 0:
      return r.pick([null, true, false]);
    case 1:
      return r.pick([0, -0, 1, -1, 110, 4200000001, 1.5, -2.25e-7, 1e21, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE]);
    case 2:
    case 3:
      return randomString(r);
    case 4:
    case 5: {
      const n = r.int(0, 5);
      const scalarsOnly = r.chance(0.5);
      return Array.from({ length: n }, () => (scalarsOnly ? randomValue(r, 4) : randomValue(r, depth + 1)));
    }
    default: {
      const out: Record<string, unknown> = {};
      const n = r.int(0, 6);
      for (let i = 0; i < n; i++) out[randomString(r)] = randomValue(r, depth + 1);
      return out;
    }
  }
}

function randomString(r: Random): string {
  const alphabet = ['a', 'z', '0', '7', ' ', ',', ':', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u2028', 'é', '😀', '\ud800', '{', '[', ']', '}'];
  let s = '';
  const n = r.int(0, 8);
  for (let i = 0; i < n; i++) s += r.pick(alphabet);
  return s;
}

describe('model.json format', () => {
  it('prints objects one key per line, scalar lists inline and other lists one compact element per line', () => {
    const text = serializeModel({
      name: 'leaf1',
      tags: ['web', 'db'],
      none: [],
      empty: {},
      vlans: [
        { id: 110, name: 'web', network: null },
        { id: 120, name: 'app', ports: ['swp1', 'swp2'], peer: { device: 'spine1', port: 1 } },
      ],
      nested: { list: [[1, 2], []], routeTargets: { import: ['65000:1'] } },
    });
    expect(text).toBe(
      [
        '{',
        '  "name": "leaf1",',
        '  "tags": ["web","db"],',
        '  "none": [],',
        '  "empty": {},',
        '  "vlans": [',
        '    {"id":110,"name":"web","network":null},',
        '    {"id":120,"name":"app","ports":["swp1","swp2"],"peer":{"device":"spine1","port":1}}',
        '  ],',
        '  "nested": {',
        '    "list": [',
        '      [1,2],',
        '      []',
        '    ],',
        '    "routeTargets": {',
        '      "import": ["65000:1"]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('reads back, with JSON.parse, as the value JSON.stringify writes, on random values', () => {
    const r = new Random(20261125);
    for (let i = 0; i < 3000; i++) {
      const value = { root: randomValue(r, 0), list: [randomValue(r, 1), randomValue(r, 1)] };
      const text = serializeModel(value);
      expect(JSON.parse(text), text).toStrictEqual(JSON.parse(JSON.stringify(value)));
      expect(text.endsWith('}\n') && !text.endsWith('\n\n') && !text.includes('\r')).toBe(true);
      // Deterministic, and a fixed point of reading back.
      expect(serializeModel(JSON.parse(text) as object)).toBe(text);
    }
  });

  it('leaves out what JSON leaves out, and writes non-finite numbers as null', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, Number.NaN, Infinity], d: { e: Symbol('x') } };
    expect(JSON.parse(serializeModel(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
    expect(serializeModel(value)).toBe('{\n  "c": [null,null,null],\n  "d": {}\n}\n');
  });

  it('round-trips every device model of the examples', () => {
    for (const name of exampleNames()) {
      const devices = compileIntent(readIntent(join(examplesDir, name), repoRoot).sources).devices ?? [];
      expect(devices.length, name).toBeGreaterThan(0);
      for (const device of devices) {
        const text = serializeModel(device);
        expect(joinChunks(serializeModelChunks(device))).toBe(text);
        expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(device)));
        // The text of shared (frozen) parts is reused: the same text as an unshared, unfrozen copy's.
        expect(serializeModel(structuredClone(device))).toBe(text);
        // One list entry per line: no line of a list of objects spans lines.
        for (const line of text.split('\n')) expect(line.trimStart().startsWith('"') || /^\s*[{}[\]]/.test(line) || line === '', line).toBe(true);
      }
    }
  });

  it('gives a large model in chunks of about 64 KB, the same text', () => {
    const model = { name: 'big', vlans: Array.from({ length: 4000 }, (_, i) => ({ id: i, name: `net-${i}`, ports: [`swp${i % 48}`] })), nested: { empty: {}, list: [1, 2] } };
    const chunks = serializeModelChunks(model);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(chunkLength + 100);
    const text = joinChunks(chunks);
    expect(text).toBe(serializeModel(model));
    expect(JSON.parse(text)).toStrictEqual(model);
    expect(text.split('\n')[2]).toBe('  "vlans": [');
    expect(text.endsWith('  "nested": {\n    "empty": {},\n    "list": [1,2]\n  }\n}\n')).toBe(true);
  });
});
