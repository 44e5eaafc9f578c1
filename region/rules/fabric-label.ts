/**
 * How messages name a fabric of a region: `'az1'`, its name, when its directory has that name
 * too; `'az1' (az2/)` when not, so two fabrics given one name can be told apart.
 */
import type { RegionFabric } from '../region-model.js';

export function fabricLabel(f: RegionFabric): string {
  return f.dir === f.fabric.name ? `'${f.fabric.name}'` : `'${f.fabric.name}' (${f.dir}/)`;
}
