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

export function pingScript(probe: Probe, timings: PingTimings): string {
  const deadline = probe.expect === 'reply' ? timings.replyDeadline : timings.silenceDeadline;
  const args = ['ping', '-n', '-q', '-c', '1', '-i', '0.2', '-w', String(deadline), '-I', probe.from.interface];
  if (probe.size !== undefined) args.push('-M', 'do', '-s', String(probe.size));
  args.push(probe.to);
  const ping = args.map(shellQuote).join(' ');
  if (probe.mac === undefined) return ping;
  return `${ping}; r=$?; ip neigh show ${shellQuote(probe.to)} dev ${shellQuote(probe.from.interface)}; exit $r`;
}

export function readPingOutput(code: number | null, stdout: string, stderr: string): ProbeResult {
  const mac = /lladdr ([0-9a-f:]{17})/.exec(stdout)?.[1] ?? null;
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const summary = lines.find((l) => l.includes('packets transmitted'));
  const complaint = lines.find((l) => l.startsWith('ping:'));
  return { replied: code === 0, mac, detail: code === 0 ? '' : (complaint ?? summary ?? `ping exit status ${String(code)}`) };
}

export async function sendProbes(
  run: Runner,
  probes: readonly Probe[],
  jobs: number,
  neighbours: NeighbourTable | undefined,
  timings: PingTimings = defaultPingTimings,
): Promise<ProbeResult[]> {
  return mapLimit(probes, jobs, async (probe) => {
    await neighbours?.waitForRoom();
    const r = await run('ip', ['netns', 'exec', probe.from.namespace, 'sh', '-c', pingScript(probe, timings)], {
      timeoutMs: (Math.max(timings.replyDeadline, timings.silenceDeadline) + 10) * 1000,
    });
    return readPingOutput(r.code, r.stdout, r.stderr);
  });
}
