import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateIntent } from '../../bench/generate-intent.js';
import { readIntent } from '../../cli/intent-files.js';
import { examplesDir, repoRoot } from '../../test-helpers/examples.js';
import { compileIntent } from '../compile.js';
import { defaultLoadLimits, loadIntent, type IntentSource, type LoadedIntent } from './load-intent.js';
import { handOver, parseAhead, parsePortable, receivePortable, type ParsedAhead } from './parsed-files.js';

const examples = ['dc1', 'quickstart'].map((name) => readIntent(join(examplesDir, name), repoRoot).sources);
const generated = generateIntent({ spines: 4, leaves: 24, tenants: 5, vrfs: 9, networks: 120, networksPerLeaf: 30, serversPerLeaf: 10, seed: 5 }).files;
const intents: readonly (readonly IntentSource[])[] = [...examples, generated];

/** Every span and path the index can give for a loaded intent, in walk order. */
function positions(loaded: LoadedIntent): unknown[] {
  const out: unknown[] = [];
  const visit = (value: object): void => {
    out.push(loaded.index.span(value), loaded.index.path(value), loaded.index.file(value));
    if (Array.isArray(value)) {
      (value as unknown[]).forEach((item, i) => {
        out.push(loaded.index.valueSpan(value, i));
        if (item !== null && typeof item === 'object') visit(item);
      });
      return;
    }
    for (const [key, item] of Object.entries(value) as [string, unknown][]) {
      out.push(key, loaded.index.keySpan(value, key), loaded.index.valueSpan(value, key), loaded.index.path(value, key));
      if (item !== null && typeof item === 'object') visit(item);
    }
  };
  visit(loaded.raw);
  return out;
}

function viaThreads(sources: readonly IntentSource[]): Map<string, ParsedAhead> {
  const ahead = new Map<string, ParsedAhead>();
  for (const s of sources) {
    const portable = parsePortable(s.name, s.text, defaultLoadLimits);
    expect(portable, s.name).toBeDefined();
    if (portable !== undefined) ahead.set(s.name, receivePortable(structuredClone(portable), s.text));
  }
  return ahead;
}

describe('files parsed ahead', () => {
  it('load to the same value and the same source positions, parsed here or on another thread', () => {
    for (const sources of intents) {
      const reference = loadIntent(sources).value;
      if (reference === undefined) throw new Error('the intent does not load');
      const spans = positions(reference).filter((p) => p !== null && typeof p === 'object' && 'line' in p);
      expect(spans.length).toBeGreaterThan(200);
      const here = new Map(sources.map((s) => [s.name, parseAhead(s.name, s.text, defaultLoadLimits)]));
      for (const ahead of [here, viaThreads(sources)]) {
        const loaded = loadIntent(sources, defaultLoadLimits, handOver(ahead)).value;
        if (loaded === undefined) throw new Error('the handed-over intent does not load');
        expect(loaded.raw).toEqual(reference.raw);
        expect(positions(loaded)).toEqual(positions(reference));
      }
    }
  });

  it('compile to the same fabric, provenance and diagnostics', () => {
    for (const sources of intents) {
      const reference = compileIntent(sources);
      const handed = compileIntent(sources, { parseFile: handOver(viaThreads(sources)) });
      expect(handed.diagnostics).toEqual(reference.diagnostics);
      expect(handed.fabric).toEqual(reference.fabric);
      expect(handed.devices).toEqual(reference.devices);
    }
  });

  it('keep mappings without a prototype, as the parser makes them', () => {
    const text = 'version: 1\nfabric: { name: x, __proto__: 1, constructor: 2 }\n';
    const portable = parsePortable('f.yaml', text, defaultLoadLimits);
    if (portable === undefined) throw new Error('expected a portable parse');
    const received = receivePortable(structuredClone(portable), text).parsed.value as Record<string, Record<string, unknown>>;
    const fabric = received['fabric'];
    expect(Object.getPrototypeOf(received)).toBeNull();
    expect(fabric && Object.getPrototypeOf(fabric)).toBeNull();
    expect(fabric && Object.keys(fabric)).toEqual(['name', '__proto__', 'constructor']);
  });

  it('leave files with diagnostics or merge keys to the loading thread', () => {
    expect(parsePortable('bad.yaml', 'version: 1\nfabric: [\n', defaultLoadLimits)).toBeUndefined();
    expect(parsePortable('dup.yaml', 'a: 1\na: 2\n', defaultLoadLimits)).toBeUndefined();
    expect(parsePortable('merge.yaml', 'base: &b { x: 1 }\nother: { <<: *b, y: 2 }\n', defaultLoadLimits)).toBeUndefined();
    expect(parsePortable('alias.yaml', 'a: &x [1, 2]\nb: *x\n', defaultLoadLimits)).toBeDefined();
  });

  it('are used only for the exact text they were parsed from', () => {
    const text = 'version: 1\n';
    const ahead = new Map([['f.yaml', parseAhead('f.yaml', 'version: 2\n', defaultLoadLimits)]]);
    const loaded = loadIntent([{ name: 'f.yaml', text }], defaultLoadLimits, handOver(ahead));
    expect(loaded.value?.raw['version']).toBe(1);
  });
});
