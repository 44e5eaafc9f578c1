/**
 * Routing analysis: which sessions come up, how the underlay spreads every loopback and VTEP
 * prefix, and how the overlay spreads every leaf's EVPN routes.
 *
 * Two methods give the same answers (the tests prove it on random fabrics, and every run checks
 * it on one origin per group of leaves):
 *
 * - `two-tier`, when the session graph is a two-tier Clos: every session that is up joins a leaf to
 *   a spine (at most one per pair and address family), all spines share one ASN S and no leaf uses
 *   S. Then a leaf's routes reach exactly the spines it has sessions with (AS path `A`), and from
 *   them every leaf of another ASN that shares one of those spines (AS path `S A`); spines drop the
 *   route when a leaf relays it back (their ASN is in the path), and a leaf drops a route of its
 *   own ASN unless all its sessions of that address family accept it once (`allowas-in`). So per
 *   leaf one set of spines (`up`, `evpnSend`, `evpnReceive`) answers every pair by set arithmetic:
 *   ECMP width = |up(a) ∩ up(b)| (at most maximum-paths), EVPN paths with the next hop kept =
 *   |evpnSend(a) ∩ evpnReceive(b)|. O(leaves² · spines/32). Between two leaves of one ASN the
 *   receiving side is a smaller set (`upSameAsn`, `evpnReceiveSameAsn`): the spines that pass such a
 *   route on at all, empty unless the leaf accepts its own ASN, without those whose session towards
 *   the leaf checks the peer's AS (NX-OS's default: it withholds a route learned from that ASN).
 * - `generic` otherwise: the path-vector engine (`propagate.ts`) from every origin.
 *
 * Loopback sessions (the overlay) come up only when each end reaches the other's address within
 * the TTL, so the underlay is decided first.
 */
import type { FabricGraph } from '../graph.js';
import { formatAddress, parseAddress, parseCidr } from '../../compiler/shared/ipv4.js';
import { buildRouteGraph, propagate, type FailureSet, type Propagation, type RouteGraph } from './propagate.js';
import type { Session, SessionAnalysis } from './sessions.js';
import { SpineSets } from './spine-sets.js';
import { advertisesVnis, checksPeerAs, keepsEvpnNextHop, retainsEvpnRoutes } from './platform-behaviour.js';
import type { Platform } from '../../compiler/build/device-model.js';

export interface Advertisement {
  readonly loopback: boolean;
  readonly vtep: boolean;
  readonly loopbackWhy: string | undefined;
  readonly vtepWhy: string | undefined;
}

/** Devices and links taken down for a failure scenario. */
export interface Outage {
  readonly devices: ReadonlySet<number>;
  readonly links: ReadonlySet<number>;
}

export interface RoutingAnalysis {
  readonly method: 'two-tier' | 'generic';
  /** Why the fabric is not a two-tier Clos, when the method is generic. */
  readonly irregular: string | undefined;
  readonly ipv4: RouteGraph;
  readonly evpn: RouteGraph;
  /** Per session: 1 when it comes up. */
  readonly sessionUp: Uint8Array;
  /** Per session: why it does not come up. */
  readonly sessionWhy: readonly (string | undefined)[];
  readonly advertised: readonly Advertisement[];
  /** Per device: 1 when it originates EVPN routes (advertise-all-vni and local VNIs). */
  readonly evpnOrigin: Uint8Array;
  /** Leaf device → row in the spine sets; -1 for spines. */
  readonly leafRow: Int32Array;
  /** Spines each leaf is linked to (matched links), whatever the sessions. */
  readonly linked: SpineSets;
  /** Two-tier only: spines each leaf has an underlay session up with. */
  readonly up: SpineSets | undefined;
  /** Two-tier only: spines each leaf has an EVPN session up with. */
  readonly evpnSend: SpineSets | undefined;
  /** Two-tier only: spines that relay EVPN routes to the leaf with the next hop kept. */
  readonly evpnReceive: SpineSets | undefined;
  /**
   * Two-tier only: of `up`, the spines that pass the leaf a route of a leaf of its own ASN (empty
   * unless it accepts its own ASN; without the spines that check the peer's AS towards it).
   */
  readonly upSameAsn: SpineSets | undefined;
  /** Two-tier only: of `evpnReceive`, the spines that pass the leaf EVPN routes of its own ASN. */
  readonly evpnReceiveSameAsn: SpineSets | undefined;
  /** Widths of the installed route to `origin`'s prefixes at every device (0: none). */
  underlayFrom(origin: number): Int32Array;
  /** EVPN paths from `origin` at every device: all accepted, and those with the next hop kept. */
  evpnFrom(origin: number): { readonly paths: Int32Array; readonly kept: Int32Array };
  /** The engine's full account for one origin, for evidence. */
  traceUnderlay(origin: number): Propagation;
  traceEvpn(origin: number): Propagation;
}

const noOutage: Outage = { devices: new Set(), links: new Set() };

export function analyseRouting(fg: FabricGraph, sa: SessionAnalysis, outage: Outage = noOutage, forceGeneric = false): RoutingAnalysis {
  const { devices, statements } = fg;
  const n = devices.length;
  const spineCount = fg.spines.length;
  // Per-device values the pairwise loops read (evpnFrom, underlayFrom: leaves² reads each), as
  // typed arrays made once per analysis.
  const asns = new Float64Array(n);
  const maxPaths = new Int32Array(n);
  for (const d of devices) {
    asns[d.index] = d.model.bgp.asn;
    maxPaths[d.index] = d.model.bgp.maximumPaths;
  }
  const asnOf = (d: number): number => (d >= 0 && d < n ? (asns[d] ?? -1) : -1);
  const isSpine = (d: number): boolean => devices[d]?.role === 'spine';
  const down = (d: number): boolean => outage.devices.size !== 0 && outage.devices.has(d);

  const leafRow = new Int32Array(n).fill(-1);
  fg.leaves.forEach((d, i) => (leafRow[d] = i));
  const linked = new SpineSets(fg.leaves.length, spineCount);
  // forEach, not for…of, in the loops over links and sessions: they run once, mostly before they
  // are optimized, where for…of allocates an iterator result per element (bench/PROFILE.md, §30, §33).
  fg.links.forEach((link) => {
    if (outage.links.has(link.index) || down(link.a.device) || down(link.b.device)) return;
    const aIsSpine = isSpine(link.a.device);
    const l = aIsSpine ? link.b.device : link.a.device;
    const s = aIsSpine ? link.a.device : link.b.device;
    if (!isSpine(s) || isSpine(l)) return;
    linked.add(leafRow[l] ?? 0, s);
  });

  const advertised = devices.map((d) => advertisement(d.model.bgp.ipv4Networks, d.model.interfaces.loopback0.address, d.model.interfaces.vtep?.address ?? null));
  const evpnOrigin = new Uint8Array(n);
  for (const d of devices) {
    const e = d.model.bgp.evpn;
    if (advertisesVnis(d.model) && (e.vnis.length > 0 || d.model.bgp.vrfs.length > 0)) evpnOrigin[d.index] = 1;
  }

  // Sessions: single-hop ones are up unless an end or their link is down.
  const sessionUp = new Uint8Array(sa.sessions.length);
  const sessionWhy: (string | undefined)[] = sa.sessions.map(() => undefined);
  const devOf = (s: Session, end: 'a' | 'b'): number => statements[end === 'a' ? s.a : s.b]?.device ?? 0;
  sa.sessions.forEach((s) => {
    if (down(devOf(s, 'a')) || down(devOf(s, 'b'))) return;
    if (s.link !== undefined) {
      if (!outage.links.has(s.link)) sessionUp[s.index] = 1;
    } else if (s.staticProblem !== undefined) {
      sessionWhy[s.index] = s.staticProblem;
    }
  });
  // What the platform does, where its configuration renders no line for the field (platform-behaviour.ts).
  const platformOf = (stmt: number): Platform => devices[statements[stmt]?.device ?? -1]?.model.platform ?? 'frr';
  const groupKeepsNextHop = (stmt: number): boolean => keepsEvpnNextHop(platformOf(stmt), statements[stmt]?.group);
  const groupAllowasIn = (stmt: number): number => statements[stmt]?.group?.allowasIn ?? 0;
  const groupPeerAsCheck = (stmt: number): boolean => checksPeerAs(platformOf(stmt), statements[stmt]?.group);
  /**
   * Per leaf and address family: the allowas-in all its sessions share, or -1 when they differ
   * (then the two-tier shortcut does not apply).
   */
  const allowanceOf = (sessions: readonly Session[]): Int32Array => {
    const out = new Int32Array(n).fill(-2);
    const note = (stmt: number): void => {
      const d = statements[stmt]?.device ?? 0;
      const a = groupAllowasIn(stmt);
      const cur = out[d] ?? -2;
      out[d] = cur === -2 || cur === a ? a : -1;
    };
    sessions.forEach((s) => {
      note(s.a);
      note(s.b);
    });
    return out;
  };
  const deviceInfo = (keeps: (d: number) => boolean) => ({
    asn: asnOf,
    routerId: (d: number) => parseAddress(devices[d]?.model.bgp.routerId ?? '') ?? 0,
    maxPaths: (d: number) => Math.max(1, devices[d]?.model.bgp.maximumPaths ?? 1),
    keeps,
  });
  const ipv4Sessions = sa.sessions.filter((s) => sessionUp[s.index] === 1 && s.link !== undefined && s.families.ipv4Unicast);
  const ipv4 = buildRouteGraph(
    n,
    deviceInfo(() => true),
    ipv4Sessions.map((s) => ({
      index: s.index,
      a: devOf(s, 'a'),
      b: devOf(s, 'b'),
      aKeepsNextHop: false,
      bKeepsNextHop: false,
      aAllowasIn: groupAllowasIn(s.a),
      bAllowasIn: groupAllowasIn(s.b),
      aPeerAsCheck: groupPeerAsCheck(s.a),
      bPeerAsCheck: groupPeerAsCheck(s.b),
    })),
  );
  const ipv4Allowance = allowanceOf(ipv4Sessions);
  /** Of a leaf-spine session: the leaf, the spine and the spine's statement. */
  const leafSpine = (s: Session): { leaf: number; spine: number; spineStmt: number } => {
    const aIsSpine = isSpine(devOf(s, 'a'));
    return aIsSpine ? { leaf: devOf(s, 'b'), spine: devOf(s, 'a'), spineStmt: s.a } : { leaf: devOf(s, 'a'), spine: devOf(s, 'b'), spineStmt: s.b };
  };

  // Is the underlay a two-tier Clos?
  let irregular = forceGeneric ? 'failure scenario of a fabric that is not a two-tier Clos' : undefined;
  irregular ??= twoTierProblem(fg, ipv4Sessions, devOf, 'underlay');
  const spineAsns = new Set(fg.spines.map(asnOf));
  if (irregular === undefined && spineAsns.size > 1) irregular = 'the spines do not share one ASN';
  const spineAsn = spineAsns.size === 1 ? [...spineAsns][0] : undefined;
  if (irregular === undefined && fg.leaves.some((l) => asnOf(l) === spineAsn)) irregular = 'a leaf uses the spine ASN';
  if (irregular === undefined && fg.leaves.some((l) => ipv4Allowance[l] === -1)) irregular = 'a leaf accepts its own ASN (allowas-in) on some underlay sessions only';

  let up: SpineSets | undefined;
  let upSameAsn: SpineSets | undefined;
  if (irregular === undefined) {
    const upAll = new SpineSets(fg.leaves.length, spineCount);
    const upSame = new SpineSets(fg.leaves.length, spineCount);
    ipv4Sessions.forEach((s) => {
      const { leaf: l, spine: sp, spineStmt } = leafSpine(s);
      upAll.add(leafRow[l] ?? 0, sp);
      if ((ipv4Allowance[l] ?? 0) >= 1 && !groupPeerAsCheck(spineStmt)) upSame.add(leafRow[l] ?? 0, sp);
    });
    up = upAll;
    upSameAsn = upSame;
  }

  // Sessions that are down, as the engine's failure set; rebuilt when loopback sessions come up.
  let failed: FailureSet | undefined;
  const currentFailures = (): FailureSet => (failed ??= failureSet(n, sa.sessions.length, outage, sessionUp));
  const ipv4Cache = new Map<number, Propagation>();
  const engineIpv4 = (origin: number): Propagation => {
    let p = ipv4Cache.get(origin);
    if (p === undefined) {
      p = propagate(ipv4, origin, { failed: currentFailures() });
      ipv4Cache.set(origin, p);
    }
    return p;
  };
  /** Hops from `origin`'s prefixes to `at` over the underlay; -1 when unreachable. */
  const underlayHops = (origin: number, at: number): number => {
    if (origin === at) return 0;
    if (up !== undefined && upSameAsn !== undefined) {
      const ro = leafRow[origin] ?? -1;
      const ra = leafRow[at] ?? -1;
      if (ro >= 0 && ra >= 0) return up.shared(ro, asnOf(origin) === asnOf(at) ? upSameAsn : up, ra) > 0 ? 2 : -1;
      if (ro >= 0) return up.has(ro, at) ? 1 : -1;
      if (ra >= 0) return up.has(ra, origin) ? 1 : -1;
      return -1;
    }
    const p = engineIpv4(origin);
    return (p.len[at] ?? -1) >= 0 ? (p.hops[at] ?? -1) : -1;
  };
  /** The device that announces an address as a loopback or VTEP, and whether it advertises it. */
  const announcer = (address: number | undefined): { device: number; advertised: boolean } | { why: string } => {
    if (address === undefined) return { why: 'is not an address' };
    let o = -1;
    let count = 0;
    for (let x = fg.owners.first(address); x >= 0; x = fg.owners.next(x)) {
      if (fg.owners.kind(x) === 'fabric') continue;
      if (o < 0) o = x;
      count++;
    }
    if (count > 1) return { why: 'is configured on several devices' };
    if (o < 0) return { why: 'is not a loopback of any device' };
    const device = fg.owners.device(o);
    const adv = advertised[device];
    return { device, advertised: fg.owners.kind(o) === 'loopback' ? adv?.loopback === true : adv?.vtep === true };
  };

  /** Why the end `from` (statement `stmt`) of a loopback session cannot reach its peer within the TTL. */
  const loopbackProblem = (from: number, stmt: number, ttl: number): string | undefined => {
    const st = statements[stmt];
    const target = announcer(st?.address);
    const targetName = st?.neighbor.address ?? '';
    if ('why' in target) return `${targetName} ${target.why}`;
    if (!target.advertised) return `'${devices[target.device]?.name ?? ''}' does not advertise ${targetName} into the underlay`;
    const hops = underlayHops(target.device, from);
    if (hops < 0) return `'${devices[from]?.name ?? ''}' has no underlay route to ${targetName}`;
    if (hops > ttl) return `${targetName} is ${hops} hops from '${devices[from]?.name ?? ''}', beyond ebgp-multihop ${ttl}`;
    return undefined;
  };

  // Loopback sessions: up when each end reaches the other's address within the TTL.
  sa.sessions.forEach((s) => {
    if (s.link !== undefined || s.staticProblem !== undefined) return;
    const a = devOf(s, 'a');
    const b = devOf(s, 'b');
    if (down(a) || down(b)) return;
    const problemA = loopbackProblem(a, s.a, s.ttl);
    const problemB = loopbackProblem(b, s.b, s.ttl);
    if (problemA === undefined && problemB === undefined) sessionUp[s.index] = 1;
    else sessionWhy[s.index] = [problemA, problemB].filter((x) => x !== undefined).join('; ');
  });
  // Loopback sessions carry no IPv4 routes here, so the underlay answers above stay valid; the
  // failure set must now include them as up.
  failed = undefined;

  const keepsEvpn = new Uint8Array(n);
  for (const d of devices) {
    const m = d.model;
    if (retainsEvpnRoutes(m) || m.bgp.evpn.vnis.length > 0 || m.bgp.vrfs.length > 0) keepsEvpn[d.index] = 1;
  }
  const evpnKeeps = (d: number): boolean => keepsEvpn[d] === 1;
  const evpnSessions = sa.sessions.filter((s) => sessionUp[s.index] === 1 && s.families.l2vpnEvpn);
  const evpn = buildRouteGraph(
    n,
    deviceInfo(evpnKeeps),
    evpnSessions.map((s) => ({
      index: s.index,
      a: devOf(s, 'a'),
      b: devOf(s, 'b'),
      aKeepsNextHop: groupKeepsNextHop(s.a),
      bKeepsNextHop: groupKeepsNextHop(s.b),
      aAllowasIn: groupAllowasIn(s.a),
      bAllowasIn: groupAllowasIn(s.b),
      aPeerAsCheck: groupPeerAsCheck(s.a),
      bPeerAsCheck: groupPeerAsCheck(s.b),
    })),
  );
  const evpnAllowance = allowanceOf(evpnSessions);
  irregular ??= twoTierProblem(fg, evpnSessions, devOf, 'overlay');
  if (irregular === undefined && fg.leaves.some((l) => evpnAllowance[l] === -1)) irregular = 'a leaf accepts its own ASN (allowas-in) on some overlay sessions only';

  let evpnSend: SpineSets | undefined;
  let evpnReceive: SpineSets | undefined;
  let evpnReceiveAny: SpineSets | undefined;
  let evpnReceiveSameAsn: SpineSets | undefined;
  let evpnReceiveAnySameAsn: SpineSets | undefined;
  if (irregular === undefined) {
    const send = (evpnSend = new SpineSets(fg.leaves.length, spineCount));
    const receive = (evpnReceive = new SpineSets(fg.leaves.length, spineCount));
    const receiveAny = (evpnReceiveAny = new SpineSets(fg.leaves.length, spineCount));
    const receiveSameAsn = (evpnReceiveSameAsn = new SpineSets(fg.leaves.length, spineCount));
    const receiveAnySameAsn = (evpnReceiveAnySameAsn = new SpineSets(fg.leaves.length, spineCount));
    evpnSessions.forEach((s) => {
      const { leaf: l, spine: sp, spineStmt: sStmt } = leafSpine(s);
      const row = leafRow[l] ?? 0;
      send.add(row, sp);
      if (!evpnKeeps(sp)) return;
      const sameAsn = (evpnAllowance[l] ?? 0) >= 1 && !groupPeerAsCheck(sStmt);
      receiveAny.add(row, sp);
      if (sameAsn) receiveAnySameAsn.add(row, sp);
      if (!groupKeepsNextHop(sStmt)) return;
      receive.add(row, sp);
      if (sameAsn) receiveSameAsn.add(row, sp);
    });
  } else {
    up = undefined;
    upSameAsn = undefined;
  }
  const method = irregular === undefined ? 'two-tier' : 'generic';

  const evpnCache = new Map<number, Propagation>();
  const engineEvpn = (origin: number): Propagation => {
    let p = evpnCache.get(origin);
    if (p === undefined) {
      p = propagate(evpn, origin, { failed: currentFailures() });
      evpnCache.set(origin, p);
    }
    return p;
  };

  const underlayFrom = (origin: number): Int32Array => {
    const out = new Int32Array(n);
    if (down(origin)) return out;
    if (up === undefined || upSameAsn === undefined) return engineIpv4(origin).width.slice();
    const ro = leafRow[origin] ?? -1;
    const originAsn = asnOf(origin);
    for (let d = 0; d < n; d++) {
      if (d === origin || down(d)) continue;
      const rd = leafRow[d] ?? -1;
      if (ro >= 0 && rd >= 0) {
        out[d] = Math.min(up.shared(ro, asns[d] === originAsn ? upSameAsn : up, rd), maxPaths[d] ?? 1);
      } else if (ro >= 0) {
        out[d] = up.has(ro, d) ? 1 : 0;
      } else if (rd >= 0) {
        out[d] = up.has(rd, origin) ? 1 : 0;
      }
    }
    return out;
  };
  const evpnFrom = (origin: number): { paths: Int32Array; kept: Int32Array } => {
    const paths = new Int32Array(n);
    const kept = new Int32Array(n);
    if (evpnOrigin[origin] !== 1 || down(origin)) return { paths, kept };
    if (evpnSend === undefined || evpnReceive === undefined || evpnReceiveAny === undefined || evpnReceiveSameAsn === undefined || evpnReceiveAnySameAsn === undefined) {
      const p = engineEvpn(origin);
      return { paths: p.paths.slice(), kept: p.kept.slice() };
    }
    const ro = leafRow[origin] ?? -1;
    if (ro < 0) return { paths, kept };
    const originAsn = asnOf(origin);
    // Indexed (a leaf's row is its position among the leaves), not for-of, which allocated an
    // iterator result per pair.
    const leaves = fg.leaves;
    for (let rd = 0; rd < leaves.length; rd++) {
      const d = leaves[rd] ?? 0;
      if (d === origin || keepsEvpn[d] !== 1 || down(d)) continue;
      const sameAsn = asns[d] === originAsn;
      kept[d] = evpnSend.shared(ro, sameAsn ? evpnReceiveSameAsn : evpnReceive, rd);
      paths[d] = evpnSend.shared(ro, sameAsn ? evpnReceiveAnySameAsn : evpnReceiveAny, rd);
    }
    for (const sp of evpnSend.list(ro)) if (evpnKeeps(sp)) paths[sp] = 1;
    return { paths, kept };
  };

  return {
    method,
    irregular,
    ipv4,
    evpn,
    sessionUp,
    sessionWhy,
    advertised,
    evpnOrigin,
    leafRow,
    linked,
    up,
    evpnSend,
    evpnReceive,
    upSameAsn,
    evpnReceiveSameAsn,
    underlayFrom,
    evpnFrom,
    traceUnderlay: (origin) => propagate(ipv4, origin, { failed: currentFailures(), trace: true }),
    traceEvpn: (origin) => propagate(evpn, origin, { failed: currentFailures(), trace: true }),
  };
}

/** Sessions not up (and devices down) as the engine's failure set. */
function failureSet(n: number, sessions: number, outage: Outage, sessionUp: Uint8Array): FailureSet {
  const devices = new Uint8Array(n);
  for (const d of outage.devices) devices[d] = 1;
  const failed = new Uint8Array(sessions);
  for (let i = 0; i < sessions; i++) if (sessionUp[i] !== 1) failed[i] = 1;
  return { devices, sessions: failed };
}

/** Why a set of sessions is not a two-tier Clos, or undefined when it is. */
function twoTierProblem(fg: FabricGraph, sessions: readonly Session[], devOf: (s: Session, end: 'a' | 'b') => number, what: string): string | undefined {
  const seen = new Set<number>();
  const n = fg.devices.length;
  let problem: string | undefined;
  // `some`, not for…of: it runs once per analysis, where for…of allocates an iterator result per session.
  sessions.some((s) => {
    const a = devOf(s, 'a');
    const b = devOf(s, 'b');
    const ra = fg.devices[a]?.role;
    const rb = fg.devices[b]?.role;
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (ra === rb) problem = `an ${what} session joins two ${ra === 'spine' ? 'spines' : 'leaves'} ('${fg.devices[a]?.name ?? ''}', '${fg.devices[b]?.name ?? ''}')`;
    else if (seen.has(key)) problem = `two ${what} sessions join '${fg.devices[a]?.name ?? ''}' and '${fg.devices[b]?.name ?? ''}'`;
    seen.add(key);
    return problem !== undefined;
  });
  return problem;
}

function advertisement(networks: readonly string[], loopback: string, vtep: string | null): Advertisement {
  const prefixes = networks.map(parseCidr).filter((c) => c !== undefined);
  const check = (address: string | null, what: string): string | undefined => {
    if (address === null) return `the device has no ${what}`;
    const cidr = parseCidr(address);
    if (cidr === undefined) return `${address} is not an address with a prefix length`;
    if (!prefixes.some((p) => p.base === cidr.base && p.length === cidr.length)) {
      return `no network statement advertises ${formatAddress(cidr.base)}/${cidr.length}`;
    }
    return undefined;
  };
  const loopbackWhy = check(loopback, 'loopback');
  const vtepWhy = vtep === null ? undefined : check(vtep, 'VTEP');
  return { loopback: loopbackWhy === undefined, vtep: vtep !== null && vtepWhy === undefined, loopbackWhy, vtepWhy };
}
