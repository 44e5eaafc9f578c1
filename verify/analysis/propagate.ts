/**
 * The path-vector engine: how one origin's routes spread over the BGP sessions that are up, as
 * BGP does it with uniform policy (no local preference, MED or filters in the model).
 *
 * - eBGP prepends the sender's ASN; a receiver drops a route whose AS path holds its own ASN
 *   (AS-path loop prevention) more often than its session's `allowas-in` allows (0 by default). iBGP (both ends in one AS) prepends nothing and a route learned over
 *   iBGP is not sent to another iBGP peer.
 * - A sender whose peer group checks the peer's AS (NX-OS by default, see PeerGroup.peerAsCheck)
 *   does not send an eBGP peer a route whose AS path begins with the peer's ASN: the peer never
 *   sees it, whatever its `allowas-in`.
 * - Best path: shortest AS path, then eBGP over iBGP, then the lowest router-id of the sender (a
 *   deterministic stand-in for "oldest route"). Multipath: every accepted path of the best length
 *   and kind (as with `bgp bestpath as-path multipath-relax`), at most `maximum-paths`.
 * - A device advertises only its best path. The next hop: a device originating a route sets its own
 *   (for EVPN, its VTEP); re-advertising over eBGP it sets its session address unless its peer group
 *   keeps the next hop unchanged; over iBGP the next hop is kept.
 * - A device that does not keep routes it cannot import (EVPN without `retain route-target all`
 *   and no local VNI) drops them and relays nothing.
 *
 * Routes spread in rounds of AS-path length (a bucket queue; iBGP hops cost 0), so a device's best
 * path is final when its round comes. Cost: O(sessions) per origin.
 */

export interface RouteGraph {
  readonly n: number;
  readonly asn: Float64Array;
  readonly routerId: Float64Array;
  readonly maxPaths: Int32Array;
  /** 1 when the device keeps (and relays) every route it receives. */
  readonly keeps: Uint8Array;
  /** CSR adjacency: the sessions of device v are start[v] .. start[v + 1]. */
  readonly start: Int32Array;
  readonly peer: Int32Array;
  readonly session: Int32Array;
  /** Per adjacency: the sending device's peer group keeps the next hop unchanged. */
  readonly keepsNextHop: Uint8Array;
  /** Per adjacency: how often the receiving peer accepts its own ASN in a path (allowas-in). */
  readonly peerAllowasIn: Uint8Array;
  /** Per adjacency: the sending device withholds routes whose AS path begins with the peer's ASN. */
  readonly peerAsCheck: Uint8Array;
}

export interface FailureSet {
  /** Per device: 1 when it is down. */
  readonly devices: Uint8Array;
  /** Per session: 1 when it is down. */
  readonly sessions: Uint8Array;
}

export type TraceReason = 'accepted' | 'as-path-loop' | 'peer-as-check' | 'not-retained' | 'not-better';

export interface TraceEntry {
  readonly from: number;
  readonly reason: TraceReason;
  /** The AS path as received. */
  readonly path: readonly number[];
  readonly nextHopKept: boolean;
}

export interface Propagation {
  readonly origin: number;
  /** AS-path length of the best route; -1 when the device has none. */
  readonly len: Int32Array;
  /** Links (sessions) crossed by the best route. */
  readonly hops: Int32Array;
  /** Sender of the best route; -1 at the origin and where there is no route. */
  readonly via: Int32Array;
  /** Paths installed (ECMP), at most maximum-paths. */
  readonly width: Int32Array;
  /** Accepted paths of the best length and kind. */
  readonly paths: Int32Array;
  /** Of those, the paths whose next hop is still the origin's own. */
  readonly kept: Int32Array;
  /** Whether the best route's next hop is still the origin's own. */
  readonly nextHopKept: Uint8Array;
  /** Every offer each device received, when traced. */
  readonly trace: ReadonlyMap<number, readonly TraceEntry[]> | undefined;
}

export interface PropagateOptions {
  readonly failed?: FailureSet | undefined;
  readonly trace?: boolean;
  /**
   * Counts, per adjacency (the sender's side), the routes its receiver takes in: every offer that
   * passes loop prevention and that the receiver keeps, best or not (as a maximum-routes limit
   * counts them), weighted by `weight(receiver)` routes.
   */
  readonly received?: { readonly counts: Float64Array; readonly weight: (receiver: number) => number };
}

export function propagate(g: RouteGraph, origin: number, options: PropagateOptions = {}): Propagation {
  const n = g.n;
  const { asn, routerId, start, peer, session, keeps, keepsNextHop, peerAllowasIn, peerAsCheck } = g;
  const received = options.received;
  const failedDevices = options.failed?.devices;
  const failedSessions = options.failed?.sessions;
  const len = new Int32Array(n).fill(-1);
  const hops = new Int32Array(n);
  const via = new Int32Array(n).fill(-1);
  const width = new Int32Array(n);
  const paths = new Int32Array(n);
  const kept = new Int32Array(n);
  const nextHopKept = new Uint8Array(n);
  const ibgpIn = new Uint8Array(n);
  // Offers of the current best length: eBGP and iBGP counts, kept next hops, best sender.
  const offerLen = new Int32Array(n).fill(-1);
  const eCount = new Int32Array(n);
  const iCount = new Int32Array(n);
  const eKept = new Int32Array(n);
  const iKept = new Int32Array(n);
  const eBest = new Int32Array(n).fill(-1);
  const iBest = new Int32Array(n).fill(-1);
  const eBestKept = new Uint8Array(n);
  const iBestKept = new Uint8Array(n);
  const trace = options.trace === true ? new Map<number, TraceEntry[]>() : undefined;
  const buckets: number[][] = [];

  /** Whether the path at v holds ASN x more than `allowed` times. */
  const pathHoldsTooOften = (v: number, x: number, allowed: number): boolean => {
    let count = 0;
    let u = v;
    while (u !== origin) {
      const p = via[u] ?? -1;
      if (p < 0) return false;
      if (ibgpIn[u] === 0 && asn[p] === x && ++count > allowed) return true;
      u = p;
    }
    return false;
  };
  /** The first ASN of the path at v (the ASN v learned the route from over eBGP); -1 at the origin. */
  const firstAs = (v: number): number => {
    let u = v;
    while (u !== origin) {
      const p = via[u] ?? -1;
      if (p < 0) return -1;
      if (ibgpIn[u] === 0) return asn[p] ?? -1;
      u = p;
    }
    return -1;
  };
  const pathOf = (v: number, ebgp: boolean): number[] => {
    const out: number[] = ebgp ? [asn[v] ?? 0] : [];
    let u = v;
    while (u !== origin) {
      const p = via[u] ?? -1;
      if (p < 0) break;
      if (ibgpIn[u] === 0) out.push(asn[p] ?? 0);
      u = p;
    }
    return out;
  };
  const record = (w: number, entry: TraceEntry): void => {
    if (trace === undefined) return;
    const list = trace.get(w);
    if (list === undefined) trace.set(w, [entry]);
    else list.push(entry);
  };

  const advertise = (v: number): void => {
    const lv = len[v] ?? 0;
    const end = start[v + 1] ?? 0;
    let first: number | undefined;
    for (let e = start[v] ?? 0; e < end; e++) {
      const w = peer[e] ?? 0;
      if (w === origin) continue;
      if (failedSessions?.[session[e] ?? 0] === 1) continue;
      if (failedDevices?.[w] === 1) continue;
      const ibgp = asn[v] === asn[w];
      if (ibgp && ibgpIn[v] === 1) continue;
      const k = v === origin ? 1 : ibgp ? (nextHopKept[v] ?? 0) : (nextHopKept[v] ?? 0) & (keepsNextHop[e] ?? 0);
      if (!ibgp && peerAsCheck[e] === 1 && (first ??= firstAs(v)) === asn[w]) {
        if (trace !== undefined) record(w, { from: v, reason: 'peer-as-check', path: pathOf(v, true), nextHopKept: k === 1 });
        continue;
      }
      if (!ibgp && pathHoldsTooOften(v, asn[w] ?? 0, peerAllowasIn[e] ?? 0)) {
        if (trace !== undefined) record(w, { from: v, reason: 'as-path-loop', path: pathOf(v, true), nextHopKept: k === 1 });
        continue;
      }
      if (received !== undefined && keeps[w] === 1) received.counts[e] = (received.counts[e] ?? 0) + received.weight(w);
      if ((len[w] ?? -1) >= 0) {
        if (trace !== undefined) record(w, { from: v, reason: 'not-better', path: pathOf(v, !ibgp), nextHopKept: k === 1 });
        continue;
      }
      if (keeps[w] === 0) {
        if (trace !== undefined) record(w, { from: v, reason: 'not-retained', path: pathOf(v, !ibgp), nextHopKept: k === 1 });
        continue;
      }
      const nl = lv + (ibgp ? 0 : 1);
      const cur = offerLen[w] ?? -1;
      if (cur === -1 || nl < cur) {
        offerLen[w] = nl;
        eCount[w] = 0;
        iCount[w] = 0;
        eKept[w] = 0;
        iKept[w] = 0;
        eBest[w] = -1;
        iBest[w] = -1;
        (buckets[nl] ??= []).push(w);
      } else if (nl > cur) {
        if (trace !== undefined) record(w, { from: v, reason: 'not-better', path: pathOf(v, !ibgp), nextHopKept: k === 1 });
        continue;
      }
      if (trace !== undefined) record(w, { from: v, reason: 'accepted', path: pathOf(v, !ibgp), nextHopKept: k === 1 });
      if (ibgp) {
        iCount[w] = (iCount[w] ?? 0) + 1;
        iKept[w] = (iKept[w] ?? 0) + k;
        const b = iBest[w] ?? -1;
        if (b < 0 || (routerId[v] ?? 0) < (routerId[b] ?? 0)) {
          iBest[w] = v;
          iBestKept[w] = k;
        }
      } else {
        eCount[w] = (eCount[w] ?? 0) + 1;
        eKept[w] = (eKept[w] ?? 0) + k;
        const b = eBest[w] ?? -1;
        if (b < 0 || (routerId[v] ?? 0) < (routerId[b] ?? 0)) {
          eBest[w] = v;
          eBestKept[w] = k;
        }
      }
    }
  };

  len[origin] = 0;
  nextHopKept[origin] = 1;
  advertise(origin);
  for (let level = 0; level < buckets.length; level++) {
    const bucket = buckets[level];
    if (bucket === undefined) continue;
    // The bucket grows while it is walked (iBGP offers of the same length); for-of sees the new ones.
    for (const v of bucket) {
      if ((len[v] ?? -1) >= 0 || offerLen[v] !== level) continue;
      const useE = (eCount[v] ?? 0) > 0;
      const from = useE ? (eBest[v] ?? -1) : (iBest[v] ?? -1);
      if (from < 0) continue;
      len[v] = level;
      via[v] = from;
      ibgpIn[v] = useE ? 0 : 1;
      paths[v] = useE ? (eCount[v] ?? 0) : (iCount[v] ?? 0);
      kept[v] = useE ? (eKept[v] ?? 0) : (iKept[v] ?? 0);
      nextHopKept[v] = useE ? (eBestKept[v] ?? 0) : (iBestKept[v] ?? 0);
      width[v] = Math.min(paths[v] ?? 0, g.maxPaths[v] ?? 1);
      hops[v] = (hops[from] ?? 0) + 1;
      advertise(v);
    }
  }
  return { origin, len, hops, via, width, paths, kept, nextHopKept, trace };
}

/** Builds the CSR adjacency of a route graph from undirected sessions. */
export function buildRouteGraph(
  n: number,
  device: { readonly asn: (d: number) => number; readonly routerId: (d: number) => number; readonly maxPaths: (d: number) => number; readonly keeps: (d: number) => boolean },
  sessions: readonly {
    readonly index: number;
    readonly a: number;
    readonly b: number;
    readonly aKeepsNextHop: boolean;
    readonly bKeepsNextHop: boolean;
    /** allowas-in of each end's statement (0 when none). */
    readonly aAllowasIn?: number;
    readonly bAllowasIn?: number;
    /** Each end's statement withholds routes learned from the peer's ASN (PeerGroup.peerAsCheck). */
    readonly aPeerAsCheck?: boolean;
    readonly bPeerAsCheck?: boolean;
  }[],
): RouteGraph {
  const degree = new Int32Array(n + 1);
  // forEach, not for…of, over the sessions: a graph is built once per analysis, before this code is
  // optimized, where for…of allocates an iterator result per session (bench/PROFILE.md, section 33).
  sessions.forEach((s) => {
    degree[s.a] = (degree[s.a] ?? 0) + 1;
    degree[s.b] = (degree[s.b] ?? 0) + 1;
  });
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = (start[v] ?? 0) + (degree[v] ?? 0);
  const fill = start.slice(0, n);
  const total = start[n] ?? 0;
  const peer = new Int32Array(total);
  const session = new Int32Array(total);
  const keepsNextHop = new Uint8Array(total);
  const peerAllowasIn = new Uint8Array(total);
  const peerAsCheck = new Uint8Array(total);
  // Sort each device's sessions by peer so traces and tie-breaks read in a stable order.
  const ordered = sessions.slice().sort((x, y) => x.index - y.index);
  ordered.forEach((s) => {
    const ia = fill[s.a] ?? 0;
    fill[s.a] = ia + 1;
    peer[ia] = s.b;
    session[ia] = s.index;
    keepsNextHop[ia] = s.aKeepsNextHop ? 1 : 0;
    peerAllowasIn[ia] = s.bAllowasIn ?? 0;
    peerAsCheck[ia] = s.aPeerAsCheck === true ? 1 : 0;
    const ib = fill[s.b] ?? 0;
    fill[s.b] = ib + 1;
    peer[ib] = s.a;
    session[ib] = s.index;
    keepsNextHop[ib] = s.bKeepsNextHop ? 1 : 0;
    peerAllowasIn[ib] = s.aAllowasIn ?? 0;
    peerAsCheck[ib] = s.bPeerAsCheck === true ? 1 : 0;
  });
  const asn = new Float64Array(n);
  const routerId = new Float64Array(n);
  const maxPaths = new Int32Array(n);
  const keeps = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    asn[v] = device.asn(v);
    routerId[v] = device.routerId(v);
    maxPaths[v] = device.maxPaths(v);
    keeps[v] = device.keeps(v) ? 1 : 0;
  }
  return { n, asn, routerId, maxPaths, keeps, start, peer, session, keepsNextHop, peerAllowasIn, peerAsCheck };
}
