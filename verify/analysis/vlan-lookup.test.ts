import { describe, expect, it } from 'vitest';
import { sortedLookup } from './vlan-lookup.js';

describe('sortedLookup', () => {
  it('finds what a scan finds, whatever order the keys are asked in (the next-item hint included)', () => {
    // Deterministic lists: a stride through 0..99 of every length up to 40 (gaps, runs, the ends).
    for (let round = 0; round < 200; round++) {
      const ids = [...new Set(Array.from({ length: round % 41 }, (_, i) => (i * (1 + (round % 7)) + round) % 100))].sort((a, b) => a - b);
      const items = ids.map((id) => ({ id }));
      const lookup = sortedLookup(items, (v) => v.id, 'number');
      expect(lookup).toBeDefined();
      // In order, with gaps, repeated, backwards and spread; keys present and absent.
      const asks = [...ids, ...ids.filter((_, i) => i % 3 !== 0), ...ids.slice().reverse(), ...Array.from({ length: 30 }, (_, i) => (i * 37 + round) % 110)];
      for (const key of asks) expect(lookup?.get(key)).toBe(items.find((v) => v.id === key));
    }
  });

  it('leaves a list that is not strictly ascending, or of another key type, to the caller', () => {
    expect(sortedLookup([{ id: 1 }, { id: 1 }], (v) => v.id, 'number')).toBeUndefined();
    expect(sortedLookup([{ id: 2 }, { id: 1 }], (v) => v.id, 'number')).toBeUndefined();
    expect(sortedLookup([{ id: 'a' as unknown as number }], (v) => v.id, 'number')).toBeUndefined();
  });
});
