/**
 * A network whose hosts speak BGP, on FRR leaves: the anycast gateway on a macvlan of its own and
 * the SVI with the leaf's MAC and session address (linux.ts, LinuxBridge.gateway), the VNI
 * announcing the SVI's address (`advertise-svi-ip`); the verifier's judgement of a session address
 * left behind the anycast MAC (host-pools.ts, CLOS5241); and the lab's BGP agent of a host attached
 * to two leaves peering with both (lab/stand-ins.ts). Quickstart with `app` given BGP hosts: hv01 is
 * bonded to leaf1 and leaf2 (an Ethernet segment, the VLAN-aware form), k8s01 on leaf3 alone (the
 * per-VNI form).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from './device-model.js';
import { devicesOf, edit } from '../../test-helpers/intent.js';
import { editModels, find, type Editable } from '../../test-helpers/mutate.js';
import { verifyFabric } from '../../verify/verify.js';
import { planHostAgents, planHostSpeakers, hostAgentConf } from '../../lab/stand-ins.js';

const quickstart = readFileSync(new URL('../../intent/examples/quickstart/fabric.yaml', import.meta.url), 'utf8');
const intent = edit(
  edit(quickstart, '            subnet: 10.120.0.0/24\n            labels: [frontend]\n', '            subnet: 10.120.0.0/24\n            labels: [frontend]\n            bgp_hosts:\n              asn: 65300\n              accept: [10.244.0.0/16]\n'),
  'servers:\n',
  'servers:\n  - name: k8s01\n    attach: [{ leaf: leaf3, port: 4 }]\n    networks: [app]\n    mode: access\n',
);
const models = devicesOf(intent);
const model = (name: string): DeviceModel => {
  const m = models.get(name);
  if (m === undefined) throw new Error(`no ${name}`);
  return m;
};
const bridge = (m: DeviceModel, vlan: number) => find(m.linux?.bridges ?? [], (b) => b.vlan === vlan);

describe('the anycast gateway of a network with BGP hosts, on FRR', () => {
  it('is a macvlan of its own; the SVI keeps the leaf\'s MAC and only the session address', () => {
    for (const [leaf, mac, session] of [
      ['leaf1', '02:00:0a:00:00:0b', '10.120.0.244/24'],
      ['leaf3', '02:00:0a:00:00:0d', '10.120.0.242/24'],
    ] as const) {
      const m = model(leaf);
      expect(bridge(m, 120)).toMatchObject({ mac, address: '10.120.0.1/24', sessionAddress: session, ownAddress: session, gateway: 'vlan120-v0' });
      expect(find(m.interfaces.svis, (x) => x.vlan === 120)).toMatchObject({ sessionAddress: session, ownAddress: session });
    }
    // leaf3's db (130) is carried by no Ethernet segment: its gateway, and its MAC, stay on the SVI.
    const leaf3 = model('leaf3');
    expect(bridge(leaf3, 130)).toMatchObject({ mac: '00:00:5e:00:01:01', sessionAddress: null, ownAddress: null, gateway: null });
    expect(leaf3.bgp.evpn.vnis.find((v) => v.vlan === 130)?.advertiseSviIp).toBe(false);
    expect(model('leaf1').linux?.bridgeMode).toBe('vlan-aware');
    expect(leaf3.linux?.bridgeMode).toBe('per-vni');
  });

  it('is on the SVI on EOS and NX-OS, which announce no SVI address', () => {
    const eos = devicesOf(edit(intent, '  platform: frr\n', '  platform: eos\n'));
    for (const m of eos.values()) {
      expect(m.linux).toBeNull();
      expect(m.bgp.evpn.vnis.every((v) => !v.advertiseSviIp)).toBe(true);
    }
  });
});

describe('an FRR leaf of an Ethernet segment, in the routed networks the segment carries', () => {
  // hv01 is bonded to leaf1 and leaf2 (VLANs 110, 120, 210); app (120) has BGP hosts besides.
  it('has an address of its own by the session-address rule, the gateway on a macvlan, and advertise-svi-ip', () => {
    // The top host address down, skipping the gateway: h10 for leaf1 (id 11), h11 for leaf2. In
    // dev-web the gateway is .254, so h0 is .253.
    for (const [leaf, mac, own] of [
      ['leaf1', '02:00:0a:00:00:0b', { 110: '10.110.0.244/24', 210: '10.210.0.243/24' }],
      ['leaf2', '02:00:0a:00:00:0c', { 110: '10.110.0.243/24', 210: '10.210.0.242/24' }],
    ] as const) {
      const m = model(leaf);
      expect(m.linux?.gateways).toEqual(['vlan110-v0', 'vlan120-v0', 'vlan210-v0']);
      for (const [vlan, gateway] of [
        [110, '10.110.0.1/24'],
        [210, '10.210.0.254/24'],
      ] as const) {
        // No BGP hosts there: an own address, no session address.
        expect(bridge(m, vlan)).toMatchObject({ mac, address: gateway, sessionAddress: null, ownAddress: own[vlan], gateway: `vlan${vlan}-v0` });
        expect(find(m.interfaces.svis, (x) => x.vlan === vlan)).toMatchObject({ address: gateway, sessionAddress: null, ownAddress: own[vlan] });
      }
      expect(m.bgp.evpn.vnis.map((v) => [v.vlan, v.advertiseSviIp])).toEqual(m.bgp.evpn.vnis.map((v) => [v.vlan, [110, 120, 210].includes(v.vlan)]));
      // No listen range for a network without BGP hosts.
      expect(m.bgp.vrfs.flatMap((v) => v.listenRanges.map((r) => r.interface))).toEqual(['vlan120']);
    }
  });

  it('keeps the gateway on the SVI on EOS and NX-OS, and on a leaf of a segment of another platform', () => {
    for (const platform of ['eos', 'nxos'] as const) {
      const other = devicesOf(edit(intent, '  platform: frr\n', `  platform: ${platform}\n`));
      const m = other.get('leaf1');
      expect(m?.interfaces.svis.filter((x) => x.ownAddress !== null).map((x) => x.vlan)).toEqual([120]);
    }
    // leaf2 on EOS: leaf1 (FRR) keeps its own addresses, leaf2 has its session address only.
    const mixed = devicesOf(edit(intent, '{ name: leaf2, id: 12,', '{ name: leaf2, id: 12, platform: eos,'));
    expect(mixed.get('leaf1')?.linux?.gateways).toEqual(['vlan110-v0', 'vlan120-v0', 'vlan210-v0']);
    expect(mixed.get('leaf2')?.interfaces.svis.filter((x) => x.ownAddress !== null).map((x) => x.vlan)).toEqual([120]);
  });

  it('verifies clean, and the verifier fails a bridge whose own address is not its SVI\'s', () => {
    const all = [...models.values()];
    const errors = (list: readonly DeviceModel[]): string[] =>
      verifyFabric({ devices: list, settings: { hopLimit: 2, failures: 1 } })
        .checks.flatMap((c) => c.diagnostics)
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.device ?? ''}: ${d.message}`);
    expect(errors(all)).toEqual([]);
    const edited = editModels(all, ['leaf2'], (m) => {
      find(m.linux?.bridges ?? [], (x) => x.vlan === 110).ownAddress = '10.110.0.200/24';
    });
    expect(errors(edited)).toEqual([expect.stringMatching(/leaf2: .*the Linux bridge vlan110 has own address 10\.110\.0\.200\/24, its SVI 10\.110\.0\.243\/24/)]);
  });
});

describe('a session address behind the anycast MAC (CLOS5241)', () => {
  const findings = (list: readonly DeviceModel[]): string[] =>
    verifyFabric({ devices: list, settings: { hopLimit: 2, failures: 1 } })
      .checks.flatMap((c) => c.diagnostics)
      .filter((d) => d.code === 'CLOS5241')
      .map((d) => `${d.device ?? ''}: ${d.message}`);
  const all = [...models.values()];
  const undo = (m: Editable<DeviceModel>): void => {
    const b = find(m.linux?.bridges ?? [], (x) => x.vlan === 120);
    b.gateway = null;
    b.mac = '00:00:5e:00:01:01';
  };

  it('is no finding as compiled', () => {
    expect(findings(all)).toEqual([]);
  });

  it('fails a leaf of an Ethernet segment carrying the VLAN: without the gateway device, or with the anycast MAC beside it', () => {
    expect(findings(editModels(all, ['leaf1'], undo))).toEqual([
      expect.stringMatching(/^leaf1: .*reach a session address, 10\.120\.0\.244\/24, that ARP answers with the anycast gateway's MAC: the Linux bridge vlan120 holds it beside the gateway 10\.120\.0\.1\/24 with no gateway device/),
    ]);
    const macOnly = editModels(all, ['leaf2'], (m) => {
      find(m.linux?.bridges ?? [], (x) => x.vlan === 120).mac = '00:00:5e:00:01:01';
    });
    expect(findings(macOnly)).toEqual([expect.stringMatching(/^leaf2: .*the Linux bridge vlan120 keeps 00:00:5e:00:01:01 beside its gateway device vlan120-v0/)]);
  });

  it('is no finding on a leaf whose hosts in the VLAN are single-homed', () => {
    expect(findings(editModels(all, ['leaf3'], undo))).toEqual([]);
  });
});

describe('the lab\'s BGP agent of a host on two leaves', () => {
  const endpoints = [
    { server: 'hv01', leaf: 'leaf1', leaves: ['leaf2', 'leaf1'], network: 'app', address: '10.120.0.2' },
    { server: 'k8s01', leaf: 'leaf3', leaves: ['leaf3'], network: 'app', address: '10.120.0.3' },
  ];
  const speakers = planHostSpeakers([...models.values()], endpoints);

  it('peers with each leaf at its session address, announcing one pod to both', () => {
    expect(speakers.map((s) => `${s.server} ${s.leaf} ${s.peerAddress} AS${s.peerAsn} ${s.pod}`)).toEqual([
      'hv01 leaf1 10.120.0.244 AS65111 10.244.0.0/28',
      'hv01 leaf2 10.120.0.243 AS65112 10.244.0.0/28',
      'k8s01 leaf3 10.120.0.242 AS65113 10.244.0.16/28',
    ]);
    const hv01 = find(planHostAgents(speakers), (a) => a.server === 'hv01');
    const conf = hostAgentConf(hv01, '10.120.0.2', null);
    expect(conf).toContain(' neighbor 10.120.0.244 remote-as 65111\n neighbor 10.120.0.243 remote-as 65112\n');
    expect(conf.match(/ {2}network 10\.244\.0\.0\/28\n/g)).toHaveLength(1);
    expect(conf.match(/^ip prefix-list PL-TO-app seq 5 /gm)).toHaveLength(1);
  });
});
