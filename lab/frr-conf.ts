/**
 * The lab's copy of a device's frr.conf. It is the compiled file, with two exceptions, each said in
 * every report:
 *
 * - in a VM that emulates its CPU (QEMU's TCG, no KVM), a 300 ms BFD packet is routinely late on a
 *   loaded host, so sessions flap and take BGP down with them, which says nothing about the fabric:
 *   there the lab runs the BFD profiles at no less than 1000 ms × 5;
 * - on a leaf with Ethernet segments, zebra holds the segments down for its startup delay (FRR's
 *   default 180 s) after it starts and after its uplinks come back: the lab sets it to
 *   labMhStartupDelay seconds, so that a boot or a restored failure does not wait three minutes.
 *
 * Pure.
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

/**
 * The segments' startup delay the lab runs, in seconds (FRR's default: 180). None, so that a boot
 * is as it was before ports could be protodown. (A bonded server's BGP session that stayed Active
 * for minutes was first blamed on a 10 s delay; its cause was the ports' receive path, which
 * lab/kernel.ts portFilterBatch mends.)
 */
export const labMhStartupDelay = 0;

/**
 * On a leaf with Ethernet segments (`evpn mh es-id`), `evpn mh startup-delay labMhStartupDelay`
 * after `evpn mh redirect-off`, the leaf's other global multihoming line; anything else unchanged.
 */
export function shortenMhStartupDelay(conf: string): { readonly conf: string; readonly changed: boolean } {
  if (!/^ evpn mh es-id /m.test(conf) || /^evpn mh startup-delay /m.test(conf)) return { conf, changed: false };
  const out = conf.replace(/^evpn mh redirect-off\n/m, (line) => `${line}evpn mh startup-delay ${labMhStartupDelay}\n`);
  return { conf: out, changed: out !== conf };
}

/** A device's frr.conf as the lab runs it: both exceptions above applied. */
export function labFrrConf(conf: string, floor: BfdFloor | undefined): string {
  const bfd = floor === undefined ? conf : raiseBfdTimers(conf, floor).conf;
  return shortenMhStartupDelay(bfd).conf;
}

/** The report's words for the startup delay. */
export function mhStartupDelayNote(): string {
  return `Ethernet segments not held down after a start: zebra holds a leaf's segments down for its startup delay (FRR's default 180 s) after it starts and after its uplinks return, and this lab runs it at ${labMhStartupDelay} s so that a boot or a restored failure does not wait three minutes. Each segment member port is a macvlan (passthru) on its veth, since a veth cannot be protodown and zebra takes a segment down by protodown on its members; a tc filter on the port marks unicast frames as for another host, as a veth does, so the leaf routes only what is addressed to it.`;
}
