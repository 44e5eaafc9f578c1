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

const icmpCounters = `while read -r k v; do [ "$k" = Icmp: ] && echo "clos-icmp $v"; done < /proc/net/snmp`;

/**
 * The probe as one shell script and the namespace it runs in: the source's, or for an isolation
 * probe the target's, which prints its ICMP counters (/proc/net/snmp is per namespace) before and
 * after the source pings, so the lab sees whether the request arrived there.
 */
export function probeCommand(probe: Probe, timings: PingTimings): { readonly namespace: string; readonly script: string } {
  const ping = pingCommand(probe, timings);
  if (probe.targetNamespace !== undefined) {
    return { namespace: probe.targetNamespace, script: `${icmpCounters}; ip netns exec ${shellQuote(probe.from.namespace)} ${ping}; r=$?; ${icmpCounters}; exit $r` };
  }
  if (probe.mac === undefined) return { namespace: probe.from.namespace, script: ping };
  return { namespace: probe.from.namespace, script: `${ping}; r=$?; ip neigh show ${shellQuote(probe.to)} dev ${shellQuote(probe.from.interface)}; exit $r` };
}

/**
 * Every isolation probe aimed at one target as one script in the target's namespace: its ICMP
 * counters, all the pings at once (each prints `clos-rc <index> <exit status>`), its counters
 * again. Counters that did not move prove that no probe's request arrived.
 */
export function batchCommand(probes: readonly Probe[], timings: PingTimings): { readonly namespace: string; readonly script: string } {
  const namespace = probes[0]?.targetNamespace;
  if (namespace === undefined || probes.some((p) => p.targetNamespace !== namespace)) throw new Error('batchCommand: probes aimed at one target namespace');
  const pings = probes.map((p, i) => `( ip netns exec ${shellQuote(p.from.namespace)} ${pingCommand(p, timings)} >/dev/null 2>&1; echo "clos-rc ${i} $?" ) &`);
  return { namespace, script: `${icmpCounters}; ${pings.join(' ')} wait; ${icmpCounters}; exit 0` };
}

/** Each ping's exit status from a batch's output, by index; undefined if one is missing. */
export function batchExitCodes(stdout: string, count: number): number[] | undefined {
  const codes = new Array<number | undefined>(count).fill(undefined);
  for (const line of stdout.split('\n')) {
    const m = /^clos-rc (\d+) (\d+)$/.exec(line.trim());
    if (m !== null && Number(m[1]) < count) codes[Number(m[1])] = Number(m[2]);
  }
  return codes.every((c) => c !== undefined) ? codes : undefined;
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
 * Sends probes, at most `jobs` scripts at once. Probes that count a target's echo requests (its
 * counters are per namespace) go to each target together, in one window of its counters
 * (batchCommand), and callers send them when no other probe is aimed at a server. Counters that
 * moved, or an answer that does not parse, send that target's probes again one at a time, to tell
 * which one arrived; if none does then, every probe of the window is reported as the leak
 * (`unattributed`), never none.
 */
export async function sendProbes(
  run: Runner,
  probes: readonly Probe[],
  jobs: number,
  neighbours: NeighbourTable | undefined,
  timings: PingTimings = defaultPingTimings,
): Promise<ProbeResult[]> {
  const timeoutMs = (Math.max(timings.replyDeadline, timings.silenceDeadline) + 10) * 1000;
  const send = async (probe: Probe): Promise<ProbeResult> => {
    await neighbours?.waitForRoom();
    const { namespace, script } = probeCommand(probe, timings);
    const r = await run('ip', ['netns', 'exec', namespace, 'sh', '-c', script], { timeoutMs });
    return readPingOutput(r.code, r.stdout, r.stderr);
  };
  const results = new Array<ProbeResult>(probes.length);
  const targets = new Map<string, number[]>();
  const alone: number[][] = [];
  probes.forEach((p, i) => {
    if (p.targetNamespace === undefined) alone.push([i]);
    else targets.set(p.targetNamespace, [...(targets.get(p.targetNamespace) ?? []), i]);
  });
  await mapLimit([...targets.values(), ...alone], jobs, async (queue) => {
    const batch = queue.flatMap((i) => {
      const probe = probes[i];
      return probe === undefined ? [] : [{ i, probe }];
    });
    if (batch.length > 1) {
      await neighbours?.waitForRoom();
      const { namespace, script } = batchCommand(batch.map((b) => b.probe), timings);
      const r = await run('ip', ['netns', 'exec', namespace, 'sh', '-c', script], { timeoutMs });
      const received = r.code === 0 ? receivedEchoRequests(r.stdout) : undefined;
      const codes = batchExitCodes(r.stdout, batch.length);
      if (received === 0 && codes !== undefined) {
        batch.forEach(({ i }, k) => {
          results[i] = { replied: codes[k] === 0, mac: null, detail: '', received: 0 };
        });
        return;
      }
      // One at a time, to tell which request arrived.
      const single: { i: number; result: ProbeResult }[] = [];
      for (const { i, probe } of batch) single.push({ i, result: await send(probe) });
      const attributed = single.some(({ result }) => result.received !== undefined && result.received > 0);
      for (const { i, result } of single) {
        results[i] = received !== undefined && received > 0 && !attributed ? { ...result, unattributed: { received, probes: batch.length } } : result;
      }
      return;
    }
    for (const i of queue) {
      const probe = probes[i];
      if (probe !== undefined) results[i] = await send(probe);
    }
  });
  return results;
}
