/**
 * Fixtures that cover a diagnostic catalogue (compiler/fixtures/coverage.test.ts,
 * verify/fixtures/coverage.test.ts): the codes the fixtures' expected.txt show, and the two tests
 * every catalogue's coverage runs — each code shown or listed as not in fixtures (with the reason
 * and the test that covers it instead), and each listed code real and not shown by a fixture now.
 * A catalogue without fixtures (the lab's, lab/coverage.test.ts) counts the codes its unit tests
 * assert instead (codesAsserted).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/**
 * The unit test files under `root` (`*.test.ts`, not the VM's `*.lab.test.ts`, which `npm test`
 * does not run), as paths relative to it; node_modules, dist and build skipped.
 */
export function unitTestFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', 'build'].includes(entry.name) && !entry.name.startsWith('.')) walk(path);
      } else if (entry.name.endsWith('.test.ts') && !entry.name.endsWith('.lab.test.ts')) {
        out.push(relative(root, path));
      }
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Every code `pattern` (its first group) finds in the given test files, each with the files it is
 * in: what those tests assert. Lines that assert a code's absence (`.not.`) do not count.
 */
export function codesAsserted(root: string, files: readonly string[], pattern: RegExp): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const file of files) {
    for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
      if (line.includes('.not.')) continue;
      for (const m of line.matchAll(pattern)) {
        const code = m[1] ?? '';
        const where = codes.get(code) ?? [];
        if (!where.includes(file)) codes.set(code, [...where, file]);
      }
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
