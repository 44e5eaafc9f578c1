/**
 * Port-channels: a server's `bond: lacp` ports on this leaf as one LAG interface, with its Ethernet
 * segment when the server is dual-homed. The networks are configured on the port-channel; its
 * members (build/interfaces.ts) only join it.
 */
import { compareNatural } from '../shared/natural-order.js';
import type { ResolvedLag, ResolvedSegment } from '../resolve/fabric-model.js';
import { esiGroups } from '../resolve/segments.js';
import type { DeviceContext } from './context.js';
import { perFabric } from './context.js';
import type { EthernetSegment, LacpSettings, LagInterface } from './device-model.js';
import { edgePortFields } from './interfaces.js';
import { dottedMac, lagName, portName } from './naming.js';
import { mapList } from '../shared/lists.js';

/** A segment is the same on both of its leaves: one frozen object per fabric. */
const sharedSegments = perFabric<EthernetSegment>();
const sharedLacp = perFabric<LacpSettings>();

export function buildLags(ctx: DeviceContext): LagInterface[] {
  const leaf = ctx.leaf;
  if (leaf === undefined) return [];
  return mapList(leaf.lags, (lag) => buildLag(ctx, lag));
}

function buildLag(ctx: DeviceContext, lag: ResolvedLag): LagInterface {
  const { index, platform } = ctx;
  const segment = lag.segment === null ? null : segmentOf(ctx, lag.segment);
  const systemId = segment?.systemMac ?? null;
  const lacp = sharedLacp(index, systemId ?? '', () => ({ mode: 'active', rate: 'fast', systemId, systemIdDotted: systemId === null ? null : dottedMac(systemId) }));
  return {
    kind: 'lag',
    name: lagName(platform, lag.number),
    number: lag.number,
    members: mapList(lag.ports, (p) => portName(platform, p)).sort(compareNatural),
    ...edgePortFields(index, lag.mode, lag.server, lag.networks),
    lacp,
    segment,
  };
}

function segmentOf(ctx: DeviceContext, s: ResolvedSegment): EthernetSegment {
  return sharedSegments(ctx.index, s.esi, () => ({
    esi: s.esi,
    type: 3,
    identifier: esiGroups(s.esi),
    systemMac: s.systemMac,
    systemMacDotted: dottedMac(s.systemMac),
    discriminator: s.discriminator,
    importRouteTarget: s.systemMac,
    leaves: s.leaves,
    redundancy: 'all-active',
  }));
}
