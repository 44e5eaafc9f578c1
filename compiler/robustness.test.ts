/**
 * Robustness corpus: both examples mutated in hundreds of deterministic pseudo-random ways — keys
 * deleted, types changed, items duplicated, values swapped or set to hostile values, files truncated,
 * lines deleted, duplicated, re-indented, garbage bytes inserted — and compiled through the CLI.
 * Every run must end with exit 0 or 1, print only coded diagnostics, locate every one inside the
 * intent (a real file, line and column), never throw or print a stack trace, and leave the output
 * directory untouched when it fails. CLOS_ROBUST_CASES=3000 runs a deeper corpus (150 per example by
 * default); the mutations live in test-helpers/mutations.ts, so a failing seed can be replayed.
 */
import { readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/run.js';
import { readIntent } from '../cli/intent-files.js';
import { examplesDir, repoRoot } from '../test-helpers/examples.js';
import { mutateIntent } from '../test-helpers/mutations.js';
import { snapshot, tempDir } from '../test-helpers/temp.js';
import { catalogueAreas } from './diagnostics/catalogue/index.js';

const knownCodes = new Set(Object.values(catalogueAreas).flatMap((area) => Object.values(area).map((k: { code: string }) => k.code)));
/** Diagnostics about the whole intent rather than a place in it. */
const unlocated = new Set(['CLOS1007']);

interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly location?: { readonly file: string; readonly line: number; readonly col: number };
}

function checkRun(dir: string, files: ReadonlyMap<string, string | Uint8Array>, out: string, what: string): Promise<number> {
  return (async () => {
    const before = snapshot(out);
    const io = memoryIo({ cwd: repoRoot, env: {} });
    const status = await run(['compile', dir, '-o', out, '--json'], io);
    expect([0, 1], `${what}: exit ${status}\n${io.err()}`).toContain(status);
    expect(io.err(), what).toBe('');
    const doc = JSON.parse(io.out()) as { diagnostics: JsonDiagnostic[] };
    for (const d of doc.diagnostics) {
      expect(knownCodes.has(d.code), `${what}: ${d.code}`).toBe(true);
      if (unlocated.has(d.code)) continue;
      const loc = d.location;
      expect(loc, `${what}: ${d.code} ${d.message} has no location`).toBeDefined();
      if (loc === undefined) continue;
      const name = loc.file.slice(dir.length + 1);
      const content = files.get(name);
      expect(content, `${what}: ${d.code} points at ${loc.file}, not an intent file`).toBeDefined();
      const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
      const lines = text.split('\n');
      expect(loc.line, `${what}: ${d.code} ${d.message} at line ${loc.line} of ${lines.length}`).toBeGreaterThanOrEqual(1);
      expect(loc.line, `${what}: ${d.code} ${d.message} at line ${loc.line} of ${lines.length}`).toBeLessThanOrEqual(lines.length);
      expect(loc.col, `${what}: ${d.code} ${d.message} at ${loc.line}:${loc.col}`).toBeGreaterThanOrEqual(1);
      expect(loc.col, `${what}: ${d.code} ${d.message} at ${loc.line}:${loc.col}`).toBeLessThanOrEqual((lines[loc.line - 1] ?? '').length + 1);
    }
    if (status === 1) expect(snapshot(out), `${what}: the output directory changed`).toEqual(before);
    if (status === 0) expect(doc.diagnostics.every((d) => d.severity === 'warning' || d.severity === 'info'), what).toBe(true);
    return status;
  })();
}

/**
 * Text mode too: every line of stderr is a diagnostic, a related place, a hint, a code frame, the
 * summary, or the verification's summary when the intent compiles but does not verify.
 */
async function checkTextRun(dir: string, what: string): Promise<void> {
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1' } });
  const status = await run(['check', dir], io);
  expect([0, 1], what).toContain(status);
  for (const line of io.err().split('\n')) {
    expect(line, what).toMatch(/^$|^(\S.*:\d+:\d+ - )?(error|warning|info) CLOS\d{4}: |^ {2}\S.*:\d+:\d+: |^ {2}hint: |^ {2}\S|^ {2}\s*\d* \||^Found \d+ errors? and \d+ warnings?(; \d+ information notes?)?\.$|^verify: \d+ of \d+ checks passed, \d+ failed; /);
    expect(line, what).not.toMatch(/^\s+at .+:\d+:\d+\)?$/);
  }
}

describe.each([
  ['quickstart', 1000],
  ['dc1', 2000],
])('mutations of %s', (example, firstSeed) => {
  const original = readIntent(join(examplesDir, example), repoRoot).sources;
  const cases = Number(process.env["CLOS_ROBUST_CASES"] ?? 150);

  it(`${cases} mutated intents end in exit 0 or 1 with located, coded diagnostics and an untouched output directory`, async () => {
    const work = tempDir('clos-robust-');
    const out = join(work, 'out');
    const dir = join(work, 'intent');
    mkdirSync(dir);
    for (const s of original) writeFileSync(join(dir, s.name), s.text);
    expect(await run(['compile', dir, '-o', out], memoryIo({ cwd: repoRoot }))).toBe(0);
    let failures = 0;
    for (let n = 0; n < cases; n++) {
      const seed = firstSeed + n;
      const { files, what } = mutateIntent(original, seed);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const [name, content] of files) writeFileSync(join(dir, name), content);
      if ((await checkRun(dir, files, out, what)) === 1) failures++;
      if (n % 10 === 0) await checkTextRun(dir, what);
    }
    // Most mutations break the intent; a corpus that never fails would test nothing.
    expect(failures).toBeGreaterThan(cases / 2);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toContain('"schema": "clos.manifest/1"');
  });
});
