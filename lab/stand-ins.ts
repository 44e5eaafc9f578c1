/**
 * Stand-ins for what lies outside the fabric, derived from the device models only, for the lab and
 * for `clos export containerlab`:
 *
 * - an external router (the firewall or WAN edge at the other end of the border leaves' hand-off
 *   cables) per connected group of hand-off ports and the external ASNs handed off on them: one
 *   interface per border hand-off port (`eth1`, `eth2`… by border and port), so every port is
 *   cabled exactly once, an 802.1Q sub-interface per VRF handed off there with the router's end of
 *   the transit /31, and FRR's bgpd peering with every border in every VRF, announcing the default
 *   route and an outside prefix whose first address it holds, and routing between everything it
 *   learns in one AS — it is the firewall where tenants handed off to that AS meet. It also holds
 *   and announces the first address of each accept entry other than the default route of the VRFs
 *   handed off to that AS, so the leaves' inbound filter is seen admitting, not only refusing. Two ports
 *   belong to one router when an ASN is handed off on both; a port that hands VRFs off to two ASNs
 *   joins them on one router, as one cable has one device at its end. Such a router runs one BGP
 *   instance per ASN, each in a Linux VRF of its own (`as<asn>`: FRR's `router bgp <asn> vrf
 *   <name>`, "Multiple Autonomous Systems" in FRR's BGP documentation), so the ASNs stay apart as
 *   separate routers would keep them; a router of one ASN runs it as the default instance;
 * - a BGP agent per host attached to networks with BGP hosts (a Kubernetes node running Cilium or
 *   Calico, played by FRR's bgpd, one per host): for each such network it peers with the session
 *   address of its leaf, announces a pod prefix inside the network's accept pool, with its first
 *   address on the loopback, and one prefix outside every accept pool, which the leaf must refuse.
 *
 * Pure: plans and configuration text, no processes.
 */
import type { BfdTimers, DeviceModel, ListenRange, PrefixListEntry } from '../compiler/build/device-model.js';
import { compareNatural } from '../compiler/shared/natural-order.js';
import { checkedAddress, checkedPrefix, formatAddress, prefixesOverlap, type Prefix } from '../compiler/shared/ipv4.js';
import { bgpdWaitsForBfd } from './frr-install.js';

export interface ExternalSubinterface {
  /** `eth1.3100` */
  readonly name: string;
  readonly vlan: number;
  /** The router's end of the /31, `a.b.c.d/31`. */
  readonly address: string;
  /** The border's end (the BGP neighbour), no length. */
  readonly peerAddress: string;
  readonly border: string;
  readonly borderAsn: number;
  readonly vrf: string;
  readonly tenant: string;
  /** The external ASN the VRF is handed off to here: the router's instance that peers on it. */
  readonly asn: number;
}

export interface ExternalLink {
  /** The router's interface, `eth<k>`. */
  readonly name: string;
  readonly border: string;
  /** The border's hand-off port, `swp47`. */
  readonly borderPort: string;
  readonly mtu: number;
  readonly subinterfaces: readonly ExternalSubinterface[];
}

/** One external AS of a stand-in router: a BGP instance with an outside prefix of its own. */
export interface ExternalInstance {
  readonly asn: number;
  /** The router's Linux VRF for this AS (`as<asn>`); null for the default instance (a router of one AS). */
  readonly vrf: string | null;
  /** The kernel table of `vrf`; 0 without one. */
  readonly table: number;
  /** The outside prefix it announces, `a.b.c.d/24`; its first address is on the loopback (the VRF device, in a VRF). */
  readonly outside: string;
  /** That address, no length; also the instance's BGP router-id. */
  readonly outsideAddress: string;
  /**
   * A prefix inside each `accept` entry other than the default route of the VRFs handed off to this
   * AS (the entry itself, ascending), with its first address, which the instance holds and
   * announces too: so the leaves' inbound filter is seen admitting what it should, not only
   * refusing the outside prefix.
   */
  readonly accepted: readonly AcceptedPrefix[];
}

export interface AcceptedPrefix {
  readonly prefix: string;
  readonly address: string;
}

export interface ExternalRouterPlan {
  /** `ext-as<asn>`, or `ext-as<asn>-<asn>…` (ascending) for a router of several ASNs. */
  readonly name: string;
  /** One per external ASN, ascending. */
  readonly instances: readonly ExternalInstance[];
  readonly links: readonly ExternalLink[];
}

/** The instance of a router that peers with the borders in an ASN. */
export function instanceOf(plan: ExternalRouterPlan, asn: number): ExternalInstance | undefined {
  return plan.instances.find((i) => i.asn === asn);
}

/** A `show bgp …` command in an instance: `show bgp vrf as65501 neighbors json` in a VRF. */
export function bgpShow(instance: ExternalInstance | undefined, rest: string): string {
  return instance === undefined || instance.vrf === null ? `show bgp ${rest}` : `show bgp vrf ${instance.vrf} ${rest}`;
}

export interface HostSpeakerPlan {
  readonly server: string;
  readonly leaf: string;
  readonly network: string;
  readonly vrf: string;
  readonly asn: number;
  /** The leaf's session address (the neighbour), and the leaf's ASN. */
  readonly peerAddress: string;
  readonly peerAsn: number;
  /** The pod prefix it announces, inside the accept pool; its first address is on the loopback. */
  readonly pod: string;
  readonly podAddress: string;
  /** A prefix outside every accept pool: the leaf must refuse it. */
  readonly rogue: string;
}

/** Documentation and benchmarking prefixes (RFC 5737, RFC 2544) the stand-ins take their outside prefixes from. */
const outsideCandidates = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24', '198.19.0.0/24', '198.19.1.0/24', '198.19.2.0/24'];

/** Every prefix the fabric's models configure, which outside prefixes must avoid. */
function fabricPrefixes(models: readonly DeviceModel[]): Prefix[] {
  const out: Prefix[] = [];
  for (const m of models) {
    out.push(checkedPrefix(m.interfaces.loopback0.address));
    if (m.interfaces.vtep !== null) out.push(checkedPrefix(m.interfaces.vtep.address));
    for (const f of m.interfaces.fabric) out.push(checkedPrefix(f.link));
    for (const s of m.interfaces.svis) out.push(checkedPrefix(s.address));
    for (const s of m.interfaces.subinterfaces) out.push(checkedPrefix(s.link));
    for (const l of m.routingPolicy.prefixLists) for (const e of l.entries) out.push(checkedPrefix(e.prefix));
  }
  return out;
}

function freePrefixes(models: readonly DeviceModel[], count: number): string[] {
  const taken = fabricPrefixes(models).filter((p) => p.length > 0);
  return outsideCandidates.filter((c) => !taken.some((t) => prefixesOverlap(t, checkedPrefix(c)))).slice(0, count);
}

/**
 * The permit entries of the prefix lists a VRF's external peer group's route map (`in` or `out`)
 * permits with, on a border; undefined when the border has no such peer group or route map.
 */
export function externalFilter(model: DeviceModel | undefined, vrf: string, direction: 'in' | 'out'): PrefixListEntry[] | undefined {
  const group = model?.bgp.vrfs.find((v) => v.vrf === vrf)?.peerGroups.find((g) => g.purpose === 'external');
  if (model === undefined || group === undefined) return undefined;
  const map = model.routingPolicy.routeMaps.find((m) => m.name === (direction === 'in' ? group.routeMapIn : group.routeMapOut));
  if (map === undefined) return undefined;
  const lists = new Map(model.routingPolicy.prefixLists.map((l) => [l.name, l]));
  const out: PrefixListEntry[] = [];
  // A route map's clauses in order: the first that matches decides; a deny clause without a match denies the rest.
  for (const clause of map.entries) {
    if (clause.matchPrefixList === null) {
      if (clause.action === 'permit') out.push({ seq: clause.seq, action: 'permit', prefix: '0.0.0.0/0', le: 32 });
      break;
    }
    if (clause.action !== 'permit') continue;
    for (const e of lists.get(clause.matchPrefixList)?.entries ?? []) if (e.action === 'permit') out.push(e);
  }
  return out;
}

/**
 * What the routers announce inside the VRFs' accept lists, by external ASN: every permit entry of
 * a border's inbound external filter other than the default route, its first address held
 * (`a.b.c.d/32`: the address itself).
 */
function acceptedByAsn(borders: readonly DeviceModel[]): Map<number, AcceptedPrefix[]> {
  const out = new Map<number, Map<string, AcceptedPrefix>>();
  for (const m of borders) {
    for (const s of m.interfaces.subinterfaces) {
      const byPrefix = out.get(s.peer.asn) ?? new Map<string, AcceptedPrefix>();
      out.set(s.peer.asn, byPrefix);
      for (const e of externalFilter(m, s.vrf, 'in') ?? []) {
        const p = checkedPrefix(e.prefix);
        if (p.length === 0 || byPrefix.has(p.cidr)) continue;
        byPrefix.set(p.cidr, { prefix: p.cidr, address: formatAddress(p.length >= 31 ? p.base : p.base + 1) });
      }
    }
  }
  return new Map([...out].map(([asn, m]) => [asn, [...m.values()].sort((a, b) => checkedPrefix(a.prefix).base - checkedPrefix(b.prefix).base || checkedPrefix(a.prefix).length - checkedPrefix(b.prefix).length)]));
}

/** The kernel table of a stand-in's first VRF; the next ones follow. */
const firstStandInTable = 1001;

/**
 * The external routers: one per connected group of border hand-off ports and the ASNs handed off
 * on them, with a link per port. Routers come in order of their lowest ASN, and the ASNs, in
 * ascending order, take the free outside prefixes in turn, so a router of one ASN is planned as it
 * always was.
 */
export function planExternalRouters(models: readonly DeviceModel[]): ExternalRouterPlan[] {
  interface PortLink {
    readonly key: string;
    readonly border: DeviceModel;
    readonly port: string;
    readonly mtu: number;
    readonly subs: ExternalSubinterface[];
  }
  const ports = new Map<string, PortLink>();
  // Union-find over ports (`port <border> <port>`) and ASNs (`asn <asn>`).
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    parent.set(x, root);
    return root;
  };
  const join = (a: string, b: string): void => {
    parent.set(find(a), find(b));
  };
  const borders = [...models].filter((m) => m.interfaces.subinterfaces.length > 0).sort((a, b) => compareNatural(a.name, b.name));
  for (const m of borders) {
    const tenants = new Map(m.vrfs.map((v) => [v.name, v.tenant]));
    const external = new Map(m.interfaces.external.map((e) => [e.name, e]));
    for (const s of m.interfaces.subinterfaces) {
      const key = `port ${m.name} ${s.parent}`;
      const link = ports.get(key) ?? { key, border: m, port: s.parent, mtu: external.get(s.parent)?.mtu ?? s.mtu, subs: [] };
      ports.set(key, link);
      join(key, `asn ${s.peer.asn}`);
      link.subs.push({
        name: '',
        vlan: s.vlan,
        address: `${s.peer.address}/31`,
        peerAddress: s.address.split('/')[0] ?? '',
        border: m.name,
        borderAsn: m.bgp.asn,
        vrf: s.vrf,
        tenant: tenants.get(s.vrf) ?? '',
        asn: s.peer.asn,
      });
    }
  }
  const groups = new Map<string, { asns: number[]; links: PortLink[] }>();
  for (const link of ports.values()) {
    const root = find(link.key);
    const group = groups.get(root) ?? { asns: [], links: [] };
    groups.set(root, group);
    group.links.push(link);
    for (const s of link.subs) if (!group.asns.includes(s.asn)) group.asns.push(s.asn);
  }
  for (const g of groups.values()) g.asns.sort((a, b) => a - b);
  const asns = [...groups.values()].flatMap((g) => g.asns).sort((a, b) => a - b);
  const free = freePrefixes(models, asns.length);
  const outsideOf = new Map(asns.map((asn, i) => [asn, free[i] ?? `198.18.${i}.0/24`]));
  const accepted = acceptedByAsn(borders);
  return [...groups.values()]
    .sort((a, b) => (a.asns[0] ?? 0) - (b.asns[0] ?? 0))
    .map((g) => {
      const single = g.asns.length === 1;
      const instances = g.asns.map((asn, i): ExternalInstance => {
        const outside = outsideOf.get(asn) ?? '198.18.255.0/24';
        return { asn, vrf: single ? null : `as${asn}`, table: single ? 0 : firstStandInTable + i, outside, outsideAddress: formatAddress(checkedPrefix(outside).base + 1), accepted: accepted.get(asn) ?? [] };
      });
      const links = g.links
        .sort((a, b) => compareNatural(a.border.name, b.border.name) || compareNatural(a.port, b.port))
        .map((l, k) => {
          const name = `eth${k + 1}`;
          return {
            name,
            border: l.border.name,
            borderPort: l.port,
            mtu: l.mtu,
            subinterfaces: l.subs.sort((a, b) => a.vlan - b.vlan).map((s) => ({ ...s, name: `${name}.${s.vlan}` })),
          };
        });
      return { name: `ext-as${g.asns.join('-')}`, instances, links };
    });
}

/**
 * The BFD profile the stand-ins' sessions use: the fabric's own timers (the border's and the leaf's
 * end run the `fabric` profile), so the lab's BFD floor in a slow VM raises both ends alike.
 */
function bfdProfile(bfd: BfdTimers): string[] {
  return ['bfd', ' profile fabric', `  detect-multiplier ${bfd.multiplier}`, `  receive-interval ${bfd.minRxMs}`, `  transmit-interval ${bfd.intervalMs}`, ' exit', ' !', 'exit', '!'];
}

/**
 * The external router's frr.conf (FRR 8.4, `frr defaults datacenter`); `bfd` null: no BFD. One
 * `router bgp` block per instance: the default instance for a router of one AS, otherwise one per
 * AS in its VRF (`router bgp <asn> vrf as<asn>`), each with its own sessions.
 */
export function externalRouterConf(plan: ExternalRouterPlan, bfd: BfdTimers | null): string {
  const lines = [
    `! ${plan.name}: stand-in for the router outside the fabric (AS ${plan.instances.map((i) => i.asn).join(', ')}), written by clos`,
    'frr version 8.4',
    'frr defaults datacenter',
    `hostname ${plan.name}`,
    'service integrated-vtysh-config',
    '!',
  ];
  if (bfd !== null) lines.push(...bfdProfile(bfd));
  const subs = plan.links.flatMap((l) => l.subinterfaces);
  for (const instance of plan.instances) {
    const mine = subs.filter((s) => s.asn === instance.asn);
    lines.push(
      instance.vrf === null ? `router bgp ${instance.asn}` : `router bgp ${instance.asn} vrf ${instance.vrf}`,
      ` bgp router-id ${instance.outsideAddress}`,
      ' no bgp ebgp-requires-policy',
      ' bgp bestpath as-path multipath-relax',
    );
    for (const s of mine) {
      lines.push(` neighbor ${s.peerAddress} remote-as ${s.borderAsn}`, ` neighbor ${s.peerAddress} description ${s.border} ${s.vrf}`);
      if (bfd !== null) lines.push(` neighbor ${s.peerAddress} bfd`, ` neighbor ${s.peerAddress} bfd profile fabric`);
    }
    lines.push(' !', ' address-family ipv4 unicast', `  network ${instance.outside}`, ...instance.accepted.map((a) => `  network ${a.prefix}`));
    for (const s of mine) lines.push(`  neighbor ${s.peerAddress} default-originate`);
    lines.push('  maximum-paths 16', ' exit-address-family', 'exit', '!');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `ip` commands (for `ip -batch`) that give the external router its addresses; the links exist.
 * A router of several ASNs gets a VRF device per ASN, holding the instance's outside address (a
 * VRF device is its VRF's loopback: "the VRF device can have its own IP address, known as a
 * VRF-local loopback", Cumulus Linux's VRF guide), with the ASN's sub-interfaces in it (`master`,
 * as interfaces.sh puts a leaf's SVIs in their VRF). Without VRF devices
 * (`vrf` false: the lab then runs no FRR on the stand-ins) every address stays in the main table.
 */
export function externalRouterInterfaces(plan: ExternalRouterPlan, dot1q: boolean, vrf = true): string[] {
  const out = ['link set dev lo up'];
  // Without VRF devices every instance's addresses share lo: an accept entry of two ASNs once.
  const onLo = new Set<string>();
  for (const i of plan.instances) {
    const addresses = [`${i.outsideAddress}/${checkedPrefix(i.outside).length}`, ...i.accepted.map((a) => `${a.address}/${checkedPrefix(a.prefix).length}`)];
    if (i.vrf !== null && vrf) out.push(`link add name ${i.vrf} type vrf table ${i.table}`, `link set dev ${i.vrf} up`);
    for (const address of addresses) {
      if (i.vrf !== null && vrf) out.push(`addr add ${address} dev ${i.vrf}`);
      else if (!onLo.has(address)) {
        out.push(`addr add ${address} dev lo`);
        onLo.add(address);
      }
    }
  }
  for (const l of plan.links) {
    out.push(`link set dev ${l.name} mtu ${l.mtu} up`);
    for (const s of l.subinterfaces) {
      if (dot1q) out.push(`link add name ${s.name} link ${l.name} type vlan id ${s.vlan}`);
      const master = vrf ? (instanceOf(plan, s.asn)?.vrf ?? null) : null;
      if (master !== null) out.push(`link set dev ${s.name} master ${master}`);
      out.push(`link set dev ${s.name} mtu ${l.mtu} up`, `addr add ${s.address} dev ${s.name}`);
    }
  }
  return out;
}

/** A leaf's listen range for a network's hosts. */
interface FoundRange {
  readonly leaf: DeviceModel;
  readonly range: ListenRange;
  readonly vrf: string;
}

/**
 * A BGP speaker per server, network and leaf of the server that listens for the network's hosts: a
 * host attached to two leaves (a bond across a rack pair) peers with both, at each leaf's session
 * address, and announces the same pod to each. The pod prefix of the k-th node of a network (by
 * server name) is the k-th /28 of the network's first accept pool, or its k-th /32 when the pool
 * holds fewer than 16 addresses for each of the network's nodes (every node then: a /32 of one node
 * never falls inside another's /28); a node past the pool gets none.
 */
export function planHostSpeakers(
  models: readonly DeviceModel[],
  servers: readonly { readonly server: string; readonly leaf: string; readonly leaves?: readonly string[]; readonly network: string; readonly address: string }[],
): HostSpeakerPlan[] {
  const ranges = new Map<string, FoundRange>();
  for (const m of models) {
    for (const v of m.bgp.vrfs) for (const r of v.listenRanges) ranges.set(`${m.name}\u0000${r.network}`, { leaf: m, range: r, vrf: v.vrf });
  }
  const rogue = freePrefixes(models, outsideCandidates.length).at(-1) ?? '198.18.255.0/24';
  const speakers: { s: (typeof servers)[number]; found: readonly FoundRange[]; pool: string }[] = [];
  const nodes = new Map<string, number>();
  for (const s of [...servers].sort((a, b) => compareNatural(a.server, b.server) || compareNatural(a.network, b.network))) {
    const found = [...(s.leaves ?? [s.leaf])].sort(compareNatural).flatMap((l) => ranges.get(`${l}\u0000${s.network}`) ?? []);
    const first = found[0];
    if (first === undefined) continue;
    const group = first.leaf.bgp.vrfs.find((v) => v.vrf === first.vrf)?.peerGroups.find((g) => g.name === first.range.peerGroup);
    const list = first.leaf.routingPolicy.routeMaps.find((r) => r.name === group?.routeMapIn)?.entries.find((e) => e.action === 'permit')?.matchPrefixList ?? null;
    const pool = first.leaf.routingPolicy.prefixLists.find((l) => l.name === list)?.entries[0]?.prefix;
    if (pool === undefined) continue;
    speakers.push({ s, found, pool });
    nodes.set(s.network, (nodes.get(s.network) ?? 0) + 1);
  }
  const count = new Map<string, number>();
  const out: HostSpeakerPlan[] = [];
  for (const { s, found, pool } of speakers) {
    const k = count.get(s.network) ?? 0;
    count.set(s.network, k + 1);
    const p = checkedPrefix(pool);
    const size = p.size >= 16 * (nodes.get(s.network) ?? 1) ? 16 : 1;
    const base = p.base + k * size;
    if (base + size > p.base + p.size) continue;
    for (const f of found) {
      out.push({
        server: s.server,
        leaf: f.leaf.name,
        network: s.network,
        vrf: f.vrf,
        asn: f.range.remoteAs,
        peerAddress: f.range.localAddress,
        peerAsn: f.leaf.bgp.asn,
        pod: `${formatAddress(base)}/${size === 16 ? 28 : 32}`,
        podAddress: formatAddress(size === 16 ? base + 1 : base),
        rogue,
      });
    }
  }
  return out;
}

/**
 * A server's one BGP agent, as a node runs one bgpd (Cilium, Calico): a session per network of the
 * server whose leaf listens for its hosts (`sessions`, by network name). It runs in the first
 * network's hosts ASN; a session of a network whose hosts have another ASN presents that one to
 * its leaf (FRR `neighbor … local-as <asn> no-prepend replace-as`), so every leaf sees the ASN its
 * listen range expects, and each leaf is sent only its own network's pod prefix and the rogue.
 */
export interface HostAgentPlan {
  readonly server: string;
  readonly asn: number;
  readonly sessions: readonly HostSpeakerPlan[];
}

/** One agent per server, from the sessions planHostSpeakers plans, in their order. */
export function planHostAgents(speakers: readonly HostSpeakerPlan[]): HostAgentPlan[] {
  const byServer = new Map<string, HostSpeakerPlan[]>();
  for (const s of speakers) byServer.set(s.server, [...(byServer.get(s.server) ?? []), s]);
  return [...byServer].map(([server, sessions]) => ({ server, asn: sessions[0]?.asn ?? 0, sessions }));
}

/**
 * The servers whose BGP agent the lab runs without BFD although its leaf runs BFD towards hosts:
 * every one when the lab's bgpd (`version`, undefined when it did not say) waits for BFD before it
 * connects (FRR 10.2.0 to 10.2.2 and 10.3.0, lab/frr-install.ts bgpdWaitsForBfd). Such an agent
 * would stay Idle for ever: its leaf has a BFD session for it only once its BGP session is up (the
 * listen range creates the neighbour). It is what the README advises operators of such nodes
 * ("BFD on the hosts"). None otherwise: the agents run BFD on the fabric's timers, as the leaves.
 */
export function agentsWithoutBfd(agents: readonly HostAgentPlan[], models: readonly DeviceModel[], version: string | undefined): string[] {
  if (version === undefined || !bgpdWaitsForBfd(version)) return [];
  const bfdOf = new Map(models.map((m) => [m.name, m.bfd]));
  return agents.filter((a) => (bfdOf.get(a.sessions[0]?.leaf ?? '') ?? null) !== null).map((a) => a.server);
}

/**
 * A node's frr.conf: its BGP agent, as Cilium or Calico would configure it; `bfd` null: no BFD.
 * With one session, the pod prefix and the rogue go to its leaf; with several, an outbound prefix
 * list per session (`PL-TO-<network>`) sends each leaf its network's pod and the rogue.
 */
export function hostAgentConf(agent: HostAgentPlan, routerId: string, bfd: BfdTimers | null): string {
  const lines = [
    `! ${agent.server}: stand-in for the node's BGP agent (Cilium, Calico), written by clos`,
    'frr version 8.4',
    'frr defaults datacenter',
    `hostname ${agent.server.replace(/[^A-Za-z0-9-]/g, '-')}`,
    'service integrated-vtysh-config',
    '!',
  ];
  if (bfd !== null) lines.push(...bfdProfile(bfd));
  lines.push(`router bgp ${agent.asn}`, ` bgp router-id ${routerId}`, ' no bgp ebgp-requires-policy', ' no bgp network import-check');
  for (const s of agent.sessions) {
    lines.push(` neighbor ${s.peerAddress} remote-as ${s.peerAsn}`);
    if (s.asn !== agent.asn) lines.push(` neighbor ${s.peerAddress} local-as ${s.asn} no-prepend replace-as`);
    if (bfd !== null) lines.push(` neighbor ${s.peerAddress} bfd`, ` neighbor ${s.peerAddress} bfd profile fabric`);
  }
  const rogues = [...new Set(agent.sessions.map((s) => s.rogue))];
  const pods = [...new Set(agent.sessions.map((s) => s.pod))];
  lines.push(' !', ' address-family ipv4 unicast', ...pods.map((p) => `  network ${p}`), ...rogues.map((r) => `  network ${r}`));
  const filtered = agent.sessions.length > 1;
  if (filtered) for (const s of agent.sessions) lines.push(`  neighbor ${s.peerAddress} prefix-list PL-TO-${s.network} out`);
  lines.push(' exit-address-family', 'exit', '!');
  if (filtered) {
    // One list per network: a host on two leaves sends each the same network's pod.
    const lists = new Set<string>();
    for (const s of agent.sessions) if (!lists.has(s.network)) {
      lists.add(s.network);
      lines.push(`ip prefix-list PL-TO-${s.network} seq 5 permit ${s.pod}`, `ip prefix-list PL-TO-${s.network} seq 10 permit ${s.rogue}`);
    }
    lines.push('!');
  }
  return `${lines.join('\n')}\n`;
}

/** Whether an address lies in a prefix (`a.b.c.d/n`). */
export function inPrefix(address: string, prefix: string): boolean {
  const p = checkedPrefix(prefix);
  const a = checkedAddress(address);
  return a >= p.base && a < p.base + p.size;
}
