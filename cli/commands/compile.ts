/** `clos compile <intent> -o <dir>` and `clos check <intent>`. */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Platform } from '../../compiler/build/device-model.js';
import { newManifest, renderFiles } from '../../compiler/compile.js';
import type { ManifestBuilder } from '../../compiler/render/manifest.js';
import type { CompiledIntent } from '../../compiler/compile-in-memory.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { FabricModel } from '../../compiler/resolve/fabric-model.js';
import { renderManifest, sha256 } from '../../compiler/render/manifest.js';
import { Renderer, type PlatformTemplates, type RenderedFile } from '../../compiler/render/render.js';
import { StageClock } from '../../compiler/stages.js';
import { codeIdentity, readBuildRecord, writeBuildRecord } from '../build-record.js';
import { compileIntentOnDisk, type CompiledIntentOnDisk } from '../compile-intent.js';
import type { Io } from '../io.js';
import { beginOutput, commitOutput, discardOutput, inspectOutputDir, recoverInterruptedOutput, OutputFileWriter, previousOutput, replacedOtherBuild, reuseManifest, writeFailure, writeOutputFile, type PendingOutput, type PreviousOutput } from '../output-dir.js';
import { Progress, type ProgressMode } from '../progress.js';
import { renderAndWriteDevice, RenderPool, type PoolOutcome } from '../render-pool.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { loadPlatformTemplates } from '../templates.js';
import { UsageError } from '../usage-error.js';
import { InvalidArgumentError, type Command } from 'commander';
import { platformOption, type SelectedCommand } from '../command.js';
import { summaryLine } from '../../verify/report/text.js';
import { compileFindings, reportHasErrors, verifyCompiled } from '../../verify/verify.js';
import { plural } from '../../verify/locate.js';
import { runCompileCheck } from './compile-check.js';
import { isRegionDir } from '../region-files.js';
import { runCompileRegion } from './region-compile.js';
import { parallelIntentChars, type CompileCommandOptions } from '../compile-options.js';

export type { CompileCommandOptions };

/**
 * The output files, rendered lazily one device at a time under the clock's `render` stage, so the
 * consumer (write, or the check that counts them) is timed as its own stage.
 */
function* renderTimed(compiled: CompiledIntent, clock: StageClock, onDevice: (done: number) => void): Generator<RenderedFile, void, undefined> {
  const files = renderFiles(compiled.fabric, compiled.devices, compiled.renderer);
  let current: string | undefined;
  let done = 0;
  for (;;) {
    const next = clock.time('render', () => files.next());
    if (next.done === true) return;
    const slash = next.value.path.indexOf('/');
    const device = slash < 0 ? undefined : next.value.path.slice(0, slash);
    if (device !== current) {
      if (current !== undefined) onDevice(++done);
      current = device;
    }
    yield next.value;
  }
}

function startProgress(io: Io, options: CompileCommandOptions): { clock: StageClock; progress: Progress | undefined } {
  const clock = options.clock ?? new StageClock();
  const mode = options.progress ?? 'auto';
  if (!Progress.enabled(mode, io.stderr)) return { clock, progress: undefined };
  const progress = new Progress(io.stderr, mode);
  clock.listen(progress);
  return { clock, progress };
}

export async function runCompile(io: Io, intentPath: string, options: CompileCommandOptions): Promise<number> {
  if (options.output === undefined) throw new UsageError("compile needs an output directory: -o <dir>");
  if (options.output.trim() === '') throw new UsageError("compile's output directory is empty: -o <dir> needs a path");
  const shown = options.output;
  if (isRegionDir(intentPath, io.cwd)) {
    const { clock, progress } = startProgress(io, options);
    try {
      return await runCompileRegion(io, intentPath, { ...options, clock, onDevice: (done, total) => progress?.devices(done, total) });
    } finally {
      progress?.finish();
    }
  }
  if (options.check === true) return runCompileCheck(io, intentPath, shown, options);
  const outDir = resolve(io.cwd, shown);
  recoverInterruptedOutput(outDir);
  const inspected = inspectOutputDir(outDir, shown);
  if ('diagnostic' in inspected) {
    printDiagnostics(io, [inspected.diagnostic], { root: undefined, sources: new Map() }, options.json);
    return 1;
  }
  const { clock, progress } = startProgress(io, options);
  // The build being replaced: its files that come out byte for byte the same are linked, not written,
  // and when this renderer wrote it, the devices whose model is the same are not rendered.
  const previous = previousOutput(outDir, inspected.existing, readBuildRecord(io.env, inspected.existing.manifestSha256));
  const record = new BuildRecorder(io.env);
  const parallel = new ParallelOutput(io, intentPath, outDir, shown, previous, record, options.jobs ?? availableParallelism());
  try {
    const compiled = compileIntentOnDisk(io, intentPath, options, clock, (fabric) => {
      parallel.begin(fabric);
    });
    if (typeof compiled === 'number') return compiled;
    // Large intents are rendering on the workers meanwhile; a failure discards their output.
    const verified = clock.time('verify', () => verifyOrReport(io, compiled, options.verify !== false, options.json, 'nothing was written'));
    if (typeof verified === 'number') return verified;
    const total = compiled.devices.length;
    const onDevice = (done: number): void => progress?.devices(done, total);
    const written = (await parallel.finish(compiled, clock, onDevice)) ?? writeSequentially(compiled, outDir, shown, previous, record, clock, onDevice);
    const { files, failure } = written;
    progress?.finish();
    const replaced = failure === undefined ? replacedOtherBuild(shown, inspected.existing.builtFrom, { what: 'fabric', name: compiled.fabric.name }) : undefined;
    const diagnostics = [...verified.diagnostics, ...(failure === undefined ? [] : [failure]), ...(replaced === undefined ? [] : [replaced])];
    const summary = summarize(compiled, files, shown, previous === undefined ? undefined : written.reused);
    printDiagnostics(io, diagnostics, compiled.context, options.json, options.json ? { result: failure === undefined ? summary : null } : {});
    if (failure !== undefined) return 1;
    if (!options.json) io.stdout.write(`${summary.text}\n${verified.line}`);
    return 0;
  } finally {
    progress?.finish();
    await parallel.abandon();
  }
}

/**
 * Rendering and writing on every core for a large intent (render-pool.ts): workers start before
 * the intent loads, get the fabric once it is resolved, and render into a pending output while
 * this thread builds the device models; finish() joins in and commits. For small intents, with
 * --jobs 1, or when running from sources (no built worker), it does nothing and compile renders
 * on this thread.
 */
class ParallelOutput {
  private pool: RenderPool | undefined;
  private pending: PendingOutput | undefined;
  private templates: PlatformTemplates[] | undefined;

  constructor(
    io: Io,
    intentPath: string,
    private readonly outDir: string,
    private readonly shown: string,
    private readonly previous: PreviousOutput | undefined,
    private readonly record: BuildRecorder,
    jobs: number,
  ) {
    if (jobs > 1 && intentChars(resolve(io.cwd, intentPath)) >= parallelIntentChars) this.pool = RenderPool.start(jobs - 1);
  }

  /** The fabric is resolved: hand it to the workers. */
  begin(fabric: FabricModel): void {
    if (this.pool === undefined) return;
    const platforms = [...new Set([...fabric.spines, ...fabric.leaves].map((d) => d.platform))];
    const templates = platforms.map((p) => loadPlatformTemplates(p));
    const pending = beginOutput(this.outDir, this.shown);
    if (templates.some((t) => t === undefined) || 'code' in pending) return; // reported by the sequential path
    this.templates = templates.filter((t) => t !== undefined);
    this.pending = pending;
    this.pool.begin(fabric, this.templates, pending, this.previous, fabric.spines.length + fabric.leaves.length, this.record.code);
  }

  /** Renders and writes with the workers and commits; undefined when the workers were not used. */
  async finish(compiled: CompiledIntent, clock: StageClock, onDevice: (done: number) => void): Promise<WrittenOutput | undefined> {
    const { pool, pending, templates } = this;
    if (pool === undefined || pending === undefined || templates === undefined) return undefined;
    this.pool = undefined;
    const renderer = clock.time('render', () => new Renderer(templates));
    const manifest = newManifest(compiled.fabric, compiled.devices);
    const outcome = await pool.finish(compiled.devices, renderer, pending, this.previous, manifest, clock, this.record.code, onDevice);
    this.pending = undefined;
    if (outcome.failure !== undefined) {
      discardOutput(pending);
      return outcome;
    }
    const committed = commitWithManifest(pending, this.previous, manifest, clock, this.record.with(renderer));
    return { ...outcome, files: outcome.files + 1, reused: outcome.reused + committed.reused, failure: committed.failure };
  }

  /** Stops the workers and removes the pending output, unless finish() committed it. */
  async abandon(): Promise<void> {
    const { pool, pending } = this;
    this.pool = undefined;
    this.pending = undefined;
    if (pool !== undefined) await pool.stop();
    if (pending !== undefined) discardOutput(pending);
  }
}

/** What rendering and writing a fabric's files gave: files written (manifest included), of them linked from the previous build, or a failure. */
type WrittenOutput = PoolOutcome;

/** Renders and writes every device on this thread (small intents, --jobs 1, running from sources), then commits. */
function writeSequentially(
  compiled: CompiledIntent,
  outDir: string,
  shown: string,
  previous: PreviousOutput | undefined,
  record: BuildRecorder,
  clock: StageClock,
  onDevice: (done: number) => void,
): WrittenOutput {
  const pending = clock.time('write', () => beginOutput(outDir, shown));
  if ('code' in pending) return { files: 0, reused: 0, failure: pending };
  const manifest = newManifest(compiled.fabric, compiled.devices);
  const writer = new OutputFileWriter(pending.tmp, previous, compiled.renderer.fingerprint(record.code));
  let files = 0;
  let done = 0;
  try {
    for (const device of compiled.devices) {
      files += renderAndWriteDevice(device, compiled.renderer, writer, manifest, clock);
      onDevice(++done);
    }
  } catch (e) {
    discardOutput(pending);
    return { files, reused: writer.counts.reused, failure: writeFailure(shown, e) };
  }
  const committed = commitWithManifest(pending, previous, manifest, clock, record.with(compiled.renderer));
  return { files: files + 1, reused: writer.counts.reused + committed.reused, failure: committed.failure };
}

/**
 * Remembers which renderer wrote a committed build (build-record.ts), so that the next compile
 * into the directory renders only the devices whose model changed.
 */
class BuildRecorder {
  /** The identity of this clos's code; undefined when it has none (not run from the bundle). */
  readonly code = codeIdentity();

  constructor(private readonly env: Io['env']) {}

  /** What to record for a build this renderer wrote: called with its manifest.json once committed. */
  with(renderer: Renderer): (manifestText: string) => void {
    const fingerprint = renderer.fingerprint(this.code);
    return (manifestText) => {
      if (fingerprint !== undefined) writeBuildRecord(this.env, sha256(manifestText), fingerprint);
    };
  }
}

/**
 * Writes manifest.json, last, and moves the output into place; a diagnostic when that fails (the
 * output is then discarded). `committed` is told the manifest's text once the output is in place.
 */
function commitWithManifest(
  pending: PendingOutput,
  previous: PreviousOutput | undefined,
  manifest: ManifestBuilder,
  clock: StageClock,
  committed: (manifestText: string) => void,
): { failure: Diagnostic | undefined; reused: number } {
  const file = clock.time('render', () => renderManifest(manifest.finish()));
  return clock.time('write', () => {
    const reused = reuseManifest(pending, previous, file.content, sha256(file.content));
    try {
      if (!reused) writeOutputFile(pending.tmp, file, new Set());
    } catch (e) {
      discardOutput(pending);
      return { failure: writeFailure(pending.shown, e), reused: 0 };
    }
    const failure = commitOutput(pending);
    if (failure === undefined) committed(file.content);
    return { failure, reused: reused ? 1 : 0 };
  });
}

/** Characters in an intent (a file or the YAML files of a directory), from their sizes; 0 when unreadable. */
function intentChars(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path)
      .filter((n) => /\.ya?ml$/.test(n))
      .reduce((sum, n) => sum + statSync(join(path, n)).size, 0);
  } catch {
    return 0;
  }
}

export function runCheck(
  io: Io,
  intentPath: string,
  options: { platform?: Platform | undefined; json: boolean; progress?: ProgressMode | undefined; clock?: StageClock | undefined; verify?: boolean | undefined },
): number | Promise<number> {
  if (isRegionDir(intentPath, io.cwd)) return runCompileRegion(io, intentPath, { ...options, output: undefined });
  const { clock, progress } = startProgress(io, options);
  try {
    const compiled = compileIntentOnDisk(io, intentPath, options, clock);
    if (typeof compiled === 'number') return compiled;
    const verified = clock.time('verify', () => verifyOrReport(io, compiled, options.verify !== false, options.json, 'the intent does not verify'));
    if (typeof verified === 'number') return verified;
    let files = 0;
    const total = compiled.devices.length;
    const rendered = renderTimed(compiled, clock, (done) => progress?.devices(done, total));
    for (let next = rendered.next(); next.done !== true; next = rendered.next()) files++;
    progress?.finish();
    const summary = summarize(compiled, files, undefined);
    printDiagnostics(io, verified.diagnostics, compiled.context, options.json, options.json ? { result: summary } : {});
    if (!options.json) io.stdout.write(`${summary.text}\n${verified.line}`);
    return 0;
  } finally {
    progress?.finish();
  }
}

/**
 * Runs the verifier on a compiled intent. On errors it prints every diagnostic and returns exit
 * status 1; otherwise it returns the diagnostics to print (compile's and the verifier's warnings).
 */
function verifyOrReport(io: Io, compiled: CompiledIntentOnDisk, enabled: boolean, json: boolean, consequence: string): { diagnostics: readonly Diagnostic[]; line: string } | number {
  if (!enabled) return { diagnostics: compiled.diagnostics, line: '' };
  const report = verifyCompiled(compiled.fabric, compiled.devices);
  const diagnostics = [...compiled.diagnostics, ...compileFindings(report)];
  const line = `verify: ${summaryLine(report)}\n`;
  if (!reportHasErrors(report)) return { diagnostics, line };
  printDiagnostics(io, diagnostics, compiled.context, json, json ? { result: null } : {});
  if (!json) io.stderr.write(`verify: ${summaryLine(report)} ${consequence[0]?.toUpperCase() ?? ''}${consequence.slice(1)} (see clos verify for the full report).\n`);
  return 1;
}

/**
 * The result line and its JSON. `unchanged`: the files linked from the previous build in the
 * output directory (undefined when there was none); the line then says how many were rewritten.
 */
function summarize(
  compiled: CompiledIntent,
  files: number,
  outDir: string | undefined,
  unchanged?: number,
): { text: string; fabric: string; spines: number; leaves: number; files: number; unchanged?: number } {
  const spines = compiled.devices.filter((d) => d.role === 'spine').length;
  const leaves = compiled.devices.length - spines;
  const changed = unchanged === undefined ? '' : ` (${files - unchanged} changed or new, ${unchanged} unchanged)`;
  const where = outDir === undefined ? 'checked' : `wrote ${files} files to ${outDir}${changed}`;
  return {
    text: `${compiled.fabric.name}: ${plural(spines, 'spine')}, ${plural(leaves, 'leaf', 'leaves')}, ${plural(compiled.fabric.networks.length, 'network')}; ${where}`,
    fabric: compiled.fabric.name,
    spines,
    leaves,
    files,
    ...(unchanged === undefined ? {} : { unchanged }),
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
    .option('--progress', 'print each stage and its time on stderr (default: a status line on a terminal, for runs over a second)')
    .option('--jobs <n>', 'threads that render and write files (default: one per CPU core)', parseJobs)
    .action((intent: string, opts: { output?: string; platform?: Platform; json?: boolean; check?: boolean; verify: boolean; progress?: boolean; jobs?: number }) => {
      selected.action = (io) =>
        runCompile(io, intent, {
          output: opts.output,
          platform: opts.platform,
          json: opts.json === true,
          check: opts.check,
          verify: opts.verify,
          progress: opts.progress === true ? 'always' : 'auto',
          jobs: opts.jobs,
        });
    });
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('a whole number of threads, 1 to 256');
  return n;
}

export function registerCheck(program: Command, selected: SelectedCommand): void {
  program
    .command('check')
    .description('load, resolve, build, render and verify an intent without writing anything')
    .argument('<intent>', 'intent file or directory')
    .addOption(platformOption())
    .option('--json', 'print the result and diagnostics as JSON on stdout')
    .option('--progress', 'print each stage and its time on stderr (default: a status line on a terminal, for runs over a second)')
    .action((intent: string, opts: { platform?: Platform; json?: boolean; progress?: boolean }) => {
      selected.action = (io) => runCheck(io, intent, { platform: opts.platform, json: opts.json === true, progress: opts.progress === true ? 'always' : 'auto' });
    });
}
