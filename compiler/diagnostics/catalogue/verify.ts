/**
 * CLOS5xxx: the fabric verifier (`verify/`). Codes are grouped by check, twenty per check:
 * 5001 Clos shape, 5021 uniqueness, 5041 BGP sessions, 5061 underlay reachability, 5081 hop bound,
 * 5101 overlay, 5121 anycast gateway, 5141 tenant isolation, 5161 failures, 5181 verifier input,
 * 5200 LAGs, Ethernet segments and server redundancy, 5221 exits (and the isolation check's
 * meeting points outside the fabric), 5241 host pools, 5261 rendered files. Codes added after the
 * checks' blocks filled up take the next free number from 5185 and say which check reports them.
 * Messages name devices and entities; the verifier adds the intent span from the provenance map.
 */
import { define } from './define.js';

export const VerifyDiagnostics = {
  // 1. Clos shape
  missingLink: define('CLOS5001', 'error', 'missing-link', (leaf: string, spine: string) =>
    `leaf '${leaf}' has no link to spine '${spine}'; a full-mesh leaf has exactly one link to every spine`),
  explicitCabling: define('CLOS5002', 'warning', 'explicit-partial-cabling', (leaf: string, spines: string) =>
    `leaf '${leaf}' is cabled explicitly and has no link to ${spines}`),
  duplicateLink: define('CLOS5003', 'error', 'duplicate-link', (leaf: string, spine: string, count: number) =>
    `leaf '${leaf}' has ${count} links to spine '${spine}'; a Clos fabric has exactly one`),
  sameTierLink: define('CLOS5004', 'error', 'same-tier-link', (a: string, b: string, tier: string, what: string) =>
    `${what} between ${tier} '${a}' and '${b}'; a Clos fabric only connects leaves to spines`),
  danglingInterface: define('CLOS5005', 'error', 'dangling-interface', (device: string, iface: string, why: string) =>
    `fabric interface ${iface} of '${device}' ${why}`),
  linkAddressing: define('CLOS5006', 'error', 'link-not-one-31', (a: string, b: string, why: string) =>
    `link '${a}'-'${b}': ${why}; both ends must hold the two addresses of one /31`),
  linkMtuMismatch: define('CLOS5007', 'error', 'link-mtu-mismatch', (a: string, aMtu: number, b: string, bMtu: number) =>
    `link '${a}'-'${b}' has MTU ${aMtu} on '${a}' but ${bMtu} on '${b}'`),
  dataPathMtuTooSmall: define('CLOS5009', 'error', 'data-path-mtu-too-small', (leaf: string, detail: string) =>
    `'${leaf}' carries networks over interfaces with a smaller MTU than theirs (${detail}): frames larger than the interface's are dropped`),
  underlayMtuTooSmall: define('CLOS5008', 'error', 'underlay-mtu-too-small', (network: string, mtu: number, links: string, underlay: number) =>
    `network '${network}' has MTU ${mtu}, which needs an underlay MTU of at least ${mtu + 50} (VXLAN adds 50 bytes), but ${links} ${/,| and | more/.test(links) ? 'have' : 'has'} ${underlay}`),

  // 2. Uniqueness
  duplicateDeviceName: define('CLOS5021', 'error', 'device-name-not-unique', (name: string) => `two device models are named '${name}'`),
  duplicateDeviceId: define('CLOS5022', 'error', 'device-id-not-unique', (id: number, a: string, b: string) =>
    `devices '${a}' and '${b}' both have id ${id}`),
  duplicateRouterId: define('CLOS5023', 'error', 'duplicate-router-id', (rid: string, a: string, b: string) =>
    `devices '${a}' and '${b}' both use router-id ${rid}`),
  duplicateLoopback: define('CLOS5024', 'error', 'duplicate-loopback', (address: string, owners: string) =>
    `loopback address ${address} is configured on ${owners}`),
  duplicateVtep: define('CLOS5025', 'error', 'duplicate-vtep', (address: string, owners: string) =>
    `VTEP address ${address} is configured on ${owners}`),
  duplicateLinkAddress: define('CLOS5026', 'error', 'duplicate-link-address', (address: string, owners: string) =>
    `link address ${address} is configured on ${owners}`),
  spineAsnPlan: define('CLOS5027', 'error', 'spine-asn-plan', (plan: string) =>
    `spines do not share one ASN (${plan}); RFC 7938 gives every spine the same ASN so routes cannot valley through a leaf`),
  leafAsnIsSpineAsn: define('CLOS5028', 'error', 'leaf-on-spine-asn', (leaf: string, asn: number) =>
    `leaf '${leaf}' uses ASN ${asn}, the spine ASN`),
  sharedLeafAsn: define('CLOS5029', 'warning', 'shared-leaf-asn', (asn: number, leaves: string) =>
    `leaves ${leaves} share ASN ${asn} but do not all accept routes carrying it (allowas-in); eBGP loop prevention drops each other's routes (see underlay reachability)`),
  duplicateVni: define('CLOS5030', 'error', 'vni-not-unique', (vni: number, uses: string) =>
    `VNI ${vni} is used by ${uses}; L2 and L3 VNIs share one fabric-wide space`),
  vlanConflict: define('CLOS5031', 'error', 'vlan-conflict', (leaf: string, vlan: number, uses: string) =>
    `leaf '${leaf}' uses VLAN ${vlan} for ${uses}`),
  vlanVniMapping: define('CLOS5032', 'error', 'vlan-vni-mapping', (what: string, detail: string) =>
    `${what} is mapped differently across leaves: ${detail}`),
  duplicateRd: define('CLOS5033', 'error', 'duplicate-rd', (devices: string, rd: string, uses: string) =>
    `route distinguisher ${rd} is used twice on ${devices}, by ${uses}`),
  duplicatePort: define('CLOS5034', 'error', 'duplicate-port', (device: string, port: string, uses: string) =>
    `port ${port} of '${device}' is used by ${uses}`),
  sectionMismatch: define('CLOS5035', 'error', 'model-sections-disagree', (device: string, detail: string) =>
    `the sections of '${device}' disagree: ${detail}`),
  duplicateRouterMac: define('CLOS5036', 'error', 'duplicate-router-mac', (mac: string, leaves: string) =>
    `router MAC ${mac} is used by ${leaves}; the EVPN router MAC of each leaf must be its own`),
  routerMacIsAnycastMac: define('CLOS5038', 'error', 'router-mac-is-anycast-mac', (leaf: string, mac: string) =>
    `the router MAC of '${leaf}' (its L3VNI bridge's MAC) is ${mac}, the anycast gateway MAC every leaf answers for: the other leaves would take their own gateway's MAC as this leaf's router MAC`),
  reservedVrfTable: define('CLOS5039', 'error', 'vrf-table-reserved', (device: string, vrf: string, table: number, which: string) =>
    `VRF '${vrf}' of '${device}' uses routing table ${table}, the kernel's ${which} table: the VRF's routes would mix with routes outside it`),
  duplicateVrfTable: define('CLOS5037', 'error', 'duplicate-vrf-table', (device: string, table: number, vrfs: string) =>
    `routing table ${table} of '${device}' is used by VRFs ${vrfs}`),

  // 3. BGP sessions
  sessionUnmatched: define('CLOS5041', 'error', 'bgp-session-unmatched', (device: string, address: string, status: string, why: string) =>
    `BGP neighbor ${address} of '${device}' is ${status}: ${why}`),
  remoteAsMismatch: define('CLOS5042', 'error', 'bgp-remote-as-mismatch', (device: string, address: string, configured: number, peer: string, actual: number) =>
    `BGP neighbor ${address} of '${device}' has remote-as ${configured}, but '${peer}' is AS ${actual}`),
  // `session` tells a pair's underlay and overlay sessions apart: `overlay, 10.0.0.1-10.0.0.11`.
  addressFamilyMismatch: define('CLOS5043', 'error', 'bgp-address-family-mismatch', (a: string, b: string, session: string, detail: string) =>
    `BGP session '${a}'-'${b}' (${session}) does not carry the same address families on both ends: ${detail}`),
  bfdMismatch: define('CLOS5044', 'error', 'bgp-bfd-mismatch', (a: string, b: string, session: string, on: string) =>
    `BGP session '${a}'-'${b}' (${session}) has BFD on '${on}' only; BFD must be on both ends or neither`),
  sessionDown: define('CLOS5045', 'error', 'bgp-session-cannot-establish', (a: string, b: string, session: string, why: string) =>
    `BGP session '${a}'-'${b}' (${session}) cannot establish: ${why}`),
  neighborInconsistent: define('CLOS5046', 'error', 'bgp-neighbor-inconsistent', (device: string, address: string, why: string) =>
    `BGP neighbor ${address} of '${device}' ${why}`),

  // 4. Underlay reachability
  /** `pairs` names the leaves, e.g. `'leaf3' and 'leaf4' have no route to each other's VTEP`. */
  vtepUnreachable: define('CLOS5061', 'error', 'vtep-unreachable', (pairs: string) => pairs),
  /** e.g. `'leaf3' and 'leaf4' reach each other's VTEP over 1 path, but share 2 spines`. */
  ecmpWidth: define('CLOS5062', 'error', 'ecmp-width', (pairs: string) => pairs),
  prefixNotAdvertised: define('CLOS5063', 'error', 'prefix-not-advertised', (device: string, what: string, prefix: string, why: string) =>
    `'${device}' does not advertise its ${what} ${prefix}: ${why}`),

  // 5. Hop bound
  hopBoundExceeded: define('CLOS5081', 'error', 'hop-bound-exceeded', (leaves: string, hops: number, limit: number) =>
    `${leaves} are ${hops} underlay links apart; verify.hop_limit is ${limit}`),
  leavesDisconnected: define('CLOS5082', 'error', 'leaves-disconnected', (leaves: string) => `no underlay link path joins ${leaves}`),

  // 6. Overlay
  /** e.g. `'leaf3' and 'leaf4' cannot exchange EVPN routes (with the VTEP as next hop), though they share VNI 10110`. */
  evpnUnreachable: define('CLOS5101', 'error', 'evpn-unreachable', (pairs: string) => pairs),
  nextHopRewritten: define('CLOS5102', 'error', 'evpn-next-hop-rewritten', (device: string, group: string) =>
    `'${device}' re-advertises EVPN routes through peer group ${group} without next-hop-unchanged, so leaves would tunnel to '${device}' instead of the originating VTEP`),
  /** `exported` is '' when the exporters export no route target at all. */
  routeTargetNotImported: define('CLOS5103', 'error', 'route-target-not-imported', (importers: string, what: string, exported: string, exporters: string) =>
    exported === ''
      ? `${exporters} ${severalNamed(exporters) ? 'export' : 'exports'} no route target for ${what}, so ${importers} ${severalNamed(importers) ? 'import' : 'imports'} none of ${severalNamed(exporters) ? 'their' : 'its'} routes`
      : `${importers} ${severalNamed(importers) ? 'do' : 'does'} not import ${exported}, which ${exporters} ${severalNamed(exporters) ? 'export' : 'exports'} for ${what}`),
  evpnRoutesDropped: define('CLOS5104', 'error', 'evpn-routes-dropped', (device: string) =>
    `'${device}' relays EVPN routes but neither imports their route targets nor retains them (retain route-target all), so it drops them`),
  evpnNotOriginated: define('CLOS5105', 'error', 'evpn-not-originated', (leaf: string, why: string) =>
    `'${leaf}' does not originate EVPN routes for its VNIs: ${why}`),
  crossVniImport: define('CLOS5106', 'error', 'route-target-cross-import', (leaf: string, what: string, rt: string, other: string) =>
    `${what} on '${leaf}' imports ${rt}, which is exported for ${other}; their routes would mix`),
  communitiesNotSent: define('CLOS5107', 'error', 'evpn-communities-not-sent', (device: string, group: string) =>
    `peer group ${group} of '${device}' carries EVPN without sending extended communities, so route targets are lost`),
  vniSplit: define('CLOS5109', 'error', 'vni-split', (what: string, detail: string) =>
    `${what} is not one VNI on every leaf: ${detail}; leaves on different VNIs of it exchange no EVPN routes for it, so its hosts on them do not reach each other`),
  linuxVniMismatch: define('CLOS5108', 'error', 'linux-vni-mismatch', (leaf: string, detail: string) =>
    `the Linux data plane of '${leaf}' does not carry the VNIs its EVPN configuration advertises: ${detail}`),

  // 7. Anycast gateway
  gatewayMismatch: define('CLOS5121', 'error', 'anycast-gateway-mismatch', (network: string, detail: string) =>
    `the anycast gateway of network '${network}' differs between leaves: ${detail}`),
  gatewayMacMismatch: define('CLOS5122', 'error', 'anycast-mac-mismatch', (detail: string) =>
    `the anycast gateway MAC differs between leaves: ${detail}`),
  gatewayOutsideSubnet: define('CLOS5123', 'error', 'anycast-gateway-not-a-host', (network: string, gateway: string, why: string) =>
    `anycast gateway ${gateway} of network '${network}' ${why}`),
  gatewayVrfMismatch: define('CLOS5125', 'error', 'anycast-gateway-vrf-mismatch', (network: string, detail: string) =>
    `the gateway of network '${network}' routes in different VRFs: ${detail}; a leaf routing it in another VRF connects its hosts to that VRF's tenant, or cuts them off`),
  gatewayMissing: define('CLOS5126', 'error', 'anycast-gateway-missing', (network: string, on: string, without: string) =>
    `network '${network}' is routed on ${on} but layer 2 only on ${without}: a distributed gateway is on every leaf that carries the network, or on none`),
  gatewayMacNotUnicast: define('CLOS5124', 'error', 'anycast-mac-not-unicast', (mac: string, leaf: string) =>
    `anycast gateway MAC ${mac} of '${leaf}' is not a unicast address`),
  ownAddressClash: define('CLOS5127', 'error', 'own-address-clash', (network: string, detail: string) =>
    `leaves share an address of their own in network '${network}': ${detail}; each answers ARP for it and asks from it, so replies reach one of them and the other never resolves its hosts`),
  ownAddressNotAHost: define('CLOS5128', 'error', 'own-address-not-a-host', (address: string, leaf: string, network: string, why: string) =>
    `the own address ${address} of '${leaf}' in network '${network}' ${why}: a leaf's own address is a host address of the network's subnet other than the gateway`),
  ownAddressInconsistent: define('CLOS5129', 'error', 'own-address-inconsistent', (leaf: string, detail: string) =>
    `'${leaf}' does not deploy its own addresses as the gateway design needs: ${detail}`),
  ownAddressMissing: define('CLOS5130', 'warning', 'own-address-missing', (network: string, segment: string, leaves: string, count: number) =>
    `network '${network}' is carried by an Ethernet segment of an FRR leaf (${segment}), but FRR ${count === 1 ? 'leaf' : 'leaves'} ${leaves} carrying it ${count === 1 ? 'has no address of its own' : 'have no address of their own'} there: ${count === 1 ? 'it keeps' : 'they keep'} the gateway on the SVI and ${count === 1 ? 'resolves' : 'resolve'} the network's hosts from the anycast MAC, so a host's ARP reply can reach another leaf than the one that asked, and routed traffic for it be lost (README, "An address of its own")`),

  // 8. Tenant isolation
  routeLeak: define('CLOS5141', 'error', 'tenant-route-leak', (importer: string, tenant: string, rt: string, exporter: string, other: string) =>
    `${importer} of tenant '${tenant}' imports ${rt}, exported by ${exporter} of tenant '${other}': routes leak between tenants`),
  sharedVni: define('CLOS5142', 'error', 'vni-shared-across-tenants', (vni: number, tenants: string) =>
    `VNI ${vni} is used by tenants ${tenants}`),
  sharedRouteTarget: define('CLOS5143', 'error', 'route-target-shared-across-tenants', (rt: string, tenants: string) =>
    `route target ${rt} is used by tenants ${tenants}`),
  tenantInconsistent: define('CLOS5144', 'error', 'tenant-inconsistent', (what: string, tenants: string) =>
    `${what} belongs to different tenants on different leaves (${tenants})`),

  // 9. Failures
  /** The failure breaks underlay reachability (and maybe more, listed in `what`). */
  failureBreaksUnderlay: define('CLOS5161', 'error', 'failure-breaks-underlay', (scenario: string, what: string) => `with ${scenario} down, ${what}`),
  /** The failure breaks only the hop bound. */
  failureBreaksHopBound: define('CLOS5162', 'error', 'failure-breaks-hop-bound', (scenario: string, what: string) => `with ${scenario} down, ${what}`),
  /** The failure breaks EVPN exchange (and maybe the hop bound), not the underlay. */
  failureBreaksOverlay: define('CLOS5163', 'error', 'failure-breaks-overlay', (scenario: string, what: string) => `with ${scenario} down, ${what}`),
  failureAnalysisLimited: define('CLOS5164', 'warning', 'failure-analysis-limited', (why: string) =>
    `failure analysis was limited: ${why}`),
  failuresExceedSpines: define('CLOS5165', 'warning', 'failures-exceed-spines', (failures: number, spines: number, checked: number) =>
    `verify.failures is ${failures}, but a fabric of ${spines} spine${spines === 1 ? '' : 's'} cannot survive ${failures} spine failure${failures === 1 ? '' : 's'}; ${checked === 0 ? 'no failure was analysed' : `${checked} failure${checked === 1 ? ' was' : 's were'} analysed`}`),

  // 10. LAGs, segments and server redundancy
  segmentMismatch: define('CLOS5200', 'error', 'segment-mismatch', (esi: string, server: string, a: string, b: string, detail: string) =>
    `Ethernet segment ${esi} of server '${server}' is configured differently on '${a}' and '${b}': ${detail}`),
  segmentIncomplete: define('CLOS5201', 'error', 'segment-incomplete', (esi: string, server: string, detail: string) =>
    `Ethernet segment ${esi} of server '${server}' ${detail}`),
  esiReused: define('CLOS5202', 'error', 'esi-reused', (esi: string, uses: string) => `ESI ${esi} is used by ${uses}; an ESI names one server's segment`),
  esiInvalid: define('CLOS5203', 'error', 'esi-invalid', (esi: string, leaf: string, why: string) => `ESI ${esi} on '${leaf}' ${why}`),
  lagInconsistent: define('CLOS5204', 'error', 'lag-inconsistent', (leaf: string, lag: string, why: string) => `port-channel ${lag} of '${leaf}' ${why}`),
  segmentUntracked: define('CLOS5205', 'error', 'segment-untracked', (leaf: string, why: string) =>
    `leaf '${leaf}' has Ethernet segments but ${why}; a leaf that loses every uplink would keep its segments up and black-hole their servers' traffic`),
  segmentMixedPlatforms: define('CLOS5206', 'warning', 'segment-mixed-platforms', (esi: string, server: string, leaves: string) =>
    `Ethernet segment ${esi} of server '${server}' spans leaves of different platforms (${leaves}): their default designated-forwarder elections differ (FRR by preference, EOS and NX-OS by modulus), so broadcast traffic to the server may be duplicated or lost`),
  serverLosesNetworks: define('CLOS5207', 'error', 'failure-isolates-server', (failure: string, server: string, what: string) =>
    `with ${failure} down, server '${server}' ${what}`),
  segmentMacCollision: define('CLOS5208', 'error', 'segment-mac-collision', (mac: string, esi: string, other: string) =>
    `system MAC ${mac} of Ethernet segment ${esi} is also ${other}`),
  // What the templates render of a port-channel besides the fields above: each agrees with the field it derives from.
  esiIdentifierMismatch: define('CLOS5209', 'error', 'esi-identifier-mismatch', (leaf: string, lag: string, found: string, expected: string, esi: string) =>
    `segment.identifier of ${lag} on '${leaf}' is ${found}, expected ${expected} (ESI ${esi} in groups of four): EOS would configure another Ethernet segment than the one verified`),
  esImportMismatch: define('CLOS5210', 'error', 'es-import-target-mismatch', (leaf: string, lag: string, found: string, expected: string) =>
    `segment.importRouteTarget of ${lag} on '${leaf}' is ${found}, expected ${expected} (the segment's system MAC, RFC 7432 section 7.6): EOS would not import the other leaf's Ethernet segment route, so both leaves would elect themselves designated forwarder`),
  dottedMacMismatch: define('CLOS5211', 'error', 'dotted-mac-mismatch', (leaf: string, lag: string, field: string, found: string, expected: string, source: string, effect: string) =>
    `${field} of ${lag} on '${leaf}' is ${found}, expected ${expected} (${source}): ${effect}`),
  bondMismatch: define('CLOS5212', 'error', 'linux-bond-mismatch', (leaf: string, bond: string, detail: string) => `Linux bond ${bond} of '${leaf}' (linux.bonds) ${detail}`),
  bondMinLinks: define('CLOS5213', 'error', 'bond-min-links', (leaf: string, bond: string, minLinks: number, members: number, effect: string) =>
    `Linux bond ${bond} of '${leaf}' (linux.bonds) has minLinks ${minLinks} with ${members} member${members === 1 ? '' : 's'}, expected 1: ${effect}`),
  bridgePortsMismatch: define('CLOS5214', 'error', 'bridge-ports-mismatch', (leaf: string, bridge: string, field: string, detail: string) =>
    `Linux bridge ${bridge} of '${leaf}' (${field}) ${detail}`),
  accessVlanMismatch: define('CLOS5215', 'error', 'access-vlan-mismatch', (leaf: string, port: string, found: string, expected: string, detail: string) =>
    `accessVlan of ${port} on '${leaf}' is ${found}, expected ${expected} (${detail}): EOS and NX-OS configure the port from it`),
  jumboMismatch: define('CLOS5216', 'error', 'jumbo-mismatch', (leaf: string, port: string, found: string, expected: string, mtu: number, effect: string) =>
    `jumbo of ${port} on '${leaf}' is ${found}, expected ${expected} (MTU ${mtu}): ${effect}`),
  portVlansMismatch: define('CLOS5217', 'error', 'port-vlans-mismatch', (leaf: string, port: string, found: string, networks: string, expected: string) =>
    `${port} on '${leaf}' carries ${found}, but its networks (${networks}) are ${expected}: every platform configures the port from its VLANs, so the server would be in other networks than the ones verified`),
  serverPortsUnprotected: define('CLOS5219', 'error', 'server-ports-unprotected', (leaf: string, missing: string) =>
    `'${leaf}' configures its server ports without ${missing}: without BPDU guard a switch plugged into one joins the fabric's spanning tree; without edge a port waits through listening and learning`),
  // Added after the block filled up (verify/types.ts): a server's bond as its ports and port-channels say it.
  serverBondInconsistent: define('CLOS5188', 'error', 'server-bond-inconsistent', (server: string, why: string) => `server '${server}' ${why}`),
  serverNotAsDeclared: define('CLOS5189', 'error', 'server-not-as-declared', (server: string, found: string, declared: string) =>
    `server '${server}' is configured ${found}, but the intent attaches it ${declared}: the redundancy verified is not the one asked for`),
  lacpNotActive: define('CLOS5218', 'error', 'lacp-not-active', (leaf: string, lag: string, mode: string) =>
    `port-channel ${lag} of '${leaf}' has LACP mode ${mode}, expected active: 'on' never negotiates (the server's LACP bond does not bundle that link) and 'passive' waits for a partner that may wait too`),

  // Verifier input (build directories)
  modelInvalid: define('CLOS5181', 'error', 'device-model-invalid', (path: string, why: string) => `'${path}' is not a valid device model: ${why}`),
  modelMissing: define('CLOS5182', 'error', 'device-model-missing', (device: string, path: string) =>
    `the manifest lists device '${device}', but '${path}' is missing`),
  verifySettingsMissing: define('CLOS5183', 'warning', 'verify-settings-missing', (path: string, hopLimit: number, failures: number) =>
    `'${path}' has no verify settings; using hop_limit ${hopLimit} and failures ${failures}`),
  notABuild: define('CLOS5184', 'error', 'build-without-models', (path: string) =>
    `'${path}' has a manifest.json but no <device>/model.json to verify`),
  // Exits: VRFs' ways out through border leaves (CLOS5220-5239), and where tenants meet outside.
  vrfsWithoutExit: define('CLOS5221', 'info', 'vrf-without-exit', (count: number, vrfs: string) =>
    `${count} VRF${count === 1 ? ' has' : 's have'} no exit to the outside (no external peer): ${vrfs}`),
  exitUnreachable: define('CLOS5222', 'error', 'exit-unreachable', (leaves: string, vrf: string, borders: string) =>
    `no route from the exit of VRF '${vrf}' on ${borders} reaches ${leaves}`),
  exitNotOnEveryBorder: define('CLOS5223', 'error', 'exit-not-ecmp', (leaves: string, vrf: string, through: string, missing: string) =>
    `the exit of VRF '${vrf}' reaches ${leaves} through ${through} only, not through ${missing}: no ECMP over every border`),
  exitLostOnFailure: define('CLOS5224', 'error', 'exit-lost-on-failure', (scenario: string, leaves: string, vrf: string) =>
    `with ${scenario} down, VRF '${vrf}' has no exit left for ${leaves}`),
  exitSessionBroken: define('CLOS5225', 'error', 'exit-session-broken', (device: string, vrf: string, peer: string, why: string) =>
    `the external session of VRF '${vrf}' on '${device}' to ${peer} ${why}`),
  inboundAdmitsFabric: define('CLOS5226', 'error', 'exit-inbound-admits-fabric', (device: string, vrf: string, entry: string, what: string) =>
    `the inbound filter of VRF '${vrf}' on '${device}' admits ${entry}: ${what} could be announced into the fabric from outside`),
  outboundLeaks: define('CLOS5227', 'error', 'exit-outbound-leaks', (device: string, vrf: string, entry: string, what: string) =>
    `the outbound filter of VRF '${vrf}' on '${device}' announces ${entry}, which ${what}`),
  exitNotExported: define('CLOS5228', 'error', 'exit-not-exported', (device: string, vrf: string, why: string) =>
    `'${device}' hands off VRF '${vrf}' but does not send what it learns there into EVPN: ${why}`),
  exitPolicyDiffers: define('CLOS5229', 'error', 'exit-policy-differs', (vrf: string, detail: string) =>
    `the borders of VRF '${vrf}' hand it off with different policies (${detail}): a route accepted on one border only has no ECMP and no second exit, and a prefix announced on one border only is lost with it`),
  externalAsnIsFabricAsn: define('CLOS5230', 'error', 'exit-peer-asn-is-fabric-asn', (device: string, vrf: string, asn: number, owner: string) =>
    `the external peer of VRF '${vrf}' on '${device}' has ASN ${asn}, which is ${owner}; eBGP loop prevention would drop the fabric's routes`),
  exitEcmpCapped: define('CLOS5231', 'warning', 'exit-ecmp-capped', (leaves: string, vrf: string, borders: number, paths: number) =>
    `the exit of VRF '${vrf}' load-shares over at most ${paths} of its ${borders} borders on ${leaves} (maximum-paths ${paths}), not over every border`),
  meetingPoint: define('CLOS5235', 'info', 'tenants-meet-outside', (tenants: string, where: string) =>
    `${tenants} meet outside the fabric at ${where}: the policy between them lives there; inside the fabric they exchange no route`),

  // Host pools: routes from hosts that speak BGP (CLOS5240-5259).
  listenRangeBroken: define('CLOS5241', 'error', 'host-sessions-broken', (device: string, network: string, why: string) =>
    `the sessions of the hosts of network '${network}' on '${device}' ${why}`),
  hostPoolOverlap: define('CLOS5242', 'error', 'host-pool-overlaps-fabric', (device: string, network: string, entry: string, what: string) =>
    `'${device}' accepts ${entry} from the hosts of network '${network}', which overlaps ${what}`),
  hostRoutesUnreachable: define('CLOS5243', 'error', 'host-routes-unreachable', (network: string, from: string, leaves: string, vrf: string) =>
    `no route the hosts of network '${network}' announce to ${from} reaches ${leaves} of VRF '${vrf}'`),
  hostsGetRoutes: define('CLOS5244', 'error', 'hosts-get-routes', (device: string, network: string, what: string) =>
    `'${device}' announces ${what} to the hosts of network '${network}'; leaves announce nothing to hosts`),
  sessionAddressClash: define('CLOS5245', 'error', 'host-session-address-clash', (network: string, address: string, devices: string) =>
    `session address ${address} of network '${network}' is configured on ${devices}`),
  hostAsnIsFabricAsn: define('CLOS5246', 'error', 'host-asn-is-fabric-asn', (device: string, network: string, asn: number, owner: string) =>
    `'${device}' expects the hosts of network '${network}' in ASN ${asn}, which is ${owner}`),
  hostsNotListened: define('CLOS5247', 'error', 'host-listen-missing', (device: string, network: string, carries: string) =>
    `'${device}' carries network '${network}' (${carries}), whose hosts speak BGP, but does not listen for them: hosts attached to it get no session`),
  hostAcceptDiffers: define('CLOS5248', 'error', 'host-accept-differs', (network: string, detail: string) =>
    `the leaves of network '${network}' accept different prefixes from its BGP hosts (${detail}): a host's routes are accepted or rejected depending on the leaf it peers with`),
  hostSessionsCapped: define('CLOS5250', 'warning', 'host-sessions-capped', (device: string, vrf: string, limit: number, given: string, hosts: number, ranges: string) =>
    `'${device}' admits at most ${limit} host sessions in VRF '${vrf}' (${given}), fewer than the ${hosts} host addresses of its listen ranges ${ranges}: hosts past ${limit} get no session`),
  hostAcceptNotDeclared: define('CLOS5249', 'error', 'host-accept-not-declared', (device: string, network: string, found: string, declared: string) =>
    `'${device}' accepts ${found} from the hosts of network '${network}', but the intent declares ${declared}`),
  hostAsnDiffers: define('CLOS5251', 'error', 'host-asn-differs', (network: string, detail: string) =>
    `the leaves of network '${network}' expect its BGP hosts in different ASNs (${detail}): a host configured with one ASN gets no session with the leaves that expect another, and its routes reach no leaf through them`),
  hostAsnNotDeclared: define('CLOS5252', 'error', 'host-asn-not-declared', (device: string, network: string, found: number, declared: number) =>
    `'${device}' expects the hosts of network '${network}' in ASN ${found}, but the intent declares ${declared}: the hosts get no session with it`),
  hostLimitDiffers: define('CLOS5253', 'error', 'host-limit-differs', (network: string, detail: string) =>
    `the leaves of network '${network}' accept different numbers of prefixes from one BGP host (maximum-prefix ${detail}): a host's session is shut down or kept depending on the leaf it peers with`),
  hostLimitNotDeclared: define('CLOS5254', 'error', 'host-limit-not-declared', (device: string, network: string, found: number, declared: number) =>
    `'${device}' accepts at most ${found} prefixes from each host of network '${network}', but the intent declares max_prefixes ${declared}`),

  // Later codes, with the check that reports them
  /** Check 3: a session brings more routes than its receiver's limit, which then shuts it down. */
  maximumRoutesExceeded: define('CLOS5185', 'error', 'maximum-routes-exceeded', (device: string, routes: string, peer: string, limit: number, group: string) =>
    `'${device}' would take ${routes} from '${peer}', over the maximum-routes ${limit} of its peer group ${group}: it would shut the session down`),
  /** Check 3: a session brings more routes than its receiver's warning threshold. */
  maximumRoutesWarning: define('CLOS5186', 'warning', 'maximum-routes-warning', (device: string, routes: string, peer: string, percent: number, limit: number, group: string) =>
    `'${device}' takes ${routes} from '${peer}', over ${percent} % of the maximum-routes ${limit} of its peer group ${group}: it logs a warning`),
  /** Check 2: a leaf uses a VLAN its platform keeps for itself. */
  vlanReserved: define('CLOS5187', 'error', 'vlan-reserved', (leaf: string, vlan: number, uses: string, why: string) =>
    `leaf '${leaf}' uses VLAN ${vlan} for ${uses}, but ${why}`),
  // Rendered files (build directories): every file is the one clos wrote and its model renders to
  renderedFileDiffers: define('CLOS5261', 'error', 'rendered-file-differs', (path: string, line: number, model: string, lines: number) =>
    `'${path}' is not what '${model}' renders to: line ${line} differs (${lines} line${lines === 1 ? '' : 's'} in all); edited by hand, or written by another version of clos`),
  renderedFileEdited: define('CLOS5262', 'error', 'rendered-file-edited', (path: string) =>
    `'${path}' is not the file clos wrote: its sha256 is not the one manifest.json records`),
  renderedFileMissing: define('CLOS5263', 'error', 'rendered-file-missing', (path: string) =>
    `'${path}' is listed in manifest.json but missing`),
  modelDoesNotRender: define('CLOS5264', 'error', 'model-does-not-render', (path: string, why: string) =>
    `'${path}' cannot be rendered with this version's templates: ${why}`),
} as const;

/** Whether a list of names in a message is plural: 'a and b', '3 more leaf groups', 'their peers'. */
function severalNamed(names: string): boolean {
  return names.includes(' and ') || /^\d+ more /.test(names) || names.startsWith('their ');
}
