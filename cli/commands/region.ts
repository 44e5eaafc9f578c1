/**
 * The commands on a region (a directory holding region.yaml): `compile`, `check`, `verify`, `diff`
 * and `doc` call these when given one, and keep working exactly as before on a fabric. Thin: the
 * region is read (region-files.ts, git-intent.ts), resolved and checked by the library (region/),
 * each fabric built, verified and rendered by the single-fabric library functions; this prints
 * and writes.
 *
 * - compile: every fabric to `<out>/<fabric>/` (byte for byte what compiling it alone writes) and
 *   the region manifest to `<out>/manifest.json`, all in one temporary directory moved into place
 *   by one rename: nothing is written when any fabric, rule or verification fails.
 * - compile --check: the whole directory against the region compiled in memory.
 * - verify: the region's rules, then every fabric's checks; on a region's build directory, every
 *   fabric's models, and the rules on what they deploy.
 * - diff: fabric by fabric, and the address plan, against a region's build directory or the region
 *   at a git revision.
 * - doc: the global address plan.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Platform } from '../../compiler/build/device-model.js';
import { buildDeviceModels } from '../../compiler/build/build-devices.js';
import { newManifest, renderFiles } from '../../compiler/compile.js';
import { countDiagnostics } from '../../compiler/diagnostics/format.js';
import { createDiagnostic, hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O, ReviewDiagnostics as R, VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { manifestFile, renderManifest } from '../../compiler/render/manifest.js';
import type { PlatformTemplates, RenderedFile, Renderer } from '../../compiler/render/render.js';
import type { FabricModel } from '../../compiler/resolve/fabric-model.js';
import { StageClock } from '../../compiler/stages.js';
import { buildRegionManifest, parseRegionManifest, renderRegionManifest } from '../../region/manifest.js';
import { modelFacts } from '../../region/model-facts.js';
import { layOutPlan } from '../../region/plan.js';
import type { PlanBlock, RegionModel } from '../../region/region-model.js';
import { inFabric, regionPlatforms, renderRegion } from '../../region/render-region.js';
import { formatRegionJson, formatRegionJunit, formatRegionText, regionCheck, regionReportHasErrors, type RegionVerifyReport } from '../../region/report.js';
import { checkRegion, resolveRegion } from '../../region/resolve-region.js';
import { sideFromOutput, type CompiledSide } from '../../review/change-impact.js';
import { renderRegionDoc } from '../../review/doc/region-doc.js';
import { computeRegionImpact, formatRegionImpactText, regionImpactToJson, type RegionSide } from '../../review/region-impact.js';
import { verifyDevices } from '../../review/verify-adapter.js';
import { checkedPrefix } from '../../compiler/shared/ipv4.js';
import { summaryLine } from '../../verify/report/text.js';
import type { VerifyReport } from '../../verify/types.js';
import { reportDiagnostics, reportHasErrors, verifyCompiled, verifyFabric } from '../../verify/verify.js';
import { isRegionBuild, readBuildDir } from '../build-dir.js';
import { readRegionAtRevision } from '../git-intent.js';
import { useColor, type Io } from '../io.js';
import { beginOutput, commitOutput, discardOutput, inspectOutputDir, OutputFileWriter, writeFailure, type PendingOutput } from '../output-dir.js';
import { isRegionDir, readRegion } from '../region-files.js';
import { printDiagnostics, type DiagnosticsContext } from '../report-diagnostics.js';
import { createRenderer, loadPlatformTemplates } from '../templates.js';
import { RenderPool } from '../render-pool.js';
import { availableParallelism } from 'node:os';
import { UsageError } from '../usage-error.js';
import { reportOutputCheck } from './compile-check.js';
import { paintTerminal } from '../diff-paint.js';
import { readCompiledDirectory } from '../compiled-dir.js';
import { writeDocument } from '../write-document.js';

const noContext: DiagnosticsContext = { root: undefined, sources: new Map() };

interface ResolvedOnDisk {
  readonly region: RegionModel;
  /** Warnings of every stage so far. */
  readonly diagnostics: readonly Diagnostic[];
  readonly context: DiagnosticsContext;
  readonly renderer: Renderer;
}

/** Reads, resolves and checks a region; prints its diagnostics and returns 1 when it has errors. */
function resolveOnDisk(io: Io, path: string, options: { platform?: Platform | undefined; json: boolean }, clock: StageClock): ResolvedOnDisk | number {
  const onDisk = clock.time('load', () => readRegion(path, io.cwd));
  const resolved = resolveRegion(onDisk.loaded, { platform: options.platform, clock });
  if (resolved.region === undefined) {
    printDiagnostics(io, resolved.diagnostics, onDisk.context, options.json, options.json ? { result: null } : {});
    return 1;
  }
  const region = resolved.region;
  const { renderer, missing } = clock.time('render', () => createRenderer(regionPlatforms(region)));
  if (missing.length > 0) throw new UsageError(`no templates for platform ${missing.join(', ')} in this version of clos`);
  return { region, diagnostics: resolved.diagnostics, context: onDisk.context, renderer };
}

export interface RegionCompileOptions {
  readonly output?: string | undefined;
  readonly platform?: Platform | undefined;
  readonly json: boolean;
  readonly clock?: StageClock | undefined;
  readonly check?: boolean | undefined;
  readonly verify?: boolean | undefined;
  /** Threads that render and write (`--jobs`); default one per CPU core. */
  readonly jobs?: number | undefined;
  /** Devices rendered (and written) so far, of all fabrics (progress). */
  readonly onDevice?: ((done: number, total: number) => void) | undefined;
}

interface FabricSummary {
  readonly fabric: string;
  readonly spines: number;
  readonly leaves: number;
  readonly networks: number;
  readonly files: number;
  readonly verify: string;
}

/**
 * `clos compile <region> -o <dir>` (and `--check`), and `clos check <region>` when `output` is
 * undefined. Fabric by fabric: build, verify, render and write into the one temporary directory
 * of the region's output; a large fabric renders on every core while this thread builds and
 * verifies it (render-pool.ts), as compiling it alone does. The temporary directory is moved into
 * place once every fabric is written and the region manifest with them.
 */
export async function runCompileRegion(io: Io, path: string, options: RegionCompileOptions): Promise<number> {
  const clock = options.clock ?? new StageClock();
  const write = options.output !== undefined && options.check !== true;
  const shown = options.output;
  let outDir: string | undefined;
  if (write && shown !== undefined) {
    outDir = resolve(io.cwd, shown);
    const inspected = inspectOutputDir(outDir, shown);
    if ('diagnostic' in inspected) {
      printDiagnostics(io, [inspected.diagnostic], noContext, options.json);
      return 1;
    }
  }
  const resolved = resolveOnDisk(io, path, options, clock);
  if (typeof resolved === 'number') return resolved;
  const { region, context, renderer } = resolved;
  const diagnostics: Diagnostic[] = [...resolved.diagnostics];
  let pending: PendingOutput | undefined;
  if (outDir !== undefined && shown !== undefined) {
    const begun = beginOutput(outDir, shown);
    if ('code' in begun) {
      printDiagnostics(io, [...diagnostics, begun], context, options.json);
      return 1;
    }
    pending = begun;
  }
  const jobs = options.jobs ?? availableParallelism();
  let pool: RenderPool | undefined;
  try {
    const summaries: FabricSummary[] = [];
    const fabricManifests: RenderedFile[] = [];
    const inMemory: RenderedFile[] = [];
    let failed = false;
    const total = region.fabrics.reduce((n, f) => n + f.fabric.spines.length + f.fabric.leaves.length, 0);
    let done = 0;
    for (const f of region.fabrics) {
      const name = f.fabric.name;
      const count = f.fabric.spines.length + f.fabric.leaves.length;
      // The fabric's own directory in the pending output: what its compile alone would write to `<out>`.
      const target = pending === undefined ? undefined : { dir: join(pending.dir, name), shown: pending.shown, tmp: join(pending.tmp, name) };
      if (target !== undefined && !failed && jobs > 1 && fabricChars(context, f.dir) >= parallelIntentChars) {
        pool = RenderPool.start(jobs - 1);
        pool?.begin(f.fabric, platformTemplates(f.fabric), target, count);
      }
      const devices = clock.time('build', () => buildDeviceModels(f.fabric));
      let line = '';
      if (options.verify !== false) {
        const report = clock.time('verify', () => verifyCompiled(f.fabric, devices));
        diagnostics.push(...reportDiagnostics(report));
        line = `verify: ${summaryLine(report)}`;
        if (reportHasErrors(report)) failed = true;
      }
      if (failed) {
        // Keep verifying the other fabrics; write nothing more.
        await pool?.stop();
        pool = undefined;
        continue;
      }
      let files = 0;
      const manifest = newManifest(f.fabric, devices);
      if (pool !== undefined && target !== undefined) {
        const outcome = await pool.finish(devices, renderer, target, manifest, clock, (n) => options.onDevice?.(done + n, total));
        pool = undefined;
        if (outcome.failure !== undefined) {
          printDiagnostics(io, [...diagnostics, outcome.failure], context, options.json, options.json ? { result: null } : {});
          return 1;
        }
        files = outcome.files;
        const file = clock.time('render', () => renderManifest(manifest.finish()));
        clock.time('write', () => new OutputFileWriter(target.tmp).write(file));
        fabricManifests.push(inFabric(name, file));
        files++;
      } else {
        const rendered = renderFiles(f.fabric, devices, renderer, manifest);
        const writer = target === undefined ? undefined : new OutputFileWriter(target.tmp);
        let device = '';
        let n = 0;
        for (;;) {
          const next = clock.time('render', () => rendered.next());
          if (next.done === true) break;
          const file = next.value;
          files++;
          if (file.path === manifestFile) fabricManifests.push(inFabric(name, file));
          else if (!file.path.startsWith(`${device}/`)) {
            device = file.path.slice(0, file.path.indexOf('/'));
            options.onDevice?.(done + ++n, total);
          }
          if (writer !== undefined) clock.time('write', () => writer.write(file));
          else if (options.check === true) inMemory.push(inFabric(name, file));
        }
      }
      done += count;
      summaries.push({ fabric: name, spines: f.fabric.spines.length, leaves: f.fabric.leaves.length, networks: f.fabric.networks.length, files, verify: line });
    }
    if (failed) {
      const consequence = write ? 'Nothing was written' : 'The region does not verify';
      printDiagnostics(io, diagnostics, context, options.json, options.json ? { result: null } : {});
      if (!options.json) io.stderr.write(`verify: a fabric of region ${region.name} does not verify. ${consequence} (see clos verify for the full report).\n`);
      return 1;
    }
    const regionManifest = renderRegionManifest(buildRegionManifest(region, fabricManifests));
    if (options.check === true) {
      inMemory.push(regionManifest);
      return reportOutputCheck(io, { intentPath: path, what: `region ${region.name} (${path})`, files: inMemory, diagnostics, context, shownDir: shown ?? '', json: options.json, result: { region: region.name } });
    }
    let failure: Diagnostic | undefined;
    if (pending !== undefined) {
      const p = pending;
      failure = clock.time('write', () => {
        try {
          new OutputFileWriter(p.tmp).write(regionManifest);
        } catch (e) {
          return writeFailure(p.shown, e);
        }
        return commitOutput(p);
      });
      pending = undefined;
    }
    const files = summaries.reduce((n, s) => n + s.files, 1);
    const where = write ? `wrote ${files} files to ${shown ?? ''}` : 'checked';
    const result = { region: region.name, fabrics: summaries, files };
    printDiagnostics(io, failure === undefined ? diagnostics : [...diagnostics, failure], context, options.json, options.json ? { result: failure === undefined ? result : null } : {});
    if (failure !== undefined) return 1;
    if (!options.json) {
      for (const s of summaries) io.stdout.write(`${s.fabric}: ${s.spines} spine${s.spines === 1 ? '' : 's'}, ${s.leaves} lea${s.leaves === 1 ? 'f' : 'ves'}, ${s.networks} networks${s.verify === '' ? '' : `; ${s.verify}`}\n`);
      io.stdout.write(`region ${region.name}: ${summaries.length} fabric${summaries.length === 1 ? '' : 's'}; ${where}\n`);
    }
    return 0;
  } catch (e) {
    if (pending === undefined) throw e;
    discardOutput(pending);
    pending = undefined;
    printDiagnostics(io, [...diagnostics, writeFailure(options.output ?? '', e)], context, options.json);
    return 1;
  } finally {
    await pool?.stop();
    if (pending !== undefined) discardOutput(pending);
  }
}

/** Intents smaller than this render on one thread, as in compile.ts. */
const parallelIntentChars = 256 * 1024;

/** Characters of a fabric's intent files (`<dir>/...` in the region's texts). */
function fabricChars(context: DiagnosticsContext, dir: string): number {
  let n = 0;
  for (const [name, text] of context.sources) if (name.startsWith(`${dir}/`)) n += text.length;
  return n;
}

/** The templates of the platforms a fabric's devices use, for the render workers. */
function platformTemplates(fabric: FabricModel): PlatformTemplates[] {
  const platforms = [...new Set([...fabric.spines, ...fabric.leaves].map((d) => d.platform))];
  return platforms.map((p) => loadPlatformTemplates(p)).filter((t) => t !== undefined);
}

export type RegionReportFormat = 'text' | 'json' | 'junit';

/** `clos verify <region>`: the rules across the fabrics, then each fabric's checks. */
export function runVerifyRegion(io: Io, path: string, options: { format: RegionReportFormat; hopLimit?: number | undefined; failures?: number | undefined }): number {
  const json = options.format === 'json';
  const resolved = resolveOnDisk(io, path, { json }, new StageClock());
  if (typeof resolved === 'number') return resolved;
  const { region, context } = resolved;
  const overrides = overridesOf(options);
  const fabrics = region.fabrics.map((f) => verifyCompiled(f.fabric, buildDeviceModels(f.fabric), overrides));
  const prefixes = region.fabrics.reduce((n, f) => n + f.prefixes.length, 0);
  const vrfs = new Set(region.fabrics.flatMap((f) => f.vrfs.map((v) => `${v.tenant}/${v.name}`))).size;
  const check = regionCheck(resolved.diagnostics.filter((d) => d.code.startsWith('CLOS40')), `${region.fabrics.length} fabrics, ${prefixes} prefixes in ${region.plan.length} plan blocks, ${vrfs} tenant VRFs, ${region.fabrics.length} spine ASNs`);
  const notes = resolved.diagnostics.filter((d) => !d.code.startsWith('CLOS40'));
  return printRegionReport(io, { region: region.name, check, fabrics }, options.format, context, notes);
}

/** `clos verify <region build dir>`: each fabric's models, and the region's rules on what they deploy. */
export function runVerifyRegionBuild(io: Io, dir: string, shown: string, options: { format: RegionReportFormat; hopLimit?: number | undefined; failures?: number | undefined }): number {
  const json = options.format === 'json';
  const parsed = parseRegionManifest(readFileSync(join(dir, manifestFile), 'utf8'));
  if ('error' in parsed) {
    printDiagnostics(io, [createDiagnostic(O.manifestInvalid, {}, join(shown, manifestFile), parsed.error)], noContext, json);
    return 1;
  }
  const manifest = parsed.manifest;
  const problems: Diagnostic[] = [];
  const reports: VerifyReport[] = [];
  const facts = [];
  for (const f of manifest.fabrics) {
    const build = readBuildDir(join(dir, f.name), join(shown, f.name));
    problems.push(...build.diagnostics);
    if (build.devices.length === 0 && !hasErrors(build.diagnostics)) problems.push(createDiagnostic(V.notABuild, {}, join(shown, f.name)));
    if (hasErrors(build.diagnostics) || build.devices.length === 0) continue;
    reports.push(verifyFabric({ devices: build.devices, settings: { ...build.settings, ...overridesOf(options) } }));
    facts.push(modelFacts(f.name, f.name, build.devices));
  }
  if (hasErrors(problems)) {
    printDiagnostics(io, problems, noContext, json);
    return 1;
  }
  const plan: PlanBlock[] = manifest.plan.map((b) => ({ prefix: checkedPrefix(b.prefix), for: b.for, span: undefined })).sort((a, b) => a.prefix.base - b.prefix.base);
  const findings = checkRegion(facts, plan);
  const addresses = facts.reduce((n, f) => n + f.prefixes.length, 0);
  const check = regionCheck(findings, `${facts.length} fabrics' models: ${addresses} addresses and subnets in ${plan.length} plan blocks`);
  return printRegionReport(io, { region: manifest.region, check, fabrics: reports }, options.format, noContext, problems);
}

function overridesOf(options: { hopLimit?: number | undefined; failures?: number | undefined }): { hopLimit?: number; failures?: number } {
  const overrides: { hopLimit?: number; failures?: number } = {};
  if (options.hopLimit !== undefined) overrides.hopLimit = options.hopLimit;
  if (options.failures !== undefined) overrides.failures = options.failures;
  return overrides;
}

function printRegionReport(io: Io, report: RegionVerifyReport, format: RegionReportFormat, context: DiagnosticsContext, notes: readonly Diagnostic[]): number {
  if (notes.length > 0 && format === 'text') printDiagnostics(io, notes, context, false);
  const root = context.root;
  if (format === 'json') io.stdout.write(formatRegionJson(report, root));
  else if (format === 'junit') io.stdout.write(formatRegionJunit(report, root));
  else {
    const color = useColor(io, io.stdout);
    io.stdout.write(formatRegionText(report, root === undefined ? { color, sources: context.sources } : { color, root, sources: context.sources }));
  }
  return regionReportHasErrors(report) ? 1 : 0;
}

/** `clos diff <region> --against <dir | git-ref>`. */
export function runDiffRegion(io: Io, path: string, options: { against: string; platform?: Platform | undefined; format: 'text' | 'json'; stat: boolean }): number {
  const json = options.format === 'json';
  const now = resolveOnDisk(io, path, { platform: options.platform, json }, new StageClock());
  if (typeof now === 'number') return now;
  const after = regionSide('working tree', now.region, now.renderer);
  const against = resolve(io.cwd, options.against);
  const before = existsSync(against) && statSync(against).isDirectory() ? readRegionBuild(options.against, against) : regionAtRevision(io, path, options);
  if ('diagnostics' in before) {
    printDiagnostics(io, before.diagnostics, before.context, json);
    return 1;
  }
  const impact = computeRegionImpact(before, after, { verify: verifyDevices });
  if (json) io.stdout.write(`${JSON.stringify(regionImpactToJson(impact, { stat: options.stat, root: now.context.root }), null, 2)}\n`);
  else io.stdout.write(formatRegionImpactText(impact, { stat: options.stat, root: now.context.root, paint: useColor(io, io.stdout) ? paintTerminal : undefined }));
  return 0;
}

type SideOrFailure = RegionSide | { diagnostics: readonly Diagnostic[]; context: DiagnosticsContext };

/** A region compiled in memory as one side of a change impact. */
function regionSide(label: string, region: RegionModel, renderer: Renderer): RegionSide {
  const output = renderRegion(region, renderer);
  return {
    label,
    fabrics: output.fabrics.map((f) => ({ name: f.fabric.name, side: sideFromOutput(label, f.files, f.devices, f.fabric.fabric.settings) })),
    plan: layOutPlan(region).blocks.flatMap((b) => b.entries),
  };
}

/** A region's build directory: each fabric's files and models, as `clos diff` reads a fabric's (compiled-dir.ts). */
function readRegionBuild(shown: string, dir: string): SideOrFailure {
  const fail = (reason: string): SideOrFailure => ({ diagnostics: [createDiagnostic(R.againstNotCompiled, {}, shown, reason)], context: noContext });
  if (!existsSync(join(dir, manifestFile))) return fail(`it has no ${manifestFile}`);
  const parsed = parseRegionManifest(readFileSync(join(dir, manifestFile), 'utf8'));
  if ('error' in parsed) return fail(`${manifestFile} is not a region's (${parsed.error}); compare a fabric of the region with its own build directory instead`);
  const fabrics: { name: string; side: CompiledSide }[] = [];
  for (const f of parsed.manifest.fabrics) {
    const side = readCompiledDirectory(join(shown, f.name), join(dir, f.name), shown);
    if ('diagnostic' in side) return { diagnostics: [side.diagnostic], context: noContext };
    fabrics.push({ name: f.name, side });
  }
  return { label: shown, fabrics, plan: undefined };
}

/** The same region at a git revision, compiled in memory. */
function regionAtRevision(io: Io, path: string, options: { against: string; platform?: Platform | undefined }): SideOrFailure {
  const read = readRegionAtRevision(path, options.against, io.cwd);
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic], context: noContext };
  const label = `${options.against} (${read.commit.slice(0, 12)})`;
  if (!read.exists) return { label, fabrics: [], plan: [] };
  const context: DiagnosticsContext = { root: `${path}@${options.against}`, sources: read.loaded.texts };
  const resolved = resolveRegion(read.loaded, { platform: options.platform });
  if (resolved.region === undefined) {
    const errors = countDiagnostics(resolved.diagnostics).errors;
    return { diagnostics: [...resolved.diagnostics, createDiagnostic(R.revisionIntentInvalid, {}, options.against, errors)], context };
  }
  const { renderer, missing } = createRenderer(regionPlatforms(resolved.region));
  if (missing.length > 0) throw new UsageError(`no templates for platform ${missing.join(', ')} in this version of clos`);
  return regionSide(label, resolved.region, renderer);
}

/** `clos doc <region> [-o file.md]`: the global address plan. */
export function runDocRegion(io: Io, path: string, options: { output?: string | undefined; platform?: Platform | undefined }): number {
  const resolved = resolveOnDisk(io, path, { platform: options.platform, json: false }, new StageClock());
  if (typeof resolved === 'number') return resolved;
  const doc = renderRegionDoc(resolved.region);
  if (options.output === undefined) {
    printDiagnostics(io, resolved.diagnostics, resolved.context, false);
    io.stdout.write(doc);
    return 0;
  }
  const failed = writeDocument(resolve(io.cwd, options.output), doc);
  if (failed !== undefined) {
    printDiagnostics(io, [...resolved.diagnostics, createDiagnostic(R.docWriteFailed, {}, options.output, failed)], resolved.context, false);
    return 1;
  }
  printDiagnostics(io, resolved.diagnostics, resolved.context, false);
  io.stdout.write(`region ${resolved.region.name}: wrote the address plan to ${options.output}\n`);
  return 0;
}


/**
 * `clos export containerlab` and `clos lab up` take one fabric: given a region (or a region's
 * build directory) they stop with a usage error that names a fabric to give instead.
 */
export function refuseRegion(io: Io, input: string, command: string): void {
  const absolute = resolve(io.cwd, input);
  let example: string | undefined;
  if (isRegionDir(input, io.cwd)) {
    const { loaded } = readRegion(input, io.cwd);
    example = loaded.file?.fabrics[0]?.dir;
  } else if (existsSync(join(absolute, manifestFile)) && isRegionBuild(absolute)) {
    const parsed = parseRegionManifest(readFileSync(join(absolute, manifestFile), 'utf8'));
    example = 'manifest' in parsed ? parsed.manifest.fabrics[0]?.name : undefined;
  } else {
    return;
  }
  throw new UsageError(`'${input}' is a region; ${command} takes one of its fabrics${example === undefined ? '' : `, e.g. ${join(input, example)}`}`);
}
