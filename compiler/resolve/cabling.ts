/** Leaf-spine cabling: the default full mesh or explicit uplinks, ports, and each link's /31. */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { ResolveContext } from './context.js';
import { maxPort, type DeviceBase, type LeafBase } from './devices.js';
import type { FabricSettings, ResolvedLink } from './fabric-model.js';
import { formatAddress, isNetworkOrBroadcast } from '../shared/ipv4.js';
import { mapList } from '../shared/lists.js';

export interface Cabling {
  readonly links: readonly ResolvedLink[];
  /** Per leaf: uplink port → the spine and, for explicit cabling, where the uplink is written. */
  readonly uplinkPorts: ReadonlyMap<string, ReadonlyMap<number, UplinkPort>>;
  /**
   * Per leaf on the default full mesh: the ports kept for spines not built yet (uplink_port + id -
   * 1 for each free spine id up to max_spines) → that spine id. A server or hand-off there would
   * collide with the spine's uplink when it is added (CLOS3069).
   */
  readonly futureUplinks: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

export interface UplinkPort {
  readonly spine: string;
  /** The explicit uplink's port in the intent; undefined for the default full mesh. */
  readonly span: Span | undefined;
}

/**
 * `allSpines` names every spine of the intent, including ones dropped after errors: an uplink to
 * one of those is not also reported as unknown.
 */
export function resolveCabling(ctx: ResolveContext, settings: FabricSettings, devices: DeviceBase, allSpines: ReadonlySet<string>): Cabling {
  const spinesByName = new Map(mapList(devices.spines, (s) => [s.name, s]));
  const links: ResolvedLink[] = [];
  const uplinkPorts = new Map<string, Map<number, UplinkPort>>();
  /** Default uplinks beyond the last port: one report per spine, not one per leaf and spine. */
  const portsTooHigh = new Map<string, { port: number; spine: DeviceBase['spines'][number]; leaves: string[] }>();
  for (const leaf of devices.leaves) {
    const ports = new Map<number, UplinkPort>();
    uplinkPorts.set(leaf.name, ports);
    const explicit = leaf.intent.uplinks;
    if (explicit === undefined) {
      for (const spine of devices.spines) {
        const port = settings.uplinkPort + spine.id - 1;
        if (port > maxPort) {
          const entry = portsTooHigh.get(spine.name) ?? { port, spine, leaves: [] };
          entry.leaves.push(leaf.name);
          portsTooHigh.set(spine.name, entry);
          continue;
        }
        ports.set(port, { spine: spine.name, span: undefined });
        const link = makeLink(ctx, settings, leaf, spine, port);
        if (link !== undefined) {
          links.push(link);
          ctx.rememberAt(['link:', leaf.name, ':', spine.name], leaf.intent, 'name');
        }
      }
      continue;
    }
    const seenSpines = new Map<string, object>();
    const seenPorts = new Map<number, object>();
    for (const uplink of explicit) {
      const spine = spinesByName.get(uplink.spine);
      if (spine === undefined) {
        if (!allSpines.has(uplink.spine)) ctx.report(R.unknownSpine, { span: ctx.at(uplink, 'spine'), hint: ctx.suggest(uplink.spine, allSpines) }, uplink.spine);
        continue;
      }
      const prevSpine = seenSpines.get(spine.name);
      if (prevSpine !== undefined) {
        ctx.report(R.duplicateUplink, { span: ctx.at(uplink, 'spine'), related: [ctx.related('first uplink to it', ctx.at(prevSpine, 'spine'))] }, leaf.name, spine.name);
        continue;
      }
      seenSpines.set(spine.name, uplink);
      const prevPort = seenPorts.get(uplink.port);
      if (prevPort !== undefined) {
        ctx.report(R.uplinkPortConflict, { span: ctx.at(uplink, 'port'), related: [ctx.related('first used here', ctx.at(prevPort, 'port'))] }, leaf.name, uplink.port);
        continue;
      }
      seenPorts.set(uplink.port, uplink);
      ports.set(uplink.port, { spine: spine.name, span: ctx.at(uplink, 'port') });
      const link = makeLink(ctx, settings, leaf, spine, uplink.port);
      if (link !== undefined) {
        links.push(link);
        ctx.rememberAt(['link:', leaf.name, ':', spine.name], uplink);
      }
    }
  }
  for (const { port, spine, leaves } of portsTooHigh.values()) {
    ctx.report(
      R.spinePortOverUplink,
      {
        span: ctx.provenance.get('fabric.uplink_port') ?? ctx.at(spine, 'id'),
        related: [ctx.related(`spine '${spine.name}' has id ${spine.id}`, ctx.at(spine, 'id'))],
        hint: `every leaf's uplink to spine k uses port uplink_port + k - 1; lower fabric.uplink_port to ${maxPort - spine.id + 1} or less${leaves.length > 1 ? ` (${leaves.length} leaves are affected)` : ''}`,
      },
      spine.name,
      port,
      settings.uplinkPort,
    );
  }
  links.sort((a, b) => a.index - b.index);
  // The same ports on every leaf of the full mesh: one map, shared.
  const builtIds = new Set(mapList(devices.spines, (sp) => sp.id));
  const kept = new Map<number, number>();
  for (let id = 1; id <= settings.maxSpines; id++) {
    const port = settings.uplinkPort + id - 1;
    if (!builtIds.has(id) && port <= maxPort) kept.set(port, id);
  }
  const futureUplinks = new Map<string, ReadonlyMap<number, number>>();
  if (kept.size > 0) for (const leaf of devices.leaves) if (leaf.intent.uplinks === undefined) futureUplinks.set(leaf.name, kept);
  return { links, uplinkPorts, futureUplinks };
}

function makeLink(
  ctx: ResolveContext,
  settings: FabricSettings,
  leaf: LeafBase,
  spine: DeviceBase['spines'][number],
  leafPort: number,
): ResolvedLink | undefined {
  const index = (leaf.id - 1) * settings.maxSpines + (spine.id - 1);
  const pool = settings.pools.p2p;
  if (2 * index + 1 >= pool.size) {
    ctx.report(
      R.poolExhausted,
      { span: ctx.at(leaf.intent, 'id'), device: leaf.name, related: [ctx.related('pool p2p', ctx.provenance.get('fabric.pools.p2p'))] },
      `link ${leaf.name}-${spine.name}`,
      pool.cidr,
      `it is /31 number ${index} ((leaf id ${leaf.id} - 1) * max_spines ${settings.maxSpines} + spine id ${spine.id} - 1), but the pool holds ${pool.size / 2}`,
    );
    return undefined;
  }
  const base = pool.base + 2 * index;
  // The spine takes the even address, the leaf the odd. Only the leaf's end of the pool's last /31
  // can be reserved (the pool's broadcast address): the network address is /31 number 0's spine
  // end, which needs leaf id 1 and spine id 1, and ids are fabric-unique.
  if (isNetworkOrBroadcast(pool, base + 1)) {
    ctx.report(
      R.addressReserved,
      { span: ctx.at(leaf.intent, 'id'), device: leaf.name, related: [ctx.related('pool p2p', ctx.provenance.get('fabric.pools.p2p'))] },
      `the leaf end of link ${leaf.name}-${spine.name} (/31 number ${index})`,
      formatAddress(base + 1),
      pool.cidr,
    );
    return undefined;
  }
  return {
    leaf: leaf.name,
    spine: spine.name,
    leafPort,
    spinePort: leaf.spinePort,
    index,
    prefix: `${formatAddress(base)}/31`,
    spineAddress: formatAddress(base),
    leafAddress: formatAddress(base + 1),
  };
}
