/**
 * Reading FRR 8.4's `show … json` output into the few facts the checks need. FRR's JSON is not a
 * stable API (keys differ between versions and commands), so each parser looks for what it needs,
 * tolerates what it does not, and says so when the shape is wrong instead of guessing.
 */

export type Parsed<T> = { readonly value: T } | { readonly error: string };

/** `show bgp neighbors json`: per peer address, the FSM state and the negotiated address families. */
export interface BgpNeighborState {
  readonly state: string;
  /** Address families negotiated with the peer (`ipv4Unicast`, `l2VpnEvpn`…), sorted. */
  readonly families: readonly string[];
  /** The IPv4 unicast maximum-prefix bgpd applies to the peer (`prefixAllowedMax`), when it has one. */
  readonly maximumPrefix?: number;
}

export function parseBgpNeighbors(text: string): Parsed<ReadonlyMap<string, BgpNeighborState>> {
  const json = parseJson(text);
  if ('error' in json) return json;
  if (!isRecord(json.value)) return { error: 'not a JSON object' };
  const out = new Map<string, BgpNeighborState>();
  for (const [address, raw] of Object.entries(json.value)) {
    if (!isRecord(raw)) continue;
    const state = typeof raw['bgpState'] === 'string' ? raw['bgpState'] : 'unknown';
    const caps = raw['neighborCapabilities'];
    const mp = isRecord(caps) ? caps['multiprotocolExtensions'] : undefined;
    const families = isRecord(mp)
      ? Object.entries(mp)
          .filter(([, v]) => isRecord(v) && v['advertisedAndReceived'] === true)
          .map(([k]) => k)
          .sort()
      : [];
    const afi = raw['addressFamilyInfo'];
    const v4 = isRecord(afi) ? afi['ipv4Unicast'] : undefined;
    const max = isRecord(v4) ? v4['prefixAllowedMax'] : undefined;
    out.set(address, typeof max === 'number' ? { state, families, maximumPrefix: max } : { state, families });
  }
  return { value: out };
}

export interface RouteNextHop {
  readonly ip: string | null;
  readonly interface: string | null;
  /**
   * Installed in the kernel's forwarding table: FRR's `fib` on an `active` next hop. FRR 10.3
   * keeps `fib` on a next hop it marked inactive when its interface went down (a failed spine's
   * link), while the kernel's route has already dropped it.
   */
  readonly fib: boolean;
}

export interface RouteEntry {
  readonly protocol: string;
  readonly selected: boolean;
  readonly installed: boolean;
  readonly nexthops: readonly RouteNextHop[];
}

/** `show ip route json`: prefix → its routes. */
export function parseRoutes(text: string): Parsed<ReadonlyMap<string, readonly RouteEntry[]>> {
  const json = parseJson(text);
  if ('error' in json) return json;
  if (!isRecord(json.value)) return { error: 'not a JSON object' };
  const out = new Map<string, RouteEntry[]>();
  for (const [prefix, list] of Object.entries(json.value)) {
    if (!Array.isArray(list)) continue;
    out.set(
      prefix,
      list.filter(isRecord).map((r) => ({
        protocol: typeof r['protocol'] === 'string' ? r['protocol'] : 'unknown',
        selected: r['selected'] === true,
        installed: r['installed'] === true,
        nexthops: (Array.isArray(r['nexthops']) ? r['nexthops'] : []).filter(isRecord).map((n) => ({
          ip: typeof n['ip'] === 'string' ? n['ip'] : null,
          interface: typeof n['interfaceName'] === 'string' ? n['interfaceName'] : null,
          fib: n['fib'] === true && n['active'] === true,
        })),
      })),
    );
  }
  return { value: out };
}

/** The route the kernel forwards with: selected and installed; its next hops in the FIB. */
export function installedRoute(routes: ReadonlyMap<string, readonly RouteEntry[]>, prefix: string): RouteEntry | undefined {
  return routes.get(prefix)?.find((r) => r.selected && r.installed);
}

export interface VniState {
  readonly vni: number;
  readonly type: 'L2' | 'L3' | 'unknown';
  /** Remote VTEPs of an L2 VNI (its flood list), sorted. */
  readonly remoteVteps: readonly string[];
}

/**
 * `show evpn vni detail json`. FRR 8.4 prints an array of VNIs and, oddly, puts the remote VTEP list
 * under `numRemoteVteps` (a number when there are none); newer versions use `remoteVteps`. A device
 * without VNIs (a spine) prints nothing at all.
 */
export function parseEvpnVnis(text: string): Parsed<ReadonlyMap<number, VniState>> {
  if (text.trim() === '') return { value: new Map() };
  const json = parseJson(text);
  if ('error' in json) return json;
  const list: unknown[] = Array.isArray(json.value) ? json.value : isRecord(json.value) ? Object.values(json.value) : [];
  if (!Array.isArray(json.value) && !isRecord(json.value)) return { error: 'neither a JSON array nor an object' };
  const out = new Map<number, VniState>();
  for (const raw of list) {
    if (!isRecord(raw) || typeof raw['vni'] !== 'number') continue;
    const type = raw['type'] === 'L2' || raw['type'] === 'L3' ? raw['type'] : 'unknown';
    const listed = Array.isArray(raw['remoteVteps']) ? raw['remoteVteps'] : Array.isArray(raw['numRemoteVteps']) ? raw['numRemoteVteps'] : [];
    const remoteVteps = listed
      .map((v) => (typeof v === 'string' ? v : isRecord(v) && typeof v['ip'] === 'string' ? v['ip'] : undefined))
      .filter((v): v is string => v !== undefined)
      .sort();
    out.set(raw['vni'], { vni: raw['vni'], type, remoteVteps });
  }
  return { value: out };
}

export interface BfdPeerState {
  readonly peer: string;
  readonly local: string | null;
  readonly interface: string | null;
  readonly multihop: boolean;
  /** The session's VRF (`default`, `prod`); null when FRR does not say. */
  readonly vrf: string | null;
  readonly status: string;
}

/** `show bfd peers json`: an array of sessions. */
export function parseBfdPeers(text: string): Parsed<readonly BfdPeerState[]> {
  if (text.trim() === '') return { value: [] };
  const json = parseJson(text);
  if ('error' in json) return json;
  if (!Array.isArray(json.value)) return { error: 'not a JSON array' };
  return {
    value: json.value.filter(isRecord).map((p) => ({
      peer: typeof p['peer'] === 'string' ? p['peer'] : '',
      local: typeof p['local'] === 'string' ? p['local'] : null,
      interface: typeof p['interface'] === 'string' ? p['interface'] : null,
      multihop: p['multihop'] === true,
      vrf: typeof p['vrf'] === 'string' ? p['vrf'] : null,
      status: typeof p['status'] === 'string' ? p['status'] : 'unknown',
    })),
  };
}

/**
 * `show bgp ipv4 unicast neighbors <peer> advertised-routes json`: the prefixes sent to the peer,
 * the keys of `advertisedRoutes` (absent when nothing is sent). FRR answers a question it cannot
 * (no such neighbour, or `show bgp` without a family: IPv6) with `{ "warning": … }`.
 */
export function parseAdvertisedRoutes(text: string): Parsed<ReadonlySet<string>> {
  return parsePrefixKeys(text, 'advertisedRoutes');
}

/** `show bgp ipv4 unicast neighbors <peer> routes json`: the prefixes accepted from the peer, the keys of `routes`. */
export function parseBgpRoutes(text: string): Parsed<ReadonlySet<string>> {
  return parsePrefixKeys(text, 'routes');
}

/** A next hop of a kernel route: its gateway and device, as `ip -j route` prints them. */
export interface KernelNexthop {
  readonly gateway: string | null;
  readonly dev: string | null;
}

/**
 * `ip -j -4 route show proto bgp`: the routes bgpd installed in the kernel's table, by prefix
 * (`10.0.1.12/32`; iproute2 prints a host route without its length, the default as `default`),
 * each with its next hops: on the route when it has one, in `nexthops` when it has several.
 */
export function parseKernelRoutes(text: string): Parsed<ReadonlyMap<string, readonly KernelNexthop[]>> {
  const json = parseJsonArray(text);
  if ('error' in json) return json;
  const out = new Map<string, KernelNexthop[]>();
  for (const route of json.value) {
    if (!isRecord(route) || typeof route['dst'] !== 'string') continue;
    const dst = route['dst'] === 'default' ? '0.0.0.0/0' : route['dst'].includes('/') ? route['dst'] : `${route['dst']}/32`;
    out.set(dst, kernelNexthops(route));
  }
  return { value: out };
}

/** A kernel route's next hops: on the route itself when it has one, in `nexthops` when several. */
function kernelNexthops(route: Record<string, unknown>): KernelNexthop[] {
  const hops = Array.isArray(route['nexthops']) ? route['nexthops'].filter(isRecord) : [route];
  return hops.map((h) => ({ gateway: typeof h['gateway'] === 'string' ? h['gateway'] : null, dev: typeof h['dev'] === 'string' ? h['dev'] : null }));
}

/**
 * `ip -j -4 route show vrf <vrf> 0.0.0.0/0`: the gateways of the kernel's default route in the VRF,
 * sorted; none without one. iproute2 prints a route of one next hop with `gateway` on the route,
 * one of several with a `nexthops` list (ip-route(8), `nexthop via`).
 */
export function parseKernelGateways(text: string): Parsed<readonly string[]> {
  const json = parseJsonArray(text);
  if ('error' in json) return json;
  const out: string[] = [];
  for (const route of json.value) {
    if (!isRecord(route)) continue;
    for (const h of kernelNexthops(route)) if (h.gateway !== null) out.push(h.gateway);
  }
  return { value: out.sort() };
}

/**
 * `bridge -j fdb show`: each VXLAN device's flood list, the remote VTEPs its broadcast, unknown
 * unicast and multicast traffic is replicated to. zebra installs one all-zeros MAC entry with the
 * VTEP as `dst` for each remote VTEP whose inclusive-multicast route it holds (head-end
 * replication); other entries are MACs. Devices without such an entry are absent.
 */
export function parseFloodLists(text: string): Parsed<ReadonlyMap<string, readonly string[]>> {
  const json = parseJsonArray(text);
  if ('error' in json) return json;
  const out = new Map<string, string[]>();
  for (const e of json.value) {
    if (!isRecord(e) || e['mac'] !== '00:00:00:00:00:00' || typeof e['ifname'] !== 'string' || typeof e['dst'] !== 'string') continue;
    const list = out.get(e['ifname']) ?? [];
    if (!list.includes(e['dst'])) list.push(e['dst']);
    out.set(e['ifname'], list);
  }
  for (const list of out.values()) list.sort();
  return { value: out };
}

function parsePrefixKeys(text: string, key: string): Parsed<ReadonlySet<string>> {
  const json = parseJson(text);
  if ('error' in json) return json;
  if (!isRecord(json.value)) return { error: 'not a JSON object' };
  const warning = json.value['warning'];
  if (typeof warning === 'string') return { error: warning };
  const routes = json.value[key];
  if (routes === undefined) return { value: new Set() };
  if (!isRecord(routes)) return { error: `${key} is not an object` };
  return { value: new Set(Object.keys(routes)) };
}

/**
 * `show evpn next-hops vni all json`: per L3VNI, the remote VTEPs zebra has a next-hop entry for
 * (the neighbour on the L3VNI's SVI and the router MAC behind it): `{ "<vni>": { "numNextHops": n,
 * "<ip>": { "nexthopIp": …, "routerMac": … } } }`. Nothing at all when there is no L3VNI.
 */
export function parseEvpnNextHops(text: string): Parsed<ReadonlyMap<number, ReadonlySet<string>>> {
  if (text.trim() === '') return { value: new Map() };
  const json = parseJson(text);
  if ('error' in json) return json;
  if (!isRecord(json.value)) return { error: 'not a JSON object' };
  const out = new Map<number, Set<string>>();
  for (const [vni, raw] of Object.entries(json.value)) {
    if (!isRecord(raw) || !/^\d+$/.test(vni)) continue;
    const hops = new Set<string>();
    for (const [key, hop] of Object.entries(raw)) if (isRecord(hop) && typeof hop['nexthopIp'] === 'string') hops.add(key);
    out.set(Number(vni), hops);
  }
  return { value: out };
}

/** The JSON array iproute2 prints (`ip -j`, `bridge -j`); no output at all is an empty one. */
function parseJsonArray(text: string): Parsed<readonly unknown[]> {
  if (text.trim() === '') return { value: [] };
  const json = parseJson(text);
  if ('error' in json) return json;
  return Array.isArray(json.value) ? { value: json.value } : { error: 'not a JSON array' };
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Where the parser stopped, when it says (V8: "… in JSON at position 28551"): the text there.
    const at = /position (\d+)/.exec(message);
    if (at !== null) {
      const p = Number(at[1]);
      return { error: `not JSON (${message}): …${text.slice(Math.max(0, p - 80), p)}<here>${text.slice(p, p + 80)}…` };
    }
    const first = text.trim().split('\n')[0] ?? '';
    return { error: `not JSON (${message}): ${first.slice(0, 120)}` };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
