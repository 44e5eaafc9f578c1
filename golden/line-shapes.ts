/**
 * The commands the EOS and NX-OS templates may emit, per configuration mode and indentation level,
 * each with the public source it was checked against. `line-shapes.test.ts` holds every line of
 * every golden `eos.cfg` / `nxos.cfg` to this table, so an invented command, a command in the wrong
 * mode or at the wrong indentation fails the build; and every shape must be used by some golden
 * file, so the table cannot collect dead entries.
 *
 * Sources, abbreviated in the table:
 * - AVD: aristanetworks/avd, python-avd/pyavd/_eos_cli_config_gen/j2templates/eos/*.j2, and the
 *   rendered configs of its single-dc-l3ls example (ansible_collections/arista/avd/examples/
 *   single-dc-l3ls/intended/configs/dc1-leaf1a.cfg, dc1-spine2.cfg).
 * - netlab: ipspace/netlab, netsim/ansible/templates/{evpn,vxlan}/{eos,nxos}.j2.
 * - N9K-VXLAN: Cisco Nexus 9000 Series NX-OS VXLAN Configuration Guide ("Configuring VXLAN BGP
 *   EVPN": feature set, vrf context, nve1, evpn, anycast gateway, eBGP spine route-map).
 * - N9K-BFD: Cisco Nexus 9000 Series NX-OS Interfaces Configuration Guide, "Configuring BFD"
 *   (global and multihop timers, no ip redirects, BGP `bfd` / `bfd multihop`).
 * - N9K-L2: Cisco Nexus 9000 Series NX-OS Layer 2 Switching Configuration Guide (switchport,
 *   spanning-tree port type edge [trunk]).
 * - AVD-MH: AVD's EVPN multihoming leaf as eos_designs renders it (ansible_collections/arista/avd/
 *   molecule/eos_designs_unit_tests/intended/configs/MH-LEAF1A.cfg: Port-Channel10 with `evpn
 *   ethernet-segment`, `identifier`, `route-target import`, `lacp system-id`, `link tracking group
 *   LT_GROUP1 downstream`; Ethernet1 `link tracking group LT_GROUP1 upstream`; the global group with
 *   `recovery delay 300`), and eos_cli_config_gen's port-channel-interfaces.cfg (`channel-group N
 *   mode active`, `lacp timer fast` on members).
 * - N9K-MH: Cisco Nexus 9000 Series NX-OS VXLAN Configuration Guide, Release 7.x, "Configuring
 *   VXLAN EVPN Multihoming" (`evpn esi multihoming`, `maximum-paths` in `address-family l2vpn
 *   evpn`, `evpn multihoming core-tracking` on uplinks, `interface port-channel` with
 *   `ethernet-segment <id>` and `system-mac <mac>`); the same chapter of the 9.3(x) guide
 *   ("Configuring Multi-Homing").
 * - N9K-PC: Cisco Nexus 9000 Series NX-OS Interfaces Configuration Guide, "Configuring Port
 *   Channels" (`feature lacp`, `interface port-channel`, `channel-group N mode active`, `lacp rate
 *   fast`).
 * - Batfish: batfish/batfish, projects/batfish/src/main/antlr4/org/batfish/grammar/cisco_nxos/
 *   CiscoNxos_bgp.g4 and CiscoNxos_interface.g4 (the NX-OS grammar Batfish parses real configs with).
 * - AVD border configs (issue 14/15 shapes): the eos_designs unit-test intended configs
 *   ansible_collections/arista/avd/molecule/eos_designs_unit_tests/intended/configs/DC1-BL1A.cfg and
 *   DC1-BL2A.cfg (external BGP peers in VRFs, global peer groups with route maps and
 *   maximum-routes), examples/cv-pathfinder/intended/configs/site1-border1.cfg (routed 802.1Q
 *   sub-interfaces, prefix lists, route maps), molecule/eos_cli_config_gen/intended/configs/
 *   router-bgp-vrf-lite.cfg (bgp listen range in a VRF, aggregate-address), and the templates
 *   vlan-interfaces.j2 (ip address beside ip address virtual), prefix-lists.j2, route-maps.j2.
 * - N9K-UNICAST: Cisco Nexus 9000 Series NX-OS Unicast Routing Configuration Guide ("Configuring
 *   Route Policy Manager": ip prefix-list … seq … le, route-map permit|deny, match ip address
 *   prefix-list; "Configuring Advanced BGP": neighbor <prefix> remote-as (BGP dynamic neighbors),
 *   maximum-prefix, aggregate-address; "Configuring IPv4": ip address … secondary) and the
 *   Interfaces guide ("Configuring Subinterfaces": encapsulation dot1q).
 * - AVD-defaults: aristanetworks/avd, python-avd/pyavd/_eos_designs: structured_config/base
 *   (router_bgp.updates.wait_install unless the platform lacks it), schema_fragments/
 *   platform_settings.schema.yml (bgp_update_wait_install false on vEOS and cEOS),
 *   internal_vlan_order (ascending 1006-1199), and the rendered molecule configs
 *   (molecule/cv_deploy/intended/configs/base_configs/avd-ci-leaf1.cfg: update wait-install;
 *   molecule/eos_cli_config_gen/intended/configs/router-bgp-evpn.cfg: maximum-routes … warning-limit
 *   80 percent).
 * - N9K-PEER-AS: Cisco TechNote 214619 "Configure disable-peer-as-check in BGP on NX-OS" (neighbor
 *   address-family mode; NX-OS withholds a prefix from an eBGP peer whose AS the path already
 *   holds unless it is set); N9K-VXLAN's eBGP underlay, where leaves share an AS.
 */

export interface LineShape {
  /** Unique id; child shapes name it as their parent. */
  readonly id: string;
  /** `top` for global configuration mode, else the id of the shape that opens the mode. */
  readonly parent: string;
  /** Matches the line without its indentation. */
  readonly re: RegExp;
  readonly source: string;
}

export interface PlatformShapes {
  /** Spaces per configuration level. */
  readonly indent: number;
  readonly shapes: readonly LineShape[];
}

const ip = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const prefix = String.raw`${ip}/\d{1,2}`;
const rt = String.raw`\d+:\d+`;
const rd = String.raw`${ip}:\d+`;
const word = String.raw`[A-Za-z0-9][A-Za-z0-9_.-]*`;
/** A BGP peer-group / template name: never an address. */
const group = String.raw`[A-Za-z][A-Za-z0-9_-]*`;
const text = String.raw`[A-Za-z0-9][A-Za-z0-9 ,_./:-]*`;
const vlanList = String.raw`\d+(?:,\d+)*`;
const r = (s: string): RegExp => new RegExp(`^${s}$`);

export const eosShapes: PlatformShapes = {
  indent: 3,
  shapes: [
    { id: 'comment', parent: 'top', re: r(String.raw`!(?: .*)?`), source: 'EOS: "!" starts a comment line (AVD configs separate sections with it)' },
    { id: 'end', parent: 'top', re: r('end'), source: 'AVD end.j2' },
    { id: 'vlan-internal-order', parent: 'top', re: r(String.raw`vlan internal order ascending range \d+ \d+`), source: 'AVD vlan-internal-order.j2; dc1-leaf1a.cfg (vlan internal order ascending range 1006 1199)' },
    { id: 'multi-agent', parent: 'top', re: r('service routing protocols model multi-agent'), source: 'AVD service-routing-protocols-model.j2; required for EVPN' },
    { id: 'hostname', parent: 'top', re: r(`hostname ${word}`), source: 'AVD hostname.j2' },
    { id: 'stp-mode', parent: 'top', re: r('spanning-tree mode (?:mstp|none)'), source: 'AVD spanning-tree.j2; dc1-leaf1a.cfg (mstp), dc1-spine2.cfg (none)' },
    { id: 'stp-mst0-priority', parent: 'top', re: r('spanning-tree mst 0 priority 4096'), source: 'AVD spanning-tree.j2 (mst_instances priority); eos_designs l3leaf default spanning_tree_priority 4096; AVD intended leaf configs (spanning-tree mst 0 priority 4096)' },
    { id: 'vlan', parent: 'top', re: r(String.raw`vlan \d+`), source: 'AVD vlans.j2' },
    { id: 'vlan-name', parent: 'vlan', re: r(`name ${word}`), source: 'AVD vlans.j2' },
    { id: 'vrf-instance', parent: 'top', re: r(`vrf instance ${word}`), source: 'AVD vrfs.j2' },
    { id: 'if-ethernet', parent: 'top', re: r(String.raw`interface Ethernet\d+`), source: 'AVD ethernet-interfaces.j2' },
    { id: 'eth-description', parent: 'if-ethernet', re: r(`description ${text}`), source: 'AVD ethernet-interfaces.j2' },
    { id: 'eth-no-shutdown', parent: 'if-ethernet', re: r('no shutdown'), source: 'AVD ethernet-interfaces.j2' },
    { id: 'eth-mtu', parent: 'if-ethernet', re: r(String.raw`mtu \d+`), source: 'AVD ethernet-interfaces.j2; dc1-spine2.cfg' },
    { id: 'eth-no-switchport', parent: 'if-ethernet', re: r('no switchport'), source: 'AVD ethernet-interfaces.j2; dc1-spine2.cfg' },
    { id: 'eth-ip', parent: 'if-ethernet', re: r(`ip address ${prefix}`), source: 'AVD ethernet-interfaces.j2; dc1-spine2.cfg' },
    { id: 'eth-access-vlan', parent: 'if-ethernet', re: r(String.raw`switchport access vlan \d+`), source: 'AVD ethernet-interfaces.j2; dc1-leaf2c.cfg Ethernet5' },
    { id: 'eth-trunk-native', parent: 'if-ethernet', re: r(String.raw`switchport trunk native vlan \d+`), source: 'AVD ethernet-interfaces.j2 (switchport.trunk.native_vlan); EOS User Manual, "switchport trunk native vlan"' },
    { id: 'eth-trunk-allowed', parent: 'if-ethernet', re: r(`switchport trunk allowed vlan ${vlanList}`), source: 'AVD ethernet-interfaces.j2; dc1-leaf1a.cfg Port-Channel5' },
    { id: 'eth-mode', parent: 'if-ethernet', re: r('switchport mode (?:access|trunk)'), source: 'AVD ethernet-interfaces.j2' },
    { id: 'eth-switchport', parent: 'if-ethernet', re: r('switchport'), source: 'AVD ethernet-interfaces.j2; dc1-leaf2c.cfg Ethernet5' },
    { id: 'eth-portfast', parent: 'if-ethernet', re: r('spanning-tree portfast'), source: 'AVD ethernet-interfaces.j2; dc1-leaf2c.cfg Ethernet5' },
    { id: 'eth-bpduguard', parent: 'if-ethernet', re: r('spanning-tree bpduguard enable'), source: 'AVD ethernet-interfaces.j2 (spanning_tree_bpduguard: enabled)' },
    { id: 'eth-channel-group', parent: 'if-ethernet', re: r(String.raw`channel-group \d+ mode active`), source: 'AVD ethernet-interfaces.j2 (channel_group); AVD-MH Ethernet10' },
    { id: 'eth-lacp-timer', parent: 'if-ethernet', re: r('lacp timer fast'), source: 'AVD ethernet-interfaces.j2 (lacp_timer.mode); port-channel-interfaces.cfg Ethernet15' },
    { id: 'eth-link-tracking', parent: 'if-ethernet', re: r(`link tracking group ${word} upstream`), source: 'AVD ethernet-interfaces.j2 (link_tracking_groups); AVD-MH Ethernet1' },
    { id: 'link-tracking-group', parent: 'top', re: r(`link tracking group ${word}`), source: 'AVD link-tracking-groups.j2; AVD-MH' },
    { id: 'lt-recovery-delay', parent: 'link-tracking-group', re: r(String.raw`recovery delay \d+`), source: 'AVD link-tracking-groups.j2; AVD-MH (recovery delay 300)' },
    { id: 'if-port-channel', parent: 'top', re: r(String.raw`interface Port-Channel\d+`), source: 'AVD port-channel-interfaces.j2; AVD-MH' },
    { id: 'pc-description', parent: 'if-port-channel', re: r(`description ${text}`), source: 'AVD port-channel-interfaces.j2' },
    { id: 'pc-no-shutdown', parent: 'if-port-channel', re: r('no shutdown'), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel10' },
    { id: 'pc-access-vlan', parent: 'if-port-channel', re: r(String.raw`switchport access vlan \d+`), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel10' },
    { id: 'pc-trunk-allowed', parent: 'if-port-channel', re: r(`switchport trunk allowed vlan ${vlanList}`), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel15' },
    { id: 'pc-mode', parent: 'if-port-channel', re: r('switchport mode (?:access|trunk)'), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel10, Port-Channel15' },
    { id: 'pc-switchport', parent: 'if-port-channel', re: r('switchport'), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel10' },
    { id: 'pc-sep', parent: 'if-port-channel', re: r('!'), source: 'AVD port-channel-interfaces.j2 opens the evpn ethernet-segment block with an indented "!"; AVD-MH' },
    { id: 'pc-evpn-es', parent: 'if-port-channel', re: r('evpn ethernet-segment'), source: 'AVD port-channel-interfaces.j2 (evpn_ethernet_segment); AVD-MH Port-Channel10' },
    { id: 'es-identifier', parent: 'pc-evpn-es', re: r('identifier [0-9a-f]{4}(?::[0-9a-f]{4}){4}'), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel10 (identifier 0000:0000:0001:1010:1010)' },
    { id: 'es-route-target', parent: 'pc-evpn-es', re: r('route-target import [0-9a-f]{2}(?::[0-9a-f]{2}){5}'), source: 'AVD port-channel-interfaces.j2; AVD-MH Port-Channel10 (route-target import 00:01:10:10:10:10)' },
    { id: 'pc-lacp-system-id', parent: 'if-port-channel', re: r(String.raw`lacp system-id [0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}`), source: 'AVD port-channel-interfaces.j2 (lacp_id); AVD-MH Port-Channel10' },
    { id: 'pc-trunk-native', parent: 'if-port-channel', re: r(String.raw`switchport trunk native vlan \d+`), source: 'AVD port-channel-interfaces.j2 (switchport.trunk.native_vlan)' },
    { id: 'pc-portfast', parent: 'if-port-channel', re: r('spanning-tree portfast'), source: 'AVD port-channel-interfaces.j2 (spanning_tree_portfast: edge)' },
    { id: 'pc-bpduguard', parent: 'if-port-channel', re: r('spanning-tree bpduguard enable'), source: 'AVD port-channel-interfaces.j2 (spanning_tree_bpduguard: enabled)' },
    { id: 'pc-link-tracking', parent: 'if-port-channel', re: r(`link tracking group ${word} downstream`), source: 'AVD port-channel-interfaces.j2 (link_tracking_groups); AVD-MH Port-Channel10' },
    { id: 'if-loopback', parent: 'top', re: r(String.raw`interface Loopback\d+`), source: 'AVD loopback-interfaces.j2' },
    { id: 'lo-description', parent: 'if-loopback', re: r(`description ${text}`), source: 'AVD loopback-interfaces.j2' },
    { id: 'lo-no-shutdown', parent: 'if-loopback', re: r('no shutdown'), source: 'AVD loopback-interfaces.j2; dc1-leaf1a.cfg' },
    { id: 'lo-ip', parent: 'if-loopback', re: r(`ip address ${ip}/32`), source: 'AVD loopback-interfaces.j2' },
    { id: 'if-vlan', parent: 'top', re: r(String.raw`interface Vlan\d+`), source: 'AVD vlan-interfaces.j2' },
    { id: 'svi-description', parent: 'if-vlan', re: r(`description ${text}`), source: 'AVD vlan-interfaces.j2' },
    { id: 'svi-no-shutdown', parent: 'if-vlan', re: r('no shutdown'), source: 'AVD vlan-interfaces.j2' },
    { id: 'svi-mtu', parent: 'if-vlan', re: r(String.raw`mtu \d+`), source: 'AVD vlan-interfaces.j2; dc1-leaf1a.cfg Vlan3009' },
    { id: 'svi-vrf', parent: 'if-vlan', re: r(`vrf ${word}`), source: 'AVD vlan-interfaces.j2; dc1-leaf1a.cfg Vlan11' },
    { id: 'svi-ip-virtual', parent: 'if-vlan', re: r(`ip address virtual ${prefix}`), source: 'AVD vlan-interfaces.j2; dc1-leaf1a.cfg Vlan11' },
    { id: 'if-vxlan', parent: 'top', re: r('interface Vxlan1'), source: 'AVD vxlan-interface.j2' },
    { id: 'vx-description', parent: 'if-vxlan', re: r(`description ${text}`), source: 'AVD vxlan-interface.j2; dc1-leaf1a.cfg' },
    { id: 'vx-source', parent: 'if-vxlan', re: r(String.raw`vxlan source-interface Loopback\d+`), source: 'AVD vxlan-interface.j2' },
    { id: 'vx-udp-port', parent: 'if-vxlan', re: r(String.raw`vxlan udp-port \d+`), source: 'AVD vxlan-interface.j2; dc1-leaf1a.cfg' },
    { id: 'vx-vlan-vni', parent: 'if-vxlan', re: r(String.raw`vxlan vlan \d+ vni \d+`), source: 'AVD vxlan-interface.j2; netlab vxlan/eos.j2' },
    { id: 'vx-vrf-vni', parent: 'if-vxlan', re: r(String.raw`vxlan vrf ${word} vni \d+`), source: 'AVD vxlan-interface.j2; netlab evpn/eos.j2' },
    { id: 'virtual-router-mac', parent: 'top', re: r('ip virtual-router mac-address [0-9a-f]{2}(?::[0-9a-f]{2}){5}'), source: 'AVD ip-virtual-router-mac-address.j2; dc1-leaf1a.cfg' },
    { id: 'ip-routing', parent: 'top', re: r('ip routing'), source: 'AVD ip-routing.j2' },
    { id: 'ip-routing-vrf', parent: 'top', re: r(`ip routing vrf ${word}`), source: 'AVD ip-routing-vrfs.j2' },
    { id: 'router-bfd', parent: 'top', re: r('router bfd'), source: 'AVD router-bfd.j2' },
    { id: 'bfd-interval', parent: 'router-bfd', re: r(String.raw`interval \d+ min-rx \d+ multiplier \d+ default`), source: 'AVD router-bfd.j2' },
    { id: 'bfd-multihop', parent: 'router-bfd', re: r(String.raw`multihop interval \d+ min-rx \d+ multiplier \d+`), source: 'AVD router-bfd.j2; dc1-spine2.cfg' },
    { id: 'router-bgp', parent: 'top', re: r(String.raw`router bgp \d+`), source: 'AVD router-bgp.j2' },
    { id: 'bgp-router-id', parent: 'router-bgp', re: r(`router-id ${ip}`), source: 'AVD router-bgp.j2' },
    { id: 'bgp-update-wait-install', parent: 'router-bgp', re: r('update wait-install'), source: 'AVD router-bgp.j2 (updates.wait_install); AVD-defaults (on unless vEOS/cEOS); avd-ci-leaf1.cfg' },
    { id: 'bgp-no-default-v4', parent: 'router-bgp', re: r('no bgp default ipv4-unicast'), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-max-paths', parent: 'router-bgp', re: r(String.raw`maximum-paths \d+ ecmp \d+`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-pg', parent: 'router-bgp', re: r(`neighbor ${group} peer group`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-pg-description', parent: 'router-bgp', re: r(`neighbor ${group} description ${text}`), source: 'AVD router-bgp.j2 (peer group description)' },
    { id: 'bgp-pg-nhu', parent: 'router-bgp', re: r(`neighbor ${group} next-hop-unchanged`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-pg-update-source', parent: 'router-bgp', re: r(String.raw`neighbor ${group} update-source Loopback\d+`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-pg-bfd', parent: 'router-bgp', re: r(`neighbor ${group} bfd`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-pg-multihop', parent: 'router-bgp', re: r(String.raw`neighbor ${group} ebgp-multihop \d+`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-pg-send-community', parent: 'router-bgp', re: r(`neighbor ${group} send-community extended`), source: 'AVD router-bgp.j2 (send_community: extended)' },
    { id: 'bgp-pg-maximum-routes', parent: 'router-bgp', re: r(String.raw`neighbor ${group} maximum-routes \d+(?: warning-limit \d+ percent)?`), source: 'AVD router-bgp.j2 (maximum_routes, maximum_routes_warning_limit); dc1-leaf1a.cfg (EVPN-OVERLAY-PEERS maximum-routes 0, IPv4-UNDERLAY-PEERS maximum-routes 12000); AVD-defaults router-bgp-evpn.cfg (warning-limit 80 percent); DC1-BL2A.cfg (external peer groups: maximum-routes 1000)' },
    { id: 'bgp-pg-allowas-in', parent: 'router-bgp', re: r(String.raw`neighbor ${group} allowas-in \d+`), source: 'EOS User Manual, BGP: neighbor allowas-in; AVD router-bgp.j2 (peer_groups[].allowas_in.times)' },
    { id: 'bgp-nbr-pg', parent: 'router-bgp', re: r(`neighbor ${ip} peer group ${group}`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-nbr-remote-as', parent: 'router-bgp', re: r(String.raw`neighbor ${ip} remote-as \d+`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-nbr-description', parent: 'router-bgp', re: r(`neighbor ${ip} description ${text}`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-sep', parent: 'router-bgp', re: r('!'), source: 'AVD router-bgp.j2 separates blocks with an indented "!"' },
    { id: 'bgp-vlan', parent: 'router-bgp', re: r(String.raw`vlan \d+`), source: 'AVD router-bgp.j2 (vlans); dc1-leaf1a.cfg' },
    { id: 'bgp-vlan-rd', parent: 'bgp-vlan', re: r(`rd ${rd}`), source: 'AVD router-bgp.j2; dc1-leaf1a.cfg' },
    { id: 'bgp-vlan-rt', parent: 'bgp-vlan', re: r(`route-target (?:import|export) ${rt}`), source: 'AVD router-bgp.j2 (route_targets.import/export); netlab evpn/eos.j2' },
    { id: 'bgp-vlan-redistribute', parent: 'bgp-vlan', re: r('redistribute learned'), source: 'AVD router-bgp.j2; dc1-leaf1a.cfg' },
    { id: 'bgp-af-evpn', parent: 'router-bgp', re: r('address-family evpn'), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-af-evpn-activate', parent: 'bgp-af-evpn', re: r(`neighbor ${group} activate`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-af-ipv4', parent: 'router-bgp', re: r('address-family ipv4'), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-af-ipv4-activate', parent: 'bgp-af-ipv4', re: r(`neighbor ${group} activate`), source: 'AVD router-bgp.j2; dc1-spine2.cfg' },
    { id: 'bgp-af-ipv4-network', parent: 'bgp-af-ipv4', re: r(`network ${prefix}`), source: 'AVD router-bgp.j2 (address_family_ipv4.networks)' },
    { id: 'bgp-vrf', parent: 'router-bgp', re: r(`vrf ${word}`), source: 'AVD router-bgp.j2 (vrfs); dc1-leaf1a.cfg' },
    { id: 'bgp-vrf-rd', parent: 'bgp-vrf', re: r(`rd ${rd}`), source: 'AVD router-bgp.j2; dc1-leaf1a.cfg' },
    { id: 'bgp-vrf-rt', parent: 'bgp-vrf', re: r(`route-target (?:import|export) evpn ${rt}`), source: 'AVD router-bgp.j2; dc1-leaf1a.cfg; netlab evpn/eos.j2' },
    { id: 'bgp-vrf-router-id', parent: 'bgp-vrf', re: r(`router-id ${ip}`), source: 'AVD router-bgp.j2; dc1-leaf1a.cfg' },
    { id: 'bgp-vrf-redistribute', parent: 'bgp-vrf', re: r('redistribute connected'), source: 'AVD router-bgp.j2; dc1-leaf1a.cfg' },
    // Issues 14 and 15: border hand-off sub-interfaces, host session addresses, VRF peers and their filters.
    { id: 'if-ethernet-sub', parent: 'top', re: r(String.raw`interface Ethernet\d+\.\d+`), source: 'AVD ethernet-interfaces.j2; site1-border1.cfg Ethernet3.100' },
    { id: 'sub-description', parent: 'if-ethernet-sub', re: r(`description ${text}`), source: 'AVD ethernet-interfaces.j2; site1-border1.cfg' },
    { id: 'sub-no-shutdown', parent: 'if-ethernet-sub', re: r('no shutdown'), source: 'AVD ethernet-interfaces.j2; site1-border1.cfg' },
    { id: 'sub-mtu', parent: 'if-ethernet-sub', re: r(String.raw`mtu \d+`), source: 'AVD ethernet-interfaces.j2; site1-border1.cfg' },
    { id: 'sub-encapsulation', parent: 'if-ethernet-sub', re: r(String.raw`encapsulation dot1q vlan \d+`), source: 'AVD ethernet-interfaces.j2 (encapsulation_dot1q.vlan); site1-border1.cfg Ethernet3.100' },
    { id: 'sub-vrf', parent: 'if-ethernet-sub', re: r(`vrf ${word}`), source: 'AVD ethernet-interfaces.j2; site1-border1.cfg Ethernet3.100 (vrf BLUE)' },
    { id: 'sub-ip', parent: 'if-ethernet-sub', re: r(`ip address ${prefix}`), source: 'AVD ethernet-interfaces.j2; site1-border1.cfg Ethernet3.100' },
    { id: 'svi-ip', parent: 'if-vlan', re: r(`ip address ${prefix}`), source: 'AVD vlan-interfaces.j2 (ip_address printed before ip_address_virtual); site-ha-disabled-leaf.cfg Vlan666' },
    { id: 'prefix-list', parent: 'top', re: r(`ip prefix-list ${word}`), source: 'AVD prefix-lists.j2; site1-border1.cfg' },
    { id: 'prefix-list-seq', parent: 'prefix-list', re: r(String.raw`seq \d+ (?:permit|deny) ${prefix}(?: le \d+)?`), source: 'AVD prefix-lists.j2; site1-border1.cfg (seq 10 permit 0.0.0.0/0 le 1)' },
    { id: 'route-map', parent: 'top', re: r(String.raw`route-map ${word} (?:permit|deny) \d+`), source: 'AVD route-maps.j2; DC1-BL1A.cfg' },
    { id: 'rm-match-prefix-list', parent: 'route-map', re: r(`match ip address prefix-list ${word}`), source: 'AVD route-maps.j2; site1-border1.cfg RM-BGP-EXPORT-DEFAULT-BLUE-C1' },
    { id: 'bgp-pg-remote-as', parent: 'router-bgp', re: r(String.raw`neighbor ${group} remote-as \d+`), source: 'AVD router-bgp.j2; DC1-BL2A.cfg Tenant_C_BGP_PEER_GROUP' },
    { id: 'bgp-pg-route-map', parent: 'router-bgp', re: r(`neighbor ${group} route-map ${word} (?:in|out)`), source: 'AVD router-bgp.j2; DC1-BL2A.cfg Tenant_C_BGP_PEER_GROUP' },
    { id: 'bgp-vrf-listen-range', parent: 'bgp-vrf', re: r(String.raw`bgp listen range ${prefix} peer-group ${group} remote-as \d+`), source: 'AVD router-bgp.j2 (vrfs[].listen_ranges); router-bgp-vrf-lite.cfg vrf YELLOW-C1' },
    { id: 'bgp-vrf-nbr-pg', parent: 'bgp-vrf', re: r(`neighbor ${ip} peer group ${group}`), source: 'AVD router-bgp.j2; DC1-BL2A.cfg vrf Tenant_C_WAN_Zone' },
    { id: 'bgp-vrf-nbr-remote-as', parent: 'bgp-vrf', re: r(String.raw`neighbor ${ip} remote-as \d+`), source: 'AVD router-bgp.j2; DC1-BL1A.cfg vrf Tenant_A_WAN_Zone' },
    { id: 'bgp-vrf-nbr-description', parent: 'bgp-vrf', re: r(`neighbor ${ip} description ${text}`), source: 'AVD router-bgp.j2; DC1-BL1A.cfg vrf Tenant_A_WAN_Zone' },
    { id: 'bgp-vrf-aggregate', parent: 'bgp-vrf', re: r(`aggregate-address ${prefix}`), source: 'AVD router-bgp.j2 (vrfs[].aggregate_addresses); router-bgp-vrf-lite.cfg vrf BLUE-C1' },
    { id: 'bgp-vrf-sep', parent: 'bgp-vrf', re: r('!'), source: 'AVD router-bgp.j2 separates a VRF\'s address families with an indented "!"' },
    { id: 'bgp-vrf-af-ipv4', parent: 'bgp-vrf', re: r('address-family ipv4'), source: 'AVD router-bgp.j2; DC1-BL1A.cfg vrf Tenant_A_WAN_Zone' },
    { id: 'bgp-vrf-af-ipv4-activate', parent: 'bgp-vrf-af-ipv4', re: r(`neighbor ${ip} activate`), source: 'AVD router-bgp.j2; DC1-BL1A.cfg vrf Tenant_A_WAN_Zone' },
  ],
};

export const nxosShapes: PlatformShapes = {
  indent: 2,
  shapes: [
    { id: 'comment', parent: 'top', re: r(String.raw`!(?: .*)?`), source: 'NX-OS: "!" starts a comment line ("!Command: show running-config" header)' },
    { id: 'hostname', parent: 'top', re: r(`hostname ${word}`), source: 'N9K-VXLAN examples; Batfish CiscoNxosParser.g4 s_hostname' },
    { id: 'nv-overlay-evpn', parent: 'top', re: r('nv overlay evpn'), source: 'N9K-VXLAN "Enabling VXLAN BGP EVPN"; netlab evpn/nxos.j2' },
    { id: 'feature', parent: 'top', re: r('feature (?:bgp|bfd|fabric forwarding|interface-vlan|vn-segment-vlan-based|nv overlay|lacp)'), source: 'N9K-VXLAN "Enabling VXLAN" (feature nv overlay, vn-segment-vlan-based, fabric forwarding, interface-vlan); N9K-BFD (feature bfd); N9K-PC (feature lacp)' },
    { id: 'evpn-esi-multihoming', parent: 'top', re: r('evpn esi multihoming'), source: 'N9K-MH step 1 (enables EVPN multihoming globally)' },
    { id: 'anycast-mac', parent: 'top', re: r('fabric forwarding anycast-gateway-mac [0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}'), source: 'N9K-VXLAN "Configuring the Distributed Anycast Gateway"' },
    { id: 'bfd-interval', parent: 'top', re: r(String.raw`bfd interval \d+ min_rx \d+ multiplier \d+`), source: 'N9K-BFD "Configuring BFD Session Parameters" (global)' },
    { id: 'bfd-multihop-interval', parent: 'top', re: r(String.raw`bfd multihop interval \d+ min_rx \d+ multiplier \d+`), source: 'N9K-BFD "Configuring BFD Multihop Session Global Interval Parameters"' },
    { id: 'vlan', parent: 'top', re: r(String.raw`vlan \d+`), source: 'N9K-VXLAN "Mapping VLAN to VXLAN VNI"' },
    { id: 'vlan-name', parent: 'vlan', re: r(`name ${word}`), source: 'N9K-L2 "Configuring VLANs"; Batfish CiscoNxos_vlan.g4' },
    { id: 'vlan-vn-segment', parent: 'vlan', re: r(String.raw`vn-segment \d+`), source: 'N9K-VXLAN "Mapping VLAN to VXLAN VNI"; netlab vxlan/nxos.j2' },
    { id: 'route-map', parent: 'top', re: r(`route-map ${word} (?:permit|deny) \\d+`), source: 'N9K Unicast Routing guide "Configuring Route Policy Manager" (permit and deny clauses)' },
    { id: 'rm-nh-unchanged', parent: 'route-map', re: r('set ip next-hop unchanged'), source: 'N9K-VXLAN eBGP spine example (route-map permit-all / set ip next-hop unchanged)' },
    { id: 'vrf-context', parent: 'top', re: r(`vrf context ${word}`), source: 'N9K-VXLAN "Configuring VRF for VXLAN Routing"; netlab evpn/nxos.j2' },
    { id: 'vrf-vni', parent: 'vrf-context', re: r(String.raw`vni \d+`), source: 'N9K-VXLAN; netlab evpn/nxos.j2' },
    { id: 'vrf-rd', parent: 'vrf-context', re: r(`rd ${rd}`), source: 'N9K-VXLAN (rd auto or an explicit RD); Batfish CiscoNxos_vrf.g4' },
    { id: 'vrf-af', parent: 'vrf-context', re: r('address-family ipv4 unicast'), source: 'N9K-VXLAN; netlab evpn/nxos.j2' },
    { id: 'vrf-af-rt', parent: 'vrf-af', re: r(`route-target (?:import|export) ${rt} evpn`), source: 'N9K-VXLAN (route-target both auto evpn); netlab evpn/nxos.j2' },
    { id: 'if-vlan', parent: 'top', re: r(String.raw`interface Vlan\d+`), source: 'N9K-VXLAN "Configuring SVI for Core-facing VXLAN Routing"' },
    { id: 'svi-description', parent: 'if-vlan', re: r(`description ${text}`), source: 'Batfish CiscoNxos_interface.g4 i_description' },
    { id: 'svi-no-shutdown', parent: 'if-vlan', re: r('no shutdown'), source: 'N9K-VXLAN; netlab evpn/nxos.j2' },
    { id: 'svi-mtu', parent: 'if-vlan', re: r(String.raw`mtu \d+`), source: 'N9K-VXLAN (L3VNI SVI mtu 9216); Batfish i_mtu' },
    { id: 'svi-vrf-member', parent: 'if-vlan', re: r(`vrf member ${word}`), source: 'N9K-VXLAN; netlab evpn/nxos.j2' },
    { id: 'svi-no-redirects', parent: 'if-vlan', re: r('no ip redirects'), source: 'N9K-VXLAN SVI examples; netlab evpn/nxos.j2' },
    { id: 'svi-ip', parent: 'if-vlan', re: r(`ip address ${prefix}`), source: 'N9K-VXLAN anycast gateway SVI' },
    { id: 'svi-anycast', parent: 'if-vlan', re: r('fabric forwarding mode anycast-gateway'), source: 'N9K-VXLAN "Configuring the Distributed Anycast Gateway"' },
    { id: 'svi-ip-forward', parent: 'if-vlan', re: r('ip forward'), source: 'N9K-VXLAN L3VNI SVI; netlab evpn/nxos.j2' },
    { id: 'if-nve', parent: 'top', re: r('interface nve1'), source: 'N9K-VXLAN "Creating and Configuring an NVE Interface"' },
    { id: 'nve-no-shutdown', parent: 'if-nve', re: r('no shutdown'), source: 'N9K-VXLAN; Batfish nve_no_shutdown' },
    { id: 'nve-host-reachability', parent: 'if-nve', re: r('host-reachability protocol bgp'), source: 'N9K-VXLAN; Batfish nve_host_reachability' },
    { id: 'nve-source', parent: 'if-nve', re: r(String.raw`source-interface loopback\d+`), source: 'N9K-VXLAN; Batfish nve_source_interface' },
    { id: 'nve-member', parent: 'if-nve', re: r(String.raw`member vni \d+`), source: 'N9K-VXLAN; Batfish nve_member' },
    { id: 'nve-member-l3', parent: 'if-nve', re: r(String.raw`member vni \d+ associate-vrf`), source: 'N9K-VXLAN; Batfish nve_member ASSOCIATE_VRF; netlab evpn/nxos.j2' },
    { id: 'nve-suppress-arp', parent: 'nve-member', re: r('suppress-arp'), source: 'N9K-VXLAN "Configuring ARP Suppression"; Batfish nvm_suppress_arp' },
    { id: 'nve-ir-bgp', parent: 'nve-member', re: r('ingress-replication protocol bgp'), source: 'N9K-VXLAN "ingress replication for VXLAN BGP EVPN"; Batfish nvm_ingress_replication' },
    { id: 'if-ethernet', parent: 'top', re: r(String.raw`interface Ethernet1/\d+`), source: 'N9K Interfaces guide' },
    { id: 'eth-description', parent: 'if-ethernet', re: r(`description ${text}`), source: 'Batfish i_description' },
    { id: 'eth-no-switchport', parent: 'if-ethernet', re: r('no switchport'), source: 'N9K Interfaces guide "Configuring Layer 3 Interfaces"; Batfish i_no_switchport' },
    { id: 'eth-switchport', parent: 'if-ethernet', re: r('switchport'), source: 'N9K-L2; Batfish i_switchport_switchport' },
    { id: 'eth-mtu', parent: 'if-ethernet', re: r(String.raw`mtu \d+`), source: 'N9K Interfaces guide (L3 MTU 576-9216; on a layer-2 port only 1500 or the system jumbo MTU, 9216); Batfish i_mtu' },
    { id: 'eth-no-redirects', parent: 'if-ethernet', re: r('no ip redirects'), source: 'N9K-BFD "no ip redirects" on BFD interfaces' },
    { id: 'eth-ip', parent: 'if-ethernet', re: r(`ip address ${prefix}`), source: 'N9K Interfaces guide' },
    { id: 'eth-mode', parent: 'if-ethernet', re: r('switchport mode (?:access|trunk)'), source: 'N9K-L2; Batfish i_switchport_mode' },
    { id: 'eth-access-vlan', parent: 'if-ethernet', re: r(String.raw`switchport access vlan \d+`), source: 'N9K-L2; Batfish i_switchport_access' },
    { id: 'eth-trunk-native', parent: 'if-ethernet', re: r(String.raw`switchport trunk native vlan \d+`), source: 'N9K-L2 "Configuring Access and Trunk Interfaces" (switchport trunk native vlan)' },
    { id: 'eth-trunk-allowed', parent: 'if-ethernet', re: r(`switchport trunk allowed vlan ${vlanList}`), source: 'N9K-L2; Batfish i_switchport_trunk_allowed' },
    { id: 'eth-edge', parent: 'if-ethernet', re: r('spanning-tree port type edge(?: trunk)?'), source: 'N9K-L2 "Configuring STP Extensions" (spanning-tree port type edge [trunk])' },
    { id: 'eth-bpduguard', parent: 'if-ethernet', re: r('spanning-tree bpduguard enable'), source: 'N9K-L2 "Configuring STP Extensions" (spanning-tree bpduguard enable on an edge port)' },
    { id: 'eth-no-shutdown', parent: 'if-ethernet', re: r('no shutdown'), source: 'N9K Interfaces guide' },
    { id: 'eth-core-tracking', parent: 'if-ethernet', re: r('evpn multihoming core-tracking'), source: 'N9K-MH (core-tracking on the uplinks: all down suspends the local Ethernet segments)' },
    { id: 'eth-lacp-rate', parent: 'if-ethernet', re: r('lacp rate fast'), source: 'N9K-PC "Configuring the LACP Fast Timer Rate"' },
    { id: 'eth-channel-group', parent: 'if-ethernet', re: r(String.raw`channel-group \d+ mode active`), source: 'N9K-PC "Adding a Port to a Port Channel" (mode active: LACP)' },
    { id: 'if-port-channel', parent: 'top', re: r(String.raw`interface port-channel\d+`), source: 'N9K-PC "Creating a Port Channel"; N9K-MH' },
    { id: 'pc-description', parent: 'if-port-channel', re: r(`description ${text}`), source: 'N9K-PC; Batfish i_description' },
    { id: 'pc-switchport', parent: 'if-port-channel', re: r('switchport'), source: 'N9K-PC; N9K-L2' },
    { id: 'pc-mtu', parent: 'if-port-channel', re: r('mtu 9216'), source: 'N9K Interfaces guide (layer-2 jumbo MTU on a port channel, applied to its members)' },
    { id: 'pc-mode', parent: 'if-port-channel', re: r('switchport mode (?:access|trunk)'), source: 'N9K-L2; N9K-MH example (port-channel switchport mode trunk)' },
    { id: 'pc-access-vlan', parent: 'if-port-channel', re: r(String.raw`switchport access vlan \d+`), source: 'N9K-L2' },
    { id: 'pc-trunk-allowed', parent: 'if-port-channel', re: r(`switchport trunk allowed vlan ${vlanList}`), source: 'N9K-L2; N9K-MH example' },
    { id: 'pc-trunk-native', parent: 'if-port-channel', re: r(String.raw`switchport trunk native vlan \d+`), source: 'N9K-L2 "Configuring Access and Trunk Interfaces" (switchport trunk native vlan, on a port channel too)' },
    { id: 'pc-edge', parent: 'if-port-channel', re: r('spanning-tree port type edge(?: trunk)?'), source: 'N9K-L2 "Configuring STP Extensions" (on a port channel)' },
    { id: 'pc-bpduguard', parent: 'if-port-channel', re: r('spanning-tree bpduguard enable'), source: 'N9K-L2 "Configuring STP Extensions" (spanning-tree bpduguard enable on an edge port channel)' },
    { id: 'pc-ethernet-segment', parent: 'if-port-channel', re: r(String.raw`ethernet-segment \d+`), source: 'N9K-MH (ethernet-segment <es-id>, the same on every VTEP of the port channel)' },
    { id: 'es-system-mac', parent: 'pc-ethernet-segment', re: r(String.raw`system-mac [0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}`), source: 'N9K-MH (system-mac 0000.0000.0011 under ethernet-segment)' },
    { id: 'pc-no-shutdown', parent: 'if-port-channel', re: r('no shutdown'), source: 'N9K-PC' },
    { id: 'if-loopback', parent: 'top', re: r(String.raw`interface loopback\d+`), source: 'N9K-VXLAN (loopback0 router-id, loopback1 VTEP)' },
    { id: 'lo-description', parent: 'if-loopback', re: r(`description ${text}`), source: 'Batfish i_description' },
    { id: 'lo-ip', parent: 'if-loopback', re: r(`ip address ${ip}/32`), source: 'N9K-VXLAN' },
    { id: 'router-bgp', parent: 'top', re: r(String.raw`router bgp \d+`), source: 'N9K Unicast Routing guide "Configuring Basic BGP"' },
    { id: 'bgp-router-id', parent: 'router-bgp', re: r(`router-id ${ip}`), source: 'Batfish rb_router_id' },
    { id: 'bgp-multipath-relax', parent: 'router-bgp', re: r('bestpath as-path multipath-relax'), source: 'Batfish rb_bestpath' },
    { id: 'bgp-af-ipv4', parent: 'router-bgp', re: r('address-family ipv4 unicast'), source: 'Batfish rb_af_ipv4_unicast' },
    { id: 'bgp-af-ipv4-network', parent: 'bgp-af-ipv4', re: r(`network ${prefix}`), source: 'Batfish rb_af4_network' },
    { id: 'bgp-af-ipv4-max-paths', parent: 'bgp-af-ipv4', re: r(String.raw`maximum-paths \d+`), source: 'Batfish rb_afip_maximum_paths' },
    { id: 'bgp-af-evpn', parent: 'router-bgp', re: r('address-family l2vpn evpn'), source: 'N9K-VXLAN; Batfish rb_af_l2vpn' },
    { id: 'bgp-af-evpn-retain', parent: 'bgp-af-evpn', re: r('retain route-target all'), source: 'N9K-VXLAN eBGP spine; Batfish rb_afl2v_retain' },
    { id: 'bgp-af-evpn-max-paths', parent: 'bgp-af-evpn', re: r(String.raw`maximum-paths \d+`), source: 'N9K-MH step 2 (maximum-paths in address-family l2vpn evpn: ECMP for the MAC routes of a segment)' },
    { id: 'bgp-template', parent: 'router-bgp', re: r(`template peer ${word}`), source: 'N9K-VXLAN examples; Batfish rb_template_peer' },
    { id: 'tpl-description', parent: 'bgp-template', re: r(`description ${text}`), source: 'Batfish rb_n_description (valid in template peer)' },
    { id: 'tpl-bfd', parent: 'bgp-template', re: r('bfd'), source: 'N9K-BFD "Configuring BFD for BGP"; Batfish rb_n_bfd' },
    { id: 'tpl-bfd-multihop', parent: 'bgp-template', re: r('bfd multihop'), source: 'N9K-BFD "Configuring Per Multihop Session BFD Parameters" (bfd multihop, 9.3(6)+)' },
    { id: 'tpl-update-source', parent: 'bgp-template', re: r(String.raw`update-source loopback\d+`), source: 'Batfish rb_n_update_source' },
    { id: 'tpl-multihop', parent: 'bgp-template', re: r(String.raw`ebgp-multihop \d+`), source: 'Batfish rb_n_ebgp_multihop' },
    { id: 'tpl-af', parent: 'bgp-template', re: r('address-family (?:ipv4 unicast|l2vpn evpn)'), source: 'Batfish rb_n_address_family' },
    { id: 'tpl-af-send-community', parent: 'tpl-af', re: r('send-community extended'), source: 'N9K-VXLAN; Batfish rb_n_af_send_community' },
    { id: 'tpl-af-disable-peer-as-check', parent: 'tpl-af', re: r('disable-peer-as-check'), source: 'N9K-PEER-AS; Batfish rb_n_af_disable_peer_as_check' },
    { id: 'tpl-af-maximum-prefix', parent: 'tpl-af', re: r(String.raw`maximum-prefix \d+(?: \d+)?`), source: 'Nexus 9000 Unicast Routing Guide, BGP: maximum-prefix <limit> [<threshold>] in neighbor address-family mode (N9K-UNICAST "Configuring Advanced BGP": 1-300000); Batfish rb_n_af_maximum_prefix' },
    { id: 'tpl-af-allowas-in', parent: 'tpl-af', re: r(String.raw`allowas-in \d+`), source: 'Nexus 9000 Unicast Routing Guide, BGP: allowas-in in neighbor address-family mode; Batfish rb_n_af_allowas_in' },
    { id: 'tpl-af-route-map-out', parent: 'tpl-af', re: r(`route-map ${word} (?:in|out)`), source: 'N9K-VXLAN eBGP spine; Batfish rb_n_af_route_map (IN | OUT)' },
    { id: 'bgp-neighbor', parent: 'router-bgp', re: r(`neighbor ${ip}`), source: 'Batfish rb_neighbor' },
    { id: 'nbr-inherit', parent: 'bgp-neighbor', re: r(`inherit peer ${word}`), source: 'Batfish rb_n_inherit' },
    { id: 'nbr-remote-as', parent: 'bgp-neighbor', re: r(String.raw`remote-as \d+`), source: 'Batfish rb_n_remote_as' },
    { id: 'nbr-description', parent: 'bgp-neighbor', re: r(`description ${text}`), source: 'Batfish rb_n_description' },
    { id: 'bgp-vrf', parent: 'router-bgp', re: r(`vrf ${word}`), source: 'N9K-VXLAN; Batfish rb_vrf' },
    { id: 'bgp-vrf-router-id', parent: 'bgp-vrf', re: r(`router-id ${ip}`), source: 'N9K-UNICAST "Configuring Advanced BGP" (router-id in router-vrf mode); Batfish rb_v_router_id; Cisco NDFC VRF-lite template (vrf / router-id)' },
    { id: 'bgp-vrf-multipath-relax', parent: 'bgp-vrf', re: r('bestpath as-path multipath-relax'), source: 'N9K-UNICAST "Configuring Advanced BGP" (bestpath in router-vrf mode); Batfish rb_vrf (rb_bestpath); Cisco NDFC VRF-lite template (vrf / bestpath as-path multipath-relax)' },
    { id: 'bgp-vrf-af', parent: 'bgp-vrf', re: r('address-family ipv4 unicast'), source: 'N9K-VXLAN; Batfish rb_v_address_family' },
    { id: 'bgp-vrf-advertise', parent: 'bgp-vrf-af', re: r('advertise l2vpn evpn'), source: 'N9K-VXLAN; Batfish rb_afip_advertise' },
    { id: 'bgp-vrf-redistribute', parent: 'bgp-vrf-af', re: r(`redistribute direct route-map ${word}`), source: 'N9K-VXLAN; Batfish rb_af4_redistribute (route-map required)' },
    { id: 'bgp-vrf-max-paths', parent: 'bgp-vrf-af', re: r(String.raw`maximum-paths \d+`), source: 'Batfish rb_afip_maximum_paths' },
    { id: 'evpn', parent: 'top', re: r('evpn'), source: 'N9K-VXLAN "Configuring BGP EVPN"; netlab evpn/nxos.j2' },
    { id: 'evpn-vni', parent: 'evpn', re: r(String.raw`vni \d+ l2`), source: 'N9K-VXLAN; netlab evpn/nxos.j2' },
    { id: 'evpn-vni-rd', parent: 'evpn-vni', re: r(`rd ${rd}`), source: 'N9K-VXLAN (rd auto | explicit); netlab evpn/nxos.j2' },
    { id: 'evpn-vni-rt', parent: 'evpn-vni', re: r(`route-target (?:import|export) ${rt}`), source: 'N9K-VXLAN; netlab evpn/nxos.j2' },
    // Issues 14 and 15.
    { id: 'prefix-list', parent: 'top', re: r(String.raw`ip prefix-list ${word} seq \d+ (?:permit|deny) ${prefix}(?: le \d+)?`), source: 'N9K-UNICAST "Configuring Route Policy Manager" (ip prefix-list name seq n permit prefix le n)' },
    { id: 'rm-match-prefix-list', parent: 'route-map', re: r(`match ip address prefix-list ${word}`), source: 'N9K-UNICAST "Configuring Route Policy Manager"' },
    { id: 'if-ethernet-sub', parent: 'top', re: r(String.raw`interface Ethernet1/\d+\.\d+`), source: 'N9K Interfaces guide "Configuring Subinterfaces"; Batfish interface_name' },
    { id: 'sub-description', parent: 'if-ethernet-sub', re: r(`description ${text}`), source: 'Batfish i_description' },
    { id: 'sub-mtu', parent: 'if-ethernet-sub', re: r(String.raw`mtu \d+`), source: 'N9K Interfaces guide (subinterface MTU); Batfish i_mtu' },
    { id: 'sub-encapsulation', parent: 'if-ethernet-sub', re: r(String.raw`encapsulation dot1q \d+`), source: 'N9K Interfaces guide "Configuring Subinterfaces"; Batfish i_encapsulation (ENCAPSULATION DOT1Q vlan_id)' },
    { id: 'sub-vrf-member', parent: 'if-ethernet-sub', re: r(`vrf member ${word}`), source: 'N9K-VXLAN; Batfish i_vrf_member' },
    { id: 'sub-no-redirects', parent: 'if-ethernet-sub', re: r('no ip redirects'), source: 'N9K-BFD "no ip redirects" on BFD interfaces' },
    { id: 'sub-ip', parent: 'if-ethernet-sub', re: r(`ip address ${prefix}`), source: 'N9K Interfaces guide; Batfish i_ip_address_concrete' },
    { id: 'sub-no-shutdown', parent: 'if-ethernet-sub', re: r('no shutdown'), source: 'N9K Interfaces guide' },
    { id: 'svi-ip-secondary', parent: 'if-vlan', re: r(`ip address ${prefix} secondary`), source: 'N9K-UNICAST "Configuring IPv4" (secondary addresses); Batfish i_ip_address_concrete SECONDARY' },
    { id: 'bgp-vrf-aggregate', parent: 'bgp-vrf-af', re: r(`aggregate-address ${prefix}`), source: 'N9K-UNICAST "Configuring Advanced BGP" (aggregate-address); Batfish rb_af4_aggregate_address' },
    { id: 'bgp-vrf-neighbor', parent: 'bgp-vrf', re: r(`neighbor (?:${prefix}|${ip})`), source: 'N9K-UNICAST "Configuring Advanced BGP" (BGP dynamic neighbors: neighbor <prefix> remote-as); Batfish rb_neighbor (ip | prefix)' },
    { id: 'vrf-nbr-inherit', parent: 'bgp-vrf-neighbor', re: r(`inherit peer ${word}`), source: 'Batfish rb_n_inherit' },
    { id: 'vrf-nbr-remote-as', parent: 'bgp-vrf-neighbor', re: r(String.raw`remote-as \d+`), source: 'Batfish rb_n_remote_as' },
    { id: 'vrf-nbr-description', parent: 'bgp-vrf-neighbor', re: r(`description ${text}`), source: 'Batfish rb_n_description' },
  ],
};

/** One line of a configuration checked against a table. */
export interface LineProblem {
  readonly line: number;
  readonly text: string;
  readonly problem: string;
}

/**
 * Checks every line of a configuration against a table: indentation a multiple of the platform's
 * unit, one level below its parent at most, and a shape allowed in its parent's mode. Returns the
 * problems and the ids of the shapes used.
 */
export function checkLineShapes(config: string, table: PlatformShapes): { problems: LineProblem[]; used: Set<string> } {
  const problems: LineProblem[] = [];
  const used = new Set<string>();
  const stack: string[] = [];
  const lines = config.split('\n');
  lines.forEach((raw, i) => {
    if (raw === '') return;
    const indent = raw.length - raw.trimStart().length;
    const text = raw.slice(indent);
    const problem = classify(indent, text);
    if (problem !== undefined) problems.push({ line: i + 1, text: raw, problem });
  });
  return { problems, used };

  /** Pushes the line's shape on the mode stack; returns what is wrong with it, if anything. */
  function classify(indent: number, text: string): string | undefined {
    if (indent % table.indent !== 0) return `indentation ${indent} is not a multiple of ${table.indent}`;
    const level = indent / table.indent;
    if (level > stack.length) return `indented ${level} levels under a mode ${stack.length} deep`;
    stack.length = level;
    const parent = level === 0 ? 'top' : (stack[level - 1] ?? 'top');
    const shape = table.shapes.find((s) => s.parent === parent && s.re.test(text));
    stack.push(shape?.id ?? 'unknown');
    if (shape === undefined) return `no allowed command of this shape in mode ${parent}`;
    used.add(shape.id);
    return undefined;
  }
}
