import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { intentModels, must } from '../../test-helpers/lab.js';
import type { BfdPeerState, BgpNeighborState, Parsed, RouteEntry } from '../frr-json.js';
import { installedRoute, parseAdvertisedRoutes, parseBgpRoutes, parseKernelGateways } from '../frr-json.js';
import { raiseBfdTimers } from '../frr-conf.js';
import { handOffLinkChanges, routerQueries } from '../outside.js';
import { planLab, type LabPlan } from '../plan.js';
import { agentsWithoutBfd, externalRouterConf, externalRouterInterfaces, hostAgentConf, type ExternalRouterPlan } from '../stand-ins.js';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { buildTopology, noFailures, type Failures, type Topology } from '../topology.js';
import { dryRun } from '../../test-helpers/vtysh.js';
import { judgeProbe, planBaselineProbes, type ProbeContext } from './data-plane.js';
import { admits, annotateLostNextHops, checkOutside, externalFilter, lostNextHops, meetingPoints, observedVrfs, peeringVrfs, planExitProbes, planMeetings, planPodProbes, peerKey, routesKey, vrfExits, type OutsideObservation } from './outside.js';

/** lab/fixtures/outside as \`npm run test:lab\` boots it: VRF legacy accepts 198.51.100.0/24 besides the default route. */
const booted = readFileSync(join(repoRoot, 'lab/fixtures/outside/fabric.yaml'), 'utf8');
const legacyAccept = '          accept: [0.0.0.0/0, 198.51.100.0/24]\n';
/** The same fixture with the default accept list in every VRF: the tests below add accept entries themselves. */
const fixture = booted.replace(legacyAccept, '');
const models = intentModels(fixture);
const topology = buildTopology(models);
const plan = planLab('t', models, { vrf: true, dot1q: false });
const tagged = planLab('t', models, { vrf: true, dot1q: true });
const router = must(plan.externalRouters[0]).router;
const node = must(plan.hostSpeakers[0]);

function context(vrf: boolean, failures: Failures = noFailures): ProbeContext {
  return { topology, endpoints: plan.endpoints, failures, promisedFailures: 1, vrf, noVrfReason: 'this kernel has no VRF devices', anycastMac: null, meetings: meetingPoints(plan) };
}

describe('the lab plan outside the fabric', () => {
  it('stands one router in for AS 65500, cabled to each border hand-off port', () => {
    expect(plan.externalRouters.map((r) => r.namespace)).toEqual(['clos-t_x_ext-as65500']);
    expect(router.instances).toEqual([{ asn: 65500, vrf: null, table: 0, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1', accepted: [] }]);
    expect(plan.veths.filter((v) => v.kind.startsWith('external')).map((v) => `${v.kind} ${v.a.namespace}:${v.a.name}=${v.b.name}`)).toEqual([
      'external clos-t_border1:swp47=eth1',
      'external-vlan clos-t_border1:swp47.3001=eth1.3001',
      'external-vlan clos-t_border1:swp47.3003=eth1.3003',
      'external clos-t_border2:swp47=eth2',
      'external-vlan clos-t_border2:swp47.3001=eth2.3001',
      'external-vlan clos-t_border2:swp47.3003=eth2.3003',
    ]);
    expect(tagged.veths.filter((v) => v.kind === 'external-vlan')).toEqual([]);
    expect(externalRouterInterfaces(router, true)).toContain('link add name eth1.3001 link eth1 type vlan id 3001');
    expect(externalRouterInterfaces(router, false).some((l) => l.startsWith('link add'))).toBe(false);
  });

  it("gives the node's agent its own path space in the server's namespace, and a pod prefix inside accept", () => {
    expect(node).toMatchObject({ namespace: 'clos-t_h_node1', pathspace: 'clos-t_n_node1', address: '10.120.0.2' });
    expect(node.speaker).toMatchObject({ leaf: 'leaf1', vrf: 'prod', asn: 65400, peerAddress: '10.120.0.244', pod: '10.244.0.0/28', podAddress: '10.244.0.1', rogue: '198.19.2.0/24' });
  });

  it('runs the fabric BFD profile on the stand-ins, which the VM floor raises like the leaves', () => {
    const bfd = must(models[0]).bfd;
    const conf = externalRouterConf(router, bfd);
    expect(conf).toContain(' neighbor 192.0.2.0 bfd profile fabric\n');
    expect(conf).toContain('  receive-interval 300\n');
    expect(raiseBfdTimers(conf, { intervalMs: 1000, multiplier: 5 }).conf).toContain('  receive-interval 1000\n');
    expect(externalRouterConf(router, null)).not.toContain('bfd');
    expect(hostAgentConf(must(plan.hostAgents[0]).agent, node.address, null)).toContain('  network 198.19.2.0/24\n');
  });

  it("runs the node's agent without BFD where the lab's bgpd would wait for BFD before connecting (10.2.0 to 10.2.2, 10.3.0), with BFD elsewhere", () => {
    const agents = plan.hostAgents.map((a) => a.agent);
    expect(agentsWithoutBfd(agents, models, '10.3')).toEqual(['node1']);
    expect(agentsWithoutBfd(agents, models, '10.2.2')).toEqual(['node1']);
    for (const v of ['8.4.4', '10.3.1', '10.4.0', '10.7.1', undefined]) expect(agentsWithoutBfd(agents, models, v), String(v)).toEqual([]);
    // A fabric without BFD has none to leave off.
    expect(agentsWithoutBfd(agents, models.map((m) => ({ ...m, bfd: null })), '10.3')).toEqual([]);
    const agent = must(plan.hostAgents[0]).agent;
    expect(hostAgentConf(agent, node.address, must(models[0]).bfd)).toContain(' neighbor 10.120.0.244 bfd\n');
    const without = hostAgentConf(agent, node.address, null);
    expect(without).not.toContain('bfd');
    expect(without).toContain(' neighbor 10.120.0.244 remote-as ');
  });

  it('takes a border down at both ends of its hand-off, every VLAN pair too', () => {
    expect(Object.fromEntries(handOffLinkChanges(plan, { border: 'border1' }, 'down'))).toEqual({
      'clos-t_x_ext-as65500': ['link set dev eth1 down', 'link set dev eth1.3001 down', 'link set dev eth1.3003 down'],
      'clos-t_border1': ['link set dev swp47 down', 'link set dev swp47.3001 down', 'link set dev swp47.3003 down'],
    });
    expect(Object.fromEntries(handOffLinkChanges(tagged, { router: 'ext-as65500' }, 'up'))).toEqual({ 'clos-t_x_ext-as65500': ['link set dev eth1 up', 'link set dev eth2 up'] });
  });
});

/** A variant of the fixture: its models, topology, lab plan (with VRF devices) and first stand-in router. */
function labOf(yaml: string, dot1q: boolean): { models: DeviceModel[]; topology: Topology; plan: LabPlan; router: ExternalRouterPlan } {
  const models = intentModels(yaml);
  const plan = planLab('t', models, { vrf: true, dot1q });
  return { models, topology: buildTopology(models), plan, router: must(plan.externalRouters[0]).router };
}

const up = (state = 'Established'): BgpNeighborState => ({ state, families: ['ipv4Unicast'] });
const route = (...ips: string[]): RouteEntry[] => [{ protocol: 'bgp', selected: true, installed: true, nexthops: ips.map((ip) => ({ ip, interface: null, fib: true })) }];
type Change = (
  routes: Map<string, Map<string, RouteEntry[]>>,
  sessions: Map<string, Map<string, BgpNeighborState>>,
  hops: Map<string, Map<number, Set<string>>>,
  neighbors: Map<string, Map<string, BgpNeighborState>>,
) => void;
/** A healthy observation of a plan's fabric (lab/fixtures/outside, its stand-ins however planned), then `change`. */
function healthyOutside(plan: LabPlan, topology: Topology, change: Change = () => undefined): OutsideObservation {
  const sessions = new Map<string, Map<string, BgpNeighborState>>([
    ...plan.externalRouters.map(({ router }) => [router.name, new Map(router.links.flatMap((l) => l.subinterfaces).map((s) => [s.peerAddress, up()]))] as const),
    ['node1', new Map([['10.120.0.244', up()]])],
  ]);
  const routes = new Map<string, Map<string, RouteEntry[]>>();
  for (const { leaf, vrf } of observedVrfs(plan, topology)) {
    const table = new Map<string, RouteEntry[]>();
    const own = vrfExits(plan).get(vrf)?.handOffs.find((h) => h.border === leaf);
    if (vrfExits(plan).has(vrf)) table.set('0.0.0.0/0', own === undefined ? route('10.0.1.21', '10.0.1.22') : route(own.routerAddress));
    if (vrf === 'prod') table.set('10.244.0.0/28', route(leaf === 'leaf1' ? '10.120.0.2' : '10.0.1.11'));
    routes.set(routesKey(leaf, vrf), table);
  }
  const wrap = <T>(m: Map<string, T>): Map<string, Parsed<T>> => new Map([...m].map(([k, v]) => [k, { value: v }]));
  const vteps = new Set(topology.vteps.values());
  const hops = new Map<string, Map<number, Set<string>>>();
  for (const [key, table] of routes) {
    const [leaf = '', vrf] = key.split('\u0000');
    const l3vni = must(topology.devices.get(leaf)?.vrfs.find((v) => v.name === vrf)).l3vni;
    const byVni = hops.get(leaf) ?? new Map<number, Set<string>>();
    const known = byVni.get(l3vni) ?? new Set<string>();
    for (const entries of table.values()) for (const r of entries) for (const h of r.nexthops) if (h.ip !== null && vteps.has(h.ip)) known.add(h.ip);
    byVni.set(l3vni, known);
    hops.set(leaf, byVni);
  }
  // Every leaf's sessions to outside and to hosts carry their peer group's maximum-prefix (node1 came up through the listen range).
  const neighbors = new Map<string, Map<string, BgpNeighborState>>();
  for (const { leaf, vrf } of peeringVrfs(plan, topology)) {
    const v = must(topology.devices.get(leaf)?.bgp.vrfs.find((x) => x.vrf === vrf));
    const limit = (group: string): number => must(v.peerGroups.find((g) => g.name === group)).maximumPrefix;
    const table = new Map(v.neighbors.map((n) => [n.address, { ...up(), maximumPrefix: limit(n.peerGroup) }]));
    for (const r of v.listenRanges) table.set(node.address, { ...up(), maximumPrefix: limit(r.peerGroup) });
    neighbors.set(routesKey(leaf, vrf), table);
  }
  change(routes, sessions, hops, neighbors);
  return {
    sessions: wrap(sessions),
    advertised: new Map([[peerKey('node1', node.speaker.peerAddress), { value: new Set(['10.244.0.0/28', '198.19.2.0/24']) }]]),
    received: receivedOf(plan, topology),
    vrfNeighbors: wrap(neighbors),
    vrfRoutes: wrap(routes),
    evpnNextHops: wrap(hops),
    leafBfd: healthyBfd(plan),
  };
}
/** Up BFD sessions: each border's to the router on every hand-off, each leaf's to every BGP agent, in the session's VRF. */
function healthyBfd(plan: LabPlan): Map<string, { value: readonly BfdPeerState[] }> {
  const peers = new Map<string, BfdPeerState[]>();
  const add = (device: string, peer: string, local: string, vrf: string): void => {
    peers.set(device, [...(peers.get(device) ?? []), { peer, local, interface: null, multihop: false, vrf, status: 'up' }]);
  };
  for (const { router } of plan.externalRouters) for (const s of router.links.flatMap((l) => l.subinterfaces)) add(s.border, s.address.split('/')[0] ?? '', s.peerAddress, s.vrf);
  for (const h of plan.hostSpeakers) add(h.speaker.leaf, h.address, h.speaker.peerAddress, h.speaker.vrf);
  return new Map([...peers].map(([device, value]) => [device, { value }]));
}
/** What each router receives from each border: the VRF's exact prefixes, and in prod node1's pod /28 (inside the host pool). */
function receivedOf(plan: LabPlan, topology: Topology, edit: (key: string, prefixes: Set<string>) => void = () => undefined): Map<string, Parsed<ReadonlySet<string>>> {
  const out = new Map<string, Parsed<ReadonlySet<string>>>();
  for (const { router } of plan.externalRouters) {
    for (const s of router.links.flatMap((l) => l.subinterfaces)) {
      const exact = must(externalFilter(topology.devices.get(s.border), s.vrf, 'out')).filter((e) => e.le === null);
      const prefixes = new Set([...exact.map((e) => e.prefix), ...(s.vrf === 'prod' ? ['10.244.0.0/28'] : [])]);
      edit(peerKey(router.name, s.peerAddress), prefixes);
      out.set(peerKey(router.name, s.peerAddress), { value: prefixes });
    }
  }
  return out;
}

describe('outside checks', () => {
  function observation(change: Change = () => undefined): OutsideObservation {
    return healthyOutside(plan, topology, change);
  }
  /** What the router receives from each border: the VRF's exact prefixes, and in prod node1's pod /28 (inside the host pool). */
  function received(edit: (key: string, prefixes: Set<string>) => void = () => undefined): Map<string, Parsed<ReadonlySet<string>>> {
    return receivedOf(plan, topology, edit);
  }
  const failing = (obs: OutsideObservation, downBorders: ReadonlySet<string> = new Set(), failures: Failures = noFailures): string[] =>
    checkOutside(plan, topology, failures, downBorders, obs)
      .filter((c) => c.status === 'failed')
      .map((c) => `${c.code ?? ''} ${c.message ?? ''}`);

  it('passes a healthy outside: sessions up, ECMP default over both borders, pods in, the rogue prefix refused', () => {
    const checks = checkOutside(plan, topology, noFailures, new Set(), observation());
    expect(checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(checks.map((c) => c.name)).toContain('leaf2 VRF legacy default route over border1, border2 (10.0.1.21, 10.0.1.22)');
    expect(checks.map((c) => c.name)).toContain('border1 VRF prod default route via 192.0.2.1');
    expect(checks.map((c) => c.name)).toContain('leaf2 VRF prod refuses 198.19.2.0/24 from node1');
    expect(checks.map((c) => c.name)).toContain('ext-as65500 receives from border1 (VRF legacy) what it advertises: 10.30.0.0/16');
    expect(checks.map((c) => c.name)).toContain('ext-as65500 receives from border2 (VRF prod) what it advertises: 10.110.0.0/24, 10.120.0.0/24, 10.244.0.0/28');
    expect(checks.map((c) => c.name)).toContain('leaf1 VRF prod refuses 203.0.113.0/24 from ext-as65500 (outside the accept list)');
    expect(checks.map((c) => c.name)).toContain('border2 VRF legacy takes at most 1000 prefixes from external peer 192.0.2.7');
    expect(checks.map((c) => c.name)).toContain('leaf1 VRF prod takes at most 256 prefixes from host 10.120.0.2 (network k8s)');
  });

  it('finds a session without the limit the intent gives', () => {
    const obs = observation((_routes, _sessions, _hops, neighbors) => {
      must(neighbors.get(routesKey('border1', 'prod'))).set('192.0.2.1', up());
      must(neighbors.get(routesKey('leaf1', 'prod'))).set('10.120.0.2', { ...up(), maximumPrefix: 1000 });
    });
    expect(failing(obs)).toEqual([
      'CLOS7144 border1: bgpd applies maximum-prefix none to external peer 192.0.2.1 in VRF prod, expected 1000 (the intent\'s max_prefixes)',
      'CLOS7144 leaf1: bgpd applies maximum-prefix 1000 to host 10.120.0.2 (network k8s) in VRF prod, expected 256 (the intent\'s max_prefixes)',
    ]);
  });

  it('finds what the fabric announces beyond advertise, an aggregate missing, the outside prefix let in', () => {
    const obs = {
      ...observation((routes) => {
        must(routes.get(routesKey('leaf2', 'legacy'))).set('203.0.113.0/24', route('10.0.1.21', '10.0.1.22'));
      }),
      received: received((key, prefixes) => {
        if (key === peerKey('ext-as65500', '192.0.2.0')) prefixes.add('10.0.0.11/32').add('10.30.1.0/24');
        if (key === peerKey('ext-as65500', '192.0.2.6')) prefixes.delete('10.30.0.0/16');
      }),
    };
    expect(failing(obs)).toEqual([
      'CLOS7140 ext-as65500 receives 10.0.0.11/32, 10.30.1.0/24 from border1 in VRF prod, which the VRF\'s outbound filter does not permit: the fabric announces more than the intent\'s advertise',
      'CLOS7141 ext-as65500 does not receive 10.30.0.0/16 from border2 in VRF legacy, which the VRF advertises',
      "CLOS7142 leaf2: VRF legacy holds 203.0.113.0/24, which ext-as65500 (203.0.113.1) announces outside the VRF's accept list; the inbound filter must refuse it",
    ]);
  });

  it('finds the outside prefix let in before zebra installs it, as the rogue prefix of a host', () => {
    const pending: RouteEntry[] = [{ protocol: 'bgp', selected: false, installed: false, nexthops: [{ ip: '10.0.1.21', interface: null, fib: false }] }];
    const obs = observation((routes) => {
      must(routes.get(routesKey('leaf2', 'legacy'))).set('203.0.113.0/24', pending);
      must(routes.get(routesKey('leaf2', 'prod'))).set('198.19.2.0/24', pending);
    });
    expect(failing(obs)).toEqual([
      "CLOS7142 leaf2: VRF legacy holds 203.0.113.0/24, which ext-as65500 (203.0.113.1) announces outside the VRF's accept list; the inbound filter must refuse it",
      'CLOS7136 leaf2: VRF prod holds 198.19.2.0/24, which node1 announces outside the accept list; the inbound filter must refuse it',
    ]);
    // An admitted prefix must be installed: held but not installed, it is missing.
    const accepted = observation((routes) => {
      must(routes.get(routesKey('leaf2', 'prod'))).set('10.244.0.0/28', pending);
    });
    expect(failing(accepted)).toEqual(["CLOS7135 leaf2: VRF prod has no installed route to 10.244.0.0/28, which node1 announces inside the accept list"]);
  });

  it("judges nothing it could not read: a VRF's routes unanswered fail every check that needs them", () => {
    const healthy = observation();
    const vrfRoutes = new Map(healthy.vrfRoutes);
    vrfRoutes.set(routesKey('leaf2', 'legacy'), { error: 'vtysh: exit status 1' });
    const checks = checkOutside(plan, topology, noFailures, new Set(), { ...healthy, vrfRoutes });
    const judged = checks.filter((c) => c.device === 'leaf2' && c.name.startsWith('leaf2 VRF legacy'));
    expect(judged.map((c) => `${c.status} ${c.code ?? ''} ${c.name}`)).toEqual([
      'failed CLOS7113 leaf2 VRF legacy refuses 203.0.113.0/24 from ext-as65500 (outside the accept list)',
      'failed CLOS7113 leaf2 VRF legacy default route',
      'failed CLOS7113 leaf2 VRF legacy EVPN next hops',
    ]);
    expect(judged[2]?.message).toBe("leaf2: 'show ip route vrf legacy json' failed: vtysh: exit status 1");
    expect(checks.find((c) => c.name === 'leaf2 VRF legacy EVPN next hops' && c.device === 'leaf2' && c.status === 'passed')).toBeUndefined();
    expect(checkOutside(plan, topology, noFailures, new Set(), healthy).find((c) => c.name === 'leaf2 VRF legacy EVPN next hops')?.status).toBe('passed');
  });

  it('reads prefix lists as FRR applies them', () => {
    const prod = must(externalFilter(topology.devices.get('border1'), 'prod', 'out'));
    expect(prod.map((e) => `${e.prefix}${e.le === null ? '' : ` le ${e.le}`}`)).toEqual(['10.110.0.0/24', '10.120.0.0/24', '10.244.0.0/16 le 32']);
    expect(admits(prod, '10.244.7.0/24')).toBe(true);
    expect(admits(prod, '10.110.0.0/25')).toBe(false);
    expect(admits(prod, '10.0.0.0/8')).toBe(false);
    const accept = must(externalFilter(topology.devices.get('border2'), 'legacy', 'in'));
    expect(admits(accept, '0.0.0.0/0')).toBe(true);
    expect(admits(accept, '203.0.113.0/24')).toBe(false);
    expect(externalFilter(topology.devices.get('leaf1'), 'prod', 'out')).toBeUndefined();
    expect(parseBgpRoutes('{"routes":{"10.30.0.0/16":[{"valid":true}]},"totalRoutes":1}')).toEqual({ value: new Set(['10.30.0.0/16']) });
    expect(parseBgpRoutes('{"warning":"No such neighbor in this view/vrf"}')).toEqual({ error: 'No such neighbor in this view/vrf' });
  });

  it('finds a default route over one border only, a session down, a pod missing, a rogue prefix let in', () => {
    const obs = observation((routes, sessions) => {
      must(routes.get(routesKey('leaf1', 'prod'))).set('0.0.0.0/0', route('10.0.1.21'));
      must(sessions.get('ext-as65500')).set('192.0.2.6', up('Active'));
      must(routes.get(routesKey('leaf2', 'prod'))).delete('10.244.0.0/28');
      must(routes.get(routesKey('border2', 'prod'))).set('198.19.2.0/24', route('10.0.1.11'));
    });
    expect(failing(obs)).toEqual([
      'CLOS7130 ext-as65500: BGP session to border2 (192.0.2.6, VRF legacy) is Active, expected Established',
      'CLOS7132 leaf1: the default route of VRF prod has next hops 10.0.1.21, expected one per border over border1, border2 (10.0.1.21, 10.0.1.22)',
      'CLOS7136 border2: VRF prod holds 198.19.2.0/24, which node1 announces outside the accept list; the inbound filter must refuse it',
      'CLOS7135 leaf2: VRF prod has no installed route to 10.244.0.0/28, which node1 announces inside the accept list',
    ]);
  });

  it("reads the default route's next hops from the kernel where it has them, not FRR's fib flags", () => {
    // FRR 10.3 leaves `fib` off the second border's next hop when each border's route arrives over
    // several spines (dc1 in the lab): the kernel's route has both, and so does the check.
    const frrLosesOne = observation((routes) => {
      must(routes.get(routesKey('leaf1', 'prod'))).set('0.0.0.0/0', route('10.0.1.21'));
    });
    const kernel = (leaf1: string[]): Map<string, { value: readonly string[] }> => {
      const out = new Map<string, { value: readonly string[] }>();
      for (const [key, table] of frrLosesOne.vrfRoutes) {
        if ('error' in table || !table.value.has('0.0.0.0/0')) continue;
        out.set(key, { value: key === routesKey('leaf1', 'prod') ? leaf1 : (installedRoute(table.value, '0.0.0.0/0')?.nexthops ?? []).filter((h) => h.fib).map((h) => h.ip ?? '') });
      }
      return out;
    };
    expect(failing({ ...frrLosesOne, kernelDefaults: kernel(['10.0.1.22', '10.0.1.21']) })).toEqual([]);
    // The kernel is what counts: one border there is a failure, whatever FRR's flags say.
    const healthy = observation();
    expect(failing({ ...healthy, kernelDefaults: kernel(['10.0.1.21']) })).toEqual([
      'CLOS7132 leaf1: the default route of VRF prod has next hops 10.0.1.21, expected one per border over border1, border2 (10.0.1.21, 10.0.1.22)',
    ]);
    expect(failing({ ...healthy, kernelDefaults: kernel([]) })).toEqual(['CLOS7132 leaf1: the default route of VRF prod is missing, expected over border1, border2 (10.0.1.21, 10.0.1.22)']);
    const broken = kernel(['10.0.1.21', '10.0.1.22']);
    broken.set(routesKey('leaf1', 'prod'), { error: 'exit status 1' } as never);
    expect(failing({ ...healthy, kernelDefaults: broken })[0]).toMatch(/^CLOS7113 leaf1: .*ip -j -4 route show vrf prod 0\.0\.0\.0\/0/);
  });

  it('with a border down expects its sessions down and the others to route over the other border', () => {
    const links = topology.links.filter((l) => l.leaf === 'border1').map((l) => l.key);
    const down: Failures = { spines: [], links };
    const obs = observation((routes) => {
      for (const [key, table] of routes) if (table.has('0.0.0.0/0') && !key.startsWith('border')) table.set('0.0.0.0/0', route('10.0.1.22'));
    });
    expect(failing(obs, new Set(['border1']), down)).toEqual([
      'CLOS7131 ext-as65500: BGP session to border1 (192.0.2.0) is still Established although border1 is down',
      'CLOS7131 ext-as65500: BGP session to border1 (192.0.2.4) is still Established although border1 is down',
    ]);
  });

  it("names FRR 8.4's lost EVPN next hop, and what it explains", () => {
    const obs = observation((routes, _sessions, hops) => {
      for (const b of ['border1', 'border2']) {
        must(routes.get(routesKey(b, 'prod'))).set('10.110.0.0/24', route('10.0.1.11', '10.0.1.12'));
        must(hops.get(b)?.get(50001)).add('10.0.1.11');
      }
    });
    expect(failing(obs)).toEqual([
      "CLOS7139 border1: VRF prod routes 10.110.0.0/24 to VTEP 10.0.1.12 (leaf2), but zebra has no EVPN next hop for it in L3VNI 50001 (no neighbour, no router MAC), so the kernel drops that traffic. FRR's bgpd withdraws a VRF route imported from EVPN from zebra and installs it again whenever its best path changes, and zebra of FRR 8.4.0 to 8.4.4 then removes the next hop the reinstalled route still uses (FRRouting/frr#12391, fixed in FRR 8.4.5, 8.5.3, 9.0.1 and 9.1; FRR 10.4 and later no longer withdraw, frr#18158)",
      "CLOS7139 border2: VRF prod routes 10.110.0.0/24 to VTEP 10.0.1.12 (leaf2), but zebra has no EVPN next hop for it in L3VNI 50001 (no neighbour, no router MAC), so the kernel drops that traffic. FRR's bgpd withdraws a VRF route imported from EVPN from zebra and installs it again whenever its best path changes, and zebra of FRR 8.4.0 to 8.4.4 then removes the next hop the reinstalled route still uses (FRRouting/frr#12391, fixed in FRR 8.4.5, 8.5.3, 9.0.1 and 9.1; FRR 10.4 and later no longer withdraw, frr#18158)",
    ]);
    const lost = lostNextHops(plan, topology, new Set(), obs);
    const probes = annotateLostNextHops(planExitProbes(context(true), plan, new Set()), plan, lost).probes;
    expect(probes.map((p) => `${p.from.id}: ${p.expectedTrouble ?? '-'}`)).toEqual([
      'legacy1/legacy-web: -',
      'node1/k8s: -',
      'web2/web: border1 lost its EVPN next hop to leaf2 in VRF prod (CLOS7139); border2 lost its EVPN next hop to leaf2 in VRF prod (CLOS7139)',
    ]);
  });

  it('says when the agent does not send the prefix that must be refused', () => {
    const obs = { ...observation(), advertised: new Map([[peerKey('node1', node.speaker.peerAddress), { value: new Set(['10.244.0.0/28']) }]]) };
    expect(failing(obs)).toEqual(['CLOS7137 node1 does not announce 198.19.2.0/24 to leaf1, so the refusal of a prefix outside the accept list is not shown']);
  });

  it("requires each border's BFD session to the router, and each leaf's to each BGP agent, up in the session's VRF", () => {
    const checks = checkOutside(plan, topology, noFailures, new Set(), observation()).filter((c) => c.group === 'bfd');
    expect(checks.map((c) => `${c.status} ${c.device ?? ''}: ${c.name}`)).toEqual([
      'passed border1: border1 to ext-as65500 192.0.2.1 (VRF prod)',
      'passed border1: border1 to ext-as65500 192.0.2.5 (VRF legacy)',
      'passed border2: border2 to ext-as65500 192.0.2.3 (VRF prod)',
      'passed border2: border2 to ext-as65500 192.0.2.7 (VRF legacy)',
      'passed leaf1: leaf1 to node1 10.120.0.2 (network k8s, VRF prod)',
    ]);
    const border2 = must(healthyBfd(plan).get('border2')).value;
    const downOnBorder2 = { ...observation(), leafBfd: new Map([...healthyBfd(plan), ['border2', { value: border2.map((p) => (p.vrf === 'legacy' ? { ...p, status: 'init' } : p)) }]]) };
    expect(failing(downOnBorder2)).toEqual(['CLOS7107 border2: BFD to ext-as65500 (192.0.2.7) is init, expected up']);
    // With border2 down its sessions are not asked for.
    expect(checkOutside(plan, topology, noFailures, new Set(['border2']), downOnBorder2).filter((c) => c.group === 'bfd' && c.device === 'border2')).toEqual([]);
    const bfdSeen = (peers: readonly BfdPeerState[]): OutsideObservation => ({ ...observation(), leafBfd: new Map([...healthyBfd(plan), ['leaf1', { value: peers }]]) });
    const session: BfdPeerState = { peer: '10.120.0.2', local: '10.120.0.244', interface: null, multihop: false, vrf: 'prod', status: 'up' };
    expect(failing(bfdSeen([{ ...session, status: 'down' }]))).toEqual(['CLOS7107 leaf1: BFD to node1 (10.120.0.2) is down, expected up']);
    // A session of that address in another VRF, or a multihop one, is not this one.
    expect(failing(bfdSeen([{ ...session, vrf: 'legacy' }, { ...session, multihop: true }]))).toEqual(['CLOS7107 leaf1: BFD to node1 (10.120.0.2) is missing, expected up']);
    expect(failing({ ...observation(), leafBfd: new Map<string, Parsed<readonly BfdPeerState[]>>([...healthyBfd(plan), ['leaf1', { error: 'vtysh timed out' }]]) })).toEqual(["CLOS7113 leaf1: 'show bfd peers json' failed: vtysh timed out"]);
    // A leaf that is down has no session to check.
    expect(checkOutside(plan, topology, noFailures, new Set(['leaf1']), observation()).filter((c) => c.group === 'bfd' && c.device === 'leaf1')).toEqual([]);
  });

  it('reports the BFD session to an agent the lab runs without BFD as not run, whatever the leaf shows, and still checks its BGP session', () => {
    const choice = { withoutBfd: new Set(['node1']), frrVersion: '10.3' };
    for (const status of ['down', 'up']) {
      const obs = { ...observation(), leafBfd: new Map([...healthyBfd(plan), ['leaf1', { value: [{ peer: '10.120.0.2', local: null, interface: null, multihop: false, vrf: 'prod', status }] }]]) };
      const checks = checkOutside(plan, topology, noFailures, new Set(), obs, choice);
      expect(checks.filter((c) => c.status !== 'passed').map((c) => `${c.status} ${c.group} ${c.code ?? ''} ${c.device ?? ''}: ${c.name}`), status).toEqual(['not-run bfd CLOS7220 leaf1: leaf1 to node1 10.120.0.2 (network k8s, VRF prod)']);
      expect(checks.find((c) => c.status === 'not-run')?.detail).toBe(`leaf1 shows the session ${status}`);
      expect(checks.find((c) => c.status === 'not-run')?.message).toBe(
        `not run: leaf1's BFD session to node1 (10.120.0.2) cannot come up by design: the lab runs node1's BGP agent without BFD, because FRR 10.3's bgpd starts no session while its BFD session is down and leaf1 has one only once the session is up (README, "BFD on the hosts")`,
      );
    }
    const down = observation((_routes, sessions) => must(sessions.get('node1')).set('10.120.0.244', up('Idle')));
    expect(checkOutside(plan, topology, noFailures, new Set(), down, choice).filter((c) => c.status === 'failed').map((c) => `${c.code ?? ''} ${c.message ?? ''}`)).toEqual(['CLOS7134 node1: BGP session to leaf1 (10.120.0.244, network k8s) is Idle, expected Established']);
  });

  it('asks nothing of BFD to hosts in a fabric without BFD', () => {
    const noBfd = intentModels(fixture).map((m) => ({ ...m, bfd: null }));
    const checks = checkOutside(plan, buildTopology(noBfd), noFailures, new Set(), { ...observation(), leafBfd: new Map() });
    expect(checks.filter((c) => c.group === 'bfd')).toEqual([]);
  });

  it('reads advertised routes from FRR', () => {
    expect(parseAdvertisedRoutes('{"bgpLocalRouterId":"10.120.0.2","advertisedRoutes":{"10.244.0.0/28":{},"198.19.2.0/24":{}},"totalPrefixCounter":2}')).toEqual({ value: new Set(['10.244.0.0/28', '198.19.2.0/24']) });
    expect(parseAdvertisedRoutes('{}')).toEqual({ value: new Set() });
    expect(parseAdvertisedRoutes('[]')).toEqual({ error: 'not a JSON object' });
    expect(parseAdvertisedRoutes('{ "warning": "No such neighbor or address family" }')).toEqual({ error: 'No such neighbor or address family' });
  });
});

/**
 * The fixture with VRF legacy handed off to AS 65501 on the same ports as prod to AS 65500: one
 * cable, one router at its end, running a BGP instance per AS in a VRF of its own.
 */
describe('a router of two ASNs', () => {
  const twoAs = fixture.replace('vlan: 3003, subnet: 192.0.2.4/31, asn: 65500', 'vlan: 3003, subnet: 192.0.2.4/31, asn: 65501').replace('vlan: 3003, subnet: 192.0.2.6/31, asn: 65500', 'vlan: 3003, subnet: 192.0.2.6/31, asn: 65501');
  const { topology: topology2, plan: plan2, router: router2 } = labOf(twoAs, false);

  it('cables each hand-off port once, to one router with an instance per ASN', () => {
    expect(twoAs).not.toBe(fixture);
    expect(plan2.externalRouters.map((r) => r.namespace)).toEqual(['clos-t_x_ext-as65500-65501']);
    expect(router2.instances).toEqual([
      { asn: 65500, vrf: 'as65500', table: 1001, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1', accepted: [] },
      { asn: 65501, vrf: 'as65501', table: 1002, outside: '198.51.100.0/24', outsideAddress: '198.51.100.1', accepted: [] },
    ]);
    const ends = plan2.veths.filter((v) => v.kind === 'external').map((v) => `${v.a.namespace}:${v.a.name}`);
    expect(ends).toEqual(['clos-t_border1:swp47', 'clos-t_border2:swp47']);
    expect(router2.links.flatMap((l) => l.subinterfaces.map((s) => `${s.name} ${s.vrf} AS${s.asn}`))).toEqual(['eth1.3001 prod AS65500', 'eth1.3003 legacy AS65501', 'eth2.3001 prod AS65500', 'eth2.3003 legacy AS65501']);
  });

  it('puts each ASN in its VRF on the router: sub-interfaces, outside address, BGP instance, queries', () => {
    const ip = externalRouterInterfaces(router2, true);
    expect(ip).toContain('link add name as65501 type vrf table 1002');
    expect(ip).toContain('addr add 198.51.100.1/24 dev as65501');
    expect(ip.indexOf('link set dev eth1.3003 master as65501')).toBeLessThan(ip.indexOf('addr add 192.0.2.5/31 dev eth1.3003'));
    expect(ip).toContain('link set dev eth2.3001 master as65500');
    // Without VRF devices (the lab then starts no FRR on the stand-ins), addresses only.
    expect(externalRouterInterfaces(router2, true, false).filter((l) => l.includes('vrf') || l.includes('master'))).toEqual([]);
    const conf = externalRouterConf(router2, null);
    expect(conf).toContain('router bgp 65500 vrf as65500\n bgp router-id 203.0.113.1\n');
    expect(conf).toContain('router bgp 65501 vrf as65501\n bgp router-id 198.51.100.1\n');
    expect(conf.slice(conf.indexOf('router bgp 65501'))).toContain(' neighbor 192.0.2.4 remote-as 65121\n');
    expect(conf.slice(conf.indexOf('router bgp 65501'))).not.toContain('192.0.2.0');
    expect(conf).not.toMatch(/^router bgp \d+$/m);
    expect(routerQueries(router2)).toEqual({
      neighbors: ['show bgp vrf as65500 neighbors json', 'show bgp vrf as65501 neighbors json'],
      received: [
        { peer: '192.0.2.0', command: 'show bgp vrf as65500 ipv4 unicast neighbors 192.0.2.0 routes json' },
        { peer: '192.0.2.4', command: 'show bgp vrf as65501 ipv4 unicast neighbors 192.0.2.4 routes json' },
        { peer: '192.0.2.2', command: 'show bgp vrf as65500 ipv4 unicast neighbors 192.0.2.2 routes json' },
        { peer: '192.0.2.6', command: 'show bgp vrf as65501 ipv4 unicast neighbors 192.0.2.6 routes json' },
      ],
    });
    // A router of one AS is asked as before, in the default instance.
    expect(routerQueries(router).neighbors).toEqual(['show bgp neighbors json']);
    expect(routerQueries(router).received[0]).toEqual({ peer: '192.0.2.0', command: 'show bgp ipv4 unicast neighbors 192.0.2.0 routes json' });
  });

  it('has the VRFs of different ASNs meet nowhere, each reaching the outside of its own AS', () => {
    expect(meetingPoints(plan2)).toEqual(new Map());
    expect(meetingPoints(plan)).toEqual(new Map([['legacy\u0000prod', 'ext-as65500']]));
    expect(vrfExits(plan2).get('prod')?.outside).toEqual([{ router: 'ext-as65500-65501', prefix: '203.0.113.0/24', address: '203.0.113.1' }]);
    expect(vrfExits(plan2).get('legacy')?.outside).toEqual([{ router: 'ext-as65500-65501', prefix: '198.51.100.0/24', address: '198.51.100.1' }]);
    const ctx: ProbeContext = { topology: topology2, endpoints: plan2.endpoints, failures: noFailures, promisedFailures: 1, vrf: true, noVrfReason: '', anycastMac: null, meetings: meetingPoints(plan2) };
    expect(planMeetings(ctx, plan2)).toEqual([]);
    // Without a meeting point, the plain isolation probe between the tenants runs again.
    const isolation = planBaselineProbes(ctx).probes.filter((p) => p.group === 'isolation').map((p) => p.name);
    expect(isolation.some((n) => n.includes('legacy1') && (n.includes('web1') || n.includes('web2')))).toBe(true);
  });

  it('passes a healthy outside, reading every session of both instances', () => {
    const sessions = new Map([[router2.name, { value: new Map(['192.0.2.0', '192.0.2.2', '192.0.2.4', '192.0.2.6'].map((a) => [a, up()])) }]]);
    const names = checkOutside(plan2, topology2, noFailures, new Set(), observation2(sessions))
      .filter((c) => c.group === 'exits')
      .map((c) => `${c.status} ${c.name}`);
    expect(names.filter((n) => !n.startsWith('passed'))).toEqual([]);
    expect(names).toContain('passed ext-as65500-65501 to border2 192.0.2.6 (VRF legacy)');
    expect(names).toContain('passed leaf2 VRF legacy refuses 198.51.100.0/24 from ext-as65500-65501 (outside the accept list)');
    expect(names).toContain('passed leaf1 VRF prod refuses 203.0.113.0/24 from ext-as65500-65501 (outside the accept list)');
    // A session of the second instance down is that session's failure.
    sessions.set(router2.name, { value: new Map(['192.0.2.0', '192.0.2.2', '192.0.2.4'].map((a) => [a, up()])) });
    expect(
      checkOutside(plan2, topology2, noFailures, new Set(), observation2(sessions))
        .filter((c) => c.status === 'failed')
        .map((c) => c.code),
    ).toEqual(['CLOS7130']);
  });

  /** Healthy routes and neighbours of plan2's fabric, with the given stand-in sessions. */
  function observation2(sessions: Map<string, Parsed<ReadonlyMap<string, BgpNeighborState>>>): OutsideObservation {
    const base = healthyOutside(plan2, topology2);
    return { ...base, sessions: new Map([...base.sessions, ...sessions]) };
  }
});

describe('outside probes', () => {
  const names = (probes: readonly { group: string; expect: string; name: string }[]): string[] => probes.map((p) => `${p.group} ${p.expect} ${p.name}`);

  it('pings outside from a host of every VRF with an exit on every leaf', () => {
    expect(names(planExitProbes(context(true), plan, new Set()).probes)).toEqual([
      'exits reply legacy1/legacy-web to ext-as65500 203.0.113.1 (from leaf2)',
      'exits reply node1/k8s to ext-as65500 203.0.113.1 (from leaf1)',
      'exits reply web2/web to ext-as65500 203.0.113.1 (from leaf2)',
    ]);
    const none = planExitProbes(context(false), plan, new Set());
    expect(none.probes).toEqual([]);
    expect(none.notRun.map((c) => c.code)).toEqual(['CLOS7201', 'CLOS7201']);
  });

  it('shows tenants meeting through the router, and nowhere with it stopped, instead of the plain isolation probe', () => {
    const [m] = planMeetings(context(true), plan);
    expect(names(must(m).through)).toEqual(['exits reply legacy1/legacy-web to node1/k8s through ext-as65500']);
    expect(must(m).stopped.map((p) => `${p.name}: ${p.boundary ?? ''}`)).toEqual(['legacy1/legacy-web to node1/k8s with ext-as65500 stopped: tenants acquired and acme with ext-as65500, where they meet, stopped']);
    // With the router stopped, a request that reaches node1 is a leak, whether or not a reply came back.
    const stopped = must(must(m).stopped[0]);
    expect(stopped.targetNamespace).toBe('clos-t_h_node1');
    expect(judgeProbe(stopped, { replied: false, mac: null, detail: '', received: 0 }).status).toBe('passed');
    expect(judgeProbe(stopped, { replied: false, mac: null, detail: '', received: 1 })).toMatchObject({
      status: 'failed',
      code: 'CLOS7109',
      message: 'legacy1/legacy-web (10.30.1.2) reaches node1/k8s (10.120.0.2) across tenants acquired and acme with ext-as65500, where they meet, stopped (one way: the request arrived, no reply came back)',
    });
    const isolation = names(planBaselineProbes(context(true)).probes.filter((p) => p.group === 'isolation'));
    expect(isolation.some((n) => n.includes('legacy') && (n.includes('web1') || n.includes('web2') || n.includes('node1')))).toBe(false);
    expect(isolation.some((n) => n.includes('dev1') && n.includes('legacy1'))).toBe(true);
  });

  it("pings a node's pod address from a server of the VRF on another leaf", () => {
    const pods = planPodProbes(context(true), plan);
    expect(names(pods.probes)).toEqual(["hosts reply web2/web to node1's pod address 10.244.0.1 (leaf2 to leaf1)"]);
    const probe = must(pods.probes[0]);
    expect(judgeProbe(probe, { replied: false, mac: null, detail: '1 packets transmitted, 0 received' })).toMatchObject({
      status: 'failed',
      code: 'CLOS7138',
      message: "web2/web (10.110.0.3) cannot reach node1's pod address 10.244.0.1 (10.244.0.0/28) (1 packets transmitted, 0 received)",
    });
  });
});

describe('outside probes that cannot be sent', () => {
  /** The fixture edited: `from` must be in it once. */
  const edited = (from: string, to: string): string => {
    expect(fixture.split(from)).toHaveLength(2);
    return fixture.replace(from, to);
  };
  const ctxOf = (text: string): { ctx: ProbeContext; plan: LabPlan } => {
    const m = intentModels(text);
    const p = planLab('t', m, { vrf: true, dot1q: false });
    return { plan: p, ctx: { topology: buildTopology(m), endpoints: p.endpoints, failures: noFailures, promisedFailures: 1, vrf: true, noVrfReason: 'x', anycastMac: null, meetings: meetingPoints(p) } };
  };
  const skipped = (checks: readonly { status: string; code?: string; name: string; message?: string }[]): string[] => checks.map((c) => `${c.status} ${c.code ?? ''} ${c.name}: ${c.message ?? ''}`);

  it('all are sent on the fixture', () => {
    const ctx = context(true);
    expect(planExitProbes(ctx, plan, new Set()).notRun).toEqual([]);
    expect(planExitProbes(ctx, plan, new Set(['border1'])).notRun).toEqual([]);
    expect(planMeetings(ctx, plan).flatMap((m) => m.notRun)).toEqual([]);
    expect(planPodProbes(ctx, plan).notRun).toEqual([]);
  });

  it('a ping outside that gets no answer fails, one that does passes', () => {
    const probe = must(planExitProbes(context(true), plan, new Set()).probes[0]);
    expect(judgeProbe(probe, { replied: false, mac: null, detail: '1 packets transmitted, 0 received' })).toMatchObject({
      status: 'failed',
      code: 'CLOS7133',
      message: "legacy1/legacy-web (10.30.1.2) cannot reach ext-as65500's outside address 203.0.113.1 through the way out (1 packets transmitted, 0 received)",
    });
    expect(judgeProbe(probe, { replied: true, mac: null, detail: '' }).status).toBe('passed');
  });

  it('a VRF whose exit is on one border only is not pinged outside with that border down', () => {
    const { ctx, plan: p } = ctxOf(edited('            - { leaf: border2, port: 47, vlan: 3003, subnet: 192.0.2.6/31, asn: 65500 }\n', ''));
    const down = planExitProbes(ctx, p, new Set(['border1']));
    expect(skipped(down.notRun)).toEqual([
      'not-run CLOS7217 VRF legacy to outside: not run: VRF legacy has its exit on border1 alone, so taking border1 down takes the exit with it (the verifier reports this too)',
    ]);
    expect(down.probes.map((x) => x.name)).toEqual(['node1/k8s to ext-as65500 203.0.113.1 (from leaf1)', 'web2/web to ext-as65500 203.0.113.1 (from leaf2)']);
    // With border2 down instead, legacy still has its exit.
    expect(planExitProbes(ctx, p, new Set(['border2'])).notRun).toEqual([]);
  });

  it('a VRF with an exit but no server: nothing to ping outside from, and no pair to show where it meets another', () => {
    const { ctx, plan: p } = ctxOf(edited('  - { name: legacy1, attach: [{ leaf: leaf2, port: 2 }], networks: [legacy-web], mode: access }\n', ''));
    expect(skipped(planExitProbes(ctx, p, new Set()).notRun)).toEqual([
      'not-run CLOS7215 VRF legacy to outside: not run: VRF legacy has an exit but no routed network of it has a server, so no host pings outside through it',
    ]);
    expect(skipped(planMeetings(ctx, p).flatMap((m) => m.notRun))).toEqual([
      'not-run CLOS7218 VRFs legacy and prod meet at ext-as65500: not run: VRFs legacy and prod meet at ext-as65500, but no pair of hosts of theirs (on different servers) can show it',
    ]);
  });

  it("a node's pod address with no server of its VRF on another leaf is not pinged", () => {
    const { ctx, plan: p } = ctxOf(edited('  - { name: web2, attach: [{ leaf: leaf2, port: 1 }], networks: [web], mode: access }\n', ''));
    const pods = planPodProbes(ctx, p);
    expect(pods.probes).toEqual([]);
    expect(skipped(pods.notRun)).toEqual([
      "not-run CLOS7216 to node1's pod address 10.244.0.1: not run: VRF prod has no server on a leaf other than leaf1 to reach the pod address of node1 from",
    ]);
  });
});

/**
 * The fixture with VRF prod also accepting 198.51.100.0/24: the router announces it too, from an
 * address it holds, so the leaves' inbound filter is seen admitting it in prod and refusing it in
 * legacy (handed off to the same AS with the default accept list).
 */
describe('what the router announces inside the accept lists', () => {
  const accepting = fixture.replace(
    '            - { leaf: border2, port: 47, vlan: 3001, subnet: 192.0.2.2/31, asn: 65500 }\n',
    '            - { leaf: border2, port: 47, vlan: 3001, subnet: 192.0.2.2/31, asn: 65500 }\n          accept: [0.0.0.0/0, 198.51.100.0/24]\n',
  );
  const { models: models3, topology: topology3, plan: plan3, router: router3 } = labOf(accepting, true);

  it('holds and announces an address inside each accept entry other than the default route', () => {
    expect(accepting).not.toBe(fixture);
    expect(router3.instances).toEqual([{ asn: 65500, vrf: null, table: 0, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1', accepted: [{ prefix: '198.51.100.0/24', address: '198.51.100.1' }] }]);
    expect(externalRouterInterfaces(router3, true)).toEqual(expect.arrayContaining(['addr add 203.0.113.1/24 dev lo', 'addr add 198.51.100.1/24 dev lo']));
    const conf = externalRouterConf(router3, must(models3[0]).bfd);
    expect(conf).toContain('  network 203.0.113.0/24\n  network 198.51.100.0/24\n');
    expect(dryRun(conf)).toBe('');
    expect(vrfExits(plan3).get('prod')?.accepted).toEqual([{ router: 'ext-as65500', prefix: '198.51.100.0/24', address: '198.51.100.1' }]);
    expect(vrfExits(plan3).get('legacy')?.accepted).toEqual([{ router: 'ext-as65500', prefix: '198.51.100.0/24', address: '198.51.100.1' }]);
    // With the default accept list everywhere nothing more is announced.
    expect(router.instances.flatMap((i) => i.accepted)).toEqual([]);
  });

  it('checks that every leaf of the VRF admitting it holds it, and every leaf of another VRF refuses it', () => {
    // In prod, as the default route: a border through the router itself, every other leaf over both borders' VTEPs.
    const admitted = (routes: Map<string, Map<string, RouteEntry[]>>): void => {
      for (const [key, table] of routes) if (key.endsWith('\u0000prod')) table.set('198.51.100.0/24', must(table.get('0.0.0.0/0')));
    };
    const checks = checkOutside(plan3, topology3, noFailures, new Set(), healthyOutside(plan3, topology3, admitted)).filter((c) => c.group === 'exits');
    expect(checks.filter((c) => c.status !== 'passed').map((c) => c.name)).toEqual([]);
    const names = checks.map((c) => c.name);
    expect(names).toContain('leaf1 VRF prod has 198.51.100.0/24 from ext-as65500 (inside the accept list)');
    expect(names).toContain('leaf2 VRF legacy refuses 198.51.100.0/24 from ext-as65500 (outside the accept list)');
    // Missing in prod, or leaked into legacy: each its failure.
    const failing = (change: Change): string[] =>
      checkOutside(plan3, topology3, noFailures, new Set(), healthyOutside(plan3, topology3, change))
        .filter((c) => c.status === 'failed')
        .map((c) => `${c.code ?? ''} ${c.name}`);
    expect(failing(() => undefined)).toEqual(['border1', 'border2', 'leaf1', 'leaf2'].map((leaf) => `CLOS7143 ${leaf} VRF prod has 198.51.100.0/24 from ext-as65500 (inside the accept list)`));
    expect(
      failing((routes) => {
        admitted(routes);
        routes.get(routesKey('leaf2', 'legacy'))?.set('198.51.100.0/24', route('10.0.1.21'));
      }),
    ).toEqual(['CLOS7142 leaf2 VRF legacy refuses 198.51.100.0/24 from ext-as65500 (outside the accept list)']);
  });

  it('gives an accept entry of two ASNs one address on lo when the router has no VRF devices', () => {
    const both = accepting
      .replace('vlan: 3003, subnet: 192.0.2.4/31, asn: 65500 }', 'vlan: 3003, subnet: 192.0.2.4/31, asn: 65501 }')
      .replace('vlan: 3003, subnet: 192.0.2.6/31, asn: 65500 }', 'vlan: 3003, subnet: 192.0.2.6/31, asn: 65501 }\n          accept: [198.51.100.0/24]');
    const router4 = must(planLab('t', intentModels(both), { vrf: true, dot1q: true }).externalRouters[0]).router;
    expect(router4.instances.map((i) => i.accepted.map((a) => a.prefix))).toEqual([['198.51.100.0/24'], ['198.51.100.0/24']]);
    expect(externalRouterInterfaces(router4, true).filter((l) => l.startsWith('addr add 198.51.100.1/24'))).toEqual(['addr add 198.51.100.1/24 dev as65500', 'addr add 198.51.100.1/24 dev as65501']);
    expect(externalRouterInterfaces(router4, true, false).filter((l) => l.startsWith('addr add 198.51.100.1/24'))).toEqual(['addr add 198.51.100.1/24 dev lo']);
  });
});

describe('the outside fixture as the lab test boots it', () => {
  const { topology: topologyB, plan: planB, router: routerB } = labOf(booted, false);

  it("announces VRF legacy's accept entry 198.51.100.0/24, which legacy's leaves hold and prod's refuse", () => {
    expect(booted).toContain(legacyAccept);
    expect(routerB.instances).toEqual([{ asn: 65500, vrf: null, table: 0, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1', accepted: [{ prefix: '198.51.100.0/24', address: '198.51.100.1' }] }]);
    // In legacy, as the default route: a border through the router itself, every other leaf over both borders' VTEPs.
    const admitted: Change = (routes) => {
      for (const [key, table] of routes) if (key.endsWith('\u0000legacy')) table.set('198.51.100.0/24', must(table.get('0.0.0.0/0')));
    };
    const checks = checkOutside(planB, topologyB, noFailures, new Set(), healthyOutside(planB, topologyB, admitted)).filter((c) => c.group === 'exits');
    expect(checks.filter((c) => c.status !== 'passed').map((c) => c.name)).toEqual([]);
    const names = checks.map((c) => c.name);
    expect(names).toContain('leaf2 VRF legacy has 198.51.100.0/24 from ext-as65500 (inside the accept list)');
    expect(names).toContain('leaf1 VRF prod refuses 198.51.100.0/24 from ext-as65500 (outside the accept list)');
    // Without it in legacy, each leaf of legacy fails.
    const failing = checkOutside(planB, topologyB, noFailures, new Set(), healthyOutside(planB, topologyB))
      .filter((c) => c.status === 'failed')
      .map((c) => `${c.code ?? ''} ${c.name}`);
    expect(failing).toEqual(['border1', 'border2', 'leaf2'].map((leaf) => `CLOS7143 ${leaf} VRF legacy has 198.51.100.0/24 from ext-as65500 (inside the accept list)`));
  });
});

describe('parseKernelGateways', () => {
  it("reads the gateways of `ip -j -4 route show vrf <vrf> 0.0.0.0/0`, one next hop or several, sorted", () => {
    // As iproute2 prints them in the lab (dc1-leaf01, VRF retail-prod; a border's route to its router).
    const ecmp = '[{"dst":"default","protocol":"bgp","metric":20,"flags":[],"nexthops":[{"gateway":"10.255.1.28","dev":"vlan2250","weight":1,"flags":["onlink"]},{"gateway":"10.255.1.27","dev":"vlan2250","weight":1,"flags":["onlink"]}]}]';
    expect(parseKernelGateways(ecmp)).toEqual({ value: ['10.255.1.27', '10.255.1.28'] });
    expect(parseKernelGateways('[{"dst":"default","gateway":"10.253.0.1","dev":"swp47.3100","protocol":"bgp","metric":20,"flags":[]}]')).toEqual({ value: ['10.253.0.1'] });
    expect(parseKernelGateways('[]')).toEqual({ value: [] });
    expect(parseKernelGateways('')).toEqual({ value: [] });
    expect(parseKernelGateways('{"dst":"default"}')).toEqual({ error: 'not a JSON array' });
  });
});
