/**
 * Duplicate deliveries: a second look at the flows of servers on two or more leaves. A probe that
 * expects a reply stops at the first one (ping.ts), so a request that reaches its target twice —
 * flooded to both leaves of an Ethernet segment, or bridged and routed at once — passes it. That
 * is how a defect of the lab's own segment ports went unseen for a while: each leaf also routed
 * the frames it bridged to its rack peer (README, "Where the lab runs": the ports' `tc` filter).
 *
 * After the healthy fabric's probes (none when the lab was failed by hand), each gateway, reachability and routing probe that passed and
 * has an endpoint on two or more live leaves is sent once more as three pings (`-c 3 -i 0.2`), and
 * ping's summary must count no duplicate (a look that got no reply counts nothing: not run,
 * CLOS7223; reachability is the first probe's verdict). Duplicates on a flow to or from a server on a segment
 * are reported as not run when, and only when, a live leaf at the other end logged zebra's
 * `A nexthop fdb cannot be dynamic`: the upstream kernel refuses the remote MAC entry with a
 * next-hop group that FRR installs for a segment's MAC, so that leaf floods the server's unicast
 * (the request to it, or the reply back to it) to both of its leaves (README, "MAC next-hop
 * groups"). Anything else is a failure: duplicates to a gateway, between servers without a
 * segment, or without that log line.
 * Pure but for the command text: probes, results and the evidence in, checks out.
 */
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { failed, notRun, passed, type LabCheck } from '../check.js';
import { shellQuote } from '../exec.js';
import type { PingTimings } from '../ping.js';
import type { Endpoint } from '../plan.js';
import { failedLeaves, type Failures } from '../topology.js';
import { label, type Probe } from './data-plane.js';

/** zebra's log line when the kernel refuses a remote MAC entry with a next-hop group (Linux's vxlan). */
export const refusedMacNexthopLog = 'A nexthop fdb cannot be dynamic';

/** Pings per flow: enough that a duplicated request shows, few enough to cost ~0.5 s a flow. */
export const duplicatePings = 3;

const groups: readonly string[] = ['gateway', 'reachability', 'routing'];

function multihomed(e: Endpoint | undefined, down: readonly string[]): boolean {
  return e !== undefined && e.leaves.filter((l) => !down.includes(l)).length > 1;
}

/**
 * The flows to look at again: probes that expected a reply and passed (`checks` in the order of
 * `probes`), of a server on two or more live leaves at either end, once per source interface and
 * target address, as probes of group `duplicates`.
 */
export function planDuplicateProbes(probes: readonly Probe[], checks: readonly LabCheck[], failures: Failures): Probe[] {
  const down = failedLeaves(failures);
  const seen = new Set<string>();
  const out: Probe[] = [];
  probes.forEach((p, i) => {
    if (p.expect !== 'reply' || p.size !== undefined || !groups.includes(p.group) || checks[i]?.status !== 'passed') return;
    if (!multihomed(p.from, down) && !multihomed(p.peer, down)) return;
    const key = `${p.from.namespace}\t${p.from.interface}\t${p.to}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ group: 'duplicates', name: `${p.from.id} to ${p.peer === undefined ? `gateway ${p.to}` : p.peer.id}`, from: p.from, to: p.to, toLabel: p.toLabel, ...(p.peer === undefined ? {} : { peer: p.peer }), expect: 'reply' });
  });
  return out;
}

/** The second look as a command in the source's namespace. */
export function duplicateCommand(probe: Probe, timings: PingTimings): { readonly namespace: string; readonly script: string } {
  const args = ['ping', '-n', '-q', '-c', String(duplicatePings), '-i', '0.2', '-w', String(timings.replyDeadline), '-I', probe.from.interface, probe.to];
  return { namespace: probe.from.namespace, script: args.map(shellQuote).join(' ') };
}

export interface PingCount {
  readonly transmitted: number;
  readonly received: number;
  readonly duplicates: number;
  /** ping's summary line, for messages. */
  readonly summary: string;
}

/** ping's summary (`3 packets transmitted, 3 received, +3 duplicates, 0% packet loss, …`); undefined without one. */
export function readPingCount(output: string): PingCount | undefined {
  const summary = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.includes('packets transmitted'));
  const m = summary === undefined ? null : /^(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?/.exec(summary);
  if (summary === undefined || m === null) return undefined;
  return { transmitted: Number(m[1]), received: Number(m[2]), duplicates: Number(m[3] ?? 0), summary };
}

/**
 * The leaves whose logged refusal would explain duplicates on a flow: for a request towards a
 * server on an Ethernet segment (`segmented`: the servers that have one) with two or more leaves
 * up, the source's live leaves, which flood it to both; for the reply back to such a server, the
 * target's live leaves. A gateway answers from the leaf itself: nothing floods there.
 */
function floodingLeaves(probe: Probe, segmented: ReadonlySet<string>, down: readonly string[]): string[] {
  const peer = probe.peer;
  if (peer === undefined) return [];
  const on = (e: Endpoint): boolean => segmented.has(e.server) && multihomed(e, down);
  const live = (e: Endpoint): string[] => e.leaves.filter((l) => !down.includes(l));
  return [...new Set([...(on(peer) ? live(probe.from) : []), ...(on(probe.from) ? live(peer) : [])])].sort();
}

/**
 * A flow's verdict. `count` undefined: ping printed no summary (`output` says why). `refused`: how
 * many times each leaf's zebra logged the refused next-hop entry. `segmented`: the servers on an
 * Ethernet segment (an active-backup server has none: its MAC is behind one leaf at a time).
 */
export function judgeDuplicates(probe: Probe, count: PingCount | undefined, output: string, refused: ReadonlyMap<string, number>, segmented: ReadonlySet<string>, failures: Failures): LabCheck {
  const from = label(probe.from);
  if (count === undefined || count.received === 0) {
    const why = count?.summary ?? (output.trim().split('\n').pop() ?? '');
    return notRun('duplicates', probe.name, L.duplicatesUnanswered, from, probe.toLabel, why === '' ? 'no output' : why);
  }
  if (count.duplicates === 0) return passed('duplicates', probe.name);
  const leaves = floodingLeaves(probe, segmented, failedLeaves(failures)).filter((l) => (refused.get(l) ?? 0) > 0);
  if (leaves.length > 0) {
    const evidence = leaves.map((l) => `zebra on ${l} logged '${refusedMacNexthopLog}' ${refused.get(l) ?? 0} times`).join(', ');
    return { ...notRun('duplicates', probe.name, L.duplicatesRefusedNexthop, from, probe.toLabel, count.duplicates, evidence), detail: count.summary };
  }
  return failed('duplicates', probe.name, L.duplicateDelivery, from, probe.toLabel, count.duplicates, count.summary);
}

/** The leaves whose logs can excuse duplicates on these flows (floodingLeaves). */
export function evidenceLeaves(probes: readonly Probe[], segmented: ReadonlySet<string>, failures: Failures): string[] {
  const down = failedLeaves(failures);
  return [...new Set(probes.flatMap((p) => floodingLeaves(p, segmented, down)))].sort();
}

/** The servers with an Ethernet segment, from the leaves' models. */
export function segmentedServers(models: Iterable<DeviceModel>): Set<string> {
  const out = new Set<string>();
  for (const m of models) for (const lag of m.interfaces.lags) if (lag.segment !== null) out.add(lag.server);
  return out;
}
