/** Prints diagnostics as text (stderr) or as one JSON document (stdout, `--json`). */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { countDiagnostics, diagnosticToJson, formatDiagnostic, formatSummary } from '../compiler/diagnostics/format.js';
import { useColor, type Io } from './io.js';

export interface DiagnosticsContext {
  /** Intent root as typed, joined to file names; undefined when diagnostics have no intent. */
  readonly root: string | undefined;
  readonly sources: ReadonlyMap<string, string>;
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[], ctx: DiagnosticsContext, json: boolean, extra: Record<string, unknown> = {}): void {
  const counts = countDiagnostics(diagnostics);
  if (json) {
    const doc = { ...extra, diagnostics: diagnostics.map((d) => diagnosticToJson(d, ctx.root)), summary: counts };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  if (diagnostics.length === 0) return;
  const color = useColor(io, io.stderr);
  const options = ctx.root === undefined ? { color, sources: ctx.sources } : { color, root: ctx.root, sources: ctx.sources };
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d, options)}\n`);
  io.stderr.write(`\n${formatSummary(counts)}\n`);
}

/**
 * A JSON result (`clos diff --format json`) with the compile's diagnostics of the intent as it is
 * now — its warnings: an intent with errors is not diffed — under `diagnostics`, as `clos compile
 * --json` gives them.
 */
export function withWarnings(doc: Record<string, unknown>, diagnostics: readonly Diagnostic[], root: string | undefined): Record<string, unknown> {
  return { ...doc, diagnostics: diagnostics.map((d) => diagnosticToJson(d, root)) };
}
