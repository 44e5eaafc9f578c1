/**
 * Reading and moving the stand-ins outside the fabric: one `vtysh` call per stand-in and per leaf
 * whose VRF routes the checks read (lab/checks/outside.ts judges them), waiting for them like the
 * fabric's control plane (bounded, backing off), and taking a router's or a border's hand-off links
 * down and up.
 */
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import type { LabCheck } from './check.js';
import { agentsWithBfd, checkOutside, lostNextHops, observedVrfs, peeringVrfs, peerKey, routesKey, vrfExits, type AgentBfd, type LostNextHop, type OutsideObservation } from './checks/outside.js';
import type { LabContext } from './context.js';
import { describeFailure, mapLimit, sleep, type Runner } from './exec.js';
import { parseAdvertisedRoutes, parseBfdPeers, parseBgpNeighbors, parseBgpRoutes, parseEvpnNextHops, parseKernelGateways, parseRoutes, type BfdPeerState, type BgpNeighborState, type Parsed, type RouteEntry } from './frr-json.js';
import { readKernel, splitJsonDocuments } from './observe.js';
import type { LabPlan } from './plan.js';
import { bgpShow, instanceOf, type ExternalRouterPlan } from './stand-ins.js';
import type { Failures, Topology } from './topology.js';
import { vtyshCommand } from './frr-install.js';

/** Runs the commands in one vtysh; falls back to one call each when the documents do not split. */
async function vtyshJson(run: Runner, pathspace: string, commands: readonly string[]): Promise<(string | { error: string })[]> {
  const args = ['-N', pathspace];
  for (const c of commands) args.push('-c', c);
  const all = await run(...vtyshCommand(args), { timeoutMs: 30_000 });
  if (all.code === 0) {
    const parts = splitJsonDocuments(all.stdout);
    if (parts.length === commands.length) return parts;
  }
  const out: (string | { error: string })[] = [];
  for (const c of commands) {
    const one = await run(...vtyshCommand(['-N', pathspace, '-c', c]), { timeoutMs: 30_000 });
    out.push(one.code === 0 ? one.stdout : { error: describeFailure(`vtysh -c '${c}'`, one) });
  }
  return out;
}

/**
 * What a stand-in router is asked: per BGP instance (one per external AS, in its VRF when the
 * router has several: lab/stand-ins.ts) its sessions, and per session what it received.
 */
export function routerQueries(router: ExternalRouterPlan): { readonly neighbors: string[]; readonly received: { readonly peer: string; readonly command: string }[] } {
  return {
    neighbors: router.instances.map((i) => bgpShow(i, 'neighbors json')),
    received: router.links.flatMap((l) => l.subinterfaces).map((s) => ({ peer: s.peerAddress, command: bgpShow(instanceOf(router, s.asn), `ipv4 unicast neighbors ${s.peerAddress} routes json`) })),
  };
}

/** A router's sessions from all its instances: the first error, or every neighbour (transit addresses are fabric-unique). */
function mergeNeighbors(parts: readonly Parsed<ReadonlyMap<string, BgpNeighborState>>[]): Parsed<ReadonlyMap<string, BgpNeighborState>> {
  const merged = new Map<string, BgpNeighborState>();
  for (const p of parts) {
    if ('error' in p) return p;
    for (const [address, state] of p.value) merged.set(address, state);
  }
  return { value: merged };
}

function read<T>(answer: string | { error: string } | undefined, parse: (text: string) => Parsed<T>): Parsed<T> {
  if (answer === undefined) return { error: 'no output' };
  return typeof answer === 'string' ? parse(answer) : answer;
}

export async function observeOutside(ctx: LabContext, plan: LabPlan, topology: Topology): Promise<OutsideObservation> {
  const sessions = new Map<string, Parsed<ReadonlyMap<string, BgpNeighborState>>>();
  const advertised = new Map<string, Parsed<ReadonlySet<string>>>();
  const received = new Map<string, Parsed<ReadonlySet<string>>>();
  const vrfNeighbors = new Map<string, Parsed<ReadonlyMap<string, BgpNeighborState>>>();
  const vrfRoutes = new Map<string, Parsed<ReadonlyMap<string, readonly RouteEntry[]>>>();
  const evpnNextHops = new Map<string, Parsed<ReadonlyMap<number, ReadonlySet<string>>>>();
  const leafBfd = new Map<string, Parsed<readonly BfdPeerState[]>>();
  const kernelDefaults = new Map<string, Parsed<readonly string[]>>();
  // Devices at the fabric's end of a stand-in's sessions, whose BFD sessions the checks read.
  const bfdDevices = new Set([...plan.hostSpeakers.map((h) => h.speaker.leaf), ...plan.externalRouters.flatMap(({ router }) => router.links.map((l) => l.border))]);
  const nsOf = new Map(plan.devices.map((d) => [d.name, d.namespace]));
  const byLeaf = new Map<string, string[]>();
  const exitVrfs = new Set(vrfExits(plan).keys());
  for (const { leaf, vrf } of observedVrfs(plan, topology)) byLeaf.set(leaf, [...(byLeaf.get(leaf) ?? []), vrf]);
  const jobs: (() => Promise<void>)[] = [
    ...plan.externalRouters.map(({ router, namespace }) => async () => {
      const q = routerQueries(router);
      const answers = await vtyshJson(ctx.run, namespace, [...q.neighbors, ...q.received.map((r) => r.command)]);
      sessions.set(router.name, mergeNeighbors(q.neighbors.map((_c, k) => read(answers[k], parseBgpNeighbors))));
      q.received.forEach((r, k) => received.set(peerKey(router.name, r.peer), read(answers[q.neighbors.length + k], parseBgpRoutes)));
    }),
    ...plan.hostSpeakers.map(({ speaker, pathspace }) => async () => {
      const [n, a] = await vtyshJson(ctx.run, pathspace, ['show bgp neighbors json', `show bgp ipv4 unicast neighbors ${speaker.peerAddress} advertised-routes json`]);
      sessions.set(speaker.server, read(n, parseBgpNeighbors));
      advertised.set(peerKey(speaker.server, speaker.peerAddress), read(a, parseAdvertisedRoutes));
    }),
    ...[...byLeaf].map(([leaf, vrfs]) => async () => {
      const peering = peeringVrfs(plan, topology)
        .filter((p) => p.leaf === leaf)
        .map((p) => p.vrf);
      const answers = await vtyshJson(ctx.run, nsOf.get(leaf) ?? '', [
        ...vrfs.map((v) => `show ip route vrf ${v} json`),
        'show evpn next-hops vni all json',
        ...peering.map((v) => `show bgp vrf ${v} neighbors json`),
        ...(bfdDevices.has(leaf) ? ['show bfd peers json'] : []),
      ]);
      vrfs.forEach((v, i) => vrfRoutes.set(routesKey(leaf, v), read(answers[i], parseRoutes)));
      evpnNextHops.set(leaf, read(answers[vrfs.length], parseEvpnNextHops));
      peering.forEach((v, i) => vrfNeighbors.set(routesKey(leaf, v), read(answers[vrfs.length + 1 + i], parseBgpNeighbors)));
      if (bfdDevices.has(leaf)) leafBfd.set(leaf, read(answers[vrfs.length + 1 + peering.length], parseBfdPeers));
      // The kernel's default route of each VRF with an exit (OutsideObservation.kernelDefaults says why).
      for (const v of vrfs.filter((x) => exitVrfs.has(x))) {
        const args = ['-n', nsOf.get(leaf) ?? '', '-j', '-4', 'route', 'show', 'vrf', v, '0.0.0.0/0'];
        kernelDefaults.set(routesKey(leaf, v), await readKernel(ctx.run, 'ip', args, `ip -j -4 route show vrf ${v} 0.0.0.0/0`, parseKernelGateways, 10_000));
      }
    }),
  ];
  await mapLimit(jobs, ctx.jobs, (job) => job());
  return { sessions, advertised, received, vrfNeighbors, vrfRoutes, evpnNextHops, leafBfd, kernelDefaults };
}

export interface OutsideConvergence {
  readonly converged: boolean;
  readonly seconds: number;
  readonly checks: readonly LabCheck[];
  /** The last observation's EVPN next hops that zebra lost (they explain failed probes). */
  readonly lost: readonly LostNextHop[];
}

/**
 * Polls the stand-ins and the leaves' VRF routes until no check fails (every one passes, or is not
 * run by design: CLOS7220) or the time is up.
 */
export async function awaitOutside(
  ctx: LabContext,
  plan: LabPlan,
  topology: Topology,
  failures: Failures,
  downBorders: ReadonlySet<string>,
  timeoutSeconds: number,
  agentBfd: AgentBfd = agentsWithBfd,
): Promise<OutsideConvergence> {
  const start = ctx.now();
  let delay = 250;
  let stuck = 0;
  for (;;) {
    const obs = await observeOutside(ctx, plan, topology);
    const checks = checkOutside(plan, topology, failures, downBorders, obs, agentBfd);
    const seconds = Math.round((ctx.now() - start) / 100) / 10;
    const lost = lostNextHops(plan, topology, downBorders, obs);
    if (checks.every((c) => c.status !== 'failed')) return { converged: true, seconds, checks, lost };
    // A next hop zebra lost does not come back by waiting (FRRouting/frr#12391): once it is all
    // that fails, twice in a row, stop waiting and report it.
    stuck = checks.every((c) => c.status !== 'failed' || c.code === L.evpnNextHopLost.code) ? stuck + 1 : 0;
    if (stuck >= 2 || seconds >= timeoutSeconds) return { converged: false, seconds, checks, lost };
    await sleep(Math.min(delay, Math.max(0, timeoutSeconds * 1000 - (ctx.now() - start))));
    delay = Math.min(2000, Math.round(delay * 1.5));
  }
}

/**
 * `ip link set` lines per namespace: every link of a router (stopping it: nothing reaches through
 * it), or the hand-off links of one border at both ends (with its fabric links, a border down).
 */
export function handOffLinkChanges(plan: LabPlan, target: { readonly router: string } | { readonly border: string }, state: 'up' | 'down'): Map<string, string[]> {
  const nsOf = new Map(plan.devices.map((d) => [d.name, d.namespace]));
  const changes = new Map<string, string[]>();
  const add = (ns: string, line: string): void => {
    changes.set(ns, [...(changes.get(ns) ?? []), line]);
  };
  for (const { router, namespace } of plan.externalRouters) {
    for (const link of router.links) {
      if ('router' in target ? router.name !== target.router : link.border !== target.border) continue;
      // Without 802.1Q each VLAN is a veth pair of its own, which the parent's state does not carry.
      const vlanPairs = plan.veths.filter((v) => v.kind === 'external-vlan' && v.b.namespace === namespace && link.subinterfaces.some((s) => s.name === v.b.name));
      for (const name of [link.name, ...vlanPairs.map((v) => v.b.name)]) add(namespace, `link set dev ${name} ${state}`);
      if (!('border' in target)) continue;
      const borderNs = nsOf.get(link.border) ?? '';
      for (const name of [link.borderPort, ...vlanPairs.map((v) => v.a.name)]) add(borderNs, `link set dev ${name} ${state}`);
    }
  }
  return changes;
}
