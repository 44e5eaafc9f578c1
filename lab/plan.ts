/**
 * The lab plan: from the device models, every namespace, veth pair, host interface, address and
 * route the lab creates. Pure, so the wiring is unit-tested without root; `up.ts` executes it.
 *
 * Wiring: one namespace per device, one veth pair per leaf-spine link with the port names the
 * configs use, one namespace per server with one interface per leaf port (`eth0`, `eth1`…, by leaf
 * in fabric order, then port number: a dual-homed server has one on each leaf). A trunk port's
 * tagged VLANs are `<port>.<vlan>` on the leaf and `eth<k>.<vlan>` on the server: real 802.1Q
 * devices when the kernel has them, otherwise one veth pair per VLAN whose leaf end already carries
 * the sub-interface's name (interfaces.sh then only sets its MTU and state). A leaf with a
 * VLAN-aware bridge (one with Ethernet segments) has no sub-interfaces: its servers always tag.
 *
 * Bonds: a server whose ports are port-channel members (`bond: lacp`, a local LAG or an Ethernet
 * segment across two leaves) bonds them in its namespace as `bond0`, a real Linux bond in 802.3ad
 * mode, so LACP negotiates with the leaves for real; an `active-backup` server bonds them in
 * active-backup mode. The server's networks are on the bond (`bond0.<vlan>` on trunks), and it
 * reaches the fabric through every leaf of the bond. Bonds need a kernel with bonding (the VM's).
 *
 * What lies outside the fabric has stand-ins (lab/stand-ins.ts): one namespace per external router,
 * cabled to each border's hand-off port like a server (one veth pair per port, and per VLAN
 * without 802.1Q), and a BGP agent in the namespace of every server in a network whose leaves
 * listen for hosts: one FRR per server, with a session per such network of the server.
 */
import type { DeviceModel, Role, ServerInterface } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import { compareNatural } from '../compiler/shared/natural-order.js';
import { addressOf, checkedPrefix, prefixesOverlap, formatAddress, checkedAddress } from '../compiler/shared/ipv4.js';
import type { Prefix } from '../compiler/resolve/fabric-model.js';
import { deviceNamespace, externalNamespace, hostNamespace, speakerPathspace } from './names.js';
import { planExternalRouters, planHostAgents, planHostSpeakers, type ExternalRouterPlan, type HostAgentPlan, type HostSpeakerPlan } from './stand-ins.js';
import { buildTopology, type LabNetwork, type Topology } from './topology.js';

/** What the kernel offers; decides how VRFs and trunks are brought up. */
export interface DataPlane {
  /** Kernel VRF devices: L3VNIs, routing between a VRF's networks. */
  readonly vrf: boolean;
  /** Kernel 802.1Q devices: real tagged trunks. Without them each tagged VLAN gets its own veth pair. */
  readonly dot1q: boolean;
  /**
   * A leaf port can be protodown (zebra's way of taking an Ethernet segment down when the leaf
   * loses its uplinks, or while it starts): a veth cannot, so each segment member port is then a
   * macvlan in passthru mode on its veth, which can (lab/kernel.ts). Absent in older states: false.
   */
  readonly protodown?: boolean;
}

export interface DevicePlan {
  readonly name: string;
  readonly role: Role;
  /** Network namespace, also FRR's path space (`-N`). */
  readonly namespace: string;
}

export interface VethEnd {
  readonly namespace: string;
  readonly name: string;
  readonly mtu: number;
  /**
   * The port that rides on this end: a macvlan in passthru mode named as the device's port, which
   * the device's configuration knows, while the veth end itself is the wire (`w<port>`): taking the
   * wire down is pulling the cable, protodown on the port is the leaf shutting it.
   */
  readonly port?: string;
}

/** The veth end under a leaf port that is a macvlan (VethEnd.port). */
export function wireName(port: string): string {
  return `w${port}`;
}

export interface VethPlan {
  readonly kind: 'fabric' | 'server' | 'server-vlan' | 'external' | 'external-vlan';
  readonly a: VethEnd;
  readonly b: VethEnd;
}

export interface HostInterfacePlan {
  readonly name: string;
  readonly mtu: number;
  /** `a.b.c.d/n`, or null for a port that carries no address (a trunk's untagged parent). */
  readonly address: string | null;
  /** Set when the interface is an 802.1Q device the host creates on `parent`. */
  readonly dot1q: { readonly parent: string; readonly vlan: number } | null;
  /** Set when the interface is the host's bond: its mode and members (which come before it). */
  readonly bond: HostBondPlan | null;
  /** The bond this port is a member of, or null. */
  readonly master: string | null;
}

/** A server's bond over its ports, as the host configures it. */
export interface HostBondPlan {
  /** `802.3ad` for a port-channel (LACP with the leaves), `active-backup` for independent ports. */
  readonly mode: '802.3ad' | 'active-backup';
  readonly members: readonly string[];
}

/**
 * A routed interface's own routing table: its subnet and a default route via its gateway, chosen
 * by rules for traffic bound to the interface (`ping -I`, `oif`) or sent from its address (replies),
 * so a server on several networks reaches other subnets through each of them.
 */
export interface HostRouteTable {
  readonly interface: string;
  readonly table: number;
  readonly subnet: string;
  readonly address: string;
  readonly gateway: string;
}

export interface HostPlan {
  readonly server: string;
  readonly namespace: string;
  /** The first of `leaves`. */
  readonly leaf: string;
  /** Every leaf the server is cabled to, in fabric order. */
  readonly leaves: readonly string[];
  /** Parents before their 802.1Q children. */
  readonly interfaces: readonly HostInterfacePlan[];
  /** The main table's default route: via the gateway of the lowest routed VLAN. */
  readonly defaultRoute: { readonly gateway: string; readonly interface: string } | null;
  /** One per interface in a routed network, in VLAN order. */
  readonly routeTables: readonly HostRouteTable[];
}

/** One server in one network: what the reachability checks ping from and to. */
export interface Endpoint {
  /** `<server>/<network>` */
  readonly id: string;
  readonly server: string;
  readonly namespace: string;
  /** The first of `leaves`, for messages. */
  readonly leaf: string;
  /**
   * The leaves through which the server is in the network: all leaves of its bond, or the one
   * leaf of the port that carries the network.
   */
  readonly leaves: readonly string[];
  readonly network: string;
  readonly tenant: string;
  readonly vrf: string;
  readonly vlan: number;
  readonly interface: string;
  readonly address: string;
  readonly prefixLength: number;
  /** The anycast gateway; null in a layer-2-only network. */
  readonly gateway: string | null;
  readonly mtu: number;
  /** True when the address comes from a lab-chosen subnet because the network has none (layer 2 only). */
  readonly labSubnet: boolean;
}

/** A router outside the fabric, in a namespace of its own (also its FRR path space). */
export interface ExternalRouterLab {
  readonly router: ExternalRouterPlan;
  readonly namespace: string;
}

/** One session of a server's BGP agent: the checks ask about each. */
export interface HostSpeakerLab {
  readonly speaker: HostSpeakerPlan;
  readonly namespace: string;
  /** The agent's path space (one per server, whatever its sessions). */
  readonly pathspace: string;
  /** The server's address in the network: the session's source. */
  readonly address: string;
}

/** A server's BGP agent: one FRR in the server's namespace, with a path space of its own, for all its sessions. */
export interface HostAgentLab {
  readonly agent: HostAgentPlan;
  readonly namespace: string;
  readonly pathspace: string;
  /** The agent's router-id: the server's address in its first session's network. */
  readonly routerId: string;
}

export interface LabPlan {
  readonly lab: string;
  readonly fabric: string;
  readonly dataPlane: DataPlane;
  readonly devices: readonly DevicePlan[];
  readonly veths: readonly VethPlan[];
  readonly hosts: readonly HostPlan[];
  readonly endpoints: readonly Endpoint[];
  /** Stand-ins for the routers the border leaves hand off to. */
  readonly externalRouters: readonly ExternalRouterLab[];
  /** The sessions of the BGP agents of servers in networks with BGP hosts, one per server and network. */
  readonly hostSpeakers: readonly HostSpeakerLab[];
  /** Stand-ins for those agents: one FRR per server, with every session of the server. */
  readonly hostAgents: readonly HostAgentLab[];
  /** Subnets the lab chose for layer-2-only networks, by network. */
  readonly labSubnets: Readonly<Record<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Where layer-2-only networks get host addresses: RFC 2544's benchmarking block, in /24s. */
export const labSubnetPool = '198.18.0.0/15';

export function planLab(lab: string, models: readonly DeviceModel[], dataPlane: DataPlane): LabPlan {
  const topology = buildTopology(models);
  const diagnostics: Diagnostic[] = [];
  const devices: DevicePlan[] = [...topology.spines, ...topology.leaves].map((name) => {
    const m = topology.devices.get(name);
    return { name, role: m?.role ?? 'leaf', namespace: deviceNamespace(lab, name) };
  });
  const nsOf = new Map(devices.map((d) => [d.name, d.namespace]));
  const veths: VethPlan[] = [];
  for (const link of topology.links) {
    const spineNs = nsOf.get(link.spine);
    const leafNs = nsOf.get(link.leaf);
    if (spineNs === undefined || leafNs === undefined) {
      diagnostics.push(createDiagnostic(L.linkPeerMissing, { device: link.leaf }, link.leaf, link.leafInterface, link.spine));
      continue;
    }
    veths.push({
      kind: 'fabric',
      a: { namespace: spineNs, name: link.spineInterface, mtu: link.mtu },
      b: { namespace: leafNs, name: link.leafInterface, mtu: link.mtu },
    });
  }

  const labSubnets = chooseLabSubnets(topology, models);
  const addresses = new AddressBook(labSubnets, [
    ...[...topology.networks.values()].map((n) => n.gateway).filter((g): g is string => g !== null),
    ...ownAddresses(models),
  ]);
  const hosts: HostPlan[] = [];
  const endpoints: Endpoint[] = [];
  // Servers in name order, so a server's addresses do not depend on which leaf it is cabled to.
  const byServer = new Map<string, ServerAttachment>();
  for (const leafName of topology.leaves) {
    const leaf = topology.devices.get(leafName);
    if (leaf === undefined) continue;
    for (const port of [...leaf.interfaces.servers].sort((a, b) => a.port - b.port)) {
      let attachment = byServer.get(port.server);
      if (attachment === undefined) {
        attachment = { server: port.server, namespace: hostNamespace(lab, port.server), ports: [] };
        byServer.set(port.server, attachment);
      }
      attachment.ports.push({ leaf, port, leafNamespace: nsOf.get(leafName) ?? '' });
    }
  }
  for (const attachment of [...byServer.values()].sort((a, b) => compareNatural(a.server, b.server))) {
    const planned = planServer(attachment, topology, dataPlane, addresses);
    veths.push(...planned.veths);
    hosts.push(planned.host);
    endpoints.push(...planned.endpoints);
    // CLOS7013 names the network only: once per network, not once per server on it.
    for (const d of planned.diagnostics) if (d.code !== L.noLabSubnet.code || !diagnostics.some((x) => x.code === d.code && x.message === d.message)) diagnostics.push(d);
  }
  endpoints.sort((a, b) => compareNatural(a.id, b.id));
  const externalRouters = planExternalRouters(models).map((router) => ({ router, namespace: externalNamespace(lab, router.name) }));
  for (const { router, namespace } of externalRouters) veths.push(...externalVeths(router, namespace, topology, nsOf, dataPlane));
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  const hostSpeakers: HostSpeakerLab[] = planHostSpeakers(models, endpoints).map((speaker) => ({
    speaker,
    namespace: hostNamespace(lab, speaker.server),
    pathspace: speakerPathspace(lab, speaker.server),
    address: byId.get(`${speaker.server}/${speaker.network}`)?.address ?? '',
  }));
  const addressOf = new Map(hostSpeakers.map((h) => [`${h.speaker.server}/${h.speaker.network}`, h.address]));
  const hostAgents: HostAgentLab[] = planHostAgents(hostSpeakers.map((h) => h.speaker)).map((agent) => ({
    agent,
    namespace: hostNamespace(lab, agent.server),
    pathspace: speakerPathspace(lab, agent.server),
    routerId: addressOf.get(`${agent.server}/${agent.sessions[0]?.network ?? ''}`) ?? '',
  }));
  return { lab, fabric: topology.fabric, dataPlane, devices, veths, hosts, endpoints, externalRouters, hostSpeakers, hostAgents, labSubnets: Object.fromEntries(labSubnets), diagnostics };
}

/**
 * A router's cabling: its `eth<k>` to the border's hand-off port; without 802.1Q also one pair per
 * VLAN, whose border end carries the sub-interface's name (interfaces.sh keeps an existing link).
 */
function externalVeths(router: ExternalRouterPlan, namespace: string, topology: Topology, nsOf: ReadonlyMap<string, string>, dataPlane: DataPlane): VethPlan[] {
  const veths: VethPlan[] = [];
  for (const link of router.links) {
    const borderNs = nsOf.get(link.border) ?? '';
    veths.push({ kind: 'external', a: { namespace: borderNs, name: link.borderPort, mtu: link.mtu }, b: { namespace, name: link.name, mtu: link.mtu } });
    if (dataPlane.dot1q) continue;
    const subs = topology.devices.get(link.border)?.interfaces.subinterfaces ?? [];
    for (const s of link.subinterfaces) {
      const name = subs.find((x) => x.parent === link.borderPort && x.vlan === s.vlan)?.name ?? `${link.borderPort}.${s.vlan}`;
      veths.push({ kind: 'external-vlan', a: { namespace: borderNs, name, mtu: link.mtu }, b: { namespace, name: s.name, mtu: link.mtu } });
    }
  }
  return veths;
}

interface ServerAttachment {
  readonly server: string;
  readonly namespace: string;
  /** By leaf in fabric order, then port number: the first is the server's eth0. */
  readonly ports: { readonly leaf: DeviceModel; readonly port: ServerInterface; readonly leafNamespace: string }[];
}

/** The name of a server's bond in its namespace. */
export const hostBondName = 'bond0';

/**
 * One server: a veth pair per port (and per tagged VLAN without 802.1Q), an address in each of its
 * networks on the first port (or the bond) that carries it, and a default route via the gateway
 * of its lowest-VLAN routed network.
 */
function planServer(
  s: ServerAttachment,
  topology: Topology,
  dataPlane: DataPlane,
  addresses: AddressBook,
): { veths: VethPlan[]; host: HostPlan; endpoints: Endpoint[]; diagnostics: Diagnostic[] } {
  const veths: VethPlan[] = [];
  const interfaces: HostInterfacePlan[] = [];
  const endpoints: Endpoint[] = [];
  const diagnostics: Diagnostic[] = [];
  const addressed = new Set<string>();
  const leaves = [...new Set(s.ports.map((p) => p.leaf.name))];
  const first = s.ports[0];
  if (first === undefined) throw new Error(`internal error: server ${s.server} has no port`);
  // Ports that bond: port-channel members (802.3ad), or active-backup ports on two or more links.
  const bonded = s.ports.length > 1 && s.ports.every((p) => p.port.lag !== null || p.port.bond === 'active-backup');
  const bondMode: HostBondPlan['mode'] = s.ports.every((p) => p.port.lag !== null) ? '802.3ad' : 'active-backup';

  const attach = (hostName: string, vlan: number, mtu: number, dot1q: HostInterfacePlan['dot1q'], via: readonly string[], leaf: DeviceModel): void => {
    const vlanNetwork = leaf.vlans.find((v) => v.id === vlan && v.network !== null)?.network ?? '';
    const network = topology.networks.get(vlanNetwork);
    let address: string | null = null;
    if (network !== undefined && !addressed.has(network.name)) {
      addressed.add(network.name);
      const given = addresses.next(network, s.server);
      if ('diagnostic' in given) {
        diagnostics.push(given.diagnostic);
      } else {
        address = `${given.address}/${given.prefixLength}`;
        endpoints.push({
          id: `${s.server}/${network.name}`,
          server: s.server,
          namespace: s.namespace,
          leaf: via[0] ?? leaf.name,
          leaves: via,
          network: network.name,
          tenant: network.tenant,
          vrf: network.vrf,
          vlan: network.vlan,
          interface: hostName,
          address: given.address,
          prefixLength: given.prefixLength,
          gateway: network.gateway,
          mtu: network.mtu,
          labSubnet: network.subnet === null,
        });
      }
    }
    interfaces.push({ name: hostName, mtu: network?.mtu ?? mtu, address, dot1q, bond: null, master: null });
  };

  s.ports.forEach(({ leaf, port, leafNamespace }, k) => {
    const parent = `eth${k}`;
    const segment = dataPlane.protodown === true && leaf.interfaces.lags.some((l) => l.segment !== null && l.members.includes(port.name));
    const leafEnd: VethEnd = segment ? { namespace: leafNamespace, name: wireName(port.name), mtu: port.mtu, port: port.name } : { namespace: leafNamespace, name: port.name, mtu: port.mtu };
    veths.push({ kind: 'server', a: leafEnd, b: { namespace: s.namespace, name: parent, mtu: port.mtu } });
    if (bonded) {
      interfaces.push({ name: parent, mtu: port.mtu, address: null, dot1q: null, bond: null, master: hostBondName });
      return;
    }
    const subinterfaces = leaf.linux?.subinterfaces ?? [];
    if (port.mode === 'access') {
      const vlan = port.vlans[0];
      if (vlan !== undefined) attach(parent, vlan, port.mtu, null, [leaf.name], leaf);
      return;
    }
    interfaces.push({ name: parent, mtu: port.mtu, address: null, dot1q: null, bond: null, master: null });
    for (const vlan of port.vlans) {
      const sub = subinterfaces.find((x) => x.parent === port.name && x.vlan === vlan);
      const mtu = sub?.mtu ?? port.mtu;
      const hostName = `${parent}.${vlan}`;
      // A VLAN-aware bridge takes tagged frames on the port itself: no veth pair can stand in.
      if (dataPlane.dot1q || leaf.linux?.vlanAwareBridge != null) {
        attach(hostName, vlan, mtu, { parent, vlan }, [leaf.name], leaf);
      } else {
        veths.push({ kind: 'server-vlan', a: { namespace: leafNamespace, name: sub?.name ?? `${port.name}.${vlan}`, mtu }, b: { namespace: s.namespace, name: hostName, mtu } });
        attach(hostName, vlan, mtu, null, [leaf.name], leaf);
      }
    }
  });
  if (bonded) {
    // The networks ride the bond: untagged on an access bond, as bond0.<vlan> on a trunk.
    const port = first.port;
    const mtu = Math.max(...s.ports.map((p) => p.port.mtu));
    const bond: HostBondPlan = { mode: bondMode, members: s.ports.map((_, k) => `eth${k}`) };
    if (port.mode === 'access') {
      const vlan = port.vlans[0];
      const before = interfaces.length;
      if (vlan !== undefined) attach(hostBondName, vlan, mtu, null, leaves, first.leaf);
      const made = interfaces[before];
      if (made !== undefined) interfaces[before] = { ...made, bond };
    } else {
      interfaces.push({ name: hostBondName, mtu, address: null, dot1q: null, bond, master: null });
      for (const vlan of port.vlans) attach(`${hostBondName}.${vlan}`, vlan, mtu, { parent: hostBondName, vlan }, leaves, first.leaf);
    }
  }
  endpoints.sort((a, b) => a.vlan - b.vlan);
  const routed = endpoints.find((e) => e.gateway !== null);
  const defaultRoute = routed === undefined || routed.gateway === null ? null : { gateway: routed.gateway, interface: routed.interface };
  const routeTables: HostRouteTable[] = [];
  for (const e of endpoints) {
    if (e.gateway === null) continue;
    routeTables.push({ interface: e.interface, table: firstHostTable + routeTables.length, subnet: checkedPrefix(`${e.address}/${e.prefixLength}`).cidr, address: e.address, gateway: e.gateway });
  }
  return { veths, host: { server: s.server, namespace: s.namespace, leaf: first.leaf.name, leaves, interfaces, defaultRoute, routeTables }, endpoints, diagnostics };
}

/**
 * The leaves' own addresses (compiler/resolve/own-addresses.ts: BGP hosts' session addresses, FRR
 * leaves' addresses in their segments' networks): h((leaf id − 1) mod n) of the subnet's host
 * addresses counted from the top, so hosts, counted from the bottom, never take one a leaf uses
 * now, and one a leaf added later takes only when its (id − 1) mod n reaches down to them. The
 * listen ranges' local addresses too, for a hand-edited build whose SVI lacks one.
 */
function ownAddresses(models: readonly DeviceModel[]): string[] {
  const out: string[] = [];
  for (const m of models) {
    for (const svi of m.interfaces.svis) if (svi.ownAddress !== null) out.push(addressOf(svi.ownAddress));
    for (const v of m.bgp.vrfs) for (const r of v.listenRanges) out.push(r.localAddress);
  }
  return out;
}

/**
 * Hands out host addresses per network: the subnet's hosts from the bottom, skipping every
 * gateway, every leaf's own address (BGP hosts' sessions, segments) and every address already given out, in
 * this network or any other. Networks whose subnets overlap (legal across VRFs and tenants) so
 * never give two hosts one address, and a host's address names one host in the whole lab.
 * `clos export containerlab` gives its servers these addresses too (it plans the lab for them).
 */
class AddressBook {
  private readonly cursor = new Map<string, number>();
  private readonly taken = new Set<number>();

  constructor(
    private readonly labSubnets: ReadonlyMap<string, string>,
    gateways: Iterable<string>,
  ) {
    for (const g of gateways) this.taken.add(checkedAddress(g));
  }

  next(network: LabNetwork, server: string): { address: string; prefixLength: number } | { diagnostic: Diagnostic } {
    const subnet = network.subnet ?? this.labSubnets.get(network.name);
    if (subnet === undefined) return { diagnostic: createDiagnostic(L.noLabSubnet, {}, network.name, labSubnetPool) };
    const prefix = checkedPrefix(subnet);
    const first = prefix.length >= 31 ? prefix.base : prefix.base + 1;
    const last = prefix.length >= 31 ? prefix.base + prefix.size - 1 : prefix.base + prefix.size - 2;
    let candidate = this.cursor.get(network.name) ?? first;
    while (candidate <= last && this.taken.has(candidate)) candidate++;
    if (candidate > last) return { diagnostic: createDiagnostic(L.subnetFull, {}, network.name, subnet, server) };
    this.taken.add(candidate);
    this.cursor.set(network.name, candidate + 1);
    return { address: formatAddress(candidate), prefixLength: prefix.length };
  }
}

/**
 * A /24 of 198.18.0.0/15 for every layer-2-only network that has servers, skipping any /24 that
 * overlaps an address the fabric uses, so lab addresses never shadow real ones.
 */
function chooseLabSubnets(topology: Topology, models: readonly DeviceModel[]): Map<string, string> {
  const taken: Prefix[] = [];
  for (const n of topology.networks.values()) if (n.subnet !== null) taken.push(checkedPrefix(n.subnet));
  for (const m of models) {
    taken.push(checkedPrefix(m.interfaces.loopback0.address));
    if (m.interfaces.vtep !== null) taken.push(checkedPrefix(m.interfaces.vtep.address));
    for (const f of m.interfaces.fabric) taken.push(checkedPrefix(f.link));
  }
  const pool = checkedPrefix(labSubnetPool);
  const out = new Map<string, string>();
  let offset = 0;
  for (const n of topology.networks.values()) {
    if (n.subnet !== null) continue;
    while (offset < pool.size) {
      const candidate = checkedPrefix(`${formatAddress(pool.base + offset)}/24`);
      offset += 256;
      if (!taken.some((t) => prefixesOverlap(t, candidate))) {
        out.set(n.name, candidate.cidr);
        break;
      }
    }
  }
  return out;
}

/** Routing tables of a server's routed interfaces: 101, 102… in VLAN order. */
const firstHostTable = 101;
/** Rule priorities: interface-bound traffic first, then by source address; both before main (32766). */
const oifRulePref = 1000;
const fromRulePref = 2000;

/**
 * The server's `ip -batch` input: interfaces, addresses, the main default route, and per routed
 * interface its own table with the rules that select it. Devices are named after keywords only
 * (`name`, `dev`, `link`), as in interfaces.sh.
 */
export function hostBatch(host: HostPlan): string {
  const lines = ['link set dev lo up'];
  const bond = host.interfaces.find((i) => i.bond !== null);
  if (bond?.bond != null) {
    // The bond before its members, which join it while down (as the kernel asks).
    lines.push(
      bond.bond.mode === '802.3ad'
        ? `link add name ${bond.name} type bond mode 802.3ad lacp_rate fast miimon 100 xmit_hash_policy layer3+4`
        : `link add name ${bond.name} type bond mode active-backup miimon 100`,
    );
  }
  for (const i of host.interfaces) {
    if (i.dot1q !== null) lines.push(`link add name ${i.name} link ${i.dot1q.parent} type vlan id ${i.dot1q.vlan}`);
    if (i.master !== null) lines.push(`link set dev ${i.name} master ${i.master}`);
    lines.push(`link set dev ${i.name} mtu ${i.mtu} up`);
    if (i.address !== null) lines.push(`addr add ${i.address} dev ${i.name}`);
  }
  if (host.defaultRoute !== null) lines.push(`route add default via ${host.defaultRoute.gateway} dev ${host.defaultRoute.interface}`);
  for (const t of host.routeTables) {
    lines.push(
      `route add ${t.subnet} dev ${t.interface} src ${t.address} table ${t.table}`,
      `route add default via ${t.gateway} dev ${t.interface} table ${t.table}`,
      `rule add oif ${t.interface} table ${t.table} pref ${oifRulePref + t.table - firstHostTable}`,
      `rule add from ${t.address} table ${t.table} pref ${fromRulePref + t.table - firstHostTable}`,
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}
