/**
 * Placement: which leaves carry which networks (selectors `all`, a leaf name, `tag:<tag>`, plus
 * every network a server on the leaf uses), and the per-leaf rules that follow: one network per
 * VLAN, L3VNI transit VLANs free, the VRFs a leaf needs.
 */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { ResolveContext } from './context.js';
import { byName } from '../shared/natural-order.js';
import type { LeafBase } from './devices.js';
import type { ServerBase } from './servers.js';
import type { NetworkBase, VrfBase } from './tenants.js';
import type { ServerPort } from './fabric-model.js';
import { unknownLeafHint } from './name-hints.js';

export interface LeafPlacement {
  /** Networks carried, sorted by VLAN then name. */
  readonly networks: readonly NetworkBase[];
  /** VRFs with at least one routed network on the leaf, or handed off there, sorted by name. */
  readonly vrfs: readonly VrfBase[];
  readonly serverPorts: readonly ServerPort[];
}

export interface PlacementResult {
  readonly perLeaf: ReadonlyMap<string, LeafPlacement>;
  /** Network name → leaves that carry it, sorted by id. */
  readonly carriers: ReadonlyMap<string, readonly string[]>;
}

export function resolvePlacement(
  ctx: ResolveContext,
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
  const leafOrder = new Map(leaves.map((l, i) => [l.name, i]));
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
  const networkIndex = new Map(networks.map((n, i) => [n.name, i]));
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
  for (const server of servers) {
    for (const n of server.networks) add(server.leaf, n.name);
  }

  // Network indexes by VLAN, then name: the order of every leaf's list.
  const byVlanThenName = networks.map((_, i) => i).sort((a, b) => {
    const x = networks[a];
    const y = networks[b];
    return x === undefined || y === undefined ? 0 : x.vlan - y.vlan || byName(x, y) || a - b;
  });
  const vrfByName = new Map(vrfs.map((v) => [v.name, v]));
  const portsByLeaf = new Map<string, ServerPort[]>();
  for (const server of servers) {
    const list = portsByLeaf.get(server.leaf) ?? [];
    for (const port of server.ports) {
      list.push({ port, server: server.name, mode: server.mode, networks: server.networks.map((n) => n.name) });
    }
    portsByLeaf.set(server.leaf, list);
  }

  /** Conflicts aggregated per pair, so one clash on 500 leaves is one diagnostic. */
  const vlanClashes = new Map<string, { a: NetworkBase; b: NetworkBase; leaves: string[] }>();
  const l3Clashes = new Map<string, { vrf: VrfBase; other: string; otherSpan: ReturnType<ResolveContext['at']>; leaves: string[] }>();
  const perLeaf = new Map<string, LeafPlacement>();
  leaves.forEach((leaf, l) => {
    const list: NetworkBase[] = [];
    for (const i of byVlanThenName) {
      const n = networks[i];
      if (n !== undefined && carries(l, i)) list.push(n);
    }
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
    for (const name of [...vrfNames].sort()) {
      const vrf = vrfByName.get(name);
      if (vrf === undefined) continue;
      const clashNet = byVlan.get(vrf.vlan);
      const clashVrf = l3Vlans.get(vrf.vlan);
      if (clashNet !== undefined || clashVrf !== undefined) {
        const other = clashNet !== undefined ? `network '${clashNet.name}'` : `the L3VNI of VRF '${clashVrf?.name ?? ''}'`;
        const otherSpan = clashNet !== undefined ? ctx.at(clashNet.intent, 'vlan') : clashVrf !== undefined ? ctx.at(clashVrf.intent, 'name') : undefined;
        const key = `${vrf.name}\u0000${other}`;
        const clash = l3Clashes.get(key) ?? { vrf, other, otherSpan, leaves: [] };
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
    const vrfSpan = clash.vrf.intent.vlan !== undefined ? ctx.at(clash.vrf.intent, 'vlan') : ctx.at(clash.vrf.intent, 'name');
    ctx.report(
      R.l3vniVlanConflict,
      {
        span: vrfSpan,
        related: [ctx.related(clash.other, clash.otherSpan)],
        hint:
          (clash.vrf.intent.vlan === undefined ? `the default is 2000 + (vrf id mod 1000) = ${clash.vrf.vlan}; ` : '') +
          `the clash is on ${clash.leaves.length} lea${clash.leaves.length === 1 ? 'f' : 'ves'}: ${listSome(clash.leaves)}`,
      },
      clash.vrf.name,
      clash.vrf.vlan,
      clash.other,
    );
  }

  const carriers = new Map<string, string[]>();
  networks.forEach((n, i) => {
    const list: string[] = [];
    leaves.forEach((leaf, l) => {
      if (carries(l, i)) list.push(leaf.name);
    });
    carriers.set(n.name, list);
  });
  return { perLeaf, carriers };
}

function isBefore(a: Span | undefined, b: Span | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.file !== b.file) return a.file < b.file;
  return a.line < b.line || (a.line === b.line && a.col < b.col);
}

function listSome(names: readonly string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}
