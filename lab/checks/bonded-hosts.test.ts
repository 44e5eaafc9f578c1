/**
 * A BGP host bonded to two leaves in the lab's plan and checks (lab/fixtures/bgp-hosts-bonded):
 * hv01's agent has a session with leaf1 and leaf2, one pod for both; its routes and its pod are
 * judged once, from a leaf of neither; each session on its own, so a session down with one leaf of
 * the pair fails, naming that leaf.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { intentModels } from '../../test-helpers/lab.js';
import type { BgpNeighborState, Parsed, RouteEntry } from '../frr-json.js';
import { planLab } from '../plan.js';
import { buildTopology, noFailures } from '../topology.js';
import { checkOutside, meetingPoints, observedVrfs, peeringVrfs, planPodProbes, peerKey, routesKey, type OutsideObservation } from './outside.js';
import type { ProbeContext } from './data-plane.js';

const models = intentModels(readFileSync(join(repoRoot, 'lab/fixtures/bgp-hosts-bonded/fabric.yaml'), 'utf8'));
const topology = buildTopology(models);
const plan = planLab('t', models, { vrf: true, dot1q: true });
const up = (state = 'Established'): BgpNeighborState => ({ state, families: ['ipv4Unicast'] });
const route = (ip: string): RouteEntry[] => [{ protocol: 'bgp', selected: true, installed: true, nexthops: [{ ip, interface: null, fib: true }] }];
const wrap = <T>(m: Map<string, T>): Map<string, Parsed<T>> => new Map([...m].map(([k, v]) => [k, { value: v }]));

/** The stand-ins' sessions and the leaves' routes of a healthy lab, hv01's session with leaf2 in `leaf2State`. */
function observation(leaf2State = 'Established'): OutsideObservation {
  const routes = new Map<string, Map<string, RouteEntry[]>>();
  for (const { leaf, vrf } of observedVrfs(plan, topology)) {
    routes.set(routesKey(leaf, vrf), new Map([['10.244.0.0/28', route('10.120.0.2')], ['10.244.0.16/28', route('10.120.0.3')]]));
  }
  const sessions = new Map([
    ['hv01', new Map([['10.120.0.244', up()], ['10.120.0.243', up(leaf2State)]])],
    ['k8s01', new Map([['10.120.0.242', up()]])],
  ]);
  // Each leaf's sessions with the hosts on it, with their peer group's maximum-prefix.
  const neighbors = new Map<string, Map<string, BgpNeighborState>>();
  for (const { leaf, vrf } of peeringVrfs(plan, topology)) {
    const v = topology.devices.get(leaf)?.bgp.vrfs.find((x) => x.vrf === vrf);
    const limit = v?.peerGroups.find((g) => g.purpose === 'hosts')?.maximumPrefix ?? 0;
    neighbors.set(routesKey(leaf, vrf), new Map([[leaf === 'leaf3' ? '10.120.0.3' : '10.120.0.2', { ...up(), maximumPrefix: limit }]]));
  }
  const advertised = new Map(plan.hostSpeakers.map(({ speaker: s }) => [peerKey(s.server, s.peerAddress), { value: new Set([s.pod, s.rogue]) }]));
  return { sessions: wrap(sessions), advertised, received: new Map(), vrfNeighbors: wrap(neighbors), vrfRoutes: wrap(routes), evpnNextHops: new Map(['leaf1', 'leaf2', 'leaf3'].map((l) => [l, { value: new Map([[50001, new Set<string>()]]) }])), leafBfd: new Map() };
}

const hostChecks = (obs: OutsideObservation) => checkOutside(plan, topology, noFailures, new Set(), obs).filter((c) => c.group === 'hosts');

describe('a BGP host bonded to two leaves, in the lab', () => {
  it('peers with each leaf of its bond, one pod for both', () => {
    expect(plan.hostSpeakers.map(({ speaker: s }) => `${s.server} ${s.leaf} ${s.peerAddress} ${s.pod}`)).toEqual([
      'hv01 leaf1 10.120.0.244 10.244.0.0/28',
      'hv01 leaf2 10.120.0.243 10.244.0.0/28',
      'k8s01 leaf3 10.120.0.242 10.244.0.16/28',
    ]);
    expect(plan.hostAgents.map((a) => `${a.agent.server}: ${a.agent.sessions.map((s) => s.leaf).join(' ')}`)).toEqual(['hv01: leaf1 leaf2', 'k8s01: leaf3']);
  });

  it("probes its pod once, from a leaf of neither", () => {
    const ctx: ProbeContext = { topology, endpoints: plan.endpoints, failures: noFailures, promisedFailures: 1, vrf: true, noVrfReason: '', anycastMac: null, meetings: meetingPoints(plan) };
    const { probes, notRun } = planPodProbes(ctx, plan);
    expect(notRun).toEqual([]);
    expect(probes.map((p) => p.name)).toEqual([expect.stringMatching(/^k8s01\/app to hv01's pod address 10\.244\.0\.1 \(leaf3 to leaf1\+leaf2\)$/), expect.stringMatching(/ to k8s01's pod address 10\.244\.0\.17 \(leaf[12] to leaf3\)$/)]);
  });

  it('judges each session, and the pod routes once', () => {
    const healthy = hostChecks(observation());
    expect(healthy.filter((c) => c.status !== 'passed')).toEqual([]);
    const names = healthy.map((c) => c.name);
    expect(names).toEqual([...new Set(names)]);
    expect(names).toEqual(expect.arrayContaining(['hv01 to leaf1 10.120.0.244 (network app)', 'hv01 to leaf2 10.120.0.243 (network app)', 'k8s01 to leaf3 10.120.0.242 (network app)', 'leaf3 VRF prod has 10.244.0.0/28 from hv01']));
    const down = hostChecks(observation('Active')).filter((c) => c.status === 'failed');
    expect(down.map((c) => `${c.code ?? ''} ${c.name}`)).toEqual(['CLOS7134 hv01 to leaf2 10.120.0.243 (network app)']);
    expect(down[0]?.message).toContain('Active');
  });
});
