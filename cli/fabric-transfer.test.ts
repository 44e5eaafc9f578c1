/** The fabric as render workers receive it: packing then unpacking gives back what was packed. */
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { generateIntent } from '../bench/generate-intent.js';
import { compileIntent } from '../compiler/compile.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import { exampleNames } from '../test-helpers/examples.js';
import { readIntent } from './intent-files.js';
import { packFabric, unpackFabric } from './fabric-transfer.js';

function resolved(sources: Parameters<typeof compileIntent>[0]): FabricModel {
  const fabric = compileIntent(sources).fabric;
  if (fabric === undefined) throw new Error('the intent does not compile');
  return fabric;
}

const fabrics: [string, FabricModel][] = [
  ...exampleNames().map((name): [string, FabricModel] => [name, resolved(readIntent(join(import.meta.dirname, '..', 'intent', 'examples', name), process.cwd()).sources)]),
  ['generated', resolved(generateIntent({ spines: 4, leaves: 24, tenants: 4, vrfs: 8, networks: 120, networksPerLeaf: 30, serversPerLeaf: 6, seed: 5 }).files.map((f) => ({ name: f.name, text: f.text })))],
];

describe('packFabric and unpackFabric', () => {
  it.each(fabrics)('give back the fabric of %s, less provenance and the server list, through a structured clone', (_, fabric) => {
    const packed = packFabric(fabric);
    expect(packed).toBeDefined();
    if (packed === undefined) return;
    // Names went as indexes: nothing of them is left in the packed leaves and links.
    expect(packed.fabric.leaves.every((l) => l.networks.length === 0 && l.vrfs.length === 0 && l.serverPorts.every((p) => p.networks.length === 0) && l.lags.every((g) => g.networks.length === 0))).toBe(true);
    expect(packed.fabric.links.every((l) => l.leaf === '' && l.spine === '')).toBe(true);
    const arrived = deserialize(serialize(packed)) as typeof packed;
    expect(unpackFabric(arrived)).toEqual({ ...fabric, provenance: new Map(), servers: [] });
  });

  it('declines a fabric whose references name nothing', () => {
    const [, fabric] = fabrics[0] ?? ['', undefined];
    if (fabric === undefined) throw new Error('no example');
    const leaf = fabric.leaves[0];
    if (leaf === undefined) throw new Error('no leaf');
    expect(packFabric({ ...fabric, leaves: [{ ...leaf, networks: ['no-such-network'] }, ...fabric.leaves.slice(1)] })).toBeUndefined();
    const link = fabric.links[0];
    if (link === undefined) throw new Error('no link');
    expect(packFabric({ ...fabric, links: [{ ...link, spine: 'no-such-spine' }] })).toBeUndefined();
  });
});
