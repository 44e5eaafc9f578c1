/**
 * The prefixes a fabric owns — the one place that says which they are, for the region's rules
 * (overlap across fabrics, plan blocks) and its address plan (clos doc). A feature that gives a
 * fabric new addresses adds them here, and every rule and the plan see them.
 *
 * A fabric owns:
 *
 * | kind               | from                                  | plan purpose     |
 * |--------------------|---------------------------------------|------------------|
 * | `loopback-pool`    | `fabric.pools.loopback`               | infrastructure   |
 * | `vtep-pool`        | `fabric.pools.vtep`                   | infrastructure   |
 * | `p2p-pool`         | `fabric.pools.p2p`                    | infrastructure   |
 * | `external-transit` | `vrfs[].external.peers[].subnet`      | infrastructure   |
 * | `tenant-subnet`    | `networks[].subnet`                   | tenants          |
 * | `host-pool`        | `networks[].bgp_hosts.accept[]`       | tenants          |
 *
 * Whole pools, not the addresses used so far: a pool is the fabric's reservation, and the next
 * leaf takes its address from it. External transit /31s are router-to-router links, addressed by
 * the network team like the fabric's own links; host pools (Kubernetes pod and service ranges)
 * are workload addresses, routed in the tenant's VRF like its subnets. What a VRF accepts from
 * outside (`external.accept`, often 0.0.0.0/0) and the aggregates it advertises are not owned:
 * they are other networks' prefixes, or summaries of the fabric's own (rules/aggregates.ts holds
 * an aggregate to that: it overlaps no prefix of another fabric).
 */
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import type { OwnedKind, OwnedPrefix, PlanPurpose } from './region-model.js';

/** The plan purpose of each kind of prefix (the table above). */
export const purposeOf: Readonly<Record<OwnedKind, PlanPurpose>> = {
  'loopback-pool': 'infrastructure',
  'vtep-pool': 'infrastructure',
  'p2p-pool': 'infrastructure',
  'external-transit': 'infrastructure',
  'tenant-subnet': 'tenants',
  'host-pool': 'tenants',
  // What device models deploy from the pools (region/model-facts.ts).
  'loopback-address': 'infrastructure',
  'vtep-address': 'infrastructure',
  'link-subnet': 'infrastructure',
};

/** How each kind is named in messages and the plan, e.g. `tenant subnet 10.1.0.0/24 (network web)`. */
export const kindTitles: Readonly<Record<OwnedKind, string>> = {
  'loopback-pool': 'loopback pool',
  'vtep-pool': 'VTEP pool',
  'p2p-pool': 'p2p pool',
  'external-transit': 'external transit subnet',
  'tenant-subnet': 'tenant subnet',
  'host-pool': 'host BGP pool',
  'loopback-address': 'loopback',
  'vtep-address': 'VTEP address',
  'link-subnet': 'link',
};

/** Every prefix the fabric owns: pools first, then by tenant, VRF and network, as the fabric lists them. */
export function ownedPrefixes(fabric: FabricModel): OwnedPrefix[] {
  const out: OwnedPrefix[] = [];
  const add = (prefix: OwnedPrefix['prefix'], kind: OwnedKind, owner: string, key: string, tenant?: string, vrf?: string): void => {
    out.push({ prefix, kind, purpose: purposeOf[kind], tenant, vrf, owner, key });
  };
  const pools = fabric.settings.pools;
  add(pools.loopback, 'loopback-pool', 'pool loopback', 'fabric.pools.loopback');
  add(pools.vtep, 'vtep-pool', 'pool vtep', 'fabric.pools.vtep');
  add(pools.p2p, 'p2p-pool', 'pool p2p', 'fabric.pools.p2p');

  for (const vrf of fabric.vrfs) {
    for (const peer of vrf.external?.peers ?? []) {
      const at = `${peer.leaf}:${peer.port}.${peer.vlan}`;
      add(peer.subnet, 'external-transit', `external peer ${peer.leaf} port ${peer.port} VLAN ${peer.vlan}`, `peer:${at}.subnet`, vrf.tenant, vrf.name);
    }
  }

  for (const network of fabric.networks) {
    if (network.subnet !== undefined) add(network.subnet.prefix, 'tenant-subnet', `network ${network.name}`, `network:${network.name}.subnet`, network.tenant, network.vrf);
    for (const accept of network.bgpHosts?.accept ?? []) {
      add(accept, 'host-pool', `BGP hosts of network ${network.name}`, `network:${network.name}.bgp_hosts.accept.${accept.cidr}`, network.tenant, network.vrf);
    }
  }
  return out;
}

/** `ota/prod`, or `prod` where the tenant is not known: a VRF as messages name it. */
export function vrfLabel(tenant: string | undefined, vrf: string): string {
  return tenant === undefined ? vrf : `${tenant}/${vrf}`;
}

/** `aggregate 10.8.0.0/13 (announced outside by VRF ota/prod)`: an aggregate as messages name it. */
export function describeAggregate(a: { readonly tenant: string | undefined; readonly vrf: string; readonly prefix: { readonly cidr: string } }): string {
  return `aggregate ${a.prefix.cidr} (announced outside by VRF ${vrfLabel(a.tenant, a.vrf)})`;
}

/** `tenant subnet 10.1.0.0/24 (network web, VRF ota/prod)`: a prefix as messages name it. */
export function describeOwned(p: OwnedPrefix): string {
  const where = p.tenant === undefined ? '' : `, VRF ${p.tenant}/${p.vrf ?? ''}`;
  const owner = p.kind.endsWith('-pool') && p.tenant === undefined ? '' : ` (${p.owner}${where})`;
  return `${kindTitles[p.kind]} ${p.prefix.cidr}${owner}`;
}
