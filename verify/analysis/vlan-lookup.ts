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
  if (ascendingIds(vlans)) {
    return {
      get: (id) => {
        let lo = 0;
        let hi = vlans.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const v = vlans[mid];
          if (v === undefined) return undefined;
          if (v.id === id) return v;
          if (v.id < id) lo = mid + 1;
          else hi = mid - 1;
        }
        return undefined;
      },
      repeated: [],
    };
  }
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

/** Whether every id is a number greater than the one before. */
function ascendingIds(vlans: readonly DeviceVlan[]): boolean {
  for (let i = 0; i < vlans.length; i++) {
    const id = vlans[i]?.id;
    // Numbers only: an edited model's odd ids go to the map, which compares them exactly.
    if (typeof id !== 'number' || (i > 0 && !((vlans[i - 1]?.id ?? Infinity) < id))) return false;
  }
  return true;
}
