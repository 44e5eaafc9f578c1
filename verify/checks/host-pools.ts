/**
 * Check: host pools, the routes of hosts that speak BGP to their leaves (issue 15). The check
 * proves, on the device models:
 *
 * - every listen range is the subnet of an SVI of the leaf, in the same VRF, on which the leaf has
 *   its own session address (inside the subnet, not the gateway), with the hosts' peer group, an
 *   inbound filter, and an outbound one (CLOS5241); no two leaves share a session address
 *   (CLOS5245); the hosts' ASN is none of the fabric's (CLOS5246);
 * - the leaves announce nothing to hosts (CLOS5244);
 * - what hosts may announce overlaps nothing in the fabric: no loopback, VTEP or link, no network
 *   subnet of any VRF, no transit, no other network's pool — networks of one VRF may share a pool
 *   (CLOS5242);
 * - what a leaf learns from its hosts reaches every other leaf of the VRF: it exports it into EVPN
 *   and they receive and import it (CLOS5243). Isolation holds with it: the routes travel with the
 *   VRF's own route targets, which the isolation check proves no other tenant imports.
 */
import type { DeviceModel, ListenRange } from '../../compiler/build/device-model.js';
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { admitsInside, fabricPrefixes, hostPoolsOf, routeMapView, sameCidr, type PrefixIndex } from '../analysis/route-filters.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { formatAddress, parseAddress, parseCidr } from '../../compiler/shared/ipv4.js';
import { listNames, plural } from '../locate.js';

export function checkHostPools(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg, vrfRoutes } = ctx;
  const fabricAsns = new Map<number, string>();
  for (const d of fg.devices) if (!fabricAsns.has(d.model.bgp.asn)) fabricAsns.set(d.model.bgp.asn, d.role === 'spine' ? 'the spine ASN' : `the ASN of leaf '${d.name}'`);
  let own: PrefixIndex | undefined;
  /** Network → its VRF and the leaves listening for its hosts. */
  const listening = new Map<string, { vrf: string; leaves: number[] }>();
  /** Session address → the devices configuring it, per network. */
  const addresses = new Map<string, Set<string>>();
  const pools = new Set<string>();
  let ranges = 0;
  // Most VRF sections listen for no hosts: forEach, not for…of, over every device's VRFs (it runs
  // once, mostly before it is optimized, where for…of allocates an iterator and a result per
  // section; bench/PROFILE.md, section 33).
  for (const d of fg.devices) {
    d.model.bgp.vrfs.forEach((v) => {
      for (const r of v.listenRanges) {
        ranges++;
        const at = [`network:${r.network}.bgp_hosts`, `network:${r.network}`, ...keysOf(ctx, d.index)];
        const sound = checkRange(f, d.model, v.vrf, r, at);
        const key = `${r.network}\u0000${r.localAddress}`;
        const set = addresses.get(key) ?? new Set<string>();
        set.add(d.name);
        addresses.set(key, set);
        const owner = fabricAsns.get(r.remoteAs);
        if (owner !== undefined) f.add(V.hostAsnIsFabricAsn, { device: d.name, at }, d.name, r.network, r.remoteAs, owner);
        own ??= fabricPrefixes(fg);
        for (const p of hostPoolsOf(d.model, v.vrf, r.peerGroup)) {
          pools.add(`${r.network} ${p.text}`);
          const hit = own.overlapping(p.prefix).filter((o) => !(o.kind === 'host-pool' && (o.network === r.network || (o.vrf === v.vrf && sameCidr(o.prefix, p.prefix)))) && admitsInside(p, o.prefix));
          if (hit.length > 0) f.add(V.hostPoolOverlap, { device: d.name, at }, d.name, r.network, p.text, listNames(hit.map((o) => o.what), 3, false));
        }
        if (!sound) continue;
        const entry = listening.get(r.network) ?? { vrf: v.vrf, leaves: [] };
        entry.leaves.push(d.index);
        listening.set(r.network, entry);
      }
    });
  }
  for (const [key, devices] of addresses) {
    if (devices.size < 2) continue;
    const [network = '', address = ''] = key.split('\u0000');
    f.add(V.sessionAddressClash, { device: [...devices][1], at: [`network:${network}.bgp_hosts`, `network:${network}`] }, network, address, listNames([...devices].sort()));
  }

  // What hosts announce reaches every leaf of the VRF.
  let reached = 0;
  for (const [network, { vrf, leaves }] of [...listening].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const at = [`network:${network}.bgp_hosts`, `network:${network}`];
    for (const source of leaves) {
      const problem = vrfRoutes.exportProblem(source, vrf);
      const receivers = vrfRoutes.receivers(source, vrf);
      const missing = (vrfRoutes.leavesOf.get(vrf) ?? []).filter((l) => l !== source && !receivers.has(l));
      if (problem === undefined && missing.length === 0) {
        reached++;
        continue;
      }
      const names = missing.map((l) => nameOf(ctx, l));
      const who = problem === undefined ? `${missing.length === 1 ? 'leaf' : 'leaves'} ${listNames(names)}` : `any other leaf (${problem})`;
      f.add(V.hostRoutesUnreachable, { device: nameOf(ctx, source), at }, network, `'${nameOf(ctx, source)}'`, who, vrf);
    }
  }
  const networks = listening.size;
  return {
    diagnostics: f.list,
    summary: ranges === 0 ? 'no hosts speak BGP' : `${plural(networks, 'network')} with BGP hosts, ${plural(pools.size, 'accept pool')}; routes from ${reached} of ${plural(ranges, 'listening leaf', 'listening leaves')} reach every leaf of their VRF`,
  };
}

/** One listen range: sound, or findings saying why not. */
function checkRange(f: Findings, m: DeviceModel, vrf: string, r: ListenRange, at: readonly string[]): boolean {
  const problems: string[] = [];
  const svi = m.interfaces.svis.find((s) => s.name === r.interface);
  const subnet = parseCidr(r.prefix);
  if (svi === undefined) {
    problems.push(`listen on ${r.interface}, which is not an SVI of the device`);
  } else {
    const svisubnet = parseCidr(svi.address);
    if (svi.vrf !== vrf) problems.push(`are in VRF '${vrf}', but ${svi.name} routes in VRF '${svi.vrf}': the VRFs would exchange routes there`);
    if (subnet === undefined || svisubnet === undefined || !sameCidr(subnet, svisubnet)) problems.push(`listen on ${r.prefix}, which is not the subnet of ${svi.name} (${svi.address})`);
    const session = svi.sessionAddress === null ? undefined : parseCidr(svi.sessionAddress);
    const local = parseAddress(r.localAddress);
    if (session === undefined) problems.push(`have no session address: ${svi.name} has none`);
    else if (local === undefined || session.address !== local) problems.push(`expect the session address ${r.localAddress}, but ${svi.name} has ${svi.sessionAddress ?? 'none'}`);
    else if (local === svisubnet?.address) problems.push(`use the anycast gateway ${formatAddress(local)} as session address: every leaf has it`);
    else if (svisubnet !== undefined && (local <= svisubnet.base || local >= svisubnet.base + svisubnet.size - 1)) problems.push(`use ${formatAddress(local)}, which is not a host address of ${svi.address}`);
  }
  const group = m.bgp.vrfs.find((v) => v.vrf === vrf)?.peerGroups.find((g) => g.name === r.peerGroup);
  if (group === undefined) {
    problems.push(`name peer group ${r.peerGroup}, which the VRF does not define`);
  } else {
    const inbound = routeMapView(m.routingPolicy, group.routeMapIn);
    if ('missing' in inbound) problems.push(`have no inbound filter (${inbound.missing} is missing): hosts could announce anything`);
    else if ('all' in inbound && inbound.all) problems.push('accept every route the hosts announce');
    const outbound = routeMapView(m.routingPolicy, group.routeMapOut);
    if ('missing' in outbound) problems.push(`have no outbound filter (${outbound.missing} is missing)`);
    else if ('all' in outbound && outbound.all) f.add(V.hostsGetRoutes, { device: m.name, at }, m.name, r.network, 'every route of the VRF');
    else if ('ranges' in outbound && outbound.ranges.length > 0) f.add(V.hostsGetRoutes, { device: m.name, at }, m.name, r.network, listNames(outbound.ranges.map((x) => x.text), 3, false));
  }
  for (const why of problems) f.add(V.listenRangeBroken, { device: m.name, at }, m.name, r.network, why);
  return problems.length === 0;
}
