/**
 * Route limits (check 3): EOS's default maximum-routes (12,000 per neighbour) shuts the EVPN
 * sessions of a fabric with a few thousand routes down. clos lifts it on the overlay and sizes the
 * underlay's; the verifier counts what each session brings, so a build an older clos wrote (no
 * `maximumRoutes`, so EOS's default applies) fails verification, and what clos writes now passes.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { compileIntent } from '../../compiler/compile.js';
import { serializeModel } from '../../compiler/render/model-json.js';
import { parseDeviceModel } from '../read-model.js';
import { verifyFabric } from '../verify.js';
import type { VerifyReport } from '../types.js';

/** 2 spines, 50 EOS leaves with the same 130 routed networks: 260 EVPN routes per leaf. */
function fabric(): string {
  const lines = ['version: 1', 'fabric:', '  name: limits', '  asn: { spine: 65000, leaf_base: 4200000000 }', '  pools: { loopback: 10.0.0.0/16, vtep: 10.1.0.0/16, p2p: 172.16.0.0/14 }', 'spines:'];
  for (let s = 1; s <= 2; s++) lines.push(`  - { name: spine${s}, id: ${s} }`);
  lines.push('leaves:');
  for (let l = 1; l <= 50; l++) lines.push(`  - { name: leaf${l}, id: ${10 + l} }`);
  lines.push('tenants:', '  - name: acme', '    vrfs:', '      - name: prod', '        l3vni: 50001', '        networks:');
  for (let n = 0; n < 130; n++) lines.push(`          - { name: n${n}, vlan: ${100 + n}, subnet: 10.200.${n}.0/24 }`);
  return `${lines.join('\n')}\n`;
}
const compiled = compileIntent([{ name: 'fabric.yaml', text: fabric() }], { platform: 'eos' });
const devices = compiled.devices ?? [];

function findings(report: VerifyReport, code: string): string[] {
  return report.checks.flatMap((c) => c.diagnostics.filter((d) => d.code === code).map((d) => d.message));
}

function verify(models: readonly DeviceModel[]): VerifyReport {
  return verifyFabric({ devices: models, settings: { hopLimit: 2, failures: 1 } });
}

/** The models as an older clos wrote them: no route limits in model.json, read back from the text. */
function asWrittenBefore(models: readonly DeviceModel[]): DeviceModel[] {
  return models.map((m) => {
    const json = JSON.parse(serializeModel(m)) as { bgp: { peerGroups: Record<string, unknown>[] } };
    for (const g of json.bgp.peerGroups) Reflect.deleteProperty(g, 'maximumRoutes');
    const parsed = parseDeviceModel(JSON.stringify(json), `${m.name}/model.json`);
    if (!('model' in parsed)) throw new Error(parsed.diagnostic.message);
    return parsed.model;
  });
}

describe('route limits', () => {
  it('compiles the fabric for EOS', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(devices).toHaveLength(52);
  });

  it('lifts the overlay limit and sizes the underlay one from the pools, on every device', () => {
    for (const d of devices) {
      const groups = new Map(d.bgp.peerGroups.map((g) => [g.purpose, g.maximumRoutes]));
      expect(groups.get('overlay'), d.name).toEqual({ limit: 0, warningPercent: null });
      // pools.loopback and pools.vtep are /16s: 65,534 addresses each, twice.
      expect(groups.get('underlay'), d.name).toEqual({ limit: 262136, warningPercent: 50 });
    }
  });

  it('passes what clos writes now', () => {
    const report = verify(devices);
    expect(findings(report, 'CLOS5185')).toEqual([]);
    expect(findings(report, 'CLOS5186')).toEqual([]);
  });

  it("fails a build an older clos wrote: EOS's default 12,000 routes shut the leaves' EVPN sessions", () => {
    const old = asWrittenBefore(devices);
    expect(old[0]?.bgp.peerGroups.every((g) => g.maximumRoutes.limit === 12000)).toBe(true);
    const report = verify(old);
    const errors = findings(report, 'CLOS5185');
    // 49 other leaves × (130 type-3 + 130 type-5) = 12,740 routes from each spine, on every leaf.
    expect(errors[0]).toBe(
      "'leaf1' would take at least 12,740 EVPN routes (type-3 and type-5 alone: every host adds type-2 routes) from 'spine1', over the maximum-routes 12000 of its peer group OVERLAY: it would shut the session down",
    );
    expect(errors).toHaveLength(20);
    expect(report.checks.find((c) => c.id === 'bgp-sessions')?.status).toBe('fail');
    // The underlay stays far below 12,000 (two routes per leaf).
    expect(errors.filter((m) => m.includes('underlay'))).toEqual([]);
  });
});
