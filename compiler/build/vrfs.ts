/** Tenant VRFs of a leaf, with their L3VNI, route distinguisher and route targets. */
import type { DeviceContext, FabricIndex } from './context.js';
import { perFabric, routeTargetsOf } from './context.js';
import type { DeviceVrf } from './device-model.js';
import { mapList } from '../shared/lists.js';

/**
 * A VRF's routed networks on a leaf, one frozen list per distinct list and fabric: 62,000 lists on
 * the scale target hold 1,303 distinct ones (bench/PROFILE.md, section 28). Names never hold
 * U+0000 (the schema's name pattern), so the joined names are the list's key.
 */
const sharedNetworkLists = perFabric<readonly string[]>();

function networkList(index: FabricIndex, names: readonly string[]): readonly string[] {
  return sharedNetworkLists(index, names.join('\u0000'), () => names.slice());
}

export function buildVrfs(ctx: DeviceContext): DeviceVrf[] {
  const leaf = ctx.leaf;
  if (leaf === undefined) return [];
  // The leaf's routed networks by VRF, in the leaf's order (by VLAN, then name), which is also
  // the order of each VRF's own list.
  const routed = new Map<string, string[]>();
  for (const n of ctx.networks) {
    if (n.subnet === undefined) continue;
    const list = routed.get(n.vrf);
    if (list === undefined) routed.set(n.vrf, [n.name]);
    else list.push(n.name);
  }
  return mapList(ctx.vrfs, (v) => {
    return {
      name: v.name,
      tenant: v.tenant,
      l3vni: v.l3vni,
      vlan: v.vlan,
      tableId: 1000 + v.id,
      rd: ctx.l3RdPrefix + String(v.id),
      routeTargets: routeTargetsOf(ctx.index, v.routeTarget),
      // Exact length (see linux.ts's bridge ports).
      networks: networkList(ctx.index, routed.get(v.name) ?? []),
    };
  });
}
