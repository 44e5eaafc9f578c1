/**
 * Every VNI of every leaf, as the data plane (vxlan) and the control plane (EVPN, BGP VRFs) see it:
 * which leaves carry it, on which VLAN, for which network or VRF and tenant, with which route
 * targets. Built once; the uniqueness, overlay and isolation checks read it.
 */
import type { FabricGraph } from '../graph.js';

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
  /** Per device: its VNIs. */
  readonly byDevice: readonly (readonly VniUse[])[];
}

export function indexVnis(fg: FabricGraph): VniIndex {
  const byDevice: VniUse[][] = fg.devices.map(() => []);
  const all: VniUse[] = [];
  for (const d of fg.devices) {
    const m = d.model;
    const vlanInfo = new Map(m.vlans.map((v) => [v.id, v]));
    const evpnVnis = new Map(m.bgp.evpn.vnis.map((v) => [v.vni, v]));
    const bgpVrfs = new Map(m.bgp.vrfs.map((v) => [v.l3vni, v]));
    const vrfTenants = new Map(m.vrfs.map((v) => [v.name, v.tenant]));
    const seen = new Set<string>();
    const push = (u: VniUse): void => {
      const key = `${u.kind}:${u.vni}:${u.vlan}`;
      if (seen.has(key)) return;
      seen.add(key);
      byDevice[d.index]?.push(u);
      all.push(u);
    };
    for (const v of m.vxlan?.l2vnis ?? []) {
      const vlan = vlanInfo.get(v.vlan);
      const e = evpnVnis.get(v.vni);
      push({ device: d.index, vni: v.vni, kind: 'l2', vlan: v.vlan, name: v.network, tenant: vlan?.tenant, vrf: vlan?.vrf, routeTargets: e?.routeTargets });
    }
    for (const e of m.bgp.evpn.vnis) {
      const vlan = vlanInfo.get(e.vlan);
      push({ device: d.index, vni: e.vni, kind: 'l2', vlan: e.vlan, name: e.network, tenant: vlan?.tenant, vrf: vlan?.vrf, routeTargets: e.routeTargets });
    }
    for (const v of m.vxlan?.l3vnis ?? []) {
      const b = bgpVrfs.get(v.vni);
      push({ device: d.index, vni: v.vni, kind: 'l3', vlan: v.vlan, name: v.vrf, tenant: vrfTenants.get(v.vrf), vrf: v.vrf, routeTargets: b?.routeTargets });
    }
    for (const b of m.bgp.vrfs) {
      const vrf = m.vrfs.find((x) => x.name === b.vrf);
      push({ device: d.index, vni: b.l3vni, kind: 'l3', vlan: vrf?.vlan ?? 0, name: b.vrf, tenant: vrf?.tenant, vrf: b.vrf, routeTargets: b.routeTargets });
    }
  }
  all.sort((a, b) => a.vni - b.vni || a.device - b.device);
  const byVni = new Map<number, VniUse[]>();
  for (const u of all) {
    const list = byVni.get(u.vni);
    if (list === undefined) byVni.set(u.vni, [u]);
    else list.push(u);
  }
  return { byVni, byDevice };
}
