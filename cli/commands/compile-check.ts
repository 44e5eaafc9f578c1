/**
 * `clos compile <intent> -o <dir> --check`: compiles in memory, compares with `<dir>`, writes
 * nothing. Exit 0 when the directory is exactly what the intent compiles to; 1 with the stale,
 * missing and extra files listed when it is not — the gate users put in CI so committed configs
 * never drift from their intent. The intent is compiled for the platform the directory's manifest
 * records (review/output-platform.ts), never compared with another platform's output.
 */
import { shellWord } from '../shell-word.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Platform } from '../../compiler/build/device-model.js';
import { renderInMemory } from '../../compiler/compile-in-memory.js';
import { createDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O, ReviewDiagnostics as R } from '../../compiler/diagnostics/catalogue/index.js';
import { manifestFile, parseManifest, type Manifest } from '../../compiler/render/manifest.js';
import { compareOutput, formatComparison, isUpToDate, type ExpectedFile, type FoundFile } from '../../review/compare-output.js';
import { checkUnrecordedPlatform, platformForComparison, withPlatform } from '../../review/output-platform.js';
import { checkComparedName } from '../../review/against-name.js';
import { parseRegionManifest } from '../../region/manifest.js';
import { compileIntentOnDisk } from '../compile-intent.js';
import type { Io } from '../io.js';
import { inspectOutputDir, listFiles } from '../output-dir.js';
import { printDiagnostics, type DiagnosticsContext } from '../report-diagnostics.js';

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
  const how = { command: `clos compile ${shellWord(intentPath)} -o ${shellWord(shownDir)} --check`, dir: shownDir };
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
  return reportOutputCheck(io, {
    intentPath,
    what: intentPath,
    files: renderInMemory(compiled).files,
    found,
    platform,
    fromManifest: options.platform === undefined && platform !== undefined,
    diagnostics: compiled.diagnostics,
    context: compiled.context,
    shownDir,
    json: options.json,
    compiles: { what: 'fabric', name: compiled.fabric.name },
  });
}

/** What the directory is compared with, and how the verdict is printed. */
export interface OutputCheck {
  /** The intent as typed, for the hint's command. */
  readonly intentPath: string;
  /** What the files are compiled from, in the up-to-date line: the intent, or `region sha (<path>)`. */
  readonly what: string;
  /** The files compiled in memory. */
  readonly files: readonly ExpectedFile[];
  /** The files of the directory (readOutputFiles). */
  readonly found: ReadonlyMap<string, FoundFile>;
  /** The `--platform` compiled with; whether it came from the directory's manifest. */
  readonly platform: Platform | undefined;
  readonly fromManifest: boolean;
  /** The compile's own diagnostics (warnings), printed with the verdict. */
  readonly diagnostics: readonly Diagnostic[];
  readonly context: DiagnosticsContext;
  readonly shownDir: string;
  readonly json: boolean;
  /** More fields of the JSON result. */
  readonly result?: Readonly<Record<string, unknown>>;
  /** What the intent compiles: the directory's manifest naming another is CLOS8012 beside CLOS8001. */
  readonly compiles: { readonly what: 'fabric' | 'region'; readonly name: string };
}

/** Compares the files compiled in memory with the directory's, prints the verdict; exit status 1 when it is not up to date. */
export function reportOutputCheck(io: Io, check: OutputCheck): number {
  const { shownDir, platform } = check;
  const comparison = compareOutput(check.files, check.found);
  const upToDate = isUpToDate(comparison);
  // A directory of another fabric's (or region's) build is almost always a wrong path, and the compile
  // the hint suggests would replace that build: say so, as `clos diff` does (a rename checks as usual).
  const recorded = upToDate ? undefined : recordedName(check.found, check.compiles.what);
  const otherName = recorded === undefined ? undefined : checkComparedName(shownDir, check.compiles.what, recorded, check.compiles.name, 'check');
  const diagnostics = upToDate
    ? check.diagnostics
    : [
        ...check.diagnostics,
        ...(otherName === undefined ? [] : [otherName]),
        createDiagnostic(
          R.outputStale,
          { hint: staleHint(resolve(io.cwd, shownDir), shownDir, withPlatform(`clos compile ${shellWord(check.intentPath)} -o ${shellWord(shownDir)}`, platform)) },
          shownDir,
          comparison.stale.length,
          comparison.missing.length,
          comparison.extra.length,
        ),
      ];
  const result = {
    ...check.result,
    directory: shownDir,
    platform: platform ?? null,
    upToDate,
    stale: comparison.stale.map((s) => s.path),
    missing: comparison.missing,
    extra: comparison.extra,
    matching: comparison.upToDate,
  };
  if (!check.json && !upToDate) io.stdout.write(`${formatComparison(comparison).join('\n')}\n`);
  printDiagnostics(io, diagnostics, check.context, check.json, check.json ? { result } : {});
  if (!check.json && upToDate) {
    const as = platform === undefined ? '' : ` with --platform ${platform}${check.fromManifest ? ', as its manifest.json records' : ''}`;
    io.stdout.write(`${shownDir} is up to date: its ${comparison.upToDate} files are what ${check.what} compiles to${as}\n`);
  }
  return upToDate ? 0 : 1;
}

/** The name the directory's manifest records, when it is a build of the same kind (a fabric's or a region's). */
function recordedName(found: ReadonlyMap<string, FoundFile>, what: 'fabric' | 'region'): string | undefined {
  const text = found.get(manifestFile)?.content;
  if (text === undefined) return undefined;
  if (what === 'fabric') return manifestOf(found)?.fabric;
  const parsed = parseRegionManifest(text);
  return 'manifest' in parsed ? parsed.manifest.region : undefined;
}

/**
 * What to run to bring a stale directory up to date: the compile, and first what `clos compile`
 * would refuse in the directory as it is (files it did not write, CLOS6002; an unreadable
 * manifest, CLOS6005; no manifest, CLOS6001), which the compile's hint alone would leave to a
 * second failing run.
 */
function staleHint(dir: string, shown: string, command: string): string {
  const inspected = inspectOutputDir(dir, shown);
  if (!('diagnostic' in inspected)) return `run '${command}' and commit the result`;
  const refusal = inspected.diagnostic;
  // CLOS6002's message says to move the files away; the others need the directory itself moved.
  const first = refusal.code === O.outputUnknownFiles.code ? '' : `; move ${shellWord(shown)} aside, as clos replaces only a directory its own manifest.json describes`;
  return `the compile would refuse the directory as it is, ${refusal.code}: ${refusal.message}${first}; then run '${command}' and commit the result`;
}
