/**
 * A device's VLANs by id without a map per device, for the checks that look VLANs up on every
 * device (uniqueness, the VNI index): the build lists VLANs by ascending id, so a binary search
 * finds one; a list in any other order (a model edited by hand) gets a map, keeping the first or
 * the last VLAN of an id as the caller's rule says. Measured: the per-device maps were a tenth of
 * verification's allocation on a thousand-leaf fabric (bench/PROFILE.md, round 3).
 */
import type { DeviceVlan } from '../../compiler/build/device-model.js';

export interface VlanLookup {
  get(id: number): DeviceVlan | undefined;
  /** Ids listed more than once, in the order they were first repeated. */
  readonly repeated: readonly number[];
}

export function vlanLookup(vlans: readonly DeviceVlan[], keep: 'first' | 'last'): VlanLookup {
  const sorted = sortedLookup(vlans, (v) => v.id, 'number');
  if (sorted !== undefined) return { get: sorted.get, repeated: [] };
  const byId = new Map<number, DeviceVlan>();
  const repeated = new Set<number>();
  for (const v of vlans) {
    if (byId.has(v.id)) {
      repeated.add(v.id);
      if (keep === 'first') continue;
    }
    byId.set(v.id, v);
  }
  return { get: (id) => byId.get(id), repeated: [...repeated] };
}

/**
 * A binary search over `items` by `keyOf`, for lists the build writes in ascending key order (each
 * key once): undefined unless every key is a `kind` greater than the one before, so that the
 * caller falls back to a map (an edited model's odd keys go there, which compares them exactly).
 */
export function sortedLookup<T, K extends number | string>(items: readonly T[], keyOf: (item: T) => K, kind: K extends number ? 'number' : 'string'): { readonly get: (key: K) => T | undefined } | undefined {
  let previous: K | undefined;
  // `every`, not for…of: this runs on every device for several lists, with number and string keys,
  // often in unoptimized code, where for…of allocates an iterator result per item (bench/PROFILE.md,
  // section 33).
  const ascending = items.every((item) => {
    const key = keyOf(item);
    // An edited model's key may be of another type: that list goes to the caller's map.
    if (typeof key !== kind || (previous !== undefined && !(previous < key))) return false;
    previous = key;
    return true;
  });
  if (!ascending) return undefined;
  // Callers mostly ask for the keys in the list's order (a leaf's VNIs and SVIs by VLAN): the item
  // after the last one found is tried before the search.
  let last = -1;
  return {
    get: (key) => {
      const after = items[last + 1];
      if (after !== undefined && keyOf(after) === key) {
        last++;
        return after;
      }
      let lo = 0;
      let hi = items.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const item = items[mid];
        if (item === undefined) return undefined;
        const k = keyOf(item);
        if (k === key) {
          last = mid;
          return item;
        }
        if (k < key) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}

/**
 * A leaf's SVIs or Linux bridges by VLAN: a binary search where the build lists them by ascending
 * VLAN (a map per leaf of 200 bridges was 200,000 entries on the scale target), else a map, the
 * last of a VLAN winning.
 */
export function byVlan<B extends { readonly vlan: number }>(items: readonly B[]): { get(vlan: number): B | undefined } {
  return sortedLookup(items, (b) => b.vlan, 'number') ?? new Map(items.map((b) => [b.vlan, b]));
}
