/** IPv4 parsing: the tolerant reading the verifier uses on hand-edited models, and the checked reading of every other stage. */
import { describe, expect, it } from 'vitest';
import { checkedAddress, checkedPrefix, cidrAddress, formatAddress, parseAddress, parseCidr, prefixContains, prefixesOverlap } from './ipv4.js';

/** The definition: four decimal octets of 1–3 digits, each ≤ 255; a prefix length of 1–2 digits ≤ 32. */
function reference(text: string): { address: number; length: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (m === null) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const length = Number(m[5]);
  if (octets.some((o) => o > 255) || length > 32) return undefined;
  return { address: octets.reduce((a, o) => a * 256 + o, 0), length };
}

const samples = [
  '10.0.0.1/32', '10.0.0.1/31', '0.0.0.0/0', '255.255.255.255/32', '192.168.1.7/24', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4',
  '1.2.3.4/032', '1.2.3.4/3a', '1.2.3.256/8', '1.2.3/8', '1.2.3.4.5/8', '01.002.3.4/8', '1..3.4/8', '.1.2.3/8', 'a.b.c.d/8',
  '1.2.3.4/ 8', ' 1.2.3.4/8', '1.2.3.4//8', '', '/', '1.2.3.4/-1', '1.2.3.1000/8', '1.2.3.4/8/8',
];

describe('parseCidr', () => {
  it('agrees with the definition on edge cases and random text', () => {
    const alphabet = '0123456789./ a';
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts = [...samples];
    for (let i = 0; i < 20000; i++) {
      const n = 7 + Math.floor(random() * 12);
      let t = '';
      for (let j = 0; j < n; j++) t += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      texts.push(t);
    }
    for (const text of texts) {
      const want = reference(text);
      const got = parseCidr(text);
      expect(got === undefined ? undefined : { address: got.address, length: got.length }, text).toEqual(want);
      // cidrAddress is parseCidr's address where its length is the one asked for.
      for (const length of [0, 8, 24, 31, 32]) expect(cidrAddress(text, length), `${text} /${length}`).toBe(got?.length === length ? got.address : undefined);
    }
  });

  it('gives the network of an address with host bits', () => {
    expect(parseCidr('10.1.2.3/24')).toEqual({ address: 0x0a010203, length: 24, base: 0x0a010200, size: 256 });
    expect(parseAddress('10.1.2.3')).toBe(0x0a010203);
    expect(parseAddress('10.1.2.3/24')).toBeUndefined();
  });
});

describe('checkedAddress and checkedPrefix', () => {
  it('read what the schema and the build write, and throw on anything else (a bug in clos)', () => {
    expect(checkedAddress('10.1.2.3')).toBe(0x0a010203);
    expect(checkedPrefix('10.1.2.3/24')).toEqual({ cidr: '10.1.2.0/24', base: 0x0a010200, length: 24, size: 256 });
    expect(checkedPrefix('10.1.2.3')).toEqual({ cidr: '10.1.2.3/32', base: 0x0a010203, length: 32, size: 1 });
    expect(checkedPrefix('0.0.0.0/0')).toEqual({ cidr: '0.0.0.0/0', base: 0, length: 0, size: 2 ** 32 });
    for (const bad of ['10.1.2', '10.1.2.256', '10.1.2.3/33', '10.1.2.3/', 'x']) {
      expect(() => checkedPrefix(bad), bad).toThrow(/not an IPv4 prefix/);
    }
    expect(() => checkedAddress('10.1.2.3/32')).toThrow(/not an IPv4 address/);
  });

  it('formatAddress is the inverse of parseAddress', () => {
    let seed = 11;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const value = (seed * 2 + (i & 1)) >>> 0;
      const text = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
      expect(formatAddress(value)).toBe(text);
      expect(parseAddress(text)).toBe(value);
    }
  });

  it('blocks contain and overlap by their network address and size', () => {
    const a = checkedPrefix('10.0.0.0/16');
    const b = checkedPrefix('10.0.255.0/24');
    const c = checkedPrefix('10.1.0.0/24');
    expect(prefixContains(a, checkedAddress('10.0.255.255'))).toBe(true);
    expect(prefixContains(a, checkedAddress('10.1.0.0'))).toBe(false);
    expect(prefixesOverlap(a, b)).toBe(true);
    expect(prefixesOverlap(a, c)).toBe(false);
  });
});
