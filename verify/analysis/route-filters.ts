/**
 * What a route map of a device model lets through, as prefix ranges, and the fabric's own prefixes
 * that the exit and host-pool checks hold those ranges against.
 *
 * A route map is read the way routers apply it to the routes its clauses match: a permit clause
 * with a prefix list lets through what the list's permit entries match, one without a match lets
 * everything through, and a route no clause matches is denied. Deny entries and deny clauses are
 * not subtracted: the result may admit more than the router does, never less, so a leak it misses
 * cannot exist (every clos-built filter has no deny before a permit, and then it is exact). What
 * a filter lets through for certain — what an exit or a host pool relies on — is marked: a range
 * some deny before it (an earlier deny clause of the map, or an earlier deny entry of its list,
 * first match wins on every platform) may take routes from is `shadowed`, so a border whose inbound
 * filter denies before it permits is not counted as an exit it may not be.
 */
import type { DeviceModel, RoutingPolicy, SviInterface } from '../../compiler/build/device-model.js';
import type { FabricGraph } from '../graph.js';
import { formatAddress, parseCidr, type Cidr } from '../../compiler/shared/ipv4.js';
import { listNames } from '../locate.js';

/** Routes inside `prefix` whose length is `prefix.length` .. `le`. */
export interface PrefixRange {
  readonly prefix: Cidr;
  readonly le: number;
  /** As written in the model (`10.0.0.0/8 le 32`). */
  readonly text: string;
  /**
   * Some deny before this permit (an earlier deny clause of the route map, or an earlier deny
   * entry of its prefix list) may take routes of the range: the filter admits it only in part, or
   * not at all. Absent on the ranges of a filter without such a deny (every filter clos builds).
   */
  readonly shadowed?: true;
}

/**
 * `missing` names what the model lacks: a route map, or a prefix list a permit clause matches. A
 * list without entries counts as missing (`empty`): clos's FRR and NX-OS configurations write a
 * prefix list as its entry lines, so there the route map would name a list the device does not
 * have, and what such a clause lets through depends on the platform.
 */
export type FilterView = { readonly all: true } | { readonly all: false; readonly ranges: readonly PrefixRange[] } | { readonly missing: string; readonly empty?: true };

export function describeRange(r: PrefixRange): string {
  return r.text;
}

/** What a route map permits; `missing` names what the model lacks (FilterView). */
export function routeMapView(policy: RoutingPolicy, name: string): FilterView {
  const map = policy.routeMaps.find((m) => m.name === name);
  if (map === undefined) return { missing: `route map ${name}` };
  const ranges: PrefixRange[] = [];
  /** What the deny clauses before the current clause may match; `every` when one matches all routes. */
  const deniedByMap: PrefixRange[] = [];
  let deniedEvery = false;
  for (const clause of [...map.entries].sort((a, b) => a.seq - b.seq)) {
    const list = clause.matchPrefixList === null ? undefined : policy.prefixLists.find((l) => l.name === clause.matchPrefixList);
    if (clause.action !== 'permit') {
      // A deny clause matches what its list permits; one without a match, or naming a list the
      // model lacks or leaves empty (platform-dependent), may match every route.
      if (!list?.entries.some(installed)) deniedEvery = true;
      else deniedByMap.push(...permitted(list.entries, []).map((x) => x.range));
      continue;
    }
    if (clause.matchPrefixList === null) return { all: true };
    if (list === undefined) return { missing: `prefix list ${clause.matchPrefixList}` };
    // An entry no platform takes (below) is no entry: a list of only such is empty on the device.
    if (!list.entries.some(installed)) return { missing: `prefix list ${clause.matchPrefixList}`, empty: true };
    for (const { range, deniedBefore } of permitted(list.entries, deniedByMap)) {
      const shadowed = deniedEvery || deniedBefore.some((d) => rangesShare(d, range));
      ranges.push(shadowed ? { ...range, text: `${range.text} (after a deny)`, shadowed: true } : range);
    }
  }
  return { all: false, ranges };
}

/**
 * The permit entries of a prefix list as ranges, in the list's order (`seq`: the first entry that
 * matches a route decides), each with the deny ranges before it: `denied` (from the route map)
 * and the list's own earlier deny entries.
 */
function permitted(entries: RoutingPolicy['prefixLists'][number]['entries'], denied: readonly PrefixRange[]): { range: PrefixRange; deniedBefore: readonly PrefixRange[] }[] {
  const out: { range: PrefixRange; deniedBefore: readonly PrefixRange[] }[] = [];
  const before = [...denied];
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const prefix = parseCidr(e.prefix);
    if (prefix === undefined || !installed(e)) continue;
    const le = e.le ?? prefix.length;
    const range: PrefixRange = { prefix, le, text: `${formatAddress(prefix.base)}/${prefix.length}${e.le === null ? '' : ` le ${e.le}`}` };
    if (e.action === 'permit') out.push({ range, deniedBefore: [...before] });
    else before.push(range);
  }
  return out;
}

/**
 * Whether a device takes the entry: `le` is at least the prefix's length and at most 32. FRR's
 * parser refuses `le 33`, and its validation an `le` below the prefix length ("Invalid prefix range
 * for %pFX: Make sure that mask length <= ge <= le", lib/filter_nb.c): the entry is then not in
 * the list, and a filter that counted on it admits less than the model says.
 */
function installed(e: RoutingPolicy['prefixLists'][number]['entries'][number]): boolean {
  if (e.le === null) return true;
  const prefix = parseCidr(e.prefix);
  return prefix !== undefined && Number.isInteger(e.le) && e.le >= prefix.length && e.le <= 32;
}

/** Whether some route passes both ranges. */
export function rangesShare(a: PrefixRange, b: PrefixRange): boolean {
  return overlaps(a.prefix, b.prefix) && Math.max(a.prefix.length, b.prefix.length) <= Math.min(a.le, b.le);
}

/** The ranges a filter lets through whole, whatever its deny clauses and entries (PrefixRange.shadowed). */
export function certainRanges(ranges: readonly PrefixRange[]): PrefixRange[] {
  return ranges.filter((r) => r.shadowed !== true);
}

/** What a list of ranges admits, as a key: equal keys admit the same routes entry by entry. */
export function rangesKey(ranges: readonly PrefixRange[]): string {
  return ranges
    .map((r) => `${r.prefix.base}/${r.prefix.length}-${r.le}${r.shadowed === true ? '?' : ''}`)
    .sort()
    .join(' ');
}

/** A list of ranges for a message. */
export function rangesText(ranges: readonly PrefixRange[]): string {
  return ranges.length === 0 ? 'nothing' : listNames(ranges.map((r) => r.text), 4, false);
}

/**
 * What a route map lets through, as a reader of `clos doc` reads it: its permitted prefixes, `every
 * route` or `nothing`, and what the model lacks when a list or the map is missing.
 */
export function describeFilter(policy: RoutingPolicy, routeMap: string): string {
  const view = routeMapView(policy, routeMap);
  if ('missing' in view) return `nothing known (${view.missing} is missing)`;
  if (view.all) return 'every route';
  return view.ranges.length === 0 ? 'nothing' : view.ranges.map(describeRange).join(', ');
}

/** The prefix lists a route map's permit clauses match, in clause order, each once. */
export function matchedPrefixLists(policy: RoutingPolicy, routeMap: string): string[] {
  const map = policy.routeMaps.find((m) => m.name === routeMap);
  const out: string[] = [];
  for (const clause of [...(map?.entries ?? [])].sort((a, b) => a.seq - b.seq)) {
    if (clause.action === 'permit' && clause.matchPrefixList !== null && !out.includes(clause.matchPrefixList)) out.push(clause.matchPrefixList);
  }
  return out;
}

/** Whether some route the range admits lies inside `p` (is `p` or more specific). */
export function admitsInside(r: PrefixRange, p: Cidr): boolean {
  if (!overlaps(r.prefix, p)) return false;
  if (r.prefix.length >= p.length) return true; // the range's own prefix lies inside p
  return r.le >= p.length; // p lies inside the range's prefix: admitted when long enough
}

/** Whether every route the range admits lies inside `p`. */
export function admitsOnlyInside(r: PrefixRange, p: Cidr): boolean {
  return r.prefix.length >= p.length && overlaps(r.prefix, p);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.base === b.base && a.length === b.length;
}

/** A prefix the fabric configures, and what it is, for messages. */
export interface OwnPrefix {
  readonly prefix: Cidr;
  readonly kind: 'loopback' | 'vtep' | 'link' | 'subnet' | 'transit' | 'host-pool';
  /** The VRF it routes in; undefined for the underlay. */
  readonly vrf: string | undefined;
  /** The network of a subnet or host pool. */
  readonly network: string | undefined;
  readonly what: string;
}

/**
 * Every prefix the device models configure: loopbacks, VTEPs and link /31s (the underlay), network
 * subnets, external transit /31s and the hosts' accept pools, each once (the first device that has
 * it names it), indexed for overlap queries. Built on first use and shared by the exit and
 * host-pool checks (one per fabric graph). The descriptions (`what`) are made only when a finding
 * reads them.
 */
export function fabricPrefixes(fg: FabricGraph): PrefixIndex {
  let index = indexes.get(fg);
  if (index !== undefined) return index;
  const seen = new Set<string>();
  /** Underlay prefixes (no VRF, no network) seen, by kind and prefix length: their bases. */
  const seenUnderlay = { loopback: new Map<number, Set<number>>(), vtep: new Map<number, Set<number>>(), link: new Map<number, Set<number>>() };
  /**
   * Network → the first SVI seen of it. Most SVIs of a network are one object shared by its leaves
   * (build/context.ts perEntity), but one with an address of the leaf's own is per leaf (170,000
   * on the scale target): an SVI whose subnet and VRF are the first one's adds nothing, and is
   * skipped without parsing its address (bench/PROFILE.md, section 45).
   */
  const firstSvi = new Map<string, SviInterface>();
  const out: OwnPrefix[] = [];
  const addUnderlay = (text: string, kind: 'loopback' | 'vtep' | 'link', device: string): void => {
    const c = parseCidr(text);
    if (c === undefined) return;
    const byLength = seenUnderlay[kind];
    let set = byLength.get(c.length);
    if (set === undefined) byLength.set(c.length, (set = new Set()));
    if (set.has(c.base)) return;
    set.add(c.base);
    out.push(new Prefix(c, kind, undefined, undefined, device));
  };
  const add = (text: string, kind: 'subnet' | 'transit' | 'host-pool', vrf: string, network: string | undefined): void => {
    const c = parseCidr(text);
    if (c === undefined) return;
    const key = `${kind} ${vrf} ${network ?? ''} ${c.base}/${c.length}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(new Prefix(c, kind, vrf, network, ''));
  };
  for (const d of fg.devices) {
    const m = d.model;
    addUnderlay(m.interfaces.loopback0.address, 'loopback', m.name);
    if (m.interfaces.vtep !== null) addUnderlay(m.interfaces.vtep.address, 'vtep', m.name);
    // Both ends of a link name it: the second is a prefix seen. forEach, not for…of: this runs
    // once, mostly before it is optimized, where for…of allocates an iterator result per element
    // (bench/PROFILE.md, sections 30 and 33).
    m.interfaces.fabric.forEach((f) => {
      addUnderlay(f.link, 'link', '');
    });
    m.interfaces.svis.forEach((s) => {
      const first = firstSvi.get(s.network);
      if (first === undefined) firstSvi.set(s.network, s);
      else if (first === s || (first.address === s.address && first.vrf === s.vrf)) return;
      add(s.address, 'subnet', s.vrf, s.network);
    });
    m.interfaces.subinterfaces.forEach((s) => {
      add(s.link, 'transit', s.vrf, undefined);
    });
    m.bgp.vrfs.forEach((v) => {
      for (const r of v.listenRanges) {
        for (const range of hostPoolsOf(m, v.vrf, r.peerGroup)) add(range.text.split(' ')[0] ?? '', 'host-pool', v.vrf, r.network);
      }
    });
  }
  index = new PrefixIndex(out);
  indexes.set(fg, index);
  return index;
}

/** An own prefix; its description is made when read (only findings read it). */
class Prefix implements OwnPrefix {
  constructor(
    readonly prefix: Cidr,
    readonly kind: OwnPrefix['kind'],
    readonly vrf: string | undefined,
    readonly network: string | undefined,
    /** The device of a loopback or VTEP. */
    private readonly device: string,
  ) {}

  get what(): string {
    const p = `${formatAddress(this.prefix.base)}/${this.prefix.length}`;
    switch (this.kind) {
      case 'loopback':
        return `the loopback ${p} of '${this.device}'`;
      case 'vtep':
        return `the VTEP ${p} of '${this.device}'`;
      case 'link':
        return `the fabric link ${p}`;
      case 'subnet':
        return `subnet ${p} of network '${this.network ?? ''}' (VRF '${this.vrf ?? ''}')`;
      case 'transit':
        return `the transit ${p} of VRF '${this.vrf ?? ''}'`;
      case 'host-pool':
        return `host pool ${p} of network '${this.network ?? ''}' (VRF '${this.vrf ?? ''}')`;
    }
  }
}

const indexes = new WeakMap<FabricGraph, PrefixIndex>();

/**
 * Prefixes sorted by address with, at each position, the largest end among it and those before:
 * every prefix overlapping a query is either at or after the first one starting inside the query,
 * or before it and ending past the query's start, which the running maximum finds without visiting
 * the many small disjoint prefixes (links, subnets) a fabric has.
 */
export class PrefixIndex {
  readonly all: readonly OwnPrefix[];
  private readonly maxEnd: Float64Array;

  constructor(prefixes: readonly OwnPrefix[]) {
    this.all = [...prefixes].sort((a, b) => a.prefix.base - b.prefix.base || a.prefix.length - b.prefix.length);
    this.maxEnd = new Float64Array(this.all.length);
    let max = 0;
    this.all.forEach((p, i) => {
      max = Math.max(max, p.prefix.base + p.prefix.size);
      this.maxEnd[i] = max;
    });
  }

  /** Every prefix that shares an address with `p`, in address order. */
  overlapping(p: Cidr): OwnPrefix[] {
    const end = p.base + p.size;
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.all[mid]?.prefix.base ?? 0) < p.base) lo = mid + 1;
      else hi = mid;
    }
    const before: OwnPrefix[] = [];
    for (let i = lo - 1; i >= 0 && (this.maxEnd[i] ?? 0) > p.base; i--) {
      const o = this.all[i];
      if (o !== undefined && o.prefix.base + o.prefix.size > p.base) before.push(o);
    }
    const out = before.reverse();
    for (let i = lo; i < this.all.length; i++) {
      const o = this.all[i];
      if (o === undefined || o.prefix.base >= end) break;
      out.push(o);
    }
    return out;
  }
}

/** The prefixes the hosts of a listen range's peer group may announce (its inbound route map). */
export function hostPoolsOf(m: DeviceModel, vrf: string, peerGroup: string): readonly PrefixRange[] {
  const group = m.bgp.vrfs.find((v) => v.vrf === vrf)?.peerGroups.find((g) => g.name === peerGroup);
  if (group === undefined) return [];
  const view = routeMapView(m.routingPolicy, group.routeMapIn);
  return 'ranges' in view ? view.ranges : [];
}
