/**
 * `clos verify`, `clos diff` and `clos doc` of a region: verify.ts, diff.ts and doc.ts call these
 * for a region directory (or, for verify, a region's build directory). Thin: the library checks,
 * verifies, compares and documents; this reads, prints and writes.
 *
 * - verify: the region's rules, then every fabric's checks; on a region's build directory, every
 *   fabric's models, and the rules on what they deploy (region/model-facts.ts).
 * - diff: fabric by fabric, and the address plan (its blocks; against a git revision also its
 *   prefixes), against a region's build directory or the region at a git revision.
 * - doc: the global address plan.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Platform } from '../../compiler/build/device-model.js';
import { buildDeviceModels } from '../../compiler/build/build-devices.js';
import { countDiagnostics } from '../../compiler/diagnostics/format.js';
import { createDiagnostic, hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O, RegionDiagnostics as G, ReviewDiagnostics as R, VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { manifestFile, sha256, type Manifest } from '../../compiler/render/manifest.js';
import { checkedPrefix } from '../../compiler/shared/ipv4.js';
import { parseRegionManifest, type RegionManifestFabric } from '../../region/manifest.js';
import { modelFacts } from '../../region/model-facts.js';
import { inDirectory } from '../../region/load-region.js';
import type { PlanBlock } from '../../region/region-model.js';
import { regionPlatforms, renderRegion } from '../../region/render-region.js';
import { formatRegionJson, formatRegionJunit, formatRegionText, regionCheck, regionReportHasErrors, type RegionVerifyReport } from '../../region/report.js';
import { checkRegion, resolveRegion } from '../../region/resolve-region.js';
import type { CompiledSide } from '../../review/change-impact.js';
import { renderRegionDoc } from '../../review/doc/region-doc.js';
import { blocksOfManifest, computeRegionImpact, formatRegionImpactText, regionImpactToJson, regionSide, type RegionSide } from '../../review/region-impact.js';
import { verifyDevices } from '../../review/verify-adapter.js';
import { checkComparedName } from '../../review/against-name.js';
import { checkUnrecordedPlatform, platformForComparison } from '../../review/output-platform.js';
import type { VerifyReport } from '../../verify/types.js';
import { verifyCompiled } from '../../verify/verify.js';
import { isRegionBuild, readBuildDir, verifyBuild } from '../build-dir.js';
import { readCompiledDirectory } from '../compiled-dir.js';
import { paintTerminal } from '../diff-paint.js';
import { readRegionAtRevision } from '../git-intent.js';
import { useColor, type Io } from '../io.js';
import { noContext, resolveRegionOnDisk } from '../region-on-disk.js';
import { printDiagnostics, withWarnings, type DiagnosticsContext } from '../report-diagnostics.js';
import { createRenderer } from '../templates.js';
import { UsageError } from '../usage-error.js';
import { writeDocument } from '../write-document.js';

export type RegionReportFormat = 'text' | 'json' | 'junit';

/** `clos verify <region>`: the rules across the fabrics, then each fabric's checks. */
export function runVerifyRegion(io: Io, path: string, options: { format: RegionReportFormat; hopLimit?: number | undefined; failures?: number | undefined }): number {
  const json = options.format === 'json';
  const resolved = resolveRegionOnDisk(io, path, { json });
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
export async function runVerifyRegionBuild(io: Io, dir: string, shown: string, options: { format: RegionReportFormat; hopLimit?: number | undefined; failures?: number | undefined }): Promise<number> {
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
  const findings: Diagnostic[] = [];
  const sources = new Map<string, string>();
  // Every fabric build in the directory, listed in the region manifest or not (as `clos verify
  // <dir>` of a fabric reads every <device>/model.json, listed in its manifest or not): a fabric
  // copied in beside the others is verified, and held to the region's rules, not skipped.
  const listed = new Set(manifest.fabrics.map((f) => f.name));
  const unlisted = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !listed.has(e.name) && existsSync(join(dir, e.name, manifestFile)))
    .map((e) => e.name)
    .sort();
  const fabrics: { name: string; recorded: RegionManifestFabric | undefined }[] = [...manifest.fabrics.map((f) => ({ name: f.name, recorded: f })), ...unlisted.map((name) => ({ name, recorded: undefined }))];
  for (const f of fabrics) {
    if (!existsSync(join(dir, f.name, manifestFile))) {
      // Listed, but its build is gone (only listed fabrics get here): the region's check fails, the others are verified.
      findings.push(createDiagnostic(G.fabricBuildMissing, {}, f.name, join(shown, f.name, manifestFile)));
      continue;
    }
    const build = readBuildDir(join(dir, f.name), join(shown, f.name));
    problems.push(...build.diagnostics);
    if (build.devices.length === 0 && !hasErrors(build.diagnostics)) problems.push(createDiagnostic(V.notABuild, {}, join(shown, f.name)));
    if (hasErrors(build.diagnostics) || build.devices.length === 0) continue;
    // Findings about a fabric's files name them under the region's directory (`az1/leaf1/frr.conf:12`).
    reports.push(underDirectory(await verifyBuild(build, overridesOf(options)), f.name));
    for (const [path, text] of build.files ?? []) sources.set(`${f.name}/${path}`, text);
    const recorded = build.files?.get(manifestFile);
    if (f.recorded !== undefined && recorded !== undefined && sha256(recorded) !== f.recorded.sha256) findings.push(createDiagnostic(G.fabricManifestChanged, {}, f.recorded.manifest));
    // A fabric the region manifest lists is named as it records; another by its own manifest, so a
    // copy of a listed fabric is also a duplicate name (CLOS4010).
    facts.push(modelFacts(f.name, f.recorded === undefined ? (build.manifest?.fabric ?? f.name) : f.name, build.devices));
  }
  if (hasErrors(problems)) {
    printDiagnostics(io, problems, noContext, json);
    return 1;
  }
  const plan: PlanBlock[] = manifest.plan.map((b) => ({ prefix: checkedPrefix(b.prefix), for: b.for, span: undefined })).sort((a, b) => a.prefix.base - b.prefix.base);
  findings.push(...checkRegion(facts, plan));
  const addresses = facts.reduce((n, f) => n + f.prefixes.length, 0);
  const check = regionCheck(findings, `${facts.length} fabrics' models: ${addresses} addresses and subnets in ${plan.length} plan blocks`);
  return printRegionReport(io, { region: manifest.region, check, fabrics: reports }, options.format, { root: shown, sources }, problems);
}

/** A fabric's report with its findings' files under the fabric's directory of the region. */
function underDirectory(report: VerifyReport, dir: string): VerifyReport {
  const checks = report.checks.map((c) => ({ ...c, diagnostics: c.diagnostics.map((d) => (d.span === undefined ? d : inDirectory(d, dir))) }));
  return {
    fabric: report.fabric,
    settings: report.settings,
    devices: report.devices,
    checks,
    // Read on demand, as the verifier builds it (128,000 rows on a large fabric).
    get sessions() {
      return report.sessions;
    },
    method: report.method,
    timings: report.timings,
  };
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
  const against = resolve(io.cwd, options.against);
  // A directory is read first: its fabrics' manifests say which platform to compile the region for.
  const directory = existsSync(against) && statSync(against).isDirectory() ? readRegionBuild(options.against, against) : undefined;
  const how = { command: `clos diff ${path} --against ${options.against}`, dir: options.against };
  let platform = options.platform;
  if (directory !== undefined && !('diagnostics' in directory)) {
    const chosen = platformForComparison(directory.fabrics[0]?.side.manifest, options.platform, how);
    if ('diagnostic' in chosen) {
      printDiagnostics(io, [chosen.diagnostic], noContext, json);
      return 1;
    }
    platform = chosen.platform;
  }
  const now = resolveRegionOnDisk(io, path, { platform, json });
  if (typeof now === 'number') return now;
  const output = renderRegion(now.region, now.renderer);
  if (directory !== undefined && !('diagnostics' in directory)) {
    for (const f of output.fabrics) {
      const recorded = directory.fabrics.find((d) => d.name === f.fabric.name)?.side.manifest;
      const unrecorded = checkUnrecordedPlatform(recorded, options.platform, f.devices, { ...how, dir: join(options.against, f.fabric.name) });
      if (unrecorded === undefined) continue;
      printDiagnostics(io, [...now.diagnostics, unrecorded], now.context, json);
      return 1;
    }
  }
  // The intent's own warnings, and CLOS8012 when the directory is another region's build.
  const recorded = directory === undefined || 'diagnostics' in directory ? undefined : checkComparedName(options.against, 'region', directory.region, now.region.name);
  const warnings = recorded === undefined ? now.diagnostics : [...now.diagnostics, recorded];
  const after = regionSide('working tree', now.region, output);
  const before = directory ?? regionAtRevision(io, path, { ...options, platform });
  if ('diagnostics' in before) {
    printDiagnostics(io, before.diagnostics, before.context, json);
    return 1;
  }
  const impact = computeRegionImpact(before, after, { verify: verifyDevices });
  if (json) {
    io.stdout.write(`${JSON.stringify(withWarnings(regionImpactToJson(impact, { stat: options.stat, root: now.context.root }), warnings, now.context.root), null, 2)}\n`);
    return 0;
  }
  printDiagnostics(io, warnings, now.context, false);
  io.stdout.write(formatRegionImpactText(impact, { stat: options.stat, root: now.context.root, paint: useColor(io, io.stdout) ? paintTerminal : undefined }));
  return 0;
}

type SideOrFailure = RegionSide | { diagnostics: readonly Diagnostic[]; context: DiagnosticsContext };

/** A region's build directory as a side: the region's name, and each fabric's side with its manifest (its recorded platform). */
interface RegionBuildSide extends RegionSide {
  readonly region: string;
  readonly fabrics: readonly { readonly name: string; readonly side: CompiledSide & { readonly manifest: Manifest } }[];
}
type BuildSideOrFailure = RegionBuildSide | { diagnostics: readonly Diagnostic[]; context: DiagnosticsContext };

/** A region's build directory: each fabric's files and models, as `clos diff` reads a fabric's (compiled-dir.ts). */
function readRegionBuild(shown: string, dir: string): BuildSideOrFailure {
  const fail = (reason: string): BuildSideOrFailure => ({ diagnostics: [createDiagnostic(R.againstNotCompiled, {}, shown, reason)], context: noContext });
  if (!existsSync(join(dir, manifestFile))) return fail(`it has no ${manifestFile}`);
  const parsed = parseRegionManifest(readFileSync(join(dir, manifestFile), 'utf8'));
  if ('error' in parsed) {
    if (isRegionBuild(dir)) return fail(`its ${manifestFile} is a region's that clos does not write: ${parsed.error}`);
    return fail(`${manifestFile} is not a region's (${parsed.error}); compare a fabric of the region with its own build directory instead`);
  }
  // A fabric's build the region manifest does not list (the manifest edited after clos wrote it) would read as a fabric the change adds.
  const listed = new Set(parsed.manifest.fabrics.map((f) => f.name));
  const unlisted = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !listed.has(e.name) && existsSync(join(dir, e.name, manifestFile)))
    .map((e) => e.name)
    .sort();
  if (unlisted.length > 0) return fail(`it holds the build of ${unlisted.map((n) => `'${n}/'`).join(', ')}, which its ${manifestFile} does not list among the region's fabrics: edited after clos wrote it`);
  const fabrics: { name: string; side: CompiledSide & { readonly manifest: Manifest } }[] = [];
  for (const f of parsed.manifest.fabrics) {
    if (!existsSync(join(dir, f.manifest))) return fail(`its ${manifestFile} lists fabric '${f.name}', but ${f.manifest} is missing`);
    const side = readCompiledDirectory(join(shown, f.name), join(dir, f.name), shown);
    if ('diagnostic' in side) return { diagnostics: [side.diagnostic], context: noContext };
    fabrics.push({ name: f.name, side });
  }
  return { label: shown, region: parsed.manifest.region, fabrics, blocks: blocksOfManifest(parsed.manifest), plan: undefined };
}

/** The same region at a git revision, compiled in memory. */
function regionAtRevision(io: Io, path: string, options: { against: string; platform?: Platform | undefined }): SideOrFailure {
  const read = readRegionAtRevision(path, options.against, io.cwd);
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic], context: noContext };
  const label = `${options.against} (${read.commit.slice(0, 12)})`;
  if (!read.exists) return { label, fabrics: [], blocks: [], plan: [] };
  const context: DiagnosticsContext = { root: `${path}@${options.against}`, sources: read.loaded.texts };
  const resolved = resolveRegion(read.loaded, { platform: options.platform });
  if (resolved.region === undefined) {
    const errors = countDiagnostics(resolved.diagnostics).errors;
    return { diagnostics: [...resolved.diagnostics, createDiagnostic(R.revisionIntentInvalid, {}, options.against, errors)], context };
  }
  const { renderer, missing } = createRenderer(regionPlatforms(resolved.region));
  if (missing.length > 0) throw new UsageError(`no templates for platform ${missing.join(', ')} in this version of clos`);
  return regionSide(label, resolved.region, renderRegion(resolved.region, renderer));
}

/** `clos doc <region> [-o file.md]`: the global address plan. */
export function runDocRegion(io: Io, path: string, options: { output?: string | undefined; platform?: Platform | undefined }): number {
  const resolved = resolveRegionOnDisk(io, path, { platform: options.platform, json: false });
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
