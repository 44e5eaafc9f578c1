/** The verifier's catalogue: stable, unique codes, twenty per check in check order. */
import { describe, expect, it } from 'vitest';
import { catalogueAreas, VerifyDiagnostics } from './index.js';

describe('CLOS5xxx', () => {
  const entries = Object.values(VerifyDiagnostics);

  it('codes are unique across the whole catalogue', () => {
    const areas: readonly Readonly<Record<string, { readonly code: string }>>[] = Object.values(catalogueAreas);
    const all = areas.flatMap((area) => Object.values(area).map((k) => k.code));
    expect(new Set(all).size).toBe(all.length);
  });

  it('every verifier code is CLOS5xxx, in its check\'s block of twenty, with a kebab-case name', () => {
    for (const k of entries) {
      expect(k.code).toMatch(/^CLOS5\d{3}$/);
      expect(Number(k.code.slice(4)) % 20).not.toBe(0);
      expect(k.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const names = entries.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
