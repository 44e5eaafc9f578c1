/**
 * Every derivation rule of the intent language (intent-spec.md, "Identity and addressing"), asserted
 * on the device models the build stage produces: what will actually be deployed.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../build/device-model.js';
import { baseIntent, compileText, devicesOf, edit } from '../../test-helpers/intent.js';
import { verifyFabric } from '../../verify/verify.js';
import { defaultVerifySettings } from '../../verify/types.js';

function device(devices: Map<string, DeviceModel>, name: string): DeviceModel {
  const d = devices.get(name);
  if (d === undefined) throw new Error(`no device ${name}`);
  return d;
}

const base = devicesOf(baseIntent);

describe('Loopback0 and VTEP: pool network address + id', () => {
  it('gives every device pools.loopback + id as router-id and Loopback0', () => {
    expect(device(base, 'spine1').routerId).toBe('10.0.0.1');
    expect(device(base, 'spine2').interfaces.loopback0.address).toBe('10.0.0.2/32');
    expect(device(base, 'leaf1').routerId).toBe('10.0.0.11');
    expect(device(base, 'leaf2').bgp.routerId).toBe('10.0.0.12');
  });

  it('gives leaves (only) pools.vtep + id as VTEP source', () => {
    expect(device(base, 'leaf1').interfaces.vtep?.address).toBe('10.0.1.11/32');
    expect(device(base, 'leaf2').vxlan?.sourceAddress).toBe('10.0.1.12');
    expect(device(base, 'spine1').interfaces.vtep).toBeNull();
    expect(device(base, 'spine1').vxlan).toBeNull();
  });

  it('counts from the network address of any pool, not from .0', () => {
    const d = devicesOf(edit(edit(baseIntent, 'loopback: 10.0.0.0/24', 'loopback: 192.168.4.128/25'), 'vtep: 10.0.1.0/24', 'vtep: 172.16.0.0/20'));
    expect(device(d, 'leaf2').routerId).toBe('192.168.4.140');
    expect(device(d, 'leaf2').vxlan?.sourceAddress).toBe('172.16.0.12');
  });

  it('never renumbers a device when another is added or removed', () => {
    const more = devicesOf(edit(baseIntent, '  - { name: leaf1, id: 11,', '  - { name: leaf0, id: 5 }\n  - { name: leaf1, id: 11,'));
    const leaf2 = device(more, 'leaf2');
    expect(leaf2.routerId).toBe('10.0.0.12');
    expect(leaf2.interfaces.fabric.map((i) => i.address)).toEqual(device(base, 'leaf2').interfaces.fabric.map((i) => i.address));
  });
});

describe('leaf-spine links: /31 number (leaf.id - 1) * max_spines + (spine.id - 1) of pools.p2p', () => {
  it('uses the formula with the default max_spines 8; spine even, leaf odd', () => {
    // leaf1 (id 11) to spine2 (id 2): (11 - 1) * 8 + (2 - 1) = 81 → 10.1.0.162/31
    const leaf = device(base, 'leaf1').interfaces.fabric.find((i) => i.peer.device === 'spine2');
    expect(leaf).toMatchObject({ address: '10.1.0.163/31', link: '10.1.0.162/31', peer: { address: '10.1.0.162' } });
    const spine = device(base, 'spine2').interfaces.fabric.find((i) => i.peer.device === 'leaf1');
    expect(spine).toMatchObject({ address: '10.1.0.162/31', link: '10.1.0.162/31', peer: { address: '10.1.0.163' } });
  });

  it('uses fabric.max_spines', () => {
    // max_spines 4, leaf2 (id 12) to spine2 (id 2): (12 - 1) * 4 + 1 = 45 → 10.1.0.90/31
    const d = devicesOf(edit(baseIntent, '  name: lab\n', '  name: lab\n  max_spines: 4\n'));
    expect(device(d, 'leaf2').interfaces.fabric.find((i) => i.peer.device === 'spine2')?.address).toBe('10.1.0.91/31');
    expect(device(d, 'leaf2').bgp.maximumPaths).toBe(4);
  });

  it('peers BGP over the link addresses', () => {
    const spine1 = device(base, 'spine1');
    const toLeaf2 = spine1.bgp.neighbors.find((n) => n.peer === 'leaf2' && n.purpose === 'underlay');
    // (12 - 1) * 8 + 0 = 88 → 10.1.0.176/31
    expect(toLeaf2).toMatchObject({ address: '10.1.0.177', localAddress: '10.1.0.176', remoteAs: 65112 });
  });
});

describe('ASNs (RFC 7938)', () => {
  it('shares asn.spine among all spines', () => {
    expect(device(base, 'spine1').asn).toBe(65000);
    expect(device(base, 'spine2').bgp.asn).toBe(65000);
  });

  it('gives a leaf asn.leaf_base + id, or its own asn', () => {
    const d = devicesOf(edit(baseIntent, '{ name: leaf2, id: 12,', '{ name: leaf2, id: 12, asn: 64999,'));
    expect(device(d, 'leaf1').asn).toBe(65111);
    expect(device(d, 'leaf2').asn).toBe(64999);
    expect(device(d, 'spine1').bgp.neighbors.find((n) => n.peer === 'leaf2')?.remoteAs).toBe(64999);
  });

  it('needs no leaf_base when every leaf sets its asn', () => {
    const text = edit(edit(edit(baseIntent, '    leaf_base: 65100\n', ''), '{ name: leaf1, id: 11,', '{ name: leaf1, id: 11, asn: 65201,'), '{ name: leaf2, id: 12,', '{ name: leaf2, id: 12, asn: 65202,');
    expect([...devicesOf(text).values()].map((d) => d.asn)).toEqual([65000, 65000, 65201, 65202]);
  });
});

describe('VNIs, route distinguishers, route targets', () => {
  const leaf1 = device(base, 'leaf1');

  it('gives a network evpn.vni_base + vlan, or its own vni', () => {
    expect(leaf1.vxlan?.l2vnis.map((v) => [v.vlan, v.vni])).toEqual([[110, 10110]]);
    const d = devicesOf(edit(edit(baseIntent, '  name: lab\n', '  name: lab\n  evpn:\n    vni_base: 200000\n'), '            vlan: 130\n', '            vlan: 130\n            vni: 7777\n'));
    expect(device(d, 'leaf2').vxlan?.l2vnis.map((v) => [v.vlan, v.vni])).toEqual([
      [130, 7777],
      [110, 200110],
    ]);
  });

  it('uses vrf.l3vni as L3VNI', () => {
    expect(leaf1.vxlan?.l3vnis).toEqual([{ vni: 50001, vlan: 2151, vrf: 'prod' }]);
  });

  it('builds L2 RDs <router-id>:<vlan> and L3 RDs <vtep>:<vrf.id> (vrf.id defaults to l3vni)', () => {
    expect(leaf1.bgp.evpn.vnis.map((v) => v.rd)).toEqual(['10.0.0.11:110']);
    expect(leaf1.vrfs.map((v) => v.rd)).toEqual(['10.0.1.11:50001']);
    expect(leaf1.bgp.vrfs.map((v) => v.rd)).toEqual(['10.0.1.11:50001']);
    const d = devicesOf(edit(baseIntent, 'l3vni: 50001', 'l3vni: 50001\n        id: 7'));
    expect(device(d, 'leaf2').vrfs[0]?.rd).toBe('10.0.1.12:7');
  });

  it("never lets an L2 RD equal an L3 RD: a VRF id equal to a VLAN (AVD numbers VRF 11 beside VLAN 11) compiles and verifies", () => {
    // Old scheme: <router-id>:110 twice on a leaf, refused with CLOS5033.
    const avd = edit(baseIntent, 'l3vni: 50001', 'l3vni: 50001\n        id: 110');
    const result = compileText(avd);
    expect(result.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const leaf = new Map((result.devices ?? []).map((x) => [x.name, x])).get('leaf1');
    const rds = [...(leaf?.bgp.evpn.vnis.map((v) => v.rd) ?? []), ...(leaf?.bgp.vrfs.map((v) => v.rd) ?? [])];
    expect(rds).toEqual(['10.0.0.11:110', '10.0.1.11:110']);
    expect(new Set(rds).size).toBe(rds.length);
    const verified = verifyFabric({ devices: result.devices ?? [], settings: defaultVerifySettings });
    expect(verified.checks.flatMap((c) => c.diagnostics).map((x) => x.code)).not.toContain('CLOS5033');
  });

  it('builds route targets <rt_asn>:<vni> for import and export; rt_asn defaults to asn.spine', () => {
    expect(leaf1.bgp.evpn.vnis[0]?.routeTargets).toEqual({ import: ['65000:10110'], export: ['65000:10110'] });
    expect(leaf1.bgp.vrfs[0]?.routeTargets).toEqual({ import: ['65000:50001'], export: ['65000:50001'] });
    const d = devicesOf(edit(baseIntent, '  name: lab\n', '  name: lab\n  evpn:\n    rt_asn: 64512\n'));
    expect(device(d, 'leaf1').bgp.evpn.vnis[0]?.routeTargets.export).toEqual(['64512:10110']);
    expect(device(d, 'leaf1').vrfs[0]?.routeTargets.import).toEqual(['64512:50001']);
  });

  it('gives the L3VNI a transit VLAN 2000 + (vrf.id mod 997), or vrf.vlan', () => {
    const d = devicesOf(edit(baseIntent, 'l3vni: 50001', 'l3vni: 50001\n        id: 1234'));
    expect(device(d, 'leaf1').vrfs[0]?.vlan).toBe(2237);
    expect(device(d, 'leaf1').vlans.find((v) => v.kind === 'l3vni')).toMatchObject({ id: 2237, vni: 50001, name: 'L3VNI-prod' });
    const own = devicesOf(edit(baseIntent, 'l3vni: 50001', 'l3vni: 50001\n        vlan: 3999'));
    expect(device(own, 'leaf1').interfaces.l3vnis[0]).toMatchObject({ vlan: 3999, vrf: 'prod' });
  });
});

describe('anycast gateway', () => {
  it('defaults to the first host of the subnet, with the subnet length', () => {
    expect(device(base, 'leaf1').interfaces.svis[0]).toMatchObject({ vlan: 110, address: '10.110.0.1/24', vrf: 'prod' });
  });

  it('uses network.gateway when given', () => {
    const d = devicesOf(edit(baseIntent, '            subnet: 10.110.0.0/24\n', '            subnet: 10.110.0.0/24\n            gateway: 10.110.0.254\n'));
    expect(device(d, 'leaf2').interfaces.svis.find((s) => s.vlan === 110)?.address).toBe('10.110.0.254/24');
  });

  it('is identical on every leaf that carries the network, with the anycast MAC', () => {
    const svis = ['leaf1', 'leaf2'].map((l) => device(base, l).interfaces.svis.find((s) => s.vlan === 110)?.address);
    expect(svis).toEqual(['10.110.0.1/24', '10.110.0.1/24']);
    expect(device(base, 'leaf2').anycastGateway).toEqual({ mac: '00:00:5e:00:01:01', macDotted: '0000.5e00.0101' });
    const d = devicesOf(edit(baseIntent, '  name: lab\n', '  name: lab\n  evpn:\n    anycast_mac: "02:AA:BB:CC:DD:EE"\n'));
    expect([...d.values()].filter((x) => x.role === 'leaf').map((x) => x.anycastGateway?.mac)).toEqual(['02:aa:bb:cc:dd:ee', '02:aa:bb:cc:dd:ee']);
  });

  it('has no SVI for an L2-only network', () => {
    const d = devicesOf(edit(baseIntent, '            subnet: 10.130.0.0/24\n', ''));
    expect(device(d, 'leaf2').interfaces.svis.map((s) => s.vlan)).toEqual([110]);
    expect(device(d, 'leaf2').vlans.map((v) => v.id)).toEqual([110, 130, 2151]);
  });
});

describe('placement', () => {
  const carried = (d: Map<string, DeviceModel>, leaf: string): number[] => device(d, leaf).vlans.filter((v) => v.kind === 'l2').map((v) => v.id);

  it('places a network on every leaf by default (all)', () => {
    expect(carried(base, 'leaf1')).toContain(110);
    expect(carried(base, 'leaf2')).toContain(110);
  });

  it('places by tag', () => {
    expect(carried(base, 'leaf1')).not.toContain(130);
    expect(carried(base, 'leaf2')).toContain(130);
  });

  it('places by leaf name', () => {
    const d = devicesOf(edit(baseIntent, 'leaves: [tag:db]', 'leaves: [leaf1]'));
    expect(carried(d, 'leaf1')).toEqual([110, 130]);
    expect(carried(d, 'leaf2')).toEqual([110]);
  });

  it('adds every network a server on the leaf uses', () => {
    const d = devicesOf(`${baseIntent}  - name: db01\n    attach: [{ leaf: leaf1, port: 2 }]\n    networks: [db]\n`);
    expect(carried(d, 'leaf1')).toEqual([110, 130]);
  });

  it('carries a VRF only where one of its routed networks is', () => {
    const d = devicesOf(edit(baseIntent, '            labels: [frontend]\n', '            labels: [frontend]\n            leaves: [leaf2]\n').replace('servers:\n  - name: web01\n    attach: [{ leaf: leaf1, port: 1 }]\n    networks: [web]\n    mode: access\n', ''));
    expect(device(d, 'leaf1').vrfs).toEqual([]);
    expect(device(d, 'leaf2').vrfs.map((v) => v.name)).toEqual(['prod']);
  });
});

describe('servers', () => {
  const text = `${baseIntent}  - name: hv01
    attach: [{ leaf: leaf2, port: 7 }, { leaf: leaf2, port: 3 }]
    networks: ["label:frontend", db]
  - name: db01
    attach: [{ leaf: leaf2, port: 10 }]
    networks: [db]
    mode: access
`;
  const d = devicesOf(text);

  it('selects networks by name and by label; trunk is the default mode', () => {
    const ports = device(d, 'leaf2').interfaces.servers;
    expect(ports.map((p) => [p.name, p.mode, p.vlans, p.server])).toEqual([
      ['swp3', 'trunk', [110, 130], 'hv01'],
      ['swp7', 'trunk', [110, 130], 'hv01'],
      ['swp10', 'access', [130], 'db01'],
    ]);
  });

  it('names ports per platform', () => {
    const eos = devicesOf(edit(text, '  name: lab\n', '  name: lab\n  platform: eos\n'));
    expect(device(eos, 'leaf2').interfaces.servers.map((p) => p.name)).toEqual(['Ethernet3', 'Ethernet7', 'Ethernet10']);
    const nxos = devicesOf(edit(text, '{ name: leaf2, id: 12,', '{ name: leaf2, id: 12, platform: nxos,'));
    expect(device(nxos, 'leaf2').interfaces.servers.map((p) => p.name)).toEqual(['Ethernet1/3', 'Ethernet1/7', 'Ethernet1/10']);
    expect(device(nxos, 'leaf1').interfaces.servers.map((p) => p.name)).toEqual(['swp1']);
  });
});

describe('ports', () => {
  it('puts the uplink to spine k on uplink_port + k - 1', () => {
    expect(device(base, 'leaf1').interfaces.fabric.map((i) => [i.port, i.peer.device])).toEqual([
      [49, 'spine1'],
      [50, 'spine2'],
    ]);
    const d = devicesOf(edit(baseIntent, '  name: lab\n', '  name: lab\n  uplink_port: 31\n'));
    expect(device(d, 'leaf2').interfaces.fabric.map((i) => i.port)).toEqual([31, 32]);
  });

  it('uses explicit uplinks instead of the full mesh', () => {
    const d = devicesOf(edit(baseIntent, '{ name: leaf2, id: 12, tags: [db] }', '{ name: leaf2, id: 12, tags: [db], uplinks: [{ spine: spine2, port: 1 }] }'));
    expect(device(d, 'leaf2').interfaces.fabric.map((i) => [i.port, i.peer.device, i.address])).toEqual([[1, 'spine2', '10.1.0.179/31']]);
    expect(device(d, 'leaf2').cabling).toBe('explicit');
    expect(device(d, 'spine1').interfaces.fabric.map((i) => i.peer.device)).toEqual(['leaf1']);
  });

  it("gives each leaf spine port 1 + its position among leaves ordered by id, or its spine_port", () => {
    const text = edit(baseIntent, '  - { name: leaf1, id: 11,', '  - { name: leaf9, id: 30 }\n  - { name: leaf0, id: 3 }\n  - { name: leaf1, id: 11,');
    const d = devicesOf(text);
    expect(device(d, 'spine1').interfaces.fabric.map((i) => [i.peer.device, i.port])).toEqual([
      ['leaf0', 1],
      ['leaf1', 2],
      ['leaf2', 3],
      ['leaf9', 4],
    ]);
    const own = devicesOf(edit(text, '{ name: leaf9, id: 30 }', '{ name: leaf9, id: 30, spine_port: 32 }'));
    expect(device(own, 'spine2').interfaces.fabric.find((i) => i.peer.device === 'leaf9')?.port).toBe(32);
    expect(device(own, 'leaf9').interfaces.fabric[0]?.peer.interface).toBe('swp32');
  });

  it('refuses a default spine port beyond 1024 (CLOS3065), at the leaf that would take it', () => {
    // 1,025 leaves: the last in id order would take port 1025, which no spine has.
    const many = Array.from({ length: 1023 }, (_, i) => `  - { name: x${i + 1}, id: ${100 + i} }`).join('\n');
    const r = compileText(edit(baseIntent, '  - { name: leaf1, id: 11,', `${many}\n  - { name: leaf1, id: 11,`));
    const found = r.diagnostics.filter((d) => d.code === 'CLOS3065');
    expect(found.map((d) => d.message)).toEqual(["leaf 'x1023' would take port 1025 on every spine (1 + its position among the 1025 leaves ordered by id), beyond the highest port number, 1024"]);
  });
});

describe('settings', () => {
  it('applies fabric.mtu to every fabric link and network mtu to SVIs', () => {
    const d = devicesOf(edit(edit(baseIntent, '  name: lab\n', '  name: lab\n  mtu: 9100\n'), '            vlan: 130\n', '            vlan: 130\n            mtu: 9000\n'));
    expect(device(d, 'leaf2').interfaces.fabric.map((i) => i.mtu)).toEqual([9100, 9100]);
    expect(device(d, 'leaf2').interfaces.svis.map((s) => [s.vlan, s.mtu])).toEqual([
      [110, 1500],
      [130, 9000],
    ]);
  });

  it('turns BFD off with bfd: false', () => {
    expect(device(base, 'leaf1').bfd).not.toBeNull();
    const d = devicesOf(edit(baseIntent, '  name: lab\n', '  name: lab\n  bfd: false\n'));
    expect(device(d, 'leaf1').bfd).toBeNull();
    expect(device(d, 'leaf1').bgp.peerGroups.every((g) => !g.bfd)).toBe(true);
  });

  it('refuses reserved VRF names in any case', () => {
    expect(compileText(edit(baseIntent, '      - name: prod', '      - name: MGMT')).diagnostics.map((d) => d.code)).toEqual(['CLOS3042']);
  });
});
