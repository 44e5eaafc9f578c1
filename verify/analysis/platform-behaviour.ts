/**
 * What a device does with a model field its platform's configuration does not render: the
 * platform's own behaviour, which is then what is deployed whatever the field says. The analyses
 * and checks read these instead of the raw field, so that a model edited by hand (or written by a
 * clos with another default) is judged on the configuration it deploys, never on a value no line
 * carries (issue: the contract between the device model, the templates and the verifier).
 *
 * - FRR keeps the originating VTEP as the next hop of the EVPN routes it re-advertises over eBGP:
 *   bgpd resets an eBGP next hop only for IPv4 prefixes (bgp_route.c subgroup_announce_check, `if
 *   (p->family == AF_INET)`), and rewrites an L2VPN next hop only when it is 0.0.0.0
 *   (bgp_updgrp_packet.c bpacket_reformat_for_peer); FRR 8.4 and 10.3 alike. Checked on FRR 8.4 in
 *   network namespaces: a spine without `attribute-unchanged next-hop` passes a leaf's type-3 route
 *   on with that leaf's VTEP as next hop. FRR's own EVPN multihoming topotest runs its eBGP spines
 *   so (tests/topotests/bgp_evpn_mh/spine1/evpn.conf).
 * - FRR keeps every EVPN route it receives, whatever its route targets: only VPNv4/VPNv6 routes are
 *   dropped for want of an importing VRF (bgp_route.c, `safi == SAFI_MPLS_VPN` and
 *   BGP_VPNVX_RETAIN_ROUTE_TARGET_ALL); checked with the same spine, which has no VNI and relays
 *   every leaf's routes. The template renders nothing for `retainRouteTargetAll`.
 * - Only NX-OS withholds from an eBGP peer the routes learned from the peer's ASN (PeerGroup.peerAsCheck):
 *   FRR does so only with `sender-as-path-loop-detection` (bgp_route.c, as_path_loop_detection),
 *   which clos never renders (checked with the same spine: it sends a leaf the routes of another
 *   leaf of that leaf's ASN), and EOS does not check outbound. Neither template renders the field.
 * - FRR sends standard, extended and large communities to every peer unless told not to (bgpd.c
 *   peer_new sets PEER_FLAG_SEND_EXT_COMMUNITY for every AFI/SAFI; frr-8.4 and master alike), and
 *   its template has no send-community line: `sendCommunity` deploys nothing there. EOS and NX-OS
 *   send none unless configured.
 * - EOS and NX-OS originate EVPN routes for every VNI and VRF they configure (EOS `vlan` and `vrf`
 *   sections under `router bgp`, NX-OS `evpn` VNIs and `advertise l2vpn evpn`): `advertiseAllVni`
 *   is FRR's `advertise-all-vni` and rendered only there.
 */
import type { DeviceModel, PeerGroup, Platform } from '../../compiler/build/device-model.js';

/** Whether the device passes EVPN routes on over eBGP with their next hop unchanged, through this peer group. */
export function keepsEvpnNextHop(platform: Platform, group: PeerGroup | undefined): boolean {
  return platform === 'frr' || (group?.nextHopUnchanged ?? false);
}

/** Whether the device keeps (and relays) EVPN routes whose route targets it does not import. */
export function retainsEvpnRoutes(m: DeviceModel): boolean {
  return m.platform === 'frr' || m.bgp.evpn.retainRouteTargetAll;
}

/** Whether the device withholds from an eBGP peer of this group the routes learned from the peer's ASN. */
export function checksPeerAs(platform: Platform, group: PeerGroup | undefined): boolean {
  return platform === 'nxos' && (group?.peerAsCheck ?? false);
}

/** Whether the device originates EVPN routes for the VNIs and VRFs it configures. */
export function advertisesVnis(m: DeviceModel): boolean {
  return m.platform !== 'frr' || m.bgp.evpn.advertiseAllVni;
}

/** Whether the device sends extended communities (the route targets) to the peers of this group. */
export function sendsExtendedCommunities(platform: Platform, group: PeerGroup): boolean {
  return platform === 'frr' || group.sendCommunity === 'extended';
}
