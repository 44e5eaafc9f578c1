/**
 * The probes' commands and how their output is read. Isolation probes aimed at one target share
 * one window of its ICMP counters: a fake runner plays the target namespaces (their InEchos
 * counters, which pings arrive), and the batch script itself runs under `sh` with `ip` and `ping`
 * stood in by scripts.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess, type RunResult, type Runner } from './exec.js';
import { batchCommand, batchExitCodes, probeCommand, readPingOutput, receivedEchoRequests, sendProbes } from './ping.js';
import { judgeProbe, type Probe } from './checks/data-plane.js';
import { must } from '../test-helpers/lab.js';

const timings = { replyDeadline: 5, silenceDeadline: 2 };

function silence(from: string, target: string): Probe {
  return {
    group: 'isolation',
    name: `${from} to ${target}`,
    from: { id: from, server: from, namespace: `ns-${from}`, interface: 'eth0' },
    to: `address-of-${target}`,
    toLabel: target,
    expect: 'silence',
    boundary: 'tenants a and b',
    targetNamespace: `ns-${target}`,
  } as unknown as Probe;
}

function reply(from: string, to: string): Probe {
  return { group: 'reachability', name: `${from} to ${to}`, from: { id: from, namespace: `ns-${from}`, interface: 'eth0' }, to, toLabel: to, expect: 'reply' } as unknown as Probe;
}

const counters = (inEchos: number): string =>
  `clos-icmp InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps\nclos-icmp 9 0 0 3 0 0 0 0 ${inEchos} 4\n`;

/**
 * Target namespaces with echo counters; `leaks` names the sources whose requests arrive (once per
 * ping they send). Records every script it runs.
 */
function fakeFabric(leaks: ReadonlySet<string>, options: { flaky?: boolean } = {}): { run: Runner; scripts: string[] } {
  const echos = new Map<string, number>();
  const scripts: string[] = [];
  const run: Runner = (command, args) => {
    const [netns, exec, namespace, sh, c, script] = args;
    if (command !== 'ip' || netns !== 'netns' || exec !== 'exec' || sh !== 'sh' || c !== '-c' || namespace === undefined || script === undefined) throw new Error(`unexpected ${command} ${args.join(' ')}`);
    scripts.push(script);
    const sources = [...script.matchAll(/ip netns exec 'ns-([^']+)' 'ping'/g)].map((m) => m[1] ?? '');
    const before = echos.get(namespace) ?? 0;
    // A flaky leak arrives only when several probes run together.
    const arriving = sources.filter((s) => leaks.has(s) && (options.flaky !== true || sources.length > 1)).length;
    echos.set(namespace, before + arriving);
    const result = (stdout: string, code: number): Promise<RunResult> => Promise.resolve({ code, stdout, stderr: '' });
    if (script.includes('clos-rc')) {
      const codes = sources.map((_, i) => `clos-rc ${i} 1\n`).join('');
      return result(`${counters(before)}${codes}${counters(before + arriving)}`, 0);
    }
    return result(`${counters(before)}1 packets transmitted, 0 received\n${counters(before + arriving)}`, 1);
  };
  return { run, scripts };
}

describe('ping', () => {
  const probe = {
    group: 'gateway',
    name: 'n',
    from: { interface: 'eth0.110', namespace: 'ns' },
    to: '10.110.0.1',
    toLabel: 'gateway',
    expect: 'reply',
    mac: '00:00:5e:00:01:01',
  } as unknown as Probe;
  it('binds to the host interface and reads the gateway MAC afterwards', () => {
    expect(probeCommand(probe, { replyDeadline: 5, silenceDeadline: 2 })).toEqual({
      namespace: 'ns',
      script: "'ping' '-n' '-q' '-c' '1' '-i' '0.2' '-w' '5' '-I' 'eth0.110' '10.110.0.1'; r=$?; ip neigh show '10.110.0.1' dev 'eth0.110'; exit $r",
    });
    expect(readPingOutput(0, '1 packets transmitted, 1 received\n10.110.0.1 lladdr 00:00:5e:00:01:01 REACHABLE\n', '')).toEqual({
      replied: true,
      mac: '00:00:5e:00:01:01',
      detail: '',
    });
  });
  it("runs an isolation probe in the target's namespace, counting the echo requests that arrive there", () => {
    const isolation = { ...probe, group: 'isolation', expect: 'silence', mac: undefined, targetNamespace: 'target-ns' } as unknown as Probe;
    const { namespace, script } = probeCommand(isolation, { replyDeadline: 5, silenceDeadline: 2 });
    expect(namespace).toBe('target-ns');
    expect(script).toBe(
      "while read -r k v; do [ \"$k\" = Icmp: ] && echo \"clos-icmp $v\"; done < /proc/net/snmp; ip netns exec 'ns' 'ping' '-n' '-q' '-c' '1' '-i' '0.2' '-w' '2' '-I' 'eth0.110' '10.110.0.1'; r=$?; while read -r k v; do [ \"$k\" = Icmp: ] && echo \"clos-icmp $v\"; done < /proc/net/snmp; exit $r",
    );
    const silent = readPingOutput(1, `${counters(7)}1 packets transmitted, 0 received\n${counters(7)}`, '');
    expect(silent).toEqual({ replied: false, mac: null, detail: '1 packets transmitted, 0 received', received: 0 });
    expect(readPingOutput(0, `${counters(7)}1 packets transmitted, 1 received\n${counters(8)}`, '').received).toBe(1);
  });
  it("keeps ping's own words when there is no reply", () => {
    expect(readPingOutput(1, '5 packets transmitted, 0 received, 100% packet loss, time 1000ms\n', '').detail).toBe('5 packets transmitted, 0 received, 100% packet loss, time 1000ms');
    expect(readPingOutput(2, '', 'ping: sendmsg: Message too long\n').detail).toBe('ping: sendmsg: Message too long');
  });
});

describe('sendProbes: isolation probes aimed at one target', () => {
  const probes = [silence('a1', 't'), silence('a2', 't'), silence('a3', 't'), silence('b1', 'u'), reply('c1', '10.0.0.1')];

  it('run together in one window of the target counters when no request arrives', async () => {
    const { run, scripts } = fakeFabric(new Set());
    const results = await sendProbes(run, probes, 4, undefined, timings);
    // One script for t's three probes, one for u's, one for the reply probe.
    expect(scripts).toHaveLength(3);
    expect(scripts.filter((s) => s.includes('clos-rc'))).toHaveLength(1);
    expect(results.slice(0, 4).map((r) => r.received)).toEqual([0, 0, 0, 0]);
    expect(probes.slice(0, 4).map((p, i) => judgeProbe(p, must(results[i])).status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('send them again one at a time when the counters moved, and fail the one that arrived', async () => {
    const { run, scripts } = fakeFabric(new Set(['a2']));
    const results = await sendProbes(run, probes, 4, undefined, timings);
    // The batch, then t's three probes alone, u's and the reply probe.
    expect(scripts).toHaveLength(6);
    expect(results.slice(0, 3).map((r) => r.received)).toEqual([0, 1, 0]);
    const judged = probes.slice(0, 3).map((p, i) => judgeProbe(p, must(results[i])));
    expect(judged.map((j) => j.status)).toEqual(['passed', 'failed', 'passed']);
    expect(judged[1]?.code).toBe('CLOS7109');
  });

  it('fail every probe of the window when the leak does not show again one at a time', async () => {
    const { run } = fakeFabric(new Set(['a3']), { flaky: true });
    const results = await sendProbes(run, probes, 4, undefined, timings);
    const judged = probes.slice(0, 3).map((p, i) => judgeProbe(p, must(results[i])));
    expect(judged.map((j) => [j.status, j.code])).toEqual([
      ['failed', 'CLOS7109'],
      ['failed', 'CLOS7109'],
      ['failed', 'CLOS7109'],
    ]);
    expect(judged[0]?.message).toContain('or the source of another of the 3 probes aimed at it does: it received an echo request while they ran together, and none when each ran alone again');
    // u's probe ran alone and nothing arrived.
    expect(judgeProbe(must(probes[3]), must(results[3])).status).toBe('passed');
  });

  it('send them one at a time when the window cannot be read', async () => {
    const scripts: string[] = [];
    const run: Runner = (_command, args) => {
      const script = args[5] ?? '';
      scripts.push(script);
      if (script.includes('clos-rc')) return Promise.resolve({ code: 0, stdout: 'clos-rc 0 1\n', stderr: '' });
      return Promise.resolve({ code: 1, stdout: `${counters(3)}1 packets transmitted, 0 received\n${counters(3)}`, stderr: '' });
    };
    const results = await sendProbes(run, probes.slice(0, 2), 4, undefined, timings);
    expect(scripts).toHaveLength(3);
    expect(results.map((r) => r.received)).toEqual([0, 0]);
  });
});

describe('batchCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clos-ping-'));
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('runs under sh: every ping at once between the two readings of the counters, each exit status reported', async () => {
    // `ip netns exec <ns> cmd...` runs cmd; `ping` exits with the status its last argument names.
    writeFileSync(join(dir, 'ip'), '#!/bin/sh\nshift 3\nexec "$@"\n');
    writeFileSync(join(dir, 'ping'), '#!/bin/sh\nfor a; do last=$a; done\nsleep 1\necho "1 packets transmitted"\nexit "${last#status-}"\n');
    chmodSync(join(dir, 'ip'), 0o755);
    chmodSync(join(dir, 'ping'), 0o755);
    const batch = ['0', '1', '2'].map((status, i) => ({ ...silence(`s${i}`, 't'), to: `status-${status}` }));
    const { namespace, script } = batchCommand(batch, timings);
    expect(namespace).toBe('ns-t');
    const started = Date.now();
    const r = await runProcess('sh', ['-c', script], { env: { PATH: `${dir}:${process.env['PATH'] ?? ''}` } });
    expect(r.code).toBe(0);
    // Together (one after another would take 3 s).
    expect(Date.now() - started).toBeLessThan(2500);
    expect(batchExitCodes(r.stdout, 3)).toEqual([0, 1, 2]);
    // The pings' own output is not mixed in; both readings of /proc/net/snmp are.
    expect(r.stdout).not.toContain('packets transmitted');
    expect(receivedEchoRequests(r.stdout)).toBeGreaterThanOrEqual(0);
  });

  it('refuses probes aimed at different targets', () => {
    expect(() => batchCommand([silence('a', 't'), silence('b', 'u')], timings)).toThrow();
  });

  it('reads exit statuses only when every ping reported one', () => {
    expect(batchExitCodes('clos-rc 1 0\nclos-rc 0 1\n', 2)).toEqual([1, 0]);
    expect(batchExitCodes('clos-rc 1 0\n', 2)).toBeUndefined();
  });
});
