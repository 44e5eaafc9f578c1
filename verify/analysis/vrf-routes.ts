/**
 * Routes that enter a VRF at some of its leaves and must reach all the others: what a border
 * learns from the routers outside (an exit), what a leaf learns from hosts that speak BGP. Such a
 * route sits in the VRF's BGP table of its source leaf, which exports it into EVPN as a type-5
 * route with its own VTEP as next hop and the VRF's route targets; it reaches another leaf of the
 * VRF when the leaf's EVPN routes from the source arrive with that next hop (the routing analysis:
 * set arithmetic on a two-tier Clos, the path-vector engine otherwise) and the leaf imports one of
 * the route targets. Both methods answer through `routing.evpnFrom`, so what the self-check proves
 * for EVPN routes holds for these.
 *
 * Many leaves can be sources (every leaf of a rack with BGP hosts), each checked against every leaf
 * of its VRF. On a two-tier Clos where no two leaves share an ASN, what reaches a leaf depends only
 * on the source's spine row and the route targets it exports, as evpnFrom computes it, so sources
 * alike share one answer (less the source itself).
 */
import type { BgpVrf } from '../../compiler/build/device-model.js';
import type { FabricGraph } from '../graph.js';
import type { RoutingAnalysis } from './routing.js';
import { advertisesVnis } from './platform-behaviour.js';

export interface VrfRoutes {
  /** VRF name → the leaves that carry it (their model lists it), ascending. */
  readonly leavesOf: ReadonlyMap<string, readonly number[]>;
  /** The device's BGP section of a VRF, if any. */
  bgpVrf(device: number, vrf: string): BgpVrf | undefined;
  /** Why the device does not export the VRF's routes into EVPN; undefined when it does. */
  exportProblem(device: number, vrf: string): string | undefined;
  /** Whether `leaf` imports the VRF routes `source` exports (a shared route target). */
  imports(leaf: number, source: number, vrf: string): boolean;
  /** The other leaves of the VRF that receive and import the VRF routes `source` originates. */
  receivers(source: number, vrf: string, routing?: RoutingAnalysis): ReadonlySet<number>;
}

export function analyseVrfRoutes(fg: FabricGraph, routing: RoutingAnalysis): VrfRoutes {
  /** The build lists a device's BGP VRFs by name: a binary search, then a scan for edited models. */
  const bgpVrf = (device: number, vrf: string): BgpVrf | undefined => {
    const list = fg.devices[device]?.model.bgp.vrfs ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const name = list[mid]?.vrf ?? '';
      if (name === vrf) return list[mid];
      if (name < vrf) lo = mid + 1;
      else hi = mid;
    }
    return list.find((v) => v.vrf === vrf);
  };
  const leavesOf = new Map<string, number[]>();
  /** Per VRF, each of its leaves' BGP section (in `leavesOf` order). */
  const sectionsOf = new Map<string, (BgpVrf | undefined)[]>();
  for (const d of fg.leaves) {
    const m = fg.devices[d]?.model;
    if (m === undefined) continue;
    const sections = m.bgp.vrfs;
    // The build lists the BGP sections by name, distinct, in the order of the VRFs: then the
    // section at the VRF's position is the one the search finds; otherwise search.
    const ordered = ascending(sections);
    for (let i = 0; i < m.vrfs.length; i++) {
      const name = m.vrfs[i]?.name ?? '';
      const at = sections[i];
      const section = ordered && at?.vrf === name ? at : bgpVrf(d, name);
      const list = leavesOf.get(name);
      if (list === undefined) {
        leavesOf.set(name, [d]);
        sectionsOf.set(name, [section]);
      } else {
        list.push(d);
        sectionsOf.get(name)?.push(section);
      }
    }
  }
  const exportProblem = (device: number, vrf: string): string | undefined => {
    const m = fg.devices[device]?.model;
    if (m === undefined) return 'it is not a device of the fabric';
    const b = bgpVrf(device, vrf);
    if (b === undefined) return 'it has no BGP section for the VRF';
    if (b.routeTargets.export.length === 0) return 'its BGP VRF exports no route target';
    if (!(m.vxlan?.l3vnis ?? []).some((l) => l.vrf === vrf)) return 'the VRF has no L3VNI in its VXLAN section';
    if (routing.evpnOrigin[device] !== 1) return advertisesVnis(m) ? 'it originates no EVPN routes' : 'advertise-all-vni is off';
    return undefined;
  };
  const imports = (leaf: number, source: number, vrf: string): boolean => sharesTarget(bgpVrf(source, vrf)?.routeTargets.export ?? [], bgpVrf(leaf, vrf)?.routeTargets.import ?? []);
  const noSections: readonly (BgpVrf | undefined)[] = [];
  const kept = new Map<number, Int32Array>();
  const asns = new Set(fg.leaves.map((l) => fg.devices[l]?.model.bgp.asn));
  const send = routing.evpnSend;
  const receive = routing.evpnReceive;
  const groupable = routing.method === 'two-tier' && asns.size === fg.leaves.length;
  const groups = new Map<string, ReadonlySet<number>>();
  const receivers = (source: number, vrf: string, r: RoutingAnalysis = routing): ReadonlySet<number> => {
    if (exportProblem(source, vrf) !== undefined) return new Set<number>();
    if (groupable && r === routing && send !== undefined && receive !== undefined) {
      const row = routing.leafRow[source] ?? 0;
      const exported = bgpVrf(source, vrf)?.routeTargets.export ?? [];
      const key = `${vrf}|${send.key(row)}|${exported.join(' ')}`;
      let group = groups.get(key);
      if (group === undefined) {
        const set = new Set<number>();
        const leaves = leavesOf.get(vrf) ?? [];
        const sections = sectionsOf.get(vrf) ?? noSections;
        for (let i = 0; i < leaves.length; i++) {
          const leaf = leaves[i] ?? 0;
          if (send.shared(row, receive, routing.leafRow[leaf] ?? 0) > 0 && sharesTarget(exported, sections[i]?.routeTargets.import ?? [])) set.add(leaf);
        }
        group = set;
        groups.set(key, group);
      }
      return group.has(source) ? new Without(group, source) : group;
    }
    const out = new Set<number>();
    let paths: Int32Array | undefined = r === routing ? kept.get(source) : undefined;
    if (paths === undefined) {
      paths = r.evpnFrom(source).kept;
      if (r === routing) kept.set(source, paths);
    }
    const exported = bgpVrf(source, vrf)?.routeTargets.export ?? [];
    const leaves = leavesOf.get(vrf) ?? [];
    const sections = sectionsOf.get(vrf) ?? noSections;
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i] ?? 0;
      if (leaf !== source && (paths[leaf] ?? 0) > 0 && sharesTarget(exported, sections[i]?.routeTargets.import ?? [])) out.add(leaf);
    }
    return out;
  };
  return { leavesOf, bgpVrf, exportProblem, imports, receivers };
}

/** Whether a route exported with `exported` targets is imported by `imported`. */
function sharesTarget(exported: readonly string[], imported: readonly string[]): boolean {
  for (const rt of exported) if (imported.includes(rt)) return true;
  return false;
}

/** Whether the sections are listed by name, strictly ascending (so no name twice). */
function ascending(sections: readonly BgpVrf[]): boolean {
  for (let i = 1; i < sections.length; i++) if (!((sections[i - 1]?.vrf ?? '') < (sections[i]?.vrf ?? ''))) return false;
  return true;
}

/**
 * A group of receivers less the source, without copying the group (one per source and VRF: a
 * thousand sets of a thousand leaves on the scale target). Iterates in the group's order.
 */
class Without implements ReadonlySet<number> {
  constructor(
    private readonly group: ReadonlySet<number>,
    private readonly left: number,
  ) {}

  get size(): number {
    return this.group.size - (this.group.has(this.left) ? 1 : 0);
  }

  has(value: number): boolean {
    return value !== this.left && this.group.has(value);
  }

  forEach(callback: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    // The group's own forEach, not this class's generator: no iterator result per value.
    this.group.forEach((v) => {
      if (v !== this.left) callback.call(thisArg, v, v, this);
    });
  }

  *values(): SetIterator<number> {
    for (const v of this.group) if (v !== this.left) yield v;
  }

  keys(): SetIterator<number> {
    return this.values();
  }

  *entries(): SetIterator<[number, number]> {
    for (const v of this.values()) yield [v, v];
  }

  [Symbol.iterator](): SetIterator<number> {
    return this.values();
  }
}
