/**
 * Every prefix a fabric owns lies wholly inside a block of the region's plan, and that block is
 * for the prefix's purpose (region/owned-prefixes.ts says which purpose each kind of prefix has);
 * so does every aggregate its VRFs announce outside, in a block for tenants.
 * The blocks are disjoint and sorted (load-region.ts), so each prefix is one binary search.
 *
 * When the plan has no block at all for a purpose, that is one mistake however many prefixes need
 * one: it is reported once per fabric, at its first such prefix, with the count — as CLOS4013 for
 * the prefixes that lie in a block for another purpose, CLOS4012 for those in no block.
 */
import { relatedInfo, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { Prefix } from '../../compiler/resolve/fabric-model.js';
import { describeAggregate, describeOwned } from '../owned-prefixes.js';
import type { FabricFacts, PlanBlock, PlanPurpose } from '../region-model.js';
import { fabricLabel, relatedAt, reportAt } from './place.js';

/** Where a prefix lies in the plan. */
export type Placement =
  | { readonly kind: 'inside'; readonly block: PlanBlock }
  /** The prefix is wider than a block it covers, or in no block at all. */
  | { readonly kind: 'covers'; readonly block: PlanBlock }
  | { readonly kind: 'none' };

/** The block holding `prefix`, or why there is none. `plan` is sorted and disjoint. */
export function placeInPlan(plan: readonly PlanBlock[], prefix: Prefix): Placement {
  // The last block starting at or before the prefix.
  let lo = 0;
  let hi = plan.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((plan[mid]?.prefix.base ?? 0) <= prefix.base) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const before = plan[found];
  if (before !== undefined && prefix.base < before.prefix.base + before.prefix.size) {
    // CIDR blocks nest or are disjoint: the block holds the prefix unless the prefix is wider.
    return before.prefix.length <= prefix.length ? { kind: 'inside', block: before } : { kind: 'covers', block: before };
  }
  const after = plan[found + 1];
  if (after !== undefined && after.prefix.base < prefix.base + prefix.size) return { kind: 'covers', block: after };
  return { kind: 'none' };
}

export function checkPlanBlocks(fabrics: readonly FabricFacts[], plan: readonly PlanBlock[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const purposes = new Set(plan.map((b) => b.for));
  const blocksFor = (purpose: PlanPurpose): string =>
    plan
      .filter((b) => b.for === purpose)
      .map((b) => b.prefix.cidr)
      .join(', ');
  for (const f of fabrics) {
    const unplanned = new Map<PlanPurpose, Planned[]>();
    for (const owned of plannedOf(f)) {
      if (!purposes.has(owned.purpose)) {
        const list = unplanned.get(owned.purpose);
        if (list === undefined) unplanned.set(owned.purpose, [owned]);
        else list.push(owned);
        continue;
      }
      const placed = placeInPlan(plan, owned.prefix);
      if (placed.kind === 'inside' && placed.block.for === owned.purpose) continue;
      if (placed.kind === 'inside') {
        diagnostics.push(
          reportAt(
            G.prefixInWrongBlock,
            f.at(owned.key),
            { related: [relatedInfo(`plan block ${placed.block.prefix.cidr} is for ${placed.block.for}`, placed.block.span)], hint: `the plan's blocks for ${owned.purpose}: ${blocksFor(owned.purpose)}` },
            owned.what(),
            fabricLabel(f),
            placed.block.prefix.cidr,
            placed.block.for,
            owned.purpose,
          ),
        );
        continue;
      }
      const detail =
        placed.kind === 'covers'
          ? `is wider than plan block ${placed.block.prefix.cidr} (for ${placed.block.for}) and lies in no block of the plan`
          : `lies in no block of the region plan`;
      diagnostics.push(
        reportAt(
          G.prefixOutsidePlan,
          f.at(owned.key),
          {
            related: placed.kind === 'covers' ? [relatedInfo(`plan block ${placed.block.prefix.cidr}`, placed.block.span)] : [],
            hint: `move it into a block for ${owned.purpose} (${blocksFor(owned.purpose)}), or add a block for it to region.plan`,
          },
          owned.what(),
          fabricLabel(f),
          detail,
        ),
      );
    }
    for (const [purpose, all] of unplanned) {
      // Prefixes that lie in a block of another purpose are in the wrong block (CLOS4013), the
      // others in none (CLOS4012): one finding each per fabric and purpose, at the first prefix.
      const inOther: { owned: Planned; block: PlanBlock }[] = [];
      const nowhere: Planned[] = [];
      for (const owned of all.sort((a, b) => a.prefix.base - b.prefix.base || a.prefix.length - b.prefix.length)) {
        const placed = placeInPlan(plan, owned.prefix);
        if (placed.kind === 'inside') inOther.push({ owned, block: placed.block });
        else nowhere.push(owned);
      }
      const hint = `add a block 'for: ${purpose}' to region.plan`;
      const needOne = (more: number): string => (more > 0 ? `; ${more} more prefix${more === 1 ? '' : 'es'} of this fabric need${more === 1 ? 's' : ''} one` : '');
      const [firstIn] = inOther;
      if (firstIn !== undefined) {
        diagnostics.push(
          reportAt(
            G.prefixInWrongBlock,
            f.at(firstIn.owned.key),
            {
              related: [relatedInfo(`plan block ${firstIn.block.prefix.cidr} is for ${firstIn.block.for}`, firstIn.block.span), ...inOther.slice(1, 6).map((p) => relatedAt(p.owned.what(), f.at(p.owned.key)))],
              hint,
            },
            firstIn.owned.what(),
            fabricLabel(f),
            firstIn.block.prefix.cidr,
            firstIn.block.for,
            `${purpose}, of which the plan has none${needOne(inOther.length - 1)}`,
          ),
        );
      }
      const [first] = nowhere;
      if (first === undefined) continue;
      diagnostics.push(
        reportAt(
          G.prefixOutsidePlan,
          f.at(first.key),
          {
            related: nowhere.slice(1, 6).map((p) => relatedAt(p.what(), f.at(p.key))),
            hint,
          },
          first.what(),
          fabricLabel(f),
          `lies in no block of the region plan, which has no block for ${purpose}${needOne(nowhere.length - 1)}`,
        ),
      );
    }
  }
  return diagnostics;
}

/** A prefix the plan must hold: one the fabric owns, or an aggregate it announces outside. */
interface Planned {
  readonly prefix: Prefix;
  readonly purpose: PlanPurpose;
  /** How messages name it (made for a finding only: a fabric's models own tens of thousands of prefixes). */
  readonly what: () => string;
  readonly key: string;
}

/**
 * What a fabric's prefixes the plan holds: every prefix it owns, and every aggregate its VRFs
 * announce outside, in a block for tenants (an aggregate wider than the plan announces addresses
 * the region does not own).
 */
function plannedOf(f: FabricFacts): Planned[] {
  return [
    ...f.prefixes.map((owned) => ({ prefix: owned.prefix, purpose: owned.purpose, what: () => describeOwned(owned), key: owned.key })),
    ...f.aggregates.map((a) => ({ prefix: a.prefix, purpose: 'tenants' as const, what: () => describeAggregate(a), key: a.key })),
  ];
}
