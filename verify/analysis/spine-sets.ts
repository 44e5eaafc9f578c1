/**
 * Sets of spines as bit rows: one row of `words` 32-bit words per leaf, all rows in one typed
 * array. Pairwise questions (which spines do two leaves share?) are an AND and a popcount.
 */
export class SpineSets {
  readonly words: number;
  readonly bits: Uint32Array;

  constructor(
    readonly rows: number,
    readonly spines: number,
  ) {
    this.words = Math.max(1, Math.ceil(spines / 32));
    this.bits = new Uint32Array(rows * this.words);
  }

  add(row: number, spine: number): void {
    const i = row * this.words + (spine >>> 5);
    this.bits[i] = ((this.bits[i] ?? 0) | (1 << (spine & 31))) >>> 0;
  }

  has(row: number, spine: number): boolean {
    return (((this.bits[row * this.words + (spine >>> 5)] ?? 0) >>> (spine & 31)) & 1) === 1;
  }

  count(row: number): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) n += popcount(this.bits[row * this.words + w] ?? 0);
    return n;
  }

  /** |this[a] ∩ other[b]| */
  shared(a: number, other: SpineSets, b: number): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) n += popcount((this.bits[a * this.words + w] ?? 0) & (other.bits[b * other.words + w] ?? 0));
    return n;
  }

  /** The spines of this[a] ∩ other[b], ascending. */
  sharedList(a: number, other: SpineSets, b: number): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.words; w++) {
      let x = (this.bits[a * this.words + w] ?? 0) & (other.bits[b * other.words + w] ?? 0);
      while (x !== 0) {
        const low = x & -x;
        out.push(w * 32 + 31 - Math.clz32(low));
        x = (x ^ low) >>> 0;
      }
    }
    return out;
  }

  list(row: number): number[] {
    return this.sharedList(row, this, row);
  }

  /** A string key of the row, to group leaves with the same set. */
  key(row: number): string {
    let s = '';
    for (let w = 0; w < this.words; w++) s += `${(this.bits[row * this.words + w] ?? 0).toString(36)}.`;
    return s;
  }
}

export function popcount(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
