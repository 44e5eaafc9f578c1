/**
 * Determinism: the same intent compiled twice, or rewritten with every list and every mapping in
 * another order, or split into files differently, gives byte-identical output — every file of every
 * device and the manifest. Checked on both examples for several seeds.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readIntent } from '../cli/intent-files.js';
import { createRenderer } from '../cli/templates.js';
import { examplesDir, exampleNames, repoRoot } from '../test-helpers/examples.js';
import { compileIntent, renderOutput } from './compile.js';
import type { IntentSource } from './load/load-intent.js';
import { loadIntent } from './load/load-intent.js';

/** Every output file, path → content, of an intent that must compile. */
function outputOf(sources: readonly IntentSource[]): Map<string, string> {
  const result = compileIntent(sources);
  if (result.fabric === undefined || result.devices === undefined) {
    throw new Error(`does not compile: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  }
  const { renderer, missing } = createRenderer(result.devices.map((d) => d.platform));
  expect(missing).toEqual([]);
  return new Map(renderOutput(result.fabric, result.devices, renderer).files.map((f) => [f.path, f.content]));
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: readonly T[], rnd: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every list of the intent is a set: reorders all of them, and every mapping's keys, recursively. */
function reorder(value: unknown, rnd: () => number): unknown {
  if (Array.isArray(value)) return shuffle(value.map((v) => reorder(v, rnd)), rnd);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(shuffle(Object.entries(value as Record<string, unknown>), rnd).map(([k, v]) => [k, reorder(v, rnd)]));
  }
  return value;
}

const listKeys = ['spines', 'leaves', 'tenants', 'servers'] as const;

/** The merged intent of an example, as plain data. */
function mergedIntent(example: string): Record<string, unknown> {
  const sources = readIntent(`${examplesDir}/${example}`, repoRoot).sources;
  const loaded = loadIntent(sources);
  if (loaded.value === undefined) throw new Error(`${example} does not load`);
  return JSON.parse(JSON.stringify(loaded.value.raw)) as Record<string, unknown>;
}

/** Splits an intent into files: `one` file, one per top-level key, or every list item in its own file. */
function split(intent: Record<string, unknown>, how: 'one' | 'per-key' | 'per-item', rnd: () => number): IntentSource[] {
  if (how === 'one') return [{ name: 'intent.yaml', text: stringify(intent) }];
  const files: IntentSource[] = [];
  for (const [key, value] of Object.entries(intent)) {
    if (how === 'per-item' && (listKeys as readonly string[]).includes(key) && Array.isArray(value)) {
      // Random names: the files sort, and so concatenate, in an order unrelated to the original.
      value.forEach((item) => files.push({ name: `${key}-${Math.floor(rnd() * 1e9).toString(36)}.yaml`, text: stringify({ [key]: [item] }) }));
    } else {
      files.push({ name: `${key}.yml`, text: stringify({ [key]: value }) });
    }
  }
  return shuffle(files, rnd);
}

describe.each(exampleNames())('determinism of %s', (example) => {
  const original = readIntent(`${examplesDir}/${example}`, repoRoot).sources;
  const expected = outputOf(original);

  it('compiles twice to identical bytes', () => {
    expect(outputOf(original)).toEqual(expected);
  });

  it('gives the same output when read back from a single file', () => {
    expect(outputOf(split(mergedIntent(example), 'one', random(0)))).toEqual(expected);
  });

  it.each([1, 2, 3, 4, 5])('gives the same output with every list and mapping reordered (seed %i)', (seed) => {
    const rnd = random(seed);
    const reordered = reorder(mergedIntent(example), rnd) as Record<string, unknown>;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(mergedIntent(example)));
    expect(outputOf(split(reordered, 'one', rnd))).toEqual(expected);
  });

  it.each([11, 12, 13])('gives the same output with the files split differently (seed %i)', (seed) => {
    const rnd = random(seed);
    expect(outputOf(split(mergedIntent(example), 'per-key', rnd))).toEqual(expected);
    expect(outputOf(split(reorder(mergedIntent(example), rnd) as Record<string, unknown>, 'per-item', rnd))).toEqual(expected);
  });

  it('ends every file in LF with a final newline and no carriage return', () => {
    for (const [path, content] of expected) {
      expect(content.endsWith('\n'), path).toBe(true);
      expect(content.includes('\r'), path).toBe(false);
    }
  });
});
