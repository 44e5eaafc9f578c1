import { describe, expect, it } from 'vitest';
import { Random } from '../../bench/random.js';
import { compareNatural } from './natural-order.js';

/** The definition compareNatural implements without substrings: numeric runs compare as numbers, leading zeros aside. */
function reference(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const digit = (c: number): boolean => c >= 48 && c <= 57;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (digit(ca) && digit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && digit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && digit(b.charCodeAt(ej))) ej++;
      const na = a.slice(i, ei).replace(/^0+(?=\d)/, '');
      const nb = b.slice(j, ej).replace(/^0+(?=\d)/, '');
      if (na.length !== nb.length) return na.length - nb.length;
      if (na !== nb) return na < nb ? -1 : 1;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  if (a.length - i !== b.length - j) return a.length - i - (b.length - j);
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('compareNatural', () => {
  it('orders numbers inside names by value', () => {
    const names = ['swp10', 'swp2', 'swp1', 'Ethernet1/10', 'Ethernet1/9', 'leaf007', 'leaf7', 'leaf08', 'vxlan100100', 'vxlan10010', 'a', 'a0', 'a00'];
    expect([...names].sort(compareNatural)).toEqual(['Ethernet1/9', 'Ethernet1/10', 'a', 'a0', 'a00', 'leaf007', 'leaf7', 'leaf08', 'swp1', 'swp2', 'swp10', 'vxlan10010', 'vxlan100100']);
  });

  it('agrees in sign with its definition on random names', () => {
    const r = new Random(7);
    const alphabet = ['0', '0', '1', '9', '5', 'a', 'b', '/', '.', 'swp', 'leaf', '00', '10'];
    const name = (): string => Array.from({ length: r.int(0, 6) }, () => r.pick(alphabet)).join('');
    for (let n = 0; n < 20000; n++) {
      const a = name();
      const b = name();
      expect(Math.sign(compareNatural(a, b)), `${a} vs ${b}`).toBe(Math.sign(reference(a, b)));
    }
  });
});
