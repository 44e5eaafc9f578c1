/**
 * Part of check 3: route limits. Every peer group may cap the routes a session brings
 * (PeerGroup.maximumRoutes: EOS `maximum-routes`, NX-OS and FRR `maximum-prefix`); a session over
 * the cap is shut down by its receiver, one over the warning threshold logs a warning. This counts,
 * per session and direction, the routes the receiver takes in, as a limit counts them: every route
 * that passes loop prevention and that the receiver keeps, best or not.
 *
 * - Underlay: each device's routes are its `network` statements (Loopback0, the VTEP), counted
 *   exactly through the path-vector engine.
 * - EVPN: a leaf originates one type-3 route per L2VNI and one type-5 route per routed subnet; a
 *   route server keeps them all, a leaf those of the VNIs and VRFs it carries. Every host adds
 *   type-2 routes the models cannot know, so the count is a lower bound, and said so.
 *
 * Cost: nothing when no limit is below the fabric's total of routes (what clos compiles: no limit on
 * the overlay, twice the address plan on the underlay); otherwise one propagation per origin.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import type { DeviceModel, PeerGroup } from '../../compiler/build/device-model.js';
import { propagate, type RouteGraph } from '../analysis/propagate.js';
import { advertisesVnis, retainsEvpnRoutes } from '../analysis/platform-behaviour.js';
import { Findings, keysOf, nameOf, type VerifyContext } from '../context.js';

/** Findings reported one by one; the last one says how many more there are. */
const maxReported = 20;

type Family = 'underlay' | 'EVPN';

interface Over {
  readonly receiver: number;
  readonly sender: number;
  readonly group: PeerGroup;
  readonly count: number;
  readonly error: boolean;
}

export function checkRouteLimits(ctx: VerifyContext, f: Findings): void {
  const overs: Over[] = [];
  for (const family of ['underlay', 'EVPN'] as const) overs.push(...overLimits(ctx, family));
  overs.sort((a, b) => Number(b.error) - Number(a.error) || a.receiver - b.receiver || a.sender - b.sender);
  // One finding per receiving device, peer group and severity: its worst session.
  const worst = new Map<string, { over: Over; sessions: number }>();
  for (const o of overs) {
    const key = `${o.receiver}\u0000${o.group.name}\u0000${String(o.error)}`;
    const w = worst.get(key);
    if (w === undefined) worst.set(key, { over: o, sessions: 1 });
    else {
      w.sessions++;
      if (o.count > w.over.count) w.over = o;
    }
  }
  const list = [...worst.values()];
  const left = Math.max(0, list.length - maxReported);
  list.slice(0, maxReported).forEach(({ over: o, sessions }, i) => {
    const device = nameOf(ctx, o.receiver);
    const peer = nameOf(ctx, o.sender);
    const routes = describeRoutes(o.count, o.group.purpose === 'overlay' ? 'EVPN' : 'underlay');
    const { limit, warningPercent } = o.group.maximumRoutes;
    const notes = [sessions > 1 ? `${sessions} of its ${o.group.name} sessions are over it` : '', i === maxReported - 1 && left > 0 ? `${left} more device and peer group${left === 1 ? ' is' : 's are'} over their limits` : ''];
    const hint = notes.filter((n) => n !== '').join('; ') || undefined;
    if (o.error) f.add(V.maximumRoutesExceeded, { device, at: keysOf(ctx, o.receiver), hint }, device, routes, peer, limit, o.group.name);
    else f.add(V.maximumRoutesWarning, { device, at: keysOf(ctx, o.receiver), hint }, device, routes, peer, warningPercent ?? 100, limit, o.group.name);
  });
}

function describeRoutes(count: number, family: Family): string {
  const n = count.toLocaleString('en-US');
  return family === 'underlay' ? `${n} underlay routes` : `at least ${n} EVPN routes (type-3 and type-5 alone: every host adds type-2 routes)`;
}

/** Sessions of one family whose receiver takes more routes than its warning threshold. */
function overLimits(ctx: VerifyContext, family: Family): Over[] {
  const { fg, routing } = ctx;
  const graph = family === 'underlay' ? routing.ipv4 : routing.evpn;
  const purpose = family === 'underlay' ? 'underlay' : 'overlay';
  const devices = fg.devices;
  const own = devices.map((d) => (family === 'underlay' ? d.model.bgp.ipv4Networks.length : evpnRoutes(d.model).total));
  const total = own.reduce((s, x) => s + x, 0);
  // The threshold each statement's group sets; nothing to count when every one is above the total.
  let lowest = Infinity;
  // forEach, not for…of: once-run loops over 128,000 statements allocate an iterator result per
  // element before they are optimized (bench/PROFILE.md, section 30).
  fg.statements.forEach((st) => {
    const g = st.group;
    if (g?.purpose !== purpose || g.maximumRoutes.limit <= 0) return;
    lowest = Math.min(lowest, threshold(g));
  });
  if (total <= lowest) return [];

  const counts = new Float64Array(graph.peer.length);
  const weightOf = family === 'underlay' ? (o: number) => (): number => own[o] ?? 0 : evpnWeights(ctx);
  for (let o = 0; o < devices.length; o++) {
    if ((own[o] ?? 0) === 0 || (family === 'EVPN' && routing.evpnOrigin[o] !== 1)) continue;
    propagate(graph, o, { received: { counts, weight: weightOf(o) } });
  }
  return sessionsOver(ctx, graph, counts, purpose);
}

function threshold(g: PeerGroup): number {
  const { limit, warningPercent } = g.maximumRoutes;
  return warningPercent === null ? limit : (limit * warningPercent) / 100;
}

/** Adjacency counts → the receiving statements over their threshold. */
function sessionsOver(ctx: VerifyContext, graph: RouteGraph, counts: Float64Array, purpose: PeerGroup['purpose']): Over[] {
  const { fg, sessions } = ctx;
  const out: Over[] = [];
  for (let v = 0; v < graph.n; v++) {
    for (let e = graph.start[v] ?? 0; e < (graph.start[v + 1] ?? 0); e++) {
      const count = counts[e] ?? 0;
      if (count === 0) continue;
      const w = graph.peer[e] ?? 0;
      const s = sessions.sessions[graph.session[e] ?? 0];
      if (s === undefined) continue;
      const receiving = fg.statements[fg.statements[s.a]?.device === w ? s.a : s.b];
      const g = receiving?.group;
      if (g?.purpose !== purpose || g.maximumRoutes.limit <= 0) continue;
      if (count > g.maximumRoutes.limit) out.push({ receiver: w, sender: v, group: g, count, error: true });
      else if (count > threshold(g)) out.push({ receiver: w, sender: v, group: g, count, error: false });
    }
  }
  return out;
}

/** The EVPN routes a leaf originates: type-3 per L2VNI, type-5 per routed subnet, by VNI and VRF. */
function evpnRoutes(m: DeviceModel): { total: number; vnis: readonly number[]; subnetsPerVrf: ReadonlyMap<string, number> } {
  if (!advertisesVnis(m)) return { total: 0, vnis: [], subnetsPerVrf: new Map() };
  // Every BGP VRF redistributes its connected subnets (BgpVrf.redistributeConnected).
  const vrfs = new Set(m.bgp.vrfs.map((v) => v.vrf));
  const subnetsPerVrf = new Map<string, number>();
  // forEach, not for…of, over a leaf's 200 SVIs (twice per device and run): see overLimits.
  m.interfaces.svis.forEach((svi) => {
    if (vrfs.has(svi.vrf)) subnetsPerVrf.set(svi.vrf, (subnetsPerVrf.get(svi.vrf) ?? 0) + 1);
  });
  const vnis = m.bgp.evpn.vnis.map((v) => v.vni);
  let total = vnis.length;
  subnetsPerVrf.forEach((n) => (total += n));
  return { total, vnis, subnetsPerVrf };
}

/**
 * Weight of origin o's EVPN routes at receiver w: all of them at a route server (it retains every
 * route target), else those of the VNIs and VRFs w carries itself (it imports nothing else).
 */
function evpnWeights(ctx: VerifyContext): (o: number) => (w: number) => number {
  const devices = ctx.fg.devices;
  const routes = devices.map((d) => evpnRoutes(d.model));
  const vniSets = devices.map((d) => new Set(d.model.bgp.evpn.vnis.map((v) => v.vni)));
  const vrfSets = devices.map((d) => new Set(d.model.bgp.vrfs.map((v) => v.vrf)));
  return (o) => {
    const r = routes[o];
    const memo = new Map<number, number>();
    return (w) => {
      if (r === undefined) return 0;
      const receiver = devices[w]?.model;
      if (receiver !== undefined && retainsEvpnRoutes(receiver)) return r.total;
      let n = memo.get(w);
      if (n === undefined) {
        n = 0;
        const vnis = vniSets[w];
        const vrfs = vrfSets[w];
        let count = 0;
        r.vnis.forEach((vni) => {
          if (vnis?.has(vni) === true) count++;
        });
        r.subnetsPerVrf.forEach((subnets, vrf) => {
          if (vrfs?.has(vrf) === true) count += subnets;
        });
        n = count;
        memo.set(w, n);
      }
      return n;
    };
  };
}
