/** The fabrics `npm run bench` compiles, smallest first. */
import type { FabricShape } from './generate-intent.js';

export interface BenchSize extends Omit<FabricShape, 'seed'> {
  /** `<spines>x<leaves>`, how sizes are named on the command line and in the table. */
  readonly label: string;
  /** The fabric the targets are about. */
  readonly target?: boolean;
}

/** The fabric: 32 spines × 1,000 leaves, 40 tenants, 4,000 networks, 200 per leaf, 20,000 server ports. */
const large = { spines: 32, tenants: 40, vrfs: 80, networks: 4000, networksPerLeaf: 200, serversPerLeaf: 20 } as const;

export const benchSizes: readonly BenchSize[] = [
  // netlab's published sizes (reference.md), with a realistic amount of tenant networks on them.
  { label: '2x8', spines: 2, leaves: 8, tenants: 2, vrfs: 4, networks: 40, networksPerLeaf: 20, serversPerLeaf: 8 },
  { label: '4x64', spines: 4, leaves: 64, tenants: 8, vrfs: 16, networks: 400, networksPerLeaf: 50, serversPerLeaf: 20 },
  { label: '8x100', spines: 8, leaves: 100, tenants: 10, vrfs: 20, networks: 1000, networksPerLeaf: 100, serversPerLeaf: 20 },
  // The large fabric at 1/4, 1/2, 1 and 2 times its leaves: same density per leaf, so the output
  // grows with the leaves and the time should too.
  { label: '32x250', leaves: 250, ...large },
  { label: '32x500', leaves: 500, ...large },
  { label: '32x1000', leaves: 1000, ...large, target: true },
  { label: '32x2000', leaves: 2000, ...large },
];

/** `npm run bench -- --ci`: small enough to run in seconds, big enough to exercise every stage. */
export const ciSizes: readonly BenchSize[] = benchSizes.slice(0, 2);
