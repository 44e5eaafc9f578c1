/**
 * Semantic fuzz: schema-valid random intents with deliberate collisions (test-helpers/random-intent.ts)
 * exercise every cross-key rule. None may throw; every diagnostic is located inside the intent; every
 * intent without errors builds and renders, and gives byte-identical output with its lists and
 * mappings reordered.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createRenderer } from '../cli/templates.js';
import { random } from '../test-helpers/mutations.js';
import { randomIntent } from '../test-helpers/random-intent.js';
import { compileIntent, renderOutput } from './compile.js';

const seeds = 600;

function reorder(value: unknown, rnd: () => number): unknown {
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j] as T, list[i] as T];
    }
    return list;
  };
  if (Array.isArray(value)) return shuffle(value.map((v) => reorder(v, rnd)));
  if (value !== null && typeof value === 'object') return Object.fromEntries(shuffle(Object.entries(value).map(([k, v]) => [k, reorder(v, rnd)] as const)));
  return value;
}

const { renderer } = createRenderer(['frr']);

function render(text: string): string | undefined {
  const result = compileIntent([{ name: 'fabric.yaml', text }], { platform: 'frr' });
  if (result.fabric === undefined || result.devices === undefined) return undefined;
  return JSON.stringify(renderOutput(result.fabric, result.devices, renderer).files);
}

describe('semantic fuzz', () => {
  it(`${seeds} random intents: located diagnostics, no exception, valid ones render and ignore order`, () => {
    let valid = 0;
    const codes = new Set<string>();
    for (let seed = 0; seed < seeds; seed++) {
      const intent = randomIntent(seed);
      const text = stringify(intent);
      const lines = text.split('\n');
      const result = compileIntent([{ name: 'fabric.yaml', text }]);
      for (const d of result.diagnostics) {
        codes.add(d.code);
        expect(d.span, `seed ${seed}: ${d.code} ${d.message}`).toBeDefined();
        const line = lines[(d.span?.line ?? 0) - 1];
        expect(line, `seed ${seed}: ${d.code} at line ${d.span?.line ?? 0}`).toBeDefined();
        expect(d.span?.col ?? 0, `seed ${seed}: ${d.code}`).toBeLessThanOrEqual((line ?? '').length + 1);
      }
      if (result.devices === undefined) continue;
      valid++;
      const output = render(text);
      expect(output, `seed ${seed}`).toBeDefined();
      expect(render(stringify(reorder(intent, random(seed + 1)))), `seed ${seed}: reordered`).toBe(output);
    }
    // The generator must produce both: valid fabrics, and a wide range of rule violations.
    expect(valid).toBeGreaterThan(seeds / 10);
    expect(codes.size).toBeGreaterThan(30);
  });
});
