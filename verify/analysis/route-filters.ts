/**
 * What a route map of a device model lets through, as prefix ranges, and the fabric's own prefixes
 * that the exit and host-pool checks hold those ranges against.
 *
 * A route map is read the way routers apply it to the routes its clauses match: a permit clause
 * with a prefix list lets through what the list's permit entries match, one without a match lets
 * everything through, and a route no clause matches is denied. Deny entries and deny clauses are
 * not subtracted: the result may admit more than the router does, never less, so a leak it misses
 * cannot exist (every clos-built filter has no deny before a permit, and then it is exact).
 */
import type { DeviceModel, RoutingPolicy } from '../../compiler/build/device-model.js';
import type { FabricGraph } from '../graph.js';
import { formatAddress, parseCidr, type Cidr } from '../ipv4.js';

/** Routes inside `prefix` whose length is `prefix.length` .. `le`. */
export interface PrefixRange {
  readonly prefix: Cidr;
  readonly le: number;
  /** As written in the model (`10.0.0.0/8 le 32`). */
  readonly text: string;
}

export type FilterView = { readonly all: true } | { readonly all: false; readonly ranges: readonly PrefixRange[] } | { readonly missing: string };

export function describeRange(r: PrefixRange): string {
  return r.text;
}

/** What a route map permits; `missing` names what the model lacks. */
export function routeMapView(policy: RoutingPolicy, name: string): FilterView {
  const map = policy.routeMaps.find((m) => m.name === name);
  if (map === undefined) return { missing: `route map ${name}` };
  const ranges: PrefixRange[] = [];
  for (const clause of [...map.entries].sort((a, b) => a.seq - b.seq)) {
    if (clause.action !== 'permit') continue;
    if (clause.matchPrefixList === null) return { all: true };
    const list = policy.prefixLists.find((l) => l.name === clause.matchPrefixList);
    if (list === undefined) return { missing: `prefix list ${clause.matchPrefixList}` };
    for (const e of list.entries) {
      if (e.action !== 'permit') continue;
      const prefix = parseCidr(e.prefix);
      if (prefix === undefined) continue;
      const le = e.le === null ? prefix.length : Math.max(prefix.length, Math.min(32, e.le));
      ranges.push({ prefix, le, text: `${formatAddress(prefix.base)}/${prefix.length}${e.le === null ? '' : ` le ${e.le}`}` });
    }
  }
  return { all: false, ranges };
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
 * it names it). Built on first use and shared by the exit and host-pool checks.
 */
export function fabricPrefixes(fg: FabricGraph): readonly OwnPrefix[] {
  const seen = new Set<string>();
  const out: OwnPrefix[] = [];
  const add = (text: string, kind: OwnPrefix['kind'], vrf: string | undefined, network: string | undefined, what: (p: string) => string): void => {
    const c = parseCidr(text);
    if (c === undefined) return;
    const key = `${kind} ${vrf ?? ''} ${network ?? ''} ${c.base}/${c.length}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ prefix: c, kind, vrf, network, what: what(`${formatAddress(c.base)}/${c.length}`) });
  };
  for (const d of fg.devices) {
    const m = d.model;
    add(m.interfaces.loopback0.address, 'loopback', undefined, undefined, (p) => `the loopback ${p} of '${m.name}'`);
    if (m.interfaces.vtep !== null) add(m.interfaces.vtep.address, 'vtep', undefined, undefined, (p) => `the VTEP ${p} of '${m.name}'`);
    for (const f of m.interfaces.fabric) add(f.link, 'link', undefined, undefined, (p) => `the fabric link ${p}`);
    for (const s of m.interfaces.svis) add(s.address, 'subnet', s.vrf, s.network, (p) => `subnet ${p} of network '${s.network}' (VRF '${s.vrf}')`);
    for (const s of m.interfaces.subinterfaces) add(s.link, 'transit', s.vrf, undefined, (p) => `the transit ${p} of VRF '${s.vrf}'`);
    for (const v of m.bgp.vrfs) {
      for (const r of v.listenRanges) {
        for (const range of hostPoolsOf(m, v.vrf, r.peerGroup)) add(range.text.split(' ')[0] ?? '', 'host-pool', v.vrf, r.network, (p) => `host pool ${p} of network '${r.network}' (VRF '${v.vrf}')`);
      }
    }
  }
  return out;
}

/** The prefixes the hosts of a listen range's peer group may announce (its inbound route map). */
export function hostPoolsOf(m: DeviceModel, vrf: string, peerGroup: string): readonly PrefixRange[] {
  const group = m.bgp.vrfs.find((v) => v.vrf === vrf)?.peerGroups.find((g) => g.name === peerGroup);
  if (group === undefined) return [];
  const view = routeMapView(m.routingPolicy, group.routeMapIn);
  return 'ranges' in view ? view.ranges : [];
}
