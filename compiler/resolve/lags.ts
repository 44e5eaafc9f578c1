/**
 * Port-channels and Ethernet segments: a server with `bond: lacp` gets one port-channel on every
 * leaf it is attached to, numbered `lag` (default: its lowest port) on all of them; across two
 * leaves the port-channel is an Ethernet segment with a type-3 ESI and one LACP system-id
 * (segments.ts). The rules (numbers unique per leaf, at most two leaves) are checked in servers.ts.
 */
import type { ResolvedLag, ResolvedSegment } from './fabric-model.js';
import { segmentEsi, segmentSystemMac } from './segments.js';
import type { ServerBase } from './servers.js';
import { mapList } from '../shared/lists.js';

export interface LagResolution {
  /** Leaf name → its port-channels, sorted by number. */
  readonly perLeaf: ReadonlyMap<string, readonly ResolvedLag[]>;
  /** Every segment once, sorted by ESI. */
  readonly segments: readonly ResolvedSegment[];
}

export function resolveLags(servers: readonly ServerBase[], leafIds: ReadonlyMap<string, number>): LagResolution {
  const perLeaf = new Map<string, ResolvedLag[]>();
  const segments: ResolvedSegment[] = [];
  for (const server of servers) {
    if (server.lag === null) continue;
    let segment: ResolvedSegment | null = null;
    const [a, b] = server.leaves;
    if (server.leaves.length === 2 && a !== undefined && b !== undefined) {
      const systemMac = segmentSystemMac(leafIds.get(a) ?? 0, leafIds.get(b) ?? 0);
      segment = { esi: segmentEsi(systemMac, server.lag), systemMac, discriminator: server.lag, leaves: server.leaves, server: server.name };
      segments.push(segment);
    }
    const networks = mapList(server.networks, (n) => n.name);
    for (const leaf of server.leaves) {
      const ports = mapList(server.attachments.filter((x) => x.leaf === leaf), (x) => x.port);
      const list = perLeaf.get(leaf) ?? [];
      list.push({ number: server.lag, server: server.name, ports, mode: server.mode, networks, segment });
      perLeaf.set(leaf, list);
    }
  }
  for (const list of perLeaf.values()) list.sort((x, y) => x.number - y.number);
  segments.sort((x, y) => (x.esi < y.esi ? -1 : x.esi > y.esi ? 1 : 0));
  return { perLeaf, segments };
}
