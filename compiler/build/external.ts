/**
 * The way out and BGP to hosts, per device: the routed hand-off ports and their 802.1Q
 * sub-interfaces (one per VRF handed off), and per VRF the peer groups, external neighbours,
 * dynamic-neighbour listen ranges and aggregates. The filters they name are built in
 * routing-policy.ts from the same names (policyNames).
 *
 * What a border does with a VRF's routes, on every platform: the external session is eBGP in the
 * VRF; what it accepts is already in the VRF's BGP table, so the VRF's EVPN export (FRR `advertise
 * ipv4 unicast`, EOS `route-target export evpn`, NX-OS `advertise l2vpn evpn`) sends it to every
 * leaf of the VRF as a type-5 route with the border's VTEP as next hop; leaves with several borders
 * install one path per border (maximum-paths). Routes from hosts take the same way from their leaf.
 */
import { compareNatural } from '../shared/natural-order.js';
import type { DeviceContext, ExternalSession, FabricIndex } from './context.js';
import { perFabric } from './context.js';
import { maxListenLimit, type ExternalPort, type ListenRange, type RoutedSubinterface, type VrfNeighbor, type VrfPeerGroup } from './device-model.js';
import { hostAddressCount } from '../shared/ipv4.js';
import { portName, subinterfaceName, sviName } from './naming.js';
import type { ResolvedNetwork, ResolvedVrf } from '../resolve/fabric-model.js';
import { mapList } from '../shared/lists.js';

/** The hand-off carries standard Ethernet frames: routers outside rarely agree on more. */
export const externalMtu = 1500;

/** Names of a VRF's or a network's peer group and filters; fabric-unique (VRF and network names are). */
export const policyNames = {
  externalGroup: (vrf: string): string => `EXTERNAL-${vrf}`,
  hostsGroup: (network: string): string => `HOSTS-${network}`,
  acceptList: (vrf: string): string => `PL-${vrf}-ACCEPT`,
  advertiseList: (vrf: string): string => `PL-${vrf}-ADVERTISE`,
  hostsList: (network: string): string => `PL-${network}-HOSTS`,
  externalIn: (vrf: string): string => `RM-${vrf}-EXTERNAL-IN`,
  externalOut: (vrf: string): string => `RM-${vrf}-EXTERNAL-OUT`,
  hostsIn: (network: string): string => `RM-${network}-HOSTS-IN`,
  /** Shared by every hosts group: the leaves announce nothing to hosts. */
  hostsOut: 'RM-HOSTS-OUT',
} as const;

export interface ExternalInterfaces {
  readonly external: ExternalPort[];
  readonly subinterfaces: RoutedSubinterface[];
}

export function buildExternalInterfaces(ctx: DeviceContext): ExternalInterfaces {
  const sessions = ctx.index.externalsByLeaf.get(ctx.name) ?? [];
  if (sessions.length === 0) return { external: [], subinterfaces: [] };
  const subinterfaces: RoutedSubinterface[] = [];
  const byPort = new Map<number, { vrfs: string[]; subs: string[] }>();
  for (const { vrf, peer } of sessions) {
    const parent = portName(ctx.platform, peer.port);
    const name = subinterfaceName(parent, peer.vlan);
    subinterfaces.push({
      kind: 'subinterface',
      name,
      parent,
      port: peer.port,
      vlan: peer.vlan,
      vrf: vrf.name,
      address: `${peer.leafAddress}/31`,
      mtu: externalMtu,
      description: `${vrf.name} to AS ${peer.asn} ${peer.peerAddress}`,
      peer: { address: peer.peerAddress, asn: peer.asn },
      link: peer.subnet.cidr,
    });
    const port = byPort.get(peer.port) ?? { vrfs: [], subs: [] };
    if (!port.vrfs.includes(vrf.name)) port.vrfs.push(vrf.name);
    port.subs.push(name);
    byPort.set(peer.port, port);
  }
  subinterfaces.sort((a, b) => compareNatural(a.name, b.name));
  const external: ExternalPort[] = mapList([...byPort], ([port, p]) => ({
    kind: 'external',
    name: portName(ctx.platform, port),
    port,
    mtu: externalMtu,
    description: `external hand-off ${p.vrfs.sort().join(', ')}`,
    subinterfaces: p.subs.sort(compareNatural),
  }));
  external.sort((a, b) => compareNatural(a.name, b.name));
  return { external, subinterfaces };
}

/** What `bgp.vrfs[]` holds besides RD and route targets. */
export interface VrfPeering {
  readonly peerGroups: readonly VrfPeerGroup[];
  readonly neighbors: readonly VrfNeighbor[];
  readonly listenRanges: readonly ListenRange[];
  readonly listenLimit: number | null;
  readonly aggregates: readonly string[];
}

const sharedExternalGroup = perFabric<VrfPeerGroup>();
const sharedHostsGroup = perFabric<VrfPeerGroup>();
const sharedAggregates = perFabric<readonly string[]>();
export const noPeering: VrfPeering = Object.freeze({ peerGroups: [], neighbors: [], listenRanges: [], listenLimit: null, aggregates: [] });

/**
 * Per VRF of this leaf, its external sessions and listen ranges; VRFs with neither are absent
 * (their peering is noPeering). One pass over the leaf's sessions and networks: a leaf carries
 * many VRFs and networks at scale, and most have neither.
 */
export function buildPeeringByVrf(ctx: DeviceContext): ReadonlyMap<string, VrfPeering> {
  const sessionsByVrf = new Map<string, ExternalSession[]>();
  for (const s of ctx.index.externalsByLeaf.get(ctx.name) ?? []) {
    const list = sessionsByVrf.get(s.vrf.name);
    if (list === undefined) sessionsByVrf.set(s.vrf.name, [s]);
    else list.push(s);
  }
  const hostsByVrf = new Map<string, ResolvedNetwork[]>();
  for (const n of ctx.networks) {
    if (n.bgpHosts === null || n.subnet === undefined) continue;
    const list = hostsByVrf.get(n.vrf);
    if (list === undefined) hostsByVrf.set(n.vrf, [n]);
    else list.push(n);
  }
  const result = new Map<string, VrfPeering>();
  if (sessionsByVrf.size === 0 && hostsByVrf.size === 0) return result;
  for (const vrf of ctx.vrfs) {
    const sessions = sessionsByVrf.get(vrf.name) ?? [];
    const hostNetworks = hostsByVrf.get(vrf.name) ?? [];
    if (sessions.length > 0 || hostNetworks.length > 0) result.set(vrf.name, vrfPeering(ctx, vrf, sessions, hostNetworks));
  }
  return result;
}

function vrfPeering(
  ctx: DeviceContext,
  vrf: ResolvedVrf,
  sessions: readonly ExternalSession[],
  hostNetworks: readonly ResolvedNetwork[],
): VrfPeering {
  const { index } = ctx;
  const peerGroups: VrfPeerGroup[] = [];
  const neighbors: VrfNeighbor[] = [];
  const listenRanges: ListenRange[] = [];
  let hostAddresses = 0;
  let aggregates: readonly string[] = [];
  const external = vrf.external;
  if (sessions.length > 0 && external !== null) {
    peerGroups.push(externalGroup(index, vrf));
    for (const { peer } of sessions) {
      const iface = subinterfaceName(portName(ctx.platform, peer.port), peer.vlan);
      neighbors.push({
        address: peer.peerAddress,
        remoteAs: peer.asn,
        peerGroup: policyNames.externalGroup(vrf.name),
        purpose: 'external',
        localAddress: peer.leafAddress,
        interface: iface,
        description: `AS ${peer.asn} via ${iface}`,
      });
    }
    neighbors.sort((a, b) => compareNatural(a.address, b.address));
    aggregates = sharedAggregates(index, vrf.name, () => mapList(external.aggregates, (p) => p.cidr));
  }
  for (const n of hostNetworks) {
    const address = index.hostSessions.get(n.name)?.get(ctx.name);
    const hosts = n.bgpHosts;
    if (address === undefined || hosts === null || n.subnet === undefined) continue;
    peerGroups.push(hostsGroup(index, n));
    hostAddresses += hostAddressCount(n.subnet.prefix.size);
    listenRanges.push({
      prefix: n.subnet.prefix.cidr,
      peerGroup: policyNames.hostsGroup(n.name),
      remoteAs: hosts.asn,
      network: n.name,
      interface: sviName(ctx.platform, n.vlan),
      localAddress: address,
    });
  }
  peerGroups.sort((a, b) => compareNatural(a.name, b.name));
  const listenLimit = listenRanges.length === 0 ? null : Math.min(hostAddresses, maxListenLimit);
  return { peerGroups, neighbors, listenRanges, listenLimit, aggregates };
}

function externalGroup(index: FabricIndex, vrf: ResolvedVrf): VrfPeerGroup {
  return sharedExternalGroup(index, vrf.name, () => ({
    name: policyNames.externalGroup(vrf.name),
    purpose: 'external',
    description: `eBGP to routers outside the fabric, VRF ${vrf.name}`,
    remoteAs: null,
    bfd: index.fabric.settings.bfd,
    routeMapIn: policyNames.externalIn(vrf.name),
    routeMapOut: policyNames.externalOut(vrf.name),
    maximumPrefix: vrf.external?.maxPrefixes ?? 1,
  }));
}

function hostsGroup(index: FabricIndex, network: ResolvedNetwork): VrfPeerGroup {
  return sharedHostsGroup(index, network.name, () => ({
    name: policyNames.hostsGroup(network.name),
    purpose: 'hosts',
    description: `eBGP to hosts of network ${network.name}`,
    remoteAs: network.bgpHosts?.asn ?? null,
    bfd: index.fabric.settings.bfd,
    routeMapIn: policyNames.hostsIn(network.name),
    routeMapOut: policyNames.hostsOut,
    maximumPrefix: network.bgpHosts?.maxPrefixes ?? 1,
  }));
}

/** No own address in any network. */
const noOwnAddresses: ReadonlyMap<string, string> = new Map();

/**
 * A leaf's own addresses by network, with the subnet's length (the SVIs' `ownAddress`): the
 * session addresses of its BGP hosts, and on FRR addresses in networks Ethernet segments carry
 * (resolve/own-addresses.ts). Look it up once per leaf, then each network in it.
 */
export function ownAddressesOf(index: FabricIndex, leaf: string): ReadonlyMap<string, string> {
  return index.ownAddresses.get(leaf) ?? noOwnAddresses;
}
