/** The verifier's catalogue: stable, unique codes, each in a range of its check (verify/types.ts). */
import { describe, expect, it } from 'vitest';
import { checks, inputCodes, renderedFilesCheck, type CodeRange } from '../../../verify/types.js';
import { catalogueAreas, VerifyDiagnostics } from './index.js';

/** Every range of codes: the checks', the rendered files', and reading the input's. */
const ranges: readonly CodeRange[] = [...checks.flatMap((c): readonly CodeRange[] => c.codes), ...renderedFilesCheck.codes, ...inputCodes];

describe('CLOS5xxx', () => {
  const entries = Object.values(VerifyDiagnostics);

  it('codes are unique across the whole catalogue', () => {
    const areas: readonly Readonly<Record<string, { readonly code: string }>>[] = Object.values(catalogueAreas);
    const all = areas.flatMap((area) => Object.values(area).map((k) => k.code));
    expect(new Set(all).size).toBe(all.length);
  });

  it('every verifier code is CLOS5xxx, in a range of a check or of the input, with a kebab-case name', () => {
    for (const k of entries) {
      expect(k.code).toMatch(/^CLOS5\d{3}$/);
      const n = Number(k.code.slice(4));
      expect(ranges.some(([first, last]) => n >= first && n <= last), `${k.code} is in no range`).toBe(true);
      expect(k.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const names = entries.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('ranges do not overlap', () => {
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i]?.[0] ?? 0) > (sorted[i - 1]?.[1] ?? 0)).toBe(true);
  });
});
