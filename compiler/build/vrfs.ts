/** Tenant VRFs of a leaf, with their L3VNI, route distinguisher and route targets. */
import type { DeviceContext } from './context.js';
import { routeTargetsOf } from './context.js';
import type { DeviceVrf } from './device-model.js';

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
  return ctx.vrfs.map((v) => {
    return {
      name: v.name,
      tenant: v.tenant,
      l3vni: v.l3vni,
      vlan: v.vlan,
      tableId: 1000 + v.id,
      rd: ctx.l3RdPrefix + String(v.id),
      routeTargets: routeTargetsOf(ctx.index, v.routeTarget),
      // Exact length (see linux.ts's bridge ports).
      networks: routed.get(v.name)?.slice() ?? [],
    };
  });
}
