/**
 * BGP: eBGP underlay per link (IPv4 unicast), EVPN overlay between loopbacks (leaf↔spine, spines as
 * route servers that keep the next hop), the prefixes each device originates, per-VNI and per-VRF
 * route distinguishers and route targets.
 */
import type { DeviceContext, FabricIndex } from './context.js';
import { must, namePrefix, perEntity, perFabric, routeTargetsOf } from './context.js';
import type { BgpNeighbor, BgpVrf, DeviceBgp, EvpnVni, PeerGroup, RouteLimit } from './device-model.js';
import { loopbackName, portName } from './naming.js';
import { buildPeeringByVrf, noPeering, ownAddressesOf } from './external.js';
import { checkedAddress } from '../shared/ipv4.js';
import { mapList } from '../shared/lists.js';

export const underlayGroup = 'UNDERLAY';
export const overlayGroup = 'OVERLAY';
/** TTL of loopback-to-loopback sessions (one link apart; 3 leaves room, as is customary). */
export const overlayMultihop = 3;

/** `<device> EVPN`, the description of every overlay session with a device: one string per device, not per session. */
const overlayDescription = perEntity((device: { readonly name: string }) => `${device.name} EVPN`);

/** EVPN carries every host of the fabric: no limit (EOS's default of 12,000 is lifted). */
const overlayLimit: RouteLimit = Object.freeze({ limit: 0, warningPercent: null });
/** The underlay warns as soon as a session brings more than the address plan can produce. */
export const underlayWarningPercent = 50;

const underlayLimits = perFabric<RouteLimit>();

/**
 * The underlay's route limit: twice the Loopback0 and VTEP /32s the pools can give (device ids are
 * at most 65535), so it depends on the address plan only; the warning at 50 % is that number.
 */
export function underlayRouteLimit(index: FabricIndex): RouteLimit {
  return underlayLimits(index, 'underlay', () => {
    const { loopback, vtep } = index.fabric.settings.pools;
    const hosts = (size: number): number => Math.min(Math.max(size - 2, 0), 65535);
    return { limit: 2 * (hosts(loopback.size) + hosts(vtep.size)), warningPercent: underlayWarningPercent };
  });
}

export function buildBgp(ctx: DeviceContext): DeviceBgp {
  const { index, role } = ctx;
  const settings = index.fabric.settings;
  const isSpine = role === 'spine';
  // Read for every device, spines too: read for leaves only, V8 optimized this function while it
  // built the spines, with no feedback for the read, and each of the next ~40 leaves left the
  // optimized code at this line to finish in the interpreter (bench/PROFILE.md, section 37).
  const fabricHasSegments = ctx.index.fabric.segments.length > 0;
  const allowasIn = !isSpine && index.sharedLeafAsns.has(ctx.asn) ? 1 : null;
  // NX-OS withholds from an eBGP peer the routes learned from the peer's ASN; its spines must not,
  // or leaves that share an ASN never learn each other's routes. EOS and FRR do not check.
  const peerAsCheck = ctx.platform === 'nxos' && !(isSpine && index.sharedLeafAsns.size > 0);
  const peerGroups: PeerGroup[] = [
    {
      name: underlayGroup,
      purpose: 'underlay',
      description: isSpine ? 'eBGP to leaves over each link' : 'eBGP to spines over each link',
      addressFamilies: { ipv4Unicast: true, l2vpnEvpn: false },
      bfd: settings.bfd,
      sendCommunity: null,
      ebgpMultihop: null,
      updateSource: null,
      nextHopUnchanged: false,
      allowasIn,
      peerAsCheck,
      maximumRoutes: underlayRouteLimit(index),
    },
    {
      name: overlayGroup,
      purpose: 'overlay',
      description: isSpine ? 'EVPN route server for leaves' : 'EVPN to spine route servers',
      addressFamilies: { ipv4Unicast: false, l2vpnEvpn: true },
      bfd: settings.bfd,
      sendCommunity: 'extended',
      ebgpMultihop: overlayMultihop,
      updateSource: loopbackName(ctx.platform, 'router-id'),
      nextHopUnchanged: isSpine,
      allowasIn,
      peerAsCheck,
      maximumRoutes: overlayLimit,
    },
  ];

  const underlay: BgpNeighbor[] = [];
  const overlay: BgpNeighbor[] = [];
  for (const link of ctx.links) {
    if (isSpine) {
      const leaf = must(index.leaves, link.leaf, 'leaf');
      const peerPort = portName(leaf.platform, link.leafPort);
      underlay.push({
        address: link.leafAddress,
        remoteAs: leaf.asn,
        peerGroup: underlayGroup,
        purpose: 'underlay',
        peer: leaf.name,
        localAddress: link.spineAddress,
        interface: portName(ctx.platform, link.spinePort),
        description: namePrefix(index, leaf) + peerPort,
      });
      overlay.push({
        address: leaf.loopback,
        remoteAs: leaf.asn,
        peerGroup: overlayGroup,
        purpose: 'overlay',
        peer: leaf.name,
        localAddress: ctx.loopback,
        interface: null,
        description: overlayDescription(index, leaf),
      });
    } else {
      const spine = must(index.spines, link.spine, 'spine');
      const peerPort = portName(spine.platform, link.spinePort);
      underlay.push({
        address: link.spineAddress,
        remoteAs: spine.asn,
        peerGroup: underlayGroup,
        purpose: 'underlay',
        peer: spine.name,
        localAddress: link.leafAddress,
        interface: portName(ctx.platform, link.leafPort),
        description: namePrefix(index, spine) + peerPort,
      });
      overlay.push({
        address: spine.loopback,
        remoteAs: spine.asn,
        peerGroup: overlayGroup,
        purpose: 'overlay',
        peer: spine.name,
        localAddress: ctx.loopback,
        interface: null,
        description: overlayDescription(index, spine),
      });
    }
  }
  sortByAddress(underlay);
  sortByAddress(overlay);

  const ipv4Networks = [`${ctx.loopback}/32`];
  const leaf = ctx.leaf;
  if (leaf !== undefined) ipv4Networks.push(`${leaf.vtep}/32`);

  const vnis: EvpnVni[] = [];
  const vrfs: BgpVrf[] = [];
  if (leaf !== undefined) {
    const owned = ownAddressesOf(index, ctx.name);
    for (const n of ctx.networks) {
      vnis.push({
        vni: n.vni,
        vlan: n.vlan,
        network: n.name,
        rd: ctx.rdPrefix + String(n.vlan),
        routeTargets: routeTargetsOf(index, n.routeTarget),
        advertiseSviIp: ctx.platform === 'frr' && owned.has(n.name),
      });
    }
    vnis.sort((a, b) => a.vni - b.vni);
    const peeringByVrf = buildPeeringByVrf(ctx);
    for (const v of ctx.vrfs) {
      const peering = peeringByVrf.get(v.name) ?? noPeering;
      vrfs.push({
        vrf: v.name,
        l3vni: v.l3vni,
        rd: ctx.l3RdPrefix + String(v.id),
        routeTargets: routeTargetsOf(index, v.routeTarget),
        redistributeConnected: true,
        peerGroups: peering.peerGroups,
        neighbors: peering.neighbors,
        listenRanges: peering.listenRanges,
        listenLimit: peering.listenLimit,
        aggregates: peering.aggregates,
      });
    }
  }

  return {
    asn: ctx.asn,
    routerId: ctx.loopback,
    maximumPaths: settings.maxSpines,
    updateWaitInstall: ctx.platform === 'eos' && !ctx.virtual,
    peerGroups,
    neighbors: [...underlay, ...overlay],
    ipv4Networks,
    evpn: { advertiseAllVni: !isSpine, retainRouteTargetAll: isSpine, vnis, aliasing: !isSpine && fabricHasSegments },
    vrfs,
  };
}

/** Sorts neighbors by address, parsing each address once (a spine has two per leaf). */
function sortByAddress(neighbors: BgpNeighbor[]): void {
  const keys = new Map(mapList(neighbors, (n) => [n, checkedAddress(n.address)]));
  neighbors.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
}
