/**
 * Leaf-pair findings, grouped so one broken leaf gives one finding, not one per pair: a greedy
 * cover picks the leaf in the most problem pairs, reports it with all its partners, and repeats.
 */
import { listNames } from '../locate.js';

export interface PairProblem {
  /** Whose routes (the origin of the prefix or EVPN routes). */
  readonly origin: number;
  /** Who lacks them. */
  readonly receiver: number;
}

export interface PairGroup {
  /** Every pair among `hub` and `others` has the problem (both ways). */
  readonly clique: boolean;
  readonly hub: number;
  readonly others: readonly number[];
  /** Every pair fails both ways. */
  readonly bothWays: boolean;
  /** One way only, and the hub is the receiver in every pair. */
  readonly hubReceives: boolean;
  readonly first: PairProblem;
}

export function groupPairs(problems: readonly PairProblem[]): PairGroup[] {
  const directed = new Set(problems.map((p) => `${p.origin}>${p.receiver}`));
  const byLeaf = new Map<number, Set<number>>();
  const link = (x: number, y: number): void => {
    const s = byLeaf.get(x);
    if (s === undefined) byLeaf.set(x, new Set([y]));
    else s.add(y);
  };
  for (const p of problems) {
    link(p.origin, p.receiver);
    link(p.receiver, p.origin);
  }
  const groups: PairGroup[] = [];
  // The whole set may be every pair among some leaves: one group says it best.
  const members = [...byLeaf.keys()].sort((a, b) => a - b);
  const undirected = new Set(problems.map((p) => (p.origin < p.receiver ? `${p.origin}-${p.receiver}` : `${p.receiver}-${p.origin}`)));
  if (members.length > 2 && undirected.size === (members.length * (members.length - 1)) / 2 && directed.size === 2 * undirected.size) {
    const hub = members[0] ?? 0;
    const o0 = members[1] ?? 0;
    return [{ clique: true, hub, others: members.slice(1), bothWays: true, hubReceives: false, first: { origin: hub, receiver: o0 } }];
  }
  while (byLeaf.size > 0) {
    let hub = -1;
    let best = -1;
    for (const [leaf, others] of byLeaf) {
      if (others.size > best || (others.size === best && leaf < hub)) {
        hub = leaf;
        best = others.size;
      }
    }
    const others = [...(byLeaf.get(hub) ?? [])].sort((a, b) => a - b);
    byLeaf.delete(hub);
    for (const o of others) {
      const s = byLeaf.get(o);
      s?.delete(hub);
      if (s?.size === 0) byLeaf.delete(o);
    }
    const bothWays = others.every((o) => directed.has(`${hub}>${o}`) && directed.has(`${o}>${hub}`));
    const hubReceives = others.every((o) => directed.has(`${o}>${hub}`) && !directed.has(`${hub}>${o}`));
    const o0 = others[0] ?? 0;
    const first = directed.has(`${hub}>${o0}`) ? { origin: hub, receiver: o0 } : { origin: o0, receiver: hub };
    groups.push({ clique: false, hub, others, bothWays, hubReceives, first });
  }
  return groups.sort((a, b) => a.hub - b.hub);
}

/**
 * The leaves of a group as a sentence subject: `'leaf3' and 'leaf4'`, `'leaf9' and each of 'leaf1'
 * and 'leaf2'`, `'leaf9' and 12 other leaves ('leaf1', …)`, or for a clique `'leaf1', 'leaf2' and
 * 'leaf3'` / `all 40 leaves ('leaf1', …)`; `each other` or `one another` to close the sentence.
 */
export function describeGroup(group: PairGroup, name: (d: number) => string): { subject: string; peers: string; together: string; mutual: string } {
  const peerNames = group.others.map(name);
  const hub = `'${name(group.hub)}'`;
  if (group.clique) {
    const all = [name(group.hub), ...peerNames];
    const together = all.length <= 4 ? listNames(all) : `all ${all.length} leaves (${listNames(all, 4)})`;
    return { subject: hub, peers: listNames(peerNames), together, mutual: 'one another' };
  }
  const peers = peerNames.length === 1 ? listNames(peerNames) : peerNames.length <= 4 ? `each of ${listNames(peerNames)}` : `${peerNames.length} other leaves (${listNames(peerNames, 4)})`;
  return { subject: hub, peers, together: `${hub} and ${peers}`, mutual: 'each other' };
}
