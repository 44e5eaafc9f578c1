/**
 * Checks of the way out and of BGP to hosts, against the stand-ins outside the fabric
 * (lab/stand-ins.ts). Pure: observations in, checks out; probes planned, not sent.
 *
 * Control plane (`exits`, `hosts`):
 * - every session of an external router to a border, per VRF, is Established (down when the
 *   border is down), and the router receives on it exactly what the VRF advertises: every exact
 *   entry of the border's outbound prefix list (subnets, aggregates), nothing it does not permit
 *   (no underlay, no other VRF, nothing learned outside);
 * - no leaf of the VRF holds the router's outside prefix unless the VRF's accept list admits it
 *   (the default accept list takes the default route alone); what the router announces inside
 *   accept lists (a prefix per entry other than the default route, of this VRF or another handed
 *   off to the same AS) every leaf holds exactly when the VRF's list admits it;
 * - every leaf of a VRF with an exit has a default route in the VRF: a border through the router
 *   itself, every other leaf over one next hop per border it shares a spine with (the borders'
 *   VTEPs, ECMP up to maximum-paths);
 * - every server's BGP agent has its session with its leaf's session address; every leaf of the
 *   VRF has the pod prefix the agent announces inside the accept list, and none has the prefix it
 *   announces outside it (which the agent is seen announcing: refused, not forgotten);
 * - `bfd`: where the fabric runs BFD, each border's BFD session to the router on every hand-off is
 *   up, and each leaf's to every agent, unless the lab runs that agent without BFD (not run,
 *   CLOS7220; see checkHostBfd).
 *
 * Data plane:
 * - exits: from a host of every VRF with an exit on every leaf, a ping to the router's outside
 *   address (with a border or spine down, from every leaf still up);
 * - meeting points: for two VRFs handed off to one router (the firewall) in the same AS, a host of
 *   one reaches a host of the other through it, and with the router's links down it does not: they meet nowhere
 *   inside the fabric. Those pairs replace the plain isolation probe, which would see the firewall;
 * - hosts: a server of the VRF on another leaf reaches each agent's pod address.
 */
import type { PrefixListEntry } from '../../compiler/build/device-model.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { checkedPrefix, prefixContains } from '../../compiler/shared/ipv4.js';
import { compareNatural } from '../../compiler/shared/natural-order.js';
import { failed, notRun, passed, withDevice, type LabCheck } from '../check.js';
import { installedRoute, type BfdPeerState, type BgpNeighborState, type Parsed, type RouteEntry } from '../frr-json.js';
import type { Endpoint, LabPlan } from '../plan.js';
import { sharedSpines, type Failures, type Topology } from '../topology.js';
import { label, meetingKey, type PlannedProbes, type Probe, type ProbeContext } from './data-plane.js';
import { bfdPeerCheck } from './control-plane.js';
import { externalFilter, instanceOf } from '../stand-ins.js';

export { externalFilter };

/** A VRF's hand-off on one border: where the router's end of the /31 is. */
export interface ExitHandOff {
  readonly border: string;
  readonly router: string;
  /** The router's end of the transit /31 (the border's BGP neighbour), no length. */
  readonly routerAddress: string;
  /** The border's end. */
  readonly borderAddress: string;
}

/** Where a VRF reaches outside: the outside prefix of a router's instance it is handed off to. */
export interface OutsideTarget {
  readonly router: string;
  /** The prefix the instance announces, and its first address, which the instance holds. */
  readonly prefix: string;
  readonly address: string;
}

/** A VRF handed off to routers outside, with every hand-off. */
export interface VrfExit {
  readonly vrf: string;
  readonly tenant: string;
  readonly handOffs: readonly ExitHandOff[];
  /** Outside addresses to ping, one per router instance (external AS) the VRF is handed off to. */
  readonly outside: readonly OutsideTarget[];
  /** What those instances announce inside accept lists (theirs or another VRF's of the AS): admitted where the VRF's list admits it. */
  readonly accepted: readonly OutsideTarget[];
}

/** The VRFs with an exit, by name, from the plan's stand-in routers. */
export function vrfExits(plan: LabPlan): Map<string, VrfExit> {
  const out = new Map<string, { tenant: string; handOffs: ExitHandOff[]; outside: Map<string, OutsideTarget>; accepted: Map<string, OutsideTarget> }>();
  for (const { router } of plan.externalRouters) {
    for (const link of router.links) {
      for (const s of link.subinterfaces) {
        const e = out.get(s.vrf) ?? { tenant: s.tenant, handOffs: [], outside: new Map<string, OutsideTarget>(), accepted: new Map<string, OutsideTarget>() };
        e.handOffs.push({ border: s.border, router: router.name, routerAddress: s.address.split('/')[0] ?? '', borderAddress: s.peerAddress });
        const instance = instanceOf(router, s.asn);
        if (instance !== undefined) e.outside.set(`${router.name} ${instance.asn}`, { router: router.name, prefix: instance.outside, address: instance.outsideAddress });
        for (const a of instance?.accepted ?? []) e.accepted.set(`${router.name} ${a.prefix}`, { router: router.name, prefix: a.prefix, address: a.address });
        out.set(s.vrf, e);
      }
    }
  }
  const sorted = [...out].sort((a, b) => compareNatural(a[0], b[0]));
  return new Map(
    sorted.map(([vrf, e]) => [
      vrf,
      {
        vrf,
        tenant: e.tenant,
        handOffs: e.handOffs.sort((a, b) => compareNatural(a.border, b.border) || compareNatural(a.router, b.router)),
        outside: [...e.outside.values()],
        accepted: [...e.accepted.values()],
      },
    ]),
  );
}

/**
 * Two VRFs meet where one router serves both in one AS (one BGP instance, one routing table): key
 * `<vrf>\0<vrf>` (sorted) → the router. VRFs handed off to different ASNs of one router stay
 * apart, each AS in its own VRF there.
 */
export function meetingPoints(plan: LabPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const { router } of plan.externalRouters) {
    const subs = router.links.flatMap((l) => l.subinterfaces);
    for (const instance of router.instances) {
      const vrfs = [...new Set(subs.filter((s) => s.asn === instance.asn).map((s) => s.vrf))].sort(compareNatural);
      for (let i = 0; i < vrfs.length; i++) for (let j = i + 1; j < vrfs.length; j++) out.set(meetingKey(vrfs[i] ?? '', vrfs[j] ?? ''), router.name);
    }
  }
  return out;
}

/** Borders: leaves with a hand-off, sorted. */
export function bordersOf(plan: LabPlan): string[] {
  return [...new Set(plan.externalRouters.flatMap(({ router }) => router.links.map((l) => l.border)))].sort(compareNatural);
}

/** Leaves that carry a VRF, in fabric order. */
export function leavesOfVrf(topology: Topology, vrf: string): string[] {
  return topology.leaves.filter((l) => topology.devices.get(l)?.vrfs.some((v) => v.name === vrf) === true);
}

/** What the checks read from FRR, keyed by stand-in (router or server) and by `<leaf>\0<vrf>`. */
export interface OutsideObservation {
  /** `show bgp neighbors json` of each stand-in. */
  readonly sessions: ReadonlyMap<string, Parsed<ReadonlyMap<string, BgpNeighborState>>>;
  /** `show bgp ipv4 unicast neighbors <leaf> advertised-routes json` of each server's agent, by peerKey(server, leaf session address). */
  readonly advertised: ReadonlyMap<string, Parsed<ReadonlySet<string>>>;
  /** `show bgp ipv4 unicast neighbors <border> routes json` of each router, by peerKey(router, border address). */
  readonly received: ReadonlyMap<string, Parsed<ReadonlySet<string>>>;
  /** `show bgp vrf <vrf> neighbors json` of each leaf in each VRF with external peers or listen ranges there, by routesKey. */
  readonly vrfNeighbors: ReadonlyMap<string, Parsed<ReadonlyMap<string, BgpNeighborState>>>;
  /** `show ip route vrf <vrf> json` of each leaf in each VRF the checks look at. */
  readonly vrfRoutes: ReadonlyMap<string, Parsed<ReadonlyMap<string, readonly RouteEntry[]>>>;
  /**
   * `ip -j -4 route show vrf <vrf> 0.0.0.0/0` of each leaf in each VRF with an exit, by routesKey:
   * the gateways the kernel forwards the default route to. The default route's check reads them
   * where present: FRR 10.3's JSON leaves `fib` unset on the second border's next hop when each
   * border's route arrives over several spines (duplicate next hops; zebra_rib.c
   * rib_update_nhg_from_ctx walks the installed group without skipping the duplicates), though
   * the kernel has it and `show ip route` stars it (dc1 in the lab, 4 spines).
   */
  readonly kernelDefaults?: ReadonlyMap<string, Parsed<readonly string[]>>;
  /** `show evpn next-hops vni all json` of each of those leaves: per L3VNI, the VTEPs zebra can send to. */
  readonly evpnNextHops: ReadonlyMap<string, Parsed<ReadonlyMap<number, ReadonlySet<string>>>>;
  /** `show bfd peers json` (every VRF's) of each border and each leaf a server's BGP agent peers with, by leaf. */
  readonly leafBfd: ReadonlyMap<string, Parsed<readonly BfdPeerState[]>>;
}

/** The servers whose BGP agent the lab runs without BFD (LabState.agentsWithoutBfd), and the FRR version that made it so. */
export interface AgentBfd {
  readonly withoutBfd: ReadonlySet<string>;
  readonly frrVersion: string;
}

/** Every agent runs BFD where its leaf does. */
export const agentsWithBfd: AgentBfd = { withoutBfd: new Set(), frrVersion: '' };

export function routesKey(leaf: string, vrf: string): string {
  return `${leaf}\u0000${vrf}`;
}

/** A stand-in's view of one of its peers: a router's of a border, a server's agent's of a leaf. */
export function peerKey(standIn: string, peerAddress: string): string {
  return `${standIn}\u0000${peerAddress}`;
}

/** True when a permit entry admits the prefix: the prefix itself, or with `le`, any longer one inside it up to that length. */
export function admits(entries: readonly PrefixListEntry[], prefix: string): boolean {
  const p = checkedPrefix(prefix);
  return entries.some((e) => {
    const q = checkedPrefix(e.prefix);
    if (p.cidr === q.cidr) return true;
    return e.le !== null && p.length > q.length && p.length <= e.le && prefixContains(q, p.base);
  });
}

/** The leaves and VRFs whose BGP neighbours the checks read: those with external peers or listen ranges. */
export function peeringVrfs(plan: LabPlan, topology: Topology): { leaf: string; vrf: string }[] {
  return observedVrfs(plan, topology).filter(({ leaf, vrf }) => {
    const v = topology.devices.get(leaf)?.bgp.vrfs.find((x) => x.vrf === vrf);
    return v !== undefined && v.peerGroups.length > 0;
  });
}

/** The leaves and VRFs whose routes the checks read. */
export function observedVrfs(plan: LabPlan, topology: Topology): { leaf: string; vrf: string }[] {
  const vrfs = new Set([...vrfExits(plan).keys(), ...plan.hostSpeakers.map((s) => s.speaker.vrf)]);
  const out: { leaf: string; vrf: string }[] = [];
  for (const vrf of [...vrfs].sort(compareNatural)) for (const leaf of leavesOfVrf(topology, vrf)) out.push({ leaf, vrf });
  return out;
}

/** Every control-plane check of the stand-ins and what the leaves learned from them. */
export function checkOutside(plan: LabPlan, topology: Topology, failures: Failures, downBorders: ReadonlySet<string>, obs: OutsideObservation, agentBfd: AgentBfd = agentsWithBfd): LabCheck[] {
  if (!plan.dataPlane.vrf) return [];
  return [
    ...checkExits(plan, topology, failures, downBorders, obs),
    ...checkHosts(plan, topology, downBorders, obs),
    ...checkExternalBfd(plan, topology, downBorders, obs),
    ...checkHostBfd(plan, topology, downBorders, obs, agentBfd),
    ...checkLimits(plan, topology, downBorders, obs),
    ...checkEvpnNextHops(plan, topology, downBorders, obs),
  ];
}

/**
 * bgpd holds the intent's max_prefixes on every session to outside and to hosts: each external
 * neighbour, and each host that came up through a listen range, has its peer group's limit.
 */
function checkLimits(plan: LabPlan, topology: Topology, downBorders: ReadonlySet<string>, obs: OutsideObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  const exits = vrfExits(plan);
  for (const { leaf, vrf } of peeringVrfs(plan, topology)) {
    if (downBorders.has(leaf)) continue;
    const model = topology.devices.get(leaf)?.bgp.vrfs.find((v) => v.vrf === vrf);
    if (model === undefined) continue;
    const group = exits.has(vrf) && model.neighbors.length > 0 ? 'exits' : 'hosts';
    const seen = obs.vrfNeighbors.get(routesKey(leaf, vrf));
    if (seen === undefined || 'error' in seen) {
      checks.push(withDevice(failed(group, `${leaf} VRF ${vrf} maximum-prefix`, L.queryFailed, leaf, `show bgp vrf ${vrf} neighbors json`, seen?.error ?? 'not asked'), leaf));
      continue;
    }
    const limitOf = new Map(model.peerGroups.map((g) => [g.name, g.maximumPrefix]));
    const expected: { address: string; limit: number; what: string; kind: 'exits' | 'hosts' }[] = model.neighbors.map((n) => ({ address: n.address, limit: limitOf.get(n.peerGroup) ?? 0, what: `external peer ${n.address}`, kind: 'exits' }));
    for (const r of model.listenRanges) {
      const range = checkedPrefix(r.prefix);
      for (const address of seen.value.keys()) {
        if (!/^\d+\.\d+\.\d+\.\d+$/.test(address) || !prefixContains(range, checkedPrefix(address).base)) continue;
        expected.push({ address, limit: limitOf.get(r.peerGroup) ?? 0, what: `host ${address} (network ${r.network})`, kind: 'hosts' });
      }
    }
    for (const e of expected) {
      const got = seen.value.get(e.address)?.maximumPrefix;
      const name = `${leaf} VRF ${vrf} takes at most ${e.limit} prefixes from ${e.what}`;
      checks.push(withDevice(got === e.limit ? passed(e.kind, name) : failed(e.kind, name, L.maximumPrefix, leaf, vrf, e.what, got === undefined ? 'none' : String(got), e.limit), leaf));
    }
  }
  return checks;
}

/** A VTEP a leaf's VRF routes use that zebra holds no EVPN next hop for (bgpd withdraws and reinstalls a route whose best path changed; zebra of FRR 8.4.0 to 8.4.4 then drops the next hop, FRRouting/frr#12391). */
export interface LostNextHop {
  readonly leaf: string;
  readonly vrf: string;
  /** The leaf that owns the VTEP. */
  readonly owner: string;
  readonly vtep: string;
  readonly l3vni: number;
  readonly prefixes: readonly string[];
}

export function lostNextHops(plan: LabPlan, topology: Topology, downBorders: ReadonlySet<string>, obs: OutsideObservation): LostNextHop[] {
  const ownerOf = new Map([...topology.vteps].map(([leaf, vtep]) => [vtep, leaf]));
  const out: LostNextHop[] = [];
  for (const { leaf, vrf } of observedVrfs(plan, topology)) {
    if (downBorders.has(leaf)) continue;
    const l3vni = topology.devices.get(leaf)?.vrfs.find((v) => v.name === vrf)?.l3vni;
    const routes = obs.vrfRoutes.get(routesKey(leaf, vrf));
    const hops = obs.evpnNextHops.get(leaf);
    if (l3vni === undefined || routes === undefined || 'error' in routes || hops === undefined || 'error' in hops) continue;
    const known = hops.value.get(l3vni) ?? new Set<string>();
    const missing = new Map<string, string[]>();
    for (const [prefix, entries] of routes.value) {
      const route = installedRoute(routes.value, prefix);
      if (route === undefined || !entries.includes(route)) continue;
      for (const h of route.nexthops) {
        if (!h.fib || h.ip === null || !ownerOf.has(h.ip) || known.has(h.ip)) continue;
        missing.set(h.ip, [...(missing.get(h.ip) ?? []), prefix]);
      }
    }
    for (const [vtep, prefixes] of missing) out.push({ leaf, vrf, owner: ownerOf.get(vtep) ?? '?', vtep, l3vni, prefixes: prefixes.sort(compareNatural) });
  }
  return out;
}

/** Every EVPN next hop of the VRFs read is known to zebra; a failure names the FRR defect behind it. */
function checkEvpnNextHops(plan: LabPlan, topology: Topology, downBorders: ReadonlySet<string>, obs: OutsideObservation): LabCheck[] {
  const lost = lostNextHops(plan, topology, downBorders, obs);
  const checks: LabCheck[] = [];
  const exits = vrfExits(plan);
  for (const { leaf, vrf } of observedVrfs(plan, topology)) {
    if (downBorders.has(leaf)) continue;
    const group = exits.has(vrf) ? 'exits' : 'hosts';
    const name = `${leaf} VRF ${vrf} EVPN next hops`;
    const hops = obs.evpnNextHops.get(leaf);
    if (hops === undefined || 'error' in hops) {
      checks.push(withDevice(failed(group, name, L.queryFailed, leaf, 'show evpn next-hops vni all json', hops?.error ?? 'not asked'), leaf));
      continue;
    }
    // The next hops are judged against the VRF's routes: without them, nothing is (lostNextHops skips the VRF).
    const routes = obs.vrfRoutes.get(routesKey(leaf, vrf));
    if (routes === undefined || 'error' in routes) {
      checks.push(withDevice(failed(group, name, L.queryFailed, leaf, `show ip route vrf ${vrf} json`, routes?.error ?? 'not asked'), leaf));
      continue;
    }
    const mine = lost.filter((l) => l.leaf === leaf && l.vrf === vrf);
    if (mine.length === 0) checks.push(withDevice(passed(group, name), leaf));
    for (const l of mine) checks.push(withDevice(failed(group, `${name}: ${l.vtep}`, L.evpnNextHopLost, leaf, vrf, l.vtep, l.owner, l.l3vni, l.prefixes.join(', ')), leaf));
  }
  return checks;
}

/**
 * What a lost EVPN next hop explains about a failed probe: the source's leaf and the far end's
 * (the borders of an exit, the node's leaf of a pod) each routing towards the other in the VRF.
 */
export function annotateLostNextHops(planned: PlannedProbes, plan: LabPlan, lost: readonly LostNextHop[]): PlannedProbes {
  if (lost.length === 0) return planned;
  const exits = vrfExits(plan);
  const podLeaf = new Map(plan.hostSpeakers.map((s) => [s.speaker.podAddress, s.speaker.leaf]));
  const probes = planned.probes.map((p) => {
    const far = p.group === 'hosts' ? [podLeaf.get(p.to) ?? ''] : p.group === 'exits' ? [...new Set(exits.get(p.from.vrf)?.handOffs.map((h) => h.border) ?? [])] : [];
    const hits = lost.filter((l) => l.vrf === p.from.vrf && ((l.leaf === p.from.leaf && far.includes(l.owner)) || (far.includes(l.leaf) && l.owner === p.from.leaf)));
    if (hits.length === 0) return p;
    const note = hits.map((l) => `${l.leaf} lost its EVPN next hop to ${l.owner} in VRF ${l.vrf} (CLOS7139)`).join('; ');
    return { ...p, expectedTrouble: p.expectedTrouble === undefined ? note : `${p.expectedTrouble}; ${note}` };
  });
  return { ...planned, probes };
}

function checkExits(plan: LabPlan, topology: Topology, failures: Failures, downBorders: ReadonlySet<string>, obs: OutsideObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  for (const { router } of plan.externalRouters) {
    const seen = obs.sessions.get(router.name);
    for (const link of router.links) {
      for (const s of link.subinterfaces) {
        const name = `${router.name} to ${s.border} ${s.peerAddress} (VRF ${s.vrf})`;
        if (seen === undefined || 'error' in seen) {
          checks.push(withDevice(failed('exits', name, L.queryFailed, router.name, 'show bgp neighbors json', seen?.error ?? 'not asked'), router.name));
          continue;
        }
        const state = seen.value.get(s.peerAddress)?.state;
        if (downBorders.has(s.border)) {
          const check = state === 'Established' ? failed('exits', `${name} is down`, L.externalSessionNotDown, router.name, s.border, s.peerAddress, s.border) : passed('exits', `${name} is down`);
          checks.push(withDevice(check, router.name));
          continue;
        }
        const check = state === 'Established' ? passed('exits', name) : failed('exits', name, L.externalSessionDown, router.name, s.border, s.peerAddress, s.vrf, state ?? 'not configured in bgpd');
        checks.push(withDevice(check, router.name));
        checks.push(withDevice(checkReceived(topology, router.name, s, obs), router.name));
      }
    }
  }
  for (const exit of vrfExits(plan).values()) checks.push(...checkOutsideRefused(topology, downBorders, exit, obs));
  for (const exit of vrfExits(plan).values()) {
    for (const leaf of leavesOfVrf(topology, exit.vrf)) {
      if (downBorders.has(leaf)) continue;
      const check = checkDefaultRoute(topology, failures, downBorders, exit, leaf, obs);
      checks.push(withDevice(check, leaf));
    }
  }
  return checks;
}

/** What the router receives from a border in one VRF: every exact entry the VRF advertises, nothing else. */
function checkReceived(topology: Topology, router: string, s: { readonly border: string; readonly peerAddress: string; readonly vrf: string }, obs: OutsideObservation): LabCheck {
  const name = `${router} receives from ${s.border} (VRF ${s.vrf}) what it advertises`;
  const got = obs.received.get(peerKey(router, s.peerAddress));
  if (got === undefined || 'error' in got) return failed('exits', name, L.queryFailed, router, `show bgp ipv4 unicast neighbors ${s.peerAddress} routes json`, got?.error ?? 'not asked');
  const allowed = externalFilter(topology.devices.get(s.border), s.vrf, 'out') ?? [];
  const prefixes = [...got.value].sort(compareNatural);
  const leaked = prefixes.filter((p) => !admits(allowed, p));
  if (leaked.length > 0) return failed('exits', name, L.advertisedLeak, router, s.border, s.vrf, leaked.join(', '));
  const missing = allowed.filter((e) => e.le === null && !got.value.has(e.prefix)).map((e) => e.prefix);
  if (missing.length > 0) return failed('exits', name, L.advertisedMissing, router, s.border, s.vrf, missing.join(', '));
  return passed('exits', `${name}: ${prefixes.length === 0 ? 'nothing' : prefixes.join(', ')}`);
}

/**
 * The router's outside prefix, and what it announces inside accept lists, on every leaf of the
 * VRF: refused where the accept list of the VRF's borders does not admit it, installed where it does.
 */
function checkOutsideRefused(topology: Topology, downBorders: ReadonlySet<string>, exit: VrfExit, obs: OutsideObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  const border = exit.handOffs[0]?.border;
  const accept = externalFilter(topology.devices.get(border ?? ''), exit.vrf, 'in') ?? [];
  for (const { router, address, prefix } of [...exit.outside, ...exit.accepted]) {
    const wanted = admits(accept, prefix);
    for (const leaf of leavesOfVrf(topology, exit.vrf)) {
      if (downBorders.has(leaf)) continue;
      const name = `${leaf} VRF ${exit.vrf} ${wanted ? 'has' : 'refuses'} ${prefix} from ${router} (${wanted ? 'inside' : 'outside'} the accept list)`;
      const routes = obs.vrfRoutes.get(routesKey(leaf, exit.vrf));
      if (routes === undefined || 'error' in routes) {
        checks.push(withDevice(failed('exits', name, L.queryFailed, leaf, `show ip route vrf ${exit.vrf} json`, routes?.error ?? 'not asked'), leaf));
        continue;
      }
      // Admitted, it must be installed; refused, zebra must not hold it at all (as a host's
      // rogue prefix, checkHosts): a route the filter let in counts before the kernel has it.
      const held = wanted ? installedRoute(routes.value, prefix) !== undefined : routes.value.has(prefix);
      const check = held === wanted ? passed('exits', name) : failed('exits', name, wanted ? L.outsideMissing : L.outsideNotRefused, leaf, exit.vrf, prefix, router, address);
      checks.push(withDevice(check, leaf));
    }
  }
  return checks;
}

function checkDefaultRoute(topology: Topology, failures: Failures, downBorders: ReadonlySet<string>, exit: VrfExit, leaf: string, obs: OutsideObservation): LabCheck {
  const name = `${leaf} VRF ${exit.vrf} default route`;
  const routes = obs.vrfRoutes.get(routesKey(leaf, exit.vrf));
  if (routes === undefined || 'error' in routes) return failed('exits', name, L.queryFailed, leaf, `show ip route vrf ${exit.vrf} json`, routes?.error ?? 'not asked');
  const frrRoute = installedRoute(routes.value, '0.0.0.0/0');
  // The kernel's route where the lab read it (kernelDefaults says why), else FRR's FIB next hops.
  const kernel = obs.kernelDefaults?.get(routesKey(leaf, exit.vrf));
  if (kernel !== undefined && 'error' in kernel) return failed('exits', name, L.queryFailed, leaf, `ip -j -4 route show vrf ${exit.vrf} 0.0.0.0/0`, kernel.error);
  const got = kernel !== undefined ? [...new Set(kernel.value)].sort(compareNatural) : (frrRoute?.nexthops ?? []).filter((h) => h.fib).map((h) => h.ip ?? '?').sort(compareNatural);
  const installed = kernel !== undefined ? got.length > 0 : frrRoute !== undefined;
  const own = exit.handOffs.filter((h) => h.border === leaf).map((h) => h.routerAddress);
  if (own.length > 0) {
    return got.some((ip) => own.includes(ip)) ? passed('exits', `${name} via ${own.join(', ')}`) : failed('exits', name, L.exitRoute, leaf, exit.vrf, `has next hops ${listOrNone(got)}, expected the router at ${own.join(', ')}`);
  }
  const model = topology.devices.get(leaf);
  const borders = [...new Set(exit.handOffs.map((h) => h.border))].filter((b) => !downBorders.has(b) && sharedSpines(topology, failures, leaf, b).length > 0);
  const want = borders.map((b) => topology.vteps.get(b) ?? '?').sort(compareNatural);
  const width = Math.min(want.length, model?.bgp.maximumPaths ?? want.length);
  const detail = `over ${borders.join(', ')} (${want.join(', ')})`;
  if (want.length === 0) return !installed ? passed('exits', `${name}: none, no border reachable`) : failed('exits', name, L.exitRoute, leaf, exit.vrf, `is installed although no border with the exit is reachable`);
  const ok = got.length === width && got.every((ip) => want.includes(ip));
  if (ok) return passed('exits', `${name} ${detail}`);
  return failed('exits', name, L.exitRoute, leaf, exit.vrf, !installed ? `is missing, expected ${detail}` : `has next hops ${listOrNone(got)}, expected one per border ${detail}`);
}

/** One BFD session of a leaf or border to a stand-in, single-hop in a VRF: up, or failed with what the device shows. */
function bfdSessionCheck(obs: OutsideObservation, device: string, name: string, standIn: string, address: string, vrf: string): LabCheck {
  const seen = obs.leafBfd.get(device) ?? { error: 'not asked' };
  return withDevice(bfdPeerCheck(name, device, standIn, address, seen, singleHopIn(address, vrf)), device);
}

/** The single-hop BFD session to `address` in `vrf` (FRR may not name the VRF). */
function singleHopIn(address: string, vrf: string): (p: BfdPeerState) => boolean {
  return (p) => p.peer === address && !p.multihop && (p.vrf === null || p.vrf === vrf);
}

/**
 * Each border's BFD session to the router outside on every hand-off (the router runs BFD with the
 * fabric's timers wherever the border does: lab/stand-ins.ts externalRouterConf), where the
 * border's external peer group has BFD; none while the border is down.
 */
function checkExternalBfd(plan: LabPlan, topology: Topology, downBorders: ReadonlySet<string>, obs: OutsideObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  for (const { router } of plan.externalRouters) {
    for (const s of router.links.flatMap((l) => l.subinterfaces)) {
      if (downBorders.has(s.border)) continue;
      const model = topology.devices.get(s.border);
      const v = model?.bgp.vrfs.find((x) => x.vrf === s.vrf);
      const n = v?.neighbors.find((x) => x.address === s.address.split('/')[0]);
      if (model?.bfd == null || n === undefined || v?.peerGroups.find((g) => g.name === n.peerGroup)?.bfd !== true) continue;
      checks.push(bfdSessionCheck(obs, s.border, `${s.border} to ${router.name} ${n.address} (VRF ${s.vrf})`, router.name, n.address, s.vrf));
    }
  }
  return checks;
}

/**
 * The leaf's BFD session to each server's BGP agent, where the leaf runs BFD towards the hosts of
 * that network (the fabric's own sessions are lab/checks/control-plane.ts's): up. An agent the lab
 * runs without BFD (its bgpd would wait for BFD before connecting, and the leaf has a BFD session
 * only once the host's session is up: lab/frr-install.ts bgpdWaitsForBfd) has none by design: its
 * leaf's BFD session is reported not run, never passed (CLOS7220), and never failed, whatever it
 * shows (up would be odd, with nothing at the other end, but says nothing against the fabric).
 * The agent's BGP session is still checked (checkHosts).
 */
function checkHostBfd(plan: LabPlan, topology: Topology, downBorders: ReadonlySet<string>, obs: OutsideObservation, agentBfd: AgentBfd): LabCheck[] {
  const checks: LabCheck[] = [];
  for (const { speaker: s, address } of plan.hostSpeakers) {
    if (downBorders.has(s.leaf)) continue;
    const model = topology.devices.get(s.leaf);
    const range = model?.bgp.vrfs.find((v) => v.vrf === s.vrf)?.listenRanges.find((r) => r.network === s.network);
    const group = model?.bgp.vrfs.find((v) => v.vrf === s.vrf)?.peerGroups.find((g) => g.name === range?.peerGroup);
    if (model?.bfd == null || group?.bfd !== true) continue;
    const name = `${s.leaf} to ${s.server} ${address} (network ${s.network}, VRF ${s.vrf})`;
    if (!agentBfd.withoutBfd.has(s.server)) {
      checks.push(bfdSessionCheck(obs, s.leaf, name, s.server, address, s.vrf));
      continue;
    }
    const seen = obs.leafBfd.get(s.leaf);
    const shown = seen === undefined || 'error' in seen ? `'show bfd peers json' failed: ${seen?.error ?? 'not asked'}` : `${s.leaf} shows the session ${seen.value.find(singleHopIn(address, s.vrf))?.status ?? 'missing'}`;
    checks.push({ ...withDevice(notRun('bfd', name, L.hostBfdOff, s.leaf, s.server, address, agentBfd.frrVersion), s.leaf), detail: shown });
  }
  return checks;
}

function checkHosts(plan: LabPlan, topology: Topology, downBorders: ReadonlySet<string>, obs: OutsideObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  const judgedPods = new Set<string>();
  for (const { speaker: s } of plan.hostSpeakers) {
    const name = `${s.server} to ${s.leaf} ${s.peerAddress} (network ${s.network})`;
    const seen = obs.sessions.get(s.server);
    if (seen === undefined || 'error' in seen) checks.push(withDevice(failed('hosts', name, L.queryFailed, s.server, 'show bgp neighbors json', seen?.error ?? 'not asked'), s.server));
    else {
      const state = seen.value.get(s.peerAddress)?.state;
      checks.push(withDevice(state === 'Established' ? passed('hosts', name) : failed('hosts', name, L.hostSessionDown, s.server, s.leaf, s.peerAddress, s.network, state ?? 'not configured in bgpd'), s.server));
    }
    const advertised = obs.advertised.get(peerKey(s.server, s.peerAddress));
    const refusalName = `${s.server} announces ${s.rogue} to ${s.leaf}, outside the accept list`;
    if (advertised === undefined || 'error' in advertised) {
      checks.push(withDevice(failed('hosts', refusalName, L.queryFailed, s.server, `show bgp ipv4 unicast neighbors ${s.peerAddress} advertised-routes json`, advertised?.error ?? 'not asked'), s.server));
    } else {
      checks.push(withDevice(advertised.value.has(s.rogue) ? passed('hosts', refusalName) : failed('hosts', refusalName, L.standInSilent, s.server, s.rogue, s.leaf), s.server));
    }
    // A host on two leaves has a session with each, and one pod: its routes are judged once.
    const pod = `${s.server}\u0000${s.network}`;
    if (judgedPods.has(pod)) continue;
    judgedPods.add(pod);
    for (const leaf of leavesOfVrf(topology, s.vrf)) {
      if (downBorders.has(leaf)) continue;
      const routes = obs.vrfRoutes.get(routesKey(leaf, s.vrf));
      const podName = `${leaf} VRF ${s.vrf} has ${s.pod} from ${s.server}`;
      const rogueName = `${leaf} VRF ${s.vrf} refuses ${s.rogue} from ${s.server}`;
      if (routes === undefined || 'error' in routes) {
        checks.push(withDevice(failed('hosts', podName, L.queryFailed, leaf, `show ip route vrf ${s.vrf} json`, routes?.error ?? 'not asked'), leaf));
        continue;
      }
      checks.push(withDevice(installedRoute(routes.value, s.pod) !== undefined ? passed('hosts', podName) : failed('hosts', podName, L.hostRouteMissing, leaf, s.vrf, s.pod, s.server), leaf));
      checks.push(withDevice(routes.value.has(s.rogue) ? failed('hosts', rogueName, L.hostRouteNotRefused, leaf, s.vrf, s.rogue, s.server) : passed('hosts', rogueName), leaf));
    }
  }
  return checks;
}

/** Hosts of a VRF with a gateway, the first on each leaf, leaves in fabric order. */
function routedPerLeaf(ctx: ProbeContext, vrf: string): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const e of ctx.endpoints) if (e.vrf === vrf && e.gateway !== null && !seen.has(e.leaf)) seen.set(e.leaf, e);
  return ctx.topology.leaves.map((l) => seen.get(l)).filter((e) => e !== undefined);
}

/**
 * From a host of every VRF with an exit on every leaf (not on a border that is down), a ping to the
 * outside address of every router the VRF is handed off to.
 */
export function planExitProbes(ctx: ProbeContext, plan: LabPlan, downBorders: ReadonlySet<string>): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  for (const exit of vrfExits(plan).values()) {
    if (!ctx.vrf) {
      skipped.push(notRun('exits', `VRF ${exit.vrf} to outside`, L.noVrf, ctx.noVrfReason, `the way out of VRF ${exit.vrf}`));
      continue;
    }
    const up = exit.handOffs.filter((h) => !downBorders.has(h.border));
    if (up.length === 0) {
      skipped.push(notRun('exits', `VRF ${exit.vrf} to outside`, L.singleBorder, exit.vrf, [...new Set(exit.handOffs.map((h) => h.border))].join(', ')));
      continue;
    }
    const from = routedPerLeaf(ctx, exit.vrf).filter((e) => !downBorders.has(e.leaf));
    if (from.length === 0) {
      skipped.push(notRun('exits', `VRF ${exit.vrf} to outside`, L.exitNoHosts, exit.vrf, 'no routed network of it has a server'));
      continue;
    }
    for (const o of exit.outside) {
      for (const e of from) {
        probes.push({ group: 'exits', name: `${e.id} to ${o.router} ${o.address} (from ${e.leaf})`, from: e, to: o.address, toLabel: `${o.router}'s outside address ${o.address}`, expect: 'reply' });
      }
    }
  }
  return { probes, notRun: skipped };
}

/** A meeting point's probes: through the router (reply) and with it stopped (silence). */
export interface MeetingProbes {
  readonly router: string;
  readonly through: readonly Probe[];
  readonly stopped: readonly Probe[];
  readonly notRun: readonly LabCheck[];
}

/**
 * For every two VRFs that meet at a router, one pair of hosts on different servers (and neither on
 * both VRFs): through the router they reach each other; with it stopped they must not.
 */
export function planMeetings(ctx: ProbeContext, plan: LabPlan): MeetingProbes[] {
  const out: MeetingProbes[] = [];
  const byRouter = new Map<string, [string, string][]>();
  for (const [key, router] of meetingPoints(plan)) {
    const [a, b] = key.split('\u0000');
    byRouter.set(router, [...(byRouter.get(router) ?? []), [a ?? '', b ?? '']]);
  }
  const vrfsOf = new Map<string, Set<string>>();
  for (const e of ctx.endpoints) vrfsOf.set(e.server, (vrfsOf.get(e.server) ?? new Set()).add(e.vrf));
  for (const [router, pairs] of byRouter) {
    const through: Probe[] = [];
    const stopped: Probe[] = [];
    const skipped: LabCheck[] = [];
    for (const [v1, v2] of pairs) {
      const name = `VRFs ${v1} and ${v2} meet at ${router}`;
      if (!ctx.vrf) {
        skipped.push(notRun('exits', name, L.noVrf, ctx.noVrfReason, `the meeting of VRFs ${v1} and ${v2} at ${router}`));
        continue;
      }
      const single = (e: Endpoint): boolean => (vrfsOf.get(e.server)?.size ?? 0) === 1;
      const as = routedPerLeaf(ctx, v1).filter(single);
      const bs = routedPerLeaf(ctx, v2).filter(single);
      const pick = as.flatMap((a) => bs.map((b) => [a, b] as const)).find(([a, b]) => a.server !== b.server);
      if (pick === undefined) {
        skipped.push(notRun('exits', name, L.meetingUntestable, v1, v2, router));
        continue;
      }
      const [a, b] = pick;
      const boundary = a.tenant === b.tenant ? `VRFs ${a.vrf} and ${b.vrf} of tenant ${a.tenant}` : `tenants ${a.tenant} and ${b.tenant}`;
      through.push({ group: 'exits', name: `${a.id} to ${b.id} through ${router}`, from: a, to: b.address, toLabel: `${label(b)} through ${router}`, expect: 'reply' });
      stopped.push({
        group: 'isolation',
        name: `${a.id} to ${b.id} with ${router} stopped`,
        from: a,
        to: b.address,
        toLabel: label(b),
        expect: 'silence',
        boundary: `${boundary} with ${router}, where they meet, stopped`,
        // Told apart by identity, as every isolation probe: a request that arrives is a leak.
        targetNamespace: b.namespace,
      });
    }
    out.push({ router, through, stopped, notRun: skipped });
  }
  return out;
}

/** From a server of the VRF on another leaf, a ping to each agent's pod address. */
export function planPodProbes(ctx: ProbeContext, plan: LabPlan): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  // A host on two leaves has a speaker per leaf and one pod: one probe, from a leaf of neither.
  const leavesOf = new Map<string, string[]>();
  for (const { speaker: s } of plan.hostSpeakers) {
    const key = `${s.server}\u0000${s.network}`;
    leavesOf.set(key, [...(leavesOf.get(key) ?? []), s.leaf]);
  }
  for (const { speaker: s } of plan.hostSpeakers) {
    const leaves = leavesOf.get(`${s.server}\u0000${s.network}`) ?? [s.leaf];
    if (leaves[0] !== s.leaf) continue;
    const name = `to ${s.server}'s pod address ${s.podAddress}`;
    if (!ctx.vrf) {
      skipped.push(notRun('hosts', name, L.noVrf, ctx.noVrfReason, `BGP to hosts in VRF ${s.vrf}`));
      continue;
    }
    const from = routedPerLeaf(ctx, s.vrf).find((e) => !leaves.includes(e.leaf) && e.server !== s.server);
    if (from === undefined) {
      skipped.push(notRun('hosts', name, L.podNoWitness, s.server, s.vrf, leaves.join('+')));
      continue;
    }
    probes.push({ group: 'hosts', name: `${from.id} ${name} (${from.leaf} to ${leaves.join('+')})`, from, to: s.podAddress, toLabel: `${s.server}'s pod address ${s.podAddress} (${s.pod})`, expect: 'reply' });
  }
  return { probes, notRun: skipped };
}

function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}
