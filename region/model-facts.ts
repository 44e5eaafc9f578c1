/**
 * The facts the region's rules read (FabricFacts), from a fabric's device models as a region's
 * build directory holds them — what will be deployed, hand edits included — for `clos verify
 * <region build dir>`. The same rules as on the intent then prove the deployed addressing: no
 * address or subnet of one fabric overlaps one of another, each lies in a plan block of its
 * purpose (the plan recorded in the region manifest), each tenant VRF has one L3VNI and one route
 * target across the fabrics, and spine ASNs are distinct. Findings name the device.
 *
 * Every device is read, not one per fabric: a VRF whose L3VNI or route target, a network whose
 * VNI, or a spine whose ASN was edited on one device alone is a fact of its own (one per value,
 * placed on the first device, by name, that has it), so the edit is judged wherever it is.
 *
 * What the models deploy, by kind (the intent's pools are reservations; the models hold the
 * addresses taken from them):
 *
 * | kind               | from each device model                     | plan purpose   |
 * |--------------------|--------------------------------------------|----------------|
 * | `loopback-address` | Loopback0's /32                            | infrastructure |
 * | `vtep-address`     | the VTEP loopback's /32                    | infrastructure |
 * | `link-subnet`      | each fabric link's /31                     | infrastructure |
 * | `tenant-subnet`    | each SVI's subnet, in its VRF (on FRR also each Linux bridge's) | tenants |
 * | `external-transit` | each hand-off sub-interface's /31, in its VRF | infrastructure |
 * | `host-pool`        | each prefix a leaf's BGP hosts may announce: the permit entries of the prefix list the inbound route map of a `hosts` peer group matches | tenants |
 *
 * Besides owned prefixes, what each border announces outside as aggregates (`bgp.vrfs[].aggregates`)
 * and takes from outside (its external sessions' inbound filters).
 *
 * Hand-edited models are read with their shape checked (verify/read-model.ts); an address that
 * does not parse is skipped here (the fabric's own verifier reports it).
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { Prefix } from '../compiler/resolve/fabric-model.js';
import { formatAddress, parseCidr } from '../compiler/shared/ipv4.js';
import { purposeOf } from './owned-prefixes.js';
import { firstByAsn } from './rules/spine-asns.js';
import { routeMapView } from '../verify/analysis/route-filters.js';
import type { FabricFacts, OwnedKind, OwnedPrefix, Place } from './region-model.js';

/** The prefix an interface address (`10.1.0.1/31`) or a route (`10.8.0.0/16`) holds; `whole`: its address alone, as a /32. */
function prefixOf(text: string, whole: boolean): Prefix | undefined {
  const cidr = parseCidr(text);
  if (cidr === undefined) return undefined;
  return whole
    ? { cidr: `${formatAddress(cidr.address)}/32`, base: cidr.address, length: 32, size: 1 }
    : { cidr: `${formatAddress(cidr.base)}/${cidr.length}`, base: cidr.base, length: cidr.length, size: cidr.size };
}

/** A fabric's facts from its device models; `dir` is its directory in the region's output. */
export function modelFacts(dir: string, name: string, devices: readonly DeviceModel[]): FabricFacts {
  const prefixes: OwnedPrefix[] = [];
  const seen = new Set<string>();
  /** Where each fact is: the first device (by name) that holds it. */
  const places = new Map<string, string>();
  const add = (text: string | undefined, kind: OwnedKind, device: string, owner: string, whole: boolean, tenant?: string, vrf?: string): void => {
    if (typeof text !== 'string') return;
    const prefix = prefixOf(text, whole);
    if (prefix === undefined) return;
    const id = `${kind}\u0000${prefix.cidr}\u0000${tenant ?? ''}\u0000${vrf ?? ''}`;
    if (seen.has(id)) return;
    seen.add(id);
    const key = `model:${id}`;
    places.set(key, device);
    prefixes.push({ prefix, kind, purpose: purposeOf[kind], tenant, vrf, owner, key });
  };
  const vrfs = new Map<string, { tenant: string; name: string; l3vni: number; routeTarget: string; key: string }>();
  const networks = new Map<string, { name: string; vni: number; key: string }>();
  const spineAsns = new Map<number, string>();
  const accepts = new Map<string, { vrf: string; prefix: Prefix; key: string }>();
  const aggregates = new Map<string, { tenant: string | undefined; vrf: string; prefix: Prefix; key: string }>();
  const sorted = [...devices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names: { name: string; key: string }[] = [];
  for (const d of sorted) {
    const deviceKey = `model:device\u0000${d.name}`;
    names.push({ name: d.name, key: deviceKey });
    places.set(deviceKey, d.name);
    const i = d.interfaces;
    add(i.loopback0.address, 'loopback-address', d.name, `Loopback0 of ${d.name}`, true);
    add(i.vtep?.address, 'vtep-address', d.name, `VTEP of ${d.name}`, true);
    for (const f of i.fabric) add(f.address, 'link-subnet', d.name, `${d.name} ${f.name}`, false);
    const tenantOf = new Map(d.vrfs.map((v) => [v.name, v.tenant]));
    for (const s of i.svis) add(s.address, 'tenant-subnet', d.name, `network ${s.network}`, false, tenantOf.get(s.vrf), s.vrf);
    // On FRR the gateway is put on the Linux bridge (interfaces.sh renders it from there).
    const networkOf = new Map(d.vlans.map((v) => [v.id, v.network]));
    for (const b of d.linux?.bridges ?? []) {
      if (b.address !== null && b.vrf !== null) add(b.address, 'tenant-subnet', d.name, `network ${networkOf.get(b.vlan) ?? b.name}`, false, tenantOf.get(b.vrf), b.vrf);
    }
    for (const s of i.subinterfaces) add(s.link, 'external-transit', d.name, `external peer ${d.name} ${s.name}`, false, tenantOf.get(s.vrf), s.vrf);
    for (const h of hostPools(d)) add(h.prefix, 'host-pool', d.name, `BGP hosts of network ${h.network}`, false, tenantOf.get(h.vrf), h.vrf);
    // Every device's, not the first's: a VRF or network given another VNI or route target on one
    // leaf is an entry of its own, placed on the first device (by name) that has it.
    for (const v of d.vrfs) {
      const routeTarget = v.routeTargets.export[0] ?? '';
      const key = `model:vrf\u0000${v.tenant}/${v.name}\u0000${v.l3vni}\u0000${routeTarget}`;
      if (vrfs.has(key)) continue;
      vrfs.set(key, { tenant: v.tenant, name: v.name, l3vni: v.l3vni, routeTarget, key });
      places.set(key, d.name);
    }
    for (const vlan of d.vlans) {
      if (vlan.kind !== 'l2' || vlan.network === null) continue;
      const key = `model:network\u0000${vlan.network}\u0000${vlan.vni}`;
      if (networks.has(key)) continue;
      networks.set(key, { name: vlan.network, vni: vlan.vni, key });
      places.set(key, d.name);
    }
    // What the borders take from outside besides the default route: their external sessions' inbound filters.
    for (const v of d.bgp.vrfs) {
      for (const g of v.peerGroups) {
        if (g.purpose !== 'external') continue;
        const view = routeMapView(d.routingPolicy, g.routeMapIn);
        const ranges = 'all' in view && view.all ? [{ prefix: { base: 0, length: 0, size: 2 ** 32 }, le: 32 }] : 'ranges' in view ? view.ranges : [];
        for (const { prefix: { base, length, size }, le } of ranges) {
          if (le === 0) continue; // the default route alone
          const cidr = `${formatAddress(base)}/${length}`;
          const key = `model:accept\u0000${v.vrf}\u0000${cidr}`;
          if (accepts.has(key)) continue;
          accepts.set(key, { vrf: v.vrf, prefix: { cidr, base, length, size }, key });
          places.set(key, d.name);
        }
      }
    }
    // What the borders announce outside as aggregates (their own summaries, held to the region's rules).
    for (const v of d.bgp.vrfs) {
      for (const text of v.aggregates) {
        const prefix = prefixOf(text, false);
        if (prefix === undefined) continue;
        const key = `model:aggregate\u0000${v.vrf}\u0000${prefix.cidr}`;
        if (aggregates.has(key)) continue;
        aggregates.set(key, { tenant: tenantOf.get(v.vrf), vrf: v.vrf, prefix, key });
        places.set(key, d.name);
      }
    }
    // The ASN the spine runs BGP with (`router bgp`), on every spine.
    if (d.role === 'spine' && !spineAsns.has(d.bgp.asn)) {
      const key = `model:spine-asn\u0000${d.bgp.asn}`;
      spineAsns.set(d.bgp.asn, key);
      places.set(key, d.name);
    }
  }
  const first = sorted[0]?.name;
  const firstVrf = [...vrfs.values()][0];
  const rt = firstVrf?.routeTarget;
  const rtAsn = rt === undefined ? 0 : Number(rt.slice(0, rt.indexOf(':')));
  if (firstVrf !== undefined) places.set('fabric.evpn.rt_asn', places.get(firstVrf.key) ?? first ?? '');
  return {
    dir,
    name,
    prefixes,
    devices: names,
    vrfs: [...vrfs.values()],
    networks: [...networks.values()],
    spineAsns: [...spineAsns].map(([asn, key]) => ({ asn, key })),
    leafAsns: firstByAsn(devices.filter((d) => d.role === 'leaf').map((d) => ({ asn: d.bgp.asn, name: d.name }))),
    accepts: [...accepts.values()],
    aggregates: [...aggregates.values()],
    rtAsn,
    rtAsnExplicit: undefined,
    at: (key): Place => {
      const device = places.get(key) ?? (key === 'fabric' ? first : undefined);
      return device === undefined ? {} : { device };
    },
  };
}

/**
 * What the hosts of each network may announce to this leaf: per VRF, each `hosts` peer group's
 * inbound route map, the prefix lists its permit clauses match, and their permit entries.
 */
function hostPools(d: DeviceModel): { prefix: string; network: string; vrf: string }[] {
  const lists = new Map(d.routingPolicy.prefixLists.map((l) => [l.name, l]));
  const maps = new Map(d.routingPolicy.routeMaps.map((m) => [m.name, m]));
  const out: { prefix: string; network: string; vrf: string }[] = [];
  for (const v of d.bgp.vrfs) {
    for (const g of v.peerGroups) {
      if (g.purpose !== 'hosts') continue;
      const network = v.listenRanges.find((r) => r.peerGroup === g.name)?.network ?? g.name;
      for (const clause of maps.get(g.routeMapIn)?.entries ?? []) {
        if (clause.action !== 'permit' || clause.matchPrefixList === null) continue;
        for (const e of lists.get(clause.matchPrefixList)?.entries ?? []) if (e.action === 'permit') out.push({ prefix: e.prefix, network, vrf: v.vrf });
      }
    }
  }
  return out;
}
