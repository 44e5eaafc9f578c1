/** The verifier's catalogue: stable, unique codes, each in the block of its check (verify/types.ts). */
import { describe, expect, it } from 'vitest';
import { checks } from '../../../verify/types.js';
import { catalogueAreas, VerifyDiagnostics } from './index.js';

/** Reading a build directory is not a check: its findings have a block of their own. */
const inputBlock = [5181, 5199] as const;

describe('CLOS5xxx', () => {
  const entries = Object.values(VerifyDiagnostics);

  it('codes are unique across the whole catalogue', () => {
    const areas: readonly Readonly<Record<string, { readonly code: string }>>[] = Object.values(catalogueAreas);
    const all = areas.flatMap((area) => Object.values(area).map((k) => k.code));
    expect(new Set(all).size).toBe(all.length);
  });

  it('every verifier code is CLOS5xxx, in the block of a check or of the input, with a kebab-case name', () => {
    const blocks = [...checks.map((c) => c.codes), inputBlock];
    for (const k of entries) {
      expect(k.code).toMatch(/^CLOS5\d{3}$/);
      const n = Number(k.code.slice(4));
      expect(blocks.some(([first, last]) => n >= first && n <= last), `${k.code} is in no block`).toBe(true);
      expect(k.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const names = entries.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('check blocks do not overlap', () => {
    const blocks = [...checks.map((c) => c.codes), inputBlock].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < blocks.length; i++) expect((blocks[i]?.[0] ?? 0) > (blocks[i - 1]?.[1] ?? 0)).toBe(true);
  });
});
