/**
 * Placement: which leaves carry which networks (selectors `all`, a leaf name, `tag:<tag>`, plus
 * every network a server on the leaf uses), and the per-leaf rules that follow: one network per
 * VLAN, L3VNI transit VLANs free where the leaf's platform renders them (FRR, NX-OS; EOS picks its
 * own), no VLAN the leaf's platform keeps for itself (the trunk native VLAN on EOS and NX-OS, EOS's
 * internal range, NX-OS's reserved VLANs), the VRFs a leaf needs.
 */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { ResolveContext } from './context.js';
import { byName } from '../shared/natural-order.js';
import type { LeafBase } from './devices.js';
import type { ServerBase } from './servers.js';
import type { NetworkBase, VrfBase } from './tenants.js';
import type { FabricSettings, Platform, ServerPort, StretchedNetworks } from './fabric-model.js';
import { unknownLeafHint } from './name-hints.js';
import { nxosReservedVlans } from './settings.js';
import { mapList } from '../shared/lists.js';

export interface LeafPlacement {
  /** Networks carried, sorted by VLAN then name. */
  readonly networks: readonly NetworkBase[];
  /** VRFs with at least one routed network on the leaf, or handed off there, sorted by name. */
  readonly vrfs: readonly VrfBase[];
  readonly serverPorts: readonly ServerPort[];
}

export interface PlacementResult {
  readonly perLeaf: ReadonlyMap<string, LeafPlacement>;
  /** Networks a server's `label:` selector carried onto its leaf outside their `leaves` placement. */
  readonly stretched: readonly StretchedNetworks[];
  /** Network name → leaves that carry it, sorted by id. */
  readonly carriers: ReadonlyMap<string, readonly string[]>;
}

export function resolvePlacement(
  ctx: ResolveContext,
  settings: FabricSettings,
  leaves: readonly LeafBase[],
  networks: readonly NetworkBase[],
  vrfs: readonly VrfBase[],
  servers: readonly ServerBase[],
  /** Every name in the intent, including ones dropped after errors, so errors do not cascade. */
  known: { readonly spines: ReadonlySet<string>; readonly leaves: ReadonlySet<string>; readonly tags: ReadonlySet<string> },
  /** Leaf → the VRFs it hands off to external routers (a border leaf carries them without a network). */
  borderVrfs: ReadonlyMap<string, readonly string[]> = new Map(),
): PlacementResult {
  const knownLeaves = known.leaves;
  const knownTags = known.tags;
  const leafOrder = new Map(mapList(leaves, (l, i) => [l.name, i]));
  const byTag = new Map<string, LeafBase[]>();
  for (const leaf of leaves) {
    for (const tag of leaf.intent.tags ?? []) {
      const list = byTag.get(tag) ?? [];
      list.push(leaf);
      byTag.set(tag, list);
    }
  }
  // Which leaf carries which network: one bit per (leaf, network) pair, by index. A thousand
  // leaves with 200 of 4,000 networks each made 200,000 string-set insertions and as many sorted
  // entries; bits give each leaf's networks and each network's leaves in their final order.
  const networkIndex = new Map(mapList(networks, (n, i) => [n.name, i]));
  const words = Math.ceil(networks.length / 32);
  const carried = new Uint32Array(leaves.length * words);
  const add = (leaf: string, network: string): void => {
    const l = leafOrder.get(leaf);
    const n = networkIndex.get(network);
    if (l === undefined || n === undefined) return;
    const w = l * words + (n >>> 5);
    carried[w] = (carried[w] ?? 0) | (1 << (n & 31));
  };
  const carries = (l: number, n: number): boolean => ((carried[l * words + (n >>> 5)] ?? 0) & (1 << (n & 31))) !== 0;

  for (const network of networks) {
    const selectors = network.intent.leaves ?? ['all'];
    const hasAll = selectors.includes('all');
    selectors.forEach((sel, i) => {
      const span = (): Span | undefined => (network.intent.leaves !== undefined ? ctx.at(network.intent.leaves, i) : ctx.at(network.intent, 'name'));
      if (sel === 'all') {
        for (const leaf of leaves) add(leaf.name, network.name);
        return;
      }
      if (hasAll) {
        ctx.report(R.duplicatePlacement, { span }, network.name, sel);
      }
      if (sel.startsWith('tag:')) {
        const tag = sel.slice(4);
        const matched = byTag.get(tag);
        if (matched === undefined) {
          if (!knownTags.has(tag)) ctx.report(R.unknownTag, { span, hint: ctx.suggest(tag, knownTags) }, tag);
          return;
        }
        for (const leaf of matched) add(leaf.name, network.name);
        return;
      }
      if (!leafOrder.has(sel)) {
        if (!knownLeaves.has(sel)) ctx.report(R.unknownLeaf, { span, hint: unknownLeafHint(ctx, sel, known) }, sel);
        return;
      }
      add(sel, network.name);
    });
  }
  // A leaf carries every network a server on it uses. A network a server names is on its leaf by
  // that name; one a `label:` selector brought there, outside its placement, is said (CLOS3056).
  const stretched: StretchedNetworks[] = [];
  const leafIndex = (name: string): number => leafOrder.get(name) ?? -1;
  for (const server of servers) {
    // The server's networks by index, looked up once for all its leaves.
    const indexes = mapList(server.networks, (n) => networkIndex.get(n.name));
    // Per leaf of the server (both leaves of an Ethernet segment carry its networks).
    for (const leaf of server.leaves) {
      const l = leafIndex(leaf);
      const bySelector = new Map<number, string[]>();
      if (server.viaLabel.size > 0) {
        server.networks.forEach((n, k) => {
          const i = indexes[k];
          const selector = server.viaLabel.get(n.name);
          if (selector !== undefined && l >= 0 && i !== undefined && !carries(l, i)) {
            const list = bySelector.get(selector) ?? [];
            list.push(n.name);
            bySelector.set(selector, list);
          }
        });
      }
      if (l >= 0) {
        for (const i of indexes) {
          if (i === undefined) continue;
          const w = l * words + (i >>> 5);
          carried[w] = (carried[w] ?? 0) | (1 << (i & 31));
        }
      }
      for (const [index, names] of [...bySelector].sort((a, b) => a[0] - b[0])) {
        const selector = server.intent.networks[index] ?? '';
        const sorted = names.sort();
        stretched.push({ server: server.name, selector, leaf, networks: sorted });
        ctx.report(
          R.networkStretchedByLabel,
          {
            span: () => ctx.at(server.intent.networks, index),
            device: leaf,
            hint: `to place them there on purpose, add '${leaf}' (or a tag it has) to their leaves; to keep them off it, name the networks this server needs instead of '${selector}'`,
          },
          server.name,
          selector,
          sorted.length === 1 ? `network '${sorted[0] ?? ''}'` : `networks ${mapList(sorted, (n) => `'${n}'`).join(', ')}`,
          leaf,
        );
      }
    }
  }

  // Network indexes by VLAN, then name: the order of every leaf's list, as each network's rank in it.
  const byVlanThenName = mapList(networks, (_, i) => i).sort((a, b) => {
    const x = networks[a];
    const y = networks[b];
    return x === undefined || y === undefined ? 0 : x.vlan - y.vlan || byName(x, y) || a - b;
  });
  const rank = new Int32Array(networks.length);
  byVlanThenName.forEach((i, r) => {
    rank[i] = r;
  });
  /** The networks leaf `l` carries (its set bits, not every network of the fabric), in byVlanThenName order. */
  const scratch = new Int32Array(networks.length);
  const carriedBy = (l: number): NetworkBase[] => {
    let k = 0;
    for (let w = 0; w < words; w++) {
      let bits = carried[l * words + w] ?? 0;
      while (bits !== 0) {
        const low = bits & -bits;
        scratch[k++] = rank[(w << 5) + 31 - Math.clz32(low)] ?? 0;
        bits ^= low;
      }
    }
    // Ranks are distinct small integers: a typed array sorts them natively.
    const ranks = scratch.subarray(0, k).sort();
    const list: NetworkBase[] = [];
    for (const r of ranks) {
      const n = networks[byVlanThenName[r] ?? -1];
      if (n !== undefined) list.push(n);
    }
    return list;
  };
  const vrfByName = new Map(mapList(vrfs, (v) => [v.name, v]));
  /** Where a VRF's transit VLAN is written: its `vlan`, or its name when the VLAN is the default. */
  const transitSpan = (v: VrfBase): Span | undefined => (v.intent.vlan !== undefined ? ctx.at(v.intent, 'vlan') : ctx.at(v.intent, 'name'));
  const portsByLeaf = new Map<string, ServerPort[]>();
  for (const server of servers) {
    const networks = mapList(server.networks, (n) => n.name);
    for (const { leaf, port } of server.attachments) {
      const list = portsByLeaf.get(leaf) ?? [];
      list.push({ port, server: server.name, mode: server.mode, networks, bond: server.bond, lag: server.lag });
      portsByLeaf.set(leaf, list);
    }
  }

  /** Conflicts aggregated per pair, so one clash on 500 leaves is one diagnostic. */
  const vlanClashes = new Map<string, { a: NetworkBase; b: NetworkBase; leaves: string[] }>();
  const l3Clashes = new Map<string, { vrf: VrfBase; other: string; otherSpan: ReturnType<ResolveContext['at']>; leaves: string[] }>();
  const reserved = new ReservedVlans(settings);
  const perLeaf = new Map<string, LeafPlacement>();
  leaves.forEach((leaf, l) => {
    const list = carriedBy(l);
    const byVlan = new Map<number, NetworkBase>();
    const kept: NetworkBase[] = [];
    for (const n of list) {
      const prev = byVlan.get(n.vlan);
      if (prev !== undefined) {
        const key = `${prev.name}\u0000${n.name}`;
        const clash = vlanClashes.get(key) ?? { a: prev, b: n, leaves: [] };
        clash.leaves.push(leaf.name);
        vlanClashes.set(key, clash);
        continue;
      }
      byVlan.set(n.vlan, n);
      kept.push(n);
    }
    const vrfNames = new Set<string>(borderVrfs.get(leaf.name));
    for (const n of kept) if (n.subnet !== undefined) vrfNames.add(n.vrf);
    const leafVrfs: VrfBase[] = [];
    const l3Vlans = new Map<number, VrfBase>();
    const rendersTransitVlan = leaf.platform !== 'eos';
    for (const n of kept) {
      // The description and the place are made only for a clash (200 networks on each of a thousand leaves).
      if (reserved.holds(leaf.platform, n.vlan, true)) reserved.check(leaf, `network '${n.name}'`, n.vlan, () => ctx.at(n.intent, 'vlan'), true);
    }
    for (const name of [...vrfNames].sort()) {
      const vrf = vrfByName.get(name);
      if (vrf === undefined) continue;
      if (!rendersTransitVlan) {
        // EOS allocates the L3VNI's VLAN itself: the transit VLAN is not on the leaf.
        leafVrfs.push(vrf);
        continue;
      }
      if (reserved.holds(leaf.platform, vrf.vlan, false)) reserved.check(leaf, `the L3VNI of VRF '${vrf.name}'`, vrf.vlan, () => (vrf.intent.vlan !== undefined ? ctx.at(vrf.intent, 'vlan') : ctx.at(vrf.intent, 'name')), false);
      const clashNet = byVlan.get(vrf.vlan);
      const clashVrf = l3Vlans.get(vrf.vlan);
      if (clashNet !== undefined || clashVrf !== undefined) {
        // Two VRFs: reported at the one written later in the intent, the one that made the clash
        // (VRFs are visited by name), so the hint never asks to renumber the VRF already deployed.
        const [blamed, first] = clashVrf !== undefined && isBefore(transitSpan(vrf), transitSpan(clashVrf)) ? [clashVrf, vrf] : [vrf, clashVrf];
        const other = clashNet !== undefined ? `network '${clashNet.name}'` : `the L3VNI of VRF '${first?.name ?? ''}'`;
        const otherSpan = clashNet !== undefined ? ctx.at(clashNet.intent, 'vlan') : first !== undefined ? transitSpan(first) : undefined;
        const key = `${blamed.name}\u0000${other}`;
        const clash = l3Clashes.get(key) ?? { vrf: blamed, other, otherSpan, leaves: [] };
        clash.leaves.push(leaf.name);
        l3Clashes.set(key, clash);
        continue;
      }
      l3Vlans.set(vrf.vlan, vrf);
      leafVrfs.push(vrf);
    }
    const ports = (portsByLeaf.get(leaf.name) ?? []).sort((a, b) => a.port - b.port);
    perLeaf.set(leaf.name, { networks: kept, vrfs: leafVrfs, serverPorts: ports });
  });

  for (const pair of vlanClashes.values()) {
    // Reported at the network written later in the intent: the one that made the VLAN clash.
    const clash = isBefore(ctx.at(pair.b.intent, 'vlan'), ctx.at(pair.a.intent, 'vlan')) ? { ...pair, a: pair.b, b: pair.a } : pair;
    ctx.report(
      R.vlanConflict,
      {
        span: ctx.at(clash.b.intent, 'vlan'),
        related: [ctx.related(`VLAN of network '${clash.a.name}'`, ctx.at(clash.a.intent, 'vlan'))],
        hint: clash.leaves.length > 1 ? `the clash is on ${clash.leaves.length} leaves: ${listSome(clash.leaves)}` : undefined,
        device: clash.leaves[0] ?? '',
      },
      clash.leaves[0] ?? '',
      clash.b.vlan,
      `network '${clash.a.name}'`,
      `network '${clash.b.name}'`,
    );
  }
  for (const clash of l3Clashes.values()) {
    const vrfSpan = transitSpan(clash.vrf);
    ctx.report(
      R.l3vniVlanConflict,
      {
        span: vrfSpan,
        related: [ctx.related(clash.other, clash.otherSpan)],
        hint:
          (clash.vrf.intent.vlan === undefined ? `the default is 2000 + (vrf id mod 997) = ${clash.vrf.vlan}; ` : '') +
          `the clash is on ${clash.leaves.length} lea${clash.leaves.length === 1 ? 'f' : 'ves'}: ${listSome(clash.leaves)}`,
      },
      clash.vrf.name,
      clash.vrf.vlan,
      clash.other,
    );
  }

  reserved.report(ctx, leaves);

  // Each network's leaves, in leaf order: the set bits of each leaf in turn.
  const carrierLists: string[][] = mapList(networks, () => []);
  leaves.forEach((leaf, l) => {
    for (let w = 0; w < words; w++) {
      let bits = carried[l * words + w] ?? 0;
      while (bits !== 0) {
        const low = bits & -bits;
        carrierLists[(w << 5) + 31 - Math.clz32(low)]?.push(leaf.name);
        bits ^= low;
      }
    }
  });
  const carriers = new Map<string, string[]>();
  networks.forEach((n, i) => {
    carriers.set(n.name, carrierLists[i] ?? []);
  });
  return { perLeaf, carriers, stretched };
}

function isBefore(a: Span | undefined, b: Span | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.file !== b.file) return a.file < b.file;
  return a.line < b.line || (a.line === b.line && a.col < b.col);
}

function listSome(names: readonly string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

type ReservedKind = 'native' | 'eos-internal' | 'nxos-reserved';

/**
 * VLANs a leaf's platform keeps for itself: the trunk native VLAN (EOS, NX-OS: FRR trunks are
 * sub-interfaces and render none), EOS's internal range (networks only: EOS renders no transit
 * VLAN), NX-OS's reserved range. Uses are aggregated per VLAN owner and kind, so one clash on 500
 * leaves is one diagnostic.
 */
class ReservedVlans {
  private readonly clashes = new Map<string, { kind: ReservedKind; what: string; vlan: number; span: () => Span | undefined; leaves: string[] }>();

  constructor(private readonly settings: FabricSettings) {}

  check(leaf: LeafBase, what: string, vlan: number, span: () => Span | undefined, network: boolean): void {
    const kind = this.kindOf(leaf.platform, vlan, network);
    if (kind === undefined) return;
    const key = `${kind}\u0000${what}`;
    const clash = this.clashes.get(key) ?? { kind, what, vlan, span, leaves: [] };
    clash.leaves.push(leaf.name);
    this.clashes.set(key, clash);
  }

  /** Whether the platform keeps the VLAN for itself (check() would record a clash). */
  holds(platform: Platform, vlan: number, network: boolean): boolean {
    return this.kindOf(platform, vlan, network) !== undefined;
  }

  private kindOf(platform: Platform, vlan: number, network: boolean): ReservedKind | undefined {
    const s = this.settings;
    if (platform !== 'frr' && vlan === s.nativeVlan) return 'native';
    if (platform === 'eos' && network && vlan >= s.eosInternalVlans.first && vlan <= s.eosInternalVlans.last) return 'eos-internal';
    if (platform === 'nxos' && vlan >= nxosReservedVlans.first && vlan <= nxosReservedVlans.last) return 'nxos-reserved';
    return undefined;
  }

  report(ctx: ResolveContext, leaves: readonly LeafBase[]): void {
    const settings = this.settings;
    const nxos = leaves.find((l) => l.platform === 'nxos');
    if (nxos !== undefined && settings.nativeVlan >= nxosReservedVlans.first) {
      ctx.report(R.vlanReservedByNxos, { span: ctx.provenance.get('fabric.vlans.native'), hint: 'set fabric.vlans.native to a free VLAN below 3968' }, 'the native VLAN (fabric.vlans.native)', settings.nativeVlan, nxos.name);
    }
    for (const c of this.clashes.values()) {
      const leaf = c.leaves[0] ?? '';
      const on = c.leaves.length > 1 ? `; the clash is on ${c.leaves.length} leaves: ${listSome(c.leaves)}` : '';
      if (c.kind === 'native') {
        const native = ctx.provenance.get('fabric.vlans.native');
        ctx.report(
          R.vlanIsNativeVlan,
          { span: c.span, related: native === undefined ? [] : [ctx.related(`fabric.vlans.native is ${settings.nativeVlan}`, native)], hint: `use another VLAN, or set fabric.vlans.native to a VLAN no network uses${on}`, device: leaf },
          c.what,
          c.vlan,
          leaf,
        );
      } else if (c.kind === 'eos-internal') {
        const range = ctx.provenance.get('fabric.vlans.eos_internal');
        const { first, last } = settings.eosInternalVlans;
        ctx.report(
          R.vlanInEosInternalRange,
          { span: c.span, related: range === undefined ? [] : [ctx.related('fabric.vlans.eos_internal', range)], hint: `EOS would give the VLAN to a routed port or an L3VNI; use a VLAN outside ${first}-${last}, or move fabric.vlans.eos_internal${on}`, device: leaf },
          c.what,
          c.vlan,
          first,
          last,
          leaf,
        );
      } else {
        ctx.report(R.vlanReservedByNxos, { span: c.span, hint: `use a VLAN below 3968${on}`, device: leaf }, c.what, c.vlan, leaf);
      }
    }
  }
}
