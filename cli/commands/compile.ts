/** `clos compile <intent> -o <dir>` and `clos check <intent>`. */
import { resolve } from 'node:path';
import type { Platform } from '../../compiler/build/device-model.js';
import { compileIntent, renderOutput, type RenderedOutput } from '../../compiler/compile.js';
import { hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { FabricModel } from '../../compiler/resolve/fabric-model.js';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { readIntent } from '../intent-files.js';
import type { Io } from '../io.js';
import { inspectOutputDir, writeOutputAtomically } from '../output-dir.js';
import { printDiagnostics, type DiagnosticsContext } from '../report-diagnostics.js';
import { createRenderer } from '../templates.js';
import { UsageError } from '../usage-error.js';
import type { Command } from 'commander';
import { platformOption, type SelectedCommand } from '../command.js';
import { reportCompileCheck } from './compile-check.js';
import { summaryLine } from '../../verify/report/text.js';
import { reportDiagnostics, reportHasErrors } from '../../verify/verify.js';
import { verifyCompiled } from './verify.js';

export interface CompileCommandOptions {
  readonly output?: string | undefined;
  readonly platform?: Platform | undefined;
  readonly json: boolean;
  /** Compare the output directory with the compiled intent instead of writing it. */
  readonly check?: boolean | undefined;
  /** Run the verifier first (default); nothing is written when it finds errors. */
  readonly verify?: boolean;
}

export interface CompiledIntent {
  readonly fabric: FabricModel;
  readonly devices: readonly DeviceModel[];
  readonly output: RenderedOutput;
  readonly diagnostics: readonly Diagnostic[];
  readonly context: DiagnosticsContext;
}

/** Reads, compiles and renders an intent in memory; prints diagnostics itself when it fails. */
export function compileInMemory(io: Io, intentPath: string, options: { platform?: Platform | undefined; json: boolean }): CompiledIntent | number {
  const onDisk = readIntent(intentPath, io.cwd);
  const context: DiagnosticsContext = { root: onDisk.root, sources: new Map(onDisk.sources.map((s) => [s.name, s.text])) };
  if (hasErrors(onDisk.diagnostics)) {
    printDiagnostics(io, onDisk.diagnostics, context, options.json);
    return 1;
  }
  const result = compileIntent(onDisk.sources, { platform: options.platform });
  const diagnostics = [...onDisk.diagnostics, ...result.diagnostics];
  if (result.fabric === undefined || result.devices === undefined || hasErrors(diagnostics)) {
    printDiagnostics(io, diagnostics, context, options.json);
    return 1;
  }
  const { renderer, missing } = createRenderer(result.devices.map((d) => d.platform));
  if (missing.length > 0) {
    throw new UsageError(`no templates for platform ${missing.join(', ')} in this version of clos`);
  }
  const output = renderOutput(result.fabric, result.devices, renderer);
  return { fabric: result.fabric, devices: result.devices, output, diagnostics, context };
}

export function runCompile(io: Io, intentPath: string, options: CompileCommandOptions): number {
  if (options.output === undefined) throw new UsageError("compile needs an output directory: -o <dir>");
  if (options.check === true) {
    const compiled = compileInMemory(io, intentPath, options);
    return typeof compiled === 'number' ? compiled : reportCompileCheck(io, intentPath, compiled, options.output, options.json);
  }
  const outDir = resolve(io.cwd, options.output);
  const inspected = inspectOutputDir(outDir, options.output);
  if ('diagnostic' in inspected) {
    printDiagnostics(io, [inspected.diagnostic], { root: undefined, sources: new Map() }, options.json);
    return 1;
  }
  const compiled = compileInMemory(io, intentPath, options);
  if (typeof compiled === 'number') return compiled;
  const verified = verifyOrReport(io, compiled, options.verify !== false, options.json, 'nothing was written');
  if (typeof verified === 'number') return verified;
  const failure = writeOutputAtomically(outDir, options.output, compiled.output.files);
  const diagnostics = failure === undefined ? verified.diagnostics : [...verified.diagnostics, failure];
  const summary = summarize(compiled, options.output);
  printDiagnostics(io, diagnostics, compiled.context, options.json, options.json ? { result: failure === undefined ? summary : null } : {});
  if (failure !== undefined) return 1;
  if (!options.json) io.stdout.write(`${summary.text}\n${verified.line}`);
  return 0;
}

export function runCheck(io: Io, intentPath: string, options: { platform?: Platform | undefined; json: boolean; verify?: boolean }): number {
  const compiled = compileInMemory(io, intentPath, options);
  if (typeof compiled === 'number') return compiled;
  const verified = verifyOrReport(io, compiled, options.verify !== false, options.json, 'the intent does not verify');
  if (typeof verified === 'number') return verified;
  const summary = summarize(compiled, undefined);
  printDiagnostics(io, verified.diagnostics, compiled.context, options.json, options.json ? { result: summary } : {});
  if (!options.json) io.stdout.write(`${summary.text}\n${verified.line}`);
  return 0;
}

/**
 * Runs the verifier on a compiled intent. On errors it prints every diagnostic and returns exit
 * status 1; otherwise it returns the diagnostics to print (compile's and the verifier's warnings).
 */
function verifyOrReport(io: Io, compiled: CompiledIntent, enabled: boolean, json: boolean, consequence: string): { diagnostics: readonly Diagnostic[]; line: string } | number {
  if (!enabled) return { diagnostics: compiled.diagnostics, line: '' };
  const report = verifyCompiled(compiled.fabric, compiled.devices);
  const diagnostics = [...compiled.diagnostics, ...reportDiagnostics(report)];
  const line = `verify: ${summaryLine(report)}\n`;
  if (!reportHasErrors(report)) return { diagnostics, line };
  printDiagnostics(io, diagnostics, compiled.context, json, json ? { result: null } : {});
  if (!json) io.stderr.write(`verify: ${summaryLine(report)} ${consequence[0]?.toUpperCase() ?? ''}${consequence.slice(1)} (see clos verify for the full report).\n`);
  return 1;
}

function summarize(compiled: CompiledIntent, outDir: string | undefined): { text: string; fabric: string; spines: number; leaves: number; files: number } {
  const spines = compiled.devices.filter((d) => d.role === 'spine').length;
  const leaves = compiled.devices.length - spines;
  const files = compiled.output.files.length;
  const where = outDir === undefined ? 'checked' : `wrote ${files} files to ${outDir}`;
  return {
    text: `${compiled.fabric.name}: ${spines} spine${spines === 1 ? '' : 's'}, ${leaves} lea${leaves === 1 ? 'f' : 'ves'}, ${compiled.fabric.networks.length} networks; ${where}`,
    fabric: compiled.fabric.name,
    spines,
    leaves,
    files,
  };
}

export function registerCompile(program: Command, selected: SelectedCommand): void {
  program
    .command('compile')
    .description('compile an intent (a YAML file or a directory of them) into per-device configurations')
    .argument('<intent>', 'intent file or directory')
    .option('-o, --output <dir>', 'output directory (replaced atomically; only directories clos wrote)')
    .addOption(platformOption())
    .option('--check', 'write nothing: exit 1 listing stale, missing and extra files unless the output directory is what the intent compiles to')
    .option('--json', 'print the result and diagnostics as JSON on stdout')
    .option('--no-verify', 'write the output without verifying the fabric first')
    .action((intent: string, opts: { output?: string; platform?: Platform; json?: boolean; check?: boolean; verify: boolean }) => {
      selected.action = (io) =>
        runCompile(io, intent, { output: opts.output, platform: opts.platform, json: opts.json === true, check: opts.check, verify: opts.verify });
    });
}

export function registerCheck(program: Command, selected: SelectedCommand): void {
  program
    .command('check')
    .description('load, resolve, build, render and verify an intent without writing anything')
    .argument('<intent>', 'intent file or directory')
    .addOption(platformOption())
    .option('--json', 'print the result and diagnostics as JSON on stdout')
    .action((intent: string, opts: { platform?: Platform; json?: boolean }) => {
      selected.action = (io) => runCheck(io, intent, { platform: opts.platform, json: opts.json === true });
    });
}
