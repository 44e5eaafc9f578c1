/**
 * Sends the data-plane probes: `ping` inside the source host's namespace, bound to its interface in
 * the network. A probe that expects a reply stops at the first one (`-c 1 -w <deadline>`, a packet
 * every 200 ms), so a healthy fabric answers in milliseconds; one that expects silence waits out
 * its whole deadline, so those run many at a time.
 */
import { mapLimit, shellQuote, type Runner } from './exec.js';
import type { Probe, ProbeResult } from './checks/data-plane.js';
import type { NeighbourTable } from './neighbours.js';

export interface PingTimings {
  /** Seconds a reply may take (ARP, EVPN MAC learning, a failure's reconvergence). */
  readonly replyDeadline: number;
  /** Seconds of silence that count as "does not reach". */
  readonly silenceDeadline: number;
}

export const defaultPingTimings: PingTimings = { replyDeadline: 5, silenceDeadline: 2 };

/**
 * In a VM without KVM every instruction is translated, and a loaded host makes it slower still:
 * the first ping of a path (ARP, EVPN learning) can take seconds. Three times the time.
 */
export const emulatedPingTimings: PingTimings = { replyDeadline: 15, silenceDeadline: 6 };

function pingCommand(probe: Probe, timings: PingTimings): string {
  const deadline = probe.expect === 'reply' ? timings.replyDeadline : timings.silenceDeadline;
  const args = ['ping', '-n', '-q', '-c', '1', '-i', '0.2', '-w', String(deadline), '-I', probe.from.interface];
  if (probe.size !== undefined) args.push('-M', 'do', '-s', String(probe.size));
  args.push(probe.to);
  return args.map(shellQuote).join(' ');
}

/**
 * The probe as one shell script and the namespace it runs in: the source's, or for an isolation
 * probe the target's, which prints its ICMP counters (/proc/net/snmp is per namespace) before and
 * after the source pings, so the lab sees whether the request arrived there.
 */
export function probeCommand(probe: Probe, timings: PingTimings): { readonly namespace: string; readonly script: string } {
  const ping = pingCommand(probe, timings);
  if (probe.targetNamespace !== undefined) {
    const counters = `while read -r k v; do [ "$k" = Icmp: ] && echo "clos-icmp $v"; done < /proc/net/snmp`;
    return { namespace: probe.targetNamespace, script: `${counters}; ip netns exec ${shellQuote(probe.from.namespace)} ${ping}; r=$?; ${counters}; exit $r` };
  }
  if (probe.mac === undefined) return { namespace: probe.from.namespace, script: ping };
  return { namespace: probe.from.namespace, script: `${ping}; r=$?; ip neigh show ${shellQuote(probe.to)} dev ${shellQuote(probe.from.interface)}; exit $r` };
}

/** InEchos (echo requests received) before and after, from the counters probeCommand prints. */
export function receivedEchoRequests(stdout: string): number | undefined {
  const rows = stdout.split('\n').filter((l) => l.startsWith('clos-icmp ')).map((l) => l.slice('clos-icmp '.length).trim().split(/\s+/));
  // Two pairs: names, values (before), names, values (after).
  const [names, before, , after] = rows;
  const at = names?.indexOf('InEchos') ?? -1;
  if (at < 0 || before === undefined || after === undefined) return undefined;
  const delta = Number(after[at]) - Number(before[at]);
  return Number.isInteger(delta) && delta >= 0 ? delta : undefined;
}

export function readPingOutput(code: number | null, stdout: string, stderr: string): ProbeResult {
  const mac = /lladdr ([0-9a-f:]{17})/.exec(stdout)?.[1] ?? null;
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('clos-icmp '));
  const summary = lines.find((l) => l.includes('packets transmitted'));
  const complaint = lines.find((l) => l.startsWith('ping:'));
  const received = receivedEchoRequests(stdout);
  const result: ProbeResult = { replied: code === 0, mac, detail: code === 0 ? '' : (complaint ?? summary ?? `ping exit status ${String(code)}`) };
  return received === undefined ? result : { ...result, received };
}

/**
 * Sends probes, at most `jobs` at once. Probes that count a target's echo requests run one at a
 * time per target (its counters are per namespace), and callers send them when no other probe
 * is aimed at a server.
 */
export async function sendProbes(
  run: Runner,
  probes: readonly Probe[],
  jobs: number,
  neighbours: NeighbourTable | undefined,
  timings: PingTimings = defaultPingTimings,
): Promise<ProbeResult[]> {
  const send = async (probe: Probe): Promise<ProbeResult> => {
    await neighbours?.waitForRoom();
    const { namespace, script } = probeCommand(probe, timings);
    const r = await run('ip', ['netns', 'exec', namespace, 'sh', '-c', script], {
      timeoutMs: (Math.max(timings.replyDeadline, timings.silenceDeadline) + 10) * 1000,
    });
    return readPingOutput(r.code, r.stdout, r.stderr);
  };
  const results = new Array<ProbeResult>(probes.length);
  const queues = new Map<string, number[]>();
  probes.forEach((p, i) => {
    const key = p.targetNamespace ?? `#${i}`;
    queues.set(key, [...(queues.get(key) ?? []), i]);
  });
  await mapLimit([...queues.values()], jobs, async (queue) => {
    for (const i of queue) {
      const probe = probes[i];
      if (probe !== undefined) results[i] = await send(probe);
    }
  });
  return results;
}
