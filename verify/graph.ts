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
  readonly owners: ReadonlyMap<number, readonly AddressOwner[]>;
  readonly statements: readonly NeighborStatement[];
  readonly statementsOf: readonly (readonly number[])[];
}

function compareDevices(a: DeviceModel, b: DeviceModel): number {
  if (a.role !== b.role) return a.role === 'spine' ? -1 : 1;
  return a.id - b.id || compareNatural(a.name, b.name);
}

export function buildFabricGraph(models: readonly DeviceModel[]): FabricGraph {
  const graph = new MultiGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
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
  for (const d of devices) graph.addNode(d.name, { index: d.index, role: d.role });

  const owners = new Map<number, AddressOwner[]>();
  const own = (address: number | undefined, owner: AddressOwner): void => {
    if (address === undefined) return;
    const list = owners.get(address);
    if (list === undefined) owners.set(address, [owner]);
    else list.push(owner);
  };

  const links: FabricLink[] = [];
  const linksOf: number[][] = devices.map(() => []);
  const dangling: DanglingInterface[] = [];
  const linkOfIface: Map<string, number>[] = devices.map(() => new Map<string, number>());
  const ifaceMaps = devices.map((d) => new Map(d.model.interfaces.fabric.map((f) => [f.name, f])));
  for (const d of devices) {
    const mine = linkOfIface[d.index];
    for (const f of d.model.interfaces.fabric) {
      // Already matched from the other end, which checked that both ends name each other.
      if (mine?.has(f.name) === true) continue;
      const p = byName.get(f.peer.device);
      if (p === undefined) {
        dangling.push({ device: d.index, iface: f, why: `names peer '${f.peer.device}', which is not a device of this fabric` });
        continue;
      }
      if (p === d.index) {
        dangling.push({ device: d.index, iface: f, why: 'names its own device as peer' });
        continue;
      }
      const g = ifaceMaps[p]?.get(f.peer.interface);
      if (g === undefined) {
        dangling.push({ device: d.index, iface: f, why: `names ${f.peer.interface} of '${f.peer.device}' as peer, but '${f.peer.device}' has no such fabric interface` });
        continue;
      }
      if (g.peer.device !== d.name || g.peer.interface !== f.name) {
        dangling.push({
          device: d.index,
          iface: f,
          why: `names ${f.peer.interface} of '${f.peer.device}' as peer, but that interface is cabled to ${g.peer.interface} of '${g.peer.device}'`,
        });
        continue;
      }
      if (p < d.index) continue; // created from the other end
      const dEnd: LinkEnd = { device: d.index, iface: f, cidr: parseCidr(f.address) };
      const pEnd: LinkEnd = { device: p, iface: g, cidr: parseCidr(g.address) };
      const leafFirst = d.role === 'spine' && devices[p]?.role === 'leaf';
      const [a, b] = leafFirst ? [pEnd, dEnd] : [dEnd, pEnd];
      const index = links.length;
      const key = `link:${devices[a.device]?.name ?? ''}:${a.iface.name}|${devices[b.device]?.name ?? ''}:${b.iface.name}`;
      links.push({ index, key, a, b });
      linksOf[a.device]?.push(index);
      linksOf[b.device]?.push(index);
      linkOfIface[a.device]?.set(a.iface.name, index);
      linkOfIface[b.device]?.set(b.iface.name, index);
      graph.addUndirectedEdgeWithKey(key, devices[a.device]?.name ?? '', devices[b.device]?.name ?? '', { kind: 'link', link: index });
    }
  }

  for (const d of devices) {
    const m = d.model;
    own(parseCidr(m.interfaces.loopback0.address)?.address, { device: d.index, kind: 'loopback', iface: m.interfaces.loopback0.name, link: undefined });
    if (m.interfaces.vtep !== null) {
      own(parseCidr(m.interfaces.vtep.address)?.address, { device: d.index, kind: 'vtep', iface: m.interfaces.vtep.name, link: undefined });
    }
    for (const f of m.interfaces.fabric) {
      const link = linkOfIface[d.index]?.get(f.name);
      // A matched link has both ends' addresses parsed already.
      const end = link === undefined ? undefined : links[link];
      const cidr = end === undefined ? parseCidr(f.address) : thisEnd(end, d.index).cidr;
      own(cidr?.address, { device: d.index, kind: 'fabric', iface: f.name, link });
    }
  }

  const statements: NeighborStatement[] = [];
  const statementsOf: number[][] = devices.map(() => []);
  for (const d of devices) {
    const groups = new Map(d.model.bgp.peerGroups.map((g) => [g.name, g]));
    for (const n of d.model.bgp.neighbors) {
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
    }
  }

  return { fabric: devices[0]?.model.fabric ?? '', graph, devices, byName, duplicateNames, spines, leaves, links, linksOf, dangling, owners, statements, statementsOf };
}

export function thisEnd(link: FabricLink, device: number): LinkEnd {
  return link.a.device === device ? link.a : link.b;
}
