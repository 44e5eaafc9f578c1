/** Tenant VRFs of a leaf, with their L3VNI, route distinguisher and route targets. */
import type { DeviceContext } from './context.js';
import { must } from './context.js';
import type { DeviceVrf } from './device-model.js';

export function buildVrfs(ctx: DeviceContext): DeviceVrf[] {
  const leaf = ctx.leaf;
  if (leaf === undefined) return [];
  const carried = new Set(leaf.networks);
  return leaf.vrfs.map((name) => {
    const v = must(ctx.index.vrfs, name, 'VRF');
    return {
      name: v.name,
      tenant: v.tenant,
      l3vni: v.l3vni,
      vlan: v.vlan,
      tableId: 1000 + v.id,
      rd: `${ctx.loopback}:${v.id}`,
      routeTargets: { import: [v.routeTarget], export: [v.routeTarget] },
      networks: v.networks.filter((n) => carried.has(n) && must(ctx.index.networks, n, 'network').subnet !== undefined),
    };
  });
}
