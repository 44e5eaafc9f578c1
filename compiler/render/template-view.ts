/**
 * What the templates see: the device model, plus `interfaces.physical`, the device's physical ports
 * (fabric links, server ports and external hand-off ports together) in natural order — `Ethernet1`, `Ethernet2`, …,
 * `Ethernet49` — the order in which a switch lists them in its own running configuration.
 *
 * Why a view here and not a field of the device model: the model groups interfaces by kind, each
 * list already sorted naturally by name in build/interfaces.ts, and that is all there is to know
 * about them; interleaving two of those lists is how a configuration file prints them, not a fact
 * about the device. As a model field it would be a second copy of every fabric and server
 * interface in model.json (a few percent more output on a thousand-leaf fabric, and each changed
 * port reported twice by `clos diff`), and the templates would then print a list the verifier
 * never reads, where today they print exactly the lists it checks. The view only refers to the
 * model's own interface objects: it adds no value the model does not hold, and copies nothing.
 *
 * Cost: one comparison per port (a merge of two sorted lists, no sort) and one small object per
 * port, once per device for all its templates. The model is not changed: the view is a new object
 * over it, as the model's shared parts are frozen (build/context.ts). Every property is the view's
 * own, as both template runtimes read own properties only (fast-templates.ts, Handlebars's
 * prototype-access rules).
 */
import type { DeviceInterfaces, DeviceModel, ExternalPort, FabricInterface, LagInterface, PrefixList, PrefixListEntry, RouteMap, RouteMapEntry, RoutedSubinterface, RoutingPolicy, ServerInterface } from '../build/device-model.js';
import { compareNatural } from '../shared/natural-order.js';
import { mapList } from '../shared/lists.js';

/**
 * One port of the device's port list: exactly one of `fabric`, `server`, `lagMember`, `external`
 * and `subinterface` is set, the others are null, so a template prints the right stanza with
 * `{{#with fabric}}…{{/with}}{{#with server}}…{{/with}}`. A hand-off port's routed
 * sub-interfaces (`Ethernet47.3100`) follow it, as a switch lists them. A server port that is a
 * member of a port-channel is a `lagMember`: its stanza only joins the port-channel, whose number
 * and LACP settings the template reads beside the port.
 */
export interface PhysicalPort {
  readonly fabric: FabricInterface | null;
  readonly server: ServerInterface | null;
  readonly lagMember: LagMember | null;
  readonly external: ExternalPort | null;
  readonly subinterface: RoutedSubinterface | null;
}

export interface LagMember {
  readonly port: ServerInterface;
  readonly lag: LagInterface;
}

export interface TemplateInterfaces extends DeviceInterfaces {
  /** `fabric`, `servers`, `external` and `subinterfaces` merged in natural order of their names. */
  readonly physical: readonly PhysicalPort[];
}

/**
 * The routing policy with every prefix-list entry and route-map clause also as a line of its own,
 * each with the name of its list or map: NX-OS and FRR write a prefix list as one line per entry
 * and every platform opens each route-map clause with the map's name, and the templates have no
 * way to reach an enclosing list's name (`../`, which the fast runtime does not support).
 *
 * Shared lists are turned into lines once, and the lines are frozen like the lists they come
 * from: a template loop over them reads only its item, so the fast runtime renders the text of a
 * shared list once per thread and reuses it on every device that holds the list (fast-templates.ts,
 * emitCached). On a thousand-leaf fabric the prefix lists are most of each FRR leaf's frr.conf.
 */
export interface TemplateRoutingPolicy extends RoutingPolicy {
  /** Each prefix list that has entries, in the model's order, as its lines. */
  readonly prefixListLines: readonly PrefixListLines[];
  readonly routeMapClauses: readonly RouteMapClause[];
}

export type PrefixListLine = PrefixListEntry & { readonly list: string };
export type RouteMapClause = RouteMapEntry & { readonly map: string };

/** One prefix list, one line per entry (FRR and NX-OS: `ip prefix-list <list> seq …`). */
export interface PrefixListLines {
  readonly lines: readonly PrefixListLine[];
}

export interface TemplateView extends Omit<DeviceModel, 'interfaces' | 'routingPolicy'> {
  readonly interfaces: TemplateInterfaces;
  readonly routingPolicy: TemplateRoutingPolicy;
}

/** The view of one device the templates render. */
export function createTemplateView(device: DeviceModel): TemplateView {
  const { fabric, servers, external, subinterfaces, lags } = device.interfaces;
  return { ...device, interfaces: { ...device.interfaces, physical: mergePhysicalPorts(fabric, servers, external, subinterfaces, lags) }, routingPolicy: policyView(device.routingPolicy) };
}

const linesOf = new WeakMap<PrefixList, PrefixListLines | null>();
const clausesOf = new WeakMap<RouteMap, readonly RouteMapClause[]>();

function policyView(policy: RoutingPolicy): TemplateRoutingPolicy {
  const prefixListLines: PrefixListLines[] = [];
  for (const l of policy.prefixLists) {
    let lines = linesOf.get(l);
    if (lines === undefined) {
      lines = l.entries.length === 0 ? null : sharedLike(l, { lines: sharedLike(l, mapList(l.entries, (e) => sharedLike(l, { ...e, list: l.name }))) });
      linesOf.set(l, lines);
    }
    if (lines !== null) prefixListLines.push(lines);
  }
  const routeMapClauses: RouteMapClause[] = [];
  for (const m of policy.routeMaps) {
    let clauses = clausesOf.get(m);
    if (clauses === undefined) {
      clauses = sharedLike(m, mapList(m.entries, (e) => sharedLike(m, { ...e, map: m.name })));
      clausesOf.set(m, clauses);
    }
    routeMapClauses.push(...clauses);
  }
  return { prefixLists: policy.prefixLists, routeMaps: policy.routeMaps, prefixListLines, routeMapClauses };
}

/**
 * A value made from a model's list, frozen when the list is (the build shares and deep-freezes
 * it, build/context.ts): the entries it copies are then frozen too, and so is the copy.
 */
function sharedLike<T extends object>(from: object, value: T): T {
  return Object.isFrozen(from) ? Object.freeze(value) : value;
}

/**
 * The lists are each sorted by compareNatural of their names (build/interfaces.ts, external.ts),
 * so merging them keeps that order. A port in two lists (an intent error: resolve rejects it, the
 * verifier reports it) would appear twice, fabric first. Most devices have fabric links and server
 * ports only: one comparison per port.
 */
export function mergePhysicalPorts(
  fabric: readonly FabricInterface[],
  servers: readonly ServerInterface[],
  external: readonly ExternalPort[] = [],
  subinterfaces: readonly RoutedSubinterface[] = [],
  lags: readonly LagInterface[] = [],
): PhysicalPort[] {
  const ports: PhysicalPort[] = [];
  const lagOf = lags.length === 0 ? undefined : new Map(mapList(lags, (l) => [l.name, l]));
  const lists = [fabric, servers, external, subinterfaces] as const;
  const at = [0, 0, 0, 0];
  for (;;) {
    let pick = -1;
    let name = '';
    for (let k = 0; k < 4; k++) {
      const item = lists[k]?.[at[k] ?? 0];
      if (item === undefined) continue;
      if (pick < 0 || compareNatural(item.name, name) < 0) {
        pick = k;
        name = item.name;
      }
    }
    if (pick < 0) return ports;
    const i = at[pick] ?? 0;
    at[pick] = i + 1;
    const none = { fabric: null, server: null, lagMember: null, external: null, subinterface: null };
    if (pick === 0) ports.push({ ...none, fabric: fabric[i] ?? null });
    else if (pick === 1) {
      const server = servers[i] ?? null;
      const lag = server?.lag == null ? undefined : lagOf?.get(server.lag);
      ports.push(lag === undefined || server === null ? { ...none, server } : { ...none, lagMember: { port: server, lag } });
    } else if (pick === 2) ports.push({ ...none, external: external[i] ?? null });
    else ports.push({ ...none, subinterface: subinterfaces[i] ?? null });
  }
}
