/**
 * Address texts compared without making them: `formatAddress(a)` or `formatAddress(a)/n` against a
 * model's string, digit by digit. The clos-shape check compares three per link (96,000 strings on
 * the scale target when made).
 */

/** 256 ** octet, the last octet first. */
const octetUnits = [1, 256, 65536, 16777216];

/** Whether `text` is exactly `formatAddress(address)`, followed by `/<length>` when length ≥ 0. */
export function isAddressText(text: string, address: number, length: number): boolean {
  // No closure over the position: one per call was ~10 MB on the scale target (bench/PROFILE.md, section 33).
  let i = 0;
  for (let octet = 3; octet >= 0; octet--) {
    i = digitsAt(text, i, Math.floor(address / (octetUnits[octet] ?? 1)) % 256);
    if (i < 0) return false;
    if (octet > 0) {
      if (text.charCodeAt(i) !== 46) return false;
      i++;
    }
  }
  if (length >= 0) {
    if (text.charCodeAt(i) !== 47) return false;
    i = digitsAt(text, i + 1, length);
    if (i < 0) return false;
  }
  return i === text.length;
}

/** The position after the decimal digits of `n` at text[i], or -1 when they are not there. */
function digitsAt(text: string, i: number, n: number): number {
  const d = n >= 100 ? 3 : n >= 10 ? 2 : 1;
  if (i + d > text.length) return -1;
  for (let k = d - 1, rest = n; k >= 0; k--, rest = Math.floor(rest / 10)) if (text.charCodeAt(i + k) !== 48 + (rest % 10)) return -1;
  return i + d;
}
