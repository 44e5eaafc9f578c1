import { describe, expect, it } from 'vitest';
import { belongsToLab, deviceNamespace, hostNamespace, labOfNamespace } from './names.js';
import { parseArpCacheStats } from './neighbours.js';

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
