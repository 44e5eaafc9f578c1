/**
 * `clos compile <intent> -o <dir> --check`: compiles in memory, compares with `<dir>`, writes
 * nothing. Exit 0 when the directory is exactly what the intent compiles to; 1 with the stale,
 * missing and extra files listed when it is not — the gate users put in CI so committed configs
 * never drift from their intent.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDiagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O, ReviewDiagnostics as R } from '../../compiler/diagnostics/catalogue/index.js';
import { compareOutput, formatComparison, isUpToDate, type FoundFile } from '../../review/compare-output.js';
import type { Io } from '../io.js';
import { listFiles } from '../output-dir.js';
import { printDiagnostics } from '../report-diagnostics.js';
import type { RenderedOutput } from '../../compiler/compile.js';
import type { CompiledIntentOnDisk } from '../compile-intent.js';

/** Every file under `dir` with its content and executable bit; empty when `dir` does not exist. */
export function readOutputFiles(dir: string): Map<string, FoundFile> {
  const found = new Map<string, FoundFile>();
  if (!existsSync(dir)) return found;
  for (const path of listFiles(dir)) {
    const full = join(dir, path);
    found.set(path, { content: readFileSync(full, 'utf8'), executable: process.platform === 'win32' ? undefined : (statSync(full).mode & 0o111) !== 0 });
  }
  return found;
}

export function reportCompileCheck(io: Io, intentPath: string, output: RenderedOutput, compiled: CompiledIntentOnDisk, shownDir: string, json: boolean): number {
  const dir = resolve(io.cwd, shownDir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    printDiagnostics(io, [createDiagnostic(O.outputIsFile, {}, shownDir)], { root: undefined, sources: new Map() }, json);
    return 1;
  }
  const comparison = compareOutput(output.files, readOutputFiles(dir));
  const upToDate = isUpToDate(comparison);
  const diagnostics = upToDate
    ? compiled.diagnostics
    : [
        ...compiled.diagnostics,
        createDiagnostic(R.outputStale, { hint: `run 'clos compile ${intentPath} -o ${shownDir}' and commit the result` }, shownDir, comparison.stale.length, comparison.missing.length, comparison.extra.length),
      ];
  const result = {
    directory: shownDir,
    upToDate,
    stale: comparison.stale.map((s) => s.path),
    missing: comparison.missing,
    extra: comparison.extra,
    matching: comparison.upToDate,
  };
  if (!json && !upToDate) io.stdout.write(`${formatComparison(comparison).join('\n')}\n`);
  printDiagnostics(io, diagnostics, compiled.context, json, json ? { result } : {});
  if (!json && upToDate) io.stdout.write(`${shownDir} is up to date: its ${comparison.upToDate} files are what ${intentPath} compiles to\n`);
  return upToDate ? 0 : 1;
}
