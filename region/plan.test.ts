/**
 * The plan's free space: the sweep and the aligned-block split agree with counting every address
 * of small blocks one by one, on random prefixes (nested, equal, overlapping across fabrics,
 * reaching past the block), and they handle the edges of the address space.
 */
import { describe, expect, it } from 'vitest';
import { checkedPrefix, formatAddress } from '../compiler/shared/ipv4.js';
import type { Prefix } from '../compiler/resolve/fabric-model.js';
import { Random } from '../bench/random.js';
import { alignedBlocks, freeIntervals } from './plan.js';

function prefix(base: number, length: number): Prefix {
  return checkedPrefix(`${formatAddress(base)}/${length}`);
}

/** Free addresses of `within`, one by one. */
function bruteFree(within: Prefix, prefixes: readonly Prefix[]): Set<number> {
  const free = new Set<number>();
  for (let a = within.base; a < within.base + within.size; a++) {
    if (!prefixes.some((p) => a >= p.base && a < p.base + p.size)) free.add(a);
  }
  return free;
}

describe('freeIntervals and alignedBlocks', () => {
  it('match counting every address, on 300 random blocks', () => {
    const rng = new Random(16);
    for (let round = 0; round < 300; round++) {
      const within = prefix(0x0a000000 + rng.int(0, 15) * 4096, rng.int(20, 26));
      const prefixes: Prefix[] = [];
      const n = rng.int(0, 12);
      for (let i = 0; i < n; i++) {
        const length = rng.int(within.length - 1, 32);
        const offset = rng.int(-64, within.size + 64);
        const base = Math.max(0, within.base + offset) & ~(2 ** (32 - length) - 1);
        prefixes.push(prefix(base >>> 0, length));
      }
      prefixes.sort((a, b) => a.base - b.base || a.length - b.length);
      const expected = bruteFree(within, prefixes);
      const gaps = freeIntervals(within, prefixes);
      const blocks = gaps.flatMap(([s, e]) => alignedBlocks(s, e));
      const got = new Set<number>();
      let listed = 0;
      for (const b of blocks) {
        expect(b.base % b.size, `${b.cidr} is aligned`).toBe(0);
        expect(b.cidr).toBe(checkedPrefix(b.cidr).cidr);
        for (let a = b.base; a < b.base + b.size; a++) got.add(a);
        listed += b.size;
      }
      expect(listed, 'no address in two free blocks').toBe(got.size);
      expect([...got].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
      // Fewest blocks: no two neighbours of one interval could merge into one aligned block.
      for (const [s, e] of gaps) {
        const split = alignedBlocks(s, e);
        for (let i = 0; i + 1 < split.length; i++) {
          const a = split[i];
          const b = split[i + 1];
          if (a === undefined || b === undefined) continue;
          const mergeable = a.size === b.size && a.base % (2 * a.size) === 0;
          expect(mergeable, `${a.cidr} and ${b.cidr} would be one block`).toBe(false);
        }
      }
    }
  });

  it('splits an interval into aligned blocks, largest at the aligned middle', () => {
    const blocks = alignedBlocks(checkedPrefix('10.0.0.1/32').base, checkedPrefix('10.0.1.0/32').base);
    expect(blocks.map((b) => b.cidr)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/29', '10.0.0.16/28', '10.0.0.32/27', '10.0.0.64/26', '10.0.0.128/25']);
  });

  it('handles the whole address space and its last address', () => {
    expect(alignedBlocks(0, 2 ** 32).map((b) => b.cidr)).toEqual(['0.0.0.0/0']);
    expect(alignedBlocks(2 ** 32 - 1, 2 ** 32).map((b) => b.cidr)).toEqual(['255.255.255.255/32']);
    expect(alignedBlocks(2 ** 31, 2 ** 32).map((b) => b.cidr)).toEqual(['128.0.0.0/1']);
    const all = checkedPrefix('0.0.0.0/0');
    expect(freeIntervals(all, [checkedPrefix('0.0.0.0/1')])).toEqual([[2 ** 31, 2 ** 32]]);
    expect(freeIntervals(all, [checkedPrefix('255.255.255.255/32')])).toEqual([[0, 2 ** 32 - 1]]);
  });

  it('counts a prefix held by a wider one once, and clips a wider prefix to the block', () => {
    const block = checkedPrefix('10.0.0.0/24');
    const at = (a: string): number => checkedPrefix(`${a}/32`).base;
    const gaps = freeIntervals(block, [checkedPrefix('10.0.0.64/26'), checkedPrefix('10.0.0.64/27'), checkedPrefix('10.0.0.64/26')]);
    expect(gaps).toEqual([
      [at('10.0.0.0'), at('10.0.0.64')],
      [at('10.0.0.128'), at('10.0.1.0')],
    ]);
    expect(freeIntervals(block, [checkedPrefix('9.0.0.0/8'), checkedPrefix('10.0.0.0/16')])).toEqual([]);
    expect(freeIntervals(block, [])).toEqual([[block.base, block.base + 256]]);
    expect(freeIntervals(block, [block])).toEqual([]);
  });
});
