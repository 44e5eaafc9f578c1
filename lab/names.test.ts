import { describe, expect, it } from 'vitest';
import { belongsToLab, deviceNamespace, hostNamespace, labOfNamespace } from './names.js';
import { parseArpCacheStats } from './neighbours.js';
import { probeCommand, readPingOutput } from './ping.js';
import type { Probe } from './checks/data-plane.js';

describe('lab names', () => {
  it('keeps labs, devices and servers apart', () => {
    expect(deviceNamespace('a', 'b-c')).toBe('clos-a_b-c');
    expect(deviceNamespace('a-b', 'c')).toBe('clos-a-b_c');
    expect(hostNamespace('a', 'Web.01')).toBe('clos-a_h_Web.01');
    expect(belongsToLab('a', 'clos-a-b_c')).toBe(false);
    expect(labOfNamespace('clos-a-b_c')).toBe('a-b');
    expect(labOfNamespace('other')).toBeUndefined();
  });
  it('shortens a long device namespace with a hash, so FRR socket paths fit', () => {
    const long = deviceNamespace('lab', 'x'.repeat(63));
    expect(long.length).toBe(64);
    expect(long).toMatch(/^clos-lab_x+-[0-9a-f]{8}$/);
    expect(deviceNamespace('lab', `${'x'.repeat(62)}y`)).not.toBe(long);
  });
});

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
    const counters = (inEchos: number): string => `clos-icmp InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps\nclos-icmp 9 0 0 3 0 0 0 0 ${inEchos} 4\n`;
    const silent = readPingOutput(1, `${counters(7)}1 packets transmitted, 0 received\n${counters(7)}`, '');
    expect(silent).toEqual({ replied: false, mac: null, detail: '1 packets transmitted, 0 received', received: 0 });
    expect(readPingOutput(0, `${counters(7)}1 packets transmitted, 1 received\n${counters(8)}`, '').received).toBe(1);
  });
  it("keeps ping's own words when there is no reply", () => {
    expect(readPingOutput(1, '5 packets transmitted, 0 received, 100% packet loss, time 1000ms\n', '').detail).toBe('5 packets transmitted, 0 received, 100% packet loss, time 1000ms');
    expect(readPingOutput(2, '', 'ping: sendmsg: Message too long\n').detail).toBe('ping: sendmsg: Message too long');
  });
});

describe('the kernel ARP table', () => {
  it('reads the global entry count and sums table overflows over CPUs', () => {
    const text = [
      'entries  allocs   destroys hash_grows lookups  hits     res_failed rcv_probes_mcast rcv_probes_ucast periodic_gc_runs forced_gc_runs unresolved_discards table_fulls',
      '000000fe 00005659 00005353 00000006   0006e701 00027c25 000000e7   00000000         00000000         00000000         00003663       00000000            00003427',
      '000000fe 000056b9 000058c1 00000004   00068ae9 000263f2 00000118   00000000         00000000         00000197         0000323c       00000000            00002ff8',
    ].join('\n');
    expect(parseArpCacheStats(text)).toEqual({ entries: 254, allocs: 0x5659 + 0x56b9, tableFulls: 0x3427 + 0x2ff8 });
    expect(parseArpCacheStats('nonsense')).toBeUndefined();
  });
});
