/**
 * The lab's copy of a device's frr.conf. It is the compiled file, with one exception: in a VM that
 * emulates its CPU (QEMU's TCG, no KVM), a 300 ms BFD packet is routinely late on a loaded host,
 * so sessions flap and take BGP down with them, which says nothing about the fabric. There the lab
 * runs the BFD profiles at no less than 1000 ms × 5 and says so in every report. Pure.
 */

export interface BfdFloor {
  /** Least receive and transmit interval, in milliseconds. */
  readonly intervalMs: number;
  /** Least detect multiplier. */
  readonly multiplier: number;
}

/** What an emulated CPU keeps up with on a loaded 2-core host. */
export const emulatedBfdFloor: BfdFloor = { intervalMs: 1000, multiplier: 5 };

/** Raises BFD intervals and multipliers below the floor; returns the text and whether it changed. */
export function raiseBfdTimers(conf: string, floor: BfdFloor): { readonly conf: string; readonly changed: boolean } {
  let changed = false;
  const out = conf.replace(/^(\s*)(receive-interval|transmit-interval|detect-multiplier) (\d+)$/gm, (line, indent: string, key: string, value: string) => {
    const least = key === 'detect-multiplier' ? floor.multiplier : floor.intervalMs;
    if (Number(value) >= least) return line;
    changed = true;
    return `${indent}${key} ${least}`;
  });
  return { conf: out, changed };
}

/** The report's words for it. */
export function bfdFloorNote(floor: BfdFloor): string {
  return `BFD timers raised: this lab runs in a VM without KVM, whose emulated CPU cannot keep 300 ms BFD packets on time on a loaded host, so its FRR runs the BFD profiles at no less than ${floor.intervalMs} ms × ${floor.multiplier}; every BFD session must still be up.`;
}
