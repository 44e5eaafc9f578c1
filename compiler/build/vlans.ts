/**
 * VLANs of a leaf: one per carried network, one transit VLAN per L3VNI on the platforms that render
 * one (FRR, NX-OS; EOS allocates the L3VNI's VLAN itself, so a network may use the same number).
 */
import type { DeviceContext } from './context.js';
import { perEntity } from './context.js';
import type { ResolvedNetwork, ResolvedVrf } from '../resolve/fabric-model.js';
import type { DeviceVlan } from './device-model.js';

const networkVlan = perEntity((n: ResolvedNetwork): DeviceVlan => {
  return { id: n.vlan, name: n.name, vni: n.vni, kind: 'l2', tenant: n.tenant, vrf: n.vrf, network: n.name };
});
const l3vniVlan = perEntity((v: ResolvedVrf): DeviceVlan => {
  return { id: v.vlan, name: `L3VNI-${v.name}`, vni: v.l3vni, kind: 'l3vni', tenant: v.tenant, vrf: v.name, network: null };
});

export function buildVlans(ctx: DeviceContext): DeviceVlan[] {
  const leaf = ctx.leaf;
  if (leaf === undefined) return [];
  const out: DeviceVlan[] = [];
  for (const n of ctx.networks) {
    out.push(networkVlan(ctx.index, n));
  }
  for (const v of ctx.platform === 'eos' ? [] : ctx.vrfs) {
    out.push(l3vniVlan(ctx.index, v));
  }
  return out.sort((a, b) => a.id - b.id);
}
