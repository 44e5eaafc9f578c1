/**
 * The region's address plan laid out: every prefix of every fabric in the plan block it lies in,
 * and the free space left in each block — how many addresses, and the free space as the aligned
 * CIDR blocks an engineer would allocate next, largest first.
 *
 * Exact and fast: the prefixes of a block are swept once in address order (a prefix that another
 * one holds adds nothing), which leaves the free intervals; each interval splits into the fewest
 * aligned CIDR blocks (at most 62 for any interval of the IPv4 space). No address is enumerated.
 */
import type { Prefix } from '../compiler/resolve/fabric-model.js';
import { formatAddress } from '../compiler/shared/ipv4.js';
import { placeInPlan } from './rules/plan-blocks.js';
import type { PlanBlock, PlanEntry, RegionModel } from './region-model.js';

export interface BlockLayout {
  readonly block: PlanBlock;
  /** The prefixes in the block, by address, widest first, then by fabric. */
  readonly entries: readonly PlanEntry[];
  /** Addresses of the block held by at least one prefix. */
  readonly used: number;
  readonly free: number;
  /** The free space as aligned CIDR blocks, largest first, then by address. */
  readonly freeBlocks: readonly Prefix[];
}

export interface PlanLayout {
  readonly blocks: readonly BlockLayout[];
  /** Prefixes in no block (only when the region has errors: the plan rule reports them). */
  readonly outside: readonly PlanEntry[];
}

export function layOutPlan(region: RegionModel): PlanLayout {
  const perBlock = new Map<PlanBlock, PlanEntry[]>(region.plan.map((b) => [b, []]));
  const outside: PlanEntry[] = [];
  for (const f of region.fabrics) {
    for (const owned of f.prefixes) {
      const entry: PlanEntry = { ...owned, fabric: f.fabric.name };
      const placed = placeInPlan(region.plan, owned.prefix);
      const list = placed.kind === 'inside' ? perBlock.get(placed.block) : undefined;
      if (list === undefined) outside.push(entry);
      else list.push(entry);
    }
  }
  const order = region.fabrics.map((f) => f.fabric.name);
  const byAddress = (a: PlanEntry, b: PlanEntry): number =>
    a.prefix.base - b.prefix.base || a.prefix.length - b.prefix.length || order.indexOf(a.fabric) - order.indexOf(b.fabric) || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);
  const blocks = region.plan.map((block): BlockLayout => {
    const entries = (perBlock.get(block) ?? []).sort(byAddress);
    const gaps = freeIntervals(block.prefix, entries.map((e) => e.prefix));
    const free = gaps.reduce((n, [start, end]) => n + (end - start), 0);
    const freeBlocks = gaps.flatMap(([start, end]) => alignedBlocks(start, end)).sort((a, b) => a.length - b.length || a.base - b.base);
    return { block, entries, used: block.prefix.size - free, free, freeBlocks };
  });
  return { blocks, outside: outside.sort(byAddress) };
}

/**
 * The intervals [start, end) of `within` that no prefix covers, in address order. `prefixes`
 * must be sorted by address; prefixes outside `within` are clipped to it.
 */
export function freeIntervals(within: Prefix, prefixes: readonly Prefix[]): [number, number][] {
  const end = within.base + within.size;
  const gaps: [number, number][] = [];
  let cursor = within.base;
  for (const p of prefixes) {
    if (p.base >= end) break;
    const stop = Math.min(p.base + p.size, end);
    if (stop <= cursor) continue;
    if (p.base > cursor) gaps.push([cursor, p.base]);
    cursor = stop;
  }
  if (cursor < end) gaps.push([cursor, end]);
  return gaps;
}

/** [start, end) as the fewest aligned CIDR blocks, in address order. */
export function alignedBlocks(start: number, end: number): Prefix[] {
  const out: Prefix[] = [];
  let at = start;
  while (at < end) {
    // The largest power of two that `at` is aligned to and that fits before `end`.
    let size = at === 0 ? 2 ** 32 : lowestSetBit(at);
    while (size > end - at) size /= 2;
    const length = 32 - Math.log2(size);
    out.push({ cidr: `${formatAddress(at)}/${length}`, base: at, length, size });
    at += size;
  }
  return out;
}

/** The lowest set bit of 0 < n < 2^32: `n & -n` on the 32-bit pattern, read back unsigned. */
function lowestSetBit(n: number): number {
  return (n & -n) >>> 0;
}
