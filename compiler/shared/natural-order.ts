/** Sort orders shared by every stage: natural order for names with numbers, and by name or id. */

/**
 * Natural order for names with numbers (leaf2 < leaf10, Ethernet1/2 < Ethernet1/10), by code
 * points otherwise: no locale, so every machine sorts alike.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // The two numbers without leading zeros (one zero stays): the longer is larger, and
      // digits of equal length compare as text. No substrings: builds sort by this a lot.
      let si = i;
      let sj = j;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return compareNatural(a.name, b.name);
}

export function byId<T extends { readonly id: number; readonly name: string }>(a: T, b: T): number {
  return a.id - b.id || compareNatural(a.name, b.name);
}
