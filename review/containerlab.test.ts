/**
 * The containerlab export: the topology's structure (parsed back as YAML and checked against
 * containerlab's conventions), the daemons file, and the start script — run for real in network
 * namespaces, where it must wait for ports that appear after it starts, run interfaces.sh and only
 * then start FRR. No container engine is needed for any of it.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileEditedExample, type IntentEdit } from '../test-helpers/review.js';
import { exampleNames } from '../test-helpers/examples.js';
import { defaultFrrImage, defaultHostImage, renderContainerlab, renderDaemons, startScript, type ContainerlabOptions } from './containerlab.js';
import { externalRouterConf, hostAgentConf, planExternalRouters } from '../lab/stand-ins.js';
import { planLab } from '../lab/plan.js';
import { dryRun } from '../test-helpers/vtysh.js';
import { twoTenantIntent } from '../test-helpers/intent.js';
import { compileIntent, renderOutput } from '../compiler/compile.js';
import { createRenderer } from '../cli/templates.js';
import { must } from '../test-helpers/lab.js';

const options: ContainerlabOptions = { image: defaultFrrImage, hostImage: defaultHostImage, withoutVrf: false };

interface ClabNode {
  kind: string;
  image: string;
  cmd?: string;
  env?: Record<string, string>;
  binds?: string[];
  exec?: string[];
}
interface ClabTopology {
  name: string;
  topology: { nodes: Record<string, ClabNode>; links: { endpoints: [string, string] }[] };
}

function exportExample(example: string, opts = options, edits: readonly IntentEdit[] = []): { files: Map<string, string>; topology: ClabTopology; topologyFile: string } {
  const { fabric, devices, files } = compileEditedExample(example, example, edits, 'frr');
  const lab = renderContainerlab(fabric, devices, files, opts);
  expect(lab.diagnostics).toEqual([]);
  const map = new Map(lab.files.map((f) => [f.path, f.content]));
  return { files: map, topology: parse(map.get(lab.topology) ?? '') as ClabTopology, topologyFile: lab.topology };
}

/** Wiring: each endpoint names a node, no interface is used twice, every link is a pair; the interfaces used, by node. */
function expectWiredOnce(topology: ClabTopology): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const link of topology.topology.links) {
    expect(link.endpoints).toHaveLength(2);
    for (const endpoint of link.endpoints) {
      const [node = '', iface = ''] = endpoint.split(':');
      expect(topology.topology.nodes[node], endpoint).toBeDefined();
      expect(iface).toMatch(/^(swp\d+|eth[1-9]\d*)$/);
      const set = used.get(node) ?? new Set<string>();
      expect(set.has(iface), `${endpoint} used twice`).toBe(false);
      set.add(iface);
      used.set(node, set);
    }
  }
  return used;
}

/** dc1 with VRF nw-prod handed off to AS 65501, on the hand-off ports of retail-prod (AS 65500) or on port 48. */
function nwProdTo65501(port: 47 | 48): IntentEdit[] {
  return [0, 1].map((i) => ({
    file: 'tenant-northwind.yaml',
    from: `port: 47, vlan: 3300, subnet: 10.253.0.${4 + 2 * i}/31, asn: 65500`,
    to: `port: ${port}, vlan: 3300, subnet: 10.253.0.${4 + 2 * i}/31, asn: 65501`,
  }));
}


describe('containerlab topology', () => {
  for (const example of exampleNames()) {
    it(`${example}: every switch boots its own FRR config, every link endpoint is a wired node:interface`, () => {
      const { fabric, devices } = compileEditedExample(example, example, [], 'frr');
      const { files, topology, topologyFile } = exportExample(example);
      expect(topologyFile).toBe(`${fabric.name}.clab.yml`);
      expect(topology.name).toBe(fabric.name);
      const nodes = topology.topology.nodes;
      const routers = planExternalRouters(devices);
      expect(Object.keys(nodes).sort()).toEqual([...devices.map((d) => d.name), ...fabric.servers.map((s) => s.name), ...routers.map((r) => r.name)].sort());
      const used = expectWiredOnce(topology);
      expect(topology.topology.links).toHaveLength(fabric.links.length + fabric.servers.reduce((n, s) => n + s.attachments.length, 0) + routers.reduce((n, r) => n + r.links.length, 0));
      for (const d of devices) {
        const node = nodes[d.name];
        expect(node).toMatchObject({ kind: 'linux', image: defaultFrrImage, cmd: 'sh /clos/start.sh' });
        // The start script waits for exactly the ports the topology wires to this switch.
        expect((node?.env?.['CLOS_PORTS'] ?? '').split(' ').sort()).toEqual([...(used.get(d.name) ?? [])].sort());
        expect(node?.binds).toEqual([`${d.name}/frr.conf:/etc/frr/frr.conf`, 'daemons:/etc/frr/daemons:ro', `${d.name}/interfaces.sh:/clos/interfaces.sh:ro`, 'clos-start.sh:/clos/start.sh:ro']);
        for (const bind of node?.binds ?? []) expect(files.has(bind.split(':')[0] ?? ''), bind).toBe(true);
        expect(files.get(`${d.name}/frr.conf`)).toContain(`hostname ${d.name}\n`);
        // interfaces.sh requires exactly the ports the topology wires.
        const required = [...(files.get(`${d.name}/interfaces.sh`) ?? '').matchAll(/^require_port (\S+)$/gm)].map((m) => m[1]);
        expect(required.sort()).toEqual([...(used.get(d.name) ?? [])].sort());
      }
      // A server of a network whose hosts speak BGP runs its agent in the FRR image; the others are plain hosts.
      const bgpNetworks = new Set(fabric.networks.filter((n) => n.bgpHosts !== null).map((n) => n.name));
      for (const s of fabric.servers) {
        const speaks = s.networks.some((n) => bgpNetworks.has(n));
        expect(nodes[s.name]).toMatchObject({ kind: 'linux', image: speaks ? defaultFrrImage : defaultHostImage });
        expect(files.has(`${s.name}/frr.conf`), s.name).toBe(speaks);
        for (const bind of nodes[s.name]?.binds ?? []) expect(files.has(bind.split(':')[0] ?? ''), bind).toBe(true);
      }
    });
  }

  it('addresses servers inside their subnets, away from the gateway, and routes through it', () => {
    const { topology } = exportExample('quickstart');
    expect(topology.topology.nodes['web01']?.exec).toEqual(['ip link set dev eth1 mtu 1500 up', 'ip addr add 10.110.0.3/24 dev eth1', 'ip route replace default via 10.110.0.1 dev eth1']);
    expect(topology.topology.nodes['db01']?.exec).toContain('ip link add link eth1 name eth1.130 type vlan id 130');
    const addresses = Object.values(topology.topology.nodes).flatMap((n) => (n.exec ?? []).filter((c) => c.startsWith('ip addr add')).map((c) => c.split(' ')[3]));
    expect(new Set(addresses).size).toBe(addresses.length);
  });

  it('includes the router outside the fabric, wired to every border hand-off port, with its FRR config', () => {
    const { files, topology } = exportExample('dc1');
    const router = topology.topology.nodes['ext-as65500'];
    expect(router).toMatchObject({ kind: 'linux', image: defaultFrrImage, binds: ['ext-as65500/frr.conf:/etc/frr/frr.conf', 'daemons:/etc/frr/daemons:ro'] });
    expect(router?.exec).toContain('ip link add name eth1.3100 link eth1 type vlan id 3100');
    expect(router?.exec).toContain('ip addr add 10.253.0.1/31 dev eth1.3100');
    expect(router?.exec).toContain('ip addr add 10.253.0.7/31 dev eth2.3300');
    expect(topology.topology.links.filter((l) => l.endpoints[0].startsWith('ext-as65500:')).map((l) => l.endpoints)).toEqual([
      ['ext-as65500:eth1', 'dc1-border1:swp47'],
      ['ext-as65500:eth2', 'dc1-border2:swp47'],
    ]);
    const conf = files.get('ext-as65500/frr.conf') ?? '';
    expect(conf).toContain('router bgp 65500\n');
    expect(conf).toContain(' neighbor 10.253.0.0 remote-as 65127\n');
    expect(conf).toContain('  neighbor 10.253.0.6 default-originate\n');
    expect(conf).toContain('  network 203.0.113.0/24\n');
    expect(topology.topology.nodes['dc1-border1']?.env?.['CLOS_PORTS']).toContain('swp47');
  });

  it('wires a hand-off port that serves two ASNs once, to one router with a BGP instance per ASN in a VRF of its own', () => {
    const { files, topology } = exportExample('dc1', options, nwProdTo65501(47));
    expectWiredOnce(topology);
    const routers = Object.keys(topology.topology.nodes).filter((n) => n.startsWith('ext-'));
    expect(routers).toEqual(['ext-as65500-65501']);
    expect(topology.topology.links.filter((l) => l.endpoints[0].startsWith('ext-')).map((l) => l.endpoints)).toEqual([
      ['ext-as65500-65501:eth1', 'dc1-border1:swp47'],
      ['ext-as65500-65501:eth2', 'dc1-border2:swp47'],
    ]);
    const exec = topology.topology.nodes['ext-as65500-65501']?.exec ?? [];
    expect(exec).toContain('ip link add name as65501 type vrf table 1002');
    expect(exec).toContain('ip link set dev eth1.3300 master as65501');
    expect(exec).toContain('ip link set dev eth1.3100 master as65500');
    const conf = files.get('ext-as65500-65501/frr.conf') ?? '';
    expect(conf).toContain('router bgp 65500 vrf as65500\n');
    expect(conf).toContain('router bgp 65501 vrf as65501\n');
    expect(dryRun(conf)).toBe('');
    // Without VRF support on the host, the router gets its addresses and no VRF devices.
    const flat = exportExample('dc1', { ...options, withoutVrf: true }, nwProdTo65501(47)).topology.topology.nodes['ext-as65500-65501']?.exec ?? [];
    expect(flat.filter((c) => c.includes(' vrf ') || c.includes(' master '))).toEqual([]);
  });

  it('keeps a router per ASN when their hand-off ports differ, each in its default instance', () => {
    const { files, topology } = exportExample('dc1', options, nwProdTo65501(48));
    expectWiredOnce(topology);
    expect(topology.topology.links.filter((l) => l.endpoints[0].startsWith('ext-')).map((l) => l.endpoints)).toEqual([
      ['ext-as65500:eth1', 'dc1-border1:swp47'],
      ['ext-as65500:eth2', 'dc1-border2:swp47'],
      ['ext-as65501:eth1', 'dc1-border1:swp48'],
      ['ext-as65501:eth2', 'dc1-border2:swp48'],
    ]);
    for (const router of ['ext-as65500', 'ext-as65501']) {
      const conf = files.get(`${router}/frr.conf`) ?? '';
      expect(conf).toContain(`router bgp ${router.slice('ext-as'.length)}\n`);
      expect(dryRun(conf)).toBe('');
    }
    expect(dryRun(exportExample('dc1').files.get('ext-as65500/frr.conf') ?? '')).toBe('');
  });

  it("gives every server in a routed network the address clos lab gives it: from the bottom, away from the leaves' session addresses at the top", () => {
    for (const example of exampleNames()) {
      const { fabric, devices } = compileEditedExample(example, example, [], 'frr');
      const { topology } = exportExample(example);
      const lab = planLab(example, devices, { vrf: true, dot1q: true });
      const routed = lab.endpoints.filter((e) => !e.labSubnet);
      expect(routed.length).toBeGreaterThan(0);
      for (const e of routed) expect(topology.topology.nodes[e.server]?.exec, `${example} ${e.id}`).toContainEqual(expect.stringMatching(new RegExp(`^ip addr add ${e.address.replace(/\./g, '\\.')}/${e.prefixLength} dev `)));
      // No server takes a leaf's session address, and none lies in the top part the leaves take by id.
      for (const n of fabric.networks) {
        const sessions = new Set((n.bgpHosts?.sessions ?? []).map((x) => x.address));
        for (const e of routed.filter((x) => x.network === n.name)) expect(sessions.has(e.address), `${example} ${e.id}`).toBe(false);
      }
    }
    const { topology } = exportExample('dc1');
    const k8s = ['k8s-node-01', 'k8s-node-02'].map((n) => topology.topology.nodes[n]?.exec?.find((c) => c.startsWith('ip addr add')));
    // dc1-leaf17 and dc1-leaf18 (ids 29, 30) listen on 10.10.120.226 and .225: h28 and h29 from the top.
    expect(k8s).toEqual(['ip addr add 10.10.120.2/24 dev eth1', 'ip addr add 10.10.120.3/24 dev eth1']);
  });

  it("keeps a server off a leaf's session address low in a small subnet, as the lab does", () => {
    // A /27 (n = 29 host addresses besides the gateway .1): leaf id 29 takes h28 = .2, the bottom one; id 30 wraps round to h0 = .30.
    const edits: IntentEdit[] = [{ file: 'tenant-retail.yaml', from: 'subnet: 10.10.120.0/24', to: 'subnet: 10.10.120.0/27' }];
    const { devices } = compileEditedExample('dc1', 'small', edits, 'frr');
    expect(devices.find((d) => d.name === 'dc1-leaf17')?.bgp.vrfs.flatMap((v) => v.listenRanges.map((r) => r.localAddress))).toEqual(['10.10.120.2']);
    const { topology } = exportExample('dc1', options, edits);
    const k8s = ['k8s-node-01', 'k8s-node-02'].map((n) => topology.topology.nodes[n]?.exec?.find((c) => c.startsWith('ip addr add')));
    expect(k8s).toEqual(['ip addr add 10.10.120.3/27 dev eth1', 'ip addr add 10.10.120.4/27 dev eth1']);
    expect(planLab('dc1', devices, { vrf: true, dot1q: true }).endpoints.filter((e) => e.network === 'k8s-nodes').map((e) => e.address)).toEqual(['10.10.120.3', '10.10.120.4']);
  });

  it('gives each BGP host the BGP agent clos lab runs: a session with its leaf\'s session address, its pod prefix, a prefix to refuse', () => {
    const { fabric, devices } = compileEditedExample('dc1', 'dc1', [], 'frr');
    const { files, topology } = exportExample('dc1');
    const node = topology.topology.nodes['k8s-node-01'];
    expect(node).toMatchObject({ kind: 'linux', image: defaultFrrImage, binds: ['k8s-node-01/frr.conf:/etc/frr/frr.conf', 'daemons:/etc/frr/daemons:ro'] });
    expect(node?.exec).toEqual(['ip link set dev eth1 mtu 1500 up', 'ip addr add 10.10.120.2/24 dev eth1', 'ip route replace default via 10.10.120.1 dev eth1', 'ip addr add 10.10.200.1/32 dev lo']);
    const conf = files.get('k8s-node-01/frr.conf') ?? '';
    // dc1-leaf17 (AS65129) listens for the hosts of k8s-nodes on 10.10.120.226; the hosts are AS65400.
    const leaf17 = devices.find((d) => d.name === 'dc1-leaf17');
    expect(leaf17?.bgp.vrfs.flatMap((v) => v.listenRanges)).toMatchObject([{ prefix: '10.10.120.0/24', remoteAs: 65400, localAddress: '10.10.120.226', peerGroup: 'HOSTS-k8s-nodes' }]);
    for (const line of ['router bgp 65400\n', ' bgp router-id 10.10.120.2\n', ' neighbor 10.10.120.226 remote-as 65129\n', ' neighbor 10.10.120.226 bfd profile fabric\n', '  network 10.10.200.0/28\n', '  network 198.19.2.0/24\n']) {
      expect(conf).toContain(line);
    }
    expect(files.get('k8s-node-02/frr.conf')).toContain(' neighbor 10.10.120.225 remote-as 65130\n');
    expect(files.get('k8s-node-02/frr.conf')).toContain('  network 10.10.200.16/28\n');
    expect(dryRun(conf)).toBe('');
    // What clos lab runs for the same hosts, to the router-id: the host's own address, the same in both.
    const lab = planLab('dc1', devices, { vrf: true, dot1q: true });
    expect(lab.hostAgents.map((h) => h.agent.server)).toEqual(['k8s-node-01', 'k8s-node-02']);
    for (const { agent, routerId } of lab.hostAgents) {
      const exported = files.get(`${agent.server}/frr.conf`) ?? '';
      expect(topology.topology.nodes[agent.server]?.exec).toContain(`ip addr add ${routerId}/24 dev eth1`);
      expect(exported).toBe(hostAgentConf(agent, routerId, devices.find((d) => d.name === agent.sessions[0]?.leaf)?.bfd ?? null));
    }
    expect(fabric.servers.filter((s) => files.has(`${s.name}/frr.conf`)).map((s) => s.name)).toEqual(['k8s-node-01', 'k8s-node-02']);
    // Without VRF support the leaves' listen ranges do not exist (they are in the tenant's VRF): no agent, as in the lab.
    const flat = exportExample('dc1', { ...options, withoutVrf: true });
    expect(flat.topology.topology.nodes['k8s-node-01']).toMatchObject({ image: defaultHostImage });
    expect(flat.topology.topology.nodes['k8s-node-01']?.binds).toBeUndefined();
    expect(flat.files.has('k8s-node-01/frr.conf')).toBe(false);
  });

  it('gives a server on two networks whose hosts speak BGP one agent with a session on each, as clos lab plans it', () => {
    // k8s-node-01 also joins k8s-dev (VRF retail-dev, hosts AS65401), tagged.
    const edits: IntentEdit[] = [
      {
        file: 'tenant-retail.yaml',
        from: '          - { name: retail-dev-web, vlan: 110, subnet: 10.10.110.0/24, labels: [dev] }',
        to: '          - { name: retail-dev-web, vlan: 110, subnet: 10.10.110.0/24, labels: [dev] }\n          - { name: k8s-dev, vlan: 121, subnet: 10.10.121.0/24, leaves: [tag:k8s], bgp_hosts: { asn: 65401, accept: [10.245.0.0/16] } }',
      },
      { file: 'servers.yaml', from: 'networks: [k8s-nodes], mode: access }\n  - { name: k8s-node-02', to: 'networks: [k8s-nodes, k8s-dev] }\n  - { name: k8s-node-02' },
    ];
    const { devices } = compileEditedExample('dc1', 'two-bgp-networks', edits, 'frr');
    const { files, topology } = exportExample('dc1', options, edits);
    const conf = files.get('k8s-node-01/frr.conf') ?? '';
    expect(conf.match(/^router bgp /gm)).toHaveLength(1);
    // The first session's network by name (k8s-dev) gives the agent its ASN; k8s-nodes' session presents AS65400.
    expect(conf).toContain('router bgp 65401\n');
    expect(conf).toContain(' neighbor 10.10.120.226 local-as 65400 no-prepend replace-as\n');
    expect(dryRun(conf)).toBe('');
    const exec = topology.topology.nodes['k8s-node-01']?.exec ?? [];
    expect(exec.filter((c) => c.endsWith('dev lo'))).toEqual(['ip addr add 10.245.0.1/32 dev lo', 'ip addr add 10.10.200.1/32 dev lo']);
    // The lab's agent for the same host: the same configuration, router-id included.
    const lab = planLab('dc1', devices, { vrf: true, dot1q: true });
    const { agent, routerId } = must(lab.hostAgents.find((a) => a.agent.server === 'k8s-node-01'));
    expect(agent.sessions.map((s) => s.network)).toEqual(['k8s-dev', 'k8s-nodes']);
    expect(exec).toContain(`ip addr add ${routerId}/24 dev eth1.121`);
    expect(conf).toBe(hostAgentConf(agent, routerId, devices.find((d) => d.name === 'dc1-leaf17')?.bfd ?? null));
  });

  it("has the router outside announce, from an address it holds, a prefix inside each accept entry other than the default route, as clos lab's does", () => {
    // lab1: VRF prod (AS65500) accepts 198.51.100.0/24 besides the default route; VRF ext (AS65501) the default route only.
    const r = compileIntent([{ name: 'fabric.yaml', text: twoTenantIntent }], { platform: 'frr' });
    if (r.fabric === undefined || r.devices === undefined) throw new Error(JSON.stringify(r.diagnostics));
    const lab = renderContainerlab(r.fabric, r.devices, renderOutput(r.fabric, r.devices, createRenderer(['frr']).renderer).files, options);
    expect(lab.diagnostics).toEqual([]);
    const files = new Map(lab.files.map((f) => [f.path, f.content]));
    const topology = parse(files.get(lab.topology) ?? '') as ClabTopology;
    // border1's port 47 hands off to both ASNs: one router, an instance (and Linux VRF) per ASN.
    const conf = files.get('ext-as65500-65501/frr.conf') ?? '';
    const as65500 = conf.slice(conf.indexOf('router bgp 65500 vrf as65500'), conf.indexOf('router bgp 65501 vrf as65501'));
    expect(as65500).toContain('  network 203.0.113.0/24\n  network 198.51.100.0/24\n');
    expect(conf.slice(conf.indexOf('router bgp 65501 vrf as65501'))).not.toContain('198.51.100');
    expect(dryRun(conf)).toBe('');
    expect(topology.topology.nodes['ext-as65500-65501']?.exec).toContain('ip addr add 198.51.100.1/24 dev as65500');
    // The same router clos lab stands in.
    const planned = must(planLab('lab1', r.devices, { vrf: true, dot1q: true }).externalRouters.find((x) => x.router.name === 'ext-as65500-65501')).router;
    expect(planned.instances.map((i) => i.accepted)).toEqual([[{ prefix: '198.51.100.0/24', address: '198.51.100.1' }], []]);
    expect(conf).toBe(externalRouterConf(planned, r.devices.find((d) => d.bfd !== null)?.bfd ?? null));
  });

  it('sets CLOS_WITHOUT_VRF on the switches for hosts without VRF support', () => {
    const { topology } = exportExample('quickstart', { ...options, withoutVrf: true });
    expect(topology.topology.nodes['leaf1']?.env).toEqual({ CLOS_PORTS: 'swp49 swp50 swp1 swp2', CLOS_WITHOUT_VRF: '1' });
  });

  it('wires both links of a dual-homed server and bonds them: 802.3ad for lacp, active-backup otherwise', () => {
    const { topology } = exportExample('quickstart');
    const links = topology.topology.links.map((l) => l.endpoints.join(' ')).filter((l) => l.startsWith('hv01:'));
    expect(links).toEqual(['hv01:eth1 leaf1:swp2', 'hv01:eth2 leaf2:swp2']);
    const hv01 = topology.topology.nodes['hv01']?.exec ?? [];
    expect(hv01.slice(0, 6)).toEqual([
      'ip link add name bond0 type bond mode 802.3ad lacp_rate fast miimon 100 xmit_hash_policy layer3+4',
      'ip link set dev eth1 down',
      'ip link set dev eth1 master bond0',
      'ip link set dev eth2 down',
      'ip link set dev eth2 master bond0',
      'ip link set dev bond0 mtu 9000 up',
    ]);
    expect(hv01).toContain('ip link add link bond0 name bond0.120 type vlan id 120');
    const dc1 = exportExample('dc1').topology;
    expect(dc1.topology.nodes['nw-esx-01']?.exec?.[0]).toBe('ip link add name bond0 type bond mode active-backup miimon 100');
    expect(dc1.topology.links.map((l) => l.endpoints.join(' ')).filter((l) => l.startsWith('nw-esx-01:'))).toEqual(['nw-esx-01:eth1 dc1-leaf07:swp1', 'nw-esx-01:eth2 dc1-leaf08:swp1']);
  });

  it('refuses a server named like a switch (CLOS8008)', () => {
    const { fabric, devices, files } = compileEditedExample('quickstart', 'clash', [{ file: 'fabric.yaml', from: '- name: dev01', to: '- name: leaf2' }]);
    const lab = renderContainerlab(fabric, devices, files, options);
    expect(lab.files).toEqual([]);
    expect(lab.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["CLOS8008 server 'leaf2' has the name of a switch; containerlab nodes need distinct names"]);
  });

  it('refuses a server named like a router the export adds outside the fabric (CLOS8008)', () => {
    const { fabric, devices, files } = compileEditedExample('dc1', 'router-clash', [{ file: 'servers.yaml', from: '{ name: ci-runner-01,', to: '{ name: ext-as65500,' }]);
    const lab = renderContainerlab(fabric, devices, files, options);
    expect(lab.files).toEqual([]);
    expect(lab.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "CLOS8008 server 'ext-as65500' has the name of the router outside the fabric the export adds for its hand-off ports; containerlab nodes need distinct names",
    ]);
  });

  it('refuses a switch named like a router the export adds outside the fabric, and calls it a switch (CLOS8008)', () => {
    const { fabric, devices, files } = compileEditedExample('dc1', 'switch-router-clash', [{ file: 'spines.yaml', from: '{ name: dc1-spine4,', to: '{ name: ext-as65500,' }]);
    const lab = renderContainerlab(fabric, devices, files, options);
    expect(lab.files).toEqual([]);
    expect(lab.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "CLOS8008 switch 'ext-as65500' has the name of the router outside the fabric the export adds for its hand-off ports; containerlab nodes need distinct names",
    ]);
  });

  it("refuses a node whose directory would be one of the export's own files or a containerlab lab directory (CLOS8013)", () => {
    const refused = (example: string, edits: IntentEdit[]): string[] => {
      const { fabric, devices, files } = compileEditedExample(example, 'reserved', edits, 'frr');
      const lab = renderContainerlab(fabric, devices, files, options);
      expect(lab.files).toEqual([]);
      return lab.diagnostics.map((d) => `${d.code} ${d.message}`);
    };
    // A BGP host's frr.conf would go to daemons/frr.conf beside the daemons file.
    expect(refused('dc1', [{ file: 'servers.yaml', from: '{ name: k8s-node-01,', to: '{ name: daemons,' }])).toEqual([
      "CLOS8013 server 'daemons' would have its files in 'daemons/' of the export, where the export writes its file 'daemons'; containerlab nodes need names the export's own files do not take",
    ]);
    const clab = refused('quickstart', [
      { file: 'fabric.yaml', from: '{ name: spine2, id: 2 }', to: '{ name: clab-spine2, id: 2 }' },
      { file: 'fabric.yaml', from: '{ name: spine1, id: 1 }', to: '{ name: daemons, id: 1 }' },
    ]);
    expect(clab).toEqual([
      "CLOS8013 switch 'daemons' would have its files in 'daemons/' of the export, where the export writes its file 'daemons'; containerlab nodes need names the export's own files do not take",
      "CLOS8013 switch 'clab-spine2' would have its files in 'clab-spine2/' of the export, a name of the form containerlab gives a deployed lab's directory (clab-<lab>), which the export refuses to replace; containerlab nodes need names the export's own files do not take",
    ]);
    // A server without files of its own may have such a name: it has no directory.
    const plain = compileEditedExample('quickstart', 'plain', [{ file: 'fabric.yaml', from: '- name: dev01', to: '- name: daemons' }], 'frr');
    const lab = renderContainerlab(plain.fabric, plain.devices, plain.files, options);
    expect(lab.diagnostics).toEqual([]);
    expect(lab.files.filter((f) => f.path.startsWith('daemons/'))).toEqual([]);
  });

  it('enables zebra, bgpd and bfdd in the daemons file, bfdd only with BFD', () => {
    expect(renderDaemons(true)).toMatch(/^zebra=yes$/m);
    expect(renderDaemons(true)).toMatch(/^bgpd=yes$/m);
    expect(renderDaemons(true)).toMatch(/^bfdd=yes$/m);
    expect(renderDaemons(false)).toMatch(/^bfdd=no$/m);
    expect(renderDaemons(true).match(/=yes$/gm)).toHaveLength(4); // zebra, bgpd, bfdd, vtysh_enable
  });
});

describe('clos-start.sh', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A start script with stand-ins for interfaces.sh and FRR that record when they ran. */
  function stage(): { dir: string; log: string; env: NodeJS.ProcessEnv } {
    const dir = mkdtempSync(join(tmpdir(), 'clos-start-'));
    dirs.push(dir);
    const log = join(dir, 'log');
    writeFileSync(join(dir, 'start.sh'), startScript);
    writeFileSync(join(dir, 'interfaces.sh'), `echo interfaces.sh >> ${log}\n`);
    writeFileSync(join(dir, 'frr'), `#!/bin/sh\necho frr >> ${log}\n`, { mode: 0o755 });
    return { dir, log, env: { PATH: process.env['PATH'], CLOS_DIR: dir, CLOS_FRR_START: join(dir, 'frr') } };
  }

  it('runs interfaces.sh, then starts FRR, once the ports exist', () => {
    const { dir, log, env } = stage();
    const out = execFileSync('sh', [join(dir, 'start.sh')], { env: { ...env, CLOS_PORTS: 'lo' }, encoding: 'utf8' });
    expect(out).toBe('clos-start: ports up; running interfaces.sh\nclos-start: starting FRR\n');
    expect(readFileSync(log, 'utf8')).toBe('interfaces.sh\nfrr\n');
  });

  it('stops with a message, before interfaces.sh and FRR, when a port never appears', () => {
    const { dir, log, env } = stage();
    let status = 0;
    let stderr = '';
    try {
      execFileSync('sh', [join(dir, 'start.sh')], { env: { ...env, CLOS_PORTS: 'lo swp77', CLOS_PORT_TIMEOUT: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toBe('clos-start: port swp77 did not appear within 1s; is it wired in the topology?\n');
    expect(() => readFileSync(log, 'utf8')).toThrow();
  });
});

describe('clos-start.sh in network namespaces, with the exported interfaces.sh', () => {
  const namespaces: string[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const ns of namespaces.splice(0)) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function netns(name: string): string {
    const ns = `clos-${name}-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    namespaces.push(ns);
    return ns;
  }

  /**
   * The quickstart with hv01 on leaf2 only: leaf1 then has access ports only, and no bond or
   * VLAN-aware bridge, which the kernels of CI sandboxes may lack (as they may lack VRF and 802.1Q).
   */
  const singleHomed: IntentEdit[] = [{ file: 'fabric.yaml', from: 'attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }]', to: 'attach: [{ leaf: leaf2, port: 2 }]' }];

  /** Boots one exported switch as containerlab would: start script first, ports wired later. */
  async function boot(device: string, env: Record<string, string>): Promise<{ ns: string; status: number | null; out: string }> {
    const exported = exportExample('quickstart', options, singleHomed);
    const { files } = exported;
    const dir = mkdtempSync(join(tmpdir(), 'clos-clab-'));
    dirs.push(dir);
    mkdirSync(join(dir, device));
    for (const name of ['interfaces.sh']) writeFileSync(join(dir, device, name), files.get(`${device}/${name}`) ?? '');
    writeFileSync(join(dir, 'start.sh'), files.get('clos-start.sh') ?? '');
    const ns = netns(device);
    const peer = netns(`${device}-peer`);
    const ports = (exported.topology.topology.nodes[device]?.env?.['CLOS_PORTS'] ?? '').split(' ');
    const child = spawn('ip', ['netns', 'exec', ns, 'sh', join(dir, 'start.sh')], {
      env: { PATH: process.env['PATH'], CLOS_PORTS: ports.join(' '), CLOS_DIR: join(dir, device), CLOS_FRR_START: 'true', CLOS_PORT_TIMEOUT: '20', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    await new Promise((r) => setTimeout(r, 700)); // containerlab wires links after the container starts
    ports.forEach((p, i) => execFileSync('ip', ['-n', ns, 'link', 'add', p, 'type', 'veth', 'peer', 'name', `peer${i}`, 'netns', peer]));
    return { ns, status: await exited, out };
  }

  function addresses(ns: string): string[] {
    const links = JSON.parse(execFileSync('ip', ['-n', ns, '-j', 'addr', 'show'], { encoding: 'utf8' })) as { ifname: string; addr_info: { family: string; local: string; prefixlen: number }[] }[];
    return links.flatMap((l) => l.addr_info.filter((a) => a.family === 'inet').map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`)).sort();
  }

  it('spine1: waits for its four ports, then addresses them and its loopback', async () => {
    const { ns, status, out } = await boot('spine1', {});
    expect(out).toContain('clos-start: starting FRR');
    expect(status).toBe(0);
    expect(addresses(ns)).toEqual(['lo 10.0.0.1/32', 'lo 127.0.0.1/8', 'swp1 10.1.0.160/31', 'swp2 10.1.0.176/31', 'swp3 10.1.0.192/31', 'swp4 10.1.0.208/31']);
  }, 30_000);

  // leaf1 has access ports only (singleHomed): kernels of CI sandboxes may lack VRF and 802.1Q (trunk) support.
  it('leaf1 (without VRF devices): builds bridges, VXLAN devices and the anycast gateways', async () => {
    const { ns, status, out } = await boot('leaf1', { CLOS_WITHOUT_VRF: '1' });
    expect(out).toContain('clos-start: starting FRR');
    expect(status).toBe(0);
    expect(addresses(ns)).toEqual(['lo 10.0.0.11/32', 'lo 10.0.1.11/32', 'lo 127.0.0.1/8', 'swp49 10.1.0.161/31', 'swp50 10.1.0.163/31', 'vlan110 10.110.0.1/24', 'vlan120 10.120.0.1/24', 'vlan210 10.210.0.254/24']);
    const vxlan = execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'type', 'vxlan'], { encoding: 'utf8' });
    expect([...vxlan.matchAll(/vxlan\d+/g)].map((m) => m[0])).toEqual(['vxlan10110', 'vxlan10120', 'vxlan10210']);
    const ports = execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'master', 'vlan110'], { encoding: 'utf8' });
    expect([...ports.matchAll(/^\d+: ([^:@]+)/gm)].map((m) => m[1])).toEqual(['swp1', 'vxlan10110']);
  }, 30_000);
});
