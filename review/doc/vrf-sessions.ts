/**
 * `clos doc`, BGP sessions: the peer groups of the VRFs' sessions to routers outside the fabric
 * (`EXTERNAL-<vrf>`) and to hosts (`HOSTS-<network>`), the route maps and prefix lists they apply
 * and what those let through, the most prefixes a session may send, and the listen ranges with the
 * listen limit of each VRF instance. These are the names an operator meets in `show bgp` output
 * and in the running configuration, so every one is read from the device models, the values the
 * templates render, never rebuilt from the intent.
 */
import type { DeviceModel, Platform, RoutingPolicy, VrfPeerGroup } from '../../compiler/build/device-model.js';
import type { FabricModel } from '../../compiler/resolve/fabric-model.js';
import { compareNatural } from '../../compiler/shared/natural-order.js';
import { describeFilter, matchedPrefixLists } from '../../verify/analysis/route-filters.js';
import { describeCarriers, describeLeafNames, table } from './markdown.js';

interface GroupRow {
  readonly group: VrfPeerGroup;
  readonly vrf: string;
  /** `routers outside the fabric`, `hosts of <network>`. */
  readonly peers: string;
  readonly leaves: string[];
  readonly remoteAs: Set<number>;
  readonly inbound: string;
  readonly outbound: string;
}

interface RangeRow {
  readonly prefix: string;
  readonly vrf: string;
  readonly peerGroup: string;
  readonly remoteAs: number;
  readonly leaves: string[];
  /** What each leaf's VRF instance admits, as rendered: value text → leaves. */
  readonly limits: Map<string, string[]>;
}

/** How each platform renders these names: the same names everywhere, in different statements. */
const platformForms: Readonly<Record<Platform, string>> = {
  frr: 'FRR: `neighbor <group> peer-group`, `maximum-prefix`, `bgp listen range <subnet> peer-group <group>` and `bgp listen limit` in the VRF instance',
  eos: 'EOS: `neighbor <group> peer group`, `maximum-routes`, `bgp listen range <subnet> peer-group <group> remote-as <asn>` in the VRF; no listen limit is configured (EOS keeps its own)',
  nxos: 'NX-OS: `template peer <group>` that each neighbour inherits (`inherit peer`), `maximum-prefix`, a listen range as a prefix neighbour `neighbor <subnet>` inheriting the template; no listen limit is configured (NX-OS keeps its own)',
};

export function vrfSessions(fabric: FabricModel, byName: ReadonlyMap<string, DeviceModel>): string[] {
  const out = ['### External and host peer groups', ''];
  const groups = new Map<string, GroupRow>();
  const ranges = new Map<string, RangeRow>();
  const platforms = new Set<Platform>();
  for (const leaf of fabric.leaves) {
    const d = byName.get(leaf.name);
    if (d === undefined) continue;
    for (const v of d.bgp.vrfs) {
      if (v.peerGroups.length > 0) platforms.add(d.platform);
      for (const g of v.peerGroups) {
        const inbound = describePolicy(d.routingPolicy, g.routeMapIn);
        const outbound = describePolicy(d.routingPolicy, g.routeMapOut);
        // Keyed by what is configured, so a device whose group differs shows as a row of its own.
        const key = [g.name, v.vrf, inbound, outbound, g.maximumPrefix, g.bfd, g.remoteAs].join('\u0000');
        const network = v.listenRanges.find((r) => r.peerGroup === g.name)?.network;
        const peers = g.purpose === 'external' ? 'routers outside the fabric' : `hosts of ${network ?? 'a network'}`;
        const row = groups.get(key) ?? { group: g, vrf: v.vrf, peers, leaves: [], remoteAs: new Set<number>(), inbound, outbound };
        row.leaves.push(d.name);
        if (g.remoteAs !== null) row.remoteAs.add(g.remoteAs);
        for (const n of v.neighbors) if (n.peerGroup === g.name) row.remoteAs.add(n.remoteAs);
        groups.set(key, row);
      }
      for (const r of v.listenRanges) {
        const key = [r.prefix, v.vrf, r.peerGroup, r.remoteAs].join('\u0000');
        const row = ranges.get(key) ?? { prefix: r.prefix, vrf: v.vrf, peerGroup: r.peerGroup, remoteAs: r.remoteAs, leaves: [], limits: new Map<string, string[]>() };
        row.leaves.push(d.name);
        const limit = d.platform === 'frr' ? String(v.listenLimit ?? '—') : `not configured (${d.platform})`;
        const withLimit = row.limits.get(limit);
        if (withLimit === undefined) row.limits.set(limit, [d.name]);
        else withLimit.push(d.name);
        ranges.set(key, row);
      }
    }
  }
  if (groups.size === 0) return [...out, 'None: no VRF hands off to a router outside the fabric and no network has hosts that speak BGP.'];
  out.push(
    'Each VRF with an exit has one peer group for its external sessions on its border leaves, `EXTERNAL-<vrf>`; each network whose hosts speak BGP has one, `HOSTS-<network>`, on every leaf that carries it. The inbound route map lets in only what the VRF accepts (or the hosts\' accept pools), through the prefix list it matches; the outbound one lets out only what the VRF announces, and nothing to hosts. A session that sends more prefixes than the maximum is shut down.',
    '',
    `The names are the same on every platform; the statements differ. ${[...platforms].sort().map((p) => platformForms[p]).join('. ')}.`,
    '',
  );
  // External groups first, then the hosts', each by name.
  const sorted = [...groups.values()].sort((a, b) => (a.group.purpose === b.group.purpose ? compareNatural(a.group.name, b.group.name) : a.group.purpose === 'external' ? -1 : 1));
  const rows = sorted.map((r) => [
    r.group.name,
    r.vrf,
    r.peers,
    r.remoteAs.size === 0 ? '—' : [...r.remoteAs].sort((a, b) => a - b).map((a) => `AS${a}`).join(', '),
    describeLeafNames(r.leaves),
    r.inbound,
    r.outbound,
    String(r.group.maximumPrefix),
    r.group.bfd ? 'yes' : 'no',
  ]);
  out.push(...table(['Peer group', 'VRF', 'Peers', 'Remote AS', 'Leaves', 'Inbound: accepts', 'Outbound: announces', 'Max prefixes per session', 'BFD'], rows));
  if (ranges.size === 0) return out;
  out.push(
    '',
    '#### Listen ranges',
    '',
    "Any host of a listen range may open a session with the session address of its leaf (see [BGP to hosts](#bgp-to-hosts)) and joins the range's peer group as a dynamic neighbour. The listen limit is the most dynamic neighbours one VRF instance of a leaf admits: every host address of the listen ranges it carries.",
    '',
  );
  const rangeRows = [...ranges.values()].sort((a, b) => compareNatural(a.vrf, b.vrf) || compareNatural(a.peerGroup, b.peerGroup)).map((r) => [r.prefix, r.vrf, r.peerGroup, `AS${r.remoteAs}`, describeCarriers(r.leaves, fabric.leaves), describeLimits(r)]);
  out.push(...table(['Listen range', 'VRF', 'Peer group', 'Remote AS', 'Leaves', 'Listen limit of the VRF instance'], rangeRows));
  return out;
}

/** `` `RM-prod-EXTERNAL-IN` (prefix list `PL-prod-ACCEPT`): 0.0.0.0/0 ``. */
function describePolicy(policy: RoutingPolicy, routeMap: string): string {
  const lists = matchedPrefixLists(policy, routeMap);
  const through = lists.length === 0 ? '' : ` (prefix ${lists.length === 1 ? 'list' : 'lists'} ${lists.map((l) => `\`${l}\``).join(', ')})`;
  return `\`${routeMap}\`${through}: ${describeFilter(policy, routeMap)}`;
}

/** One value when every leaf has it, else each value with its leaves. */
function describeLimits(r: RangeRow): string {
  if (r.limits.size === 1) return [...r.limits.keys()][0] ?? '—';
  return [...r.limits].map(([value, leaves]) => `${value} on ${describeLeafNames(leaves)}`).join('; ');
}
