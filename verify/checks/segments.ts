/**
 * Check 10, LAGs, Ethernet segments and server redundancy, on the device models as deployed:
 *
 * - Every server port and port-channel carries exactly the VLANs of the networks it names, as its
 *   leaf's VLAN table maps them (CLOS5217, edge-ports.ts): the rest of the check reasons about
 *   networks by name, the platforms configure ports by VLAN number.
 * - Every port-channel runs LACP active (5218) and holds exactly the server ports that name it, of
 *   its own server, carrying its VLANs and its MTU (5204).
 * - Every Ethernet segment is on exactly the two leaves it names (5201) and configured identically
 *   on both: ESI, system MAC and LACP system-id, discriminator and port-channel number, server,
 *   mode, VLANs, networks, MTU and LACP rate (5200); its ESI is a well-formed type-3 ESI built from its system MAC
 *   and discriminator (5203) and names no other segment (5202); its system MAC is no leaf's router
 *   MAC and not the anycast gateway MAC (5208); its leaves run one platform, or a warning (5206).
 * - A server's ports agree on its bond on every leaf, a port bonded with LACP is a member of a
 *   port-channel (and only such a port is), and a server's port-channels on two leaves are one
 *   Ethernet segment (5188, server-bonds.ts); verifying an intent, every server is on the leaf ports
 *   and has the bond the intent gives it (5189).
 * - Every leaf with segments tracks all of its uplinks and takes all of its segments down with
 *   them (5205).
 * - With any one leaf or server link down, every multihomed server (`lacp` across two leaves, or
 *   `active-backup`) keeps an attachment carrying each of its networks (5207).
 * - What the templates render of server ports, port-channels and segments from fields derived from
 *   the ones above agrees with them (5209-5216, edge-ports.ts): the ESI's grouped form, the ES-Import
 *   route target, the dotted MACs, the access VLAN, the jumbo flag, and on FRR the Linux bonds and bridges.
 *
 * Why the last point is the whole of "every multihomed server still reaches every other server of
 * its networks with any one leaf, link or spine down": in a Clos with eBGP loop prevention a leaf
 * never carries traffic between two other leaves, so taking a leaf down changes no path between
 * the leaves that remain. A server whose surviving leaf still carries the network therefore
 * reaches every server it reached through that leaf before, over leaf pairs whose underlay and
 * EVPN exchange checks 4 and 6 prove, and those pairs survive any `verify.failures` spines or
 * fabric links down by check 9. A server link down is the same as its leaf down, for that server.
 * So the question left per server is local, and linear in the servers: 20,000 of them cost one pass.
 *
 * Servers without such redundancy are not errors but design facts: they are summarised as notes
 * (single-homed servers, servers on a local LAG, servers with independent ports), grouped by leaf
 * so the report stays a few lines long on a fabric of any size. Which is which is
 * analysis/server-homing.ts, shared with `clos doc`.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import type { DeviceModel, LagInterface } from '../../compiler/build/device-model.js';
import { Findings, keysOf, type CheckOutput, type VerifyContext } from '../context.js';
import { listNames, plural } from '../locate.js';
import { checkPortForms, checkLagForms, checkLinuxPlumbing, createEdgePortMemo } from './edge-ports.js';
import { unread } from '../read-model.js';
import { checkDeclaredServers, checkServerBonds } from './server-bonds.js';
import { addServerPort, classifyHoming, sameItems, type Attachment, type ServerView } from '../analysis/server-homing.js';

/** Leaves (by id) shown per note line. */
const noteLeaves = 6;

export function checkSegments(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const leaves = ctx.fg.leaves.map((i) => ctx.fg.devices[i]?.model).filter((m): m is DeviceModel => m !== undefined);
  const servers = new Map<string, ServerView>();
  const segments = new Map<string, { leaf: DeviceModel; lag: LagInterface }[]>();
  const routerMacs = new Map<string, string>();
  let localLags = 0;
  const edgeMemo = createEdgePortMemo();
  ctx.fg.leaves.forEach((i) => {
    const m = ctx.fg.devices[i]?.model;
    if (m !== undefined) checkEdgeProtection(f, m, keysOf(ctx, i));
  });

  for (const m of leaves) {
    // forEach, not for…of, in the per-leaf loops: they run once, mostly before they are optimized,
    // where for…of allocates an iterator result per element (bench/PROFILE.md, sections 30 and 33).
    (m.linux?.l3vniBridges ?? []).forEach((b) => routerMacs.set(b.mac.toLowerCase(), m.name));
    checkLagMembers(f, m);
    m.interfaces.lags.forEach((lag) => {
      checkLagForms(f, m, lag, edgeMemo);
      if (lag.segment === null) {
        localLags++;
        return;
      }
      const list = segments.get(lag.segment.esi) ?? [];
      list.push({ leaf: m, lag });
      segments.set(lag.segment.esi, list);
    });
    checkTracking(f, m);
    checkLinuxPlumbing(f, m);
    const lagByName = new Map(m.interfaces.lags.map((l) => [l.name, l]));
    m.interfaces.servers.forEach((port) => {
      checkPortForms(f, m, port, edgeMemo);
      addServerPort(servers, m.name, port, port.lag === null ? undefined : lagByName.get(port.lag));
    });
  }

  checkServerBonds(f, leaves);
  if (ctx.declared !== undefined) checkDeclaredServers(f, leaves, ctx.declared.servers);
  const anycast = new Set(leaves.map((m) => m.anycastGateway?.mac.toLowerCase()).filter((x): x is string => x !== undefined));
  for (const [esi, sides] of segments) checkSegment(f, esi, sides, routerMacs, anycast);
  const redundancy = checkRedundancy(ctx, f, [...servers.values()]);

  const summary = `${plural(segments.size, 'Ethernet segment')}, ${plural(localLags, 'local LAG')}; ${redundancy.redundant} of ${plural(servers.size, 'server')} ${redundancy.redundant === 1 ? 'survives' : 'survive'} any one leaf or link failure`;
  return { diagnostics: f.list, summary, notes: redundancy.notes, details: redundancy.details };
}

/** A port-channel holds exactly the ports that name it, of its server, with its VLANs. */
function checkLagMembers(f: Findings, m: DeviceModel): void {
  const at = [`leaf:${m.name}`];
  const names = new Set<string>();
  for (const lag of m.interfaces.lags) {
    // Provenance keys only for a finding (6,576 segments, two port-channels each, on the scale target).
    const keys = (): string[] => [`server:${lag.server}.lag`, `server:${lag.server}`, ...at];
    if (names.has(lag.name)) f.add(V.lagInconsistent, { device: m.name, at: keys() }, m.name, lag.name, 'is configured twice');
    names.add(lag.name);
    if (lag.members.length === 0) f.add(V.lagInconsistent, { device: m.name, at: keys() }, m.name, lag.name, 'has no member ports');
    for (const member of lag.members) {
      const port = m.interfaces.servers.find((p) => p.name === member);
      const why =
        port === undefined
          ? `lists ${member}, which is not a server port`
          : port.lag !== lag.name
            ? `lists ${member}, which names ${port.lag ?? 'no port-channel'}`
            : port.server !== lag.server
              ? `of server '${lag.server}' lists ${member}, a port of server '${port.server}'`
              : port.mode !== lag.mode || (!sameItems(port.vlans, lag.vlans) && port.vlans.join(',') !== lag.vlans.join(','))
                ? `carries ${lag.mode} VLANs ${lag.vlans.join(',')}, but its member ${member} ${port.mode} VLANs ${port.vlans.join(',')}`
                : // Only NX-OS gives a member an MTU of its own (mtu 9216 from jumbo): EOS gives
                  // it none, FRR's bond sets its members'.
                  m.platform === 'nxos' && port.jumbo !== lag.jumbo
                  ? `has MTU ${lag.mtu}, but its member ${member} has ${port.mtu} (NX-OS suspends a member whose MTU is not its port-channel's)`
                  : undefined;
      if (why !== undefined) f.add(V.lagInconsistent, { device: m.name, at: keys() }, m.name, lag.name, why);
    }
  }
  for (const port of m.interfaces.servers) {
    if (port.lag === null) continue;
    const lag = m.interfaces.lags.find((l) => l.name === port.lag);
    if (lag === undefined) f.add(V.lagInconsistent, { device: m.name, at: [`server:${port.server}`, ...at] }, m.name, port.lag, `is named by ${port.name}, but '${m.name}' has no such port-channel`);
    else if (!lag.members.includes(port.name)) f.add(V.lagInconsistent, { device: m.name, at: [`server:${port.server}`, ...at] }, m.name, port.lag, `does not list ${port.name}, which names it`);
  }
}

/**
 * A leaf with segments tracks every uplink and takes every segment down with them. What is
 * deployed is decided by `multihoming` being there, not by its lists: every platform's template
 * tracks each fabric interface (FRR `evpn mh uplink`, EOS `link tracking group … upstream`, NX-OS
 * `evpn multihoming core-tracking`) and takes down each port-channel of a segment (EOS `…
 * downstream`; FRR and NX-OS do so for every segment themselves) whenever it is set, whatever
 * `uplinks` and `segments` list. A finding on the lists would be about lines no configuration has.
 */
function checkTracking(f: Findings, m: DeviceModel): void {
  if (!m.interfaces.lags.some((l) => l.segment !== null)) return;
  const place = { device: m.name, at: [`leaf:${m.name}`] };
  const mh = m.multihoming;
  if (mh === null) {
    f.add(V.segmentUntracked, place, m.name, 'tracks no uplink');
    return;
  }
  // EOS writes the group's name on every uplink and segment: without one, neither line configures.
  if (m.platform === 'eos' && !/^[A-Za-z0-9_-]+$/.test(unread(mh.trackingGroup) ?? '')) f.add(V.segmentUntracked, place, m.name, 'names no EOS link tracking group (multihoming.trackingGroup)');
}

function checkSegment(
  f: Findings,
  esi: string,
  sides: readonly { leaf: DeviceModel; lag: LagInterface }[],
  routerMacs: ReadonlyMap<string, string>,
  anycast: ReadonlySet<string>,
): void {
  const first = sides[0];
  const segment = first?.lag.segment;
  if (first === undefined || segment === undefined || segment === null) return;
  const server = first.lag.server;
  const at = [`server:${server}.attach`, `server:${server}`];
  const servers = [...new Set(sides.map((s) => s.lag.server))];
  const leafNames = sides.map((s) => s.leaf.name);
  if (servers.length > 1 || new Set(leafNames).size < leafNames.length) {
    const uses = sides.map((s) => `${s.lag.name} of '${s.leaf.name}' (server '${s.lag.server}')`);
    f.add(V.esiReused, { device: first.leaf.name, at: servers.flatMap((s) => [`server:${s}.lag`, `server:${s}`]) }, esi, listNames(uses, 4, false));
    return;
  }
  const why = esiProblem(esi, segment.systemMac, segment.discriminator);
  if (why !== undefined) f.add(V.esiInvalid, { device: first.leaf.name, at }, esi, first.leaf.name, why);
  const mac = segment.systemMac.toLowerCase();
  const router = routerMacs.get(mac);
  if (router !== undefined) f.add(V.segmentMacCollision, { device: first.leaf.name, at }, segment.systemMac, esi, `the router MAC of '${router}'`);
  if (anycast.has(mac)) f.add(V.segmentMacCollision, { device: first.leaf.name, at: [...at, 'fabric.evpn.anycast_mac'] }, segment.systemMac, esi, 'the anycast gateway MAC');

  const named = segment.leaves;
  const missing = named.filter((l) => !leafNames.includes(l));
  const extra = leafNames.filter((l) => !named.includes(l));
  if (named.length !== 2) f.add(V.segmentIncomplete, { device: first.leaf.name, at }, esi, server, `names ${plural(named.length, 'leaf', 'leaves')} (${named.join(', ')}); a segment spans two`);
  if (missing.length > 0) f.add(V.segmentIncomplete, { device: missing[0], at }, esi, server, `is missing on ${listNames(missing)}, which it names`);
  if (extra.length > 0) f.add(V.segmentIncomplete, { device: extra[0], at }, esi, server, `is configured on ${listNames(extra)}, which it does not name`);

  for (const other of sides.slice(1)) {
    const detail = differences(first.lag, other.lag);
    if (detail.length > 0) f.add(V.segmentMismatch, { device: other.leaf.name, at }, esi, server, first.leaf.name, other.leaf.name, detail.join('; '));
  }
  const platforms = new Set(sides.map((s) => s.leaf.platform));
  if (platforms.size > 1) f.add(V.segmentMixedPlatforms, { device: first.leaf.name, at }, esi, server, sides.map((s) => `'${s.leaf.name}' ${s.leaf.platform}`).join(', '));
}

/** What differs between a segment's port-channels on two leaves: what the server or EVPN would see. */
function differences(a: LagInterface, b: LagInterface): string[] {
  const out: string[] = [];
  const sa = a.segment;
  const sb = b.segment;
  const cmp = (what: string, x: unknown, y: unknown): void => {
    // Equal values, or lists of equal values, print alike: their texts only when they may differ.
    if (x === y || (Array.isArray(x) && Array.isArray(y) && sameItems(x, y))) return;
    const tx = Array.isArray(x) ? x.join(',') : String(x);
    const ty = Array.isArray(y) ? y.join(',') : String(y);
    if (tx !== ty) out.push(`${what} ${tx} and ${ty}`);
  };
  cmp('system MAC', sa?.systemMac, sb?.systemMac);
  cmp('LACP system-id', a.lacp.systemId, b.lacp.systemId);
  cmp('discriminator', sa?.discriminator, sb?.discriminator);
  cmp('port-channel', a.number, b.number);
  cmp('leaves', sa?.leaves, sb?.leaves);
  cmp('redundancy', sa?.redundancy, sb?.redundancy);
  cmp('mode', a.mode, b.mode);
  cmp('VLANs', a.vlans, b.vlans);
  // The server's bond has one MTU: a leaf whose side is smaller drops the large frames hashed to it.
  cmp('MTU', a.mtu, b.mtu);
  cmp('LACP rate', a.lacp.rate, b.lacp.rate);
  // Listed alike (as built) sorts alike.
  if (!sameItems(a.networks, b.networks)) cmp('networks', [...a.networks].sort(), [...b.networks].sort());
  return out;
}

/** Whether two lists hold the same values (===) in the same order. */
/** Why an ESI is not the type-3 ESI of its system MAC and discriminator, if it is not. */
function esiProblem(esi: string, systemMac: string, discriminator: number): string | undefined {
  const octets = esi.toLowerCase().split(':');
  if (octets.length !== 10 || octets.some((o) => !/^[0-9a-f]{2}$/.test(o))) return 'is not ten colon-separated octets';
  if (octets.every((o) => o === '00') || octets.slice(1).every((o) => o === 'ff')) return 'is reserved (RFC 7432 section 5: all zeros is no segment, all ones the MAX-ESI)';
  if (octets[0] !== '03') return `is of type ${Number.parseInt(octets[0] ?? '0', 16)}, not 3 (system MAC and local discriminator), the type every platform configures alike`;
  const mac = systemMac.toLowerCase();
  if (octets.slice(1, 7).join(':') !== mac) return `does not hold its system MAC ${systemMac}`;
  if (Number.parseInt(octets.slice(7).join(''), 16) !== discriminator) return `does not hold its discriminator ${discriminator}`;
  const firstOctet = Number.parseInt(mac.slice(0, 2), 16);
  if ((firstOctet & 1) === 1) return `has a multicast system MAC ${systemMac}; an LACP system-id is a unicast MAC`;
  return undefined;
}

/**
 * Multihomed servers keep each network with any one leaf (or server link) down; the rest are
 * summarised as notes.
 */
function checkRedundancy(ctx: VerifyContext, f: Findings, servers: readonly ServerView[]): { redundant: number; notes: string[]; details: Record<string, unknown> } {
  let redundant = 0;
  const singleHomed = new Map<string, string[]>();
  const localLag = new Map<string, string[]>();
  const independent: string[] = [];
  for (const s of servers) {
    const homing = classifyHoming(s);
    const leaf = s.attachments[0]?.leaf ?? '';
    if (homing === undefined) continue;
    if (homing === 'single-homed') push(singleHomed, leaf, s.name);
    else if (homing === 'local-links') push(localLag, leaf, s.name);
    else if (homing === 'independent-ports') independent.push(s.name);
    if (homing !== 'multihomed') continue;
    // Every attachment carrying the same one list (as built) loses nothing with any one leaf down.
    const first = s.attachments[0];
    if (first !== undefined && s.attachments.every((a) => a.more === undefined && sameItems(a.networks, first.networks))) {
      redundant++;
      continue;
    }
    let ok = true;
    for (const down of s.attachments) {
      const kept = new Set<string>();
      for (const a of s.attachments) if (a !== down) for (const n of networksOf(a)) kept.add(n);
      const lost = [...networksOf(down)].filter((n) => !kept.has(n)).sort();
      if (lost.length === 0) continue;
      ok = false;
      f.add(
        V.serverLosesNetworks,
        { device: down.leaf, at: [`server:${s.name}.attach`, `server:${s.name}`], hint: 'every port of a dual-homed server carries all of its networks; compare its port-channel or ports on each leaf' },
        `'${down.leaf}'`,
        s.name,
        `loses ${lost.length === 1 ? 'network' : 'networks'} ${listNames(lost)}: no other leaf carries ${lost.length === 1 ? 'it' : 'them'} to the server`,
      );
    }
    if (ok) redundant++;
  }
  const notes: string[] = [];
  const count = (m: Map<string, string[]>): number => [...m.values()].reduce((n, l) => n + l.length, 0);
  /** A map of leaf → servers, leaves in fabric order. */
  const inLeafOrder = (m: Map<string, string[]>): [string, string[]][] => [...m].sort((x, y) => leafOrder(ctx, x[0]) - leafOrder(ctx, y[0]));
  const byLeaf = (m: Map<string, string[]>): string => {
    const entries = inLeafOrder(m);
    const shown = entries.slice(0, noteLeaves).map(([leaf, list]) => `${leaf}: ${listNames(list.sort(), 3, false)}`);
    return entries.length > noteLeaves ? `${shown.join('; ')}; and ${plural(entries.length - noteLeaves, 'more leaf', 'more leaves')}` : shown.join('; ');
  };
  if (singleHomed.size > 0) {
    const n = count(singleHomed);
    notes.push(`${plural(n, 'server is', 'servers are')} single-homed, ${n === 1 ? 'a single point of failure' : 'each a single point of failure'} (its leaf, its link): ${byLeaf(singleHomed)}`);
  }
  if (localLag.size > 0) {
    const n = count(localLag);
    notes.push(`${plural(n, 'server')} on one leaf with several links (a local LAG or an active-backup bond) survive${n === 1 ? 's a link failure, not the failure of its' : ' a link failure, not the failure of their'} leaf: ${byLeaf(localLag)}`);
  }
  if (independent.length > 0) notes.push(`${plural(independent.length, 'server')} with independent ports (bond none) lose${independent.length === 1 ? 's' : ''} what each port carries with its link or leaf: ${listNames(independent.sort(), 6, false)}`);
  // The notes cut their lists to a few lines; the JSON report gets every server.
  const full = (m: Map<string, string[]>): Record<string, string[]> => Object.fromEntries(inLeafOrder(m).map(([leaf, list]) => [leaf, [...list].sort()]));
  const details = { singleHomedByLeaf: full(singleHomed), localLinksOnlyByLeaf: full(localLag), independentPorts: [...independent].sort() };
  return { redundant, notes, details };
}

/** The networks of an attachment's ports, each once. */
function networksOf(a: Attachment): Set<string> {
  const out = new Set(a.networks);
  for (const list of a.more ?? []) for (const n of list) out.add(n);
  return out;
}

function leafOrder(ctx: VerifyContext, leaf: string): number {
  return ctx.fg.byName.get(leaf) ?? 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * CLOS5219: on EOS and NX-OS every server port is an STP edge port with BPDU guard (the templates
 * render both from `edgePorts`): without BPDU guard a switch plugged into a server port joins the
 * fabric's spanning tree, without edge the port waits through listening and learning. A model that
 * lacks the fields (written before them, or edited) is not judged.
 */
function checkEdgeProtection(f: Findings, m: DeviceModel, at: readonly string[]): void {
  const edge = m.edgePorts;
  if (edge === null || m.platform === 'frr' || (m.interfaces.servers.length === 0 && m.interfaces.lags.length === 0)) return;
  const missing: string[] = [];
  if (unread(edge.portfast) === false) missing.push('STP edge (portfast)');
  if (unread(edge.bpduGuard) === false) missing.push('BPDU guard');
  if (missing.length > 0) f.add(V.serverPortsUnprotected, { device: m.name, at }, m.name, missing.join(' and '));
}
