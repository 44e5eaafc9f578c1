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

describe('messages', () => {
  it('CLOS5103 says who exports nothing, rather than what nobody imports', () => {
    const f = VerifyDiagnostics.routeTargetNotImported.format;
    expect(f("'leaf1' and 'leaf2'", "L3VNI 50001 (VRF 'prod')", '', "'border1'")).toBe("'border1' exports no route target for L3VNI 50001 (VRF 'prod'), so 'leaf1' and 'leaf2' import none of its routes");
    expect(f("'leaf1'", "VNI 10110 (network 'web')", '', "'leaf2' and 'leaf3'")).toBe("'leaf2' and 'leaf3' export no route target for VNI 10110 (network 'web'), so 'leaf1' imports none of their routes");
    expect(f("'leaf1'", "VNI 10110 (network 'web')", '65000:10110', "'leaf2'")).toBe("'leaf1' does not import 65000:10110, which 'leaf2' exports for VNI 10110 (network 'web')");
  });

  it('CLOS5103 past its reporting limit speaks of the rest in the plural', () => {
    const f = VerifyDiagnostics.routeTargetNotImported.format;
    expect(f('3 more leaf groups', 'other VNIs', 'the route targets', 'their peers')).toBe('3 more leaf groups do not import the route targets, which their peers export for other VNIs');
  });
});
