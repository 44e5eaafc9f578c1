/**
 * The scale target's fabric, as the benchmark generates it (bench/sizes.ts): 32 spines × 1,000
 * leaves, 4,000 networks, 200 per leaf, 20 servers per leaf. It verifies
 * clean on the two-tier path, and single edits are found by the right check with one finding, not
 * one per leaf pair. (Time is measured by test-helpers/measure-verify.ts; a loaded CI machine would
 * make a time limit here flaky.)
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { compileIntent } from '../compiler/compile.js';
import { generateIntent } from '../bench/generate-intent.js';
import { benchSizes } from '../bench/sizes.js';
import type { VerifyReport } from './types.js';
import { verifyFabric } from './verify.js';

const target = benchSizes.find((s) => s.target === true);
if (target === undefined) throw new Error('bench/sizes.ts names no target size');
const compiled = compileIntent(generateIntent({ ...target, seed: 1 }).files);
const devices = compiled.devices ?? [];
const settings = { hopLimit: 2, failures: 1 };
/** The routed networks on every leaf (the operator's infrastructure /24s). */
const everywhere = (compiled.fabric?.networks ?? []).filter((n) => n.subnet !== undefined && n.leaves.length === 1000).map((n) => n.name);
/** What the unedited fabric's verification warns about (first test): one CLOS5130 per such network. */
const ownAddressWarnings = { 'anycast-gateway': everywhere.map(() => 'CLOS5130') };

function failing(report: VerifyReport): Record<string, string[]> {
  return Object.fromEntries(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.diagnostics.map((d) => d.code)]));
}

function edit(name: string, change: (m: DeviceModel) => DeviceModel): DeviceModel[] {
  return devices.map((d) => (d.name === name ? change(d) : d));
}

describe('a 32 × 1,000 fabric', () => {
  it('compiles to 1,032 devices and verifies clean with the two-tier method', () => {
    // The routed networks on every leaf (the operator's infrastructure /24s) have dual-homed
    // servers: too many FRR leaves carrying them for an address of their own each (CLOS3147,
    // README "An address of its own"). Nothing else from the compiler.
    expect(everywhere.length).toBeGreaterThan(0);
    expect(compiled.diagnostics.map((d) => `${d.severity} ${d.code} ${/network '([^']+)'/.exec(d.message)?.[1] ?? ''}`).sort()).toEqual(everywhere.map((n) => `warning CLOS3147 ${n}`).sort());
    expect(compiled.diagnostics.map((d) => /too few for (\d+) leaves and a server/.exec(d.message)?.[1])).toEqual(everywhere.map(() => '1000'));
    expect(devices).toHaveLength(1032);
    const report = verifyFabric({ devices, settings });
    expect(report.method).toBe('two-tier');
    // The verifier warns about the same networks, from the models alone (CLOS5130): every one of
    // the 1,000 FRR leaves routing them keeps the gateway on its SVI. Nothing else.
    expect(failing(report)).toEqual(ownAddressWarnings);
    const warned = report.checks.find((c) => c.id === 'anycast-gateway')?.diagnostics ?? [];
    expect(warned.map((d) => `${d.severity} ${/^network '([^']+)'/.exec(d.message)?.[1] ?? ''}`).sort()).toEqual(everywhere.map((n) => `warning ${n}`).sort());
    expect(warned.map((d) => /FRR leaves .* and (\d+) more carrying it/.exec(d.message)?.[1])).toEqual(everywhere.map(() => '997'));
    expect(report.sessions).toHaveLength(4 * 32 * 1000);
  });

  it('finds a remote-as typo on one leaf: one session finding, one ECMP finding for the leaf', () => {
    const changed = edit('leaf0500', (m) => ({
      ...m,
      bgp: { ...m.bgp, neighbors: m.bgp.neighbors.map((n) => (n.peer === 'spine07' && n.purpose === 'underlay' ? { ...n, remoteAs: 65007 } : n)) },
    }));
    const report = verifyFabric({ devices: changed, settings });
    const f = failing(report);
    expect(f['bgp-sessions']).toEqual(['CLOS5042', 'CLOS5045']);
    expect(f['underlay']).toEqual(['CLOS5062']);
    expect(report.checks.find((c) => c.id === 'underlay')?.diagnostics[0]?.message).toBe(
      "'leaf0500' and 999 other leaves ('leaf0001', 'leaf0002', 'leaf0003', 'leaf0004' and 995 more) reach each other's VTEP over 31 paths, but share 32 spines",
    );
    expect(f['failures']).toBeUndefined();
  });

  it('finds a leaf whose overlay route target was broken, at the VNI', () => {
    const changed = edit('leaf0042', (m) => ({
      ...m,
      bgp: { ...m.bgp, evpn: { ...m.bgp.evpn, vnis: m.bgp.evpn.vnis.map((v, i) => (i === 0 ? { ...v, routeTargets: { import: ['65000:1'], export: v.routeTargets.export } } : v)) } },
    }));
    const report = verifyFabric({ devices: changed, settings });
    expect(failing(report)).toEqual({ ...ownAddressWarnings, overlay: ['CLOS5103'] });
  });
});
