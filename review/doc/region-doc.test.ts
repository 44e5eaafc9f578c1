/**
 * The region's address plan document: links to the block sections match the anchors GitHub gives
 * their headings, also when two blocks' headings read alike once the dots and slash are dropped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegion } from '../../cli/region-files.js';
import { examplesDir, repoRoot } from '../../test-helpers/examples.js';
import { checkedPrefix } from '../../compiler/shared/ipv4.js';
import { resolveRegion } from '../../region/resolve-region.js';
import type { RegionModel } from '../../region/region-model.js';
import { renderRegionDoc } from './region-doc.js';

function exampleRegion(): RegionModel {
  const resolved = resolveRegion(readRegion(join(examplesDir, 'region'), repoRoot).loaded);
  if (resolved.region === undefined) throw new Error('the example region does not resolve');
  return resolved.region;
}

describe('the region document', () => {
  it('links each plan block to its own heading, numbered as GitHub numbers equal anchors', () => {
    const region = exampleRegion();
    const block = (cidr: string): RegionModel['plan'][number] => ({ prefix: checkedPrefix(cidr), for: 'tenants', span: undefined });
    // 10.10.0.0/16 and 101.0.0.0/16 both read "10100016-for-tenants" (the example's tenant prefixes are then outside the plan).
    const doc = renderRegionDoc({ ...region, plan: [block('10.10.0.0/16'), block('101.0.0.0/16'), ...region.plan.slice(1)] });
    const headings = [...doc.matchAll(/^## (\S+) for tenants$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['10.10.0.0/16', '101.0.0.0/16']);
    const links = [...doc.matchAll(/^\| \[(\S+)\]\(#(\S+)\) \| tenants \|/gm)].map((m) => `${m[1] ?? ''} #${m[2] ?? ''}`);
    expect(links).toEqual(['10.10.0.0/16 #10100016-for-tenants', '101.0.0.0/16 #10100016-for-tenants-1']);
    expect(doc).toContain('[10.10.0.0/16](#10100016-for-tenants) · [101.0.0.0/16](#10100016-for-tenants-1) · [172.16.0.0/12](#172160012-for-infrastructure)');
  });
});
