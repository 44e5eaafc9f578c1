/**
 * `clos compile <intent> -o <dir> --check`: compiles in memory, compares with `<dir>`, writes
 * nothing. Exit 0 when the directory is exactly what the intent compiles to; 1 with the stale,
 * missing and extra files listed when it is not — the gate users put in CI so committed configs
 * never drift from their intent. The intent is compiled for the platform the directory's manifest
 * records (review/output-platform.ts), never compared with another platform's output.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Platform } from '../../compiler/build/device-model.js';
import { renderInMemory } from '../../compiler/compile-in-memory.js';
import { createDiagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O, ReviewDiagnostics as R } from '../../compiler/diagnostics/catalogue/index.js';
import { manifestFile, parseManifest, type Manifest } from '../../compiler/render/manifest.js';
import { compareOutput, formatComparison, isUpToDate, type FoundFile } from '../../review/compare-output.js';
import { checkUnrecordedPlatform, platformForComparison, withPlatform } from '../../review/output-platform.js';
import { compileIntentOnDisk } from '../compile-intent.js';
import type { Io } from '../io.js';
import { listFiles } from '../output-dir.js';
import { printDiagnostics } from '../report-diagnostics.js';

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

/** The manifest of files read from a directory, when it has a readable one. */
export function manifestOf(files: ReadonlyMap<string, { readonly content: string }>): Manifest | undefined {
  const text = files.get(manifestFile)?.content;
  if (text === undefined) return undefined;
  const parsed = parseManifest(text);
  return 'manifest' in parsed ? parsed.manifest : undefined;
}

export function runCompileCheck(io: Io, intentPath: string, shownDir: string, options: { platform?: Platform | undefined; json: boolean }): number {
  const noSources = { root: undefined, sources: new Map<string, string>() };
  const dir = resolve(io.cwd, shownDir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    printDiagnostics(io, [createDiagnostic(O.outputIsFile, {}, shownDir)], noSources, options.json);
    return 1;
  }
  const found = readOutputFiles(dir);
  const manifest = manifestOf(found);
  const how = { command: `clos compile ${intentPath} -o ${shownDir} --check`, dir: shownDir };
  const chosen = platformForComparison(manifest, options.platform, how);
  if ('diagnostic' in chosen) {
    printDiagnostics(io, [chosen.diagnostic], noSources, options.json);
    return 1;
  }
  const platform = chosen.platform;
  const compiled = compileIntentOnDisk(io, intentPath, { platform, json: options.json });
  if (typeof compiled === 'number') return compiled;
  const unrecorded = checkUnrecordedPlatform(manifest, options.platform, compiled.devices, how);
  if (unrecorded !== undefined) {
    printDiagnostics(io, [...compiled.diagnostics, unrecorded], compiled.context, options.json);
    return 1;
  }
  const comparison = compareOutput(renderInMemory(compiled).files, found);
  const upToDate = isUpToDate(comparison);
  const fromManifest = options.platform === undefined && platform !== undefined;
  const diagnostics = upToDate
    ? compiled.diagnostics
    : [
        ...compiled.diagnostics,
        createDiagnostic(
          R.outputStale,
          { hint: `run '${withPlatform(`clos compile ${intentPath} -o ${shownDir}`, platform)}' and commit the result` },
          shownDir,
          comparison.stale.length,
          comparison.missing.length,
          comparison.extra.length,
        ),
      ];
  const result = {
    directory: shownDir,
    platform: platform ?? null,
    upToDate,
    stale: comparison.stale.map((s) => s.path),
    missing: comparison.missing,
    extra: comparison.extra,
    matching: comparison.upToDate,
  };
  if (!options.json && !upToDate) io.stdout.write(`${formatComparison(comparison).join('\n')}\n`);
  printDiagnostics(io, diagnostics, compiled.context, options.json, options.json ? { result } : {});
  if (!options.json && upToDate) {
    const as = platform === undefined ? '' : ` with --platform ${platform}${fromManifest ? ', as its manifest.json records' : ''}`;
    io.stdout.write(`${shownDir} is up to date: its ${comparison.upToDate} files are what ${intentPath} compiles to${as}\n`);
  }
  return upToDate ? 0 : 1;
}
