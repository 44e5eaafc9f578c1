/**
 * The resolved fabric as the render workers receive it (render-pool.ts): what building devices
 * reads, with the names that refer to other entities — each leaf's networks and VRFs, its server
 * ports' networks, each link's leaf and spine — sent as indexes into the fabric's own lists, and
 * turned back into those entities' name strings on arrival.
 *
 * Measured reason (bench/PROFILE.md, round 3): a structured clone makes every occurrence of a name
 * a string of its own, 400,000 of them on a thousand-leaf fabric, and the worker's first lookups
 * hashed each one: 150 ms before its first device, plus their copying. Unpacked, every reference
 * is the one string of its entity, as in the main thread's fabric. The unpacked fabric equals
 * (deeply) the one that was packed, less provenance and the server list, which building does not
 * read.
 */
import type { FabricModel, ResolvedLeaf, ResolvedLink } from '../compiler/resolve/fabric-model.js';

export interface PackedFabric {
  /** The fabric with the references below emptied (`''`, `[]`). */
  readonly fabric: FabricModel;
  /**
   * Per leaf, in order: the count and indexes (into `fabric.networks`) of its networks, the count
   * and indexes (into `fabric.vrfs`) of its VRFs, then per server port and then per port-channel
   * the count and indexes of its networks. Per link, in order: its leaf's and its spine's index.
   */
  readonly refs: Int32Array;
}

/** Packs a fabric for a render worker; undefined when a reference names nothing (not a resolved fabric). */
export function packFabric(fabric: FabricModel): PackedFabric | undefined {
  const networks = indexOf(fabric.networks);
  const vrfs = indexOf(fabric.vrfs);
  const leaves = indexOf(fabric.leaves);
  const spines = indexOf(fabric.spines);
  const refs: number[] = [];
  const add = (names: readonly string[], index: ReadonlyMap<string, number>): boolean => {
    refs.push(names.length);
    for (const name of names) {
      const i = index.get(name);
      if (i === undefined) return false;
      refs.push(i);
    }
    return true;
  };
  const packedLeaves: ResolvedLeaf[] = [];
  for (const leaf of fabric.leaves) {
    if (!add(leaf.networks, networks) || !add(leaf.vrfs, vrfs)) return undefined;
    for (const port of leaf.serverPorts) if (!add(port.networks, networks)) return undefined;
    for (const lag of leaf.lags) if (!add(lag.networks, networks)) return undefined;
    packedLeaves.push({ ...leaf, networks: [], vrfs: [], serverPorts: leaf.serverPorts.map((p) => ({ ...p, networks: [] })), lags: leaf.lags.map((l) => ({ ...l, networks: [] })) });
  }
  const packedLinks: ResolvedLink[] = [];
  for (const link of fabric.links) {
    const l = leaves.get(link.leaf);
    const s = spines.get(link.spine);
    if (l === undefined || s === undefined) return undefined;
    refs.push(l, s);
    packedLinks.push({ ...link, leaf: '', spine: '' });
  }
  return { fabric: { ...fabric, leaves: packedLeaves, links: packedLinks, servers: [], provenance: new Map() }, refs: Int32Array.from(refs) };
}

/** The fabric a worker builds devices from. */
export function unpackFabric(packed: PackedFabric): FabricModel {
  const { fabric, refs } = packed;
  let at = 0;
  const names = (list: readonly { readonly name: string }[]): string[] => {
    const count = refs[at++] ?? 0;
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(list[refs[at++] ?? -1]?.name ?? '');
    return out;
  };
  const leaves = fabric.leaves.map((leaf) => {
    const networks = names(fabric.networks);
    const vrfs = names(fabric.vrfs);
    const serverPorts = leaf.serverPorts.map((p) => ({ ...p, networks: names(fabric.networks) }));
    const lags = leaf.lags.map((l) => ({ ...l, networks: names(fabric.networks) }));
    return { ...leaf, networks, vrfs, serverPorts, lags };
  });
  const links = fabric.links.map((link) => {
    const leaf = fabric.leaves[refs[at++] ?? -1]?.name ?? '';
    const spine = fabric.spines[refs[at++] ?? -1]?.name ?? '';
    return { ...link, leaf, spine };
  });
  return { ...fabric, leaves, links };
}

function indexOf(list: readonly { readonly name: string }[]): Map<string, number> {
  return new Map(list.map((e, i) => [e.name, i]));
}
