/** CLOS3xxx: the rules of the intent language that span several keys (resolve stage). */
import { define } from './define.js';

export const ResolveDiagnostics = {
  duplicateDeviceName: define('CLOS3001', 'error', 'duplicate-device-name', (name: string) =>
    `device name '${name}' is used twice`),
  duplicateDeviceId: define('CLOS3002', 'error', 'duplicate-device-id', (id: number, name: string, other: string) =>
    `id ${id} of '${name}' is already the id of '${other}'; device ids are fabric-unique`),
  spineIdOverMax: define('CLOS3003', 'error', 'spine-id-over-max', (name: string, id: number, max: number) =>
    `spine '${name}' has id ${id}, but fabric.max_spines is ${max}; spine ids must be 1..${max}`),
  duplicateVni: define('CLOS3004', 'error', 'duplicate-vni', (vni: number, what: string, other: string) =>
    `VNI ${vni} of ${what} is already used by ${other}; L2 and L3 VNIs share one fabric-wide space`),
  duplicateNetworkName: define('CLOS3005', 'error', 'duplicate-network-name', (name: string) =>
    `network name '${name}' is used twice; network names are fabric-unique`),
  duplicateTenantName: define('CLOS3006', 'error', 'duplicate-tenant-name', (name: string) => `tenant name '${name}' is used twice`),
  duplicateVrfName: define('CLOS3007', 'error', 'duplicate-vrf-name', (name: string) =>
    `VRF name '${name}' is used twice; VRF names are fabric-unique (a leaf may carry both)`),
  duplicateServerName: define('CLOS3008', 'error', 'duplicate-server-name', (name: string) => `server name '${name}' is used twice`),
  vlanConflict: define('CLOS3009', 'error', 'vlan-conflict-on-leaf', (leaf: string, vlan: number, a: string, b: string) =>
    `leaf '${leaf}' would carry VLAN ${vlan} for both ${a} and ${b}`),
  portReused: define('CLOS3010', 'error', 'server-port-reused', (leaf: string, port: number, other: string) =>
    `port ${port} of leaf '${leaf}' is already attached to server '${other}'`),
  portIsUplink: define('CLOS3011', 'error', 'port-is-uplink', (leaf: string, port: number, spine: string) =>
    `port ${port} of leaf '${leaf}' is its uplink to spine '${spine}'`),
  unknownLeaf: define('CLOS3012', 'error', 'unknown-leaf', (name: string) => `no leaf is named '${name}'`),
  unknownSpine: define('CLOS3013', 'error', 'unknown-spine', (name: string) => `no spine is named '${name}'`),
  unknownTag: define('CLOS3014', 'error', 'unknown-tag', (tag: string) => `no leaf has tag '${tag}'`),
  unknownNetwork: define('CLOS3015', 'error', 'unknown-network', (name: string) => `no network is named '${name}'`),
  unknownLabel: define('CLOS3016', 'error', 'unknown-label', (label: string) => `no network has label '${label}'`),
  poolOverlap: define('CLOS3017', 'error', 'pool-overlap', (a: string, b: string) => `pool ${a} overlaps ${b}`),
  poolExhausted: define('CLOS3018', 'error', 'pool-exhausted', (what: string, pool: string, detail: string) =>
    `${what} does not fit in pool ${pool}: ${detail}`),
  addressReserved: define('CLOS3019', 'error', 'address-on-network-or-broadcast', (what: string, address: string, pool: string) =>
    `${what} would be ${address}, the network or broadcast address of pool ${pool}`),
  gatewayOutsideSubnet: define('CLOS3020', 'error', 'gateway-outside-subnet', (network: string, gateway: string, subnet: string) =>
    `gateway ${gateway} of network '${network}' is outside its subnet ${subnet}`),
  gatewayReserved: define('CLOS3021', 'error', 'gateway-on-network-or-broadcast', (network: string, gateway: string, subnet: string) =>
    `gateway ${gateway} of network '${network}' is the network or broadcast address of ${subnet}`),
  subnetOverlapInVrf: define('CLOS3022', 'error', 'subnet-overlap-in-vrf', (a: string, b: string, vrf: string) =>
    `subnet of network '${a}' overlaps the subnet of network '${b}' in VRF '${vrf}'`),
  subnetOverlapsPool: define('CLOS3023', 'error', 'subnet-overlaps-pool', (network: string, pool: string) =>
    `subnet of network '${network}' overlaps the ${pool} pool`),
  subnetHostBits: define('CLOS3024', 'error', 'subnet-host-bits', (subnet: string, base: string) =>
    `subnet ${subnet} has host bits set; did you mean ${base}?`),
  asnReserved: define('CLOS3025', 'error', 'asn-reserved', (asn: number, why: string) => `ASN ${asn} cannot be used: ${why}`),
  asnNotPrivate: define('CLOS3026', 'warning', 'asn-not-private', (asn: number) =>
    `ASN ${asn} is outside the RFC 6996 private ranges (64512-65534, 4200000000-4294967294)`),
  leafAsnUnset: define('CLOS3027', 'error', 'leaf-asn-unset', (leaf: string) =>
    `leaf '${leaf}' has no asn and fabric.asn.leaf_base is not set`),
  rtAsnTooLarge: define('CLOS3028', 'error', 'rt-asn-too-large', (asn: number) =>
    `evpn.rt_asn ${asn} does not fit in 2 bytes (route target <asn>:<vni> needs a 4-byte value field); set evpn.rt_asn to a 2-byte ASN`),
  anycastMacMulticast: define('CLOS3029', 'error', 'anycast-mac-multicast', (mac: string) =>
    `anycast gateway MAC ${mac} is a multicast address (low bit of the first octet is set)`),
  accessPortNetworks: define('CLOS3030', 'error', 'access-port-networks', (server: string, count: number) =>
    `server '${server}' is in access mode but selects ${count} networks; an access port carries exactly one`),
  leafAsnIsSpineAsn: define('CLOS3031', 'error', 'leaf-asn-is-spine-asn', (leaf: string, asn: number) =>
    `leaf '${leaf}' would use ASN ${asn}, the spine ASN; eBGP loop prevention would drop every route between them`),
  duplicateSpinePort: define('CLOS3033', 'error', 'duplicate-spine-port', (port: number, leaf: string, other: string) =>
    `spine port ${port} of leaf '${leaf}' is already used by leaf '${other}'`),
  uplinkPortConflict: define('CLOS3035', 'error', 'uplink-port-conflict', (leaf: string, port: number) =>
    `leaf '${leaf}' uses port ${port} for two uplinks`),
  duplicateUplink: define('CLOS3036', 'error', 'duplicate-uplink', (leaf: string, spine: string) =>
    `leaf '${leaf}' lists two uplinks to spine '${spine}'; one link per leaf-spine pair`),
  gatewayWithoutSubnet: define('CLOS3037', 'error', 'gateway-without-subnet', (network: string) =>
    `network '${network}' sets a gateway but no subnet; an L2-only network has no gateway`),
  subnetTooSmall: define('CLOS3039', 'error', 'subnet-too-small', (network: string, subnet: string) =>
    `subnet ${subnet} of network '${network}' is too small for an anycast gateway and hosts; use /30 or larger`),
  l3vniVlanConflict: define('CLOS3041', 'error', 'l3vni-vlan-conflict', (vrf: string, vlan: number, other: string) =>
    `L3VNI VLAN ${vlan} of VRF '${vrf}' is already used by ${other}; set vrf.vlan to a free VLAN`),
  reservedVrfName: define('CLOS3042', 'error', 'reserved-vrf-name', (name: string, why: string) =>
    `VRF name '${name}' is reserved: ${why}`),
  duplicatePlacement: define('CLOS3044', 'warning', 'redundant-placement', (network: string, item: string) =>
    `placement '${item}' of network '${network}' adds nothing: 'all' already selects every leaf`),
  spinePortOverUplink: define('CLOS3047', 'error', 'leaf-port-out-of-range', (spine: string, port: number, uplinkPort: number) =>
    `the leaves' uplink to spine '${spine}' would use port ${port} (uplink_port ${uplinkPort} + spine id - 1), beyond the highest port number 1024`),
  duplicateAttach: define('CLOS3048', 'error', 'duplicate-attachment', (server: string, leaf: string, port: number) =>
    `server '${server}' lists port ${port} of leaf '${leaf}' twice`),
  duplicateVrfId: define('CLOS3049', 'error', 'vrf-id-duplicate', (id: number, vrf: string, other: string) =>
    `VRF id ${id} of '${vrf}' is already the id of VRF '${other}'; route distinguishers would collide`),
  vrfIdOutOfRange: define('CLOS3052', 'error', 'vrf-id-out-of-range', (vrf: string, l3vni: number) =>
    `VRF '${vrf}' has no id and its l3vni ${l3vni} does not fit the route distinguisher's 1..65535; set vrf.id`),
  vniOutOfRange: define('CLOS3053', 'error', 'vni-out-of-range', (network: string, vni: number) =>
    `network '${network}' would get VNI ${vni} (evpn.vni_base + vlan), beyond the 24-bit maximum 16777215`),
  asnOutOfRange: define('CLOS3054', 'error', 'asn-out-of-range', (leaf: string, asn: number) =>
    `leaf '${leaf}' would get ASN ${asn} (asn.leaf_base + id), beyond the maximum 4294967294`),
  networkStretchedByLabel: define('CLOS3056', 'info', 'network-stretched-by-label', (server: string, selector: string, networks: string, leaf: string) =>
    `server '${server}' selects ${networks} with '${selector}', so leaf '${leaf}' carries them outside their leaves placement`),
  networkMtuOverUnderlay: define('CLOS3055', 'error', 'network-mtu-over-underlay', (network: string, mtu: number, underlay: number) =>
    `network '${network}' has MTU ${mtu}, but VXLAN adds 50 bytes and fabric.mtu is ${underlay}: the largest network MTU is ${underlay - 50}`),
  vlanIsNativeVlan: define('CLOS3060', 'error', 'vlan-is-native-vlan', (what: string, vlan: number, leaf: string) =>
    `${what} uses VLAN ${vlan}, the native VLAN of trunk ports (fabric.vlans.native), on leaf '${leaf}'; untagged frames would land in it`),
  vlanInEosInternalRange: define('CLOS3061', 'error', 'vlan-in-eos-internal-range', (what: string, vlan: number, first: number, last: number, leaf: string) =>
    `${what} uses VLAN ${vlan}, inside the range ${first}-${last} EOS leaf '${leaf}' takes its internal VLANs from (fabric.vlans.eos_internal)`),
  vlanReservedByNxos: define('CLOS3062', 'error', 'vlan-reserved-by-nxos', (what: string, vlan: number, leaf: string) =>
    `${what} uses VLAN ${vlan} on NX-OS leaf '${leaf}', which reserves VLANs 3968-4094 for its own use`),
  fabricVlansConflict: define('CLOS3063', 'error', 'fabric-vlans-conflict', (detail: string) => `fabric.vlans: ${detail}`),
  derivedSpinePortOverMax: define('CLOS3065', 'error', 'derived-spine-port-out-of-range', (leaf: string, port: number, leaves: number) =>
    `leaf '${leaf}' would take port ${port} on every spine (1 + its position among the ${leaves} leaves ordered by id), beyond the highest port number, 1024`),
  anycastMacZero: define('CLOS3066', 'error', 'anycast-mac-zero', (mac: string) =>
    `anycast gateway MAC ${mac} is the all-zero address, not a MAC a gateway can answer with`),
  leafIdInSpineRange: define('CLOS3067', 'warning', 'leaf-id-in-spine-range', (leaf: string, id: number, max: number) =>
    `leaf '${leaf}' has id ${id}, which fabric.max_spines (${max}) keeps for spines: spine ${id} could never be added without renumbering this leaf (its loopback, VTEP, ASN and links)`),
  asnEqualsDerivedAsn: define('CLOS3068', 'warning', 'asn-equals-derived-asn', (leaf: string, asn: number, other: string) =>
    `leaf '${leaf}' is given asn ${asn}, which leaf '${other}' derives from leaf_base + its id: the two share an ASN (clos then accepts their routes with allowas-in on both)`),
  portKeptForSpine: define('CLOS3069', 'warning', 'port-kept-for-spine', (leaf: string, port: number, what: string, spineId: number, max: number) =>
    `port ${port} of leaf '${leaf}' (${what}) is kept for the uplink to spine ${spineId} (uplink_port + id - 1, fabric.max_spines ${max}): adding that spine would take the port`),
  anycastMacIsRouterMac: define('CLOS3070', 'error', 'anycast-mac-is-router-mac', (mac: string, leaf: string) =>
    `anycast gateway MAC ${mac} is the router MAC of FRR leaf '${leaf}' (02:00: and its router-id): every other leaf would learn it as that leaf's router MAC while answering for it on its own gateways`),
  prefixNotForInterfaces: define('CLOS3064', 'error', 'prefix-not-for-interfaces', (what: string, prefix: string, of: string, block: string, purpose: string) =>
    `${what} ${prefix}${of === '' ? '' : ` of ${of}`} lies in ${block} (${purpose}), whose addresses no switch puts on an interface`),

  // Bonds, LAGs and EVPN multihoming (CLOS3100-3119). CLOS3043 (multihoming-unsupported) is
  // retired: dual-homed servers are part of the language now (retired.ts).
  lagNumberReused: define('CLOS3100', 'error', 'lag-number-reused', (leaves: readonly string[], lag: number, other: string) =>
    `port-channel ${lag} of ${leaves.length === 1 ? `leaf '${leaves[0] ?? ''}'` : `leaves ${leaves.map((l) => `'${l}'`).join(' and ')}`} is already the port-channel of server '${other}'`),
  lacpTooManyLeaves: define('CLOS3101', 'error', 'lacp-too-many-leaves', (server: string, leaves: number) =>
    `server '${server}' bonds ports on ${leaves} leaves with lacp; an Ethernet segment spans at most two leaves`),
  bondModeConflict: define('CLOS3102', 'error', 'bond-mode-conflict', (server: string, lag: number, bond: string) =>
    `server '${server}' sets lag ${lag} but bond ${bond}: the ports of a${bond === 'none' ? '' : 'n'} ${bond} bond are independent, not one port-channel`),
  segmentAcrossRacks: define('CLOS3103', 'warning', 'segment-across-racks', (server: string, a: string, rackA: string, b: string, rackB: string) =>
    `the Ethernet segment of server '${server}' spans leaf '${a}' in rack ${rackA} and leaf '${b}' in rack ${rackB}`),
  backupWithoutPorts: define('CLOS3104', 'warning', 'active-backup-single-port', (server: string) =>
    `server '${server}' has bond active-backup but one port: there is nothing to back up`),
  // The way out (vrfs[].external) and BGP to hosts (networks[].bgp_hosts): CLOS3120-3159.
  transitNot31: define('CLOS3120', 'error', 'external-transit-not-31', (subnet: string, peer: string) =>
    `transit subnet ${subnet} of ${peer} is not a /31; the leaf takes the first address of a /31, the external router the second`),
  externalPortIsServerPort: define('CLOS3121', 'error', 'external-port-is-server-port', (leaf: string, port: number, server: string) =>
    `port ${port} of leaf '${leaf}' is a hand-off port, but server '${server}' is attached to it`),
  subinterfaceReused: define('CLOS3122', 'error', 'external-subinterface-reused', (leaf: string, port: number, vlan: number, other: string) =>
    `sub-interface ${port}.${vlan} of leaf '${leaf}' is already the hand-off of ${other}; one VLAN per VRF on a port`),
  transitOverlap: define('CLOS3123', 'error', 'external-transit-overlap', (subnet: string, peer: string, other: string) =>
    `transit subnet ${subnet} of ${peer} overlaps ${other}`),
  externalAsnIsFabricAsn: define('CLOS3124', 'error', 'external-asn-is-fabric-asn', (asn: number, peer: string, owner: string) =>
    `${peer} has ASN ${asn}, which is ${owner}; an external router needs an ASN of its own, or eBGP loop prevention drops the fabric's routes`),
  acceptOverlapsFabric: define('CLOS3125', 'error', 'accept-overlaps-fabric', (prefix: string, vrf: string, other: string) =>
    `accept entry ${prefix} of VRF '${vrf}' overlaps ${other}: the outside would announce the fabric's own addresses into it`),
  aggregateOverlapsFabric: define('CLOS3126', 'error', 'aggregate-overlaps-fabric', (prefix: string, vrf: string, other: string) =>
    `aggregate ${prefix} that VRF '${vrf}' advertises overlaps ${other}`),
  aggregateIsDefault: define('CLOS3127', 'error', 'aggregate-is-default-route', (vrf: string) =>
    `VRF '${vrf}' would advertise the default route 0.0.0.0/0 outside; a tenant VRF announces its own prefixes, never a default`),
  aggregateCoversNothing: define('CLOS3128', 'error', 'aggregate-covers-nothing', (prefix: string, vrf: string) =>
    `aggregate ${prefix} of VRF '${vrf}' covers none of its subnets or host pools, so no border could originate it`),
  announcedOverlap: define('CLOS3129', 'warning', 'announced-prefixes-overlap', (prefix: string, vrf: string, other: string, otherVrf: string) =>
    `VRF '${vrf}' announces ${prefix} outside, which overlaps ${other} announced by VRF '${otherVrf}'; the routers outside must keep the two apart (separate routing instances, or NAT)`),
  externalAnnouncesNothing: define('CLOS3130', 'warning', 'external-announces-nothing', (vrf: string) =>
    `VRF '${vrf}' has an exit to the outside but nothing to announce there: advertise is 'subnets' and the VRF has no routed subnet or host pool, so its borders announce nothing, as with 'advertise: none'`),
  bgpHostsWithoutSubnet: define('CLOS3140', 'error', 'bgp-hosts-without-subnet', (network: string) =>
    `network '${network}' has bgp_hosts but no subnet; hosts peer with their leaves over the network's subnet`),
  bgpHostsAsnIsFabricAsn: define('CLOS3141', 'error', 'bgp-hosts-asn-is-fabric-asn', (network: string, asn: number, owner: string) =>
    `the hosts of network '${network}' would use ASN ${asn}, which is ${owner}; their sessions would not be eBGP, or loop prevention would drop their routes`),
  hostPoolOverlap: define('CLOS3142', 'error', 'bgp-hosts-pool-overlap', (prefix: string, network: string, other: string) =>
    `accept pool ${prefix} of network '${network}' overlaps ${other}`),
  hostSubnetTooSmall: define('CLOS3143', 'error', 'bgp-hosts-subnet-too-small', (network: string, subnet: string, leaves: number, free: number) =>
    `subnet ${subnet} of network '${network}' has ${free} host address${free === 1 ? '' : 'es'} besides the gateway, too few for the session addresses of its ${leaves} lea${leaves === 1 ? 'f' : 'ves'} and a host`),
  sessionAddressClash: define('CLOS3144', 'error', 'bgp-hosts-session-address-clash', (network: string, address: string, leaf: string, other: string) =>
    `leaves '${leaf}' and '${other}' would both take ${address} as their session address in network '${network}'`),
  hostAsnIsExternalAsn: define('CLOS3146', 'warning', 'bgp-hosts-asn-is-external-asn', (network: string, asn: number, vrf: string) =>
    `the hosts of network '${network}' use ASN ${asn}, which is also the ASN of an external peer of VRF '${vrf}': that peer drops the host pools VRF '${vrf}' announces to it, their AS path holding its own ASN`),
  ownAddressUnavailable: define('CLOS3147', 'warning', 'segment-own-address-unavailable', (network: string, why: string) =>
    `the FRR leaves carrying network '${network}', which an Ethernet segment carries, get no address of their own in it: ${why}; they keep the gateway on the SVI and resolve its hosts from the anycast MAC, so a host's ARP reply can reach another leaf than the one that asked, and routed traffic for it be lost (README, "An address of its own")`),
  bgpHostMultihomed: define('CLOS3145', 'warning', 'bgp-host-multihomed', (server: string, network: string, leaves: readonly string[]) =>
    `server '${server}' is attached to leaves ${leaves.map((l) => `'${l}'`).join(' and ')} in network '${network}', whose hosts speak BGP to their leaves' session addresses; on NX-OS leaves a session address answers with the anycast gateway's MAC, so what the server sends to one leaf's session address over its link to the other is routed by that other leaf, and that session fails`),
} as const;
