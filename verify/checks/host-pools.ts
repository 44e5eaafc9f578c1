/**
 * Check: host pools, the routes of hosts that speak BGP to their leaves (issue 15). The check
 * proves, on the device models:
 *
 * - every listen range is the subnet of an SVI of the leaf, in the same VRF, on which the leaf has
 *   its own session address (inside the subnet, not the gateway), with the hosts' peer group, an
 *   inbound filter that admits some prefix but not every one, an outbound one, and BFD as
 *   fabric.bfd sets it (CLOS5241); no two leaves share a session address (CLOS5245); the hosts'
 *   ASN is none of the fabric's (CLOS5246);
 * - the leaves announce nothing to hosts (CLOS5244);
 * - what hosts may announce overlaps nothing in the fabric: no loopback, VTEP or link, no network
 *   subnet of any VRF, no transit, no other network's pool — networks of one VRF may share a pool
 *   (CLOS5242);
 * - what a leaf learns from its hosts reaches every other leaf of the VRF: it exports it into EVPN
 *   and they receive and import it (CLOS5243). Isolation holds with it: the routes travel with the
 *   VRF's own route targets, which the isolation check proves no other tenant imports;
 * - every leaf that carries a network whose hosts speak BGP listens for them (CLOS5247): a network
 *   is one when a leaf listens on it, the intent declares `bgp_hosts` for it, or a leaf with the
 *   hosts' peer group has a session address on an SVI of it; a leaf carries it when it has its
 *   L2VNI or such an SVI;
 * - an FRR leaf admits as many host sessions in a VRF as its listen ranges have host addresses
 *   (CLOS5250, a warning): FRR's `bgp listen limit` is 100 per instance unless the model sets it;
 * - every leaf of such a network accepts the same prefixes from its hosts (CLOS5248), and when the
 *   verifier runs on an intent, exactly the network's declared `accept` (CLOS5249). A build
 *   directory holds no declaration: there the leaves must agree with each other. The same for the
 *   hosts' ASN: one on every leaf of the network (CLOS5251), the declared one on an intent (CLOS5252);
 *   and for the most prefixes a leaf accepts from one host (CLOS5253, CLOS5254).
 */
import { maxListenLimit, type DeviceModel, type ListenRange } from '../../compiler/build/device-model.js';
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { admitsInside, certainRanges, fabricPrefixes, hostPoolsOf, rangesKey, rangesText, routeMapView, sameCidr, type PrefixIndex, type PrefixRange } from '../analysis/route-filters.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { bfdProblem } from './exits.js';
import { formatAddress, hostAddressCount, parseAddress, parseCidr } from '../../compiler/shared/ipv4.js';
import { mapList } from '../../compiler/shared/lists.js';
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
  /** Networks whose hosts speak BGP (listened on, an SVI with a session address, or declared). */
  const hostNetworks = new Set<string>(ctx.declared?.hostAccepts.keys());
  /** Network → the leaves listening for its hosts (soundly or not). */
  const listeners = new Map<string, Set<number>>();
  /** Network → what its sound listeners accept: the ranges' key → their text and leaves. */
  const accepts = new Map<string, Map<string, { text: string; leaves: number[] }>>();
  /** Network → the hosts' ASN each listening leaf expects → those leaves. */
  const asns = new Map<string, Map<number, number[]>>();
  /** Network → the most prefixes each listening leaf accepts from one host → those leaves. */
  const limits = new Map<string, Map<number, number[]>>();
  /** Network → the leaves with an SVI of it that has a session address. */
  const sviCarriers = new Map<string, number[]>();
  let ranges = 0;
  // Most VRF sections listen for no hosts: forEach, not for…of, over every device's VRFs (it runs
  // once, mostly before it is optimized, where for…of allocates an iterator and a result per
  // section; bench/PROFILE.md, section 33).
  for (const d of fg.devices) {
    d.model.bgp.vrfs.forEach((v) => {
      if (v.listenRanges.length > 0 && d.model.platform === 'frr') checkListenLimit(f, d.model, v, keysOf(ctx, d.index));
      for (const r of v.listenRanges) {
        ranges++;
        hostNetworks.add(r.network);
        let heard = listeners.get(r.network);
        if (heard === undefined) listeners.set(r.network, (heard = new Set<number>()));
        heard.add(d.index);
        const at = [`network:${r.network}.bgp_hosts`, `network:${r.network}`, ...keysOf(ctx, d.index)];
        const sound = checkRange(f, d.model, v.vrf, r, at);
        const key = `${r.network}\u0000${r.localAddress}`;
        const set = addresses.get(key) ?? new Set<string>();
        set.add(d.name);
        addresses.set(key, set);
        tally(asns, r.network, r.remoteAs, d.index);
        const limit = v.peerGroups.find((g) => g.name === r.peerGroup)?.maximumPrefix;
        if (limit !== undefined) tally(limits, r.network, limit, d.index);
        const owner = fabricAsns.get(r.remoteAs);
        if (owner !== undefined) f.add(V.hostAsnIsFabricAsn, { device: d.name, at }, d.name, r.network, r.remoteAs, owner);
        own ??= fabricPrefixes(fg);
        const accepted = hostPoolsOf(d.model, v.vrf, r.peerGroup);
        for (const p of accepted) {
          pools.add(`${r.network} ${p.text}`);
          const hit = own.overlapping(p.prefix).filter((o) => !(o.kind === 'host-pool' && (o.network === r.network || (o.vrf === v.vrf && sameCidr(o.prefix, p.prefix)))) && admitsInside(p, o.prefix));
          if (hit.length > 0) f.add(V.hostPoolOverlap, { device: d.name, at }, d.name, r.network, p.text, listNames(hit.map((o) => o.what), 3, false));
        }
        if (!sound) continue;
        const admitted = rangesKey(accepted);
        let byKey = accepts.get(r.network);
        if (byKey === undefined) accepts.set(r.network, (byKey = new Map<string, { text: string; leaves: number[] }>()));
        const same = byKey.get(admitted);
        if (same === undefined) byKey.set(admitted, { text: rangesText(accepted), leaves: [d.index] });
        else same.leaves.push(d.index);
        const entry = listening.get(r.network) ?? { vrf: v.vrf, leaves: [] };
        entry.leaves.push(d.index);
        listening.set(r.network, entry);
      }
    });
    // A leaf set up for BGP hosts (a listen range or the hosts' peer group) with a session address
    // on an SVI: its network's hosts speak BGP, even where no leaf listens for them any more. Only
    // those leaves' SVIs are read: 200 per leaf on the scale target, where a few leaves have hosts.
    if (d.model.bgp.vrfs.some((v) => v.listenRanges.length > 0 || v.peerGroups.some((g) => g.purpose === 'hosts'))) {
      d.model.interfaces.svis.forEach((svi) => {
        if (svi.sessionAddress === null) return;
        hostNetworks.add(svi.network);
        push(sviCarriers, svi.network, d.index);
      });
    }
  }
  for (const [key, devices] of addresses) {
    if (devices.size < 2) continue;
    const [network = '', address = ''] = key.split('\u0000');
    f.add(V.sessionAddressClash, { device: [...devices][1], at: [`network:${network}.bgp_hosts`, `network:${network}`] }, network, address, listNames([...devices].sort()));
  }

  if (hostNetworks.size > 0) {
    checkListeners(ctx, f, hostNetworks, listeners, sviCarriers);
    checkAccepts(ctx, f, accepts);
    checkSame(ctx, f, asns, ctx.declared?.hostAsns, 'asn', V.hostAsnDiffers, V.hostAsnNotDeclared);
    checkSame(ctx, f, limits, ctx.declared?.hostMaxPrefixes, 'max_prefixes', V.hostLimitDiffers, V.hostLimitNotDeclared);
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

/**
 * On an FRR leaf, a session address that answers ARP with the anycast gateway's MAC, in a VLAN an
 * Ethernet segment carries: the SVI (the Linux bridge) holds the session address but no gateway
 * device of its own, or keeps the anycast MAC beside one. A dual-homed host's packets for this
 * leaf's session address that its bond sends to the other leaf are then that leaf's to route, not
 * to bridge here, and the session fails (the lab showed it, and a packet loop in the leaf's kernel).
 */
function sessionBehindAnycastMac(m: DeviceModel, vlan: number): string | undefined {
  const bridge = m.linux?.bridges.find((b) => b.vlan === vlan);
  if (bridge === undefined || (bridge.sessionAddress ?? null) === null) return undefined;
  const anycast = m.anycastGateway?.mac.toLowerCase();
  const onGateway = (bridge.gateway ?? null) !== null;
  if (onGateway && bridge.mac.toLowerCase() !== anycast) return undefined;
  const segment = m.interfaces.lags.find((l) => l.segment !== null && l.vlans.includes(vlan));
  if (segment === undefined) return undefined;
  return onGateway
    ? `reach a session address, ${bridge.sessionAddress}, that ARP answers with the anycast gateway's MAC: the Linux bridge ${bridge.name} keeps ${bridge.mac} beside its gateway device ${bridge.gateway ?? ''}, so a packet of a host on ${segment.name}'s segment for this leaf's session address that reaches the other leaf is routed there, not bridged here`
    : `reach a session address, ${bridge.sessionAddress}, that ARP answers with the anycast gateway's MAC: the Linux bridge ${bridge.name} holds it beside the gateway ${bridge.address ?? ''} with no gateway device (linux.bridges[].gateway), so a packet of a host on ${segment.name}'s segment for this leaf's session address that reaches the other leaf is routed there, not bridged here`;
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
    const shared = sessionBehindAnycastMac(m, svi.vlan);
    if (shared !== undefined) problems.push(shared);
  }
  const group = m.bgp.vrfs.find((v) => v.vrf === vrf)?.peerGroups.find((g) => g.name === r.peerGroup);
  if (group === undefined) {
    problems.push(`name peer group ${r.peerGroup}, which the VRF does not define`);
  } else {
    const inbound = routeMapView(m.routingPolicy, group.routeMapIn);
    if ('missing' in inbound) {
      problems.push(
        inbound.empty === true
          ? `accept through ${inbound.missing}, which has no entry a device takes (none, or each with an le outside its prefix length..32): the route map names a list the device lacks, and what it lets through then depends on the platform`
          : `have no inbound filter (${inbound.missing} is missing): hosts could announce anything`,
      );
    }
    else if ('all' in inbound && inbound.all) problems.push('accept every route the hosts announce');
    // bgp_hosts accepts at least one pool: a filter that admits nothing (a deny-all route map, a
    // list of deny entries) takes every route of every host away, on every leaf alike, which the
    // comparison between leaves (CLOS5248) cannot see.
    else if ('ranges' in inbound && inbound.ranges.length === 0) problems.push(`accept nothing the hosts announce: ${group.routeMapIn} admits no prefix`);
    // A deny before each permit (first match wins) may take all of them: nothing is admitted for certain.
    else if ('ranges' in inbound && certainRanges(inbound.ranges).length === 0)
      problems.push(`may accept nothing the hosts announce: ${group.routeMapIn} denies before each of its permits (${rangesText(inbound.ranges)})`);
    const outbound = routeMapView(m.routingPolicy, group.routeMapOut);
    if ('missing' in outbound) problems.push(`have no outbound filter (${outbound.missing} is missing)`);
    else if ('all' in outbound && outbound.all) f.add(V.hostsGetRoutes, { device: m.name, at }, m.name, r.network, 'every route of the VRF');
    else if ('ranges' in outbound && outbound.ranges.length > 0) f.add(V.hostsGetRoutes, { device: m.name, at }, m.name, r.network, listNames(outbound.ranges.map((x) => x.text), 3, false));
    const bfdWhy = bfdProblem(group.bfd, m, 'many');
    if (bfdWhy !== undefined) f.add(V.listenRangeBroken, { device: m.name, at }, m.name, r.network, bfdWhy);
  }
  for (const why of problems) f.add(V.listenRangeBroken, { device: m.name, at }, m.name, r.network, why);
  return problems.length === 0;
}

/**
 * Every leaf carrying a network whose hosts speak BGP listens for them. The leaves carrying a
 * network come from the VNI index (its L2VNI), one entry per VNI: the networks without hosts cost a
 * set lookup each.
 */
function checkListeners(ctx: VerifyContext, f: Findings, hostNetworks: ReadonlySet<string>, listeners: ReadonlyMap<string, ReadonlySet<number>>, sviCarriers: ReadonlyMap<string, readonly number[]>): void {
  const carriers = new Map<string, Map<number, number | undefined>>();
  const carry = (network: string, device: number, vni: number | undefined): void => {
    let m = carriers.get(network);
    if (m === undefined) carriers.set(network, (m = new Map<number, number | undefined>()));
    if (!m.has(device) || vni !== undefined) m.set(device, vni);
  };
  ctx.vnis.byVni.forEach((uses, vni) => {
    const first = uses[0];
    if (first === undefined || (ctx.vnis.uniform.has(vni) && !(first.kind === 'l2' && hostNetworks.has(first.name)))) return;
    for (const u of uses) if (u.kind === 'l2' && hostNetworks.has(u.name)) carry(u.name, u.device, vni);
  });
  sviCarriers.forEach((devices, network) => {
    for (const d of devices) carry(network, d, undefined);
  });
  for (const [network, byDevice] of carriers) {
    const listening = listeners.get(network);
    for (const [device, vni] of byDevice) {
      if (listening?.has(device) === true) continue;
      const m = ctx.fg.devices[device]?.model;
      const svi = m?.interfaces.svis.find((s) => s.network === network);
      const what = [
        ...(vni === undefined ? [] : [`VLAN ${svi?.vlan ?? m?.vxlan?.l2vnis.find((v) => v.vni === vni)?.vlan ?? '?'}, VNI ${vni}`]),
        ...(svi === undefined ? [] : [`SVI ${svi.name}${svi.sessionAddress === null ? '' : ` with session address ${svi.sessionAddress}`}`]),
      ].join(', ');
      const name = nameOf(ctx, device);
      f.add(V.hostsNotListened, { device: name, at: [`network:${network}.bgp_hosts`, `network:${network}`, ...keysOf(ctx, device)] }, name, network, what);
    }
  }
}

/**
 * Every leaf of a network accepts the same prefixes from its hosts; on an intent, exactly the
 * declared ones (then each leaf that differs is a finding, and their disagreement says nothing more).
 */
function checkAccepts(ctx: VerifyContext, f: Findings, accepts: ReadonlyMap<string, ReadonlyMap<string, { text: string; leaves: readonly number[] }>>): void {
  const declared = ctx.declared?.hostAccepts;
  for (const [network, byKey] of accepts) {
    const at = [`network:${network}.bgp_hosts`, `network:${network}`];
    const intent = declared?.get(network);
    if (intent !== undefined) {
      const want = declaredRanges(intent);
      const key = rangesKey(want);
      for (const [k, { text, leaves }] of byKey) {
        if (k === key) continue;
        for (const l of leaves) {
          const name = nameOf(ctx, l);
          const keys = intent.map((p) => `network:${network}.bgp_hosts.accept.${p}`);
          f.add(V.hostAcceptNotDeclared, { device: name, at: [...keys, ...at] }, name, network, text, rangesText(want));
        }
      }
      continue;
    }
    if (byKey.size < 2) continue;
    const variants = [...byKey.values()].sort((a, b) => b.leaves.length - a.leaves.length || (a.text < b.text ? -1 : 1));
    const detail = variants.map((v) => `${v.text} on ${listNames(v.leaves.map((l) => nameOf(ctx, l)), 3)}`).join('; ');
    const odd = variants.at(-1)?.leaves[0] ?? 0;
    f.add(V.hostAcceptDiffers, { device: nameOf(ctx, odd), at }, network, detail);
  }
}

/**
 * Every leaf of a network expects its hosts in one ASN and accepts as many prefixes from each (a
 * host has one ASN, `bgp_hosts.asn`, and one limit, `max_prefixes`); on an intent, the declared
 * value (then each leaf that differs is a finding, as for the accept lists).
 */
function checkSame(
  ctx: VerifyContext,
  f: Findings,
  values: ReadonlyMap<string, ReadonlyMap<number, readonly number[]>>,
  declared: ReadonlyMap<string, number> | undefined,
  key: string,
  differs: typeof V.hostAsnDiffers,
  notDeclared: typeof V.hostAsnNotDeclared,
): void {
  for (const [network, byValue] of values) {
    const at = [`network:${network}.bgp_hosts`, `network:${network}`];
    const intent = declared?.get(network);
    if (intent !== undefined) {
      for (const [value, leaves] of byValue) {
        if (value === intent) continue;
        for (const l of [...new Set(leaves)]) f.add(notDeclared, { device: nameOf(ctx, l), at: [`network:${network}.bgp_hosts.${key}`, ...at] }, nameOf(ctx, l), network, value, intent);
      }
      continue;
    }
    if (byValue.size < 2) continue;
    const variants = [...byValue].map(([value, leaves]) => ({ value, leaves: [...new Set(leaves)] })).sort((a, b) => b.leaves.length - a.leaves.length || a.value - b.value);
    const detail = variants.map((v) => `${v.value} on ${listNames(v.leaves.map((l) => nameOf(ctx, l)), 3)}`).join('; ');
    const odd = variants.at(-1)?.leaves[0] ?? 0;
    f.add(differs, { device: nameOf(ctx, odd), at }, network, detail);
  }
}

function tally(map: Map<string, Map<number, number[]>>, network: string, value: number, device: number): void {
  let byValue = map.get(network);
  if (byValue === undefined) map.set(network, (byValue = new Map<number, number[]>()));
  push(byValue, value, device);
}

/** The ranges a declared accept list stands for: each prefix with every longer one inside it. */
function declaredRanges(cidrs: readonly string[]): PrefixRange[] {
  const out: PrefixRange[] = [];
  for (const c of cidrs) {
    const prefix = parseCidr(c);
    if (prefix !== undefined) out.push({ prefix, le: 32, text: `${formatAddress(prefix.base)}/${prefix.length}${prefix.length < 32 ? ' le 32' : ''}` });
  }
  return out;
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** FRR's limit on dynamic neighbours per BGP instance when `bgp listen limit` is not configured. */
export const frrDefaultListenLimit = 100;

/**
 * CLOS5250: an FRR leaf refuses host sessions beyond its listen limit (FRR's default 100 when the
 * model sets none), counted across every listen range of the VRF's instance.
 */
function checkListenLimit(f: Findings, model: DeviceModel, v: DeviceModel['bgp']['vrfs'][number], at: readonly string[]): void {
  let hosts = 0;
  for (const r of v.listenRanges) {
    const prefix = parseCidr(r.prefix);
    if (prefix !== undefined) hosts += hostAddressCount(prefix.size);
  }
  const limit = v.listenLimit ?? frrDefaultListenLimit;
  if (limit >= Math.min(hosts, maxListenLimit)) return;
  const given = v.listenLimit === null ? `FRR's default of ${frrDefaultListenLimit}, as the model sets no bgp listen limit` : `its bgp listen limit`;
  f.add(V.hostSessionsCapped, { device: model.name, at: [...mapList(v.listenRanges, (r) => `network:${r.network}.bgp_hosts`), ...at] }, model.name, v.vrf, limit, given, hosts, listNames(mapList(v.listenRanges, (r) => r.prefix)));
}
