/**
 * `clos verify <intent | build dir> [--format text|json|junit]`: proves the fabric's properties on
 * the device models. An intent is compiled in memory (findings point at its lines); a clos output
 * directory is read as it is on disk (findings name devices). Exit 0 when every check passes, 1 when
 * one fails or the input is broken, 2 on usage or internal errors.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { compileIntent } from '../../compiler/compile.js';
import { createDiagnostic, hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { formatJsonReport } from '../../verify/report/json.js';
import { formatJunitInputFailure, formatJunitReport } from '../../verify/report/junit.js';
import { formatTextReport } from '../../verify/report/text.js';
import type { VerifyReport } from '../../verify/types.js';
import { reportHasErrors, verifyCompiled } from '../../verify/verify.js';
import { discardBuild, isBuildDir, readBuildDir, verifyBuild } from '../build-dir.js';
import { parallelDevices } from '../build-check.js';
import type { SelectedCommand } from '../command.js';
import { readIntent } from '../intent-files.js';
import { useColor, type Io } from '../io.js';
import { printDiagnostics, type DiagnosticsContext } from '../report-diagnostics.js';
import { isRegionDir } from '../region-files.js';
import { isRegionBuild } from '../build-dir.js';
import { runVerifyRegion, runVerifyRegionBuild } from './region-review.js';

export type ReportFormat = 'text' | 'json' | 'junit';

export interface VerifyCommandOptions {
  readonly format: ReportFormat;
  readonly hopLimit?: number | undefined;
  readonly failures?: number | undefined;
  /** Threads that compare a build directory's files (`--jobs`); default one per core on a large build. */
  readonly jobs?: number | undefined;
}

export async function runVerify(io: Io, input: string, options: VerifyCommandOptions): Promise<number> {
  const absolute = resolve(io.cwd, input);
  // A path that does not exist is read as an intent, which reports it (CLOS6004), as compile does.
  const isDir = existsSync(absolute) && statSync(absolute).isDirectory();
  const overrides: { hopLimit?: number; failures?: number } = {};
  if (options.hopLimit !== undefined) overrides.hopLimit = options.hopLimit;
  if (options.failures !== undefined) overrides.failures = options.failures;

  if (isRegionDir(input, io.cwd)) return runVerifyRegion(io, input, options);
  if (isDir && isBuildDir(absolute) && isRegionBuild(absolute)) return runVerifyRegionBuild(io, absolute, input, options);
  let report: VerifyReport;
  let context: DiagnosticsContext;
  let notes: readonly Diagnostic[] = [];
  if (isDir && isBuildDir(absolute)) {
    context = { root: undefined, sources: new Map() };
    const build = readBuildDir(absolute, input, compareThreads(absolute, options.jobs));
    if (hasErrors(build.diagnostics) || build.devices.length === 0) {
      await discardBuild(build);
      const empty = build.devices.length === 0 && !hasErrors(build.diagnostics) ? [createDiagnostic(V.notABuild, {}, input)] : [];
      return inputFailure(io, input, [...build.diagnostics, ...empty], context, options.format);
    }
    notes = build.diagnostics;
    // Findings about files point at them: file:line under the directory as typed, with the line shown.
    context = { root: input, sources: build.files ?? new Map() };
    report = await verifyBuild(build, overrides);
  } else {
    const onDisk = readIntent(input, io.cwd);
    context = { root: onDisk.root, sources: new Map(onDisk.sources.map((s) => [s.name, s.text])) };
    const result = hasErrors(onDisk.diagnostics) ? undefined : compileIntent(onDisk.sources);
    const diagnostics = [...onDisk.diagnostics, ...(result?.diagnostics ?? [])];
    if (result?.fabric === undefined || result.devices === undefined || hasErrors(diagnostics)) return inputFailure(io, input, diagnostics, context, options.format);
    notes = diagnostics;
    report = verifyCompiled(result.fabric, result.devices, overrides);
  }
  if (notes.length > 0 && options.format === 'text') printDiagnostics(io, notes, context, false);
  const root = context.root;
  switch (options.format) {
    case 'json':
      io.stdout.write(formatJsonReport(report, root));
      break;
    case 'junit':
      io.stdout.write(formatJunitReport(report, root));
      break;
    case 'text': {
      const color = useColor(io, io.stdout);
      io.stdout.write(formatTextReport(report, root === undefined ? { color, sources: context.sources } : { color, root, sources: context.sources }));
      break;
    }
  }
  return reportHasErrors(report) ? 1 : 0;
}

/**
 * An input that cannot be verified: its diagnostics on stderr (as JSON on stdout with
 * `--format json`), and with `--format junit` also a JUnit report of one failing test case on
 * stdout, so that CI never reads an empty report. Exit status 1.
 */
function inputFailure(io: Io, input: string, diagnostics: readonly Diagnostic[], context: DiagnosticsContext, format: ReportFormat): number {
  printDiagnostics(io, diagnostics, context, format === 'json');
  if (format === 'junit') io.stdout.write(formatJunitInputFailure(input, diagnostics, context.root));
  return 1;
}

/**
 * Worker threads that compare a build directory's files (cli/build-check.ts): `--jobs` less this
 * thread, or by default one per other core when the build has parallelDevices devices or more.
 */
function compareThreads(dir: string, jobs: number | undefined): number {
  if (jobs !== undefined) return jobs - 1;
  const cores = availableParallelism();
  if (cores < 2) return 0;
  try {
    return readdirSync(dir).length > parallelDevices ? cores - 1 : 0;
  } catch {
    return 0;
  }
}

function parseCount(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

export function registerVerify(program: Command, selected: SelectedCommand): void {
  program
    .command('verify')
    .description('prove the fabric correct: Clos shape, uniqueness, BGP sessions, underlay and overlay reachability, hop bound, anycast gateways, tenant isolation, failures, LAGs and Ethernet segments, exits, BGP hosts (and a build directory\'s files)')
    .argument('<input>', 'intent file or directory, or a clos output directory (with manifest.json)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('--hop-limit <n>', 'override verify.hop_limit', parseCount('--hop-limit', 1, 16))
    .option('--failures <n>', 'override verify.failures', parseCount('--failures', 0, 2))
    .option('--jobs <n>', `threads that render a build directory's models again to compare its files (default: one per CPU core from ${parallelDevices} devices)`, parseCount('--jobs', 1, 64))
    .action((input: string, opts: { format: ReportFormat; hopLimit?: number; failures?: number; jobs?: number }) => {
      selected.action = (io) => runVerify(io, input, { format: opts.format, hopLimit: opts.hopLimit, failures: opts.failures, jobs: opts.jobs });
    });
}
