/**
 * BGP to hosts (`networks[].bgp_hosts`): Kubernetes nodes and other hosts that announce prefixes
 * (pod and service CIDRs) to the leaves they are attached to.
 *
 * Each leaf carrying the network gets a session address of its own in the subnet, stable by
 * construction: the subnet's host addresses other than the gateway, listed from the highest down,
 * are h0, h1, …, h(n-1); a leaf takes h((id - 1) mod n). So a leaf's address depends only on its id
 * and the subnet, never on which other leaves carry the network: adding a leaf renumbers nobody.
 * Two carriers whose ids fall on the same address (ids that differ by a multiple of n) are an error
 * (CLOS3144), and so is a subnet that cannot hold every carrier's address and one host (CLOS3143).
 *
 * Rules: the network needs a subnet (CLOS3140); the hosts' ASN is none of the fabric's (CLOS3141);
 * an accept pool overlaps no pool, no network subnet, no external transit and no other network's
 * pool — networks of one VRF may list the very same pool, one cluster across racks (CLOS3142).
 */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { ResolveContext } from './context.js';
import type { LeafBase } from './devices.js';
import type { FabricSettings, Platform, Prefix, ResolvedBgpHosts, ResolvedExternal } from './fabric-model.js';
import type { ServerBase } from './servers.js';
import { comparePrefixes, type OwnedPrefix } from './external.js';
import { checkedAddress, checkedPrefix, formatAddress, prefixesOverlap } from '../shared/ipv4.js';
import { checkAsn } from './settings.js';
import type { NetworkBase } from './tenants.js';
import { mapList } from '../shared/lists.js';

/**
 * A server attached to two leaves in a network whose hosts speak BGP (CLOS3145, a warning): an
 * NX-OS leaf's session address is a secondary address of the anycast-gateway SVI, so it answers
 * ARP with the anycast MAC, which every leaf of the network owns. Frames the server sends to leaf
 * B's session address over its link to leaf A (its bond's hash, or its active-backup link) are taken
 * by A, which routes them back towards the server's own subnet, and the session with B never comes
 * up or flaps. EOS answers with the leaf's own MAC (`ip address` beside `ip address virtual`), and
 * FRR leaves put the gateway on a macvlan of its own with the anycast MAC while the SVI keeps the
 * leaf's MAC and the session address (LinuxBridge.gateway): the frame is bridged to B. So the
 * warning is for servers with an NX-OS leaf among theirs.
 */
export function warnMultihomedBgpHosts(
  ctx: ResolveContext,
  servers: readonly ServerBase[],
  platformOf: ReadonlyMap<string, Platform>,
  bgpHosts: ReadonlyMap<string, ResolvedBgpHosts>,
): void {
  for (const server of servers) {
    if (server.leaves.length < 2) continue;
    if (!server.leaves.some((l) => platformOf.get(l) === 'nxos')) continue;
    for (const n of server.networks) {
      if (!bgpHosts.has(n.name)) continue;
      ctx.report(
        R.bgpHostMultihomed,
        {
          span: ctx.at(server.intent, 'attach'),
          hint: 'attach the BGP hosts of this network to one leaf each (a rack pair: half the nodes on each leaf), or use EOS or FRR leaves for them',
        },
        server.name,
        n.name,
        server.leaves,
      );
    }
  }
}

/**
 * Hosts whose ASN is that of an external peer of their VRF (CLOS3146, a warning): the borders
 * announce the host pools outside with the hosts' ASN in the AS path, and the peer's eBGP loop
 * prevention drops them, so pods and load-balancer addresses are unreachable from outside. Only
 * when the VRF announces a host pool at all (`advertise: none` announces nothing).
 */
export function warnHostAsnIsExternalAsn(
  ctx: ResolveContext,
  networks: readonly NetworkBase[],
  bgpHosts: ReadonlyMap<string, ResolvedBgpHosts>,
  externals: ReadonlyMap<string, ResolvedExternal>,
): void {
  for (const n of networks) {
    const hosts = bgpHosts.get(n.name);
    const external = externals.get(n.vrf);
    const intent = n.intent.bgp_hosts;
    if (hosts === undefined || external === undefined || intent === undefined) continue;
    if (!external.peers.some((p) => p.asn === hosts.asn)) continue;
    if (!external.announced.some((a) => hosts.accept.some((pool) => prefixesOverlap(a.prefix, pool)))) continue;
    ctx.report(
      R.hostAsnIsExternalAsn,
      { span: () => ctx.at(intent, 'asn'), hint: 'give the hosts an ASN of their own (a private one: 64512-65534, 4200000000-4294967294)' },
      n.name,
      hosts.asn,
      n.vrf,
    );
  }
}

export const bgpHostsDefaults = { maxPrefixes: 256 } as const;

/**
 * The session address of a leaf in a subnet: h((id - 1) mod n) of the host addresses other than
 * the gateway, from the highest down. Undefined when the subnet has no such address (a /31 or /32).
 */
export function sessionAddressOf(subnet: Prefix, gateway: number, leafId: number): number | undefined {
  if (subnet.length > 30) return undefined;
  const top = subnet.base + subnet.size - 2;
  const n = hostsBesidesGateway(subnet);
  const k = (leafId - 1) % n;
  const above = top - gateway;
  return k < above ? top - k : top - k - 1;
}

/**
 * Each leaf's address in a subnet by the rule above (sessionAddressOf), in the order given, and the
 * leaves whose address an earlier leaf took: the BGP hosts' sessions and the FRR leaves' own
 * addresses in their segments' networks (own-addresses.ts) are handed out by this one loop.
 */
export function leafAddresses(
  subnet: Prefix,
  gateway: number,
  leaves: readonly { readonly name: string; readonly id: number }[],
): { taken: { leaf: string; address: string }[]; clashes: { leaf: string; other: string; address: string }[] } {
  const byAddress = new Map<number, string>();
  const taken: { leaf: string; address: string }[] = [];
  const clashes: { leaf: string; other: string; address: string }[] = [];
  for (const leaf of leaves) {
    const address = sessionAddressOf(subnet, gateway, leaf.id);
    if (address === undefined) continue;
    const other = byAddress.get(address);
    if (other !== undefined) {
      clashes.push({ leaf: leaf.name, other, address: formatAddress(address) });
      continue;
    }
    byAddress.set(address, leaf.name);
    taken.push({ leaf: leaf.name, address: formatAddress(address) });
  }
  return { taken, clashes };
}

/** Host addresses of a /30-or-larger subnet other than the gateway. */
export function hostsBesidesGateway(subnet: Prefix): number {
  return subnet.size - 3;
}

export function resolveBgpHosts(
  ctx: ResolveContext,
  settings: FabricSettings,
  networks: readonly NetworkBase[],
  carriers: ReadonlyMap<string, readonly string[]>,
  leaves: readonly LeafBase[],
  owned: readonly OwnedPrefix[],
): Map<string, ResolvedBgpHosts> {
  const out = new Map<string, ResolvedBgpHosts>();
  const leafByName = new Map(mapList(leaves, (l) => [l.name, l]));
  const fabricAsns = new Map<number, string>([[settings.spineAsn, 'the spine ASN']]);
  for (const l of [...leaves].sort((a, b) => a.id - b.id)) if (!fabricAsns.has(l.asn)) fabricAsns.set(l.asn, `the ASN of leaf '${l.name}'`);
  const order = new Map(mapList(networks, (n, i) => [n.name, i]));

  for (const n of networks) {
    const hosts = n.intent.bgp_hosts;
    if (hosts === undefined) continue;
    ctx.remember(`network:${n.name}.bgp_hosts`, () => ctx.keySpan(n.intent, 'bgp_hosts'));
    ctx.remember(`network:${n.name}.bgp_hosts.asn`, () => ctx.at(hosts, 'asn'));
    ctx.remember(`network:${n.name}.bgp_hosts.max_prefixes`, () => (hosts.max_prefixes === undefined ? ctx.keySpan(n.intent, 'bgp_hosts') : ctx.at(hosts, 'max_prefixes')));
    let ok = true;
    if (n.subnet === undefined) {
      ctx.report(R.bgpHostsWithoutSubnet, { span: () => ctx.keySpan(n.intent, 'bgp_hosts') }, n.name);
      ok = false;
    }
    if (!checkAsn(ctx, hosts.asn, () => ctx.at(hosts, 'asn'))) ok = false;
    const owner = fabricAsns.get(hosts.asn);
    if (owner !== undefined) {
      ctx.report(R.bgpHostsAsnIsFabricAsn, { span: () => ctx.at(hosts, 'asn') }, n.name, hosts.asn, owner);
      ok = false;
    }
    const accept: Prefix[] = [];
    for (const [i, p] of hosts.accept.entries()) {
      const span = (): Span | undefined => ctx.at(hosts.accept, i);
      ctx.rememberAt(['network:', n.name, '.bgp_hosts.accept.', p], hosts.accept, i);
      const prefix = checkedPrefix(p);
      if (prefix.cidr !== p) {
        ctx.report(R.subnetHostBits, { span }, p, prefix.cidr);
        ok = false;
        continue;
      }
      for (const o of owned) {
        if (!prefixesOverlap(prefix, o.prefix)) continue;
        if (o.kind === 'host-pool') {
          if (o.network === n.name) continue;
          // The same pool on networks of one VRF is one cluster across racks; any other overlap of
          // two networks' pools is reported once, at the network that sorts later.
          if (o.vrf === n.vrf && comparePrefixes(o.prefix, prefix) === 0) continue;
          if ((order.get(o.network ?? '') ?? -1) > (order.get(n.name) ?? -1)) continue;
        }
        ok = false;
        // A transit of the pool's own VRF has reported this pair already, at the transit (CLOS3123).
        if (o.kind === 'transit' && o.vrf === n.vrf) continue;
        ctx.report(R.hostPoolOverlap, { span, related: [ctx.related(o.what, o.span)] }, prefix.cidr, n.name, o.what);
      }
      accept.push(prefix);
    }
    accept.sort(comparePrefixes);

    let sessions: { leaf: string; address: string }[] = [];
    const subnet = n.subnet;
    if (subnet !== undefined) {
      const leavesHere = carriers.get(n.name) ?? [];
      const free = hostsBesidesGateway(subnet.prefix);
      if (leavesHere.length + 1 > free) {
        ctx.report(R.hostSubnetTooSmall, { span: () => ctx.at(n.intent, 'subnet'), hint: 'a larger subnet, or fewer leaves carrying the network' }, n.name, subnet.prefix.cidr, leavesHere.length, free);
        ok = false;
      } else {
        const here = leavesHere.flatMap((name) => leafByName.get(name) ?? []);
        const { taken, clashes } = leafAddresses(subnet.prefix, checkedAddress(subnet.gateway), here);
        for (const c of clashes) {
          ctx.report(
            R.sessionAddressClash,
            { span: () => ctx.keySpan(n.intent, 'bgp_hosts'), device: c.leaf, hint: `a leaf takes the ((id - 1) mod ${free})-th host address from the top; their ids differ by a multiple of ${free}: use a larger subnet` },
            n.name,
            c.address,
            c.other,
            c.leaf,
          );
          ok = false;
        }
        sessions = taken;
      }
    }
    if (!ok) continue;
    out.set(n.name, { asn: hosts.asn, accept, maxPrefixes: hosts.max_prefixes ?? bgpHostsDefaults.maxPrefixes, sessions });
  }
  return out;
}
