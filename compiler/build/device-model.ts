/**
 * The device model: one vendor-neutral, readonly value per switch, written as
 * `<out>/<device>/model.json`. It is the contract between the compiler and everything downstream:
 * the FRR, EOS and NX-OS templates only format it, the verifier proves properties of it, the lab
 * boots it, the review tools diff it. Every derived value (names, addresses, RDs, RTs, sort order)
 * is decided here, in build/, never in a template.
 *
 * Conventions: lists are sorted (interfaces naturally by name within their kind, VLANs and VNIs
 * numerically, VRFs and peers by name/address); addresses with a prefix length are `a.b.c.d/n`,
 * bare addresses have none; absent things are `null`, never missing keys, so the JSON is regular.
 * Interface names are the platform's own (frr `swp5`, eos `Ethernet5`, nxos `Ethernet1/5`).
 *
 * model.json prints one list entry per line (render/model-json.ts), so that a changed VLAN,
 * neighbor or interface is one changed line in a review diff:
 *
 *     {
 *       "name": "leaf1",
 *       "tags": ["web"],
 *       "vlans": [
 *         {"id":110,"name":"web","vni":10110,"kind":"l2","tenant":"acme","vrf":"prod","network":"web"},
 *         {"id":2001,"name":"L3VNI-prod","vni":50001,"kind":"l3vni","tenant":"acme","vrf":"prod","network":null}
 *       ],
 *       …
 *     }
 *
 * Objects print one key per line, indented two spaces per level; a list of scalars prints on its
 * key's line; a list of objects or lists prints one element per line, each on a single line in the
 * compact style of JSON.stringify and `jq -c` (no spaces). Keys keep the order of these
 * interfaces; LF line ends, one final newline. It is plain JSON: `JSON.parse` reads it back to the
 * value `JSON.stringify` would have written.
 */
import type { Platform } from '../load/intent-types.js';

export type { Platform };

export const deviceModelSchema = 'clos.device/1' as const;

export type Role = 'spine' | 'leaf';

export interface DeviceModel {
  readonly schema: typeof deviceModelSchema;
  readonly fabric: string;
  readonly name: string;
  readonly role: Role;
  readonly id: number;
  readonly platform: Platform;
  /**
   * A virtual switch (vEOS, cEOS, Nexus 9000v: a lab) rather than hardware (`virtual` in the
   * intent). What differs is decided in build/ (today `bgp.updateWaitInstall`), never in a template.
   */
  readonly virtual: boolean;
  readonly rack: string | null;
  readonly tags: readonly string[];
  /**
   * Leaves: `full-mesh` when the intent left cabling to the default (one link to every spine),
   * `explicit` when it listed uplinks (a missing spine is then the intent's choice, and reported as
   * such). Null on spines.
   */
  readonly cabling: 'full-mesh' | 'explicit' | null;
  /** Loopback0 address, also the BGP router-id. */
  readonly routerId: string;
  readonly asn: number;
  /** Underlay MTU of every fabric link. */
  readonly mtu: number;
  readonly interfaces: DeviceInterfaces;
  /** What every server-facing port of a leaf gets, whatever carries it; null on spines. */
  readonly edgePorts: EdgePortSettings | null;
  /**
   * Sorted by id. Empty on spines. On EOS leaves it lists no L3VNI transit VLAN: EOS allocates the
   * L3VNI's VLAN itself (from `internalVlans`) and renders none.
   */
  readonly vlans: readonly DeviceVlan[];
  /**
   * EOS leaves: the range EOS allocates internal VLANs from (`vlan internal order ascending range`),
   * one per routed port and the L3VNIs' own VLANs; no VLAN of `vlans` is inside it. Null elsewhere:
   * EOS spines carry no network VLAN and keep EOS's range (1006-4094), which their routed ports, one
   * per leaf, may need whole; NX-OS reserves 3968-4094 itself; FRR has no internal VLANs.
   */
  readonly internalVlans: VlanRange | null;
  /** Sorted by name. Empty on spines. */
  readonly vrfs: readonly DeviceVrf[];
  /** Null on spines. */
  readonly vxlan: DeviceVxlan | null;
  /** Null on spines. */
  readonly anycastGateway: AnycastGateway | null;
  readonly bgp: DeviceBgp;
  /** Null when the fabric runs without BFD. */
  readonly bfd: BfdTimers | null;
  /** Linux plumbing FRR needs that other platforms do not (bridges, VXLAN devices, bonds). Null elsewhere and on spines. */
  readonly linux: LinuxPlumbing | null;
  /**
   * Prefix lists and route maps of the sessions to external routers and to hosts (the inbound and
   * outbound filters). Empty lists on a device with neither.
   */
  readonly routingPolicy: RoutingPolicy;
  /**
   * What a leaf with Ethernet segments needs beyond the segments themselves: uplink tracking, so a
   * leaf that loses every uplink takes its segments down and never black-holes a dual-homed
   * server's traffic. Null on spines and on leaves without segments.
   */
  readonly multihoming: Multihoming | null;
}

/**
 * Interfaces grouped by kind; lists sorted naturally by name (swp2 < swp10).
 *
 * The templates also see `interfaces.physical`: `fabric` and `servers` merged in natural order, the
 * order in which a switch lists its ports (render/template-view.ts). It is not part of the model
 * nor of model.json: it holds nothing these lists do not, and the files print what the verifier
 * checks.
 */
export interface DeviceInterfaces {
  /** Loopback0: router-id, BGP and EVPN source. */
  readonly loopback0: LoopbackInterface;
  /** The VXLAN source loopback; null on spines. On FRR it is a second address on `lo`. */
  readonly vtep: LoopbackInterface | null;
  readonly fabric: readonly FabricInterface[];
  /** Empty on spines. */
  readonly servers: readonly ServerInterface[];
  /** Empty on spines. Sorted by VLAN. */
  readonly svis: readonly SviInterface[];
  /** Empty on spines and on EOS, which needs no L3VNI SVI. Sorted by VLAN. */
  readonly l3vnis: readonly L3vniInterface[];
  /** Routed hand-off ports to routers outside the fabric (border leaves); empty elsewhere. Sorted naturally. */
  readonly external: readonly ExternalPort[];
  /** Routed 802.1Q sub-interfaces of the hand-off ports, one per VRF handed off; sorted naturally. */
  readonly subinterfaces: readonly RoutedSubinterface[];
  /** Port-channels of servers with `bond: lacp` (local LAGs and Ethernet segments), sorted by number. Empty on spines. */
  readonly lags: readonly LagInterface[];
}

/** VLANs first..last, both included. */
export interface VlanRange {
  readonly first: number;
  readonly last: number;
}

/**
 * The settings of every server-facing (edge) port of a leaf: one object per leaf, so every kind of
 * edge port (an Ethernet port, a port-channel) prints the same lines from it. EOS and
 * NX-OS print them in one partial each (`templates/<platform>/partials/edge-port.hbs`, given the
 * port: its `accessVlan` and `vlans`), which any edge-port stanza includes.
 */
export interface EdgePortSettings {
  /**
   * STP edge port: forwards at once instead of listening and learning first (EOS `spanning-tree
   * portfast`; NX-OS `spanning-tree port type edge` / `edge trunk`). FRR's bridges run no STP.
   */
  readonly portfast: true;
  /**
   * BPDU guard: a BPDU on the port err-disables it, since a server never sends one and a switch
   * plugged into a server port would join the fabric's spanning tree (EOS and NX-OS
   * `spanning-tree bpduguard enable`). FRR's bridges run no STP and render nothing.
   */
  readonly bpduGuard: true;
  /**
   * Native VLAN of trunk ports (fabric.vlans.native, default 3967): untagged frames land in this VLAN,
   * which no network on the leaf uses, instead of VLAN 1, which every switch has and every trunk
   * would share (EOS and NX-OS `switchport trunk native vlan`). FRR trunks are 802.1Q
   * sub-interfaces of a port that is in no bridge, so untagged frames already go nowhere: FRR
   * renders nothing.
   */
  readonly nativeVlan: number;
}

export type DeviceInterface = LoopbackInterface | FabricInterface | ServerInterface | SviInterface | L3vniInterface | ExternalPort | RoutedSubinterface | LagInterface;

/**
 * A routed port of a border leaf facing an external router (a firewall, a WAN edge). It carries no
 * address itself: each VRF handed off on it has its own 802.1Q sub-interface.
 */
export interface ExternalPort {
  readonly kind: 'external';
  readonly name: string;
  readonly port: number;
  /** 1500: the hand-off carries standard Ethernet frames (routers outside rarely agree on more). */
  readonly mtu: number;
  /** `external hand-off <vrf>, <vrf>`. */
  readonly description: string;
  /** Its sub-interfaces, sorted naturally. */
  readonly subinterfaces: readonly string[];
}

/** A routed 802.1Q sub-interface `<port>.<vlan>` in a VRF: one end of an external session's /31. */
export interface RoutedSubinterface {
  readonly kind: 'subinterface';
  /** `swp47.3001`, `Ethernet47.3001`, `Ethernet1/47.3001`. */
  readonly name: string;
  /** The parent port's name. */
  readonly parent: string;
  readonly port: number;
  readonly vlan: number;
  readonly vrf: string;
  /** The leaf's end of the transit /31, `a.b.c.d/31`. */
  readonly address: string;
  readonly mtu: number;
  /** `<vrf> to AS <asn> <peer address>`. */
  readonly description: string;
  /** The external router at the other end. */
  readonly peer: { readonly address: string; readonly asn: number };
  /** The transit /31, `a.b.c.d/31`. */
  readonly link: string;
}

export interface LoopbackInterface {
  readonly kind: 'loopback';
  readonly name: string;
  /** `router-id`: Loopback0 (router-id, BGP and EVPN source); `vtep`: the VXLAN source. */
  readonly purpose: 'router-id' | 'vtep';
  /** `a.b.c.d/32` */
  readonly address: string;
  readonly description: string;
}

/** A routed leaf-spine link. */
export interface FabricInterface {
  readonly kind: 'fabric';
  readonly name: string;
  readonly port: number;
  /** `a.b.c.d/31` */
  readonly address: string;
  readonly mtu: number;
  /** Names the peer device and port, e.g. `to spine1 Ethernet3`. */
  readonly description: string;
  readonly peer: LinkPeer;
  /** The link's /31, `a.b.c.d/31`, identical on both ends. */
  readonly link: string;
}

export interface LinkPeer {
  readonly device: string;
  readonly interface: string;
  readonly port: number;
  /** The peer's address on the link, no prefix length. */
  readonly address: string;
}

/**
 * What a server-facing switch port and a server's port-channel share (build/interfaces.ts
 * edgePortFields): the VLANs, MTU, server and networks the port carries.
 */
export interface EdgePortFields {
  readonly mode: 'access' | 'trunk';
  /** Access: the one VLAN; trunk: every tagged VLAN. Sorted. */
  readonly vlans: readonly number[];
  /**
   * The untagged VLAN of an access port; null on a trunk. Lets a template choose between the
   * access and the trunk form of a switch port without comparing strings.
   */
  readonly accessVlan: number | null;
  /** The largest MTU of the networks on the port. */
  readonly mtu: number;
  /**
   * True when `mtu` exceeds the Ethernet default of 1500: platforms whose layer-2 ports drop larger
   * frames by default (NX-OS) raise the port to their jumbo MTU, as they accept no value between.
   */
  readonly jumbo: boolean;
  readonly server: string;
  readonly networks: readonly string[];
  readonly description: string;
}

/** A server-facing layer-2 port. */
export interface ServerInterface extends EdgePortFields {
  readonly kind: 'server';
  readonly name: string;
  readonly port: number;
  /**
   * How the server bonds its ports: `lacp` (this port is a member of `lag`), `active-backup`
   * (independent ports that all carry the server's networks; the host picks one), `none`.
   */
  readonly bond: 'lacp' | 'active-backup' | 'none';
  /**
   * The port-channel this port is a member of, by its interface name (`bond5`, `Port-Channel5`,
   * `port-channel5`), or null. A member carries its port-channel's VLANs (`mode`, `vlans` say
   * which); configurations give it only what membership needs.
   */
  readonly lag: string | null;
}

/**
 * A server's port-channel (`bond: lacp`): a local LAG of ports on this leaf, or this leaf's side of
 * an Ethernet segment. LACP active on every member; the networks are configured on the
 * port-channel, members only join it.
 */
export interface LagInterface extends EdgePortFields {
  readonly kind: 'lag';
  /** FRR `bond<n>`, EOS `Port-Channel<n>`, NX-OS `port-channel<n>`. */
  readonly name: string;
  /** The port-channel number: the server's `lag`, default its lowest port; the same on both leaves of a segment. */
  readonly number: number;
  /** Member ports on this leaf, by interface name, sorted naturally. */
  readonly members: readonly string[];
  readonly lacp: LacpSettings;
  /** This leaf's side of the server's Ethernet segment; null for a local LAG. */
  readonly segment: EthernetSegment | null;
}

export interface LacpSettings {
  /** Members send LACPDUs on their own (`channel-group <n> mode active`, 802.3ad). */
  readonly mode: 'active';
  /** LACPDUs every second, so a dead link or partner is noticed in 3 s instead of 90 s. */
  readonly rate: 'fast';
  /**
   * The LACP system-id the port-channel presents, colon-separated: the segment's system MAC, so
   * both leaves of a segment are one partner to the server; null on a local LAG (the switch's own).
   */
  readonly systemId: string | null;
  /** The same in dotted form (`024d.000b.000c`), as EOS and NX-OS write it; null with systemId. */
  readonly systemIdDotted: string | null;
}

/**
 * An EVPN Ethernet segment (RFC 7432, RFC 8365), all-active: identical on the two leaves of the
 * segment (the verifier proves it). Derivation in compiler/resolve/segments.ts.
 */
export interface EthernetSegment {
  /** Type-3 ESI as ten colon-separated octets: `03`, the system MAC, the 3-byte discriminator. */
  readonly esi: string;
  readonly type: 3;
  /** The ESI as five groups of four hex digits (`0302:4d00:0b00:0c00:0005`), the form EOS writes. */
  readonly identifier: string;
  /** `02:4d:<lower leaf id>:<higher leaf id>`: the ESI's MAC, also the LACP system-id. */
  readonly systemMac: string;
  /** The same in dotted form, as NX-OS writes it. */
  readonly systemMacDotted: string;
  /** The ESI's 3-byte local discriminator: the port-channel number (FRR `es-id`, NX-OS `ethernet-segment`). */
  readonly discriminator: number;
  /**
   * The ES-Import route target of the Ethernet segment routes (type 4): the ESI's MAC, as RFC 7432
   * section 7.6 derives it for a type-3 ESI. FRR and NX-OS derive it themselves; EOS is given it.
   */
  readonly importRouteTarget: string;
  /** The segment's two leaves, sorted by id; this leaf is one of them. */
  readonly leaves: readonly string[];
  /** Every leaf of the segment forwards (RFC 7432 all-active). */
  readonly redundancy: 'all-active';
}

/** Uplink tracking of a leaf with Ethernet segments. */
export interface Multihoming {
  /**
   * The fabric interfaces whose loss isolates the leaf: every uplink. When all are down the leaf
   * takes its segments down (FRR `evpn mh uplink`, EOS link tracking upstream, NX-OS `evpn
   * multihoming core-tracking`), so the server sends everything to the other leaf.
   */
  readonly uplinks: readonly string[];
  /** The port-channels taken down with the uplinks: those of segments, sorted by number. */
  readonly segments: readonly string[];
  /** Name of the EOS link tracking group that ties them. */
  readonly trackingGroup: string;
  /**
   * Seconds the segments stay down after an uplink returns, so routes converge first (EOS link
   * tracking `recovery delay`, AVD's default). FRR holds segments down for its startup delay after
   * a restart only, NX-OS by its own defaults; neither is configured.
   */
  readonly recoveryDelay: number;
}

/** The routed interface of a network: the distributed anycast gateway. */
export interface SviInterface {
  readonly kind: 'svi';
  readonly name: string;
  readonly vlan: number;
  readonly vrf: string;
  readonly network: string;
  /** The anycast gateway with the subnet's prefix length, `a.b.c.d/n`. */
  readonly address: string;
  readonly mtu: number;
  readonly description: string;
  /**
   * This leaf's own address in the subnet with its prefix length, `a.b.c.d/n`, for the sessions of
   * hosts that speak BGP (`bgp_hosts`); null otherwise. Never the gateway; the rule is in the README.
   */
  readonly sessionAddress: string | null;
  /**
   * This leaf's own address in the subnet, `a.b.c.d/n`: the session address where the network has
   * BGP hosts, and on FRR leaves also in a routed network an Ethernet segment of the leaf carries,
   * so the leaf resolves the segment's servers from an address and a MAC of its own
   * (resolve/own-addresses.ts, README "An address of its own"); null otherwise. Same rule.
   */
  readonly ownAddress: string | null;
}

/** The L3VNI's transit SVI (no address): NX-OS and FRR route the L3VNI through it; EOS needs none. */
export interface L3vniInterface {
  readonly kind: 'l3vni';
  readonly name: string;
  readonly vlan: number;
  readonly vrf: string;
  readonly mtu: number;
  readonly description: string;
}

export interface DeviceVlan {
  readonly id: number;
  /** The network's name, or `L3VNI-<vrf>` for a transit VLAN. */
  readonly name: string;
  readonly vni: number;
  readonly kind: 'l2' | 'l3vni';
  readonly tenant: string;
  readonly vrf: string;
  /** The network for an L2 VLAN; null for an L3VNI transit VLAN. */
  readonly network: string | null;
}

export interface RouteTargets {
  readonly import: readonly string[];
  readonly export: readonly string[];
}

export interface DeviceVrf {
  readonly name: string;
  readonly tenant: string;
  readonly l3vni: number;
  /**
   * The fabric's transit VLAN of the L3VNI, the same on every leaf; FRR and NX-OS render it, EOS
   * allocates a VLAN of its own (so an EOS leaf's `vlans` does not list it).
   */
  readonly vlan: number;
  /** Linux routing table of the VRF device (FRR): 1000 + VRF id. */
  readonly tableId: number;
  /**
   * `<vtep>:<vrf id>`: the leaf's VTEP address, not its router-id, so that it can never equal an L2
   * RD `<router-id>:<vlan>` (the pools do not overlap), whatever the VRF ids and VLANs.
   */
  readonly rd: string;
  readonly routeTargets: RouteTargets;
  /** Routed networks of the VRF on this leaf, sorted by VLAN. */
  readonly networks: readonly string[];
}

export interface DeviceVxlan {
  /** The VTEP loopback's interface name. */
  readonly sourceInterface: string;
  /** VTEP address, no prefix length. */
  readonly sourceAddress: string;
  readonly udpPort: number;
  /** Data-plane MAC learning is off: EVPN type-2 routes populate the tables. */
  readonly learning: false;
  /** BUM traffic: head-end (ingress) replication to the VTEPs learned from EVPN type-3 routes. */
  readonly replication: 'ingress-bgp';
  /** Sorted by VNI. */
  readonly l2vnis: readonly L2Vni[];
  /** Sorted by VNI. */
  readonly l3vnis: readonly L3Vni[];
}

export interface L2Vni {
  readonly vni: number;
  readonly vlan: number;
  readonly network: string;
  /** MTU of the network carried in the VNI. */
  readonly mtu: number;
  /**
   * ARP/ND suppression from EVPN-learned IP bindings: on where the leaf hosts the network's anycast
   * gateway (a routed network), off on layer-2-only VNIs. NX-OS supports `suppress-arp` only on a VNI
   * whose gateway SVI is on the VTEP; and without an SVI no platform learns the IP bindings to
   * answer from, so FRR (`neigh_suppress`) follows the same rule. EOS has no per-VNI setting.
   */
  readonly arpSuppression: boolean;
}

export interface L3Vni {
  readonly vni: number;
  readonly vlan: number;
  readonly vrf: string;
}

export interface AnycastGateway {
  /** Lowercase, colon-separated, unicast. */
  readonly mac: string;
  /**
   * The same MAC as three dot-separated groups of four hex digits (`0000.5e00.0101`), the form
   * Cisco NX-OS writes in its configuration.
   */
  readonly macDotted: string;
}

/**
 * The Linux data plane FRR drives (FRR platform, leaves only), in one of two forms:
 *
 * - `per-vni` (leaves without Ethernet segments): one traditional bridge per VNI, named after its
 *   VLAN, holding the VNI's VXLAN device and the server ports (access ports and access bonds
 *   directly, trunk ports and trunk bonds through 802.1Q sub-interfaces); a routed network's bridge
 *   is its SVI and carries the anycast gateway. No VLAN filtering needed in the kernel.
 * - `vlan-aware` (leaves with Ethernet segments): one VLAN-aware bridge (`vlanAwareBridge`) holding
 *   every VXLAN device (each the untagged PVID of its VLAN), server port and bond with their VLANs;
 *   the SVIs (`bridges[].name`, and the L3VNI SVIs) are 802.1Q devices on it. FRR 8.4's zebra ties
 *   an Ethernet segment's bond to its EVPN instances through the bond's VLANs in such a bridge and
 *   gives a host MAC the segment's ESI only when learnt on the bond itself (zebra_evpn_mh.c,
 *   zebra_evpn_mac.c; checked in a VM: behind per-VNI bridges the bond's sub-interfaces learn the
 *   MAC without ESI and no EAD-per-EVI route is sent), so a segment needs this form.
 *
 * FRR 8.4 has no single-VXLAN-device mode, so each VNI has its own device in both.
 */
export interface LinuxPlumbing {
  /** One per network on the leaf, sorted by VLAN. */
  readonly bridges: readonly LinuxBridge[];
  /** One per VRF on the leaf, sorted by VLAN; their `vrf` is never null. */
  readonly l3vniBridges: readonly LinuxBridge[];
  /** Every VXLAN device of the leaf, for removing ones an earlier configuration left behind. */
  readonly vxlanDevices: readonly string[];
  /** 802.1Q sub-interfaces of trunk ports and trunk bonds (per-vni form), sorted naturally by name. */
  readonly subinterfaces: readonly LinuxSubinterface[];
  /** Which of the two forms above. */
  readonly bridgeMode: 'per-vni' | 'vlan-aware';
  /** One Linux bond per port-channel (`interfaces.lags`), sorted by name. */
  readonly bonds: readonly LinuxBond[];
  /** The VLAN-aware bridge (vlan-aware form); null in the per-vni form. */
  readonly vlanAwareBridge: LinuxVlanAwareBridge | null;
  /** The bridges' gateway devices (`LinuxBridge.gateway`), by VLAN: what the script keeps when it removes stale ones. */
  readonly gateways: readonly string[];
  /**
   * Zebra's ES-redirect off (`evpn mh redirect-off`): fast failover of local MACs through a backup
   * next-hop group needs bridge support Linux gained in 6.7 (backup_nhid); on older kernels (Debian
   * 12: 6.1) zebra must move the MACs of a failed segment itself (FRR's user guide, EVPN
   * multihoming, "Fast failover"). True when the leaf has segments.
   */
  readonly esRedirectOff: boolean;
}

/** A Linux bond: one port-channel in 802.3ad (LACP) mode. */
export interface LinuxBond {
  /** `bond<n>` */
  readonly name: string;
  readonly members: readonly string[];
  readonly mode: '802.3ad';
  readonly lacpRate: 'fast';
  /** `ad_actor_system`: the segment's system MAC on a segment; null (the bond's own MAC) on a local LAG. */
  readonly actorSystem: string | null;
  /** Hash for the traffic the leaf sends to the server over several members. */
  readonly hashPolicy: 'layer3+4';
  /** The bond stays up with one member: it carries on alone when the others fail. */
  readonly minLinks: 1;
  readonly mtu: number;
}

/** The single bridge of the vlan-aware form. */
export interface LinuxVlanAwareBridge {
  /** `br0` */
  readonly name: string;
  /** The leaf's router MAC (the bridge's own address; SVIs set theirs). */
  readonly mac: string;
  /** The largest MTU of its ports. */
  readonly mtu: number;
  /**
   * The server ports and bonds with their VLANs, sorted naturally by name. The VXLAN devices are
   * its ports too, each the untagged PVID of its VLAN (`bridges`, `l3vniBridges`).
   */
  readonly ports: readonly LinuxBridgePort[];
}

export interface LinuxBridgePort {
  readonly name: string;
  /** Tagged VLANs, sorted. */
  readonly vlans: readonly number[];
  /** The untagged VLAN (access ports and bonds), or null. */
  readonly pvid: number | null;
}

/**
 * A network's (or an L3VNI's) layer 2 domain on an FRR leaf. Per-vni form: a bridge of its own,
 * which is also the VLAN's SVI. Vlan-aware form: the VLAN of the one VLAN-aware bridge, and `name`
 * its SVI, an 802.1Q device on that bridge; the other fields mean the same.
 */
export interface LinuxBridge {
  /** `vlan<id>`: the VLAN's SVI. */
  readonly name: string;
  readonly vlan: number;
  readonly vni: number;
  /** The VNI's VXLAN device, `vxlan<vni>`. */
  readonly vxlan: string;
  /**
   * The bridge's MAC: the anycast gateway MAC on a routed network's bridge (identical on every
   * leaf); everywhere else the leaf's own router MAC (`02:00:` and the router-id's four bytes), which
   * on an L3VNI bridge is EVPN's RMAC and must differ between leaves. A layer-2-only bridge never
   * gets the gateway MAC: a frame sent to it there is not the leaf's to route. A bridge with a
   * `gateway` device carries the leaf's own MAC too: the gateway device has the anycast MAC.
   */
  readonly mac: string;
  /**
   * IPv4 (and IPv6) forwarding on the bridge: on where it routes (a routed network, an L3VNI), off on
   * a layer-2-only bridge, as FRR's EVPN documentation asks of SVIs not used for routing, so nothing
   * that arrives on it is routed in the default table.
   */
  readonly forwarding: boolean;
  /** `neigh_suppress` on the VXLAN port: see L2Vni.arpSuppression; on for L3VNIs. */
  readonly arpSuppression: boolean;
  readonly mtu: number;
  /** The anycast gateway `a.b.c.d/n` on a routed network's bridge; null otherwise. */
  readonly address: string | null;
  /** The VRF the bridge routes in: routed networks and L3VNIs; null for L2-only networks. */
  readonly vrf: string | null;
  /**
   * Per-vni form: access ports and bonds and the trunk sub-interfaces in the bridge; vlan-aware
   * form: the bridge ports carrying the VLAN (ports and bonds, tagged or untagged). Sorted naturally.
   */
  readonly ports: readonly string[];
  /** The leaf's own session address for hosts that speak BGP (the SVI's `sessionAddress`), or null. */
  readonly sessionAddress: string | null;
  /** The leaf's own address in the subnet (the SVI's `ownAddress`: BGP hosts' sessions, the leaf's segments), or null. */
  readonly ownAddress: string | null;
  /**
   * With an own address: the anycast gateway's own device, `<name>-v0`, a macvlan in private
   * mode on the bridge (SVI) with the anycast MAC (`anycastGateway.mac`) and `address`, while the
   * bridge keeps the leaf's own MAC and only the own address. Then a host's ARP request for a
   * leaf's own address is answered with that leaf's MAC alone, so a dual-homed host's packets to
   * it are bridged to that leaf whichever link they take, not routed by the other leaf as the
   * anycast MAC would be; and the leaf's own ARP requests go out from that address and MAC, so the
   * replies come back to it. The design of FRR's EVPN multihoming topotest (bgp_evpn_mh, `config_svi`)
   * and Cumulus Linux's VRR. Null otherwise: the gateway is on the bridge itself.
   */
  readonly gateway: string | null;
}

export interface LinuxSubinterface {
  /** `<port>.<vlan>` */
  readonly name: string;
  readonly parent: string;
  readonly vlan: number;
  readonly mtu: number;
}

/** The address families a session carries. */
export interface AddressFamilies {
  readonly ipv4Unicast: boolean;
  readonly l2vpnEvpn: boolean;
}

export interface PeerGroup {
  readonly name: string;
  readonly purpose: 'underlay' | 'overlay';
  readonly description: string;
  readonly addressFamilies: AddressFamilies;
  readonly bfd: boolean;
  /** Extended communities carry route targets: always on for the overlay. */
  readonly sendCommunity: 'extended' | null;
  /** TTL for sessions between loopbacks; null for directly connected peers. */
  readonly ebgpMultihop: number | null;
  /** Interface name the session is sourced from; null for link sessions. */
  readonly updateSource: string | null;
  /** Spines re-advertise EVPN routes with the originating VTEP as next hop (route-server role). */
  readonly nextHopUnchanged: boolean;
  /**
   * How many times a route may carry this device's own ASN and still be accepted (`allowas-in`).
   * Set to 1 on leaves that share their ASN with another leaf (the intent gave them the same
   * `asn`), so each still learns the other's loopback, VTEP and EVPN routes through the spines;
   * null everywhere else, where eBGP loop prevention stays strict.
   */
  readonly allowasIn: number | null;
  /**
   * Sender-side AS-path check: true when the device does not advertise to an eBGP peer a route
   * whose AS path begins with the peer's ASN (one it learned from that ASN), which the peer would
   * drop unless it accepts its own ASN. The platforms differ:
   * - NX-OS does it by default (Cisco, "Configure disable-peer-as-check in BGP on NX-OS"; Batfish
   *   models it as EXCEPT_FIRST); `disable-peer-as-check` turns it off. NX-OS spines get that on both
   *   address families when leaves share an ASN, or those leaves would never learn each other's
   *   loopback, VTEP and EVPN routes, whatever their allowas-in.
   * - EOS does not check outbound (Batfish's EOS model: no outgoing remote-as check on Arista).
   * - FRR checks only with `neighbor … sender-as-path-loop-detection`, off by default.
   * The verifier's propagation applies it as the model says.
   */
  readonly peerAsCheck: boolean;
  /**
   * The most routes a session of the group may bring before the device shuts it down, and the share
   * of it that logs a warning. Set deliberately on every platform, rendered only where the default
   * differs:
   * - Overlay: no limit (`limit` 0): every host of the fabric is an EVPN route. EOS's default is
   *   12,000 per neighbour (`maximum-routes 0` lifts it, as AVD does); NX-OS and FRR have no limit
   *   unless configured, so they render nothing.
   * - Underlay: it carries only Loopback0 and VTEP /32s, at most one per address the pools can give
   *   (pools.loopback and pools.vtep, device ids at most 65535): `limit` is twice that, and the
   *   warning fires at 50 %, as soon as a session brings more than the address plan can produce. It
   *   depends on the pools only, so adding a switch changes no line. EOS `maximum-routes N
   *   warning-limit 50 percent`, NX-OS `maximum-prefix N 50`, FRR `maximum-prefix N 50`.
   */
  readonly maximumRoutes: RouteLimit;
}

export interface RouteLimit {
  /** Routes per session; 0: no limit. */
  readonly limit: number;
  /** Percent of `limit` at which the device logs a warning; null with no limit. */
  readonly warningPercent: number | null;
}

export interface BgpNeighbor {
  /** Peer address, no prefix length. */
  readonly address: string;
  readonly remoteAs: number;
  readonly peerGroup: string;
  readonly purpose: 'underlay' | 'overlay';
  /** The peer device. */
  readonly peer: string;
  /** Our address on the session, no prefix length. */
  readonly localAddress: string;
  /** The local interface of a link session; null for loopback sessions. */
  readonly interface: string | null;
  readonly description: string;
}

export interface EvpnVni {
  readonly vni: number;
  readonly vlan: number;
  readonly network: string;
  /** `<router-id>:<vlan>` (L3 RDs use the VTEP address, so the two never collide). */
  readonly rd: string;
  readonly routeTargets: RouteTargets;
  /**
   * FRR leaves, a network with BGP hosts: the VNI announces the SVI's own MAC and IP, the leaf's
   * session address, as an EVPN type-2 route (`advertise-svi-ip` in the VNI; FRR's BGP
   * documentation, "EVPN advertise-svi-ip"; FRR's EVPN multihoming topotest), so the other leaves
   * bridge a host's packets for it to this leaf instead of flooding them. Only with the gateway on a
   * device of its own (LinuxBridge.gateway): zebra announces the SVI's addresses, never the
   * gateway device's. False everywhere else.
   */
  readonly advertiseSviIp: boolean;
}

export interface EvpnSettings {
  /** Leaves: originate routes for every local VNI. */
  readonly advertiseAllVni: boolean;
  /** Spines: keep EVPN routes whatever their route targets, to re-advertise them. */
  readonly retainRouteTargetAll: boolean;
  /** Sorted by VNI. Empty on spines. */
  readonly vnis: readonly EvpnVni[];
  /**
   * Leaves of a fabric with Ethernet segments resolve a dual-homed host's MAC to every leaf of its
   * segment (aliasing, RFC 7432 section 8.4), so they install EVPN routes over several next hops:
   * NX-OS needs `maximum-paths` in L2VPN EVPN for it (FRR and EOS do it by default). FRR leaves
   * route to the host over plain BGP multipath instead of the segment's layer-3 nexthop group
   * (`no use-es-l3nhg`): FRR's documentation turns those groups on only "on dataplanes that support
   * layer3 nexthop groups", and on Linux 6.1 with FRR 8.4 the kernel kept a failed leaf's next hop
   * in them (the lab's leaf failures). False on spines and in fabrics without segments.
   */
  readonly aliasing: boolean;
}

export interface BgpVrf {
  readonly vrf: string;
  readonly l3vni: number;
  /** `<vtep>:<vrf id>`, as DeviceVrf.rd. */
  readonly rd: string;
  readonly routeTargets: RouteTargets;
  /** The SVI subnets enter EVPN as type-5 routes. */
  readonly redistributeConnected: true;
  /**
   * Peer groups of the VRF's sessions to external routers and to hosts, sorted by name. FRR
   * defines them in the VRF's BGP instance; EOS and NX-OS (peer groups, peer templates) define them
   * once in `router bgp` under the same names, which are fabric-unique.
   */
  readonly peerGroups: readonly VrfPeerGroup[];
  /** eBGP sessions to external routers on this leaf's hand-off sub-interfaces, by address. */
  readonly neighbors: readonly VrfNeighbor[];
  /** Subnets whose hosts may open a session (dynamic neighbours), by VLAN. */
  readonly listenRanges: readonly ListenRange[];
  /**
   * Most dynamic neighbours the VRF's instance admits: every host address of its listen ranges'
   * subnets (all but network and broadcast), at most 65,535; null without listen ranges. FRR
   * renders it (`bgp listen limit`): its own default is 100 per instance, fewer than one /24 of
   * Kubernetes nodes. EOS and NX-OS, with limits of their own, render nothing for it.
   */
  readonly listenLimit: number | null;
  /**
   * Aggregates this border announces outside (`advertise: [...]`), `a.b.c.d/n`, sorted. BGP
   * originates one while a more specific route of the VRF exists; the outbound filter lets it out.
   */
  readonly aggregates: readonly string[];
}

/** The policy shared by a VRF's external sessions, or by the hosts of one network. */
export interface VrfPeerGroup {
  /** `EXTERNAL-<vrf>` or `HOSTS-<network>`. */
  readonly name: string;
  readonly purpose: 'external' | 'hosts';
  readonly description: string;
  /** The hosts' ASN; null for external groups, whose neighbors each have their own. */
  readonly remoteAs: number | null;
  readonly bfd: boolean;
  /** Inbound route map: only what the VRF accepts (`accept`, or the hosts' accept pools). */
  readonly routeMapIn: string;
  /** Outbound route map: only what the VRF advertises; nothing to hosts. */
  readonly routeMapOut: string;
  /** Most prefixes accepted per session; beyond it the session is shut down. */
  readonly maximumPrefix: number;
}

export interface VrfNeighbor {
  /** The external router's address, no prefix length. */
  readonly address: string;
  readonly remoteAs: number;
  readonly peerGroup: string;
  readonly purpose: 'external';
  /** Our address on the transit /31, no prefix length. */
  readonly localAddress: string;
  /** The routed sub-interface of the session. */
  readonly interface: string;
  readonly description: string;
}

/** The largest `listenLimit`: FRR's largest `bgp listen limit`. */
export const maxListenLimit = 65535;

/** Dynamic neighbours: any host of a subnet may open a session with the leaf's session address. */
export interface ListenRange {
  /** The network's subnet, `a.b.c.d/n`. */
  readonly prefix: string;
  readonly peerGroup: string;
  readonly remoteAs: number;
  readonly network: string;
  /** The SVI the hosts are on. */
  readonly interface: string;
  /** The leaf's session address, no prefix length. */
  readonly localAddress: string;
}

/** The filters of the VRF sessions, as every platform configures them. */
export interface RoutingPolicy {
  /** Sorted by name. */
  readonly prefixLists: readonly PrefixList[];
  /** Sorted by name. */
  readonly routeMaps: readonly RouteMap[];
}

export interface PrefixList {
  /** `PL-<vrf>-ACCEPT`, `PL-<vrf>-ADVERTISE`, `PL-<network>-HOSTS`. */
  readonly name: string;
  /** By sequence number. */
  readonly entries: readonly PrefixListEntry[];
}

export interface PrefixListEntry {
  /** 10, 20, …: room for an operator's entries between them. */
  readonly seq: number;
  readonly action: 'permit' | 'deny';
  readonly prefix: string;
  /** `le 32`: the prefix and every longer one inside it; null: the prefix alone. */
  readonly le: number | null;
}

export interface RouteMap {
  /** `RM-<vrf>-EXTERNAL-IN|OUT`, `RM-<network>-HOSTS-IN`, `RM-HOSTS-OUT`. */
  readonly name: string;
  /** By sequence number; a route matching none is denied. */
  readonly entries: readonly RouteMapEntry[];
}

export interface RouteMapEntry {
  readonly seq: number;
  readonly action: 'permit' | 'deny';
  /** Matches the routes a prefix list permits; null matches every route. */
  readonly matchPrefixList: string | null;
}

export interface DeviceBgp {
  readonly asn: number;
  readonly routerId: string;
  /** ECMP width: fabric.max_spines. */
  readonly maximumPaths: number;
  /**
   * Advertise a route only once it is installed in hardware, so no peer sends traffic into a
   * route the forwarding chip does not have yet (EOS `update wait-install`): on hardware EOS, as
   * AVD's defaults do; vEOS and cEOS do not support it (AVD's platform settings turn it off there).
   * False on NX-OS and FRR, which render nothing for it.
   */
  readonly updateWaitInstall: boolean;
  readonly peerGroups: readonly PeerGroup[];
  /** Underlay sessions first (by address), then overlay (by address). */
  readonly neighbors: readonly BgpNeighbor[];
  /** Prefixes this device originates into the underlay: Loopback0 and, on leaves, the VTEP. */
  readonly ipv4Networks: readonly string[];
  readonly evpn: EvpnSettings;
  /** Sorted by VRF name. Empty on spines. */
  readonly vrfs: readonly BgpVrf[];
}

export interface BfdTimers {
  readonly intervalMs: number;
  readonly minRxMs: number;
  readonly multiplier: number;
}
