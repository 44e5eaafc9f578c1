/**
 * The way out (`vrfs[].external`): border leaves, their routed hand-off sub-interfaces, the
 * external ASNs, what each VRF accepts from outside and announces to it. Also the accept pools of
 * `networks[].bgp_hosts`, which every prefix rule here must respect.
 *
 * The rules, each its own code: a transit subnet is a fabric-unique /31 overlapping no pool and no
 * subnet or host pool of its VRF (CLOS3120, CLOS3123); a hand-off port is no uplink (CLOS3011) and
 * no server port (CLOS3121), and a VLAN is used once per port (CLOS3122); an external ASN is none
 * of the fabric's (CLOS3124); an accept entry other than the default route overlaps no pool, no
 * subnet or host pool of any VRF and no transit (CLOS3125); an aggregate is not the default route
 * (CLOS3127), overlaps no pool, transit, accept entry, or subnet or host pool of another VRF
 * (CLOS3126), and covers a subnet or host pool of its own VRF (CLOS3128); two VRFs announcing
 * overlapping prefixes outside draw a warning (CLOS3129), and so does a VRF whose `advertise:
 * subnets` finds no routed subnet or host pool to announce (CLOS3130).
 */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { IntentExternalPeer } from '../load/intent-types.js';
import type { ResolveContext } from './context.js';
import { byName, compareNatural } from '../shared/natural-order.js';
import type { LeafBase } from './devices.js';
import type { AnnouncedPrefix, FabricSettings, Prefix, ResolvedExternal, ResolvedExternalPeer } from './fabric-model.js';
import { checkedPrefix, formatAddress, nonInterfaceBlock, prefixesOverlap } from '../shared/ipv4.js';
import { unknownLeafHint } from './name-hints.js';
import { checkAsn } from './settings.js';
import type { NetworkBase, VrfBase } from './tenants.js';
import type { UplinkPort } from './cabling.js';
import { mapList } from '../shared/lists.js';

/** Defaults of `external`. */
export const externalDefaults = { accept: ['0.0.0.0/0'], advertise: 'subnets', maxPrefixes: 1000 } as const;

/** A prefix the fabric owns, with the words that name it in a message. */
export interface OwnedPrefix {
  readonly prefix: Prefix;
  readonly what: string;
  /** The VRF it routes in; undefined for the underlay pools. */
  readonly vrf: string | undefined;
  readonly kind: 'pool' | 'subnet' | 'host-pool' | 'transit';
  /** The network of a subnet or host pool. */
  readonly network?: string;
  readonly span: () => Span | undefined;
}

export interface ExternalInputs {
  readonly settings: FabricSettings;
  readonly leaves: readonly LeafBase[];
  readonly vrfs: readonly VrfBase[];
  readonly networks: readonly NetworkBase[];
  readonly uplinkPorts: ReadonlyMap<string, ReadonlyMap<number, UplinkPort>>;
  /** Ports kept for spines not built yet (cabling.ts futureUplinks). */
  readonly futureUplinks: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Leaf → port → the server attached to it. */
  readonly serverPorts: ReadonlyMap<string, ReadonlyMap<number, string>>;
  readonly known: { readonly spines: ReadonlySet<string>; readonly leaves: ReadonlySet<string>; readonly tags: ReadonlySet<string> };
}

export interface ExternalsResult {
  /** VRF name → its way out. */
  readonly externals: ReadonlyMap<string, ResolvedExternal>;
  /** Leaf name → the VRFs it hands off. */
  readonly borderVrfs: ReadonlyMap<string, readonly string[]>;
  /** Every prefix of the fabric (pools, subnets, host pools, transits), for the host pool rules. */
  readonly owned: readonly OwnedPrefix[];
}

/** The VRF's subnet and host pool prefixes, parsed from a network's intent (host bits reported by bgp-hosts.ts). */
export function hostPoolsOf(network: NetworkBase): Prefix[] {
  const out: Prefix[] = [];
  for (const p of network.intent.bgp_hosts?.accept ?? []) {
    const prefix = checkedPrefix(p);
    if (prefix.cidr === p) out.push(prefix);
  }
  return out;
}

export function describePeer(vrf: string, peer: IntentExternalPeer): string {
  return `the external peer of VRF '${vrf}' on ${peer.leaf} ${peer.port}.${peer.vlan}`;
}

export function resolveExternals(ctx: ResolveContext, input: ExternalInputs): ExternalsResult {
  const { settings, leaves, vrfs, networks } = input;
  const leafByName = new Map(mapList(leaves, (l) => [l.name, l]));
  const owned: OwnedPrefix[] = [];
  for (const name of ['loopback', 'vtep', 'p2p'] as const) {
    owned.push({ prefix: settings.pools[name], what: `the ${name} pool ${settings.pools[name].cidr}`, vrf: undefined, kind: 'pool', span: () => ctx.provenance.get(`fabric.pools.${name}`) });
  }
  for (const n of networks) {
    if (n.subnet !== undefined) {
      owned.push({ prefix: n.subnet.prefix, what: `subnet ${n.subnet.prefix.cidr} of network '${n.name}' (VRF '${n.vrf}')`, vrf: n.vrf, kind: 'subnet', network: n.name, span: () => ctx.at(n.intent, 'subnet') });
    }
    const accept = n.intent.bgp_hosts?.accept ?? [];
    for (const prefix of hostPoolsOf(n)) {
      const i = accept.indexOf(prefix.cidr);
      owned.push({ prefix, what: `host pool ${prefix.cidr} of network '${n.name}' (VRF '${n.vrf}')`, vrf: n.vrf, kind: 'host-pool', network: n.name, span: () => ctx.at(accept, i) });
    }
  }

  // Fabric ASNs, for the external ASN rule.
  const fabricAsns = new Map<number, string>([[settings.spineAsn, 'the spine ASN']]);
  for (const l of [...leaves].sort((a, b) => a.id - b.id)) if (!fabricAsns.has(l.asn)) fabricAsns.set(l.asn, `the ASN of leaf '${l.name}'`);

  // Peers: leaf, port, VLAN and the transit /31.
  const usedSubinterfaces = new Map<string, { vrf: string; peer: IntentExternalPeer }>();
  /** Hand-off ports that are server ports (CLOS3121): `<leaf>:<port>` → its first hand-off in the intent. */
  const serverPortHandOffs = new Map<string, { peer: IntentExternalPeer; server: string }>();
  const transits: { prefix: Prefix; vrf: string; peer: IntentExternalPeer }[] = [];
  const peersByVrf = new Map<string, ResolvedExternalPeer[]>();
  const withExternal = vrfs.flatMap((vrf) => (vrf.intent.external === undefined ? [] : [{ vrf, external: vrf.intent.external }]));
  for (const { vrf, external } of withExternal) {
    ctx.remember(`vrf:${vrf.name}.external`, () => ctx.keySpan(vrf.intent, 'external'));
    if (external.accept !== undefined) ctx.rememberAt(['vrf:', vrf.name, '.accept'], external, 'accept');
    if (external.advertise !== undefined) ctx.rememberAt(['vrf:', vrf.name, '.advertise'], external, 'advertise');
    const peers: ResolvedExternalPeer[] = [];
    for (const peer of external.peers) {
      ctx.rememberAt(['peer:', peer.leaf, ':', `${peer.port}.${peer.vlan}`], peer);
      ctx.rememberAt(['peer:', peer.leaf, ':', `${peer.port}.${peer.vlan}.subnet`], peer, 'subnet');
      const what = describePeer(vrf.name, peer);
      let ok = true;
      const leaf = leafByName.get(peer.leaf);
      if (leaf === undefined) {
        if (!input.known.leaves.has(peer.leaf)) ctx.report(R.unknownLeaf, { span: ctx.at(peer, 'leaf'), hint: unknownLeafHint(ctx, peer.leaf, input.known, 'external peers are handed off on leaves (border leaves), never on a spine') }, peer.leaf);
        ok = false;
      } else {
        const keptFor = input.futureUplinks.get(peer.leaf)?.get(peer.port);
        if (keptFor !== undefined) {
          ctx.report(R.portKeptForSpine, { span: ctx.at(peer, 'port'), device: peer.leaf, hint: 'hand off on a port outside the uplink range (uplink_port to uplink_port + max_spines - 1), or lower fabric.max_spines if the fabric will never have that spine' }, peer.leaf, peer.port, `the hand-off of ${what}`, keptFor, input.settings.maxSpines);
        }
        const uplink = input.uplinkPorts.get(peer.leaf)?.get(peer.port);
        if (uplink !== undefined) {
          ctx.report(
            R.portIsUplink,
            { span: ctx.at(peer, 'port'), device: peer.leaf, related: uplink.span === undefined ? [] : [ctx.related(`uplink to '${uplink.spine}'`, uplink.span)] },
            peer.leaf,
            peer.port,
            uplink.spine,
          );
          ok = false;
        }
        const server = input.serverPorts.get(peer.leaf)?.get(peer.port);
        if (server !== undefined) {
          // Reported once per port (below), at the hand-off the intent writes first: several VRFs may share the port.
          const port = `${peer.leaf}:${peer.port}`;
          const seen = serverPortHandOffs.get(port);
          if (seen === undefined || isBefore(ctx.at(peer, 'port'), ctx.at(seen.peer, 'port'))) serverPortHandOffs.set(port, { peer, server });
          ok = false;
        }
        const key = `${peer.leaf}:${peer.port}.${peer.vlan}`;
        const prev = usedSubinterfaces.get(key);
        if (prev !== undefined) {
          // VRFs come by name: reported at whichever of the two the intent writes later.
          const [first, later] = isBefore(ctx.at(peer, 'vlan'), ctx.at(prev.peer, 'vlan')) ? [{ vrf: vrf.name, peer }, prev] : [prev, { vrf: vrf.name, peer }];
          ctx.report(
            R.subinterfaceReused,
            { span: ctx.at(later.peer, 'vlan'), device: peer.leaf, related: [ctx.related(`hand-off of VRF '${first.vrf}'`, ctx.at(first.peer, 'vlan'))] },
            peer.leaf,
            peer.port,
            peer.vlan,
            `VRF '${first.vrf}'`,
          );
          ok = false;
        } else {
          usedSubinterfaces.set(key, { vrf: vrf.name, peer });
        }
      }
      if (!checkAsn(ctx, peer.asn, () => ctx.at(peer, 'asn'), false)) ok = false;
      const owner = fabricAsns.get(peer.asn);
      if (owner !== undefined) {
        ctx.report(R.externalAsnIsFabricAsn, { span: ctx.at(peer, 'asn') }, peer.asn, what, owner);
        ok = false;
      }
      const subnet = checkedPrefix(peer.subnet);
      const special = nonInterfaceBlock(subnet);
      if (subnet.cidr !== peer.subnet) {
        ctx.report(R.subnetHostBits, { span: ctx.at(peer, 'subnet') }, peer.subnet, subnet.cidr);
        ok = false;
      } else if (subnet.length !== 31) {
        ctx.report(R.transitNot31, { span: ctx.at(peer, 'subnet') }, peer.subnet, what);
        ok = false;
      } else if (special !== undefined) {
        ctx.report(R.prefixNotForInterfaces, { span: ctx.at(peer, 'subnet') }, 'transit subnet', peer.subnet, what, special.cidr, special.purpose);
        ok = false;
      } else {
        for (const o of owned) {
          if (o.vrf !== undefined && o.vrf !== vrf.name) continue;
          if (prefixesOverlap(subnet, o.prefix)) {
            ctx.report(R.transitOverlap, { span: ctx.at(peer, 'subnet'), related: [ctx.related(o.what, o.span)] }, subnet.cidr, what, o.what);
            ok = false;
          }
        }
        const clash = transits.find((t) => prefixesOverlap(t.prefix, subnet));
        if (clash !== undefined) {
          const other = `transit subnet ${clash.prefix.cidr} of ${describePeer(clash.vrf, clash.peer)}`;
          ctx.report(R.transitOverlap, { span: ctx.at(peer, 'subnet'), related: [ctx.related(other, ctx.at(clash.peer, 'subnet'))] }, subnet.cidr, what, other);
          ok = false;
        } else {
          transits.push({ prefix: subnet, vrf: vrf.name, peer });
        }
      }
      if (!ok || leaf === undefined) continue;
      peers.push({ leaf: leaf.name, port: peer.port, vlan: peer.vlan, subnet, leafAddress: formatAddress(subnet.base), peerAddress: formatAddress(subnet.base + 1), asn: peer.asn });
    }
    const idOf = (name: string): number => leafByName.get(name)?.id ?? 0;
    peers.sort((a, b) => idOf(a.leaf) - idOf(b.leaf) || compareNatural(a.leaf, b.leaf) || a.port - b.port || a.vlan - b.vlan);
    peersByVrf.set(vrf.name, peers);
  }
  for (const { peer, server } of serverPortHandOffs.values()) {
    ctx.report(R.externalPortIsServerPort, { span: ctx.at(peer, 'port'), device: peer.leaf, related: [ctx.related(`server '${server}'`, ctx.provenance.get(`server:${server}`))] }, peer.leaf, peer.port, server);
  }
  for (const t of transits) {
    owned.push({ prefix: t.prefix, what: `transit subnet ${t.prefix.cidr} of ${describePeer(t.vrf, t.peer)}`, vrf: t.vrf, kind: 'transit', span: () => ctx.at(t.peer, 'subnet') });
  }

  // What each VRF accepts and announces.
  const externals = new Map<string, ResolvedExternal>();
  const announcedBy: { vrf: VrfBase; announced: AnnouncedPrefix; span: () => Span | undefined }[] = [];
  for (const { vrf, external } of withExternal) {
    let ok = true;
    const accept: Prefix[] = [];
    const acceptList = external.accept ?? externalDefaults.accept;
    for (const [i, p] of acceptList.entries()) {
      const span = (): Span | undefined => (external.accept === undefined ? ctx.at(vrf.intent, 'external') : ctx.at(acceptList, i));
      const prefix = checkedPrefix(p);
      if (prefix.cidr !== p) {
        ctx.report(R.subnetHostBits, { span }, p, prefix.cidr);
        ok = false;
        continue;
      }
      if (prefix.length > 0) {
        for (const o of owned) {
          if (!prefixesOverlap(prefix, o.prefix)) continue;
          ctx.report(R.acceptOverlapsFabric, { span, related: [ctx.related(o.what, o.span)] }, prefix.cidr, vrf.name, o.what);
          ok = false;
        }
      }
      accept.push(prefix);
    }
    accept.sort(comparePrefixes);

    const own = owned.filter((o) => o.vrf === vrf.name && (o.kind === 'subnet' || o.kind === 'host-pool'));
    const advertise = external.advertise ?? externalDefaults.advertise;
    const aggregates: Prefix[] = [];
    let announced: AnnouncedPrefix[] = [];
    if (Array.isArray(advertise)) {
      const list = advertise as readonly string[];
      for (const [i, p] of list.entries()) {
        const span = (): Span | undefined => ctx.at(list, i);
        ctx.rememberAt(['vrf:', vrf.name, '.advertise.', p], list, i);
        const prefix = checkedPrefix(p);
        if (prefix.cidr !== p) {
          ctx.report(R.subnetHostBits, { span }, p, prefix.cidr);
          ok = false;
          continue;
        }
        if (prefix.length === 0) {
          ctx.report(R.aggregateIsDefault, { span }, vrf.name);
          ok = false;
          continue;
        }
        let fine = true;
        for (const o of owned) {
          if (o.vrf === vrf.name && o.kind !== 'transit') continue;
          if (!prefixesOverlap(prefix, o.prefix)) continue;
          ctx.report(R.aggregateOverlapsFabric, { span, related: [ctx.related(o.what, o.span)] }, prefix.cidr, vrf.name, o.what);
          fine = false;
        }
        for (const a of accept) {
          if (a.length === 0 || !prefixesOverlap(prefix, a)) continue;
          ctx.report(R.aggregateOverlapsFabric, { span }, prefix.cidr, vrf.name, `accept entry ${a.cidr} of the same VRF: a route learned outside would be announced back`);
          fine = false;
        }
        if (fine && !own.some((o) => prefixesOverlap(o.prefix, prefix) && o.prefix.length >= prefix.length)) {
          ctx.report(R.aggregateCoversNothing, { span }, prefix.cidr, vrf.name);
          fine = false;
        }
        if (!fine) ok = false;
        aggregates.push(prefix);
      }
      aggregates.sort(comparePrefixes);
      announced = mapList(aggregates, (prefix) => ({ prefix, exact: true }));
    } else if (advertise === 'subnets') {
      announced = mapList(own, (o) => ({ prefix: o.prefix, exact: o.kind === 'subnet' }));
      announced.sort((a, b) => comparePrefixes(a.prefix, b.prefix) || Number(b.exact) - Number(a.exact));
      announced = announced.filter((a, i) => i === 0 || comparePrefixes(announced[i - 1]?.prefix ?? a.prefix, a.prefix) !== 0 || announced[i - 1]?.exact !== a.exact);
      if (announced.length === 0) {
        // No routed subnet and no host pool (no networks, or layer-2 ones only): the borders
        // announce nothing, built exactly as `advertise: none` (routing-policy.ts).
        const span = (): Span | undefined => (external.advertise === undefined ? ctx.keySpan(vrf.intent, 'external') : ctx.at(external, 'advertise'));
        ctx.report(R.externalAnnouncesNothing, { span, hint: "give a network of the VRF a subnet, or write 'advertise: none' to say the VRF announces nothing" }, vrf.name);
      }
    }
    for (const a of announced) {
      const span = (): Span | undefined => (Array.isArray(advertise) ? ctx.at(advertise, (advertise as readonly string[]).indexOf(a.prefix.cidr)) : ctx.at(vrf.intent, 'external'));
      announcedBy.push({ vrf, announced: a, span });
    }
    if (!ok) continue;
    externals.set(vrf.name, {
      peers: peersByVrf.get(vrf.name) ?? [],
      accept,
      advertise: Array.isArray(advertise) ? 'aggregates' : (advertise as 'subnets' | 'none'),
      aggregates,
      announced,
      maxPrefixes: external.max_prefixes ?? externalDefaults.maxPrefixes,
    });
  }
  reportAnnouncedOverlaps(ctx, announcedBy);

  const borderVrfs = new Map<string, string[]>();
  for (const [vrf, ext] of externals) {
    for (const p of ext.peers) {
      const list = borderVrfs.get(p.leaf) ?? [];
      if (!list.includes(vrf)) list.push(vrf);
      borderVrfs.set(p.leaf, list);
    }
  }
  for (const list of borderVrfs.values()) list.sort();
  return { externals, borderVrfs, owned };
}

/** Two VRFs announcing overlapping prefixes outside: one warning per pair of VRFs (a sweep over sorted prefixes). */
function reportAnnouncedOverlaps(ctx: ResolveContext, all: { vrf: VrfBase; announced: AnnouncedPrefix; span: () => Span | undefined }[]): void {
  const sorted = [...all].sort((a, b) => a.announced.prefix.base - b.announced.prefix.base || a.announced.prefix.length - b.announced.prefix.length || byName(a.vrf, b.vrf));
  const reported = new Set<string>();
  const open: typeof sorted = [];
  for (const cur of sorted) {
    const p = cur.announced.prefix;
    for (let i = open.length - 1; i >= 0; i--) {
      const o = open[i];
      if (o !== undefined && o.announced.prefix.base + o.announced.prefix.size <= p.base) open.splice(i, 1);
    }
    for (const o of open) {
      if (o.vrf.name === cur.vrf.name || !prefixesOverlap(o.announced.prefix, p)) continue;
      const pair = [o.vrf.name, cur.vrf.name].sort().join('\u0000');
      if (reported.has(pair)) continue;
      reported.add(pair);
      ctx.report(
        R.announcedOverlap,
        { span: cur.span, related: [ctx.related(`announced by VRF '${o.vrf.name}'`, o.span)] },
        p.cidr,
        cur.vrf.name,
        o.announced.prefix.cidr,
        o.vrf.name,
      );
    }
    open.push(cur);
  }
}

function isBefore(a: Span | undefined, b: Span | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.file !== b.file) return a.file < b.file;
  return a.line < b.line || (a.line === b.line && a.col < b.col);
}

export function comparePrefixes(a: Prefix, b: Prefix): number {
  return a.base - b.base || a.length - b.length;
}
