/**
 * `clos compile <region> -o <dir>`, its `--check`, and `clos check <region>`: every fabric to
 * `<out>/<fabric>/` (byte for byte what compiling it alone writes) and the region manifest to
 * `<out>/manifest.json`, all in one temporary directory moved into place by one rename: nothing is
 * written when any fabric, rule or verification fails. compile.ts calls this for a region
 * directory; thin: the library resolves, checks, builds, verifies and renders.
 */
import { shellWord } from '../shell-word.js';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { buildDeviceModels } from '../../compiler/build/build-devices.js';
import { newManifest, renderFiles } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { manifestFile, renderManifest, type Manifest } from '../../compiler/render/manifest.js';
import type { PlatformTemplates, RenderedFile, Renderer } from '../../compiler/render/render.js';
import type { FabricModel } from '../../compiler/resolve/fabric-model.js';
import { StageClock } from '../../compiler/stages.js';
import { buildRegionManifest, renderRegionManifest } from '../../region/manifest.js';
import { inFabric } from '../../region/render-region.js';
import { summaryLine } from '../../verify/report/text.js';
import { compileFindings, reportHasErrors, verifyCompiled } from '../../verify/verify.js';
import { plural } from '../../verify/locate.js';
import type { Io } from '../io.js';
import { beginOutput, commitOutput, discardOutput, inspectOutputDir, recoverInterruptedOutput, OutputFileWriter, replacedOtherBuild, writeFailure, type BuiltFrom, type PendingOutput } from '../output-dir.js';
import { noContext, regionBuildManifests, resolveRegionOnDisk } from '../region-on-disk.js';
import { RenderPool } from '../render-pool.js';
import { printDiagnostics, type DiagnosticsContext } from '../report-diagnostics.js';
import { loadPlatformTemplates } from '../templates.js';
import { readOutputFiles, reportOutputCheck } from './compile-check.js';
import { checkUnrecordedPlatform, platformForComparison } from '../../review/output-platform.js';
import type { FoundFile } from '../../review/compare-output.js';
import { createDiagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O } from '../../compiler/diagnostics/catalogue/index.js';
import { existsSync, statSync } from 'node:fs';
import { parallelIntentChars, type CompileCommandOptions } from '../compile-options.js';

export interface RegionCompileOptions extends Omit<CompileCommandOptions, 'progress'> {
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
  let builtFrom: BuiltFrom | undefined;
  if (write && shown !== undefined) {
    outDir = resolve(io.cwd, shown);
    recoverInterruptedOutput(outDir);
    const inspected = inspectOutputDir(outDir, shown);
    if ('diagnostic' in inspected) {
      printDiagnostics(io, [inspected.diagnostic], noContext, options.json);
      return 1;
    }
    builtFrom = inspected.existing.builtFrom;
  }
  // --check reads the directory first: its manifests say which platform to compile the region for.
  const how = { command: `clos compile ${shellWord(path)} -o ${shellWord(shown ?? '')} --check`, dir: shown ?? '' };
  let platform = options.platform;
  let found: ReadonlyMap<string, FoundFile> = new Map();
  let recorded: ReadonlyMap<string, Manifest> | undefined;
  if (options.check === true) {
    const dir = resolve(io.cwd, shown ?? '');
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      printDiagnostics(io, [createDiagnostic(O.outputIsFile, {}, shown ?? '')], noContext, options.json);
      return 1;
    }
    found = readOutputFiles(dir);
    recorded = regionBuildManifests(found);
    const chosen = platformForComparison(recorded === undefined ? undefined : [...recorded.values()][0], options.platform, how);
    if ('diagnostic' in chosen) {
      printDiagnostics(io, [chosen.diagnostic], noContext, options.json);
      return 1;
    }
    platform = chosen.platform;
  }
  const resolved = resolveRegionOnDisk(io, path, { ...options, platform }, clock);
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
        pool?.begin(f.fabric, platformTemplates(f.fabric), target, undefined, count, undefined);
      }
      const devices = clock.time('build', () => buildDeviceModels(f.fabric));
      const unrecorded = options.check === true ? checkUnrecordedPlatform(recorded?.get(name), options.platform, devices, { ...how, dir: join(how.dir, name) }) : undefined;
      if (unrecorded !== undefined) {
        printDiagnostics(io, [...diagnostics, unrecorded], context, options.json);
        return 1;
      }
      let line = '';
      if (options.verify !== false) {
        const report = clock.time('verify', () => verifyCompiled(f.fabric, devices));
        diagnostics.push(...compileFindings(report));
        line = `verify: ${summaryLine(report)}`;
        if (reportHasErrors(report)) failed = true;
      }
      if (failed) {
        // Keep verifying the other fabrics; write nothing more.
        await pool?.stop();
        pool = undefined;
        continue;
      }
      const onDevice = (n: number): void => options.onDevice?.(done + n, total);
      const written =
        pool !== undefined && target !== undefined
          ? await renderOnPool(pool, f.fabric, devices, renderer, target, clock, onDevice)
          : renderHere(f.fabric, devices, renderer, target, options.check === true ? inMemory : undefined, clock, onDevice);
      pool = undefined;
      if ('failure' in written) {
        printDiagnostics(io, [...diagnostics, written.failure], context, options.json, options.json ? { result: null } : {});
        return 1;
      }
      fabricManifests.push(inFabric(name, written.manifest));
      const files = written.files;
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
      return reportOutputCheck(io, {
        intentPath: path,
        what: `region ${region.name} (${path})`,
        files: inMemory,
        found,
        platform,
        fromManifest: options.platform === undefined && platform !== undefined,
        diagnostics,
        context,
        shownDir: shown ?? '',
        json: options.json,
        result: { region: region.name },
        compiles: { what: 'region', name: region.name },
      });
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
    const result = { region: region.name, fabrics: summaries, files };
    const replaced = failure === undefined && shown !== undefined ? replacedOtherBuild(shown, builtFrom, { what: 'region', name: region.name }) : undefined;
    if (replaced !== undefined) diagnostics.push(replaced);
    printDiagnostics(io, failure === undefined ? diagnostics : [...diagnostics, failure], context, options.json, options.json ? { result: failure === undefined ? result : null } : {});
    if (failure !== undefined) return 1;
    if (!options.json) io.stdout.write(formatSummary(region.name, summaries, write ? `wrote ${files} files to ${shown ?? ''}` : 'checked'));
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

type FabricWritten = { readonly files: number; readonly manifest: RenderedFile } | { readonly failure: Diagnostic };

/**
 * A fabric's files rendered and written by the render workers, which began on the resolved fabric
 * while this thread built and verified it, and by this thread; then its manifest.
 */
async function renderOnPool(
  pool: RenderPool,
  fabric: FabricModel,
  devices: readonly DeviceModel[],
  renderer: Renderer,
  target: PendingOutput,
  clock: StageClock,
  onDevice: (done: number) => void,
): Promise<FabricWritten> {
  const manifest = newManifest(fabric, devices);
  const outcome = await pool.finish(devices, renderer, target, undefined, manifest, clock, undefined, onDevice);
  if (outcome.failure !== undefined) return { failure: outcome.failure };
  const file = clock.time('render', () => renderManifest(manifest.finish()));
  clock.time('write', () => new OutputFileWriter(target.tmp).write(file));
  return { files: outcome.files + 1, manifest: file };
}

/**
 * A fabric's files rendered on this thread, device by device, and written to `target` when there is
 * one (else kept in `keep`, under `<fabric>/`, for --check, or only counted, for check).
 */
function renderHere(
  fabric: FabricModel,
  devices: readonly DeviceModel[],
  renderer: Renderer,
  target: PendingOutput | undefined,
  keep: RenderedFile[] | undefined,
  clock: StageClock,
  onDevice: (done: number) => void,
): FabricWritten {
  const rendered = renderFiles(fabric, devices, renderer, newManifest(fabric, devices));
  const writer = target === undefined ? undefined : new OutputFileWriter(target.tmp);
  let files = 0;
  let manifest: RenderedFile | undefined;
  let device = '';
  let done = 0;
  for (;;) {
    const next = clock.time('render', () => rendered.next());
    if (next.done === true) break;
    const file = next.value;
    files++;
    if (file.path === manifestFile) manifest = file;
    else if (!file.path.startsWith(`${device}/`)) {
      device = file.path.slice(0, file.path.indexOf('/'));
      onDevice(++done);
    }
    if (writer !== undefined) clock.time('write', () => writer.write(file));
    else keep?.push(inFabric(fabric.name, file));
  }
  if (manifest === undefined) throw new Error(`internal error: fabric ${fabric.name} rendered no manifest`);
  return { files, manifest };
}

function formatSummary(region: string, summaries: readonly FabricSummary[], where: string): string {
  const lines = summaries.map((s) => `${s.fabric}: ${plural(s.spines, 'spine')}, ${plural(s.leaves, 'leaf', 'leaves')}, ${plural(s.networks, 'network')}${s.verify === '' ? '' : `; ${s.verify}`}`);
  lines.push(`region ${region}: ${summaries.length} fabric${summaries.length === 1 ? '' : 's'}; ${where}`);
  return `${lines.join('\n')}\n`;
}


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
