/**
 * Device models → the fabric graph. One graphology multigraph holds every device as a node and
 * every physical link as an undirected edge, matched from both ends' fabric interfaces (hop-bound
 * evidence walks it with graphology's shortest paths). Beside it sit the dense indexes the analyses
 * iterate: devices by number, links, address owners and `neighbor` statements. BGP sessions live in
 * compressed adjacency arrays (`analysis/propagate.ts`), not as graphology edges: 128,000 of them on
 * the scale target, walked once per origin, cost more as keyed edges than the rest of verification.
 *
 * Nothing here judges the fabric: it records what the models say, including what does not fit
 * (interfaces whose peer does not point back, duplicate device names), for the checks to report.
 */
import { MultiGraph } from 'graphology';
import type { BgpNeighbor, DeviceModel, FabricInterface, PeerGroup, Role } from '../compiler/build/device-model.js';
import { compareNatural } from '../compiler/shared/natural-order.js';
import { addressOf, parseAddress, parseCidr, type Cidr } from '../compiler/shared/ipv4.js';

export interface Device {
  readonly index: number;
  readonly name: string;
  readonly role: Role;
  readonly model: DeviceModel;
}

export interface LinkEnd {
  readonly device: number;
  readonly iface: FabricInterface;
  /** The interface address, parsed; undefined when malformed. */
  readonly cidr: Cidr | undefined;
}

/** A physical link both ends agree on (each names the other as its peer). */
export interface FabricLink {
  readonly index: number;
  readonly key: string;
  /** The leaf end of a leaf-spine link; otherwise the end of the device that sorts first. */
  readonly a: LinkEnd;
  readonly b: LinkEnd;
}

/** A fabric interface whose peer does not name it back. */
export interface DanglingInterface {
  readonly device: number;
  readonly iface: FabricInterface;
  readonly why: string;
}

export type AddressKind = 'loopback' | 'vtep' | 'fabric';

export interface AddressOwner {
  readonly device: number;
  readonly kind: AddressKind;
  readonly iface: string;
  /** The link of a fabric address, when the interface is part of a matched link. */
  readonly link: number | undefined;
}

/** One `neighbor` statement of one device. */
export interface NeighborStatement {
  readonly index: number;
  readonly device: number;
  readonly neighbor: BgpNeighbor;
  /** Its peer group; undefined when the model names a group it does not define. */
  readonly group: PeerGroup | undefined;
  readonly address: number | undefined;
  readonly localAddress: number | undefined;
}

export interface NodeAttributes { readonly index: number; readonly role: Role }
export interface EdgeAttributes {
  readonly kind: 'link';
  readonly link: number;
}

export interface FabricGraph {
  readonly fabric: string;
  readonly graph: MultiGraph<NodeAttributes, EdgeAttributes>;
  /** Spines (by id, then name), then leaves (by id, then name). */
  readonly devices: readonly Device[];
  readonly byName: ReadonlyMap<string, number>;
  /** Models dropped because an earlier model has the same name. */
  readonly duplicateNames: readonly DeviceModel[];
  readonly spines: readonly number[];
  readonly leaves: readonly number[];
  readonly links: readonly FabricLink[];
  /** Link indexes by device. */
  readonly linksOf: readonly (readonly number[])[];
  readonly dangling: readonly DanglingInterface[];
  /** Underlay address (loopback, VTEP, fabric interface) → every place it is configured. */
  readonly owners: AddressOwners;
  readonly statements: readonly NeighborStatement[];
  readonly statementsOf: readonly (readonly number[])[];
}

function compareDevices(a: DeviceModel, b: DeviceModel): number {
  if (a.role !== b.role) return a.role === 'spine' ? -1 : 1;
  return a.id - b.id || compareNatural(a.name, b.name);
}

export function buildFabricGraph(models: readonly DeviceModel[]): FabricGraph {
  const byName = new Map<string, number>();
  const devices: Device[] = [];
  const duplicateNames: DeviceModel[] = [];
  for (const model of [...models].sort(compareDevices)) {
    if (byName.has(model.name)) {
      duplicateNames.push(model);
      continue;
    }
    const index = devices.length;
    byName.set(model.name, index);
    devices.push({ index, name: model.name, role: model.role, model });
  }
  // Devices were sorted spines first, so spines hold the low indexes (the spine sets rely on it).
  const spines = devices.filter((d) => d.role === 'spine').map((d) => d.index);
  const leaves = devices.filter((d) => d.role === 'leaf').map((d) => d.index);


  const links: FabricLink[] = [];
  const linksOf: number[][] = devices.map(() => []);
  const dangling: DanglingInterface[] = [];
  const linkOfIface: Map<string, number>[] = devices.map(() => new Map<string, number>());
  // A device's fabric interfaces by name, made when a peer looks one up (leaves, as a rule: a spine
  // matches its links from its own end, before any leaf).
  const ifaceMaps: (Map<string, FabricInterface> | undefined)[] = new Array<Map<string, FabricInterface> | undefined>(devices.length).fill(undefined);
  const ifaceMap = (p: number): Map<string, FabricInterface> | undefined => {
    let map = ifaceMaps[p];
    if (map === undefined) {
      const fabric = devices[p]?.model.interfaces.fabric;
      if (fabric === undefined) return undefined;
      map = new Map(fabric.map((f) => [f.name, f]));
      ifaceMaps[p] = map;
    }
    return map;
  };
  // forEach, not for…of, over interfaces and neighbors: these loops run once, mostly before they
  // are optimized, where for…of allocates an iterator result per element (bench/PROFILE.md,
  // sections 30 and 33).
  for (const d of devices) {
    const mine = linkOfIface[d.index];
    d.model.interfaces.fabric.forEach((f) => {
      // Already matched from the other end, which checked that both ends name each other.
      if (mine?.has(f.name) === true) return;
      const p = byName.get(f.peer.device);
      if (p === undefined) {
        dangling.push({ device: d.index, iface: f, why: `names peer '${f.peer.device}', which is not a device of this fabric` });
        return;
      }
      if (p === d.index) {
        dangling.push({ device: d.index, iface: f, why: 'names its own device as peer' });
        return;
      }
      const g = ifaceMap(p)?.get(f.peer.interface);
      if (g === undefined) {
        dangling.push({ device: d.index, iface: f, why: `names ${f.peer.interface} of '${f.peer.device}' as peer, but '${f.peer.device}' has no such fabric interface` });
        return;
      }
      if (g.peer.device !== d.name || g.peer.interface !== f.name) {
        dangling.push({
          device: d.index,
          iface: f,
          why: `names ${f.peer.interface} of '${f.peer.device}' as peer, but that interface is cabled to ${g.peer.interface} of '${g.peer.device}'`,
        });
        return;
      }
      if (p < d.index) return; // created from the other end
      const dEnd: LinkEnd = { device: d.index, iface: f, cidr: parseCidr(f.address) };
      const pEnd: LinkEnd = { device: p, iface: g, cidr: parseCidr(g.address) };
      const leafFirst = d.role === 'spine' && devices[p]?.role === 'leaf';
      const a = leafFirst ? pEnd : dEnd;
      const b = leafFirst ? dEnd : pEnd;
      const index = links.length;
      links.push(new Link(index, a, b, devices));
      linksOf[a.device]?.push(index);
      linksOf[b.device]?.push(index);
      linkOfIface[a.device]?.set(a.iface.name, index);
      linkOfIface[b.device]?.set(b.iface.name, index);
    });
  }

  let places = 0;
  for (const d of devices) places += 2 + d.model.interfaces.fabric.length;
  const owners = new AddressOwners(places);
  for (const d of devices) {
    const m = d.model;
    owners.add(parseCidr(m.interfaces.loopback0.address)?.address, d.index, 'loopback', m.interfaces.loopback0.name, undefined);
    if (m.interfaces.vtep !== null) owners.add(parseCidr(m.interfaces.vtep.address)?.address, d.index, 'vtep', m.interfaces.vtep.name, undefined);
    m.interfaces.fabric.forEach((f) => {
      const link = linkOfIface[d.index]?.get(f.name);
      // A matched link has both ends' addresses parsed already.
      const end = link === undefined ? undefined : links[link];
      const cidr = end === undefined ? parseCidr(f.address) : thisEnd(end, d.index).cidr;
      owners.add(cidr?.address, d.index, 'fabric', f.name, link);
    });
  }

  const statements: NeighborStatement[] = [];
  const statementsOf: number[][] = devices.map(() => []);
  for (const d of devices) {
    const groups = new Map(d.model.bgp.peerGroups.map((g) => [g.name, g]));
    d.model.bgp.neighbors.forEach((n) => {
      const index = statements.length;
      statements.push({
        index,
        device: d.index,
        neighbor: n,
        group: groups.get(n.peerGroup),
        address: parseAddress(n.address) ?? parseAddress(addressOf(n.address)),
        localAddress: parseAddress(n.localAddress) ?? parseAddress(addressOf(n.localAddress)),
      });
      statementsOf[d.index]?.push(index);
    });
  }

  let graph: MultiGraph<NodeAttributes, EdgeAttributes> | undefined;
  return {
    fabric: devices[0]?.model.fabric ?? '',
    // Only evidence walks it (hop-bound's shortest paths): made on first read.
    get graph(): MultiGraph<NodeAttributes, EdgeAttributes> {
      return (graph ??= linkGraph(devices, links));
    },
    devices,
    byName,
    duplicateNames,
    spines,
    leaves,
    links,
    linksOf,
    dangling,
    owners,
    statements,
    statementsOf,
  };
}

/** Every device as a node, every matched link as an undirected edge (keyed by the link's key). */
function linkGraph(devices: readonly Device[], links: readonly FabricLink[]): MultiGraph<NodeAttributes, EdgeAttributes> {
  const graph = new MultiGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  for (const d of devices) graph.addNode(d.name, { index: d.index, role: d.role });
  for (const l of links) graph.addUndirectedEdgeWithKey(l.key, devices[l.a.device]?.name ?? '', devices[l.b.device]?.name ?? '', { kind: 'link', link: l.index });
  return graph;
}

const kinds: readonly AddressKind[] = ['loopback', 'vtep', 'fabric'];

/**
 * Underlay addresses and the places that configure them (66,000 on the scale target, kept to the
 * end of the verification): each place is a slot in typed columns, an address maps to its first
 * slot and each slot to the next of the same address. Objects (`AddressOwner`) are made only for
 * the lists a finding or a rare path asks for (bench/PROFILE.md, section 30).
 */
export class AddressOwners {
  private readonly firstSlot = new Map<number, number>();
  private readonly devices: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly links: Int32Array;
  private readonly nexts: Int32Array;
  /** For an address's first slot, its last one (where the next place of the address is chained). */
  private readonly lasts: Int32Array;
  private readonly ifaces: string[];
  private used = 0;

  /** `capacity`: at most this many places are added. */
  constructor(capacity: number) {
    this.devices = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.links = new Int32Array(capacity);
    this.nexts = new Int32Array(capacity);
    this.lasts = new Int32Array(capacity);
    this.ifaces = new Array<string>(capacity).fill('');
  }

  add(address: number | undefined, device: number, kind: AddressKind, iface: string, link: number | undefined): void {
    if (address === undefined) return;
    const slot = this.used++;
    this.devices[slot] = device;
    this.kinds[slot] = kinds.indexOf(kind);
    this.links[slot] = link ?? -1;
    this.nexts[slot] = -1;
    this.ifaces[slot] = iface;
    const first = this.firstSlot.get(address);
    if (first === undefined) {
      this.firstSlot.set(address, slot);
      this.lasts[slot] = slot;
      return;
    }
    // A shared address (a finding): chained after its last place, in constant time however many
    // places a hand-edited model gives it.
    this.nexts[this.lasts[first] ?? first] = slot;
    this.lasts[first] = slot;
  }

  /** How many addresses have an owner. */
  get size(): number {
    return this.firstSlot.size;
  }

  /** The first place configuring the address, or -1; `next` walks the others in the order added. */
  first(address: number | undefined): number {
    return address === undefined ? -1 : (this.firstSlot.get(address) ?? -1);
  }

  next(slot: number): number {
    return this.nexts[slot] ?? -1;
  }

  device(slot: number): number {
    return this.devices[slot] ?? -1;
  }

  kind(slot: number): AddressKind {
    return kinds[this.kinds[slot] ?? 0] ?? 'loopback';
  }

  iface(slot: number): string {
    return this.ifaces[slot] ?? '';
  }

  /** The link of a fabric address's interface, when it is part of a matched link. */
  link(slot: number): number | undefined {
    const link = this.links[slot] ?? -1;
    return link < 0 ? undefined : link;
  }

  /** How many places configure the address. */
  count(address: number | undefined): number {
    let n = 0;
    for (let s = this.first(address); s >= 0; s = this.next(s)) n++;
    return n;
  }

  /** The first place of the device configuring the address, or -1. */
  onDevice(address: number | undefined, device: number): number {
    for (let s = this.first(address); s >= 0; s = this.next(s)) if (this.devices[s] === device) return s;
    return -1;
  }

  /** Every place configuring the address, in the order added; undefined when none does. */
  get(address: number): readonly AddressOwner[] | undefined {
    const first = this.first(address);
    if (first < 0) return undefined;
    const out: AddressOwner[] = [];
    for (let s = first; s >= 0; s = this.next(s)) out.push(this.owner(s));
    return out;
  }

  /** The addresses configured in more than one place, with their places, in the order first added. */
  shared(): [number, readonly AddressOwner[]][] {
    const out: [number, readonly AddressOwner[]][] = [];
    this.firstSlot.forEach((slot, address) => {
      if (this.next(slot) >= 0) out.push([address, this.get(address) ?? []]);
    });
    return out;
  }

  private owner(slot: number): AddressOwner {
    return { device: this.device(slot), kind: this.kind(slot), iface: this.iface(slot), link: this.link(slot) };
  }
}

/** A matched link; its key (`link:<a>:<iface>|<b>:<iface>`) is made when read. */
class Link implements FabricLink {
  constructor(
    readonly index: number,
    readonly a: LinkEnd,
    readonly b: LinkEnd,
    private readonly devices: readonly Device[],
  ) {}

  get key(): string {
    return `link:${this.devices[this.a.device]?.name ?? ''}:${this.a.iface.name}|${this.devices[this.b.device]?.name ?? ''}:${this.b.iface.name}`;
  }
}

export function thisEnd(link: FabricLink, device: number): LinkEnd {
  return link.a.device === device ? link.a : link.b;
}
