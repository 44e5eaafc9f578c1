/**
 * The catalogue: codes are unique, in their area's range, and stable in form; names are unique
 * kebab-case. (Which codes the negative fixtures exercise is proven in compiler/fixtures.)
 */
import { describe, expect, it } from 'vitest';
import { catalogueAreas } from './catalogue/index.js';

const ranges: Record<string, string> = { load: '1', schema: '2', resolve: '3', output: '6' };

const entries = Object.entries(catalogueAreas).flatMap(([area, kinds]) =>
  Object.values(kinds).map((k: { code: string; name: string; severity: string }) => ({ area, code: k.code, name: k.name, severity: k.severity })),
);

describe('catalogue', () => {
  it('has unique codes', () => {
    const codes = entries.map((e) => e.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it('has unique kebab-case names', () => {
    const names = entries.map((e) => e.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('keeps every code in its area range: CLOS<digit><3 digits>', () => {
    for (const e of entries) expect(e.code, `${e.area} ${e.name}`).toMatch(new RegExp(`^CLOS${ranges[e.area] ?? '?'}\\d{3}$`));
  });
});
