/** IPv4 arithmetic on 32-bit unsigned integers, parsed and printed with netmask. */
import { ip2long, long2ip, Netmask } from 'netmask';
import type { Prefix } from './fabric-model.js';

export function parsePrefix(cidr: string): Prefix {
  const block = new Netmask(cidr);
  return { cidr: `${block.base}/${block.bitmask}`, base: ip2long(block.base) >>> 0, length: block.bitmask, size: block.size };
}

/** The prefix as written, with host bits: tells whether the intent wrote a non-network address. */
export function hasHostBits(cidr: string): boolean {
  const [addr, len] = cidr.split('/');
  return parsePrefix(cidr).base !== toLong(addr ?? '') || len === undefined;
}

export function toLong(address: string): number {
  return ip2long(address) >>> 0;
}

export function toAddress(value: number): string {
  return long2ip(value >>> 0);
}

export function prefixContains(prefix: Prefix, address: number): boolean {
  return address >= prefix.base && address < prefix.base + prefix.size;
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
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
