/**
 * Every VNI of every leaf, as the data plane (vxlan) and the control plane (EVPN, BGP VRFs) see it:
 * which leaves carry it, on which VLAN, for which network or VRF and tenant, with which route
 * targets. Built once; the uniqueness, overlay and isolation checks read it.
 */
import type { FabricGraph } from '../graph.js';
import { sortedLookup, vlanLookup } from './vlan-lookup.js';

export interface VniUse {
  readonly device: number;
  readonly vni: number;
  readonly kind: 'l2' | 'l3';
  /** The VLAN the leaf maps the VNI to. */
  readonly vlan: number;
  /** The network (L2) or VRF (L3). */
  readonly name: string;
  readonly tenant: string | undefined;
  /** The VRF of an L2 VNI's network, when the leaf routes it (or lists it in its VLANs). */
  readonly vrf: string | undefined;
  /** Route targets from the EVPN VNI (L2) or BGP VRF (L3) section; undefined when that section is missing. */
  readonly routeTargets: { readonly import: readonly string[]; readonly export: readonly string[] } | undefined;
}

export interface VniIndex {
  /** VNI → its uses, by device. Sorted by VNI. */
  readonly byVni: ReadonlyMap<number, readonly VniUse[]>;
  /** VNIs whose uses agree on everything but the device (kind, name, VLAN, tenant, VRF, route targets): checks look at one. */
  readonly uniform: ReadonlySet<number>;
  /** Per device: its VNIs, by VNI (made on first read: only findings need it). */
  readonly byDevice: readonly (readonly VniUse[])[];
}

/** What a use says besides its device. */
type UseFacts = Omit<VniUse, 'device'>;

/**
 * A use: its device, and its facts, which it shares with the previous use of the VNI when they are
 * the same (route targets the same object), as they are on every leaf of a VNI as built. 280,000
 * uses on the scale target were 280,000 objects of eight fields each, all kept to the end of the
 * verification (and copied by the collector twice); now two fields each (bench/PROFILE.md, §28).
 */
class Use implements VniUse {
  constructor(
    readonly device: number,
    readonly facts: UseFacts,
  ) {}
  get vni(): number {
    return this.facts.vni;
  }
  get kind(): 'l2' | 'l3' {
    return this.facts.kind;
  }
  get vlan(): number {
    return this.facts.vlan;
  }
  get name(): string {
    return this.facts.name;
  }
  get tenant(): string | undefined {
    return this.facts.tenant;
  }
  get vrf(): string | undefined {
    return this.facts.vrf;
  }
  get routeTargets(): VniUse['routeTargets'] {
    return this.facts.routeTargets;
  }
}

function sameFacts(a: UseFacts, kind: 'l2' | 'l3', vlan: number, name: string, tenant: string | undefined, vrf: string | undefined, routeTargets: VniUse['routeTargets']): boolean {
  return a.kind === kind && a.vlan === vlan && a.name === name && a.tenant === tenant && a.vrf === vrf && a.routeTargets === routeTargets;
}

/** The VNIs of a device as a set, built on first use (only findings need it). */
export function vniSets(index: VniIndex): (device: number) => ReadonlySet<number> {
  const cache = new Map<number, Set<number>>();
  return (device) => {
    let set = cache.get(device);
    if (set === undefined) {
      set = new Set((index.byDevice[device] ?? []).map((u) => u.vni));
      cache.set(device, set);
    }
    return set;
  };
}

/** Whether two devices carry a common VNI. */
export function shareVni(vnisOf: (device: number) => ReadonlySet<number>, a: number, b: number): boolean {
  const theirs = vnisOf(b);
  for (const v of vnisOf(a)) if (theirs.has(v)) return true;
  return false;
}

export function indexVnis(fg: FabricGraph): VniIndex {
  // Devices come in index order, so each VNI's list is sorted by device as it fills.
  const unsorted = new Map<number, Use[]>();
  for (const d of fg.devices) {
    const m = d.model;
    const vlanInfo = vlanLookup(m.vlans, 'last');
    const bgpVrfs = new Map(m.bgp.vrfs.map((v) => [v.l3vni, v]));
    const vrfByName = vrfLookup(m.vrfs);
    const l2Seen = new Map<number, number>();
    const l3Seen = new Map<number, number>();
    // vxlan and EVPN list the same VNIs in the same order unless the model was edited.
    const l2 = m.vxlan?.l2vnis ?? [];
    const ev = m.bgp.evpn.vnis;
    let aligned = l2.length === ev.length;
    for (let i = 0; aligned && i < l2.length; i++) aligned = l2[i]?.vni === ev[i]?.vni && l2[i]?.vlan === ev[i]?.vlan;
    // Aligned VNIs in ascending order (as built) repeat nothing: no need to remember them.
    let l2Repeats = !aligned;
    for (let i = 0; !l2Repeats && i < l2.length; i++) {
      const vni = l2[i]?.vni;
      l2Repeats = typeof vni !== 'number' || (i > 0 && !((l2[i - 1]?.vni ?? Infinity) < vni));
    }
    const push = (vni: number, kind: 'l2' | 'l3', vlan: number, name: string, tenant: string | undefined, vrf: string | undefined, routeTargets: VniUse['routeTargets']): void => {
      if (kind === 'l3' || l2Repeats) {
        const seen = kind === 'l2' ? l2Seen : l3Seen;
        if (seen.get(vni) === vlan) return;
        seen.set(vni, vlan);
      }
      const list = unsorted.get(vni);
      const last = list?.[list.length - 1]?.facts;
      const facts = last !== undefined && sameFacts(last, kind, vlan, name, tenant, vrf, routeTargets) ? last : { vni, kind, vlan, name, tenant, vrf, routeTargets };
      const u = new Use(d.index, facts);
      if (list === undefined) unsorted.set(vni, [u]);
      else list.push(u);
    };
    const evpnVnis = aligned ? undefined : new Map(ev.map((e) => [e.vni, e]));
    for (let i = 0; i < l2.length; i++) {
      const v = l2[i];
      if (v === undefined) continue;
      const vlan = vlanInfo.get(v.vlan);
      const e = evpnVnis === undefined ? ev[i] : evpnVnis.get(v.vni);
      push(v.vni, 'l2', v.vlan, v.network, vlan?.tenant, vlan?.vrf, e?.routeTargets);
    }
    for (const e of evpnVnis === undefined ? [] : ev) {
      if (l2Seen.get(e.vni) === e.vlan) continue;
      const vlan = vlanInfo.get(e.vlan);
      push(e.vni, 'l2', e.vlan, e.network, vlan?.tenant, vlan?.vrf, e.routeTargets);
    }
    // forEach, not for…of, over a leaf's L3VNIs and BGP VRFs: this runs once per device, mostly
    // before it is optimized, where for…of allocates an iterator result per element
    // (bench/PROFILE.md, section 33).
    (m.vxlan?.l3vnis ?? []).forEach((v) => {
      const b = bgpVrfs.get(v.vni);
      push(v.vni, 'l3', v.vlan, v.vrf, vrfByName.get(v.vrf)?.tenant, v.vrf, b?.routeTargets);
    });
    m.bgp.vrfs.forEach((b) => {
      const vrf = vrfByName.get(b.vrf);
      if (l3Seen.get(b.l3vni) === (vrf?.vlan ?? 0)) return;
      push(b.l3vni, 'l3', vrf?.vlan ?? 0, b.vrf, vrf?.tenant, b.vrf, b.routeTargets);
    });
  }
  const byVni = new Map<number, Use[]>();
  for (const vni of [...unsorted.keys()].sort((a, b) => a - b)) byVni.set(vni, unsorted.get(vni) ?? []);
  const uniform = new Set<number>();
  for (const [vni, uses] of byVni) {
    const first = uses[0];
    if (first !== undefined && uses.every((u, i) => i === 0 || ((u.facts === first.facts || sameUse(first, u)) && (uses[i - 1]?.device ?? -1) < u.device))) uniform.add(vni);
  }
  let byDevice: VniUse[][] | undefined;
  return {
    byVni,
    get byDevice(): readonly (readonly VniUse[])[] {
      if (byDevice === undefined) {
        const lists: VniUse[][] = fg.devices.map(() => []);
        for (const uses of byVni.values()) for (const u of uses) lists[u.device]?.push(u);
        byDevice = lists;
      }
      return byDevice;
    },
    uniform,
  };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a?.length !== b?.length || a === undefined || b === undefined) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameUse(a: VniUse, b: VniUse): boolean {
  return (
    a.kind === b.kind &&
    a.name === b.name &&
    a.vlan === b.vlan &&
    a.tenant === b.tenant &&
    a.vrf === b.vrf &&
    (a.routeTargets === b.routeTargets || (sameList(a.routeTargets?.import, b.routeTargets?.import) && sameList(a.routeTargets?.export, b.routeTargets?.export)))
  );
}

/**
 * A device's VRFs by name: a binary search where the build lists them by name (ascending, so each
 * once), else a map in which the last VRF of a name wins, as before. Two maps per leaf of 80 VRFs
 * were 160,000 entries on the scale target.
 */
function vrfLookup<V extends { readonly name: string }>(vrfs: readonly V[]): { get(name: string): V | undefined } {
  return sortedLookup(vrfs, (v) => v.name, 'string') ?? new Map(vrfs.map((v) => [v.name, v]));
}
