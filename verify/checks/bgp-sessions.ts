/**
 * Check 3, BGP session symmetry: every configured neighbor has its reverse on the peer — the
 * addresses, remote-as both ways, the same address families (IPv4 unicast, L2VPN EVPN), BFD on
 * both or neither — and can come up, and stays up: no session brings more routes than its
 * receiver's maximum-routes (`route-limits.ts`). Each statement gets a status in Batfish's
 * vocabulary (`analysis/sessions.ts`); the JSON report lists them all.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { Findings, keysOf, linkKeys, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import type { SessionReport, SessionStatus } from '../types.js';
import { checkRouteLimits } from './route-limits.js';

export function checkBgpSessions(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg, sessions: sa, routing } = ctx;
  const statuses = new Map<SessionStatus, number>();

  // forEach, not for…of: 128,000 statements, once, mostly before the loop is optimized, where
  // for…of allocates an iterator result per element (bench/PROFILE.md, section 30).
  fg.statements.forEach((st) => {
    const m = sa.matches.get(st.index);
    if (m === undefined) return;
    statuses.set(m.status, (statuses.get(m.status) ?? 0) + 1);
    const name = nameOf(ctx, st.device);
    const n = st.neighbor;
    // Provenance keys only for a finding (128,000 statements and sessions on a large fabric), made
    // by statementKeys: no closure per statement.
    if (st.group === undefined) {
      f.add(V.neighborInconsistent, { device: name, at: keysOf(ctx, st.device) }, name, n.address, `uses peer group '${n.peerGroup}', which the device does not define`);
    } else if (st.group.purpose !== n.purpose) {
      f.add(V.neighborInconsistent, { device: name, at: keysOf(ctx, st.device) }, name, n.address, `is an ${n.purpose} neighbor in the ${st.group.purpose} peer group ${st.group.name}`);
    }
    if (m.remote !== undefined && nameOf(ctx, m.remote) !== n.peer) {
      f.add(V.neighborInconsistent, { device: name, at: statementKeys(ctx, st.device, m.remote) }, name, n.address, `names '${n.peer}' as its peer, but ${n.address} belongs to '${nameOf(ctx, m.remote)}'`);
    }
    if (n.interface !== null && st.localAddress !== undefined) {
      const holder = fg.owners.onDevice(st.localAddress, st.device);
      if (holder >= 0 && fg.owners.iface(holder) !== n.interface) {
        f.add(V.neighborInconsistent, { device: name, at: statementKeys(ctx, st.device, m.remote) }, name, n.address, `names interface ${n.interface}, but its local address ${n.localAddress} is on ${fg.owners.iface(holder)}`);
      }
    }
    if (m.status === 'UNIQUE_MATCH') return;
    if (m.status === 'NO_MATCH_FOUND' && m.remoteAsWrong && m.remote !== undefined) {
      const remote = m.remote;
      const remoteAsn = fg.devices[remote]?.model.bgp.asn ?? 0;
      const remoteKey = fg.devices[remote]?.role === 'leaf' ? [`leaf:${nameOf(ctx, remote)}.asn`] : ['fabric.asn.spine'];
      f.add(V.remoteAsMismatch, { device: name, at: [...remoteKey, ...statementKeys(ctx, st.device, m.remote)], hint: `set the neighbor's remote-as to ${remoteAsn}` }, name, n.address, n.remoteAs, nameOf(ctx, remote), remoteAsn);
      return;
    }
    if (m.status === 'NO_MATCH_FOUND' && m.remote !== undefined) {
      // Only the other side's remote-as is wrong: reported on that side.
      const rev = (fg.statementsOf[m.remote] ?? []).map((i) => sa.matches.get(i)).find((x) => x?.status === 'NO_MATCH_FOUND' && x.remoteAsWrong && x.remote === st.device);
      if (rev !== undefined) return;
    }
    f.add(V.sessionUnmatched, { device: name, at: statementKeys(ctx, st.device, m.remote) }, name, n.address, m.status, m.why);
  });

  let up = 0;
  sa.sessions.forEach((s) => {
    const a = fg.statements[s.a];
    const b = fg.statements[s.b];
    if (a === undefined || b === undefined) return;
    const an = nameOf(ctx, a.device);
    const bn = nameOf(ctx, b.device);
    // Each end's address is the other's neighbor address.
    const session = (): string => `${a.neighbor.purpose}, ${b.neighbor.address}-${a.neighbor.address}`;
    if (s.familyMismatch !== undefined) f.add(V.addressFamilyMismatch, { device: an, at: linkKeys(ctx, a.device, b.device) }, an, bn, session(), s.familyMismatch);
    if (s.bfdMismatch) {
      const on = a.group?.bfd === true ? an : bn;
      f.add(V.bfdMismatch, { device: on, at: ['fabric.bfd', ...linkKeys(ctx, a.device, b.device)] }, an, bn, session(), on);
    }
    if (routing.sessionUp[s.index] === 1) up++;
    else f.add(V.sessionDown, { device: an, at: linkKeys(ctx, a.device, b.device) }, an, bn, session(), routing.sessionWhy[s.index] ?? 'an end is down');
  });
  checkRouteLimits(ctx, f);

  const order: SessionStatus[] = ['UNIQUE_MATCH', 'HALF_OPEN', 'NO_MATCH_FOUND', 'MULTIPLE_REMOTES', 'UNKNOWN_REMOTE', 'INVALID_LOCAL_IP'];
  const counts = order.filter((s) => statuses.has(s)).map((s) => `${statuses.get(s) ?? 0} ${s}`);
  return {
    diagnostics: f.list,
    summary: `${fg.statements.length} neighbor statements (${counts.join(', ') || 'none'}), ${up} of ${sa.sessions.length} sessions up`,
  };
}

/** A statement's provenance keys: the link to its remote, or its device. */
function statementKeys(ctx: VerifyContext, device: number, remote: number | undefined): string[] {
  return remote !== undefined ? linkKeys(ctx, device, remote) : keysOf(ctx, device);
}

/** Every neighbor statement with its status, for the JSON report. */
export function sessionReports(ctx: VerifyContext): SessionReport[] {
  const { fg, sessions: sa, routing } = ctx;
  return fg.statements.map((st) => {
    const m = sa.matches.get(st.index);
    const session = sa.sessionOf[st.index] ?? -1;
    return {
      device: nameOf(ctx, st.device),
      address: st.neighbor.address,
      localAddress: st.neighbor.localAddress,
      purpose: st.neighbor.purpose,
      remote: m?.remote === undefined ? null : nameOf(ctx, m.remote),
      status: m?.status ?? 'UNKNOWN_REMOTE',
      established: session >= 0 && routing.sessionUp[session] === 1,
    };
  });
}
