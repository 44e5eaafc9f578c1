/** The path-vector engine on small hand-made session graphs. */
import { describe, expect, it } from 'vitest';
import { buildRouteGraph, propagate } from './propagate.js';

/** Devices with ASNs, sessions as [a, b] (optionally with next-hop-unchanged on a's side). */
function graph(asns: readonly number[], sessions: readonly (readonly [number, number, boolean?])[], keeps: readonly boolean[] = asns.map(() => true), maxPaths = 8) {
  return buildRouteGraph(
    asns.length,
    { asn: (d) => asns[d] ?? 0, routerId: (d) => d + 1, maxPaths: () => maxPaths, keeps: (d) => keeps[d] ?? true },
    sessions.map(([a, b, nh], index) => ({ index, a, b, aKeepsNextHop: nh === true, bKeepsNextHop: false })),
  );
}

describe('propagate', () => {
  // 0, 1: spines (AS 65000); 2, 3, 4: leaves.
  const clos = (leafAsns: readonly number[]) =>
    graph(
      [65000, 65000, ...leafAsns],
      [
        [0, 2],
        [1, 2],
        [0, 3],
        [1, 3],
        [0, 4],
        [1, 4],
      ],
    );

  it('spreads a leaf route to every other leaf over both spines, AS path spine-leaf', () => {
    const p = propagate(clos([65101, 65102, 65103]), 2, { trace: true });
    expect([...p.len]).toEqual([1, 1, 0, 2, 2]);
    expect(p.width[3]).toBe(2);
    expect(p.width[4]).toBe(2);
    expect(p.hops[3]).toBe(2);
    const offers = p.trace?.get(3) ?? [];
    expect(offers.filter((o) => o.reason === 'accepted').map((o) => o.path)).toEqual([
      [65000, 65101],
      [65000, 65101],
    ]);
  });

  it('drops routes that come back to a spine: its ASN is in the path (no valley through a leaf)', () => {
    const p = propagate(clos([65101, 65102, 65103]), 2, { trace: true });
    const atSpine = p.trace?.get(1) ?? [];
    expect(atSpine.some((o) => o.reason === 'as-path-loop' && o.path.join(' ') === '65102 65000 65101')).toBe(true);
  });

  it('drops a route at a leaf of the same ASN (AS-path loop prevention)', () => {
    const p = propagate(clos([65101, 65101, 65103]), 2, { trace: true });
    expect(p.len[3]).toBe(-1);
    expect(p.width[3]).toBe(0);
    expect(p.len[4]).toBe(2);
    expect((p.trace?.get(3) ?? []).every((o) => o.reason === 'as-path-loop')).toBe(true);
  });

  it('lets routes valley through a leaf when spines have different ASNs', () => {
    // 0 (AS 1) - 2 - 1 (AS 2) - 3: leaf 3 hears leaf 4's route only through leaf 2.
    const g = graph(
      [1, 2, 65102, 65103, 65104],
      [
        [0, 2],
        [1, 2],
        [1, 3],
        [0, 4],
      ],
    );
    const p = propagate(g, 4);
    expect(p.len[3]).toBe(4);
    expect(p.hops[3]).toBe(4);
  });

  it('prefers a direct leaf-leaf session (shorter AS path) over the spines', () => {
    const g = graph(
      [65000, 65000, 65101, 65102],
      [
        [0, 2],
        [1, 2],
        [0, 3],
        [1, 3],
        [2, 3],
      ],
    );
    const p = propagate(g, 2);
    expect(p.len[3]).toBe(1);
    expect(p.width[3]).toBe(1);
  });

  it('caps ECMP at maximum-paths', () => {
    const g = graph(
      [65000, 65000, 65000, 65101, 65102],
      [
        [0, 3],
        [1, 3],
        [2, 3],
        [0, 4],
        [1, 4],
        [2, 4],
      ],
      undefined,
      2,
    );
    const p = propagate(g, 3);
    expect(p.paths[4]).toBe(3);
    expect(p.width[4]).toBe(2);
  });

  it('keeps the EVPN next hop only through a relay whose peer group keeps it', () => {
    // Spine 0 keeps the next hop towards leaf 3, spine 1 does not.
    const g = graph(
      [65000, 65000, 65101, 65102],
      [
        [0, 2],
        [1, 2],
        [0, 3, true],
        [1, 3, false],
      ],
    );
    const p = propagate(g, 2);
    expect(p.paths[3]).toBe(2);
    expect(p.kept[3]).toBe(1);
  });

  it('relays nothing through a device that does not keep the routes', () => {
    const g = graph(
      [65000, 65101, 65102],
      [
        [0, 1],
        [0, 2],
      ],
      [false, true, true],
    );
    const p = propagate(g, 1, { trace: true });
    expect(p.len[0]).toBe(-1);
    expect(p.len[2]).toBe(-1);
    expect(p.trace?.get(0)?.[0]?.reason).toBe('not-retained');
  });

  it('does not pass iBGP-learned routes to another iBGP peer', () => {
    // 0 - 1 - 2 all in AS 65000 (iBGP chain): 2 never hears 0's route.
    const g = graph(
      [65000, 65000, 65000],
      [
        [0, 1],
        [1, 2],
      ],
    );
    const p = propagate(g, 0);
    expect(p.len[1]).toBe(0);
    expect(p.len[2]).toBe(-1);
  });

  it('honours failed devices and sessions', () => {
    const g = clos([65101, 65102, 65103]);
    const devices = new Uint8Array(5);
    devices[0] = 1;
    const sessions = new Uint8Array(6);
    sessions[3] = 1; // 1-3
    const p = propagate(g, 2, { failed: { devices, sessions } });
    expect(p.width[3]).toBe(0);
    expect(p.width[4]).toBe(1);
  });
});
