/**
 * The filters of a leaf's sessions to external routers and to hosts: prefix lists and the route
 * maps that apply them, shared by every leaf that needs the same ones.
 *
 * - `PL-<vrf>-ACCEPT`: what the VRF takes from outside. `0.0.0.0/0` permits the default route
 *   alone; every other entry its prefix `le 32` (a /32 alone). `RM-<vrf>-EXTERNAL-IN` permits it.
 * - `PL-<vrf>-ADVERTISE`: what the VRF announces outside: its subnets (each exactly), its hosts'
 *   accept pools (`le 32`), or its aggregates (each exactly). `RM-<vrf>-EXTERNAL-OUT` permits it
 *   and nothing else, so neither the underlay, another VRF, the hosts' /32 routes nor a route learned
 *   outside ever leaves — in particular a route another tenant's VRF sent out through the firewall
 *   and this VRF accepted is not announced back. A VRF that announces nothing (`advertise: none`,
 *   or `subnets` with no routed subnet or host pool) has no such list, and the route map denies
 *   all: no route map ever names an empty or absent prefix list.
 * - `PL-<network>-HOSTS` and `RM-<network>-HOSTS-IN`: a host may announce prefixes inside the
 *   network's accept pools, up to /32. `RM-HOSTS-OUT` denies everything: the leaves announce nothing
 *   to hosts, which route through the anycast gateway.
 */
import type { DeviceContext, FabricIndex } from './context.js';
import { perFabric } from './context.js';
import type { PrefixList, PrefixListEntry, RouteMap, RoutingPolicy } from './device-model.js';
import { policyNames } from './external.js';
import type { Prefix, ResolvedNetwork, ResolvedVrf } from '../resolve/fabric-model.js';
import { compareNatural } from '../shared/natural-order.js';
import { mapList } from '../shared/lists.js';

const sharedLists = perFabric<PrefixList>();
const sharedMaps = perFabric<RouteMap>();
const emptyPolicy: RoutingPolicy = Object.freeze({ prefixLists: [], routeMaps: [] });

export function buildRoutingPolicy(ctx: DeviceContext): RoutingPolicy {
  const { index } = ctx;
  const prefixLists: PrefixList[] = [];
  const routeMaps: RouteMap[] = [];
  const handedOff = new Set(mapList(index.externalsByLeaf.get(ctx.name) ?? [], (s) => s.vrf.name));
  for (const vrf of ctx.vrfs) {
    if (!handedOff.has(vrf.name) || vrf.external === null) continue;
    prefixLists.push(acceptList(index, vrf));
    routeMaps.push(matchMap(index, policyNames.externalIn(vrf.name), policyNames.acceptList(vrf.name)));
    // Nothing to announce (`advertise: none`, or `subnets` without a routed subnet or host pool:
    // CLOS3130): deny all, and no advertise list. An empty prefix list is no filter to rely on:
    // the FRR and NX-OS templates write a list as its entry lines, so the route map would name a
    // list the device lacks, and what a clause matching a missing list lets through depends on
    // the platform.
    if (vrf.external.announced.length === 0) {
      routeMaps.push(denyAll(index, policyNames.externalOut(vrf.name)));
    } else {
      prefixLists.push(advertiseList(index, vrf));
      routeMaps.push(matchMap(index, policyNames.externalOut(vrf.name), policyNames.advertiseList(vrf.name)));
    }
  }
  let hosts = false;
  for (const n of ctx.networks) {
    if (n.bgpHosts === null || index.hostSessions.get(n.name)?.get(ctx.name) === undefined) continue;
    hosts = true;
    prefixLists.push(hostsList(index, n));
    routeMaps.push(matchMap(index, policyNames.hostsIn(n.name), policyNames.hostsList(n.name)));
  }
  if (hosts) routeMaps.push(denyAll(index, policyNames.hostsOut));
  if (prefixLists.length === 0 && routeMaps.length === 0) return emptyPolicy;
  prefixLists.sort((a, b) => compareNatural(a.name, b.name));
  routeMaps.sort((a, b) => compareNatural(a.name, b.name));
  return { prefixLists, routeMaps };
}

/** A prefix alone, or with every longer prefix inside it (`le 32`; a /32 has none). */
function entry(i: number, prefix: Prefix, orLonger: boolean): PrefixListEntry {
  return { seq: 10 * (i + 1), action: 'permit', prefix: prefix.cidr, le: orLonger && prefix.length < 32 ? 32 : null };
}

function acceptList(index: FabricIndex, vrf: ResolvedVrf): PrefixList {
  const name = policyNames.acceptList(vrf.name);
  return sharedLists(index, name, () => ({ name, entries: mapList(vrf.external?.accept ?? [], (p, i) => entry(i, p, p.length > 0)) }));
}

function advertiseList(index: FabricIndex, vrf: ResolvedVrf): PrefixList {
  const name = policyNames.advertiseList(vrf.name);
  return sharedLists(index, name, () => ({ name, entries: mapList(vrf.external?.announced ?? [], (a, i) => entry(i, a.prefix, !a.exact)) }));
}

function hostsList(index: FabricIndex, network: ResolvedNetwork): PrefixList {
  const name = policyNames.hostsList(network.name);
  return sharedLists(index, name, () => ({ name, entries: mapList(network.bgpHosts?.accept ?? [], (p, i) => entry(i, p, true)) }));
}

function matchMap(index: FabricIndex, name: string, list: string): RouteMap {
  return sharedMaps(index, name, () => ({ name, entries: [{ seq: 10, action: 'permit', matchPrefixList: list }] }));
}

function denyAll(index: FabricIndex, name: string): RouteMap {
  return sharedMaps(index, name, () => ({ name, entries: [{ seq: 10, action: 'deny', matchPrefixList: null }] }));
}
