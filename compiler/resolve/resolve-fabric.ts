/**
 * The resolve stage: typed intent → FabricModel. Applies every default and derivation rule of the
 * intent language and checks every rule that spans several keys, each with its own code. Errors
 * are collected, not thrown; the model is returned only when there are none.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { IntentDocument, Platform } from '../load/intent-types.js';
import type { SourceIndex } from '../load/source-index.js';
import { resolveCabling } from './cabling.js';
import { ResolveContext } from './context.js';
import { byId } from '../shared/natural-order.js';
import { resolveDevices } from './devices.js';
import { resolveLags } from './lags.js';
import type { FabricModel, ResolvedLeaf, ResolvedNetwork, ResolvedServer, ResolvedSpine, ResolvedVrf } from './fabric-model.js';
import { resolveOwnAddresses } from './own-addresses.js';
import { resolveBgpHosts, warnHostAsnIsExternalAsn, warnMultihomedBgpHosts } from './bgp-hosts.js';
import { resolveExternals } from './external.js';
import { resolvePlacement } from './placement.js';
import { resolveServers } from './servers.js';
import { resolveSettings } from './settings.js';
import { resolveTenants } from './tenants.js';
import { mapList } from '../shared/lists.js';

/**
 * `platform` (`--platform`) overrides the platform of every device. `dropped`: items of the
 * top-level lists the schema stage left out for their errors (load/validate-schema.ts,
 * WellFormedPart). Their names count as known, so what refers to them is not reported again; their
 * own errors are already reported.
 */
export function resolveFabric(
  intent: IntentDocument,
  index: SourceIndex,
  platform?: Platform,
  dropped: Readonly<Record<string, readonly unknown[]>> = {},
): StageResult<FabricModel> {
  const ctx = new ResolveContext(index);
  const settings = resolveSettings(ctx, intent.fabric, platform);
  const devices = resolveDevices(ctx, settings, intent.spines, intent.leaves, platform);
  // What refers to a dropped item is not reported again. A dropped item's name may itself be what
  // was wrong ('Leaf1'), so while items of a kind are dropped no reference to that kind is called
  // unknown; unknown top-level keys (a misspelt `tenant:`) could hold anything.
  const droppedAny = (list: string): boolean => (dropped[list] ?? []).length > 0 || Object.keys(dropped).some((k) => !['spines', 'leaves', 'tenants', 'servers'].includes(k));
  const names = (list: string, own: Iterable<string>): ReadonlySet<string> => (droppedAny(list) ? new AnyName(own) : new Set(own));
  const known = {
    spines: names('spines', mapList(intent.spines, (s) => s.name)),
    leaves: names('leaves', mapList(intent.leaves, (l) => l.name)),
    tags: names('leaves', intent.leaves.flatMap((l) => l.tags ?? [])),
    networks: names('tenants', (intent.tenants ?? []).flatMap((t) => t.vrfs.flatMap((v) => mapList(v.networks ?? [], (n) => n.name)))),
    labels: names('tenants', (intent.tenants ?? []).flatMap((t) => t.vrfs.flatMap((v) => (v.networks ?? []).flatMap((n) => n.labels ?? [])))),
  };
  const cabling = resolveCabling(ctx, settings, devices, known.spines);
  const tenants = resolveTenants(ctx, settings, intent.tenants ?? []);
  const leafInfo = new Map(mapList(devices.leaves, (l) => [l.name, { id: l.id, rack: l.intent.rack }]));
  const servers = resolveServers(ctx, intent.servers ?? [], leafInfo, cabling.uplinkPorts, cabling.futureUplinks, settings.maxSpines, tenants.networks, known);
  const serverPorts = new Map<string, Map<number, string>>();
  for (const s of servers) {
    for (const a of s.attachments) {
      const ports = serverPorts.get(a.leaf) ?? new Map<number, string>();
      ports.set(a.port, s.name);
      serverPorts.set(a.leaf, ports);
    }
  }
  const externals = resolveExternals(ctx, { settings, leaves: devices.leaves, vrfs: tenants.vrfs, networks: tenants.networks, uplinkPorts: cabling.uplinkPorts, futureUplinks: cabling.futureUplinks, serverPorts, known });
  const leavesById = [...devices.leaves].sort(byId);
  const placement = resolvePlacement(ctx, settings, leavesById, tenants.networks, tenants.vrfs, servers, known, externals.borderVrfs);
  const bgpHosts = resolveBgpHosts(ctx, settings, tenants.networks, placement.carriers, devices.leaves, externals.owned);
  warnMultihomedBgpHosts(ctx, servers, new Map(mapList(devices.leaves, (l) => [l.name, l.platform])), bgpHosts);
  warnHostAsnIsExternalAsn(ctx, tenants.networks, bgpHosts, externals.externals);
  const ownAddresses = resolveOwnAddresses(ctx, tenants.networks, placement.carriers, devices.leaves, servers, bgpHosts);

  if (hasErrors(ctx.diagnostics)) return { value: undefined, diagnostics: ctx.diagnostics };
  const lags = resolveLags(servers, new Map(mapList(devices.leaves, (l) => [l.name, l.id])));

  const spines: ResolvedSpine[] = mapList([...devices.spines], (s) => ({ name: s.name, id: s.id, platform: s.platform, virtual: s.virtual, asn: settings.spineAsn, loopback: s.loopback }))
    .sort(byId);
  const leaves: ResolvedLeaf[] = mapList(leavesById, (l) => {
    const placed = placement.perLeaf.get(l.name);
    return {
      name: l.name,
      id: l.id,
      platform: l.platform,
      virtual: l.virtual,
      asn: l.asn,
      rack: l.intent.rack,
      tags: [...(l.intent.tags ?? [])].sort(),
      spinePort: l.spinePort,
      loopback: l.loopback,
      vtep: l.vtep,
      explicitUplinks: l.intent.uplinks !== undefined,
      networks: mapList(placed?.networks ?? [], (n) => n.name),
      vrfs: mapList(placed?.vrfs ?? [], (v) => v.name),
      serverPorts: placed?.serverPorts ?? [],
      lags: lags.perLeaf.get(l.name) ?? [],
    };
  });
  const vrfs: ResolvedVrf[] = mapList(tenants.vrfs, (v) => ({
    name: v.name,
    tenant: v.tenant,
    l3vni: v.l3vni,
    id: v.id,
    vlan: v.vlan,
    routeTarget: v.routeTarget,
    networks: mapList(v.networks, (n) => n.name),
    external: externals.externals.get(v.name) ?? null,
  }));
  const networks: ResolvedNetwork[] = mapList(tenants.networks, (n) => ({
    name: n.name,
    tenant: n.tenant,
    vrf: n.vrf,
    vlan: n.vlan,
    vni: n.vni,
    subnet: n.subnet,
    mtu: n.mtu,
    labels: n.labels,
    routeTarget: n.routeTarget,
    leaves: placement.carriers.get(n.name) ?? [],
    bgpHosts: bgpHosts.get(n.name) ?? null,
    ownAddresses: ownAddresses.addresses.get(n.name) ?? [],
    ownAddressesWithheld: ownAddresses.withheld.has(n.name),
  }));
  const resolvedServers: ResolvedServer[] = mapList(servers, (s) => ({
    name: s.name,
    attachments: s.attachments,
    leaves: s.leaves,
    bond: s.bond,
    lag: s.lag,
    mode: s.mode,
    networks: mapList(s.networks, (n) => n.name),
  }));
  const model: FabricModel = {
    name: intent.fabric.name,
    settings,
    spines,
    leaves,
    links: cabling.links,
    tenants: tenants.tenants,
    vrfs,
    networks,
    servers: resolvedServers,
    segments: lags.segments,
    stretched: placement.stretched,
    provenance: ctx.provenance,
    ...(platform === undefined ? {} : { platformOverride: platform }),
  };
  return { value: model, diagnostics: ctx.diagnostics };
}

/** Names of a kind some items of which were dropped for their errors: none is unknown. */
class AnyName extends Set<string> {
  override has(): boolean {
    return true;
  }
}
