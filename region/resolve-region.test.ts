/**
 * The region stage on the example region and on device models: a fabric of a region resolves and
 * builds to exactly what it gives alone; the rules find nothing on the example, from the intent
 * or from the models; hand-edited models are caught by the same rules, naming the device.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { buildDeviceModels } from '../compiler/build/build-devices.js';
import { compileIntent } from '../compiler/compile.js';
import { readRegion } from '../cli/region-files.js';
import { readIntent } from '../cli/intent-files.js';
import { examplesDir, repoRoot } from '../test-helpers/examples.js';
import { generateRegion } from '../bench/generate-intent.js';
import { loadRegion } from './load-region.js';
import { modelFacts } from './model-facts.js';
import { ownedPrefixes } from './owned-prefixes.js';
import type { RegionModel } from './region-model.js';
import { checkRegion, resolveRegion } from './resolve-region.js';

function exampleRegion(): RegionModel {
  const { loaded } = readRegion(join(examplesDir, 'region'), repoRoot);
  const resolved = resolveRegion(loaded);
  expect(resolved.diagnostics).toEqual([]);
  if (resolved.region === undefined) throw new Error('the example region does not resolve');
  return resolved.region;
}

/** A deep copy of a fabric's models, one of them edited. */
function edited(devices: readonly DeviceModel[], name: string, edit: (d: DeviceModel) => DeviceModel): DeviceModel[] {
  return devices.map((d) => (d.name === name ? edit(structuredClone(d)) : d));
}

describe('the region stage', () => {
  it('resolves each fabric of the example exactly as compiling it alone', () => {
    const region = exampleRegion();
    expect(region.fabrics.map((f) => f.name)).toEqual(['az1', 'az2', 'az3', 'az4']);
    for (const f of region.fabrics) {
      const alone = compileIntent(readIntent(join(examplesDir, 'region', f.dir), repoRoot).sources);
      expect(alone.diagnostics).toEqual([]);
      expect(JSON.stringify(buildDeviceModels(f.fabric)), f.name).toBe(JSON.stringify(alone.devices));
    }
  });

  it('lists pools first, then each routed network, as the prefixes a fabric owns', () => {
    const az4 = exampleRegion().fabrics[3];
    if (az4 === undefined) throw new Error('no az4');
    expect(ownedPrefixes(az4.fabric).map((p) => `${p.kind} ${p.prefix.cidr} ${p.owner} ${p.tenant ?? '-'}/${p.vrf ?? '-'} ${p.purpose}`)).toEqual([
      'loopback-pool 172.16.48.0/24 pool loopback -/- infrastructure',
      'vtep-pool 172.16.49.0/24 pool vtep -/- infrastructure',
      'p2p-pool 172.16.52.0/22 pool p2p -/- infrastructure',
      'tenant-subnet 10.4.250.0/24 network backup ops/oob tenants',
      'tenant-subnet 10.4.130.0/24 network nw-web northwind/nw-prod tenants',
      'tenant-subnet 10.4.10.0/24 network web ota/prod tenants',
    ]);
  });

  it('finds nothing in the example from its device models, and catches hand edits naming the device', () => {
    const region = exampleRegion();
    const built = region.fabrics.map((f) => ({ f, devices: buildDeviceModels(f.fabric) }));
    const facts = (override?: { fabric: string; devices: DeviceModel[] }) =>
      built.map(({ f, devices }) => modelFacts(f.dir, f.name, override?.fabric === f.name ? override.devices : devices));
    expect(checkRegion(facts(), region.plan)).toEqual([]);

    const az2 = built[1]?.devices ?? [];
    // az2-leaf1 takes az1-leaf1's loopback; and its VRF ota/prod exports another route target.
    const moved = edited(az2, 'az2-leaf1', (d) => ({ ...d, interfaces: { ...d.interfaces, loopback0: { ...d.interfaces.loopback0, address: '172.16.0.11/32' } } }));
    const codes = checkRegion(facts({ fabric: 'az2', devices: moved }), region.plan).map((d) => `${d.code} ${d.device ?? ''} ${d.message}`);
    expect(codes).toEqual([
      "CLOS4011 az2-leaf1 loopback 172.16.0.11/32 (Loopback0 of az2-leaf1) of fabric 'az2' overlaps loopback 172.16.0.11/32 (Loopback0 of az1-leaf1) of fabric 'az1'; prefixes of different fabrics never overlap in a region",
    ]);
    const rt = edited(az2, 'az2-leaf1', (d) => ({ ...d, vrfs: d.vrfs.map((v) => ({ ...v, routeTargets: { import: ['65002:50001'], export: ['65002:50001'] } })) }));
    const rtCodes = checkRegion(facts({ fabric: 'az2', devices: rt }), region.plan).map((d) => d.code);
    expect(rtCodes).toContain('CLOS4015');
    const outside = edited(az2, 'az2-leaf1', (d) => ({ ...d, interfaces: { ...d.interfaces, svis: d.interfaces.svis.map((s) => ({ ...s, address: '192.168.1.1/24' })) } }));
    expect(checkRegion(facts({ fabric: 'az2', devices: outside }), region.plan).map((d) => d.code)).toContain('CLOS4012');
  });

  it('reads every device of a fabric: an edit on a leaf or spine after the first is caught, also in the first fabric', () => {
    const region = exampleRegion();
    const built = region.fabrics.map((f) => ({ f, devices: buildDeviceModels(f.fabric) }));
    const facts = (fabric: string, devices: DeviceModel[]) => built.map(({ f, devices: own }) => modelFacts(f.dir, f.name, f.name === fabric ? devices : own));
    const found = (fabric: string, devices: DeviceModel[]) => checkRegion(facts(fabric, devices), region.plan).map((d) => `${d.code} ${d.device ?? ''}`);
    const devicesOf = (fabric: string): DeviceModel[] => built.find((b) => b.f.name === fabric)?.devices ?? [];

    // az1 is the first fabric with ota/prod: its fourth leaf's L3VNI is held against az2's.
    const l3vni = edited(devicesOf('az1'), 'az1-leaf4', (d) => ({ ...d, vrfs: d.vrfs.map((v) => (v.name === 'prod' ? { ...v, l3vni: 50009 } : v)) }));
    expect(found('az1', l3vni)).toEqual(['CLOS4014 az1-leaf4']);
    // Its route target on one leaf of az3 (not az3's first).
    const rt = edited(devicesOf('az3'), 'az3-leaf2', (d) => ({ ...d, vrfs: d.vrfs.map((v) => (v.name === 'prod' ? { ...v, routeTargets: { import: ['65003:50001'], export: ['65003:50001'] } } : v)) }));
    expect(found('az3', rt)).toEqual(['CLOS4015 az3-leaf2']);
    // az4's second spine on az2's spine ASN.
    const asn = edited(devicesOf('az4'), 'az4-spine2', (d) => ({ ...d, asn: 65002, bgp: { ...d.bgp, asn: 65002 } }));
    expect(found('az4', asn)).toEqual(['CLOS4017 az4-spine2']);
    // A network of az4's second leaf on az1's L3VNI of ota/dev.
    const vni = edited(devicesOf('az4'), 'az4-leaf2', (d) => ({ ...d, vlans: d.vlans.map((v) => (v.network === 'nw-web' ? { ...v, vni: 50002 } : v)) }));
    expect(found('az4', vni)).toEqual(['CLOS4016 az4-leaf2']);
    // az3's second leaf renamed as az1's first: one hostname for two switches.
    const renamed = edited(devicesOf('az3'), 'az3-leaf2', (d) => ({ ...d, name: 'az1-leaf1' }));
    const named = checkRegion(facts('az3', renamed), region.plan).filter((d) => d.code === 'CLOS4022');
    expect(named.map((d) => `${d.code} ${d.device ?? ''} ${d.message}`)).toEqual([
      "CLOS4022 az1-leaf1 device 'az1-leaf1' of fabric 'az3' has the name of a device of fabric 'az1'; device names are region-unique (a switch's hostname is its name in LLDP, syslog, monitoring and DNS)",
    ]);
    expect(named[0]?.related.map((r) => r.message)).toEqual(["device 'az1-leaf1' of fabric 'az1' [az1-leaf1]"]);
    // Named after its own fabric, not az3-az1-leaf1.
    expect(named[0]?.hint).toBe("rename one of them, e.g. with its fabric's name: 'az3-leaf1'");
  });

  it('counts external transit subnets and host BGP pools as owned prefixes, from the intent and from the models', () => {
    const fabricYaml = (name: string, n: number, transit: string, pool: string, advertise?: string): string =>
      [
        'version: 1',
        'fabric:',
        `  name: ${name}`,
        '  platform: frr',
        `  asn: { spine: ${65000 + n}, leaf_base: 65100 }`,
        '  evpn: { rt_asn: 65000 }',
        `  pools: { loopback: 172.16.${n * 16}.0/24, vtep: 172.16.${n * 16 + 1}.0/24, p2p: 172.16.${n * 16 + 4}.0/22 }`,
        `spines: [{ name: s${n}, id: 1 }]`,
        `leaves: [{ name: l${n}, id: 11 }, { name: b${n}, id: 12 }]`,
        'tenants:',
        '  - name: ota',
        '    vrfs:',
        '      - name: prod',
        '        l3vni: 50001',
        `        external: { peers: [{ leaf: b${n}, port: 47, vlan: 3001, subnet: ${transit}, asn: 65500 }]${advertise === undefined ? '' : `, advertise: ${advertise}`} }`,
        '        networks:',
        `          - { name: k8s, vlan: 120, subnet: 10.${n}.120.0/24, leaves: [l${n}], bgp_hosts: { asn: 65400, accept: [${pool}] } }`,
        '',
      ].join('\n');
    const region = (az2Transit: string, az2Pool: string, az1Advertise?: string) => {
      const fabrics: Record<string, string> = { az1: fabricYaml('az1', 1, '172.16.30.0/31', '10.1.244.0/24', az1Advertise), az2: fabricYaml('az2', 2, az2Transit, az2Pool) };
      const text = ['version: 1', 'region:', '  name: r', '  fabrics: [az1, az2]', '  plan:', '    - { prefix: 10.0.0.0/8, for: tenants }', '    - { prefix: 172.16.0.0/12, for: infrastructure }', ''].join('\n');
      const loaded = loadRegion({ name: 'region.yaml', text }, (dir) => ({ sources: [{ name: 'fabric.yaml', text: fabrics[dir] ?? '' }], diagnostics: [] }));
      return resolveRegion(loaded);
    };

    const clean = region('172.16.46.0/31', '10.2.244.0/24');
    expect(clean.diagnostics).toEqual([]);
    const az1 = clean.region?.fabrics[0];
    if (clean.region === undefined || az1 === undefined) throw new Error('the region does not resolve');
    const owned = ownedPrefixes(az1.fabric).filter((p) => p.kind === 'external-transit' || p.kind === 'host-pool');
    expect(owned.map((p) => `${p.kind} ${p.prefix.cidr} ${p.owner} ${p.tenant ?? '-'}/${p.vrf ?? '-'} ${p.purpose}`)).toEqual([
      'external-transit 172.16.30.0/31 external peer b1 port 47 VLAN 3001 ota/prod infrastructure',
      'host-pool 10.1.244.0/24 BGP hosts of network k8s ota/prod tenants',
    ]);
    // Their keys point at the intent values.
    for (const p of owned) expect(az1.fabric.provenance.get(p.key), p.key).toBeDefined();
    // The models deploy the same prefixes, and the rules find nothing on them either.
    const built = clean.region.fabrics.map((f) => ({ f, devices: buildDeviceModels(f.fabric) }));
    const facts = built.map(({ f, devices }) => modelFacts(f.dir, f.name, devices));
    expect(facts[0]?.prefixes.filter((p) => p.kind === 'external-transit' || p.kind === 'host-pool').map((p) => `${p.kind} ${p.prefix.cidr} ${p.owner} ${p.tenant ?? '-'}/${p.vrf ?? '-'}`)).toEqual([
      'external-transit 172.16.30.0/31 external peer b1 swp47.3001 ota/prod',
      'host-pool 10.1.244.0/24 BGP hosts of network k8s ota/prod',
    ]);
    expect(checkRegion(facts, clean.region.plan)).toEqual([]);

    // az2 reuses az1's transit and pod pool: both overlap across fabrics.
    const reused = region('172.16.30.0/31', '10.1.244.0/24');
    expect(reused.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      expect.stringMatching(/^CLOS4011 external transit subnet 172\.16\.30\.0\/31 \(external peer b2 port 47 VLAN 3001, VRF ota\/prod\) of fabric 'az2' overlaps external transit subnet 172\.16\.30\.0\/31 /),
      expect.stringMatching(/^CLOS4011 host BGP pool 10\.1\.244\.0\/24 \(BGP hosts of network k8s, VRF ota\/prod\) of fabric 'az2' overlaps host BGP pool 10\.1\.244\.0\/24 /),
    ]);
    expect(reused.diagnostics.map((d) => d.span?.file)).toEqual(['az2/fabric.yaml', 'az2/fabric.yaml']);
    // In the wrong plan blocks: a transit among tenant addresses, a pod pool among infrastructure.
    const misplaced = region('10.2.250.0/31', '172.16.200.0/24');
    expect(misplaced.diagnostics.map((d) => d.code)).toEqual(['CLOS4013', 'CLOS4013']);

    // An aggregate of az1 that holds only az1's subnet and pod pool is its own summary.
    const own = region('172.16.46.0/31', '10.2.244.0/24', '[10.1.0.0/16]');
    expect(own.diagnostics).toEqual([]);
    // One that holds az2's subnet and pod pool as well (CLOS4023), at the list entry, naming both.
    const wide = region('172.16.46.0/31', '10.2.244.0/24', '[10.0.0.0/14]');
    expect(wide.diagnostics.map((d) => `${d.code} ${d.span?.file ?? ''}:${d.span?.line ?? 0} ${d.message}`)).toEqual([
      "CLOS4023 az1/fabric.yaml:15 aggregate 10.0.0.0/14 that VRF ota/prod of fabric 'az1' announces outside overlaps 2 prefixes of fabric 'az2': routers outside send traffic for it to fabric 'az1' whenever the more specific route is missing, and 'az1' has no route to it but back out; an aggregate summarizes its own fabric's prefixes only",
    ]);
    expect(wide.diagnostics[0]?.related.map((r) => `${r.message} ${r.span?.file ?? ''}`)).toEqual([
      "tenant subnet 10.2.120.0/24 (network k8s, VRF ota/prod) of fabric 'az2' az2/fabric.yaml",
      "host BGP pool 10.2.244.0/24 (BGP hosts of network k8s, VRF ota/prod) of fabric 'az2' az2/fabric.yaml",
    ]);
    // One wider than the plan's tenants block announces addresses the region does not own (11/8).
    const beyond = region('172.16.46.0/31', '10.2.244.0/24', '[10.0.0.0/7]');
    const outside = beyond.diagnostics.find((d) => d.code === 'CLOS4012');
    expect(`${outside?.span?.file ?? ''}:${outside?.span?.line ?? 0} ${outside?.message ?? ''}`).toBe(
      "az1/fabric.yaml:15 aggregate 10.0.0.0/7 (announced outside by VRF ota/prod) of fabric 'az1' is wider than plan block 10.0.0.0/8 (for tenants) and lies in no block of the plan",
    );
    expect(beyond.diagnostics.map((d) => d.code).sort()).toEqual(['CLOS4012', 'CLOS4023']);
    // From the models: az2's border b2 announcing an aggregate edited over az1's addresses.
    const withAggregate = clean.region.fabrics.map((f) => ({ f, devices: buildDeviceModels(f.fabric) }));
    const az2 = withAggregate[1];
    if (az2 === undefined) throw new Error('no az2');
    const border = edited(az2.devices, 'b2', (d) => ({ ...d, bgp: { ...d.bgp, vrfs: d.bgp.vrfs.map((v) => ({ ...v, aggregates: ['10.0.0.0/12'] })) } }));
    const fromModels = checkRegion([modelFacts('az1', 'az1', withAggregate[0]?.devices ?? []), modelFacts('az2', 'az2', border)], clean.region.plan);
    expect(fromModels.map((d) => `${d.code} ${d.device ?? ''} ${d.related.map((r) => r.message).join('; ')}`)).toEqual([
      "CLOS4023 b2 tenant subnet 10.1.120.0/24 (network k8s, VRF ota/prod) of fabric 'az1' [l1]; host BGP pool 10.1.244.0/24 (BGP hosts of network k8s, VRF ota/prod) of fabric 'az1' [l1]",
    ]);
  });

  it('resolves a generated region of four zones without a finding', () => {
    const g = generateRegion({ spines: 2, leaves: 8, tenants: 3, vrfs: 5, networks: 60, networksPerLeaf: 20, serversPerLeaf: 4, seed: 3 }, 4);
    const loaded = loadRegion({ name: 'region.yaml', text: g.regionYaml }, (dir) => ({ sources: g.fabrics.find((f) => f.dir === dir)?.intent.files ?? [], diagnostics: [] }));
    const resolved = resolveRegion(loaded);
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.region?.fabrics.map((f) => f.fabric.settings.spineAsn)).toEqual([65001, 65002, 65003, 65004]);
  });
});
