/**
 * BGP session matching, in Batfish's vocabulary (bgpSessionCompatibility). For every `neighbor`
 * statement: the devices that own its address, and among their statements the reverse one — its
 * address is our local address, its local address is our neighbor address, and each side's
 * remote-as is the other's ASN.
 *
 * | status | here means |
 * |---|---|
 * | UNIQUE_MATCH | exactly one device holds a compatible reverse statement |
 * | HALF_OPEN | the address belongs to a device that has no statement for our local address |
 * | NO_MATCH_FOUND | the device has a statement for our local address, but it is incompatible (remote-as or source address) |
 * | MULTIPLE_REMOTES | several devices own the address and hold compatible statements |
 * | UNKNOWN_REMOTE | no device owns the address |
 * | INVALID_LOCAL_IP | our local address is not on this device |
 *
 * Matched pairs become sessions. Whether a session comes up also needs a transport: both
 * addresses on one link (single hop), or — for loopback sessions — ebgp-multihop on both ends, the
 * update source holding the local address, and each loopback reachable from the other within the
 * TTL, which the underlay analysis decides.
 */
import type { AddressFamilies } from '../../compiler/build/device-model.js';
import type { FabricGraph, NeighborStatement } from '../graph.js';
import { formatAddress } from '../../compiler/shared/ipv4.js';
import type { SessionStatus } from '../types.js';

export interface StatementMatch {
  readonly status: SessionStatus;
  /** The device owning the neighbor address, when exactly one (other than us) does. */
  readonly remote: number | undefined;
  /** The compatible reverse statement, for UNIQUE_MATCH. */
  readonly reverse: number | undefined;
  /** Why it is not a unique match. */
  readonly why: string;
  /** NO_MATCH_FOUND because this statement's remote-as is not the remote's ASN. */
  readonly remoteAsWrong: boolean;
}

export interface Session {
  readonly index: number;
  /** Statement of the device that sorts first, and its reverse. */
  readonly a: number;
  readonly b: number;
  readonly families: AddressFamilies;
  /** Families one end activates and the other does not. */
  readonly familyMismatch: string | undefined;
  readonly bfdMismatch: boolean;
  /** The link whose two addresses the session uses, for a single-hop session. */
  readonly link: number | undefined;
  /** Why a loopback session cannot come up whatever the routing (multihop or update-source missing). */
  readonly staticProblem: string | undefined;
  /** TTL allowed by both ends (min of ebgp-multihop; 1 for single hop). */
  readonly ttl: number;
}

export interface SessionAnalysis {
  readonly matches: readonly StatementMatch[];
  readonly sessions: readonly Session[];
  /** Statement → its session, or -1. */
  readonly sessionOf: Int32Array;
}

const noMatch = { remote: undefined, reverse: undefined, remoteAsWrong: false } as const;

/** What every unique match says besides its remote and reverse statement. */
const unique = { status: 'UNIQUE_MATCH', why: '', remoteAsWrong: false } as const;

/**
 * A unique match: its remote and reverse statement as fields, the rest read from `unique` by the
 * class's getters, not held by each object. There is one per statement of a healthy fabric
 * (128,000 on the scale target), all kept to the end of the verification: two fields each instead
 * of five (bench/PROFILE.md, section 28).
 */
class UniqueMatch implements StatementMatch {
  constructor(
    readonly remote: number,
    readonly reverse: number,
  ) {}
  get status(): SessionStatus {
    return unique.status;
  }
  get why(): string {
    return unique.why;
  }
  get remoteAsWrong(): boolean {
    return unique.remoteAsWrong;
  }
}

export function matchSessions(fg: FabricGraph): SessionAnalysis {
  const { statements, devices } = fg;
  // Per device: neighbor address → statements.
  const byAddress = devices.map(() => new Map<number, number[]>());
  for (const s of statements) {
    if (s.address === undefined) continue;
    const m = byAddress[s.device];
    if (m === undefined) continue;
    const list = m.get(s.address);
    if (list === undefined) m.set(s.address, [s.index]);
    else list.push(s.index);
  }
  const ownsAddress = (device: number, address: number | undefined): boolean => {
    if (address === undefined) return false;
    for (const o of fg.owners.get(address) ?? []) if (o.device === device) return true;
    return false;
  };
  const asns = new Float64Array(devices.length);
  for (const d of devices) asns[d.index] = d.model.bgp.asn;
  const asnOf = (device: number): number => (device >= 0 && device < asns.length ? (asns[device] ?? -1) : -1);

  // A statement matched as the reverse of an earlier one needs no second search when the earlier
  // one's local address has a single owner: the conditions are symmetric.
  const mirror = new Int32Array(statements.length).fill(-1);
  const matches: StatementMatch[] = statements.map((n) => {
    const d = n.device;
    const none = noMatch;
    const earlier = mirror[n.index] ?? -1;
    if (earlier >= 0) {
      const e = statements[earlier];
      if (e !== undefined && (fg.owners.get(e.localAddress ?? -1) ?? []).length === 1 && byAddress[e.device]?.get(n.localAddress ?? -1)?.length === 1) return new UniqueMatch(e.device, earlier);
    }
    if (n.address === undefined) return { ...none, status: 'UNKNOWN_REMOTE', why: `'${n.neighbor.address}' is not an IPv4 address` };
    if (!ownsAddress(d, n.localAddress)) {
      return { ...none, status: 'INVALID_LOCAL_IP', why: `its local address ${n.neighbor.localAddress} is not configured on any interface of the device` };
    }
    const holders = fg.owners.get(n.address) ?? [];
    const single = holders.length === 1 && holders[0] !== undefined && holders[0].device !== d ? holders[0].device : -1;
    // One other device owns the address (the rule): its reverse statement, without lists.
    if (single >= 0) {
      const p = single;
      const dAsn = asnOf(d);
      const pAsn = asnOf(p);
      for (const r of byAddress[p]?.get(n.localAddress ?? -1) ?? []) {
        const rev = statements[r];
        if (rev === undefined) continue;
        if (rev.localAddress === n.address && rev.neighbor.remoteAs === dAsn && n.neighbor.remoteAs === pAsn) {
          if (r > n.index) mirror[r] = n.index;
          return new UniqueMatch(p, r);
        }
        break;
      }
    }
    const owners = single >= 0 ? [single] : [...new Set(holders.map((o) => o.device))].filter((o) => o !== d).sort((x, y) => x - y);
    if (owners.length === 0) {
      const own = ownsAddress(d, n.address);
      return { ...none, status: 'UNKNOWN_REMOTE', why: own ? 'the address is the device\'s own' : 'no device of the fabric has this address' };
    }
    // Devices holding a compatible reverse statement (the first one's statement kept).
    const compatible: number[] = [];
    let reverse = -1;
    let incompatible: { device: number; statement: NeighborStatement } | undefined;
    for (const p of owners) {
      for (const r of byAddress[p]?.get(n.localAddress ?? -1) ?? []) {
        const rev = statements[r];
        if (rev === undefined) continue;
        const ok = rev.localAddress === n.address && rev.neighbor.remoteAs === asnOf(d) && n.neighbor.remoteAs === asnOf(p);
        if (ok) {
          if (compatible.length === 0) reverse = r;
          compatible.push(p);
          break;
        }
        incompatible ??= { device: p, statement: rev };
      }
    }
    const remote = owners.length === 1 ? owners[0] : undefined;
    if (compatible.length === 1) {
      if (reverse > n.index) mirror[reverse] = n.index;
      return { status: 'UNIQUE_MATCH', remote: compatible[0], reverse, why: '', remoteAsWrong: false };
    }
    if (compatible.length > 1) {
      const names = compatible.map((c) => `'${devices[c]?.name ?? ''}'`).join(', ');
      return { ...none, remote, status: 'MULTIPLE_REMOTES', why: `${names} all own ${n.neighbor.address} and peer back` };
    }
    if (incompatible !== undefined) {
      const p = incompatible.device;
      const pName = devices[p]?.name ?? '';
      const rev = incompatible.statement;
      const reasons: string[] = [];
      const remoteAsWrong = n.neighbor.remoteAs !== asnOf(p);
      if (remoteAsWrong) reasons.push(`its remote-as is ${n.neighbor.remoteAs}, but '${pName}' is AS ${asnOf(p)}`);
      if (rev.neighbor.remoteAs !== asnOf(d)) reasons.push(`'${pName}' expects remote-as ${rev.neighbor.remoteAs}, but this device is AS ${asnOf(d)}`);
      if (rev.localAddress !== n.address) reasons.push(`'${pName}' sources the session from ${rev.neighbor.localAddress}, not ${n.neighbor.address}`);
      return { ...none, remote: p, status: 'NO_MATCH_FOUND', why: reasons.join('; '), remoteAsWrong };
    }
    const names = owners.map((o) => `'${devices[o]?.name ?? ''}'`).join(', ');
    return { ...none, remote, status: 'HALF_OPEN', why: `${names} ${owners.length === 1 ? 'has' : 'have'} no neighbor ${n.neighbor.localAddress}` };
  });

  const sessions: Session[] = [];
  const sessionOf = new Int32Array(statements.length).fill(-1);
  for (const n of statements) {
    const m = matches[n.index];
    if (m?.status !== 'UNIQUE_MATCH' || m.reverse === undefined) continue;
    const r = statements[m.reverse];
    if (r === undefined || matches[r.index]?.status !== 'UNIQUE_MATCH' || matches[r.index]?.reverse !== n.index) continue;
    if (r.device < n.device || (r.device === n.device && r.index < n.index)) continue; // created from the other end
    const index = sessions.length;
    sessions.push(buildSession(fg, index, n, r));
    sessionOf[n.index] = index;
    sessionOf[r.index] = index;
  }
  return { matches, sessions, sessionOf };
}

function buildSession(fg: FabricGraph, index: number, a: NeighborStatement, b: NeighborStatement): Session {
  const fa = a.group?.addressFamilies ?? { ipv4Unicast: false, l2vpnEvpn: false };
  const fb = b.group?.addressFamilies ?? { ipv4Unicast: false, l2vpnEvpn: false };
  // One object per combination, shared by the sessions (64,000 on the scale target, all alike).
  const families = familiesOf(fa.ipv4Unicast && fb.ipv4Unicast, fa.l2vpnEvpn && fb.l2vpnEvpn);
  const an = fg.devices[a.device]?.name ?? '';
  const bn = fg.devices[b.device]?.name ?? '';
  const familyMismatch = fa.ipv4Unicast !== fb.ipv4Unicast || fa.l2vpnEvpn !== fb.l2vpnEvpn ? `'${an}' activates ${describeFamilies(fa)}, '${bn}' ${describeFamilies(fb)}` : undefined;
  const bfdMismatch = (a.group?.bfd ?? false) !== (b.group?.bfd ?? false);

  // Single hop: our local address and the neighbor address are the two ends of one link.
  const la = ownerLink(fg, a.device, a.localAddress);
  const lb = ownerLink(fg, b.device, b.localAddress);
  const link = la !== undefined && la === lb ? la : undefined;
  let staticProblem: string | undefined;
  let ttl = 1;
  if (link === undefined) {
    const ma = a.group?.ebgpMultihop ?? null;
    const mb = b.group?.ebgpMultihop ?? null;
    const sourceOk = (s: NeighborStatement): boolean => {
      const src = s.group?.updateSource ?? null;
      if (src === null || s.localAddress === undefined) return false;
      return (fg.owners.get(s.localAddress) ?? []).some((o) => o.device === s.device && o.iface === src);
    };
    if (ma === null || mb === null) {
      const missing = [ma === null ? an : '', mb === null ? bn : ''].filter((x) => x !== '');
      staticProblem = `the peers are not on a shared link and ${missing.map((x) => `'${x}'`).join(' and ')} ${missing.length === 1 ? 'has' : 'have'} no ebgp-multihop`;
    } else if (!sourceOk(a) || !sourceOk(b)) {
      const bad = [!sourceOk(a) ? a : undefined, !sourceOk(b) ? b : undefined].filter((x) => x !== undefined);
      staticProblem = bad
        .map((s) => `'${fg.devices[s.device]?.name ?? ''}' does not source it from ${formatAddress(s.localAddress ?? 0)} (update-source ${s.group?.updateSource ?? 'unset'})`)
        .join('; ');
    } else {
      ttl = Math.min(ma, mb);
    }
  }
  return { index, a: a.index, b: b.index, families, familyMismatch, bfdMismatch, link, staticProblem, ttl };
}

const sharedFamilies: readonly AddressFamilies[] = [
  { ipv4Unicast: false, l2vpnEvpn: false },
  { ipv4Unicast: true, l2vpnEvpn: false },
  { ipv4Unicast: false, l2vpnEvpn: true },
  { ipv4Unicast: true, l2vpnEvpn: true },
].map((f) => Object.freeze(f));

function familiesOf(ipv4Unicast: boolean, l2vpnEvpn: boolean): AddressFamilies {
  return sharedFamilies[(ipv4Unicast ? 1 : 0) + (l2vpnEvpn ? 2 : 0)] ?? { ipv4Unicast, l2vpnEvpn };
}

function describeFamilies(f: AddressFamilies): string {
  return [f.ipv4Unicast ? 'IPv4 unicast' : '', f.l2vpnEvpn ? 'L2VPN EVPN' : ''].filter((x) => x !== '').join(' and ') || 'nothing';
}

/** The link of the device's fabric interface holding the address, if any. */
function ownerLink(fg: FabricGraph, device: number, address: number | undefined): number | undefined {
  if (address === undefined) return undefined;
  for (const o of fg.owners.get(address) ?? []) if (o.device === device && o.kind === 'fabric') return o.link;
  return undefined;
}
