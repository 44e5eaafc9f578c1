/** What every build module needs to know about one device and the fabric around it. */
import type { FabricModel, ResolvedExternalPeer, ResolvedLeaf, ResolvedLink, ResolvedNetwork, ResolvedSpine, ResolvedVrf } from '../resolve/fabric-model.js';
import type { Platform, Role, RouteTargets } from './device-model.js';
import { mapList } from '../shared/lists.js';

/** Fabric-wide lookups, built once and shared by every device. */
export interface FabricIndex {
  readonly fabric: FabricModel;
  readonly spines: ReadonlyMap<string, ResolvedSpine>;
  readonly leaves: ReadonlyMap<string, ResolvedLeaf>;
  readonly networks: ReadonlyMap<string, ResolvedNetwork>;
  readonly vrfs: ReadonlyMap<string, ResolvedVrf>;
  /** Links by leaf name and by spine name, sorted by the other end's id. */
  readonly linksByLeaf: ReadonlyMap<string, readonly ResolvedLink[]>;
  readonly linksBySpine: ReadonlyMap<string, readonly ResolvedLink[]>;
  /** ASNs used by more than one leaf. */
  readonly sharedLeafAsns: ReadonlySet<number>;
  /** Leaf → its external sessions: VRF and peer, by VRF name then the peers' order. */
  readonly externalsByLeaf: ReadonlyMap<string, readonly ExternalSession[]>;
  /** Network → leaf → the leaf's session address for the network's BGP hosts (no length). */
  readonly hostSessions: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /**
   * Leaf → network → the leaf's own address in the subnet with its length (ResolvedNetwork.ownAddresses),
   * made once here. By leaf first: a leaf's ~170 lookups then hit one small map, not as many maps of
   * other networks (~6 against ~40 ms for 170,000 lookups; bench/PROFILE.md, section 45).
   */
  readonly ownAddresses: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The caches of perFabric and perEntity, one slot each (see there); filled as devices are built. */
  readonly shared: (Map<unknown, unknown> | undefined)[];
}

/** One external session of a border leaf. */
export interface ExternalSession {
  readonly vrf: ResolvedVrf;
  readonly peer: ResolvedExternalPeer;
}

export interface DeviceContext {
  readonly index: FabricIndex;
  readonly role: Role;
  readonly name: string;
  readonly id: number;
  readonly platform: Platform;
  /** A virtual switch (a lab) rather than hardware. */
  readonly virtual: boolean;
  readonly asn: number;
  readonly loopback: string;
  /**
   * `<loopback>:`, the start of every L2 route distinguisher of the device, made once: an RD built
   * from the loopback was two new strings, and a leaf has some 400 RDs (bench/PROFILE.md, round 3).
   */
  readonly rdPrefix: string;
  /** `<vtep>:`, the start of every L3 (VRF) route distinguisher of a leaf; empty on spines. */
  readonly l3RdPrefix: string;
  /** The device's links, sorted by the other end's id. */
  readonly links: readonly ResolvedLink[];
  /** Leaves only. */
  readonly leaf: ResolvedLeaf | undefined;
  /** The leaf's networks and VRFs (leaf.networks, leaf.vrfs) looked up once; empty on spines. */
  readonly networks: readonly ResolvedNetwork[];
  readonly vrfs: readonly ResolvedVrf[];
}

export function indexFabric(fabric: FabricModel): FabricIndex {
  const linksByLeaf = new Map<string, ResolvedLink[]>();
  const linksBySpine = new Map<string, ResolvedLink[]>();
  for (const link of fabric.links) {
    push(linksByLeaf, link.leaf, link);
    push(linksBySpine, link.spine, link);
  }
  return {
    fabric,
    spines: new Map(mapList(fabric.spines, (s) => [s.name, s])),
    leaves: new Map(mapList(fabric.leaves, (l) => [l.name, l])),
    networks: new Map(mapList(fabric.networks, (n) => [n.name, n])),
    vrfs: new Map(mapList(fabric.vrfs, (v) => [v.name, v])),
    linksByLeaf,
    linksBySpine,
    sharedLeafAsns: sharedAsns(fabric),
    externalsByLeaf: externalSessions(fabric),
    hostSessions: new Map(mapList(fabric.networks.filter((n) => n.bgpHosts !== null), (n) => [n.name, new Map(mapList(n.bgpHosts?.sessions ?? [], (s) => [s.leaf, s.address]))])),
    ownAddresses: ownAddressesByLeaf(fabric),
    shared: [],
  };
}

function ownAddressesByLeaf(fabric: FabricModel): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const n of fabric.networks) {
    if (n.subnet === undefined) continue;
    const length = `/${n.subnet.prefix.length}`;
    for (const a of n.ownAddresses) {
      let mine = out.get(a.leaf);
      if (mine === undefined) out.set(a.leaf, (mine = new Map<string, string>()));
      mine.set(n.name, a.address + length);
    }
  }
  return out;
}

function externalSessions(fabric: FabricModel): Map<string, ExternalSession[]> {
  const out = new Map<string, ExternalSession[]>();
  for (const vrf of fabric.vrfs) for (const peer of vrf.external?.peers ?? []) push(out, peer.leaf, { vrf, peer });
  return out;
}

function sharedAsns(fabric: FabricModel): Set<number> {
  const seen = new Set<number>();
  const shared = new Set<number>();
  for (const leaf of fabric.leaves) {
    if (seen.has(leaf.asn)) shared.add(leaf.asn);
    seen.add(leaf.asn);
  }
  return shared;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Looks up a name the resolve stage guarantees to exist; a miss is a compiler bug. */
export function must<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`internal error: unknown ${what} ${String(key)}`);
  return v;
}

/**
 * A cache of values computed once per fabric and shared by every device that needs them: the
 * VLAN entry, VNI map entry, SVI or route targets of a network are the same objects on every leaf
 * that carries it. Device models are readonly, so sharing changes nothing in the output; it saves
 * building (and holding) some 200 copies per leaf on a large fabric. Shared values are frozen,
 * deeply: a change to one would change every device that holds it, and the render stage formats
 * a frozen value's model.json text once (render/model-json.ts). The key is a string, or an object
 * of the fabric (a network: no key string to make and hash); the cache is a slot of the fabric
 * index (no per-fabric WeakMap to look up first).
 */
export function perFabric<V>(): (index: FabricIndex, key: string | object, make: () => V) => V {
  const slot = cacheSlots++;
  return (index, key, make) => {
    const cache = cacheOf<string | object, V>(index, slot);
    let value = cache.get(key);
    if (value === undefined) {
      value = deepFreeze(make());
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * perFabric for a value made from one resolved entity (a network, a VRF, a spine or a leaf) by a
 * function of the module's own: the entity itself is the key, so no key string is hashed and no
 * closure is made per lookup. Some 1.5 million lookups build a 32x1000 fabric (bench/PROFILE.md,
 * section 28). The cache is the fabric index's, like perFabric's: an entity reused in another
 * fabric (with other settings) gets values of its own there.
 */
export function perEntity<K extends object, V>(make: (entity: K, index: FabricIndex) => V): (index: FabricIndex, entity: K) => V {
  const slot = cacheSlots++;
  return (index, entity) => {
    const cache = cacheOf<K, V>(index, slot);
    let value = cache.get(entity);
    if (value === undefined) {
      value = deepFreeze(make(entity, index));
      cache.set(entity, value);
    }
    return value;
  };
}

/** Each perFabric and perEntity has a slot of its own in every fabric index's `shared`. */
let cacheSlots = 0;

function cacheOf<K, V>(index: FabricIndex, slot: number): Map<K, V> {
  let cache = index.shared[slot] as Map<K, V> | undefined;
  if (cache === undefined) {
    cache = new Map<K, V>();
    index.shared[slot] = cache;
  }
  return cache;
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const sharedRouteTargets = perFabric<RouteTargets>();

/** `{ import: [rt], export: [rt] }` for a route target, one object per fabric. */
export function routeTargetsOf(index: FabricIndex, routeTarget: string): RouteTargets {
  return sharedRouteTargets(index, routeTarget, () => ({ import: [routeTarget], export: [routeTarget] }));
}

/**
 * `to <name> ` and `<name> `, made once per device and fabric: the start of the description of
 * every link and session with a device (`to spine01 swp3`, `leaf0001 swp49`), so each description
 * is one new string rather than two (bench/PROFILE.md, round 3).
 */
export const toPrefix = perEntity((device: ResolvedSpine | ResolvedLeaf) => `to ${device.name} `);
export const namePrefix = perEntity((device: ResolvedSpine | ResolvedLeaf) => `${device.name} `);
