/**
 * The build stage: FabricModel → one DeviceModel per switch, one module per section. Pure and
 * linear in the size of the output: fabric-wide lookups are built once, then each device is
 * assembled from its own links, networks and VRFs.
 */
import type { FabricModel } from '../resolve/fabric-model.js';
import { buildBgp } from './bgp.js';
import { indexFabric, must, perFabric, type DeviceContext, type FabricIndex } from './context.js';
import { deviceModelSchema, type AnycastGateway, type BfdTimers, type DeviceModel } from './device-model.js';
import { buildInterfaces, edgePortSettings } from './interfaces.js';
import { buildLags } from './lags.js';
import { buildMultihoming } from './multihoming.js';
import { dottedMac } from './naming.js';
import { buildLinuxPlumbing } from './linux.js';
import { buildRoutingPolicy } from './routing-policy.js';
import { buildVlans } from './vlans.js';
import { buildVrfs } from './vrfs.js';
import { buildVxlan } from './vxlan.js';
import { mapList } from '../shared/lists.js';

/** Standard BFD timers, identical on every platform so mixed fabrics agree. */
export const bfdTimers = { intervalMs: 300, minRxMs: 300, multiplier: 3 } as const;

/** The BFD timers and the anycast gateway are the same on every device: one frozen object per fabric each. */
const sharedBfd = perFabric<BfdTimers>();
const sharedGateway = perFabric<AnycastGateway>();

/** Builds every device: spines then leaves, each by id. */
export function buildDeviceModels(fabric: FabricModel): DeviceModel[] {
  return mapList(deviceContexts(fabric), buildDevice);
}

/**
 * What each device is built from, in the order buildDeviceModels returns the devices: spines then
 * leaves, each by id. Building `deviceContexts(fabric)[i]` gives device i, so work on a fabric's
 * devices can be split (render workers build their share themselves).
 */
export function deviceContexts(fabric: FabricModel): DeviceContext[] {
  const index = indexFabric(fabric);
  const out: DeviceContext[] = [];
  for (const spine of fabric.spines) {
    out.push({
      index,
      role: 'spine',
      name: spine.name,
      id: spine.id,
      platform: spine.platform,
      virtual: spine.virtual,
      asn: spine.asn,
      loopback: spine.loopback,
      rdPrefix: `${spine.loopback}:`,
      l3RdPrefix: '',
      links: index.linksBySpine.get(spine.name) ?? [],
      leaf: undefined,
      networks: [],
      vrfs: [],
    });
  }
  for (const leaf of fabric.leaves) {
    out.push({
      index,
      role: 'leaf',
      name: leaf.name,
      id: leaf.id,
      platform: leaf.platform,
      virtual: leaf.virtual,
      asn: leaf.asn,
      loopback: leaf.loopback,
      rdPrefix: `${leaf.loopback}:`,
      l3RdPrefix: `${leaf.vtep}:`,
      links: index.linksByLeaf.get(leaf.name) ?? [],
      leaf,
      networks: mapList(leaf.networks, (name) => must(index.networks, name, 'network')),
      vrfs: mapList(leaf.vrfs, (name) => must(index.vrfs, name, 'VRF')),
    });
  }
  return out;
}

/** Builds one device (exported for tools that rebuild a single device). */
export function buildDevice(ctx: DeviceContext): DeviceModel {
  const settings = ctx.index.fabric.settings;
  const leaf = ctx.leaf;
  const interfaces = buildInterfaces(ctx, buildLags(ctx));
  return {
    schema: deviceModelSchema,
    fabric: ctx.index.fabric.name,
    name: ctx.name,
    role: ctx.role,
    id: ctx.id,
    platform: ctx.platform,
    virtual: ctx.virtual,
    rack: leaf?.rack ?? null,
    tags: leaf?.tags ?? [],
    cabling: leaf === undefined ? null : leaf.explicitUplinks ? 'explicit' : 'full-mesh',
    routerId: ctx.loopback,
    asn: ctx.asn,
    mtu: settings.mtu,
    interfaces,
    edgePorts: leaf !== undefined ? edgePortSettings(ctx.index) : null,
    vlans: buildVlans(ctx),
    internalVlans: leaf !== undefined && ctx.platform === 'eos' ? settings.eosInternalVlans : null,
    vrfs: buildVrfs(ctx),
    vxlan: buildVxlan(ctx),
    anycastGateway: leaf !== undefined ? sharedGateway(ctx.index, 'gateway', () => ({ mac: settings.anycastMac, macDotted: dottedMac(settings.anycastMac) })) : null,
    bgp: buildBgp(ctx),
    bfd: settings.bfd ? sharedBfd(ctx.index, 'bfd', () => ({ ...bfdTimers })) : null,
    linux: buildLinuxPlumbing(ctx, interfaces),
    routingPolicy: buildRoutingPolicy(ctx),
    multihoming: buildMultihoming(interfaces),
  };
}

export type { FabricIndex };
