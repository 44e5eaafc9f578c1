/**
 * A leaf's own address in a network's subnet, beside the anycast gateway every leaf shares.
 *
 * Two kinds of network give a leaf one:
 * - a network with `bgp_hosts`: every leaf carrying it, on every platform (the hosts' sessions,
 *   bgp-hosts.ts: the spec asks for it);
 * - a routed network that an Ethernet segment of an FRR leaf carries (a server bonded with LACP to
 *   two leaves): every FRR leaf carrying it. A leaf without an address and a MAC of its own
 *   resolves hosts from the anycast gateway's address and MAC, and a dual-homed server's reply to
 *   the anycast MAC reaches whichever leaf of its segment its bond hashes it to, which takes it as
 *   its own. FRR would sync the entry that leaf learnt to the other, but the upstream kernel
 *   refuses the neighbour flags zebra sets (FRRouting/frr#15253), so a leaf of the segment may
 *   never resolve the server, and another leaf carrying the network never resolves a host its
 *   segment's leaves stopped announcing (its request is answered to the anycast MAC, which the
 *   host's leaf takes): routed traffic for them is lost (the lab: CLOS7211, and idle hosts). With
 *   its own address on the SVI (the leaf's MAC) and the gateway on a macvlan of its own
 *   (build/linux.ts), a leaf asks from its own address, the reply is addressed to its own MAC, and
 *   a leaf it reaches first bridges it over, having learnt that MAC from `advertise-svi-ip` — the
 *   design of FRR's own EVPN multihoming topotest (tests/topotests/bgp_evpn_mh: SVI addresses per
 *   leaf, `-v0` macvlans). EOS and NX-OS leaves keep the gateway alone.
 *
 * The address is the bgp_hosts rule's, so a network with both gets one address per leaf: the
 * subnet's host addresses other than the gateway, from the highest down, are h0 … h(n-1), and a
 * leaf takes h((id - 1) mod n). A subnet too small for its FRR carriers and a host, or two carriers
 * on one address, is a warning (CLOS3147): the network's leaves keep the gateway on the SVI, as
 * before, and the README says what that costs.
 */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { ResolveContext } from './context.js';
import type { LeafBase } from './devices.js';
import type { ResolvedBgpHosts } from './fabric-model.js';
import type { ServerBase } from './servers.js';
import type { NetworkBase } from './tenants.js';
import { hostsBesidesGateway, leafAddresses } from './bgp-hosts.js';
import { checkedAddress } from '../shared/ipv4.js';
import { mapList } from '../shared/lists.js';

/** One leaf's own address in a network (no length). */
export interface OwnAddress {
  readonly leaf: string;
  readonly address: string;
}

/**
 * Network → its leaves' own addresses, by leaf id: the BGP hosts' sessions where the network has
 * them, else, where an Ethernet segment of an FRR leaf carries it, its FRR carriers' (none else);
 * and the networks of such segments whose FRR carriers get none, with CLOS3147 (`withheld`).
 */
export function resolveOwnAddresses(
  ctx: ResolveContext,
  networks: readonly NetworkBase[],
  carriers: ReadonlyMap<string, readonly string[]>,
  leaves: readonly LeafBase[],
  servers: readonly ServerBase[],
  bgpHosts: ReadonlyMap<string, ResolvedBgpHosts>,
): { addresses: Map<string, readonly OwnAddress[]>; withheld: Set<string> } {
  const out = new Map<string, readonly OwnAddress[]>();
  const withheld = new Set<string>();
  const leafByName = new Map(mapList(leaves, (l) => [l.name, l]));
  // Network → the first server whose segment on an FRR leaf carries it (where its warnings point).
  const segmentServer = new Map<string, ServerBase>();
  for (const s of servers) {
    if (s.bond !== 'lacp' || s.leaves.length !== 2 || !s.leaves.some((l) => leafByName.get(l)?.platform === 'frr')) continue;
    for (const n of s.networks) if (n.subnet !== undefined && !segmentServer.has(n.name)) segmentServer.set(n.name, s);
  }
  for (const n of networks) {
    const hosts = bgpHosts.get(n.name);
    if (hosts !== undefined) {
      out.set(n.name, hosts.sessions);
      continue;
    }
    const server = segmentServer.get(n.name);
    const subnet = n.subnet;
    if (server === undefined || subnet === undefined) continue;
    // Every FRR leaf carrying the network, not only the segment's: a leaf that asks from the
    // anycast MAC loses the reply to whichever leaf the server's bond sends it to.
    const byId: LeafBase[] = [];
    for (const name of carriers.get(n.name) ?? []) {
      const leaf = leafByName.get(name);
      if (leaf?.platform === 'frr') byId.push(leaf);
    }
    byId.sort((a, b) => a.id - b.id);
    const span = () => ctx.at(server.intent, 'attach');
    const free = subnet.prefix.length > 30 ? 0 : hostsBesidesGateway(subnet.prefix);
    if (byId.length + 1 > free) {
      const why = `subnet ${subnet.prefix.cidr} has ${free} host address${free === 1 ? '' : 'es'} besides the gateway, too few for ${byId.length} lea${byId.length === 1 ? 'f' : 'ves'} and a server`;
      ctx.report(R.ownAddressUnavailable, { span, hint: 'a larger subnet' }, n.name, why);
      withheld.add(n.name);
      continue;
    }
    const { taken, clashes } = leafAddresses(subnet.prefix, checkedAddress(subnet.gateway), byId);
    const clash = clashes[0];
    if (clash !== undefined) {
      const why = `leaves '${clash.other}' and '${clash.leaf}' would both take ${clash.address} (a leaf takes the ((id - 1) mod ${free})-th host address from the top; their ids differ by a multiple of ${free})`;
      ctx.report(R.ownAddressUnavailable, { span, hint: 'a larger subnet' }, n.name, why);
      withheld.add(n.name);
      continue;
    }
    out.set(n.name, taken);
  }
  return { addresses: out, withheld };
}
