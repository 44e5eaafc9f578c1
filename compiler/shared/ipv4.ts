/**
 * IPv4 addresses and prefixes as 32-bit unsigned integers, for every stage: resolve (pools,
 * subnets, gateways), build, the verifier, the review tools and the lab. Two ways in:
 *
 * - `parseAddress` and `parseCidr` are tolerant: they return undefined for anything that is not a
 *   dotted quad (with a prefix length), so the verifier can read hand-edited device models.
 * - `checkedAddress` and `checkedPrefix` are for text the schema or the build has already checked;
 *   anything else is a bug in clos, and they throw.
 *
 * Hand-written rather than a library: no substrings or regular expressions (the verifier parses
 * ~200,000 addresses on a thousand leaves), and one reading of every address for every stage.
 */

/** A prefix as the fabric model keeps it. */
export interface Prefix {
  /** Network address and length, `a.b.c.d/n` (host bits cleared). */
  readonly cidr: string;
  /** Network address. */
  readonly base: number;
  readonly length: number;
  /** Number of addresses, 2^(32-length). */
  readonly size: number;
}

/** A prefix as written, with its host bits. */
export interface Cidr {
  /** The address as written (host bits kept). */
  readonly address: number;
  readonly length: number;
  /** Network address. */
  readonly base: number;
  readonly size: number;
}

/** Anything with a network address and a size: a Prefix or a Cidr. */
export interface AddressBlock {
  readonly base: number;
  readonly size: number;
}

/** `a.b.c.d` → 32-bit unsigned integer, or undefined when it is not a dotted quad. */
export function parseAddress(text: string): number | undefined {
  return parseQuad(text, 0, text.length);
}

/** The dotted quad in text[from, to), or undefined. No substrings: the verifier parses ~200,000. */
function parseQuad(text: string, from: number, to: number): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (digits > 3 || octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/** `a.b.c.d/n` → address and prefix, or undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseQuad(text, 0, slash);
  // One or two digits after the slash, at most 32.
  const digits = text.length - slash - 1;
  if (address === undefined || digits < 1 || digits > 2) return undefined;
  let length = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    length = length * 10 + (c - 48);
  }
  if (length > 32) return undefined;
  const size = 2 ** (32 - length);
  const base = address - (address % size);
  return { address, length, base, size };
}

/**
 * The address of `a.b.c.d/n` when n is `length`, else undefined: `parseCidr(text)?.address` where
 * its length is `length`, without building the result (the verifier reads ~170,000 own addresses
 * of a thousand leaves, each against its subnet's length; an object each cost it more than the
 * rest of the check).
 */
export function cidrAddress(text: string, length: number): number | undefined {
  const slash = text.indexOf('/');
  const digits = text.length - slash - 1;
  if (slash < 0 || digits < 1 || digits > 2) return undefined;
  let n = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  return n === length ? parseQuad(text, 0, slash) : undefined;
}

/** An address the schema or the build has checked; throws (a bug) when it is not a dotted quad. */
export function checkedAddress(text: string): number {
  const address = parseAddress(text);
  if (address === undefined) throw new Error(`not an IPv4 address: '${text}'`);
  return address;
}

/**
 * A prefix the schema or the build has checked, `a.b.c.d/n` (host bits allowed and cleared) or a
 * bare address (a /32); throws (a bug) otherwise.
 */
export function checkedPrefix(text: string): Prefix {
  const cidr = text.includes('/') ? parseCidr(text) : parseCidr(`${text}/32`);
  if (cidr === undefined) throw new Error(`not an IPv4 prefix: '${text}'`);
  return { cidr: `${formatAddress(cidr.base)}/${cidr.length}`, base: cidr.base, length: cidr.length, size: cidr.size };
}

export function formatAddress(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** The address part of `a.b.c.d/n` (or the text itself when it has no prefix length). */
export function addressOf(text: string): string {
  const slash = text.indexOf('/');
  return slash < 0 ? text : text.slice(0, slash);
}

export function prefixContains(prefix: AddressBlock, address: number): boolean {
  return address >= prefix.base && address < prefix.base + prefix.size;
}

export function prefixesOverlap(a: AddressBlock, b: AddressBlock): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/**
 * Address blocks no switch puts on an interface (RFC 6890's special-purpose registry, the blocks
 * that are not forwardable host addresses): "this network" (RFC 791, 1122), loopback (RFC 1122),
 * multicast (RFC 5771) and the reserved class E with the limited broadcast (RFC 1112, 919).
 * EOS and NX-OS refuse such interface addresses; Linux takes some and does not route them.
 */
export const nonInterfaceBlocks: readonly { readonly cidr: string; readonly base: number; readonly size: number; readonly purpose: string }[] = [
  { cidr: '0.0.0.0/8', base: 0, size: 2 ** 24, purpose: '"this network"' },
  { cidr: '127.0.0.0/8', base: 127 * 2 ** 24, size: 2 ** 24, purpose: 'loopback' },
  { cidr: '224.0.0.0/4', base: 224 * 2 ** 24, size: 2 ** 28, purpose: 'multicast' },
  { cidr: '240.0.0.0/4', base: 240 * 2 ** 24, size: 2 ** 28, purpose: 'reserved' },
];

/** The special-purpose block a prefix overlaps, when it cannot hold interface addresses (nonInterfaceBlocks). */
export function nonInterfaceBlock(prefix: AddressBlock): (typeof nonInterfaceBlocks)[number] | undefined {
  return nonInterfaceBlocks.find((b) => prefixesOverlap(b, prefix));
}

/** True when the address is the network or broadcast address of a prefix that has them (/30 and larger). */
export function isNetworkOrBroadcast(prefix: Prefix, address: number): boolean {
  if (prefix.length >= 31) return false;
  return address === prefix.base || address === prefix.base + prefix.size - 1;
}

/**
 * The address `offset` places after a pool's network address, or why it cannot be used:
 * `outside` when it does not fit, `reserved` when it is the pool's broadcast address.
 */
export function addressInPool(pool: Prefix, offset: number): { address: number; problem: 'outside' | 'reserved' | undefined } {
  const address = pool.base + offset;
  if (offset < 0 || offset >= pool.size) return { address, problem: 'outside' };
  if (isNetworkOrBroadcast(pool, address)) return { address, problem: 'reserved' };
  return { address, problem: undefined };
}

/**
 * The router MAC clos gives an FRR leaf: locally administered unicast, `02:00:` and the router-id's
 * four bytes (`10.0.0.11` → `02:00:0a:00:00:0b`), so unique per device.
 */
export function routerMacOf(routerId: string): string {
  let mac = '02:00';
  for (const octet of routerId.split('.')) mac += `:${Number(octet).toString(16).padStart(2, '0')}`;
  return mac;
}

/** Host addresses of a subnet of `size` addresses: all but network and broadcast (a /31's two, a /32's one). */
export function hostAddressCount(size: number): number {
  return size <= 2 ? size : size - 2;
}
