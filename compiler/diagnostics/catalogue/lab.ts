/**
 * CLOS7xxx: `clos lab` — booting compiled FRR configs in network namespaces and testing them.
 * 70xx: setting up and tearing down a lab; 71xx: a check that failed; 72xx: why a check did not
 * run. Check results carry these codes too, so a CI log line can be grepped like a compiler error.
 */
import { define } from './define.js';

export const LabDiagnostics = {
  // 70xx: the lab itself
  needsRoot: define('CLOS7001', 'error', 'lab-needs-root', () =>
    `clos lab creates network namespaces and starts FRR daemons: run it as root`),
  toolMissing: define('CLOS7002', 'error', 'lab-tool-missing', (tool: string, install: string) =>
    `'${tool}' is not installed; the lab needs it (${install})`),
  notFrr: define('CLOS7003', 'error', 'lab-device-not-frr', (devices: string, count: number, platforms: string) =>
    `${devices} ${count === 1 ? 'is' : 'are'} rendered for ${platforms}; the lab boots FRR only (give it the intent, or compile with --platform frr)`),
  buildInvalid: define('CLOS7004', 'error', 'lab-build-invalid', (dir: string, reason: string) =>
    `'${dir}' is not a usable clos build: ${reason}`),
  invalidLabName: define('CLOS7005', 'error', 'lab-name-invalid', (name: string) =>
    `lab name '${name}' must match ^[a-z][a-z0-9-]{0,30}$ (it prefixes every namespace the lab creates)`),
  noLab: define('CLOS7006', 'error', 'lab-not-running', (what: string) => `no lab is running${what}; start one with 'clos lab up <intent>'`),
  severalLabs: define('CLOS7007', 'error', 'lab-ambiguous', (labs: string) =>
    `several labs are running (${labs}); choose one with --name`),
  stepFailed: define('CLOS7008', 'error', 'lab-step-failed', (step: string, detail: string) => `${step} failed: ${detail}`),
  unknownTarget: define('CLOS7009', 'error', 'lab-unknown-target', (target: string, lab: string) =>
    `'${target}' is neither a device nor a leaf-spine link of lab '${lab}' (write a spine or leaf name, a leaf's uplinks as <leaf>:uplinks, or a link as <device>:<interface> or <leaf>:<spine>)`),
  leafTarget: define('CLOS7010', 'error', 'lab-leaf-target', (leaf: string) =>
    `'${leaf}' is a leaf without a multihomed server (one bonded to another leaf too): failing it would only prove that its single-homed servers lose the fabric. Fail a spine, a link, or a leaf of a dual-homed server`),
  linkPeerMissing: define('CLOS7011', 'error', 'lab-link-peer-missing', (leaf: string, iface: string, peer: string) =>
    `leaf '${leaf}' ${iface} is cabled to '${peer}', which is not in the build`),
  subnetFull: define('CLOS7012', 'warning', 'lab-subnet-full', (network: string, subnet: string, server: string) =>
    `network '${network}' (${subnet}) has no free address left for server '${server}'; the lab leaves that server out of the network's checks`),
  noLabSubnet: define('CLOS7013', 'warning', 'lab-no-subnet', (network: string, pool: string) =>
    `no free /24 in ${pool} for layer-2-only network '${network}'; its servers get no address and are not pinged`),
  stateInvalid: define('CLOS7014', 'error', 'lab-state-invalid', (path: string, reason: string) =>
    `lab state '${path}' cannot be read (${reason}); run 'clos lab down --name <lab>' and start again`),
  notFailed: define('CLOS7015', 'warning', 'lab-not-failed', (target: string) => `'${target}' is not failed; nothing to restore`),
  alreadyFailed: define('CLOS7016', 'warning', 'lab-already-failed', (target: string) => `'${target}' is already failed`),
  cleanupProblem: define('CLOS7017', 'warning', 'lab-cleanup', (what: string, detail: string) => `could not remove ${what}: ${detail}`),
  vmUnavailable: define('CLOS7018', 'error', 'lab-vm-unavailable', (missing: string) =>
    `--vm was given, but this machine cannot boot the lab's VM: ${missing}`),
  vmBootFailed: define('CLOS7019', 'error', 'lab-vm-boot-failed', (lab: string, problem: string) =>
    `the VM of lab '${lab}' did not start: ${problem} (its console log stays in the lab's state directory; 'clos lab down --name ${lab}' removes it)`),
  vmLost: define('CLOS7020', 'error', 'lab-vm-lost', (lab: string, detail: string, stopped = false) =>
    `lost the VM of lab '${lab}': ${detail}; ${stopped ? 'the VM was stopped all the same and its files removed' : `'clos lab down --name ${lab}' stops it and removes what is left`}`),
  vmNotRunning: define('CLOS7021', 'error', 'lab-vm-not-running', (lab: string) =>
    `lab '${lab}' ran in a VM that no longer runs (it was stopped, or the host restarted); 'clos lab down --name ${lab}' removes what is left, 'clos lab up' starts again`),
  unknownNode: define('CLOS7022', 'error', 'lab-unknown-node', (node: string, lab: string, known: string) =>
    `'${node}' is neither a device, a server nor a router outside the fabric of lab '${lab}' (${known})`),
  vtyshOnServer: define('CLOS7023', 'error', 'lab-vtysh-on-server', (server: string) =>
    `'${server}' is a server that speaks no BGP: it runs no FRR, so there is no vtysh to open (a device's name opens its vtysh)`),
  vmStaleBuild: define('CLOS7024', 'error', 'lab-vm-stale-build', (lab: string, booted: string, current: string) =>
    `the VM of lab '${lab}' runs the clos that brought it up (${booted}), not this one (${current}): its agent loaded that code at 'lab up' and would run its checks; 'clos lab down --name ${lab}' and 'clos lab up' again use this one`),

  // 71xx: a check that ran and failed
  sessionDown: define('CLOS7101', 'error', 'lab-bgp-session-down', (device: string, peer: string, address: string, state: string) =>
    `${device}: BGP session to ${peer} (${address}) is ${state}, expected Established`),
  sessionFamilies: define('CLOS7102', 'error', 'lab-bgp-families', (device: string, peer: string, got: string, want: string) =>
    `${device}: BGP session to ${peer} negotiated ${got}, expected ${want}`),
  sessionNotDown: define('CLOS7103', 'error', 'lab-bgp-session-survives-failure', (device: string, peer: string, failure: string) =>
    `${device}: BGP session to ${peer} is still Established although ${failure} is down`),
  vtepRouteMissing: define('CLOS7104', 'error', 'lab-vtep-route-missing', (leaf: string, vtep: string, other: string) =>
    `${leaf}: no route to VTEP ${vtep} of ${other} in the kernel`),
  vtepRoutePaths: define('CLOS7105', 'error', 'lab-vtep-route-paths', (leaf: string, vtep: string, other: string, got: string, want: string) =>
    `${leaf}: route to VTEP ${vtep} of ${other} has next hops ${got}, expected ${want}`),
  vniVteps: define('CLOS7106', 'error', 'lab-vni-remote-vteps', (leaf: string, vni: number, network: string, detail: string) =>
    `${leaf}: VNI ${vni} (${network}) ${detail}`),
  bfdDown: define('CLOS7107', 'error', 'lab-bfd-down', (device: string, peer: string, address: string, state: string) =>
    `${device}: BFD to ${peer} (${address}) is ${state}, expected up`),
  unreachable: define('CLOS7108', 'error', 'lab-host-unreachable', (from: string, to: string, detail: string) =>
    `${from} cannot reach ${to}${detail}`),
  leak: define('CLOS7109', 'error', 'lab-isolation-broken', (from: string, to: string, boundary: string) =>
    `${from} reaches ${to} across ${boundary}`),
  gatewayUnreachable: define('CLOS7110', 'error', 'lab-gateway-unreachable', (from: string, gateway: string) =>
    `${from} gets no answer from its anycast gateway ${gateway}`),
  gatewayMac: define('CLOS7111', 'error', 'lab-gateway-mac', (from: string, gateway: string, got: string, want: string) =>
    `${from} resolves gateway ${gateway} to ${got}, expected the anycast MAC ${want}`),
  mtu: define('CLOS7112', 'error', 'lab-path-mtu', (from: string, to: string, mtu: number) =>
    `${from} cannot send a ${mtu}-byte unfragmented packet to ${to} through VXLAN`),
  queryFailed: define('CLOS7113', 'error', 'lab-query-failed', (device: string, command: string, detail: string) =>
    `${device}: '${command}' failed: ${detail}`),
  notConverged: define('CLOS7114', 'error', 'lab-not-converged', (seconds: number, failing: number) =>
    `the fabric did not converge within ${seconds} s: ${failing} control-plane check${failing === 1 ? '' : 's'} still failing`),
  duplicateDelivery: define('CLOS7115', 'error', 'lab-duplicate-delivery', (from: string, to: string, duplicates: number, summary: string) =>
    `${from} to ${to}: ${duplicates} duplicate ${duplicates === 1 ? 'reply' : 'replies'} (${summary}): a request reached its target more than once`),
  bondNotAggregated: define('CLOS7120', 'error', 'lab-bond-not-aggregated', (server: string, detail: string) =>
    `server '${server}': its bond ${detail}`),
  segmentMissing: define('CLOS7121', 'error', 'lab-segment-missing', (leaf: string, esi: string, server: string, detail: string) =>
    `'${leaf}' ${detail} Ethernet segment ${esi} of server '${server}'`),
  designatedForwarders: define('CLOS7122', 'error', 'lab-segment-forwarders', (esi: string, server: string, leaves: string, detail: string) =>
    `Ethernet segment ${esi} of server '${server}' has ${detail} among ${leaves}: its broadcast, unknown-unicast and multicast traffic would be dropped or delivered twice`),
  segmentNotTakenDown: define('CLOS7123', 'error', 'lab-segment-not-taken-down', (leaf: string, esi: string, server: string, detail: string) =>
    `'${leaf}' lost every uplink but did not take Ethernet segment ${esi} of server '${server}' down: ${detail}; the server keeps sending its share of traffic to a leaf that cannot forward it`),
  protodownUnsupported: define('CLOS7221', 'warning', 'lab-protodown-unsupported', (leaf: string, detail: string) =>
    `not run: every uplink of '${leaf}' down: zebra takes a leaf's Ethernet segments down by protodown on their member ports, and ${detail}`),
  duplicatesUnanswered: define('CLOS7223', 'warning', 'lab-second-look-unanswered', (from: string, to: string, why: string) =>
    `not run: ${from} reached ${to}, but the second look (three pings) got no reply, so there were no replies to count duplicates in (${why}); whether it reaches is the first probe's verdict`),
  duplicatesRefusedNexthop: define('CLOS7222', 'warning', 'lab-duplicates-refused-mac-nexthop', (from: string, to: string, duplicates: number, evidence: string) =>
    `not run: ${from} to ${to} got ${duplicates} duplicate ${duplicates === 1 ? 'reply' : 'replies'}, which says nothing about the fabric's configuration: a leaf at the other end floods unicast for a server on an Ethernet segment (the request to it, or the reply back to it) to both of the segment's leaves because this kernel refused the remote MAC entry FRR installs for it with a next-hop group (${evidence}; Linux's vxlan takes such an entry only as static, and zebra sends it as learned), and the leaves' bridge ports have no designated-forwarder filter for it`),
  // 7130-7149: the way out and BGP to hosts, checked against the stand-ins outside the fabric
  externalSessionDown: define('CLOS7130', 'error', 'lab-external-session-down', (router: string, border: string, address: string, vrf: string, state: string) =>
    `${router}: BGP session to ${border} (${address}, VRF ${vrf}) is ${state}, expected Established`),
  externalSessionNotDown: define('CLOS7131', 'error', 'lab-external-session-survives-failure', (router: string, border: string, address: string, failure: string) =>
    `${router}: BGP session to ${border} (${address}) is still Established although ${failure} is down`),
  exitRoute: define('CLOS7132', 'error', 'lab-exit-route', (leaf: string, vrf: string, detail: string) =>
    `${leaf}: the default route of VRF ${vrf} ${detail}`),
  exitUnreachable: define('CLOS7133', 'error', 'lab-exit-unreachable', (from: string, to: string, detail: string) =>
    `${from} cannot reach ${to} through the way out${detail}`),
  hostSessionDown: define('CLOS7134', 'error', 'lab-host-session-down', (server: string, leaf: string, address: string, network: string, state: string) =>
    `${server}: BGP session to ${leaf} (${address}, network ${network}) is ${state}, expected Established`),
  hostRouteMissing: define('CLOS7135', 'error', 'lab-host-route-missing', (leaf: string, vrf: string, prefix: string, server: string) =>
    `${leaf}: VRF ${vrf} has no installed route to ${prefix}, which ${server} announces inside the accept list`),
  hostRouteNotRefused: define('CLOS7136', 'error', 'lab-host-route-not-refused', (leaf: string, vrf: string, prefix: string, server: string) =>
    `${leaf}: VRF ${vrf} holds ${prefix}, which ${server} announces outside the accept list; the inbound filter must refuse it`),
  standInSilent: define('CLOS7137', 'error', 'lab-stand-in-not-announcing', (server: string, prefix: string, peer: string) =>
    `${server} does not announce ${prefix} to ${peer}, so the refusal of a prefix outside the accept list is not shown`),
  evpnNextHopLost: define('CLOS7139', 'error', 'lab-evpn-next-hop-lost', (leaf: string, vrf: string, vtep: string, owner: string, l3vni: number, prefixes: string) =>
    `${leaf}: VRF ${vrf} routes ${prefixes} to VTEP ${vtep} (${owner}), but zebra has no EVPN next hop for it in L3VNI ${l3vni} (no neighbour, no router MAC), so the kernel drops that traffic. FRR's bgpd withdraws a VRF route imported from EVPN from zebra and installs it again whenever its best path changes, and zebra of FRR 8.4.0 to 8.4.4 then removes the next hop the reinstalled route still uses (FRRouting/frr#12391, fixed in FRR 8.4.5, 8.5.3, 9.0.1 and 9.1; FRR 10.4 and later no longer withdraw, frr#18158)`),
  podUnreachable: define('CLOS7138', 'error', 'lab-pod-unreachable', (from: string, to: string, detail: string) =>
    `${from} cannot reach ${to}${detail}`),
  advertisedLeak: define('CLOS7140', 'error', 'lab-advertised-leak', (router: string, border: string, vrf: string, prefixes: string) =>
    `${router} receives ${prefixes} from ${border} in VRF ${vrf}, which the VRF's outbound filter does not permit: the fabric announces more than the intent's advertise`),
  advertisedMissing: define('CLOS7141', 'error', 'lab-advertised-missing', (router: string, border: string, vrf: string, prefixes: string) =>
    `${router} does not receive ${prefixes} from ${border} in VRF ${vrf}, which the VRF advertises`),
  outsideNotRefused: define('CLOS7142', 'error', 'lab-outside-not-refused', (leaf: string, vrf: string, prefix: string, router: string, address: string) =>
    `${leaf}: VRF ${vrf} holds ${prefix}, which ${router} (${address}) announces outside the VRF's accept list; the inbound filter must refuse it`),
  maximumPrefix: define('CLOS7144', 'error', 'lab-maximum-prefix', (leaf: string, vrf: string, peer: string, got: string, limit: number) =>
    `${leaf}: bgpd applies maximum-prefix ${got} to ${peer} in VRF ${vrf}, expected ${limit} (the intent's max_prefixes)`),
  outsideMissing: define('CLOS7143', 'error', 'lab-outside-missing', (leaf: string, vrf: string, prefix: string, router: string, address: string) =>
    `${leaf}: VRF ${vrf} has no installed route to ${prefix}, which ${router} (${address}) announces inside the VRF's accept list`),

  // 72xx: a check that did not run, and why
  noVrf: define('CLOS7201', 'warning', 'lab-no-vrf', (why: string, what: string) =>
    `not run: ${why}, so the lab runs interfaces.sh with CLOS_WITHOUT_VRF=1 and leaves do not route; ${what} needs VRF devices`),
  singleLeafNetwork: define('CLOS7202', 'warning', 'lab-single-leaf-network', (network: string, detail: string) =>
    `not run: network '${network}' ${detail}, so there is no pair of hosts on different leaves to ping`),
  noFailurePromise: define('CLOS7203', 'warning', 'lab-beyond-failure-promise', (a: string, b: string, failure: string, promised: number) =>
    `not run: ${a} and ${b} share no spine while ${failure} ${failure.includes(' and ') ? 'are' : 'is'} down, more than the ${promised} failure${promised === 1 ? '' : 's'} the fabric promises to survive (fabric.verify.failures)`),
  singleSpine: define('CLOS7204', 'warning', 'lab-single-spine', () =>
    `not run: the fabric has one spine; taking it down leaves nothing to test`),
  overlapWithoutVrf: define('CLOS7206', 'warning', 'lab-overlap-without-vrf', (leaf: string, network: string, other: string, why: string) =>
    `not run: ${why}, so ${leaf} keeps the gateways of '${network}' and '${other}', whose subnets overlap, in one routing table, and replies leave through either bridge; only VRFs keep them apart`),
  serverOnFailedLeaf: define('CLOS7210', 'warning', 'lab-server-on-failed-leaf', (server: string, leaves: string, count: number) =>
    `not run: server '${server}' is cabled only to ${leaves}, which ${count === 1 ? 'is' : 'are'} down: it goes down with ${count === 1 ? 'its leaf' : 'them'} by design${count === 1 ? ' (a single point of failure, as clos verify lists it)' : ''}`),
  neighbourSyncRefused: define('CLOS7211', 'warning', 'lab-neighbour-sync-refused', (server: string, leaves: string, evidence: string) =>
    `not run: the ping got no answer, which says nothing about the fabric: routing to and from dual-homed server '${server}' needs both ${leaves} to hold its ARP entry; they sync it over EVPN, but this kernel refused the synced entries (${evidence}; FRR marks them with neighbour flags the upstream kernel does not know (FRR 8.4, 10.3 and 10.7 alike), FRR issue #15253), and a leaf cannot resolve the server itself when the server's ARP replies hash to the other leaf`),
  exitNoHosts: define('CLOS7215', 'warning', 'lab-exit-no-hosts', (vrf: string, detail: string) =>
    `not run: VRF ${vrf} has an exit but ${detail}, so no host pings outside through it`),
  podNoWitness: define('CLOS7216', 'warning', 'lab-pod-no-witness', (server: string, vrf: string, leaf: string) =>
    `not run: VRF ${vrf} has no server on a leaf other than ${leaf} to reach the pod address of ${server} from`),
  singleBorder: define('CLOS7217', 'warning', 'lab-single-border', (vrf: string, border: string) =>
    `not run: VRF ${vrf} has its exit on ${border} alone, so taking ${border} down takes the exit with it (the verifier reports this too)`),
  meetingUntestable: define('CLOS7218', 'warning', 'lab-meeting-untestable', (a: string, b: string, router: string) =>
    `not run: VRFs ${a} and ${b} meet at ${router}, but no pair of hosts of theirs (on different servers) can show it`),
  idleUntestable: define('CLOS7219', 'warning', 'lab-idle-source-untestable', (source: string, why: string) =>
    `not run: routing from ${source} while it is idle could not be set up: ${why}`),
  hostBfdOff: define('CLOS7220', 'warning', 'lab-host-bfd-off', (leaf: string, server: string, address: string, version: string) =>
    `not run: ${leaf}'s BFD session to ${server} (${address}) cannot come up by design: the lab runs ${server}'s BGP agent without BFD, because FRR ${version}'s bgpd starts no session while its BFD session is down and ${leaf} has one only once the session is up (README, "BFD on the hosts")`),
  isolationUntestable: define('CLOS7205', 'warning', 'lab-isolation-untestable', (a: string, b: string, why: string) =>
    `not run: no pair of hosts in '${a}' and '${b}' can show isolation: ${why}`),
} as const;
