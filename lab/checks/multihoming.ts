/**
 * Dual-homed servers on the running fabric: every bonded server's LACP bond aggregates all of its
 * links with one partner (for an Ethernet segment, the segment's system MAC on both leaves), and
 * every leaf of a segment lists it in `show evpn es` with the other leaf's VTEP. Pure: what the
 * host's kernel and the leaves' zebra report, in; checks out (`observeMultihoming` reads them).
 */
import type { DeviceModel, EthernetSegment } from '../../compiler/build/device-model.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { failed, passed, type LabCheck } from '../check.js';
import type { LabPlan } from '../plan.js';
import { failedLeaves, isolatedLeaves, type Failures, type Topology } from '../topology.js';

/** One bonded server: what its bond must look like. */
export interface BondExpectation {
  readonly server: string;
  readonly namespace: string;
  readonly mode: '802.3ad' | 'active-backup';
  /** The bond's members and the leaf at the other end of each. */
  readonly members: readonly { readonly name: string; readonly leaf: string }[];
  /** The LACP partner every member must report: the segment's system MAC; null for a local LAG. */
  readonly partner: string | null;
}

/** One leaf's side of one segment. */
export interface SegmentExpectation {
  readonly leaf: string;
  readonly namespace: string;
  readonly server: string;
  readonly lag: string;
  readonly segment: EthernetSegment;
  /** The other leaves' VTEP addresses. */
  readonly peers: readonly { readonly leaf: string; readonly vtep: string }[];
}

export interface MultihomingPlan {
  readonly bonds: readonly BondExpectation[];
  readonly segments: readonly SegmentExpectation[];
}

export function planMultihoming(plan: LabPlan, topology: Topology): MultihomingPlan {
  const segmentOf = new Map<string, EthernetSegment>();
  const segments: SegmentExpectation[] = [];
  const nsOf = new Map(plan.devices.map((d) => [d.name, d.namespace]));
  for (const leaf of topology.leaves) {
    const m: DeviceModel | undefined = topology.devices.get(leaf);
    for (const lag of m?.interfaces.lags ?? []) {
      if (lag.segment === null) continue;
      segmentOf.set(lag.server, lag.segment);
      const peers = lag.segment.leaves.filter((l) => l !== leaf).map((l) => ({ leaf: l, vtep: topology.vteps.get(l) ?? '' }));
      segments.push({ leaf, namespace: nsOf.get(leaf) ?? '', server: lag.server, lag: lag.name, segment: lag.segment, peers });
    }
  }
  const deviceOf = new Map(plan.devices.map((d) => [d.namespace, d.name]));
  const bonds: BondExpectation[] = [];
  for (const h of plan.hosts) {
    const bond = h.interfaces.find((i) => i.bond !== null)?.bond;
    if (bond == null) continue;
    const leafOf = new Map(plan.veths.filter((v) => v.kind === 'server' && v.b.namespace === h.namespace).map((v) => [v.b.name, deviceOf.get(v.a.namespace) ?? '']));
    const members = bond.members.map((name) => ({ name, leaf: leafOf.get(name) ?? '' }));
    bonds.push({ server: h.server, namespace: h.namespace, mode: bond.mode, members, partner: segmentOf.get(h.server)?.systemMac ?? null });
  }
  return { bonds, segments };
}

/** What /proc/net/bonding/<bond> says about one member. */
export interface BondMember {
  readonly name: string;
  readonly up: boolean;
  readonly aggregator: number | null;
  readonly partner: string | null;
}

export interface BondState {
  readonly mode: string;
  /** An active-backup bond's member in use. */
  readonly activeMember: string | null;
  readonly activeAggregator: number | null;
  readonly members: readonly BondMember[];
}

/**
 * Reads the kernel's /proc/net/bonding/<bond> text: the mode, the active aggregator, and per member
 * its MII status, aggregator and the partner's system MAC (from "details partner lacp pdu:").
 */
export function parseBondingProc(text: string): BondState {
  let mode = '';
  let activeMember: string | null = null;
  let activeAggregator: number | null = null;
  const members: BondMember[] = [];
  let current: { name: string; up: boolean; aggregator: number | null; partner: string | null } | undefined;
  let section: 'top' | 'active' | 'actor' | 'partner' = 'top';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('Bonding Mode:')) mode = line.slice('Bonding Mode:'.length).trim();
    else if (line.startsWith('Currently Active Slave:')) activeMember = line.slice('Currently Active Slave:'.length).trim();
    else if (line === 'Active Aggregator Info:') section = 'active';
    else if (line.startsWith('Slave Interface:')) {
      if (current !== undefined) members.push(current);
      current = { name: line.slice('Slave Interface:'.length).trim(), up: false, aggregator: null, partner: null };
      section = 'top';
    } else if (line === 'details actor lacp pdu:') section = 'actor';
    else if (line === 'details partner lacp pdu:') section = 'partner';
    const aggregator = /^Aggregator ID: (\d+)$/.exec(line);
    if (aggregator !== null) {
      if (current !== undefined) current.aggregator = Number(aggregator[1]);
      else if (section === 'active') activeAggregator = Number(aggregator[1]);
    }
    if (current !== undefined && section === 'top' && line.startsWith('MII Status:')) current.up = line.endsWith(' up');
    const mac = /^system mac address: ([0-9a-f:]{17})$/i.exec(line);
    if (current !== undefined && section === 'partner' && mac !== null) current.partner = (mac[1] ?? '').toLowerCase();
  }
  if (current !== undefined) members.push(current);
  return { mode, activeMember: activeMember === 'None' ? null : activeMember, activeAggregator, members };
}

/** The kernel's name of each bond mode, as /proc/net/bonding prints it. */
const modeNames: Record<BondExpectation['mode'], string> = {
  '802.3ad': 'IEEE 802.3ad Dynamic link aggregation',
  'active-backup': 'fault-tolerance (active-backup)',
};

/**
 * A bond is healthy when every member whose leaf is up is up, and, for LACP, in the one active
 * aggregator with the expected partner (the segment's system MAC on both leaves, which is what
 * makes the two leaves one LACP partner); an active-backup bond uses one of its live members.
 */
export function checkBond(b: BondExpectation, state: BondState | { error: string }, failures: Failures): LabCheck {
  const name = `${b.server} ${b.mode} bond over ${b.members.map((m) => `${m.name} (${m.leaf})`).join(', ')}`;
  if ('error' in state) return failed('multihoming', name, L.bondNotAggregated, b.server, `cannot be read: ${state.error}`);
  const down = failedLeaves(failures);
  const live = b.members.filter((m) => !down.includes(m.leaf));
  const problems: string[] = [];
  if (state.mode !== modeNames[b.mode]) problems.push(`is in mode '${state.mode}'`);
  for (const m of live) {
    const s = state.members.find((x) => x.name === m.name);
    if (s === undefined) problems.push(`has no member ${m.name}`);
    else if (!s.up) problems.push(`member ${m.name} is down`);
    else if (b.mode === '802.3ad') {
      if (s.aggregator === null || s.aggregator !== state.activeAggregator) problems.push(`member ${m.name} is not in the active aggregator`);
      if (b.partner !== null && s.partner !== b.partner) problems.push(`member ${m.name} has LACP partner ${s.partner ?? 'none'}, not the segment's system MAC ${b.partner}`);
    }
  }
  if (b.mode === 'active-backup' && !live.some((m) => m.name === state.activeMember)) problems.push(`uses ${state.activeMember ?? 'no member'}, not a live one`);
  // A leaf that lost every uplink takes its segments down (protodown on the members): LACP then
  // takes the server's link to it out of the aggregator, so no traffic is sent to it.
  for (const m of b.members.filter((x) => isolatedLeaves(failures).includes(x.leaf))) {
    const s = state.members.find((x) => x.name === m.name);
    if (b.mode === '802.3ad' && s !== undefined && s.up && s.aggregator !== null && s.aggregator === state.activeAggregator) {
      problems.push(`member ${m.name} is still in the active aggregator though ${m.leaf} lost every uplink`);
    }
  }
  if (problems.length > 0) return failed('multihoming', name, L.bondNotAggregated, b.server, problems.join('; '));
  const what = b.mode === '802.3ad' ? `${live.length} of ${b.members.length} links aggregated` : `active member ${state.activeMember ?? ''}`;
  return { ...passed('multihoming', name), detail: `${what}${down.length > 0 ? ` (${down.join(', ')} down)` : ''}` };
}

/** One entry of `show evpn es json`. */
export interface EsEntry {
  readonly esi: string;
  readonly flags: readonly string[];
  readonly accessPort: string | null;
  readonly vteps: readonly string[];
}

export function parseEvpnEs(text: string): EsEntry[] | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '[]' : text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (!Array.isArray(value)) return { error: 'not a JSON list' };
  return value.map((x: { esi?: unknown; flags?: unknown; accessPort?: unknown; vteps?: unknown }) => ({
    esi: typeof x.esi === 'string' ? x.esi : '',
    flags: Array.isArray(x.flags) ? x.flags.filter((f): f is string => typeof f === 'string') : [],
    accessPort: typeof x.accessPort === 'string' ? x.accessPort : null,
    vteps: Array.isArray(x.vteps) ? x.vteps.map((v: { vtep?: unknown }) => (typeof v.vtep === 'string' ? v.vtep : '')).filter((v) => v !== '') : [],
  }));
}

export function checkSegment(s: SegmentExpectation, entries: EsEntry[] | { error: string }, failures: Failures): LabCheck {
  const name = `${s.leaf} segment ${s.segment.esi} (${s.server}, ${s.lag})`;
  if ('error' in entries) return failed('multihoming', name, L.segmentMissing, s.leaf, s.segment.esi, s.server, `cannot list (${entries.error})`);
  const es = entries.find((e) => e.esi === s.segment.esi);
  if (es === undefined) return failed('multihoming', name, L.segmentMissing, s.leaf, s.segment.esi, s.server, 'does not list');
  if (!es.flags.includes('local') || es.accessPort !== s.lag) return failed('multihoming', name, L.segmentMissing, s.leaf, s.segment.esi, s.server, `lists, but not as local on ${s.lag} (flags ${es.flags.join(',') || 'none'}, port ${es.accessPort ?? 'none'}),`);
  const down = failedLeaves(failures);
  const want = s.peers.filter((p) => !down.includes(p.leaf));
  const missing = want.filter((p) => !es.vteps.includes(p.vtep));
  const extra = es.vteps.filter((v) => !want.some((p) => p.vtep === v));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length > 0 ? `without the VTEP of ${missing.map((p) => `${p.leaf} (${p.vtep})`).join(', ')}` : '', extra.length > 0 ? `with VTEPs ${extra.join(', ')} that should be down` : ''].filter((x) => x !== '');
    return failed('multihoming', name, L.segmentMissing, s.leaf, s.segment.esi, s.server, `lists, ${parts.join(' and ')},`);
  }
  return { ...passed('multihoming', name), detail: `VTEPs ${es.vteps.join(', ') || 'none'}${es.flags.includes('nonDF') ? '; not the designated forwarder' : '; designated forwarder'}` };
}

/**
 * Of the live leaves of each segment, exactly one is the designated forwarder (zebra flags the
 * others nonDF): none would drop the segment's broadcast, two would deliver it twice.
 */
export function checkDesignatedForwarders(segments: readonly SegmentExpectation[], entries: ReadonlyMap<string, EsEntry[] | { error: string }>, failures: Failures): LabCheck[] {
  const down = failedLeaves(failures);
  const byEsi = new Map<string, SegmentExpectation[]>();
  for (const s of segments) if (!down.includes(s.leaf)) byEsi.set(s.segment.esi, [...(byEsi.get(s.segment.esi) ?? []), s]);
  const checks: LabCheck[] = [];
  for (const [esi, sides] of byEsi) {
    const server = sides[0]?.server ?? '';
    const name = `segment ${esi} (${server}) has one designated forwarder`;
    const forwarders: string[] = [];
    let unknown = false;
    for (const s of sides) {
      const seen = entries.get(s.leaf);
      const es = seen === undefined || 'error' in seen ? undefined : seen.find((e) => e.esi === esi);
      if (es === undefined) unknown = true;
      else if (!es.flags.includes('nonDF')) forwarders.push(s.leaf);
    }
    if (unknown) continue; // checkSegment reports the leaf that does not list it
    checks.push(
      forwarders.length === 1
        ? { ...passed('multihoming', name), detail: forwarders.join('') }
        : failed('multihoming', name, L.designatedForwarders, esi, server, sides.map((s) => s.leaf).join(' and '), forwarders.length === 0 ? 'no designated forwarder' : `${forwarders.length} designated forwarders (${forwarders.join(', ')})`),
    );
  }
  return checks;
}

/**
 * A leaf that lost every uplink has taken each of its segments down: every member port of the
 * segment's port-channel protodown (zebra's `evpn mh uplink` tracking). `links` is the leaf's `ip
 * -j -d link show`.
 */
export function checkSegmentTakenDown(s: SegmentExpectation, members: readonly string[], links: readonly { readonly ifname?: unknown; readonly proto_down?: unknown }[] | { error: string }): LabCheck {
  const name = `${s.leaf} takes segment ${s.segment.esi} (${s.server}, ${s.lag}) down without its uplinks`;
  if ('error' in links) return failed('multihoming', name, L.segmentNotTakenDown, s.leaf, s.segment.esi, s.server, `its links cannot be read (${links.error})`);
  const up = members.filter((m) => links.find((l) => l.ifname === m)?.proto_down !== true);
  if (up.length > 0) return failed('multihoming', name, L.segmentNotTakenDown, s.leaf, s.segment.esi, s.server, `${up.join(', ')} ${up.length === 1 ? 'is' : 'are'} not protodown`);
  return { ...passed('multihoming', name), detail: `${members.join(', ')} protodown` };
}
