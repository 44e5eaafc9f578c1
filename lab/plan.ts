/**
 * The lab plan: from the device models, every namespace, veth pair, host interface, address and
 * route the lab creates. Pure, so the wiring is unit-tested without root; `up.ts` executes it.
 *
 * Wiring: one namespace per device, one veth pair per leaf-spine link with the port names the
 * configs use, one namespace per server with one interface per leaf port (`eth0`, `eth1`…, by port
 * number). A trunk port's tagged VLANs are `<port>.<vlan>` on the leaf and `eth<k>.<vlan>` on the
 * server: real 802.1Q devices when the kernel has them, otherwise one veth pair per VLAN whose leaf
 * end already carries the sub-interface's name (interfaces.sh then only sets its MTU and state).
 *
 * What lies outside the fabric has stand-ins (lab/stand-ins.ts): one namespace per external router,
 * cabled to each border's hand-off port like a server (one veth pair per port, and per VLAN
 * without 802.1Q), and a BGP agent in the namespace of every server in a network whose leaves
 * listen for hosts.
 */
import type { DeviceModel, Role, ServerInterface } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import { compareNatural } from '../compiler/shared/natural-order.js';
import { checkedPrefix, prefixesOverlap, formatAddress, checkedAddress } from '../compiler/shared/ipv4.js';
import type { Prefix } from '../compiler/resolve/fabric-model.js';
import { deviceNamespace, externalNamespace, hostNamespace, speakerPathspace } from './names.js';
import { planExternalRouters, planHostSpeakers, type ExternalRouterPlan, type HostSpeakerPlan } from './stand-ins.js';
import { buildTopology, type LabNetwork, type Topology } from './topology.js';

/** What the kernel offers; decides how VRFs and trunks are brought up. */
export interface DataPlane {
  /** Kernel VRF devices: L3VNIs, routing between a VRF's networks. */
  readonly vrf: boolean;
  /** Kernel 802.1Q devices: real tagged trunks. Without them each tagged VLAN gets its own veth pair. */
  readonly dot1q: boolean;
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
  readonly leaf: string;
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
  readonly leaf: string;
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

/** A server's BGP agent: FRR in the server's namespace, with a path space of its own. */
export interface HostSpeakerLab {
  readonly speaker: HostSpeakerPlan;
  readonly namespace: string;
  readonly pathspace: string;
  /** The server's address in the network: the session's source and the agent's router-id. */
  readonly address: string;
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
  /** Stand-ins for the BGP agents of servers in networks with BGP hosts. */
  readonly hostSpeakers: readonly HostSpeakerLab[];
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
  const addresses = new AddressBook(
    labSubnets,
    [...topology.networks.values()].map((n) => n.gateway).filter((g): g is string => g !== null),
  );
  const hosts: HostPlan[] = [];
  const endpoints: Endpoint[] = [];
  // Servers in name order, so a server's addresses do not depend on which leaf it is cabled to.
  const attachments: ServerAttachment[] = [];
  for (const leafName of topology.leaves) {
    const leaf = topology.devices.get(leafName);
    if (leaf === undefined) continue;
    const byServer = new Map<string, ServerInterface[]>();
    for (const port of leaf.interfaces.servers) byServer.set(port.server, [...(byServer.get(port.server) ?? []), port]);
    for (const [server, ports] of byServer) {
      attachments.push({ leaf, server, ports: ports.sort((a, b) => a.port - b.port), leafNamespace: nsOf.get(leafName) ?? '', namespace: hostNamespace(lab, server) });
    }
  }
  attachments.sort((a, b) => compareNatural(a.server, b.server));
  for (const attachment of attachments) {
    const planned = planServer(attachment, topology, dataPlane, addresses);
    veths.push(...planned.veths);
    hosts.push(planned.host);
    endpoints.push(...planned.endpoints);
    diagnostics.push(...planned.diagnostics);
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
  return { lab, fabric: topology.fabric, dataPlane, devices, veths, hosts, endpoints, externalRouters, hostSpeakers, labSubnets: Object.fromEntries(labSubnets), diagnostics };
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
  readonly leaf: DeviceModel;
  readonly server: string;
  /** Sorted by port number: the first is the server's eth0. */
  readonly ports: readonly ServerInterface[];
  readonly leafNamespace: string;
  readonly namespace: string;
}

/**
 * One server: a veth pair per port (and per tagged VLAN without 802.1Q), an address in each of its
 * networks on the first port that carries it, and a default route via the gateway of its
 * lowest-VLAN routed network.
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
  const vlanNetwork = new Map(s.leaf.vlans.filter((v) => v.network !== null).map((v) => [v.id, v.network ?? '']));
  const subinterfaces = s.leaf.linux?.subinterfaces ?? [];
  const addressed = new Set<string>();

  const attach = (hostName: string, vlan: number, mtu: number, dot1q: HostInterfacePlan['dot1q']): void => {
    const network = topology.networks.get(vlanNetwork.get(vlan) ?? '');
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
          leaf: s.leaf.name,
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
    interfaces.push({ name: hostName, mtu: network?.mtu ?? mtu, address, dot1q });
  };

  s.ports.forEach((port, k) => {
    const parent = `eth${k}`;
    veths.push({ kind: 'server', a: { namespace: s.leafNamespace, name: port.name, mtu: port.mtu }, b: { namespace: s.namespace, name: parent, mtu: port.mtu } });
    if (port.mode === 'access') {
      const vlan = port.vlans[0];
      if (vlan !== undefined) attach(parent, vlan, port.mtu, null);
      return;
    }
    interfaces.push({ name: parent, mtu: port.mtu, address: null, dot1q: null });
    for (const vlan of port.vlans) {
      const sub = subinterfaces.find((x) => x.parent === port.name && x.vlan === vlan);
      const mtu = sub?.mtu ?? port.mtu;
      const hostName = `${parent}.${vlan}`;
      if (dataPlane.dot1q) {
        attach(hostName, vlan, mtu, { parent, vlan });
      } else {
        veths.push({ kind: 'server-vlan', a: { namespace: s.leafNamespace, name: sub?.name ?? `${port.name}.${vlan}`, mtu }, b: { namespace: s.namespace, name: hostName, mtu } });
        attach(hostName, vlan, mtu, null);
      }
    }
  });
  endpoints.sort((a, b) => a.vlan - b.vlan);
  const routed = endpoints.find((e) => e.gateway !== null);
  const defaultRoute = routed === undefined || routed.gateway === null ? null : { gateway: routed.gateway, interface: routed.interface };
  const routeTables: HostRouteTable[] = [];
  for (const e of endpoints) {
    if (e.gateway === null) continue;
    routeTables.push({ interface: e.interface, table: firstHostTable + routeTables.length, subnet: checkedPrefix(`${e.address}/${e.prefixLength}`).cidr, address: e.address, gateway: e.gateway });
  }
  return { veths, host: { server: s.server, namespace: s.namespace, leaf: s.leaf.name, interfaces, defaultRoute, routeTables }, endpoints, diagnostics };
}

/**
 * Hands out host addresses per network: the subnet's hosts from the bottom, skipping every
 * gateway and every address already given out, in this network or any other. Networks whose
 * subnets overlap (legal across VRFs and tenants) so never give two hosts one address, and a
 * host's address names one host in the whole lab.
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
  for (const i of host.interfaces) {
    if (i.dot1q !== null) lines.push(`link add name ${i.name} link ${i.dot1q.parent} type vlan id ${i.dot1q.vlan}`);
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
