/**
 * No prefix of one fabric overlaps a prefix of another: the region's address plan is global, and
 * every prefix stays routable across the private lines between the fabrics without NAT. (Inside
 * one fabric, the resolve stage has its own rules: pools are disjoint and keep out of every
 * subnet, subnets of one VRF are disjoint; subnets of different VRFs may overlap.)
 *
 * Two CIDR prefixes overlap exactly when one contains the other, so the overlaps form a forest.
 * One sweep over the prefixes of every fabric, sorted by address and widest first, keeps the chain
 * of prefixes containing the current one on a stack: O(n log n) for the sort and O(depth) per
 * prefix, where the depth is small (pools hold nothing, subnets nest only across VRFs).
 *
 * Each overlap is reported once, at the wider prefix with every prefix of other fabrics it holds
 * (a pool written over another fabric's subnets is one diagnostic, not thousands), or, for two
 * equal prefixes, at the one in the later fabric of region.fabrics.
 */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import { describeOwned } from '../owned-prefixes.js';
import type { FabricFacts, OwnedPrefix } from '../region-model.js';
import { describeOwnedAcross, fabricLabel, reportAt } from './place.js';

interface Entry {
  readonly owned: OwnedPrefix;
  /** Position of the fabric in region.fabrics. */
  readonly fabric: number;
  readonly of: FabricFacts;
  readonly end: number;
}

export function checkPrefixOverlap(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const entries: Entry[] = [];
  fabrics.forEach((f, i) => {
    for (const owned of f.prefixes) entries.push({ owned, fabric: i, of: f, end: owned.prefix.base + owned.prefix.size });
  });
  entries.sort((a, b) => a.owned.prefix.base - b.owned.prefix.base || a.owned.prefix.length - b.owned.prefix.length || a.fabric - b.fabric);

  /** Reported at each key: the prefixes of other fabrics that overlap it. */
  const groups = new Map<Entry, Entry[]>();
  const stack: Entry[] = [];
  const innermost = new Map<number, Entry>();
  for (const e of entries) {
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= e.owned.prefix.base) stack.pop();
    // Every prefix left on the stack contains e. Per other fabric, the innermost one is reported:
    // the wider ones of that fabric contain it too, and moving e out of it moves e out of them.
    innermost.clear();
    for (let k = stack.length - 1; k >= 0; k--) {
      const c = stack[k];
      if (c !== undefined && c.fabric !== e.fabric && !innermost.has(c.fabric)) innermost.set(c.fabric, c);
    }
    for (const c of innermost.values()) {
      const equal = c.owned.prefix.length === e.owned.prefix.length;
      const [at, partner] = equal ? [e, c] : [c, e];
      const list = groups.get(at);
      if (list === undefined) groups.set(at, [partner]);
      else list.push(partner);
    }
    stack.push(e);
  }

  const diagnostics: Diagnostic[] = [];
  for (const [at, partners] of groups) {
    const { text, related } = describeOwnedAcross(partners);
    diagnostics.push(reportAt(G.prefixOverlap, at.of.at(at.owned.key), { related }, describeOwned(at.owned), fabricLabel(at.of), text));
  }
  return diagnostics;
}
