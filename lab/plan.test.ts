import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-helpers/examples.js';
import { exampleModels, intentModels, oddShapeIntent, must, outsideTwoNetworksIntent } from '../test-helpers/lab.js';
import { dryRun } from '../test-helpers/vtysh.js';
import { hostBatch, planLab } from './plan.js';
import { hostAgentConf } from './stand-ins.js';

const quickstart = exampleModels('quickstart');
const emulated = planLab('t', quickstart, { vrf: false, dot1q: false });
const tagged = planLab('t', quickstart, { vrf: true, dot1q: true });

describe('planLab on the quickstart fabric', () => {
  it('gives every device and server its own namespace under the lab prefix', () => {
    expect(emulated.devices.map((d) => d.namespace)).toEqual(['clos-t_spine1', 'clos-t_spine2', 'clos-t_leaf1', 'clos-t_leaf2', 'clos-t_leaf3', 'clos-t_leaf4']);
    expect(emulated.hosts.map((h) => h.namespace)).toEqual(['clos-t_h_db01', 'clos-t_h_db02', 'clos-t_h_dev01', 'clos-t_h_hv01', 'clos-t_h_web01', 'clos-t_h_web02']);
    expect(emulated.diagnostics).toEqual([]);
  });

  it('wires every fabric link with the port names the configs use', () => {
    const fabric = emulated.veths.filter((v) => v.kind === 'fabric');
    expect(fabric).toHaveLength(8);
    expect(fabric).toContainEqual({
      kind: 'fabric',
      a: { namespace: 'clos-t_spine2', name: 'swp3', mtu: 9214 },
      b: { namespace: 'clos-t_leaf3', name: 'swp50', mtu: 9214 },
    });
  });

  it('emulates each tagged VLAN of a trunk with a veth pair named like the sub-interface', () => {
    const db01 = emulated.veths.filter((v) => v.b.namespace === 'clos-t_h_db01').map((v) => `${v.kind} ${v.a.name}=${v.b.name} ${v.b.mtu}`);
    expect(db01).toEqual(['server swp2=eth0 1500', 'server-vlan swp2.130=eth0.130 1500', 'server-vlan swp2.140=eth0.140 1500']);
    const host = emulated.hosts.find((h) => h.server === 'db01');
    expect(host?.interfaces.every((i) => i.dot1q === null)).toBe(true);
  });

  it('bonds a dual-homed server over one link to each leaf and tags on the bond, even with emulated trunks', () => {
    for (const plan of [emulated, tagged]) {
      const hv01 = plan.veths.filter((v) => v.b.namespace === 'clos-t_h_hv01').map((v) => `${v.kind} ${v.a.namespace}:${v.a.name}=${v.b.name}`);
      expect(hv01).toEqual(['server clos-t_leaf1:swp2=eth0', 'server clos-t_leaf2:swp2=eth1']);
      const host = must(plan.hosts.find((h) => h.server === 'hv01'));
      expect(host.leaves).toEqual(['leaf1', 'leaf2']);
      expect(host.interfaces.map((i) => `${i.name} master=${i.master ?? '-'} bond=${i.bond === null ? '-' : `${i.bond.mode}:${i.bond.members.join('+')}`} ${i.dot1q === null ? '' : `${i.dot1q.parent}.${i.dot1q.vlan}`}`.trim())).toEqual([
        'eth0 master=bond0 bond=-',
        'eth1 master=bond0 bond=-',
        'bond0 master=- bond=802.3ad:eth0+eth1',
        'bond0.110 master=- bond=- bond0.110',
        'bond0.120 master=- bond=- bond0.120',
        'bond0.210 master=- bond=- bond0.210',
      ]);
      expect(plan.endpoints.filter((e) => e.server === 'hv01').map((e) => `${e.network} ${e.interface} via ${e.leaves.join('+')}`)).toEqual([
        'app bond0.120 via leaf1+leaf2',
        'dev-web bond0.210 via leaf1+leaf2',
        'web bond0.110 via leaf1+leaf2',
      ]);
    }
  });

  it('creates the bond before its members join it, down, and tags on it', () => {
    const lines = hostBatch(must(tagged.hosts.find((h) => h.server === 'hv01'))).split('\n');
    const at = (prefix: string): number => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines[at('link add name bond0')]).toBe('link add name bond0 type bond mode 802.3ad lacp_rate fast miimon 100 xmit_hash_policy layer3+4');
    expect(at('link add name bond0')).toBeLessThan(at('link set dev eth0 master bond0'));
    expect(at('link set dev eth0 master bond0')).toBeLessThan(at('link set dev eth0 mtu'));
    expect(at('link set dev eth1 master bond0')).toBeLessThan(at('link add name bond0.110 link bond0 type vlan id 110'));
  });

  it('uses real 802.1Q devices on the server when the kernel has them', () => {
    expect(tagged.veths.filter((v) => v.kind === 'server-vlan')).toEqual([]);
    const db01 = tagged.hosts.find((h) => h.server === 'db01');
    expect(db01?.interfaces.map((i) => [i.name, i.dot1q])).toEqual([
      ['eth0', null],
      ['eth0.130', { parent: 'eth0', vlan: 130 }],
      ['eth0.140', { parent: 'eth0', vlan: 140 }],
    ]);
    const host = tagged.hosts.find((h) => h.server === 'hv01');
    expect(hostBatch(host ?? must(emulated.hosts[0]))).toBe(
      [
        'link set dev lo up',
        'link add name bond0 type bond mode 802.3ad lacp_rate fast miimon 100 xmit_hash_policy layer3+4',
        'link set dev eth0 master bond0',
        'link set dev eth0 mtu 9000 up',
        'link set dev eth1 master bond0',
        'link set dev eth1 mtu 9000 up',
        'link set dev bond0 mtu 9000 up',
        'link add name bond0.110 link bond0 type vlan id 110',
        'link set dev bond0.110 mtu 1500 up',
        'addr add 10.110.0.2/24 dev bond0.110',
        'link add name bond0.120 link bond0 type vlan id 120',
        'link set dev bond0.120 mtu 1500 up',
        'addr add 10.120.0.2/24 dev bond0.120',
        'link add name bond0.210 link bond0 type vlan id 210',
        'link set dev bond0.210 mtu 9000 up',
        'addr add 10.210.0.2/24 dev bond0.210',
        'route add default via 10.110.0.1 dev bond0.110',
        // Each routed interface its own table: ping -I bond0.120 to another subnet leaves through bond0.120.
        'route add 10.110.0.0/24 dev bond0.110 src 10.110.0.2 table 101',
        'route add default via 10.110.0.1 dev bond0.110 table 101',
        'rule add oif bond0.110 table 101 pref 1000',
        'rule add from 10.110.0.2 table 101 pref 2000',
        'route add 10.120.0.0/24 dev bond0.120 src 10.120.0.2 table 102',
        'route add default via 10.120.0.1 dev bond0.120 table 102',
        'rule add oif bond0.120 table 102 pref 1001',
        'rule add from 10.120.0.2 table 102 pref 2001',
        'route add 10.210.0.0/24 dev bond0.210 src 10.210.0.2 table 103',
        'route add default via 10.210.0.254 dev bond0.210 table 103',
        'rule add oif bond0.210 table 103 pref 1002',
        'rule add from 10.210.0.2 table 103 pref 2002',
        '',
      ].join('\n'),
    );
  });

  it('addresses servers from their subnets in server-name order, skipping the gateway', () => {
    const addresses = Object.fromEntries(emulated.endpoints.map((e) => [e.id, `${e.address}/${e.prefixLength} gw ${e.gateway ?? '-'}`]));
    expect(addresses).toEqual({
      'db01/db': '10.130.0.2/24 gw 10.130.0.1',
      'db01/replication': '198.18.0.1/24 gw -',
      'db02/db': '10.130.0.3/24 gw 10.130.0.1',
      'db02/replication': '198.18.0.2/24 gw -',
      'dev01/dev-web': '10.210.0.1/24 gw 10.210.0.254',
      'hv01/app': '10.120.0.2/24 gw 10.120.0.1',
      'hv01/dev-web': '10.210.0.2/24 gw 10.210.0.254',
      'hv01/web': '10.110.0.2/24 gw 10.110.0.1',
      'web01/web': '10.110.0.3/24 gw 10.110.0.1',
      'web02/web': '10.110.0.4/24 gw 10.110.0.1',
    });
    expect(emulated.labSubnets).toEqual({ replication: '198.18.0.0/24' });
    expect(emulated.endpoints.find((e) => e.id === 'db01/replication')?.labSubnet).toBe(true);
  });

  it("routes each server by the gateway of its lowest routed VLAN; L2-only networks get none", () => {
    expect(Object.fromEntries(emulated.hosts.map((h) => [h.server, h.defaultRoute]))).toEqual({
      db01: { gateway: '10.130.0.1', interface: 'eth0.130' },
      db02: { gateway: '10.130.0.1', interface: 'eth0.130' },
      dev01: { gateway: '10.210.0.254', interface: 'eth0' },
      hv01: { gateway: '10.110.0.1', interface: 'bond0.110' },
      web01: { gateway: '10.110.0.1', interface: 'eth0' },
      web02: { gateway: '10.110.0.1', interface: 'eth0' },
    });
  });
});

describe('planLab on an odd shape', () => {
  const plan = planLab('odd', intentModels(oddShapeIntent), { vrf: false, dot1q: false });

  it('reports a subnet too small for its servers once, and leaves that server out', () => {
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['CLOS7012']);
    expect(plan.diagnostics[0]?.message).toContain("'r-tiny' (192.168.11.0/30) has no free address left for server 'a2'");
    expect(plan.endpoints.map((e) => e.id)).toEqual(['a1/r-l2', 'a1/r-tiny', 'a1/r-web', 'a2/r-l2', 'a2/r-web', 'b1/b-web', 'b2/b-web']);
  });

  it('gives a server with two ports two interfaces, addressed on the first', () => {
    const a2 = plan.hosts.find((h) => h.server === 'a2');
    expect(a2?.interfaces.map((i) => `${i.name} ${i.address ?? '-'}`)).toEqual([
      'eth0 -',
      'eth0.10 192.168.10.3/24',
      'eth0.11 -',
      'eth0.12 198.18.0.2/24',
      'eth1 -',
      'eth1.10 -',
      'eth1.11 -',
      'eth1.12 -',
    ]);
  });

  it('skips a gateway in the middle of the subnet', () => {
    expect(plan.endpoints.filter((e) => e.network === 'r-web').map((e) => e.address)).toEqual(['192.168.10.1', '192.168.10.3']);
  });

  it('cables only the uplinks the intent lists', () => {
    const l3 = plan.veths.filter((v) => v.kind === 'fabric' && v.b.namespace === 'clos-odd_l3').map((v) => v.a.namespace);
    expect(l3).toEqual(['clos-odd_s1', 'clos-odd_s2']);
  });
});

describe('planLab: a server on two networks whose hosts speak BGP', () => {
  // node1 is on k8s (VRF prod, hosts AS65400) and k8s2 (VRF dev, hosts AS65401), both on leaf1.
  const outside = readFileSync(join(repoRoot, 'lab/fixtures/outside/fabric.yaml'), 'utf8');
  const models = intentModels(outsideTwoNetworksIntent());
  const plan = planLab('t', models, { vrf: true, dot1q: true });

  it('plans a session per network and one agent, in one path space, with both', () => {
    expect(plan.diagnostics).toEqual([]);
    expect(plan.hostSpeakers.map((h) => [h.speaker.server, h.speaker.network, h.speaker.vrf, h.speaker.asn, h.speaker.peerAddress, h.speaker.pod, h.pathspace, h.address])).toEqual([
      ['node1', 'k8s', 'prod', 65400, '10.120.0.244', '10.244.0.0/28', 'clos-t_n_node1', '10.120.0.2'],
      ['node1', 'k8s2', 'dev', 65401, '10.220.0.244', '10.245.0.0/28', 'clos-t_n_node1', '10.220.0.2'],
    ]);
    expect(plan.hostAgents).toHaveLength(1);
    const [agent] = plan.hostAgents;
    expect(agent).toMatchObject({ namespace: 'clos-t_h_node1', pathspace: 'clos-t_n_node1', routerId: '10.120.0.2' });
    expect(agent?.agent.asn).toBe(65400);
    expect(agent?.agent.sessions.map((s) => s.network)).toEqual(['k8s', 'k8s2']);
    // The leaf's listen ranges expect those ASNs.
    const leaf1 = must(models.find((m) => m.name === 'leaf1'));
    expect(leaf1.bgp.vrfs.flatMap((v) => v.listenRanges.map((r) => `${r.network} ${r.remoteAs} ${r.localAddress}`))).toEqual(expect.arrayContaining(['k8s 65400 10.120.0.244', 'k8s2 65401 10.220.0.244']));
  });

  it("runs one bgpd: the second network's ASN by local-as, each leaf sent its own network's pod and the rogue, and FRR accepts it", () => {
    const { agent, routerId } = must(plan.hostAgents[0]);
    const conf = hostAgentConf(agent, routerId, must(models[0]).bfd);
    expect(conf.match(/^router bgp /gm)).toHaveLength(1);
    for (const line of [
      'router bgp 65400\n',
      ' bgp router-id 10.120.0.2\n',
      ' neighbor 10.120.0.244 remote-as 65111\n',
      ' neighbor 10.220.0.244 remote-as 65111\n',
      ' neighbor 10.220.0.244 local-as 65401 no-prepend replace-as\n',
      '  network 10.244.0.0/28\n',
      '  network 10.245.0.0/28\n',
      '  neighbor 10.120.0.244 prefix-list PL-TO-k8s out\n',
      '  neighbor 10.220.0.244 prefix-list PL-TO-k8s2 out\n',
      'ip prefix-list PL-TO-k8s seq 5 permit 10.244.0.0/28\n',
      'ip prefix-list PL-TO-k8s2 seq 5 permit 10.245.0.0/28\n',
      `ip prefix-list PL-TO-k8s2 seq 10 permit ${agent.sessions[0]?.rogue ?? '?'}\n`,
    ]) {
      expect(conf).toContain(line);
    }
    expect(conf).not.toContain('10.120.0.244 local-as');
    expect(dryRun(conf)).toBe('');
  });

  it('plans one session and no filters for a server on one such network, as before', () => {
    const one = planLab('t', intentModels(outside), { vrf: true, dot1q: true });
    expect(one.hostAgents.map((a) => a.agent.sessions.length)).toEqual([1]);
    const conf = hostAgentConf(must(one.hostAgents[0]).agent, must(one.hostAgents[0]).routerId, null);
    expect(conf).not.toContain('prefix-list');
    expect(conf).not.toContain('local-as');
  });
});

describe('planLab: pod prefixes of many BGP nodes in a small accept pool', () => {
  // The outside fixture with k8s's accept pool narrowed to a /26 and five nodes on it: 64 addresses
  // hold four /28s, not five, so every node announces a /32 — before, the fifth node's /32 fell
  // inside the first node's /28.
  const text = readFileSync(join(repoRoot, 'lab/fixtures/outside/fabric.yaml'), 'utf8')
    .replace('accept: [10.244.0.0/16]', 'accept: [10.244.0.0/26]')
    .replace(
      '  - { name: node1, attach: [{ leaf: leaf1, port: 1 }], networks: [k8s], mode: access }\n',
      [1, 2, 3, 4, 5].map((n) => `  - { name: node${n}, attach: [{ leaf: leaf1, port: ${10 + n} }], networks: [k8s], mode: access }\n`).join(''),
    );
  const plan = planLab('t', intentModels(text), { vrf: true, dot1q: true });

  it('gives each node a /32 of its own, none inside another', () => {
    expect(plan.hostSpeakers.map((h) => `${h.speaker.server} ${h.speaker.pod}`)).toEqual(['node1 10.244.0.0/32', 'node2 10.244.0.1/32', 'node3 10.244.0.2/32', 'node4 10.244.0.3/32', 'node5 10.244.0.4/32']);
  });

  it('keeps a /28 per node while the pool holds them all', () => {
    const four = planLab('t', intentModels(text.replace(/  - \{ name: node5, .*\n/, '')), { vrf: true, dot1q: true });
    expect(four.hostSpeakers.map((h) => h.speaker.pod)).toEqual(['10.244.0.0/28', '10.244.0.16/28', '10.244.0.32/28', '10.244.0.48/28']);
  });
});

describe('planLab: what it cannot plan', () => {
  it("reports a leaf cabled to a spine missing from the models it is given, and plans the others' links", () => {
    const plan = planLab('t', quickstart.filter((m) => m.name !== 'spine2'), { vrf: false, dot1q: false });
    expect(plan.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      "error CLOS7011 leaf 'leaf1' swp50 is cabled to 'spine2', which is not in the build",
      "error CLOS7011 leaf 'leaf2' swp50 is cabled to 'spine2', which is not in the build",
      "error CLOS7011 leaf 'leaf3' swp50 is cabled to 'spine2', which is not in the build",
      "error CLOS7011 leaf 'leaf4' swp50 is cabled to 'spine2', which is not in the build",
    ]);
    expect(plan.veths.filter((v) => v.kind === 'fabric')).toHaveLength(4);
    // The whole build: every link planned, nothing reported.
    expect(emulated.diagnostics).toEqual([]);
    expect(emulated.veths.filter((v) => v.kind === 'fabric')).toHaveLength(8);
  });

  /** Two routed networks that take the whole lab pool (198.18.0.0/15), and an L2-only network. */
  const poolTaken = (second: string): string => `
version: 1
fabric:
  name: pool
  asn: { spine: 65000, leaf_base: 65100 }
  pools: { loopback: 10.0.0.0/24, vtep: 10.0.1.0/24, p2p: 10.1.0.0/16 }
spines: [{ name: s1, id: 1 }]
leaves: [{ name: l1, id: 11 }, { name: l2, id: 12 }]
tenants:
  - name: t
    vrfs:
      - name: v
        l3vni: 50001
        networks:
          - { name: bench, vlan: 10, subnet: 198.18.0.0/16 }
          - { name: bench2, vlan: 11, subnet: ${second} }
          - { name: storage, vlan: 20 }
servers:
  - { name: h1, attach: [{ leaf: l1, port: 1 }], networks: [bench, bench2, storage] }
  - { name: h2, attach: [{ leaf: l2, port: 1 }], networks: [bench, bench2, storage] }
`;

  it('warns when no /24 of its pool is free for an L2-only network, and leaves its servers unaddressed there', () => {
    const full = planLab('t', intentModels(poolTaken('198.19.0.0/16')), { vrf: false, dot1q: false });
    expect(full.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      "warning CLOS7013 no free /24 in 198.18.0.0/15 for layer-2-only network 'storage'; its servers get no address and are not pinged",
    ]);
    expect(full.labSubnets).toEqual({});
    expect(full.endpoints.filter((e) => e.network === 'storage')).toEqual([]);
    // One /24 left (198.19.255.0/24): the network gets it, its servers an address each.
    const room = planLab('t', intentModels(poolTaken('198.19.0.0/17')), { vrf: false, dot1q: false });
    expect(room.diagnostics).toEqual([]);
    expect(room.labSubnets).toEqual({ storage: '198.19.128.0/24' });
    expect(room.endpoints.filter((e) => e.network === 'storage').map((e) => `${e.id} ${e.address}`)).toEqual(['h1/storage 198.19.128.1', 'h2/storage 198.19.128.2']);
  });
});
