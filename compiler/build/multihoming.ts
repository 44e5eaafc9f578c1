/**
 * Uplink tracking of a leaf with Ethernet segments: every uplink is tracked, and losing them all
 * takes the segments' port-channels down, so a dual-homed server stops sending to a leaf that can
 * no longer reach the fabric. A local LAG is not tracked: its server has no other leaf to turn to.
 */
import type { DeviceInterfaces, Multihoming } from './device-model.js';
import { mapList } from '../shared/lists.js';

/** EOS link tracking group of every leaf with segments. */
export const trackingGroup = 'UPLINKS';

/** Seconds segments stay down after uplinks return (EOS `recovery delay`, AVD's default). */
export const recoveryDelay = 300;

export function buildMultihoming(interfaces: DeviceInterfaces): Multihoming | null {
  const segments = mapList(interfaces.lags.filter((l) => l.segment !== null), (l) => l.name);
  if (segments.length === 0) return null;
  return { uplinks: mapList(interfaces.fabric, (f) => f.name), segments, trackingGroup, recoveryDelay };
}
