/**
 * Data-plane checks: which pings to send, from which host interface to which address, and what
 * each answer means. Pure; `ping.ts` sends them.
 *
 * - gateway: every host pings its anycast gateway and must resolve it to the anycast MAC;
 * - reachability: for every network, one host on each leaf pings one host on every other leaf;
 * - mtu: one full-size, unfragmentable ping per network across VXLAN;
 * - isolation: for every two networks in different tenants, or different VRFs of one tenant, one
 *   pair of hosts (on the same leaf when there is one) must not reach each other. Told apart by
 *   identity, not by address: the probe counts the echo requests the target's own namespace
 *   receives (subnets may overlap across tenants, and a reply may come from another host that has
 *   the address); a request that arrives is a leak, whatever came back;
 * - routing: for every two routed networks of a VRF, one pair must reach each other through the
 *   anycast gateways — only on kernels with VRF devices; otherwise reported as not run.
 *
 * Pings are sent bound to the source host's interface in the network (`ping -I`), so a server on
 * several networks (a trunk) is tested once per network, not through whichever it routes by.
 */
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { checkedPrefix, prefixesOverlap } from '../../compiler/shared/ipv4.js';
import { failed, notRun, passed, type CheckGroup, type LabCheck } from '../check.js';
import type { Endpoint } from '../plan.js';
import { describeFailures, failedLeaves, failureCount, sharedSpines, type Failures, type Topology } from '../topology.js';
import { compareNatural } from '../../compiler/shared/natural-order.js';

export interface Probe {
  readonly group: CheckGroup;
  readonly name: string;
  readonly from: Endpoint;
  readonly to: string;
  /** What the target is, for messages: `web02/web (10.110.0.4)`. */
  readonly toLabel: string;
  /** The target host (for routing, the one whose leaves' router MACs the path needs); undefined for a gateway. */
  readonly peer?: Endpoint;
  readonly expect: 'reply' | 'silence';
  /** ICMP payload with the don't-fragment bit set; undefined for a default-size ping. */
  readonly size?: number;
  /** The MAC the target must resolve to (the anycast gateway). */
  readonly mac?: string;
  /** For isolation failures: which boundary was crossed. */
  readonly boundary?: string;
  /** For isolation: the target's namespace, whose ICMP counters say whether the request arrived. */
  readonly targetNamespace?: string;
  /** What is already known to stand in the way (leaves that share no spine), for a failure. */
  readonly expectedTrouble?: string;
}

export interface ProbeResult {
  readonly replied: boolean;
  /** The neighbour entry's MAC after the ping, when asked for. */
  readonly mac: string | null;
  /** Why no reply, in ping's words, when there is something to say. */
  readonly detail: string;
  /** Echo requests the target's namespace received while the probe ran (isolation probes). */
  readonly received?: number;
  /**
   * Echo requests the target received while this probe and others aimed at it ran together,
   * when none arrived as each ran alone again: one of them leaked, which one is not known.
   */
  readonly unattributed?: { readonly received: number; readonly probes: number };
}

export interface ProbeContext {
  readonly topology: Topology;
  readonly endpoints: readonly Endpoint[];
  readonly failures: Failures;
  /** fabric.verify.failures: 0 means the fabric does not promise to survive one failure. */
  readonly promisedFailures: number;
  readonly vrf: boolean;
  /** Why the lab runs without VRFs, for not-run reasons. */
  readonly noVrfReason: string;
  /** Ping every pair of leaves of every network, however many (default: sample large fabrics). */
  readonly allPairs?: boolean;
  readonly anycastMac: string | null;
  /**
   * VRFs that meet at a router outside the fabric (`<vrf>\0<vrf>`, sorted → the router): their hosts
   * reach each other through it, so isolation between them is shown with it stopped instead.
   */
  readonly meetings?: ReadonlyMap<string, string>;
}

export const label = (e: Endpoint): string => `${e.id} (${e.address})`;

/** The key of two VRFs in ProbeContext.meetings, whichever order they come in. */
export function meetingKey(a: string, b: string): string {
  return compareNatural(a, b) <= 0 ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export interface PlannedProbes {
  readonly probes: readonly Probe[];
  /** Checks decided without sending anything: not run, and why. */
  readonly notRun: readonly LabCheck[];
  /** What the plan left out on purpose (sampling), for the report. */
  readonly notes?: readonly string[];
}

/**
 * Up to this many leaf pairs (over all networks) are all pinged; above it, each network is pinged
 * around a ring of its leaves and from its first leaf to every other (every leaf sends and
 * receives in every network it carries), which keeps a large fabric to minutes and inside the
 * kernel's neighbour-table limits. The control-plane checks still cover every pair of VTEPs.
 */
export const allPairsBudget = 300;

/**
 * Every check of a fabric as it stands (healthy, or with what `clos lab fail` took down: hosts
 * whose every leaf is down are reported as not run).
 */
export function planBaselineProbes(ctx: ProbeContext): PlannedProbes {
  const gateway = planGateway(ctx);
  const reach = planReachability(ctx, true);
  const mtu = planMtu(ctx);
  const isolation = planIsolation(ctx);
  const routing = withMultihomedRouting(ctx, planRouting(ctx));
  return {
    probes: [...gateway.probes, ...reach.probes, ...mtu.probes, ...isolation.probes, ...routing.probes],
    notRun: [...offLeaves(ctx), ...gateway.notRun, ...reach.notRun, ...mtu.notRun, ...isolation.notRun, ...routing.notRun],
    notes: reach.notes ?? [],
  };
}

/**
 * The VRF's routing probes, and after them each dual-homed server's own: to a host of every other
 * network of its VRF, each pair once (a pair already probed is not probed again).
 */
function withMultihomedRouting(ctx: ProbeContext, routing: PlannedProbes): PlannedProbes {
  const multihomed = planMultihomedRouting(ctx);
  const names = new Set([...routing.probes.map((p) => p.name), ...routing.notRun.map((c) => c.name)]);
  return {
    probes: [...routing.probes, ...multihomed.probes.filter((p) => !names.has(p.name))],
    notRun: [...routing.notRun, ...multihomed.notRun.filter((c) => !names.has(c.name))],
  };
}

/**
 * With a spine, link or leaf down: do hosts on different leaves still reach each other, in their
 * network and, with VRF devices, through the gateways across the VRF's networks? (A gateway is on
 * the host's own leaf; no spine failure can change whether it answers.) With a leaf down, its
 * dual-homed servers are probed through their other leaf, and its single-homed servers, down with
 * it by design, are reported as not run.
 */
export function planFailureProbes(ctx: ProbeContext): PlannedProbes {
  const reach = planReachability(ctx, false);
  const routing = withMultihomedRouting(ctx, ctx.vrf ? planRouting(ctx) : { probes: [], notRun: [] });
  return {
    probes: [...reach.probes, ...routing.probes],
    notRun: [...offLeaves(ctx), ...reach.notRun, ...routing.notRun],
    notes: reach.notes ?? [],
  };
}

/**
 * A dual-homed server's routed traffic: it must reach a host of every other network of its VRF
 * (one on another leaf, when there is one) through the leaves of its segment. With one of them
 * down it all goes through the others, so its gateways are probed there too.
 */
function planMultihomedRouting(ctx: ProbeContext): PlannedProbes {
  const multihomed = ctx.endpoints.filter((e) => e.leaves.length > 1 && e.gateway !== null && liveLeaves(ctx, e).length > 0);
  if (multihomed.length === 0) return { probes: [], notRun: [] };
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  for (const e of multihomed) {
    if (e.gateway === null) continue;
    if (liveLeaves(ctx, e).length < e.leaves.length) {
      const gateway: Probe = { group: 'gateway', name: `${e.id} to gateway ${e.gateway} (through ${where(ctx, e)})`, from: e, to: e.gateway, toLabel: `gateway ${e.gateway}`, expect: 'reply' };
      probes.push(ctx.anycastMac === null ? gateway : { ...gateway, mac: ctx.anycastMac });
    }
    if (!ctx.vrf) continue;
    const others = new Map<string, Endpoint[]>();
    for (const b of ctx.endpoints) {
      if (b.network === e.network || b.server === e.server || b.gateway === null || domain(b) !== domain(e) || liveLeaves(ctx, b).length === 0) continue;
      others.set(b.network, [...(others.get(b.network) ?? []), b]);
    }
    for (const candidates of others.values()) {
      const b = candidates.find((x) => apart(ctx, e, x)) ?? candidates[0];
      if (b === undefined) continue;
      const name = `${e.id} to ${b.id} (${where(ctx, e)} to ${where(ctx, b)})`;
      const beyond = beyondPromise(ctx, 'routing', name, e, b);
      if (beyond !== undefined) skipped.push(beyond);
      else probes.push({ group: 'routing', name, from: e, to: b.address, toLabel: label(b), peer: b, expect: 'reply' });
    }
  }
  return { probes, notRun: skipped };
}

function byNetwork(ctx: ProbeContext): Map<string, Endpoint[]> {
  const out = new Map<string, Endpoint[]>();
  for (const n of ctx.topology.networks.keys()) out.set(n, []);
  for (const e of ctx.endpoints) out.get(e.network)?.push(e);
  return out;
}

/**
 * The leaves through which a host is in its network while `failures` are down: all leaves of its
 * bond that are up (a dual-homed server keeps the other), or none when its only leaf is down.
 */
export function liveLeaves(ctx: ProbeContext, e: Endpoint): readonly string[] {
  const down = failedLeaves(ctx.failures);
  return down.length === 0 ? e.leaves : e.leaves.filter((l) => !down.includes(l));
}

/**
 * The hosts a network is probed between: the first single-homed host on each leaf, and every
 * multihomed host (the point of its bond is to be probed), each at its first live leaf, in fabric
 * order. A host whose leaves are all down is left out (see offLeaves).
 */
function onePerLeaf(ctx: ProbeContext, endpoints: readonly Endpoint[]): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  const multihomed: Endpoint[] = [];
  for (const e of endpoints) {
    const leaf = liveLeaves(ctx, e)[0];
    if (leaf === undefined) continue;
    if (e.leaves.length > 1) multihomed.push({ ...e, leaf });
    else if (!seen.has(leaf)) seen.set(leaf, { ...e, leaf });
  }
  const order = new Map(ctx.topology.leaves.map((l, i) => [l, i]));
  return [...seen.values(), ...multihomed].sort((a, b) => (order.get(a.leaf) ?? 0) - (order.get(b.leaf) ?? 0));
}

/** Where a probe's host is: its leaf, or its live leaves joined with + for a multihomed host. */
function where(ctx: ProbeContext, e: Endpoint): string {
  return e.leaves.length > 1 ? liveLeaves(ctx, e).join('+') : e.leaf;
}

/** Whether two hosts are on one leaf and no other (so they share both gateways). */
function oneLeaf(ctx: ProbeContext, a: Endpoint, b: Endpoint): boolean {
  const la = liveLeaves(ctx, a);
  const lb = liveLeaves(ctx, b);
  return la.length === 1 && lb.length === 1 && la[0] === lb[0];
}

/** Whether two hosts share no live leaf, so traffic between them crosses the fabric. */
function apart(ctx: ProbeContext, a: Endpoint, b: Endpoint): boolean {
  const la = liveLeaves(ctx, a);
  return !liveLeaves(ctx, b).some((l) => la.includes(l));
}

/** Hosts whose every leaf is down, once per server: reported as not run, not as unreachable. */
function offLeaves(ctx: ProbeContext): LabCheck[] {
  const out = new Map<string, LabCheck>();
  for (const e of ctx.endpoints) {
    if (liveLeaves(ctx, e).length > 0 || out.has(e.server)) continue;
    out.set(e.server, notRun('reachability', `${e.server}: ${e.leaves.length === 1 ? 'its leaf is' : 'its leaves are'} down`, L.serverOnFailedLeaf, e.server, e.leaves.join(' and '), e.leaves.length));
  }
  return [...out.values()];
}

/**
 * Without VRFs every gateway of a leaf sits in one routing table, so two networks of different
 * VRFs with overlapping subnets (legal, and common after an acquisition) on one leaf get one
 * connected route between them: replies leave through the wrong bridge. Those gateway checks
 * cannot say anything about the fabric and are reported as not run.
 */
function overlappingOnLeaf(ctx: ProbeContext, e: Endpoint): string | undefined {
  if (ctx.vrf) return undefined;
  const own = ctx.topology.networks.get(e.network)?.subnet;
  if (own === null || own === undefined) return undefined;
  for (const n of ctx.topology.networks.values()) {
    if (n.name === e.network || n.subnet === null || !n.leaves.includes(e.leaf)) continue;
    if (prefixesOverlap(checkedPrefix(own), checkedPrefix(n.subnet))) return n.name;
  }
  return undefined;
}

function planGateway(ctx: ProbeContext): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  for (const e of ctx.endpoints) {
    if (e.gateway === null || liveLeaves(ctx, e).length === 0) continue;
    const name = `${e.id} to gateway ${e.gateway}`;
    const other = overlappingOnLeaf(ctx, e);
    if (other !== undefined) {
      skipped.push(notRun('gateway', name, L.overlapWithoutVrf, e.leaf, e.network, other, ctx.noVrfReason));
      continue;
    }
    const probe: Probe = { group: 'gateway', name, from: e, to: e.gateway, toLabel: `gateway ${e.gateway}`, expect: 'reply' };
    probes.push(ctx.anycastMac === null ? probe : { ...probe, mac: ctx.anycastMac });
  }
  return { probes, notRun: skipped };
}

function planReachability(ctx: ProbeContext, baseline: boolean): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  const networks = [...byNetwork(ctx)].map(([network, endpoints]) => [network, onePerLeaf(ctx, endpoints)] as const);
  const allPairs = networks.reduce((n, [, reps]) => n + (reps.length * (reps.length - 1)) / 2, 0);
  const exhaustive = ctx.allPairs === true || allPairs <= allPairsBudget;
  for (const [network, reps] of networks) {
    if (reps.length < 2) {
      if (baseline) {
        const carriers = ctx.topology.networks.get(network)?.leaves ?? [];
        const detail =
          carriers.length === 1 ? `is carried by one leaf only (${carriers[0] ?? ''})` : reps[0] === undefined ? 'has no servers' : `has servers only on ${where(ctx, reps[0])}`;
        skipped.push(notRun('reachability', `network ${network}`, L.singleLeafNetwork, network, detail));
      }
      continue;
    }
    for (const [a, b] of exhaustive ? everyPair(reps) : ringAndStar(reps)) {
      const name = `${a.id} to ${b.id} (${where(ctx, a)} to ${where(ctx, b)})`;
      const beyond = beyondPromise(ctx, 'reachability', name, a, b);
      if (beyond !== undefined) {
        skipped.push(beyond);
        continue;
      }
      const probe: Probe = { group: 'reachability', name, from: a, to: b.address, toLabel: label(b), peer: b, expect: 'reply' };
      const trouble = noSharedSpine(ctx, a, b);
      probes.push(trouble === undefined ? probe : { ...probe, expectedTrouble: trouble });
    }
  }
  const notes = exhaustive
    ? []
    : [
        `reachability: ${probes.length + skipped.length} of ${allPairs} leaf pairs pinged (more than ${allPairsBudget}): in each network a ring of its leaves and a star from its first leaf, so every leaf sends and receives in every network it carries; --all-pairs pings every pair`,
      ];
  return { probes, notRun: skipped, notes };
}

function everyPair<T>(items: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) out.push([items[i] as T, items[j] as T]);
  return out;
}

/** Ring (each to the next) and star (the first to each), without repeating a pair. */
function ringAndStar<T>(items: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  const seen = new Set<string>();
  const add = (i: number, j: number): void => {
    const key = i < j ? `${i}-${j}` : `${j}-${i}`;
    if (i === j || seen.has(key)) return;
    seen.add(key);
    out.push([items[i] as T, items[j] as T]);
  };
  for (let i = 0; i < items.length; i++) add(i, (i + 1) % items.length);
  for (let j = 2; j < items.length - 1; j++) add(0, j);
  return out;
}

function planMtu(ctx: ProbeContext): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  for (const [network, endpoints] of byNetwork(ctx)) {
    const reps = onePerLeaf(ctx, endpoints);
    const a = reps[0];
    const b = a === undefined ? undefined : reps.find((x) => apart(ctx, a, x));
    if (a === undefined || b === undefined) continue;
    const name = `${network}: ${a.mtu} bytes ${a.id} to ${b.id}`;
    const beyond = beyondPromise(ctx, 'mtu', name, a, b);
    // 20 bytes of IPv4 header and 8 of ICMP: the packet is exactly the network's MTU.
    if (beyond !== undefined) skipped.push(beyond);
    else probes.push({ group: 'mtu', name, from: a, to: b.address, toLabel: label(b), peer: b, expect: 'reply', size: a.mtu - 28 });
  }
  return { probes, notRun: skipped };
}

/** Whether some live leaf of a and some of b are one leaf or share a working spine. */
function joined(ctx: ProbeContext, a: Endpoint, b: Endpoint): boolean {
  const la = liveLeaves(ctx, a);
  const lb = liveLeaves(ctx, b);
  return la.some((x) => lb.some((y) => x === y || sharedSpines(ctx.topology, ctx.failures, x, y).length > 0));
}

/**
 * Two leaves that share no spine cannot reach each other. With no more failures than the fabric
 * promises to survive, that is a finding (the ping runs and fails, like the verifier would);
 * beyond the promise it is the expected outcome, and the check is reported as not run.
 */

function noSharedSpine(ctx: ProbeContext, a: Endpoint, b: Endpoint): string | undefined {
  if (a.leaf === b.leaf || joined(ctx, a, b)) return undefined;
  const down = describeFailures(ctx.failures);
  return `${a.leaf} and ${b.leaf} share no spine${down === 'nothing' ? '' : ` while ${down} ${down.includes(' and ') ? 'are' : 'is'} down`}, and the fabric promises to survive ${ctx.promisedFailures} failure${ctx.promisedFailures === 1 ? '' : 's'}`;
}

function beyondPromise(ctx: ProbeContext, group: CheckGroup, name: string, a: Endpoint, b: Endpoint): LabCheck | undefined {
  if (a.leaf === b.leaf || failureCount(ctx.failures) <= ctx.promisedFailures || joined(ctx, a, b)) return undefined;
  return notRun(group, name, L.noFailurePromise, a.leaf, b.leaf, describeFailures(ctx.failures), ctx.promisedFailures);
}

function domain(e: Endpoint): string {
  return `${e.tenant}/${e.vrf}`;
}

function boundary(a: Endpoint, b: Endpoint): string {
  return a.tenant === b.tenant ? `VRFs ${a.vrf} and ${b.vrf} of tenant ${a.tenant}` : `tenants ${a.tenant} and ${b.tenant}`;
}

function planIsolation(ctx: ProbeContext): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  // Hosts whose every leaf is down (a leaf failed by hand) prove nothing either way: left out.
  const networks = [...byNetwork(ctx)].map(([n, eps]) => [n, eps.filter((e) => liveLeaves(ctx, e).length > 0)] as const).filter(([, eps]) => eps.length > 0);
  const serverNetworks = new Map<string, Set<string>>();
  for (const e of ctx.endpoints) serverNetworks.set(e.server, (serverNetworks.get(e.server) ?? new Set()).add(e.network));
  const serverDomains = new Map<string, Set<string>>();
  for (const e of ctx.endpoints) serverDomains.set(e.server, (serverDomains.get(e.server) ?? new Set()).add(domain(e)));
  for (let i = 0; i < networks.length; i++) {
    for (let j = i + 1; j < networks.length; j++) {
      const [n1, eps1] = networks[i] ?? ['', []];
      const [n2, eps2] = networks[j] ?? ['', []];
      const first = eps1[0];
      const second = eps2[0];
      if (first === undefined || second === undefined || domain(first) === domain(second)) continue;
      if (ctx.meetings?.has(meetingKey(first.vrf, second.vrf)) === true) continue;
      // The target's own server must not be in the source's VRF: the source reaches it there
      // legitimately, and its namespace's counters could not tell that from a leak. Pairs on one
      // server say nothing either. Overlapping subnets are fine: the target is known by its
      // namespace, not its address. Either direction will do; prefer hosts on one leaf (it holds
      // both gateways).
      const candidates: [Endpoint, Endpoint][] = [];
      const consider = (a: Endpoint, b: Endpoint): void => {
        if (a.server === b.server || serverDomains.get(b.server)?.has(domain(a)) === true) return;
        candidates.push([a, b]);
      };
      for (const a of eps1) for (const b of eps2) consider(a, b);
      for (const b of eps2) for (const a of eps1) consider(b, a);
      // A source on both networks is only kept apart by `ping -I`; prefer one that is not.
      const bridging = ([a, b]: [Endpoint, Endpoint]): number => (serverNetworks.get(a.server)?.has(b.network) === true ? 1 : 0);
      const rank = (c: [Endpoint, Endpoint]): number => (oneLeaf(ctx, c[0], c[1]) ? 0 : 2) + bridging(c);
      const pick = [...candidates].sort((x, y) => rank(x) - rank(y))[0];
      if (pick === undefined) {
        skipped.push(notRun('isolation', `${n1} and ${n2}`, L.isolationUntestable, n1, n2, 'every server in one of them is also in the VRF of the other, and reaches it there'));
        continue;
      }
      const [a, b] = pick;
      probes.push({
        group: 'isolation',
        name: `${a.id} to ${b.id} (${oneLeaf(ctx, a, b) ? `same leaf ${a.leaf}` : `${where(ctx, a)} to ${where(ctx, b)}`})`,
        from: a,
        to: b.address,
        toLabel: label(b),
        peer: b,
        expect: 'silence',
        boundary: boundary(a, b),
        targetNamespace: b.namespace,
      });
    }
  }
  return { probes, notRun: skipped };
}

function planRouting(ctx: ProbeContext): PlannedProbes {
  const probes: Probe[] = [];
  const skipped: LabCheck[] = [];
  const byVrf = new Map<string, Endpoint[][]>();
  for (const [, eps] of byNetwork(ctx)) {
    const routed = eps.filter((e) => e.gateway !== null && liveLeaves(ctx, e).length > 0);
    const first = routed[0];
    if (first === undefined) continue;
    const key = domain(first);
    byVrf.set(key, [...(byVrf.get(key) ?? []), routed]);
  }
  for (const [key, nets] of byVrf) {
    if (nets.length < 2) continue;
    const names = nets.map((eps) => eps[0]?.network ?? '');
    const [tenant, vrf] = key.split('/');
    if (!ctx.vrf) {
      skipped.push(
        notRun('routing', `VRF ${vrf ?? ''} of tenant ${tenant ?? ''}: ${names.join(', ')}`, L.noVrf, ctx.noVrfReason, `routing between ${names.join(', ')} through the anycast gateway and the L3VNI, and the VRF's routed isolation`),
      );
      continue;
    }
    for (let i = 0; i < nets.length; i++) {
      for (let j = i + 1; j < nets.length; j++) {
        const pairs: [Endpoint, Endpoint][] = [];
        for (const a of nets[i] ?? []) for (const b of nets[j] ?? []) if (a.server !== b.server) pairs.push([a, b]);
        // Hosts on different leaves, single-homed ones first: a dual-homed server's routing is
        // probed on its own (planMultihomedRouting), so the VRF's routing is proven either way.
        const single = (e: Endpoint): boolean => e.leaves.length === 1;
        const pick = pairs.find(([a, b]) => apart(ctx, a, b) && single(a) && single(b)) ?? pairs.find(([a, b]) => apart(ctx, a, b)) ?? pairs[0];
        if (pick === undefined) continue;
        const [a, b] = pick;
        const name = `${a.id} to ${b.id} (${where(ctx, a)} to ${where(ctx, b)})`;
        const beyond = beyondPromise(ctx, 'routing', name, a, b);
        if (beyond !== undefined) skipped.push(beyond);
        else probes.push({ group: 'routing', name, from: a, to: b.address, toLabel: label(b), peer: b, expect: 'reply' });
      }
    }
  }
  return { probes, notRun: skipped };
}

/** What a probe's answer means. */
export function judgeProbe(probe: Probe, result: ProbeResult): LabCheck {
  const from = label(probe.from);
  if (probe.expect === 'silence') {
    // With the target's counters, identity decides: the request arriving is the leak, and a reply
    // from another host that has the address is not one.
    const arrived = result.received === undefined ? result.replied : result.received > 0;
    const crossed = probe.boundary ?? 'an isolation boundary';
    const u = result.unattributed;
    if (u !== undefined) {
      const requests = u.received === 1 ? 'an echo request' : `${u.received} echo requests`;
      return failed(probe.group, probe.name, L.leak, from, probe.toLabel, `${crossed}, or the source of another of the ${u.probes} probes aimed at it does: it received ${requests} while they ran together, and none when each ran alone again`);
    }
    if (arrived) return failed(probe.group, probe.name, L.leak, from, probe.toLabel, result.replied ? crossed : `${crossed} (one way: the request arrived, no reply came back)`);
    if (result.replied) return { ...passed(probe.group, probe.name), detail: `a reply came from another host that has ${probe.to}; ${probe.toLabel} received nothing` };
    return passed(probe.group, probe.name);
  }
  if (!result.replied) {
    if (probe.group === 'gateway') return failed(probe.group, probe.name, L.gatewayUnreachable, from, probe.to);
    if (probe.size !== undefined) return failed(probe.group, probe.name, L.mtu, from, probe.toLabel, probe.size + 28);
    const why = [result.detail, probe.expectedTrouble].filter((x) => x !== undefined && x !== '').join('; ');
    if (probe.group === 'exits') return failed(probe.group, probe.name, L.exitUnreachable, from, probe.toLabel, why === '' ? '' : ` (${why})`);
    if (probe.group === 'hosts') return failed(probe.group, probe.name, L.podUnreachable, from, probe.toLabel, why === '' ? '' : ` (${why})`);
    return failed(probe.group, probe.name, L.unreachable, from, probe.toLabel, why === '' ? '' : ` (${why})`);
  }
  if (probe.mac !== undefined && result.mac !== probe.mac) return failed(probe.group, probe.name, L.gatewayMac, from, probe.to, result.mac ?? 'nothing', probe.mac);
  return passed(probe.group, probe.name);
}
