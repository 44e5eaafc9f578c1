import { describe, expect, it } from 'vitest';
import { formatAddress } from '../../compiler/shared/ipv4.js';
import { isAddressText } from './address-text.js';

/** A small deterministic generator (the tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

describe('isAddressText', () => {
  it('answers as comparing with formatAddress would, on 20,000 texts and their near misses', () => {
    const next = lcg(7);
    const edits = [
      (t: string) => t,
      (t: string) => `0${t}`,
      (t: string) => `${t}0`,
      (t: string) => t.slice(0, -1),
      (t: string) => t.replace('.', ''),
      (t: string) => t.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
      (t: string) => ` ${t}`,
      (t: string) => `${t}/`,
      () => '',
    ];
    for (let i = 0; i < 20_000; i++) {
      // Small octets too (one and two digits), and the ends of the range.
      const address = i % 7 === 0 ? (i % 2 === 0 ? 0 : 4294967295) : next() % (i % 3 === 0 ? 4096 : 4294967296);
      const length = next() % 33;
      const edit = edits[next() % edits.length] ?? ((t: string) => t);
      const plain = edit(formatAddress(address));
      expect(isAddressText(plain, address, -1), plain).toBe(plain === formatAddress(address));
      const cidr = edit(`${formatAddress(address)}/${length}`);
      expect(isAddressText(cidr, address, length), cidr).toBe(cidr === `${formatAddress(address)}/${length}`);
    }
  });
});
