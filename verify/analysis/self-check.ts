/**
 * The two-tier shortcut checks itself on every run: for one origin per group of leaves with the
 * same spine sets, the path-vector engine runs on the real session graph and must give the same
 * ECMP widths and EVPN paths as the set arithmetic at every leaf. A difference is a bug in clos,
 * not in the fabric, so it throws.
 */
import type { FabricGraph } from '../graph.js';
import { propagate } from './propagate.js';
import type { RoutingAnalysis } from './routing.js';

export function selfCheckTwoTier(fg: FabricGraph, routing: RoutingAnalysis): void {
  const { up, evpnSend, evpnReceive, upSameAsn, evpnReceiveSameAsn } = routing;
  if (up === undefined || evpnSend === undefined || evpnReceive === undefined || upSameAsn === undefined || evpnReceiveSameAsn === undefined) return;
  // Leaves that share their ASN take the same-ASN sets: a group of their own.
  const asnOf = (d: number): number => fg.devices[d]?.model.bgp.asn ?? -1;
  const leavesPerAsn = new Map<number, number>();
  for (const leaf of fg.leaves) leavesPerAsn.set(asnOf(leaf), (leavesPerAsn.get(asnOf(leaf)) ?? 0) + 1);
  const seen = new Set<string>();
  for (const leaf of fg.leaves) {
    const row = routing.leafRow[leaf] ?? 0;
    const shared = (leavesPerAsn.get(asnOf(leaf)) ?? 0) > 1;
    const key = `${up.key(row)}|${evpnSend.key(row)}|${evpnReceive.key(row)}|${shared ? `${upSameAsn.key(row)}|${evpnReceiveSameAsn.key(row)}` : '-'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fast = routing.underlayFrom(leaf);
    const slow = propagate(routing.ipv4, leaf).width;
    const fastEvpn = routing.evpnFrom(leaf);
    const slowEvpn = routing.evpnOrigin[leaf] === 1 ? propagate(routing.evpn, leaf) : undefined;
    for (const other of fg.leaves) {
      if (other === leaf) continue;
      if ((fast[other] ?? 0) !== (slow[other] ?? 0)) {
        throw new Error(`two-tier analysis disagrees with propagation: ECMP width from ${fg.devices[leaf]?.name ?? ''} at ${fg.devices[other]?.name ?? ''} is ${fast[other] ?? 0}, the engine says ${slow[other] ?? 0}`);
      }
      if (slowEvpn !== undefined && ((fastEvpn.kept[other] ?? 0) !== (slowEvpn.kept[other] ?? 0) || (fastEvpn.paths[other] ?? 0) !== (slowEvpn.paths[other] ?? 0))) {
        throw new Error(`two-tier analysis disagrees with propagation: EVPN paths from ${fg.devices[leaf]?.name ?? ''} at ${fg.devices[other]?.name ?? ''}`);
      }
    }
  }
}
