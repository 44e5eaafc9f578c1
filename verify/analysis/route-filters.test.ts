import { describe, expect, it } from 'vitest';
import type { RoutingPolicy } from '../../compiler/build/device-model.js';
import { certainRanges, routeMapView, type PrefixRange } from './route-filters.js';

type Entry = RoutingPolicy['prefixLists'][number]['entries'][number];
type Clause = RoutingPolicy['routeMaps'][number]['entries'][number];

function policy(lists: Record<string, Entry[]>, clauses: Clause[]): RoutingPolicy {
  return {
    prefixLists: Object.entries(lists).map(([name, entries]) => ({ name, entries })),
    routeMaps: [{ name: 'RM', entries: clauses }],
  };
}

function ranges(p: RoutingPolicy): readonly PrefixRange[] {
  const view = routeMapView(p, 'RM');
  if (!('ranges' in view)) throw new Error('no ranges');
  return view.ranges;
}

const accept: Entry[] = [
  { seq: 10, action: 'permit', prefix: '0.0.0.0/0', le: null },
  { seq: 20, action: 'permit', prefix: '198.51.100.0/24', le: 32 },
];

describe('routeMapView: what a filter admits for certain', () => {
  it('marks nothing in a filter without a deny before its permits (every filter clos builds)', () => {
    const r = ranges(policy({ PL: accept }, [{ seq: 10, action: 'permit', matchPrefixList: 'PL' }]));
    expect(r.map((x) => x.text)).toEqual(['0.0.0.0/0', '198.51.100.0/24 le 32']);
    expect(certainRanges(r)).toHaveLength(2);
  });

  it('a deny clause before the permit clause on the same list takes every range', () => {
    const r = ranges(
      policy({ PL: accept }, [
        { seq: 10, action: 'permit', matchPrefixList: 'PL' },
        { seq: 5, action: 'deny', matchPrefixList: 'PL' },
      ]),
    );
    // Still an upper bound for the leak checks, but nothing is admitted for certain.
    expect(r).toHaveLength(2);
    expect(certainRanges(r)).toHaveLength(0);
  });

  it('a deny clause matching every route shadows every later permit', () => {
    const r = ranges(
      policy({ PL: accept }, [
        { seq: 5, action: 'deny', matchPrefixList: null },
        { seq: 10, action: 'permit', matchPrefixList: 'PL' },
      ]),
    );
    expect(certainRanges(r)).toHaveLength(0);
  });

  it('a deny entry of the list shadows only the later permits it shares routes with', () => {
    const r = ranges(policy({ PL: [{ seq: 5, action: 'deny', prefix: '198.51.100.128/25', le: null }, ...accept] }, [{ seq: 10, action: 'permit', matchPrefixList: 'PL' }]));
    expect(certainRanges(r).map((x) => x.text)).toEqual(['0.0.0.0/0']);
    expect(r.find((x) => x.shadowed === true)?.text).toBe('198.51.100.0/24 le 32 (after a deny)');
  });

  it('a deny after the permit takes nothing from it (first match wins)', () => {
    const r = ranges(policy({ PL: [...accept, { seq: 30, action: 'deny', prefix: '0.0.0.0/0', le: null }] }, [{ seq: 10, action: 'permit', matchPrefixList: 'PL' }]));
    expect(certainRanges(r)).toHaveLength(2);
  });

  it('a deny entry of another length range shares no route with the permit', () => {
    // 0.0.0.0/0 exactly is denied; 198.51.100.0/24 le 32 admits no /0 route.
    const r = ranges(policy({ PL: [{ seq: 5, action: 'deny', prefix: '0.0.0.0/0', le: null }, ...accept.slice(1)] }, [{ seq: 10, action: 'permit', matchPrefixList: 'PL' }]));
    expect(certainRanges(r).map((x) => x.text)).toEqual(['198.51.100.0/24 le 32']);
  });
});
