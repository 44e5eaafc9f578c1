/**
 * The region's change impact on its plan: blocks matched by prefix, a block whose prefix changed
 * matched with the overlapping block of the same purpose, in text and in `clos.region-diff/1`.
 */
import { describe, expect, it } from 'vitest';
import { compileRegionExample } from '../test-helpers/regions.js';
import { compareBlocks, computeRegionImpact, formatRegionImpactText, regionImpactToJson, type PlanBlockText } from './region-impact.js';

const tenants = (prefix: string): PlanBlockText => ({ prefix, for: 'tenants' });
const infrastructure = (prefix: string): PlanBlockText => ({ prefix, for: 'infrastructure' });

describe('compareBlocks', () => {
  it('counts equal blocks as unchanged, in any order', () => {
    expect(compareBlocks([tenants('10.0.0.0/8'), infrastructure('172.16.0.0/12')], [infrastructure('172.16.0.0/12'), tenants('10.0.0.0/8')])).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });

  it('reports a narrowed, widened or moved block as changed, not as removed and added', () => {
    const c = compareBlocks([tenants('10.0.0.0/8'), infrastructure('172.16.0.0/12')], [tenants('10.0.0.0/9'), infrastructure('172.16.0.0/11')]);
    expect(c).toEqual({
      added: [],
      removed: [],
      changed: [
        { before: tenants('10.0.0.0/8'), after: tenants('10.0.0.0/9') },
        { before: infrastructure('172.16.0.0/12'), after: infrastructure('172.16.0.0/11') },
      ],
      unchanged: 0,
    });
  });

  it('reports a block that changes purpose as changed', () => {
    expect(compareBlocks([tenants('10.0.0.0/8')], [infrastructure('10.0.0.0/8')]).changed).toEqual([{ before: tenants('10.0.0.0/8'), after: infrastructure('10.0.0.0/8') }]);
  });

  it('reports blocks with no counterpart as added or removed, in address order', () => {
    const c = compareBlocks([tenants('10.0.0.0/8'), tenants('192.168.0.0/16')], [tenants('100.64.0.0/10'), tenants('10.0.0.0/8'), tenants('11.0.0.0/8')]);
    expect(c).toEqual({ added: [tenants('11.0.0.0/8'), tenants('100.64.0.0/10')], removed: [tenants('192.168.0.0/16')], changed: [], unchanged: 1 });
    // An overlapping block of another purpose is not the same block.
    expect(compareBlocks([tenants('10.0.0.0/8')], [infrastructure('10.0.0.0/9')])).toEqual({ added: [infrastructure('10.0.0.0/9')], removed: [tenants('10.0.0.0/8')], changed: [], unchanged: 0 });
  });
});

describe('region change impact of a plan change', () => {
  const before = compileRegionExample('region', 'before');
  const after = compileRegionExample('region', 'after', [{ file: 'region.yaml', from: '{ prefix: 10.0.0.0/8, for: tenants }', to: '{ prefix: 10.0.0.0/9, for: tenants }' }]);

  it('names the block that changed, though no fabric and no prefix did', () => {
    const impact = computeRegionImpact(before.side, after.side);
    expect(impact.fabrics.every((f) => f.status === 'unchanged')).toBe(true);
    expect(impact.plan).toEqual({ added: [], removed: [] });
    const text = formatRegionImpactText(impact, { stat: true });
    expect(text).toContain('Plan blocks: 1 changed, 0 added, 0 removed, 1 unchanged\n  ~ 10.0.0.0/8 → 10.0.0.0/9  tenants\nAddress plan: 0 prefixes added, 0 removed\n');
    const json = regionImpactToJson(impact, { stat: true });
    expect(json['planBlocks']).toEqual({ added: [], removed: [], changed: [{ before: tenants('10.0.0.0/8'), after: tenants('10.0.0.0/9') }], unchanged: 1 });
    expect(json['plan']).toEqual({ added: [], removed: [] });
  });

  it('compares the blocks against a side whose prefixes are not known, and says the prefixes were not compared', () => {
    const directory = { ...before.side, plan: undefined };
    const text = formatRegionImpactText(computeRegionImpact(directory, after.side), { stat: true });
    expect(text).toContain('Plan blocks: 1 changed, 0 added, 0 removed, 1 unchanged\n  ~ 10.0.0.0/8 → 10.0.0.0/9  tenants\n');
    expect(text).toContain("Address plan: prefixes not compared (a build directory's region manifest records the plan's blocks, not the prefixes the fabrics own)\n");
  });
});
