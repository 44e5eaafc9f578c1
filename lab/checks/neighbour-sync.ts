/**
 * FRR (8.4, 10.3 and 10.7 alike) on an upstream kernel: the leaves of an Ethernet segment sync a
 * dual-homed server's ARP entry over EVPN, and zebra installs the synced entry with neighbour flags
 * (Cumulus's NTF_E_MH_PEER_SYNC, NTF_E_WEAK_OVERRIDE_STATE) that the upstream kernel rejects
 * ("reserved bit set", FRR issue #15253). A
 * leaf then holds the server's ARP entry only if it resolved the server itself, and the server's
 * replies to the anycast gateway MAC reach only the leaf its bond hashes them to. Bridged traffic
 * is unaffected (the MACs sync as static bridge entries); routed traffic through the other leaf
 * is dropped. A routed probe of such a server that fails is reported as not run — only when the
 * server's leaves' zebra did log the refusal, so a fabric on a kernel that takes the entries is
 * held to every probe. That includes a probe whose only diagnosis is a missing router MAC of a leaf
 * of the server's own segment: the other leaves route to the server over that leaf, which announces
 * the server (and with it its router MAC) only while it holds the server's ARP entry.
 * Pure: probe, its check and the evidence in, the check out.
 */
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { notRun, type LabCheck } from '../check.js';
import type { Endpoint } from '../plan.js';
import { failedLeaves, type Failures } from '../topology.js';
import type { Probe } from './data-plane.js';

/**
 * How the lab's router-MAC diagnosis (router-mac.ts) names a missing entry that no segment
 * explains: zebra's own defect, another cause than the refused sync. A missing entry for a leaf of
 * the server's own segment is the refused sync's consequence (that leaf never announced the
 * server with its router MAC) and is excused with it.
 */
export const zebraRouterMacDefect = 'zebra did not install the remote router MAC';

/** The log line zebra writes when the kernel refuses a neighbour with an unknown extended flag. */
export const refusedSyncLog = 'Extended Error: reserved bit set';

/**
 * Hosts of a routed probe (gateway or routing) with two or more leaves up: with one leaf left,
 * that leaf resolves the host itself and nothing is excused.
 */
export function multihomedHostsOf(probe: Probe, failures: Failures): Endpoint[] {
  if (probe.group !== 'gateway' && probe.group !== 'routing') return [];
  const down = failedLeaves(failures);
  return [probe.from, probe.peer].filter((e): e is Endpoint => e !== undefined && e.leaves.filter((l) => !down.includes(l)).length > 1);
}

/**
 * The check, or not-run when it failed for want of an answer (CLOS7108, CLOS7110), is routed
 * through a dual-homed server, and a leaf of that server logged refused synced entries (`refused`: leaf to how many times). A failure the lab
 * diagnosed otherwise (a leaf on the way lacks the other's router MAC) has another cause and stays
 * a failure.
 */
export function excuseRefusedSync(probe: Probe, check: LabCheck, refused: ReadonlyMap<string, number>, failures: Failures): LabCheck {
  if (check.status !== 'failed' || (check.message ?? '').includes(zebraRouterMacDefect)) return check;
  // Only a ping that got no answer: one answered by the wrong MAC (CLOS7111) is no ARP entry missing.
  if (check.code !== L.unreachable.code && check.code !== L.gatewayUnreachable.code) return check;
  for (const host of multihomedHostsOf(probe, failures)) {
    const leaves = host.leaves.filter((l) => (refused.get(l) ?? 0) > 0);
    if (leaves.length === 0) continue;
    const evidence = leaves.map((l) => `zebra on ${l} logged '${refusedSyncLog}' ${refused.get(l) ?? 0} times`).join(', ');
    return { ...notRun(check.group, check.name, L.neighbourSyncRefused, host.server, host.leaves.join(' and '), evidence), detail: check.message ?? '' };
  }
  return check;
}
