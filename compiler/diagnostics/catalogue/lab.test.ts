import { describe, expect, it } from 'vitest';
import { catalogueAreas, LabDiagnostics } from './index.js';

describe('lab catalogue', () => {
  const entries = Object.values(LabDiagnostics);

  it('uses CLOS7xxx: 70xx for the lab, 71xx for failed checks (errors), 72xx for checks not run (warnings)', () => {
    for (const e of entries) {
      expect(e.code).toMatch(/^CLOS7[012]\d\d$/);
      if (e.code.startsWith('CLOS71')) expect(e.severity, e.code).toBe('error');
      if (e.code.startsWith('CLOS72')) expect(e.severity, e.code).toBe('warning');
    }
  });

  it('every not-run reason starts with "not run:"', () => {
    for (const e of entries.filter((x) => x.code.startsWith('CLOS72'))) {
      const args = Array.from({ length: e.format.length }, (_, i) => (i === 3 ? 1 : `a${i}`));
      expect((e.format as (...a: unknown[]) => string)(...args), e.code).toMatch(/^not run: /);
    }
  });

  it('codes and names are unique across the whole catalogue', () => {
    const all = Object.values(catalogueAreas).flatMap((area) => Object.values(area) as { code: string; name: string }[]);
    expect(new Set(all.map((e) => e.code)).size).toBe(all.length);
    expect(new Set(all.map((e) => e.name)).size).toBe(all.length);
  });
});
