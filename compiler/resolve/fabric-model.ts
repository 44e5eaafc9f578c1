/**
 * The resolved fabric: every default applied, every derived value computed (addresses, ASNs, VNIs,
 * route targets, placement, server ports), every cross-key rule checked. Lists are sorted by stable
 * keys (ids, names, VLANs) so that reordering the intent changes nothing downstream.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type { Platform } from '../load/intent-types.js';
import type { Prefix } from '../shared/ipv4.js';

export type { Platform, Prefix };

export interface FabricSettings {
  readonly platform: Platform;
  /** Default of every device's `virtual`: a virtual switch (a lab) rather than hardware. */
  readonly virtual: boolean;
  readonly maxSpines: number;
  readonly mtu: number;
  readonly uplinkPort: number;
  /** Native VLAN of trunk server ports (EOS, NX-OS): fabric.vlans.native. */
  readonly nativeVlan: number;
  /** The range EOS leaves take internal VLANs from: fabric.vlans.eos_internal. */
  readonly eosInternalVlans: VlanRange;
  readonly spineAsn: number;
  readonly leafAsnBase: number | undefined;
  readonly pools: { readonly loopback: Prefix; readonly vtep: Prefix; readonly p2p: Prefix };
  readonly vniBase: number;
  readonly rtAsn: number;
  /** Lowercase, colon-separated. */
  readonly anycastMac: string;
  readonly bfd: boolean;
  readonly hopLimit: number;
  readonly failures: number;
}

/** VLANs first..last, both included. */
export interface VlanRange {
  readonly first: number;
  readonly last: number;
}

export interface ResolvedSpine {
  readonly name: string;
  readonly id: number;
  readonly platform: Platform;
  /** A virtual switch (vEOS, cEOS, Nexus 9000v) rather than hardware. */
  readonly virtual: boolean;
  readonly asn: number;
  /** Loopback0 address, no prefix length. */
  readonly loopback: string;
}

export interface ResolvedLeaf {
  readonly name: string;
  readonly id: number;
  readonly platform: Platform;
  /** A virtual switch (vEOS, cEOS, Nexus 9000v) rather than hardware. */
  readonly virtual: boolean;
  readonly asn: number;
  readonly rack: string | undefined;
  readonly tags: readonly string[];
  /** The port this leaf uses on every spine. */
  readonly spinePort: number;
  readonly loopback: string;
  readonly vtep: string;
  /** True when the intent lists uplinks instead of the default full mesh. */
  readonly explicitUplinks: boolean;
  /** Networks the leaf carries (placement or server use), sorted by VLAN. */
  readonly networks: readonly string[];
  /** VRFs with at least one routed network on the leaf, or handed off to an external router there, sorted by name. */
  readonly vrfs: readonly string[];
  /** Server-facing ports, sorted by port number. */
  readonly serverPorts: readonly ServerPort[];
  /** Port-channels (bonds) of servers with `bond: lacp` on this leaf, sorted by number. */
  readonly lags: readonly ResolvedLag[];
}

export interface ResolvedLink {
  readonly leaf: string;
  readonly spine: string;
  readonly leafPort: number;
  readonly spinePort: number;
  /** The /31's number within pools.p2p. */
  readonly index: number;
  /** `a.b.c.d/31` */
  readonly prefix: string;
  readonly spineAddress: string;
  readonly leafAddress: string;
}

export interface ResolvedTenant {
  readonly name: string;
  readonly vrfs: readonly string[];
}

export interface ResolvedVrf {
  readonly name: string;
  readonly tenant: string;
  readonly l3vni: number;
  /** The L3 RD's assigned number: `<vtep>:<id>`; also the Linux table 1000 + id (FRR). */
  readonly id: number;
  /** Transit VLAN of the L3VNI on the platforms that render one (NX-OS, FRR). */
  readonly vlan: number;
  /** `<rt_asn>:<l3vni>`, imported and exported. */
  readonly routeTarget: string;
  /** Networks of the VRF, sorted by VLAN. */
  readonly networks: readonly string[];
  /** The VRF's way out (`external`), or null when it has none. */
  readonly external: ResolvedExternal | null;
}

/**
 * A VRF's eBGP sessions to routers outside the fabric and what crosses them. Prefix lists are
 * sorted by address, then length.
 */
export interface ResolvedExternal {
  /** Sorted by leaf id, port, VLAN. */
  readonly peers: readonly ResolvedExternalPeer[];
  /** What the VRF takes from outside: `0.0.0.0/0` admits the default route alone, any other entry also every longer prefix inside it. */
  readonly accept: readonly Prefix[];
  /** `subnets`: the VRF's subnets and host pools; `none`; `aggregates`: the listed prefixes. */
  readonly advertise: 'subnets' | 'none' | 'aggregates';
  /** The aggregates of `advertise: [...]`; empty otherwise. */
  readonly aggregates: readonly Prefix[];
  /** Every prefix announced outside: `exact` ones alone, the others with every longer prefix inside them (host pools). */
  readonly announced: readonly AnnouncedPrefix[];
  readonly maxPrefixes: number;
}

export interface AnnouncedPrefix {
  readonly prefix: Prefix;
  /** True for a subnet or aggregate (announced as it is); false for a host pool (and every longer prefix inside it). */
  readonly exact: boolean;
}

/** One external session: the routed sub-interface `<port>.<vlan>` of a border leaf in the VRF. */
export interface ResolvedExternalPeer {
  readonly leaf: string;
  readonly port: number;
  readonly vlan: number;
  /** The transit /31. */
  readonly subnet: Prefix;
  /** The /31's first address, the leaf's; no prefix length. */
  readonly leafAddress: string;
  /** The /31's second address, the external router's. */
  readonly peerAddress: string;
  readonly asn: number;
}

/** Hosts of a network that speak BGP to the leaves carrying it (`bgp_hosts`). */
export interface ResolvedBgpHosts {
  readonly asn: number;
  /** Prefixes hosts may announce, each with every longer prefix inside it; sorted. */
  readonly accept: readonly Prefix[];
  readonly maxPrefixes: number;
  /** Every leaf carrying the network and its own session address in the subnet (no length), by leaf id. */
  readonly sessions: readonly { readonly leaf: string; readonly address: string }[];
}

export interface ResolvedSubnet {
  readonly prefix: Prefix;
  /** Gateway address, no prefix length. */
  readonly gateway: string;
}

export interface ResolvedNetwork {
  readonly name: string;
  readonly tenant: string;
  readonly vrf: string;
  readonly vlan: number;
  readonly vni: number;
  readonly subnet: ResolvedSubnet | undefined;
  readonly mtu: number;
  readonly labels: readonly string[];
  /** `<rt_asn>:<vni>`, imported and exported. */
  readonly routeTarget: string;
  /** Leaves that carry the network, sorted by id. */
  readonly leaves: readonly string[];
  /** Hosts that peer with the leaves (`bgp_hosts`), or null. */
  readonly bgpHosts: ResolvedBgpHosts | null;
  /**
   * The leaves with an address of their own in the subnet, beside the gateway (own-addresses.ts):
   * with BGP hosts every carrier (their sessions), else the FRR leaves of the network's Ethernet
   * segments; by leaf id, addresses without length. Empty for most networks.
   */
  readonly ownAddresses: readonly { readonly leaf: string; readonly address: string }[];
  /**
   * An Ethernet segment of an FRR leaf carries the network, but its FRR leaves get no address of
   * their own: the subnet has no room, or two would share one (CLOS3147, own-addresses.ts).
   */
  readonly ownAddressesWithheld: boolean;
}

export type PortMode = 'access' | 'trunk';

/**
 * How a server bonds its ports: `lacp` one port-channel (a local LAG on one leaf, an Ethernet
 * segment across two), `active-backup` independent ports that all carry its networks, `none`
 * independent ports.
 */
export type BondMode = 'lacp' | 'active-backup' | 'none';

export interface Attachment {
  readonly leaf: string;
  readonly port: number;
}

export interface ResolvedServer {
  readonly name: string;
  /** Every leaf port of the server, sorted by leaf id, then port. */
  readonly attachments: readonly Attachment[];
  /** The leaves the server is attached to, sorted by id. */
  readonly leaves: readonly string[];
  readonly bond: BondMode;
  /** The port-channel number (`lag`, default the lowest attached port) when `bond` is lacp; null otherwise. */
  readonly lag: number | null;
  readonly mode: PortMode;
  /** Networks on the server's ports, sorted by VLAN. */
  readonly networks: readonly string[];
}

export interface ServerPort {
  readonly port: number;
  readonly server: string;
  readonly mode: PortMode;
  /** Networks on the port, sorted by VLAN. */
  readonly networks: readonly string[];
  readonly bond: BondMode;
  /** The port-channel the port is a member of (bond lacp), or null. */
  readonly lag: number | null;
}

/** One server's port-channel on one leaf. */
export interface ResolvedLag {
  readonly number: number;
  readonly server: string;
  /** Member ports on this leaf, ascending. */
  readonly ports: readonly number[];
  readonly mode: PortMode;
  /** Networks on the port-channel, sorted by VLAN (the server's networks). */
  readonly networks: readonly string[];
  /** The Ethernet segment when the server's port-channel spans two leaves; null for a local LAG. */
  readonly segment: ResolvedSegment | null;
}

/**
 * An EVPN Ethernet segment (all-active multihoming, RFC 7432/8365): one server's port-channel on
 * two leaves, presented to the server as one LACP partner. Derived from ids only (segments.ts).
 */
export interface ResolvedSegment {
  /** Type-3 ESI, ten colon-separated octets: `03`, the system MAC, the 3-byte discriminator. */
  readonly esi: string;
  /** `02:4d:<lower leaf id>:<higher leaf id>` (two bytes each): the ESI's MAC and the LACP system-id. */
  readonly systemMac: string;
  /** The ESI's local discriminator: the port-channel number. */
  readonly discriminator: number;
  /** The two leaves, sorted by id. */
  readonly leaves: readonly string[];
  readonly server: string;
}

/**
 * Where each entity of the fabric came from in the intent, keyed by a stable entity key:
 * `fabric`, `fabric.<path>`, `spine:<name>`, `leaf:<name>`, `leaf:<name>.<key>`,
 * `link:<leaf>:<spine>`, `tenant:<name>`, `vrf:<name>`, `vrf:<name>.external` (and `.accept`,
 * `.advertise`, and `.advertise.<prefix>` for each aggregate), `peer:<leaf>:<port>.<vlan>` (an external peer; `.subnet`, its transit /31),
 * `network:<name>`, `network:<name>.<key>` (`.bgp_hosts` among them, and
 * `.bgp_hosts.accept.<prefix>` for each accept pool), `server:<name>`, `server:<name>.<key>` (`attach`, `bond`,
 * `lag`). The verifier names entities by these keys; reports turn them into file:line:col.
 * Spans are found when first asked for (only diagnostics ask): see ResolveContext.remember.
 */
export interface Provenance {
  get(key: string): Span | undefined;
}

/** What one `label:` selector of a server carried onto its leaf beyond the networks' placement. */
export interface StretchedNetworks {
  readonly server: string;
  readonly selector: string;
  readonly leaf: string;
  /** Sorted by name. */
  readonly networks: readonly string[];
}

export interface FabricModel {
  readonly name: string;
  readonly settings: FabricSettings;
  /** Sorted by id. */
  readonly spines: readonly ResolvedSpine[];
  /** Sorted by id. */
  readonly leaves: readonly ResolvedLeaf[];
  /** Sorted by leaf id, then spine id. */
  readonly links: readonly ResolvedLink[];
  /** Sorted by name. */
  readonly tenants: readonly ResolvedTenant[];
  /** Sorted by name. */
  readonly vrfs: readonly ResolvedVrf[];
  /** Sorted by name. */
  readonly networks: readonly ResolvedNetwork[];
  /** Sorted by name. */
  readonly servers: readonly ResolvedServer[];
  /** Every Ethernet segment once, sorted by ESI. */
  readonly segments: readonly ResolvedSegment[];
  /** Networks a server's `label:` selector carried onto its leaf outside their placement (CLOS3056), by server. */
  readonly stretched: readonly StretchedNetworks[];
  readonly provenance: Provenance;
  /**
   * The platform every device was set to by `--platform` (applied while resolving), absent when
   * each device has the platform its intent gives. The manifest records it, so `--check` and `diff`
   * compare a directory with the platform it was compiled for.
   */
  readonly platformOverride?: Platform;
}
