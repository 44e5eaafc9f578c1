/**
 * The catalogue: codes are unique, in their area's range, and stable in form; names are unique
 * kebab-case; docs/diagnostics.md lists every code with its name, one line each. (Which codes the
 * negative fixtures exercise is proven in compiler/fixtures.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { catalogueAreas, retiredCodes } from './catalogue/index.js';

const ranges: Record<string, string> = { load: '1', schema: '2', resolve: '3', region: '40', verify: '5', output: '6', lab: '7', review: '8' };

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

  it('never reuses a retired code or name', () => {
    for (const r of retiredCodes) {
      expect(entries.map((e) => e.code), `${r.code} is retired`).not.toContain(r.code);
      expect(entries.map((e) => e.name), `${r.name} is retired`).not.toContain(r.name);
    }
  });

  it('keeps every code in its area range: CLOS<area prefix><the other digits>', () => {
    for (const e of entries) {
      const prefix = ranges[e.area] ?? '?';
      expect(e.code, `${e.area} ${e.name}`).toMatch(new RegExp(`^CLOS${prefix}\\d{${4 - prefix.length}}$`));
    }
  });
});

describe('docs/diagnostics.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'diagnostics.md'), 'utf8');
  const [live = '', retired = ''] = doc.split(/^## Retired codes$/m);
  const rows = new Map([...live.matchAll(/^\| (CLOS\d{4}) \| ([a-z0-9-]+) \| (.+) \|$/gm)].map((m) => [m[1] ?? '', { name: m[2], meaning: m[3] }]));
  const retiredRows = new Map([...retired.matchAll(/^\| (CLOS\d{4}) \| ([a-z0-9-]+) \| (.+) \|$/gm)].map((m) => [m[1] ?? '', m[2]]));

  it('documents every code of the catalogue under its name', () => {
    for (const e of entries) expect(rows.get(e.code)?.name, `${e.code} ${e.name} is not in docs/diagnostics.md`).toBe(e.name);
  });

  it('documents no code the catalogue does not have', () => {
    const codes = new Set(entries.map((e) => e.code));
    expect([...rows.keys()].filter((c) => !codes.has(c))).toEqual([]);
  });

  it('lists every retired code under Retired codes, and nothing else there', () => {
    expect([...retiredRows.keys()].sort()).toEqual(retiredCodes.map((r) => r.code).sort());
    for (const r of retiredCodes) expect(retiredRows.get(r.code), r.code).toBe(r.name);
  });

  it('marks exactly the warnings as warnings', () => {
    for (const e of entries) expect(rows.get(e.code)?.meaning?.startsWith('(warning)'), e.code).toBe(e.severity === 'warning');
  });
});
