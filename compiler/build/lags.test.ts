/**
 * Bonds, port-channels and Ethernet segments (intent-spec.md, "Bonds, LAGs and EVPN multihoming"),
 * asserted on the device models: the derivations (port-channel number, ESI, system MAC and LACP
 * system-id from ids only), the defaults of `bond`, and what each bond mode configures.
 */
import { describe, expect, it } from 'vitest';
import { baseIntent, compileText, devicesOf, edit, located } from '../../test-helpers/intent.js';
import { esiGroups, segmentEsi, segmentSystemMac } from '../resolve/segments.js';
import type { DeviceModel, LagInterface } from './device-model.js';

const threeLeaves = edit(baseIntent, '  - { name: leaf2, id: 12, tags: [db] }\n', '  - { name: leaf2, id: 12, tags: [db] }\n  - { name: leaf3, id: 200, tags: [db] }\n');

function withServers(text: string, servers: string): string {
  return `${text}${servers}`;
}

function device(devices: Map<string, DeviceModel>, name: string): DeviceModel {
  const d = devices.get(name);
  if (d === undefined) throw new Error(`no device ${name}`);
  return d;
}

function lagOf(devices: Map<string, DeviceModel>, leaf: string, server: string): LagInterface {
  const lag = device(devices, leaf).interfaces.lags.find((l) => l.server === server);
  if (lag === undefined) throw new Error(`no port-channel of ${server} on ${leaf}`);
  return lag;
}

const dualHomed = `  - name: hv01
    attach: [{ leaf: leaf2, port: 7 }, { leaf: leaf1, port: 5 }]
    networks: [web, db]
`;

describe('segment identity: from ids only', () => {
  it('builds the system MAC from the two leaf ids, lower first, with the fixed octet 4d', () => {
    expect(segmentSystemMac(11, 12)).toBe('02:4d:00:0b:00:0c');
    expect(segmentSystemMac(12, 11)).toBe('02:4d:00:0b:00:0c');
    expect(segmentSystemMac(300, 65535)).toBe('02:4d:01:2c:ff:ff');
  });

  it('never gives a segment a leaf router MAC (02:00:<router-id>): the second octet is never 00', () => {
    for (const [a, b] of [[1, 2], [1, 65535], [255, 256], [65534, 65535]] as const) expect(segmentSystemMac(a, b).split(':')[1]).toBe('4d');
  });

  it('builds a type-3 ESI: 03, the system MAC, the port-channel number in three bytes', () => {
    expect(segmentEsi('02:4d:00:0b:00:0c', 5)).toBe('03:02:4d:00:0b:00:0c:00:00:05');
    expect(segmentEsi('02:4d:00:0b:00:0c', 1024)).toBe('03:02:4d:00:0b:00:0c:00:04:00');
    expect(esiGroups('03:02:4d:00:0b:00:0c:00:00:05')).toBe('0302:4d00:0b00:0c00:0005');
  });

  it('configures one ESI, system MAC and LACP system-id on both leaves, and the same port-channel number', () => {
    const d = devicesOf(withServers(baseIntent, dualHomed));
    const one = lagOf(d, 'leaf1', 'hv01');
    const two = lagOf(d, 'leaf2', 'hv01');
    // The lowest attached port is 5 (on leaf1): port-channel 5 on both leaves.
    expect([one.name, two.name]).toEqual(['bond5', 'bond5']);
    expect(one.members).toEqual(['swp5']);
    expect(two.members).toEqual(['swp7']);
    expect(one.segment).toEqual(two.segment);
    expect(one.segment).toMatchObject({ esi: '03:02:4d:00:0b:00:0c:00:00:05', systemMac: '02:4d:00:0b:00:0c', discriminator: 5, leaves: ['leaf1', 'leaf2'], type: 3, redundancy: 'all-active', importRouteTarget: '02:4d:00:0b:00:0c' });
    expect(one.lacp).toEqual({ mode: 'active', rate: 'fast', systemId: '02:4d:00:0b:00:0c', systemIdDotted: '024d.000b.000c' });
    expect(two.lacp).toEqual(one.lacp);
  });

  it('changes no port-channel, ESI or system MAC when another server is added or removed', () => {
    const before = devicesOf(withServers(threeLeaves, dualHomed));
    const more = `  - name: aa-first
    attach: [{ leaf: leaf1, port: 1 }, { leaf: leaf2, port: 1 }]
    networks: [web]
  - name: zz-last
    attach: [{ leaf: leaf2, port: 2 }, { leaf: leaf3, port: 2 }]
    networks: [db]
  - name: local
    attach: [{ leaf: leaf1, port: 3 }, { leaf: leaf1, port: 4 }]
    networks: [web]
`;
    // Servers added before hv01 in the list and on either side of it in name order; web01 removed.
    const after = devicesOf(threeLeaves.replace(/servers:\n[^]*$/, `servers:\n${more}${dualHomed}`));
    expect(device(after, 'leaf1').interfaces.servers.some((p) => p.server === 'web01')).toBe(false);
    for (const leaf of ['leaf1', 'leaf2']) {
      expect(lagOf(after, leaf, 'hv01')).toEqual(lagOf(before, leaf, 'hv01'));
    }
    expect(lagOf(after, 'leaf2', 'zz-last').segment?.systemMac).toBe('02:4d:00:0c:00:c8');
  });
});

describe('bond modes', () => {
  it('defaults to lacp with two or more ports, to none with one', () => {
    const d = devicesOf(withServers(baseIntent, dualHomed));
    expect(device(d, 'leaf1').interfaces.servers.find((p) => p.server === 'hv01')).toMatchObject({ bond: 'lacp', lag: 'bond5' });
    expect(device(d, 'leaf1').interfaces.servers.find((p) => p.server === 'web01')).toMatchObject({ bond: 'none', lag: null });
  });

  it('makes ports on one leaf a local LAG: no segment, no LACP system-id of its own, no uplink tracking', () => {
    const d = devicesOf(withServers(baseIntent, '  - { name: db1, attach: [{ leaf: leaf2, port: 3 }, { leaf: leaf2, port: 4 }], networks: [db] }\n'));
    const lag = lagOf(d, 'leaf2', 'db1');
    expect(lag).toMatchObject({ name: 'bond3', number: 3, members: ['swp3', 'swp4'], segment: null, lacp: { systemId: null } });
    expect(device(d, 'leaf2').multihoming).toBeNull();
    expect(device(d, 'leaf2').linux?.bridgeMode).toBe('per-vni');
    expect(device(d, 'leaf2').linux?.subinterfaces.map((s) => s.name)).toContain('bond3.130');
  });

  it('uses lag as the port-channel number, and makes one port with lag a one-member LAG', () => {
    const d = devicesOf(withServers(baseIntent, '  - { name: db1, attach: [{ leaf: leaf2, port: 3 }], lag: 40, networks: [db] }\n'));
    expect(lagOf(d, 'leaf2', 'db1')).toMatchObject({ name: 'bond40', members: ['swp3'] });
  });

  it('keeps active-backup ports independent: every port carries the networks, no port-channel', () => {
    const d = devicesOf(withServers(baseIntent, '  - { name: esx, attach: [{ leaf: leaf1, port: 5 }, { leaf: leaf2, port: 5 }], bond: active-backup, networks: [web, db] }\n'));
    for (const leaf of ['leaf1', 'leaf2']) {
      expect(device(d, leaf).interfaces.lags).toEqual([]);
      expect(device(d, leaf).interfaces.servers.find((p) => p.server === 'esx')).toMatchObject({ bond: 'active-backup', lag: null, vlans: [110, 130] });
    }
  });

  it('gives a leaf with a segment uplink tracking of every uplink and a VLAN-aware bridge', () => {
    const d = devicesOf(withServers(baseIntent, dualHomed));
    const leaf1 = device(d, 'leaf1');
    expect(leaf1.multihoming).toEqual({ uplinks: ['swp49', 'swp50'], segments: ['bond5'], trackingGroup: 'UPLINKS', recoveryDelay: 300 });
    expect(leaf1.linux).toMatchObject({ bridgeMode: 'vlan-aware', subinterfaces: [], esRedirectOff: true, vlanAwareBridge: { name: 'br0', mac: '02:00:0a:00:00:0b' } });
    expect(leaf1.linux?.vlanAwareBridge?.ports).toEqual([
      { name: 'bond5', vlans: [110, 130], pvid: null },
      { name: 'swp1', vlans: [], pvid: 110 },
    ]);
    expect(leaf1.linux?.bonds).toEqual([{ name: 'bond5', members: ['swp5'], mode: '802.3ad', lacpRate: 'fast', actorSystem: '02:4d:00:0b:00:0c', hashPolicy: 'layer3+4', minLinks: 1, mtu: 1500 }]);
    expect(leaf1.bgp.evpn.aliasing).toBe(true);
  });

  it('names port-channels per platform', () => {
    for (const [platform, name] of [['eos', 'Port-Channel5'], ['nxos', 'port-channel5']] as const) {
      const d = devicesOf(withServers(edit(baseIntent, '  name: lab\n', `  name: lab\n  platform: ${platform}\n`), dualHomed));
      expect(lagOf(d, 'leaf1', 'hv01').name).toBe(name);
      expect(device(d, 'leaf1').interfaces.servers.find((p) => p.server === 'hv01')?.lag).toBe(name);
    }
  });
});

describe('bond rules', () => {
  it('reports a port-channel number used twice on a leaf, default or explicit, once per server', () => {
    const r = compileText(
      withServers(
        baseIntent,
        `  - { name: a, attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }], networks: [web] }
  - { name: b, attach: [{ leaf: leaf1, port: 3 }, { leaf: leaf2, port: 3 }], lag: 2, networks: [web] }
`,
      ),
    );
    expect(located(r.diagnostics)).toEqual(['fabric.yaml:37:83 CLOS3100']);
    expect(r.diagnostics[0]?.message).toBe("port-channel 2 of leaves 'leaf1' and 'leaf2' is already the port-channel of server 'a'");
  });

  it('refuses lacp across three leaves, and lag with independent ports', () => {
    const r = compileText(
      withServers(
        threeLeaves,
        `  - { name: a, attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }, { leaf: leaf3, port: 2 }], networks: [web] }
  - { name: b, attach: [{ leaf: leaf1, port: 3 }, { leaf: leaf2, port: 3 }], bond: none, lag: 3, networks: [web] }
`,
      ),
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CLOS3101', 'CLOS3102']);
  });

  it('accepts active-backup and none across any number of leaves', () => {
    const r = compileText(
      withServers(
        threeLeaves,
        `  - { name: a, attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }, { leaf: leaf3, port: 2 }], bond: active-backup, networks: [web] }
  - { name: b, attach: [{ leaf: leaf1, port: 3 }, { leaf: leaf3, port: 3 }], bond: none, networks: [web] }
`,
      ),
    );
    expect(r.diagnostics).toEqual([]);
  });
});
