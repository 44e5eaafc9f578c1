/**
 * Check 10's derived fields (edge-ports.ts): each field the templates render from another one the
 * check compares must agree with it. Each case edits one derived field of a compiled example, as a
 * hand edit of model.json (with the configuration rendered again) would, and expects its finding;
 * the examples as compiled, and edits that change nothing a platform reads (case, order, Linux's
 * min_links 0), have none.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { exampleModels } from '../../test-helpers/examples.js';
import { editModels, find, type Editable } from '../../test-helpers/mutate.js';
import { verifyFabric } from '../verify.js';

const codes = ['CLOS5209', 'CLOS5210', 'CLOS5211', 'CLOS5212', 'CLOS5213', 'CLOS5214', 'CLOS5215'];
const quickstart = { frr: exampleModels('quickstart').devices, eos: exampleModels('quickstart', 'eos').devices, nxos: exampleModels('quickstart', 'nxos').devices };
const dc1 = exampleModels('dc1').devices;

type Model = Editable<DeviceModel>;

/** The models with `device`'s model.json edited. */
const edited = (models: readonly DeviceModel[], device: string, edit: (m: Model) => void): DeviceModel[] => editModels(models, [device], edit);

/** The findings of check 10's derived-field codes, as `code message`. */
function findings(models: readonly DeviceModel[]): string[] {
  const report = verifyFabric({ devices: models, settings: { hopLimit: 2, failures: 1 } });
  return report.checks.flatMap((c) => c.diagnostics.filter((d) => codes.includes(d.code)).map((d) => `${d.code} ${d.message}`));
}

const lag = (m: Model, name: string): Model['interfaces']['lags'][number] => find(m.interfaces.lags, (l) => l.name === name);
const segment = (m: Model, name: string): NonNullable<Model['interfaces']['lags'][number]['segment']> => {
  const s = lag(m, name).segment;
  if (s === null) throw new Error(`${name} has no segment`);
  return s;
};
const linux = (m: Model): NonNullable<Model['linux']> => {
  if (m.linux === null) throw new Error(`${m.name} has no Linux plumbing`);
  return m.linux;
};
const bond = (m: Model, name: string): NonNullable<Model['linux']>['bonds'][number] => find(linux(m).bonds, (b) => b.name === name);
const bridgePorts = (m: Model): NonNullable<NonNullable<Model['linux']>['vlanAwareBridge']>['ports'] => {
  const bridge = linux(m).vlanAwareBridge;
  if (bridge === null) throw new Error(`${m.name} has no VLAN-aware bridge`);
  return bridge.ports;
};

describe('derived fields of port-channels and segments', () => {
  it('find nothing in the examples as compiled, on every platform', () => {
    const more = [exampleModels('dc1', 'eos').devices, exampleModels('dc1', 'nxos').devices, exampleModels('mixed').devices];
    for (const models of [quickstart.frr, quickstart.eos, quickstart.nxos, dc1, ...more]) expect(findings(models)).toEqual([]);
  });

  it('EOS identifier: the ESI in groups of four, in either case', () => {
    expect(findings(edited(quickstart.eos, 'leaf2', (m) => (segment(m, 'Port-Channel2').identifier = '0302:4d00:0b00:0c00:0009')))).toEqual([
      "CLOS5209 segment.identifier of Port-Channel2 on 'leaf2' is 0302:4d00:0b00:0c00:0009, expected 0302:4d00:0b00:0c00:0002 (ESI 03:02:4d:00:0b:00:0c:00:00:02 in groups of four): EOS would configure another Ethernet segment than the one verified",
    ]);
    expect(findings(edited(quickstart.eos, 'leaf2', (m) => (segment(m, 'Port-Channel2').identifier = '0302:4D00:0B00:0C00:0002')))).toEqual([]);
  });

  it('EOS ES-Import route target: the system MAC', () => {
    const found = findings(edited(quickstart.eos, 'leaf1', (m) => (segment(m, 'Port-Channel2').importRouteTarget = '02:4d:00:0b:00:0d')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^CLOS5210 segment\.importRouteTarget of Port-Channel2 on 'leaf1' is 02:4d:00:0b:00:0d, expected 02:4d:00:0b:00:0c /);
  });

  it('dotted MACs: NX-OS system-mac and EOS lacp system-id are the colon forms', () => {
    expect(findings(edited(quickstart.nxos, 'leaf2', (m) => (segment(m, 'port-channel2').systemMacDotted = '024d.000b.000d')))[0]).toMatch(
      /^CLOS5211 segment\.systemMacDotted of port-channel2 on 'leaf2' is 024d\.000b\.000d, expected 024d\.000b\.000c .*NX-OS would build another ESI/,
    );
    expect(findings(edited(quickstart.eos, 'leaf2', (m) => (lag(m, 'Port-Channel2').lacp.systemIdDotted = '024d.000b.000d')))[0]).toMatch(
      /^CLOS5211 lacp\.systemIdDotted of Port-Channel2 on 'leaf2' is 024d\.000b\.000d, expected 024d\.000b\.000c .*another LACP partner/,
    );
    expect(findings(edited(quickstart.eos, 'leaf2', (m) => (lag(m, 'Port-Channel2').lacp.systemIdDotted = '024D.000B.000C')))).toEqual([]);
    // A local LAG (one of dc1-leaf09's) presents no system-id of a segment's.
    const local = (m: Model): Model['interfaces']['lags'][number] => find(m.interfaces.lags, (l) => l.segment === null);
    expect(findings(edited(exampleModels('dc1', 'eos').devices, 'dc1-leaf09', (m) => (local(m).lacp.systemIdDotted = '024d.000b.000c')))[0]).toMatch(
      /^CLOS5211 lacp\.systemIdDotted of Port-Channel\d+ on 'dc1-leaf09' is 024d\.000b\.000c, expected none /,
    );
  });

  it('accessVlan: an access port its VLAN, a trunk none', () => {
    expect(findings(edited(quickstart.eos, 'leaf1', (m) => (find(m.interfaces.servers, (p) => p.name === 'Ethernet1').accessVlan = 120)))).toEqual([
      "CLOS5215 accessVlan of Ethernet1 on 'leaf1' is 120, expected 110 (access VLAN 110): EOS and NX-OS configure the port from it",
    ]);
    expect(findings(edited(quickstart.nxos, 'leaf1', (m) => (lag(m, 'port-channel2').accessVlan = 110)))).toEqual([
      "CLOS5215 accessVlan of port-channel2 on 'leaf1' is 110, expected none (trunk VLANs 110,120,210): EOS and NX-OS configure the port from it",
    ]);
  });

  it('FRR bonds: one per port-channel, with its members, actor system, rate and MTU', () => {
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => (bond(m, 'bond2').members = ['swp1'])))).toEqual([
      "CLOS5212 Linux bond bond2 of 'leaf1' (linux.bonds) has members swp1, expected swp2 (the members of port-channel bond2)",
    ]);
    expect(findings(edited(quickstart.frr, 'leaf2', (m) => (bond(m, 'bond2').actorSystem = '02:4D:00:0B:00:0C')))).toEqual([]);
    const several = findings(edited(quickstart.frr, 'leaf2', (m) => Object.assign(bond(m, 'bond2'), { actorSystem: '02:4d:00:0b:00:0d', mtu: 1500, lacpRate: 'slow' })));
    expect(several).toHaveLength(1);
    expect(several[0]).toContain('has actorSystem 02:4d:00:0b:00:0d, expected 02:4d:00:0b:00:0c');
    expect(several[0]).toContain('has lacpRate slow, expected fast');
    expect(several[0]).toContain('has mtu 1500, expected 9000');
    expect(findings(edited(quickstart.frr, 'leaf2', (m) => (linux(m).bonds = [])))).toEqual([
      "CLOS5212 Linux bond bond2 of 'leaf2' (linux.bonds) is missing, expected for port-channel bond2 of server 'hv01': the port-channel does not exist on the leaf",
    ]);
    const stray = { name: 'bond7', members: ['swp1'], mode: '802.3ad', lacpRate: 'fast', actorSystem: null, hashPolicy: 'layer3+4', minLinks: 1, mtu: 1500 };
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => linux(m).bonds.push(stray)))).toEqual([
      "CLOS5212 Linux bond bond7 of 'leaf1' (linux.bonds) is no port-channel of the leaf, yet takes port swp1",
    ]);
  });

  it('FRR bonds stay up on one member', () => {
    expect(findings(edited(quickstart.frr, 'leaf2', (m) => (bond(m, 'bond2').minLinks = 2)))).toEqual([
      "CLOS5213 Linux bond bond2 of 'leaf2' (linux.bonds) has minLinks 2 with 1 member, expected 1: the bond never comes up",
    ]);
    expect(findings(edited(quickstart.frr, 'leaf2', (m) => (bond(m, 'bond2').minLinks = 0)))).toEqual([]);
    // dc1-leaf09's local LAG has two members.
    const local = findings(edited(dc1, 'dc1-leaf09', (m) => (find(linux(m).bonds, (b) => b.actorSystem === null).minLinks = 2)));
    expect(local).toHaveLength(1);
    expect(local[0]).toMatch(/^CLOS5213 Linux bond bond\d+ of 'dc1-leaf09' \(linux\.bonds\) has minLinks 2 with 2 members, expected 1: the bond goes down with 1 of its members down/);
  });

  it('the VLAN-aware bridge carries each bond and port with its VLANs, and nothing else', () => {
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => (find(bridgePorts(m), (p) => p.name === 'swp1').pvid = 120)))).toEqual([
      "CLOS5214 Linux bridge br0 of 'leaf1' (linux.vlanAwareBridge) gives port swp1 pvid 120, expected 110 (port swp1 of server 'web01', access VLAN 110)",
    ]);
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => (find(bridgePorts(m), (p) => p.name === 'bond2').vlans = [210, 120, 110])))).toEqual([]);
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => bridgePorts(m).reverse()))).toEqual([]);
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => bridgePorts(m).splice(1, 1)))).toEqual([
      "CLOS5214 Linux bridge br0 of 'leaf1' (linux.vlanAwareBridge) lacks port swp1, expected with access VLAN 110 (server 'web01')",
    ]);
    expect(findings(edited(quickstart.frr, 'leaf1', (m) => bridgePorts(m).push({ name: 'swp49', vlans: [110], pvid: null })))).toEqual([
      "CLOS5214 Linux bridge br0 of 'leaf1' (linux.vlanAwareBridge) has port swp49, which is no server port outside a port-channel and no port-channel of the leaf",
    ]);
    const perVni = findings(edited(quickstart.frr, 'leaf2', (m) => (linux(m).vlanAwareBridge = null)));
    expect(perVni[0]).toMatch(/^CLOS5214 Linux bridge br0 of 'leaf2' \(linux\.vlanAwareBridge\) is missing, expected on a leaf with Ethernet segments \(bond2\)/);
  });

  it('the per-VNI bridges carry each access port and trunk sub-interface of their VLAN, and nothing else', () => {
    expect(findings(edited(quickstart.frr, 'leaf3', (m) => (find(linux(m).bridges, (b) => b.name === 'vlan130').ports = ['swp2.130', 'swp1'])))).toEqual([
      "CLOS5214 Linux bridge vlan130 of 'leaf3' (linux.bridges) has port swp1, which is no server port, port-channel or trunk sub-interface of VLAN 130",
    ]);
    expect(findings(edited(quickstart.frr, 'leaf3', (m) => linux(m).subinterfaces.splice(0, 1)))).toEqual([
      "CLOS5214 Linux bridge vlan130 of 'leaf3' (linux.bridges) has port swp2.130, which is no server port, port-channel or trunk sub-interface of VLAN 130",
      "CLOS5214 Linux bridge vlan130 of 'leaf3' (linux.subinterfaces) lacks trunk swp2 (server 'db01'): the leaf has no 802.1Q sub-interface of swp2 for VLAN 130",
    ]);
  });
});
