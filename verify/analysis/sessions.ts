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
  /** Each statement's match, by statement number. */
  readonly matches: StatementMatches;
  readonly sessions: readonly Session[];
  /** Statement → its session, or -1. */
  readonly sessionOf: Int32Array;
}

const noMatch = { remote: undefined, reverse: undefined, remoteAsWrong: false } as const;

/** What every unique match says besides its remote and reverse statement. */
const unique = { status: 'UNIQUE_MATCH', why: '', remoteAsWrong: false } as const;

/**
 * A unique match as read from `StatementMatches`: its remote and reverse statement as fields, the
 * rest read from `unique` by the class's getters.
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

/** Every statement's match: unique ones from typed arrays (made as read), the others as found. */
export class StatementMatches {
  constructor(
    private readonly remotes: Int32Array,
    private readonly reverses: Int32Array,
    private readonly others: ReadonlyMap<number, StatementMatch>,
  ) {}

  /** The match of a statement; undefined for a number that is no statement. */
  get(statement: number): StatementMatch | undefined {
    const other = this.others.get(statement);
    if (other !== undefined) return other;
    const reverse = this.reverses[statement] ?? -1;
    return reverse < 0 ? undefined : new UniqueMatch(this.remotes[statement] ?? -1, reverse);
  }
}

export function matchSessions(fg: FabricGraph): SessionAnalysis {
  const { statements, devices } = fg;
  const byAddress = new StatementsByAddress(statements, devices.length);
  const ownsAddress = (device: number, address: number | undefined): boolean => fg.owners.onDevice(address, device) >= 0;
  const asns = new Float64Array(devices.length);
  for (const d of devices) asns[d.index] = d.model.bgp.asn;
  const asnOf = (device: number): number => (device >= 0 && device < asns.length ? (asns[device] ?? -1) : -1);

  // A statement matched as the reverse of an earlier one needs no second search when the earlier
  // one's local address has a single owner: the conditions are symmetric.
  const mirror = new Int32Array(statements.length).fill(-1);
  // A unique match is its remote and reverse statement in two typed arrays (one per statement of a
  // healthy fabric, 128,000 on the scale target, all kept to the end of the verification); the others
  // are objects by statement number.
  const remotes = new Int32Array(statements.length).fill(-1);
  const reverses = new Int32Array(statements.length).fill(-1);
  const others = new Map<number, StatementMatch>();
  const uniqueMatch = (n: NeighborStatement, remote: number, reverse: number): null => {
    remotes[n.index] = remote;
    reverses[n.index] = reverse;
    return null;
  };
  /** A statement's match: null for a unique one (in the typed arrays), else the object. */
  const match = (n: NeighborStatement): StatementMatch | null => {
    const d = n.device;
    const none = noMatch;
    const earlier = mirror[n.index] ?? -1;
    if (earlier >= 0) {
      const e = statements[earlier];
      if (e !== undefined && fg.owners.count(e.localAddress) === 1 && byAddress.count(e.device, n.localAddress) === 1) return uniqueMatch(n, e.device, earlier);
    }
    if (n.address === undefined) return { ...none, status: 'UNKNOWN_REMOTE', why: `'${n.neighbor.address}' is not an IPv4 address` };
    if (!ownsAddress(d, n.localAddress)) {
      return { ...none, status: 'INVALID_LOCAL_IP', why: `its local address ${n.neighbor.localAddress} is not configured on any interface of the device` };
    }
    const firstHolder = fg.owners.first(n.address);
    const single = firstHolder >= 0 && fg.owners.next(firstHolder) < 0 && fg.owners.device(firstHolder) !== d ? fg.owners.device(firstHolder) : -1;
    // One other device owns the address (the rule): its reverse statement, without lists.
    if (single >= 0) {
      const p = single;
      const dAsn = asnOf(d);
      const pAsn = asnOf(p);
      // The first of p's statements for our local address decides (as the loop below does).
      const r = byAddress.first(p, n.localAddress);
      const rev = statements[r];
      if (rev?.localAddress === n.address && rev.neighbor.remoteAs === dAsn && n.neighbor.remoteAs === pAsn) {
        if (r > n.index) mirror[r] = n.index;
        return uniqueMatch(n, p, r);
      }
    }
    const owners = single >= 0 ? [single] : [...new Set((fg.owners.get(n.address) ?? []).map((o) => o.device))].filter((o) => o !== d).sort((x, y) => x - y);
    if (owners.length === 0) {
      const own = ownsAddress(d, n.address);
      return { ...none, status: 'UNKNOWN_REMOTE', why: own ? 'the address is the device\'s own' : 'no device of the fabric has this address' };
    }
    // Devices holding a compatible reverse statement (the first one's statement kept).
    const compatible: number[] = [];
    let reverse = -1;
    let incompatible: { device: number; statement: NeighborStatement } | undefined;
    for (const p of owners) {
      for (const r of byAddress.all(p, n.localAddress)) {
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
      return uniqueMatch(n, compatible[0] ?? -1, reverse);
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
  };
  // forEach, not for…of: this runs once, mostly before it is optimized, where for…of allocates an
  // iterator result per statement.
  statements.forEach((n) => {
    const m = match(n);
    if (m !== null) others.set(n.index, m);
  });
  const matches = new StatementMatches(remotes, reverses, others);

  const sessions: Session[] = [];
  const sessionOf = new Int32Array(statements.length).fill(-1);
  statements.forEach((n) => {
    const r = statements[reverses[n.index] ?? -1];
    if (r === undefined || reverses[r.index] !== n.index) return;
    if (r.device < n.device || (r.device === n.device && r.index < n.index)) return; // created from the other end
    const index = sessions.length;
    sessions.push(buildSession(fg, index, n, r));
    sessionOf[n.index] = index;
    sessionOf[r.index] = index;
  });
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
      for (let o = fg.owners.first(s.localAddress); o >= 0; o = fg.owners.next(o)) if (fg.owners.device(o) === s.device && fg.owners.iface(o) === src) return true;
      return false;
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
      const singleHop = [singleHopOnly(fg, a, ma), singleHopOnly(fg, b, mb)].filter((x) => x !== undefined);
      if (singleHop.length > 0) staticProblem = `the peers are not on a shared link and ${singleHop.join('; ')}: a session between loopbacks needs 2 or more`;
      else ttl = Math.min(ma, mb);
    }
  }
  return { index, a: a.index, b: b.index, families, familyMismatch, bfdMismatch, link, staticProblem, ttl };
}

/**
 * Why an end's ebgp-multihop below 2 leaves it a single-hop session, which a loopback's address
 * never satisfies; undefined when it does not.
 * - FRR takes a TTL of 1 for a directly connected peer and waits for its address to be on a
 *   connected route: the session stays Active (checked on FRR 8.4 in namespaces: ebgp-multihop 1
 *   between loopbacks one veth apart stays Active, 2 comes up).
 * - NX-OS refuses the line: its range is 2 to 255 (Cisco Nexus 3000 Series NX-OS Unicast Routing
 *   Configuration Guide, "Configuring eBGP Multihop"), so the neighbour keeps TTL 1 and the
 *   connected check ("BGP considers an eBGP peer as a single hop away if [it] does not have the
 *   ebgp-multihop command configured", Nexus 5500 BGP command reference, `neighbor`).
 * - EOS: not judged; no Arista source for a TTL of 1 between loopbacks was found.
 */
function singleHopOnly(fg: FabricGraph, s: NeighborStatement, multihop: number): string | undefined {
  if (multihop >= 2) return undefined;
  const d = fg.devices[s.device];
  if (d?.model.platform === 'frr') return `FRR on '${d.name}' takes ebgp-multihop ${multihop} for a directly connected peer`;
  if (d?.model.platform === 'nxos') return `NX-OS on '${d.name}' refuses ebgp-multihop ${multihop} (its range is 2 to 255) and keeps the session single-hop`;
  return undefined;
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
  for (let o = fg.owners.first(address); o >= 0; o = fg.owners.next(o)) if (fg.owners.device(o) === device && fg.owners.kind(o) === 'fabric') return fg.owners.link(o);
  return undefined;
}

/**
 * Each device's statements by neighbor address: the statement numbers sorted by device, address and
 * number in one typed array, searched by halving within the device's run. It lives through the
 * matching of 128,000 statements: a map per device and a list per address were ~10 MB that the
 * collector copied twice (bench/PROFILE.md, section 30).
 */
class StatementsByAddress {
  /** Statement numbers by device, then address, then number; statements without an address left out. */
  private readonly order: Int32Array;
  /** The address of each entry of `order`. */
  private readonly addresses: Float64Array;
  /** Device d's entries are order[start[d], start[d + 1]). */
  private readonly start: Int32Array;

  constructor(statements: readonly NeighborStatement[], devices: number) {
    const start = new Int32Array(devices + 1);
    let n = 0;
    // forEach, not for…of: see matchSessions.
    statements.forEach((s) => {
      if (s.address === undefined || s.device < 0 || s.device >= devices) return;
      start[s.device + 1] = (start[s.device + 1] ?? 0) + 1;
      n++;
    });
    for (let d = 0; d < devices; d++) start[d + 1] = (start[d + 1] ?? 0) + (start[d] ?? 0);
    const order = new Int32Array(n);
    const addresses = new Float64Array(n);
    const next = start.slice(0, devices);
    statements.forEach((s) => {
      if (s.address === undefined || s.device < 0 || s.device >= devices) return;
      const k = next[s.device] ?? 0;
      next[s.device] = k + 1;
      order[k] = s.index;
      addresses[k] = s.address;
    });
    // Within a device by address, equal addresses by number (the order they were filled in). The
    // build lists a device's neighbors by address, so this is mostly a check.
    for (let d = 0; d < devices; d++) {
      const from = start[d] ?? 0;
      const to = start[d + 1] ?? 0;
      let sorted = true;
      for (let k = from + 1; sorted && k < to; k++) sorted = (addresses[k - 1] ?? 0) <= (addresses[k] ?? 0);
      if (sorted) continue;
      // The run's statement numbers sorted in place (no object per entry: a spine's run is thousands).
      const addressOf = (index: number): number => statements[index]?.address ?? 0;
      const run = order.subarray(from, to).sort((x, y) => addressOf(x) - addressOf(y) || x - y);
      run.forEach((index, i) => (addresses[from + i] = addressOf(index)));
    }
    this.order = order;
    this.addresses = addresses;
    this.start = start;
  }

  /** Position in `order` of the device's first statement for the address, or -1. */
  private find(device: number, address: number | undefined): number {
    if (address === undefined || device < 0 || device + 1 >= this.start.length) return -1;
    let lo = this.start[device] ?? 0;
    const end = this.start[device + 1] ?? 0;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.addresses[mid] ?? 0) < address) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && this.addresses[lo] === address ? lo : -1;
  }

  /** The device's first statement (by number) for the address, or -1. */
  first(device: number, address: number | undefined): number {
    const k = this.find(device, address);
    return k < 0 ? -1 : (this.order[k] ?? -1);
  }

  /** How many of the device's statements are for the address. */
  count(device: number, address: number | undefined): number {
    const k = this.find(device, address);
    if (k < 0) return 0;
    const end = this.start[device + 1] ?? 0;
    let j = k + 1;
    while (j < end && this.addresses[j] === address) j++;
    return j - k;
  }

  /** The device's statements for the address, by number. */
  all(device: number, address: number | undefined): number[] {
    const out: number[] = [];
    const k = this.find(device, address);
    if (k < 0) return out;
    const end = this.start[device + 1] ?? 0;
    for (let j = k; j < end && this.addresses[j] === address; j++) out.push(this.order[j] ?? -1);
    return out;
  }
}
