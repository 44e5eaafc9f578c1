/**
 * Routing from an idle host. With an EVPN Ethernet segment on its leaf, FRR's zebra announces a
 * host's EVPN route only while the kernel holds the host's ARP entry REACHABLE (Cumulus's own
 * daemon keeps entries refreshed); an upstream kernel lets an idle host's entry go STALE within a
 * minute, and the route goes. A leaf that also carries the host's network then routes the host
 * over its own SVI while the host's packets reach it over the VRF's L3VNI: a reverse-path filter
 * on that address-less device drops them (interfaces.sh sets none there, since this check found
 * it). The lab makes the source's ARP entry STALE on its leaf, waits until every leaf of the
 * target that carries the source's network routes the source over its own SVI, and pings.
 * Planned on the healthy fabric's routing probes, one per VRF. Pure planning here; test.ts runs it.
 */
import type { DeviceModel } from '../../compiler/build/device-model.js';
import type { DevicePlan } from '../plan.js';
import type { Probe } from './data-plane.js';

export interface IdleSourceProbe {
  /** The routing probe, renamed: the same ping, sent once its source is idle. */
  readonly probe: Probe;
  /** The source's leaf, where its ARP entry is made STALE. */
  readonly sourceLeaf: DevicePlan;
  /** The target's leaves that carry the source's network, with their SVI of it: each must route the source over that SVI first. */
  readonly targetLeaves: readonly { readonly leaf: DevicePlan; readonly svi: string }[];
}

function hasSegment(model: DeviceModel): boolean {
  return model.interfaces.lags.some((l) => l.segment !== null);
}

function sviOf(model: DeviceModel, network: string): string | undefined {
  return model.interfaces.svis.find((s) => s.network === network)?.name;
}

/**
 * The routing probes that can show the drop: a single-homed source on a leaf with an Ethernet
 * segment, to a target none of whose leaves is the source's, at least one of which carries the
 * source's network. The first such probe of each VRF.
 */
export function planIdleSource(routing: readonly Probe[], devices: readonly DevicePlan[], models: ReadonlyMap<string, DeviceModel>): IdleSourceProbe[] {
  const byName = new Map(devices.map((d) => [d.name, d]));
  const seen = new Set<string>();
  const out: IdleSourceProbe[] = [];
  for (const p of routing) {
    const a = p.from;
    const b = p.peer;
    if (p.group !== 'routing' || p.expect !== 'reply' || b === undefined || seen.has(a.vrf) || a.leaves.length !== 1) continue;
    const sourceLeaf = byName.get(a.leaf);
    const sourceModel = models.get(a.leaf);
    if (sourceLeaf === undefined || sourceModel === undefined || !hasSegment(sourceModel) || b.leaves.includes(a.leaf)) continue;
    const targetLeaves = b.leaves.flatMap((l) => {
      const d = byName.get(l);
      const m = models.get(l);
      const svi = m === undefined ? undefined : sviOf(m, a.network);
      return d !== undefined && svi !== undefined ? [{ leaf: d, svi }] : [];
    });
    if (targetLeaves.length === 0) continue;
    seen.add(a.vrf);
    out.push({ probe: { ...p, name: `${p.name}, ${a.id} idle` }, sourceLeaf, targetLeaves });
  }
  return out;
}

/**
 * The device and MAC of every neighbour entry in `ip -4 neigh show <address>` output that has them.
 * A leaf whose gateway is on a macvlan holds a host twice: on the SVI (what zebra reads and
 * announces) and on the macvlan (the host's own ARP for the gateway; zebra ignores it). Idle,
 * both go STALE, so the lab makes both STALE: making only the first listed one STALE left the
 * SVI's REACHABLE whenever the kernel listed the macvlan's first (CI, stop 39: CLOS7219).
 */
export function parseNeighbours(text: string): { dev: string; mac: string }[] {
  const out: { dev: string; mac: string }[] = [];
  for (const m of text.matchAll(/\bdev (\S+) lladdr ([0-9a-f:]{17})\b/g)) if (m[1] !== undefined && m[2] !== undefined) out.push({ dev: m[1], mac: m[2] });
  return out;
}
