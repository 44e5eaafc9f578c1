/**
 * Fixtures that cover a diagnostic catalogue (compiler/fixtures/coverage.test.ts,
 * verify/fixtures/coverage.test.ts): the codes the fixtures' expected.txt show, and the two tests
 * every catalogue's coverage runs — each code shown or listed as not in fixtures (with the reason
 * and the test that covers it instead), and each listed code real and not shown by a fixture now.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** Every code `pattern` (its first group) finds in the expected.txt of each fixture directory under `dirs`. */
export function codesShown(dirs: readonly string[], pattern: RegExp): Set<string> {
  const codes = new Set<string>();
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const text = readFileSync(join(dir, entry.name, 'expected.txt'), 'utf8');
      for (const m of text.matchAll(pattern)) codes.add(m[1] ?? '');
    }
  }
  return codes;
}

export interface CatalogueCoverage {
  /** The first test's name. */
  readonly title: string;
  readonly catalogue: readonly string[];
  /** Codes no fixture can show: the reason, and the test that covers each instead. */
  readonly notInFixtures: Readonly<Record<string, string>>;
  readonly shown: () => Set<string>;
  /** The message when codes are neither shown nor listed. */
  readonly missingHint: string;
}

/** The two tests, inside the caller's describe. */
export function catalogueCoverageTests(c: CatalogueCoverage): void {
  it(c.title, () => {
    const shown = c.shown();
    const missing = c.catalogue.filter((code) => !shown.has(code) && !(code in c.notInFixtures));
    expect(missing, c.missingHint).toEqual([]);
  });

  it('list only codes that exist and that no fixture shows', () => {
    const shown = c.shown();
    for (const code of Object.keys(c.notInFixtures)) {
      expect(c.catalogue, `${code} is not in the catalogue`).toContain(code);
      expect(shown.has(code), `${code} is shown by a fixture now: remove it from notInFixtures`).toBe(false);
    }
  });
}
