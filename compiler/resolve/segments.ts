/**
 * The identity of an Ethernet segment, from ids only. A dual-homed server's port-channel spans a
 * pair of leaves; both must present the server one LACP partner (one system-id, one key) and one
 * ESI, and nothing else in the fabric may use that ESI.
 *
 * - System MAC of a leaf pair: `02:4d:` then the lower leaf id and the higher leaf id, two bytes
 *   each (device ids are 1..65535). `02` is a unicast, locally administered first octet; the fixed
 *   second octet `4d` can never be the `00` of the FRR router MACs (`02:00:` and the router-id,
 *   build/linux.ts), so a segment's MAC is never a leaf's. One MAC per pair, so it is the same on
 *   both leaves and differs for every other pair.
 * - LACP system-id of the segment's port-channel on both leaves: that system MAC.
 * - ESI: type 3 (MAC-based, RFC 7432 section 5), `03`, the system MAC, then the port-channel
 *   number as the 3-byte local discriminator. The number is unique on each leaf (CLOS3100) and the
 *   MAC unique per pair, so the ESI is fabric-unique. Type 3 is what FRR (`evpn mh es-sys-mac` +
 *   `es-id`) and NX-OS (`system-mac` + `ethernet-segment`) build from those two values, and what
 *   EOS takes as `identifier`.
 *
 * Adding or removing another server changes none of these: they read the two leaf ids and the
 * server's own port-channel number, never a position in a list.
 */

/** The fixed second octet of every segment system MAC. */
export const segmentMacOctet = 0x4d;

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** `02:4d:<a hi>:<a lo>:<b hi>:<b lo>` for leaf ids a < b (their order does not matter). */
export function segmentSystemMac(leafIdA: number, leafIdB: number): string {
  const lo = Math.min(leafIdA, leafIdB);
  const hi = Math.max(leafIdA, leafIdB);
  return ['02', hex2(segmentMacOctet), hex2(lo >> 8), hex2(lo & 0xff), hex2(hi >> 8), hex2(hi & 0xff)].join(':');
}

/** The type-3 ESI of a system MAC and a 3-byte discriminator, as ten colon-separated octets. */
export function segmentEsi(systemMac: string, discriminator: number): string {
  return ['03', systemMac, hex2((discriminator >> 16) & 0xff), hex2((discriminator >> 8) & 0xff), hex2(discriminator & 0xff)].join(':');
}

/** `03:02:4d:00:0b:00:0c:00:00:05` → `0302:4d00:0b00:0c00:0005`, the form EOS writes (`identifier`). */
export function esiGroups(esi: string): string {
  // One string, no list: the verifier puts every segment's ESI in this form too (CLOS5209), on
  // 6,576 segments of the scale target, mostly before the code is optimized.
  const hex = esi.replaceAll(':', '');
  return `${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}:${hex.slice(16, 20)}`;
}
