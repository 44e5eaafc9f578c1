/**
 * Path evidence for reachability findings, from the path-vector engine's trace of one origin: where
 * the routes got to, what the receiver was offered and why it dropped each offer.
 */
import type { Propagation, TraceEntry } from '../analysis/propagate.js';
import { nameOf, type VerifyContext } from '../context.js';
import { listNames } from '../locate.js';

export interface Evidence {
  readonly message: string;
  readonly at?: readonly string[];
}

export function routeEvidence(ctx: VerifyContext, p: Propagation, receiver: number, what: 'underlay' | 'EVPN'): Evidence[] {
  const origin = p.origin;
  const out: Evidence[] = [];
  const reached: string[] = [];
  for (let d = 0; d < p.len.length; d++) if (d !== origin && (p.len[d] ?? -1) >= 0) reached.push(nameOf(ctx, d));
  out.push({ message: `${what} routes of '${nameOf(ctx, origin)}' reach ${reached.length === 0 ? 'no other device' : listNames(reached, 6)}` });
  const offers = p.trace?.get(receiver) ?? [];
  for (const o of offers) out.push({ message: `'${nameOf(ctx, receiver)}' ${describeOffer(ctx, o, receiver, what === 'EVPN')}` });
  if (offers.length === 0) {
    const graph = what === 'underlay' ? ctx.routing.ipv4 : ctx.routing.evpn;
    const peers: string[] = [];
    for (let e = graph.start[receiver] ?? 0; e < (graph.start[receiver + 1] ?? 0); e++) {
      if (ctx.routing.sessionUp[graph.session[e] ?? 0] === 1) peers.push(nameOf(ctx, graph.peer[e] ?? 0));
    }
    out.push({
      message: `'${nameOf(ctx, receiver)}' is offered nothing: ${peers.length === 0 ? `it has no ${what} session up` : `its ${what} sessions up are with ${listNames(peers, 6)}, and none of them relays the routes`}`,
    });
  }
  return out;
}

function describeOffer(ctx: VerifyContext, o: TraceEntry, receiver: number, evpn: boolean): string {
  const path = o.path.length === 0 ? '(empty AS path)' : `AS path ${o.path.join(' ')}`;
  const from = `from '${nameOf(ctx, o.from)}' with ${path}`;
  const asn = ctx.fg.devices[receiver]?.model.bgp.asn ?? 0;
  switch (o.reason) {
    case 'accepted':
      return `accepts the route ${from}${!evpn || o.nextHopKept ? '' : `, its next hop rewritten to '${nameOf(ctx, o.from)}'`}`;
    case 'as-path-loop':
      return `drops the route ${from}: its own ASN ${asn} is in the path (AS-path loop prevention)`;
    case 'peer-as-check':
      return `is never sent the route ${from}: '${nameOf(ctx, o.from)}' withholds from a peer the routes it learned from the peer's own ASN ${asn} (peer-AS check, NX-OS's default; disable-peer-as-check turns it off)`;
    case 'not-retained':
      return `drops the route ${from}: it neither imports nor retains it`;
    case 'not-better':
      return `ignores the route ${from}: it already has a shorter one`;
  }
}
