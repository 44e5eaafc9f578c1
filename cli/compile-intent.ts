/**
 * Reads an intent from disk and compiles it in memory (compiler/compile-in-memory.ts) with the
 * templates shipped in this package: what every command that compiles does first. Prints the
 * diagnostics itself when the intent does not compile.
 */
import type { Platform } from '../compiler/build/device-model.js';
import { compileInMemory, type CompiledIntent } from '../compiler/compile-in-memory.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import { StageClock } from '../compiler/stages.js';
import { readIntent } from './intent-files.js';
import type { Io } from './io.js';
import { printDiagnostics, type DiagnosticsContext } from './report-diagnostics.js';
import { loadPlatformTemplates } from './templates.js';
import { UsageError } from './usage-error.js';

/** A compiled intent with what its diagnostics need to be printed (the intent's root and text). */
export interface CompiledIntentOnDisk extends CompiledIntent {
  readonly context: DiagnosticsContext;
}

/**
 * Reads and compiles an intent to device models, ready to render; prints diagnostics itself and
 * returns exit status 1 when it fails. Every stage runs under `clock`.
 */
export function compileIntentOnDisk(
  io: Io,
  intentPath: string,
  options: { platform?: Platform | undefined; json: boolean },
  clock: StageClock = new StageClock(),
  onResolved?: (fabric: FabricModel) => void,
): CompiledIntentOnDisk | number {
  const onDisk = clock.time('load', () => readIntent(intentPath, io.cwd));
  const context: DiagnosticsContext = { root: onDisk.root, sources: new Map(onDisk.sources.map((s) => [s.name, s.text])) };
  if (hasErrors(onDisk.diagnostics)) {
    printDiagnostics(io, onDisk.diagnostics, context, options.json);
    return 1;
  }
  const result = compileInMemory(onDisk.sources, {
    platform: options.platform,
    clock,
    templates: (p) => loadPlatformTemplates(p),
    ...(onResolved === undefined ? {} : { onResolved }),
  });
  if (result.compiled === undefined) {
    if (result.missingTemplates.length > 0) throw new UsageError(`no templates for platform ${result.missingTemplates.join(', ')} in this version of clos`);
    printDiagnostics(io, [...onDisk.diagnostics, ...result.diagnostics], context, options.json);
    return 1;
  }
  return { ...result.compiled, diagnostics: [...onDisk.diagnostics, ...result.compiled.diagnostics], context };
}
