/**
 * Failures (check 9) on a fabric too large for the generic analysis: a fabric that is not a
 * two-tier Clos has every failure scenario recomputed on the whole graph, within a budget of edge
 * visits (failures.ts genericBudget). Past it the check says what it did not analyse (CLOS5164, a
 * warning) instead of taking minutes or passing silently.
 */
import { describe, expect, it } from 'vitest';
import { devicesOf } from '../../test-helpers/intent.js';
import { editModels } from '../../test-helpers/mutate.js';
import { verifyFabric } from '../verify.js';
import type { VerifyReport } from '../types.js';

/** 4 spines and `leaves` leaves, one routed network on every leaf. */
function fabric(leaves: number): string {
  const lines = ['version: 1', 'fabric:', '  name: wide', '  asn: { spine: 65000, leaf_base: 65100 }', '  pools: { loopback: 10.0.0.0/16, vtep: 10.1.0.0/16, p2p: 172.16.0.0/14 }', 'spines:'];
  for (let s = 1; s <= 4; s++) lines.push(`  - { name: spine${s}, id: ${s} }`);
  lines.push('leaves:');
  for (let l = 1; l <= leaves; l++) lines.push(`  - { name: leaf${l}, id: ${10 + l} }`);
  lines.push('tenants:', '  - name: acme', '    vrfs:', '      - name: prod', '        l3vni: 50001', '        networks:', '          - { name: web, vlan: 100, subnet: 10.200.0.0/24 }');
  return `${lines.join('\n')}\n`;
}

const failuresCheck = (report: VerifyReport): { status: string; summary: string; findings: string[] } => {
  const c = report.checks.find((x) => x.id === 'failures');
  return { status: c?.status ?? 'missing', summary: c?.summary ?? '', findings: (c?.diagnostics ?? []).map((d) => `${d.severity} ${d.code} ${d.message}`) };
};

describe('failure analysis of an irregular fabric past its budget (CLOS5164)', () => {
  const models = [...devicesOf(fabric(100)).values()];
  const settings = { hopLimit: 2, failures: 1 };

  it('analyses a two-tier Clos of this size whole, without the warning', () => {
    expect(models).toHaveLength(104);
    const check = failuresCheck(verifyFabric({ devices: models, settings }));
    expect(check.findings).toEqual([]);
    expect(check.status).toBe('pass');
  });

  it('analyses only spine failures once the spines no longer share one ASN, and says so', () => {
    // spine4 moved to AS 65001, and every leaf's sessions to it with it (they stay up): no longer a
    // two-tier Clos (RFC 7938's one spine ASN), so every scenario would be recomputed on the whole
    // graph: 404 of them (4 spines, 400 links) are past the budget of 40 million edge visits, the 4
    // spine failures alone within it.
    const spine4 = models.find((m) => m.name === 'spine4');
    const moved = editModels(models, models.map((m) => m.name), (m) => {
      if (m.name === 'spine4') {
        m.asn = 65001;
        m.bgp.asn = 65001;
      }
      for (const n of m.bgp.neighbors) if (n.peer === 'spine4') n.remoteAs = 65001;
    });
    expect(spine4?.bgp.neighbors.length).toBe(200);
    const report = verifyFabric({ devices: moved, settings });
    const check = failuresCheck(report);
    expect(check.findings).toContainEqual(expect.stringMatching(/^warning CLOS5164 failure analysis was limited: the fabric is not a two-tier Clos \(the spines do not share one ASN\), and 404 failure scenarios are too many to recompute; only spine failures were analysed$/));
    expect(check.summary).toMatch(/^4 failure scenarios recomputed/);
    // The ASN plan itself is the uniqueness check's finding; the sessions are all up.
    expect(report.checks.find((x) => x.id === 'uniqueness')?.diagnostics.map((d) => d.code)).toContain('CLOS5027');
    expect(report.checks.find((x) => x.id === 'bgp-sessions')?.status).toBe('pass');
  });
});
