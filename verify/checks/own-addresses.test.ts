/**
 * The leaves' own addresses (check 7, own-addresses.ts; README "An address of its own"): unique in
 * their network (CLOS5127), host addresses of the subnet beside the gateway (CLOS5128), deployed
 * as the design needs on each leaf (CLOS5129), and on every FRR leaf routing a network that an
 * Ethernet segment of an FRR leaf carries (CLOS5130, a warning). In the quickstart, network 'web'
 * (VLAN 110) is on the segment of server hv01 (leaf1, leaf2) and on leaf3 and leaf4, all FRR; in
 * dc1, network 'k8s-nodes' (VLAN 120) has BGP hosts on dc1-leaf17 and dc1-leaf18, whose own
 * addresses there are their session addresses.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { exampleModels } from '../../test-helpers/examples.js';
import { editModels, find, type Editable } from '../../test-helpers/mutate.js';
import { verifyCompiled, verifyFabric } from '../verify.js';
import { compileIntent } from '../../compiler/compile.js';
import { readIntent } from '../../cli/intent-files.js';
import type { VerifyReport } from '../types.js';

type Model = Editable<DeviceModel>;

const quickstart = exampleModels('quickstart');
const dc1 = exampleModels('dc1');

function findings(report: VerifyReport, codes = /^CLOS51(2[7-9]|30)$/): string[] {
  return report.checks.flatMap((c) => c.diagnostics.filter((d) => codes.test(d.code)).map((d) => `${d.code} ${d.severity} ${d.device ?? ''}: ${d.message}`));
}
const fromModels = (models: readonly DeviceModel[], codes?: RegExp): string[] => findings(verifyFabric({ devices: models, settings: { hopLimit: 2, failures: 1 } }), codes);

const svi = (m: Model, vlan: number): Model['interfaces']['svis'][number] => find(m.interfaces.svis, (s) => s.vlan === vlan);
const bridge = (m: Model, vlan: number): NonNullable<Model['linux']>['bridges'][number] => find(m.linux?.bridges ?? [], (b) => b.vlan === vlan);
const setOwn = (m: Model, vlan: number, address: string | null): void => {
  svi(m, vlan).ownAddress = address;
  bridge(m, vlan).ownAddress = address;
};

describe('own addresses', () => {
  it('find nothing in the examples as compiled, from their models or their intents', () => {
    for (const example of [quickstart, dc1, exampleModels('mixed')]) {
      expect(fromModels(example.devices)).toEqual([]);
      expect(findings(verifyCompiled(example.fabric, example.devices))).toEqual([]);
    }
  });

  it('two leaves on one own address: one finding for the network, however many addresses are shared', () => {
    const one = editModels(quickstart.devices, ['leaf3'], (m) => { setOwn(m, 110, '10.110.0.244/24'); });
    expect(fromModels(one)).toEqual([
      "CLOS5127 error leaf3: leaves share an address of their own in network 'web': 'leaf1' and 'leaf3' both have 10.110.0.244; each answers ARP for it and asks from it, so replies reach one of them and the other never resolves its hosts",
    ]);
    const three = editModels(quickstart.devices, ['leaf3', 'leaf4'], (m) => {
      setOwn(m, 110, '10.110.0.244/24');
      setOwn(m, 120, '10.120.0.200/24');
    });
    expect(fromModels(three).map((x) => x.replace(/; each answers.*/, ''))).toEqual([
      "CLOS5127 error leaf4: leaves share an address of their own in network 'app': 'leaf3' and 'leaf4' both have 10.120.0.200",
      "CLOS5127 error leaf3: leaves share an address of their own in network 'web': 'leaf1', 'leaf3' and 'leaf4' all have 10.110.0.244",
    ]);
    const two = editModels(quickstart.devices, ['leaf3', 'leaf4'], (m) => { setOwn(m, 110, m.name === 'leaf3' ? '10.110.0.244/24' : '10.110.0.243/24'); });
    expect(fromModels(two).map((x) => x.replace(/; each answers.*/, ''))).toEqual([
      "CLOS5127 error leaf4: leaves share an address of their own in network 'web': 'leaf2' and 'leaf4' both have 10.110.0.243 (and 1 more shared address)",
    ]);
  });

  it('an own address outside the subnet, on the gateway, the network or broadcast address, or with another length', () => {
    const cases: [string, string][] = [
      ['10.111.0.242/24', 'is outside the subnet 10.110.0.0/24'],
      ['10.110.0.1/24', 'is the anycast gateway'],
      ['10.110.0.0/24', 'is the network address of 10.110.0.0/24'],
      ['10.110.0.255/24', 'is the broadcast address of 10.110.0.0/24'],
      ['10.110.0.242/25', "has prefix length /25, not the subnet's /24 (another connected route)"],
      ['10.110.0.242', 'is not an address with a prefix length'],
    ];
    for (const [address, why] of cases) {
      const models = editModels(quickstart.devices, ['leaf3'], (m) => { setOwn(m, 110, address); });
      expect(fromModels(models)).toEqual([`CLOS5128 error leaf3: the own address ${address} of 'leaf3' in network 'web' ${why}: a leaf's own address is a host address of the network's subnet other than the gateway`]);
    }
    const two = editModels(quickstart.devices, ['leaf3', 'leaf4'], (m) => { setOwn(m, 110, '10.110.0.1/24'); });
    expect(fromModels(two)).toEqual([
      "CLOS5128 error leaf3: the own address 10.110.0.1/24 of 'leaf3' in network 'web' is the anycast gateway (and 1 more leaf): a leaf's own address is a host address of the network's subnet other than the gateway",
    ]);
  });

  it("BGP hosts' session addresses are check 12's: a clash is CLOS5245 alone", () => {
    const clash = editModels(dc1.devices, ['dc1-leaf18'], (m) => {
      svi(m, 120).sessionAddress = '10.10.120.226/24';
      setOwn(m, 120, '10.10.120.226/24');
      for (const v of m.bgp.vrfs) for (const r of v.listenRanges) r.localAddress = '10.10.120.226';
    });
    const all = fromModels(clash, /^CLOS5(12[7-9]|130|245)$/);
    expect(all.map((x) => x.slice(0, 8))).toEqual(['CLOS5245']);
  });

  it('an own address that is not the session address', () => {
    const models = editModels(dc1.devices, ['dc1-leaf18'], (m) => { setOwn(m, 120, '10.10.120.200/24'); });
    expect(fromModels(models)).toEqual([
      "CLOS5129 error dc1-leaf18: 'dc1-leaf18' does not deploy its own addresses as the gateway design needs: the SVI vlan120 has own address 10.10.120.200/24 but session address 10.10.120.225/24 (one address per leaf: FRR's interfaces.sh configures the first, EOS and NX-OS the second)",
    ]);
  });

  it('an own address on EOS or NX-OS that is not a session address: not configured there', () => {
    for (const platform of ['eos', 'nxos'] as const) {
      const { devices } = exampleModels('quickstart', platform);
      const models = editModels(devices, ['leaf3'], (m) => (svi(m, 130).ownAddress = '10.130.0.200/24'));
      expect(fromModels(models)).toEqual([
        `CLOS5129 error leaf3: 'leaf3' does not deploy its own addresses as the gateway design needs: the SVI ${svi(devices.find((d) => d.name === 'leaf3') as Model, 130).name} has own address 10.130.0.200/24, which ${platform === 'eos' ? 'EOS' : 'NX-OS'} does not configure: only FRR leaves take an address of their own beside the gateway, other platforms only the BGP hosts' session address`,
      ]);
    }
  });

  it("an FRR bridge's gateway device, MAC and advertise-svi-ip follow its own address", () => {
    const problem = (edit: (m: Model) => void): string[] => fromModels(editModels(quickstart.devices, ['leaf3'], edit)).map((x) => x.replace(/^CLOS5129 error leaf3: 'leaf3' does not deploy its own addresses as the gateway design needs: /, ''));
    expect(problem((m) => (bridge(m, 110).mac = '00:00:5e:00:01:01'))).toEqual([
      'the Linux bridge vlan110 keeps the anycast MAC 00:00:5e:00:01:01 beside its gateway device vlan110-v0: the leaf asks for its hosts from its own address 10.110.0.242/24 with the anycast MAC, so their replies can reach another leaf',
    ]);
    expect(problem((m) => (bridge(m, 110).mac = '02:00:0a:00:00:0b'))).toEqual([
      "the Linux bridge vlan110 carries 02:00:0a:00:00:0b beside its gateway device, the router MAC of 'leaf1': both leaves answer for this leaf's own address 10.110.0.242/24",
    ]);
    // A MAC no other leaf has is the leaf's own, whatever it is; a router MAC edited on the L3VNI
    // bridges alone is check 2's (CLOS5036, CLOS5038), not this one's.
    expect(problem((m) => (bridge(m, 110).mac = '02:00:de:ad:be:ef'))).toEqual([]);
    expect(problem((m) => m.linux?.l3vniBridges.forEach((b) => (b.mac = '02:00:0a:00:00:0b')))).toEqual([]);
    expect(problem((m) => (find(m.bgp.evpn.vnis, (v) => v.vlan === 110).advertiseSviIp = false))).toEqual([
      "VNI 10110 does not announce its SVI's address (advertise-svi-ip), so no other leaf learns the MAC of the own address 10.110.0.242/24 from EVPN, which bridges a host's reply that reaches another leaf back to this one",
    ]);
    expect(problem((m) => (find(m.bgp.evpn.vnis, (v) => v.vlan === 130).advertiseSviIp = true))).toEqual([
      "VNI 10130 announces its SVI's address (advertise-svi-ip), but the Linux bridge vlan130 has no own address: advertise-svi-ip is for an SVI address unique to the VTEP, not the gateway every leaf has",
    ]);
    expect(problem((m) => (bridge(m, 110).gateway = 'vlan110-gw'))).toEqual([
      'the gateway device of the Linux bridge vlan110 is vlan110-gw, not vlan110-v0: interfaces.sh keeps and removes gateway devices by that name',
    ]);
    expect(problem((m) => m.linux !== null && (m.linux.gateways = ['vlan210-v0']))).toEqual([
      'linux.gateways lacks vlan110-v0 and vlan120-v0, so every run of interfaces.sh deletes those gateway devices and makes them again',
    ]);
    expect(problem((m) => (bridge(m, 140).gateway = 'vlan140-v0'))).toEqual(['the Linux bridge vlan140 of a layer-2-only VLAN has the gateway device vlan140-v0']);
    expect(
      problem((m) => {
        bridge(m, 110).gateway = null;
        bridge(m, 110).mac = '00:00:5e:00:01:01';
      }),
    ).toEqual([
      'the Linux bridge vlan110 holds its own address 10.110.0.242/24 beside the gateway 10.110.0.1/24 with no gateway device (linux.bridges[].gateway): it asks for its hosts from the anycast MAC, so their replies can reach another leaf',
    ]);
  });

  it('an FRR leaf routing a network of a segment without an own address is a warning, one per network', () => {
    const drop = (m: Model): void => {
      setOwn(m, 110, null);
      bridge(m, 110).gateway = null;
      bridge(m, 110).mac = '00:00:5e:00:01:01';
      if (m.linux !== null) m.linux.gateways = m.linux.gateways.filter((g) => g !== 'vlan110-v0');
      find(m.bgp.evpn.vnis, (v) => v.vlan === 110).advertiseSviIp = false;
    };
    expect(fromModels(editModels(quickstart.devices, ['leaf3'], drop))).toEqual([
      `CLOS5130 warning leaf3: network 'web' is carried by an Ethernet segment of an FRR leaf (bond2 of 'leaf1', server 'hv01'), but FRR leaf 'leaf3' carrying it has no address of its own there: it keeps the gateway on the SVI and resolves the network's hosts from the anycast MAC, so a host's ARP reply can reach another leaf than the one that asked, and routed traffic for it be lost (README, "An address of its own")`,
    ]);
    const all = fromModels(editModels(quickstart.devices, ['leaf1', 'leaf2', 'leaf3', 'leaf4'], drop));
    expect(all).toHaveLength(1);
    expect(all[0]).toContain("but FRR leaves 'leaf1', 'leaf2', 'leaf3' and 1 more carrying it have no address of their own there: they keep the gateway");
    // A network no segment of an FRR leaf carries needs none: the NX-OS pair's segment in 'mixed'.
    const mixed = exampleModels('mixed');
    expect(mixed.devices.some((d) => d.interfaces.lags.some((l) => l.segment !== null))).toBe(true);
    expect(fromModels(mixed.devices)).toEqual([]);
  });

  it("verifying an intent, a network the compiler left without own addresses (CLOS3147) is not warned about again; from the models alone it is", () => {
    const dir = fileURLToPath(new URL('../../compiler/fixtures/invalid/warn-segment-own-address-too-small', import.meta.url));
    const compiled = compileIntent(readIntent(dir, dir).sources);
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(['CLOS3147']);
    const { fabric, devices } = compiled;
    if (fabric === undefined || devices === undefined) throw new Error('the fixture compiles');
    expect(fabric.networks.filter((n) => n.ownAddressesWithheld).map((n) => n.name)).toEqual(['db']);
    expect(findings(verifyCompiled(fabric, devices))).toEqual([]);
    expect(fromModels(devices).map((x) => x.replace(/ \(bond.*/, ''))).toEqual(["CLOS5130 warning leaf1: network 'db' is carried by an Ethernet segment of an FRR leaf"]);
    // Only such a network: one the compiler gave own addresses to, dropped on a leaf, still is.
    const dropped = editModels(quickstart.devices, ['leaf3'], (m) => {
      setOwn(m, 110, null);
      bridge(m, 110).gateway = null;
    });
    expect(quickstart.fabric.networks.some((n) => n.ownAddressesWithheld)).toBe(false);
    expect(findings(verifyCompiled(quickstart.fabric, dropped), /^CLOS5130$/).map((x) => x.replace(/ is carried.*/, ''))).toEqual(["CLOS5130 warning leaf3: network 'web'"]);
  });
});
