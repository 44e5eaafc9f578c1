import { describe, expect, it } from 'vitest';
import { AddressOwners } from './graph.js';

describe('AddressOwners', () => {
  it('lists every place of an address in the order added, and the shared addresses in the order first added', () => {
    const owners = new AddressOwners(6);
    owners.add(10, 0, 'loopback', 'lo', undefined);
    owners.add(20, 1, 'vtep', 'lo', undefined);
    owners.add(10, 2, 'fabric', 'swp1', 4);
    owners.add(undefined, 3, 'fabric', 'swp2', undefined);
    owners.add(10, 3, 'fabric', 'swp3', undefined);
    owners.add(20, 4, 'loopback', 'lo', undefined);
    expect(owners.size).toBe(2);
    expect(owners.get(10)).toEqual([
      { device: 0, kind: 'loopback', iface: 'lo', link: undefined },
      { device: 2, kind: 'fabric', iface: 'swp1', link: 4 },
      { device: 3, kind: 'fabric', iface: 'swp3', link: undefined },
    ]);
    expect(owners.get(30)).toBeUndefined();
    expect(owners.count(10)).toBe(3);
    expect(owners.count(undefined)).toBe(0);
    expect(owners.device(owners.onDevice(10, 3))).toBe(3);
    expect(owners.onDevice(10, 1)).toBe(-1);
    expect(owners.shared().map(([a, list]) => [a, list.map((o) => o.device)])).toEqual([
      [10, [0, 2, 3]],
      [20, [1, 4]],
    ]);
  });

  it('chains many places of one address (a hand-edited model) in order', () => {
    const n = 100_000;
    const owners = new AddressOwners(n);
    for (let i = 0; i < n; i++) owners.add(7, i, 'fabric', `swp${i}`, undefined);
    expect(owners.count(7)).toBe(n);
    const devices: number[] = [];
    for (let s = owners.first(7); s >= 0; s = owners.next(s)) devices.push(owners.device(s));
    expect(devices).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
