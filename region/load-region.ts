/**
 * Loading a region: region.yaml with source positions (the same YAML reader and schema machinery
 * as intents), its own rules (plan blocks without host bits, disjoint), then the intent files of
 * each fabric it lists. Reading files is the caller's: it passes a function that reads one fabric
 * directory (from disk, or from a git revision), so this stays pure and both ways share it.
 *
 * Every file of a fabric is named `<dir>/<file>` (relative to the region directory), so every
 * diagnostic of the region — from region.yaml, from any fabric, or across fabrics — is shown at
 * its place under one root.
 */
import { createDiagnostic, relatedInfo, type Diagnostic, type Span } from '../compiler/diagnostics/diagnostic.js';
import { LoadDiagnostics as L, RegionDiagnostics as G } from '../compiler/diagnostics/catalogue/index.js';
import type { IntentSource, LoadedIntent } from '../compiler/load/load-intent.js';
import { defaultYamlLimits, parseYamlFile, type YamlLimits } from '../compiler/load/parse-yaml.js';
import { regionSchema } from '../compiler/load/schema-source.js';
import { compileSchemaValidator, loadPrecompiledValidator, precompiledRegionFile } from '../compiler/load/schema-validator.js';
import { SourceIndex } from '../compiler/load/source-index.js';
import { validateDocument } from '../compiler/load/validate-schema.js';
import { checkedPrefix, prefixesOverlap } from '../compiler/shared/ipv4.js';
import type { ValidateFunction } from 'ajv';
import type { PlanBlock, RegionDocument, RegionFile } from './region-model.js';

/** The file that makes a directory a region. */
export const regionFileName = 'region.yaml';

/** One fabric directory as the caller read it: its intent files (names relative to it), or why not. */
export type FabricFiles =
  | { readonly sources: readonly IntentSource[]; readonly diagnostics: readonly Diagnostic[] }
  | { readonly missing: string };

/** A region's files, read: region.yaml checked, and each fabric's intent files. */
export interface LoadedRegion {
  /** Undefined when region.yaml has errors: then no fabric is read. */
  readonly file: RegionFile | undefined;
  /** The fabrics that could be read, in region.yaml's order; file names are `<dir>/<file>`. */
  readonly fabrics: readonly { readonly dir: string; readonly sources: readonly IntentSource[] }[];
  readonly diagnostics: readonly Diagnostic[];
  /** Every text read (region.yaml and each fabric's files), by the name diagnostics use: for code frames. */
  readonly texts: ReadonlyMap<string, string>;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= loadPrecompiledValidator(precompiledRegionFile) ?? compileSchemaValidator(regionSchema);
  return compiled;
}

/**
 * Reads a region: region.yaml's text, a reader for each fabric directory it lists, and the
 * directories beside it that hold YAML files (to warn about a fabric left out).
 */
export function loadRegion(
  region: IntentSource,
  readFabric: (dir: string) => FabricFiles,
  yamlDirectories: readonly string[] = [],
  limits: YamlLimits = defaultYamlLimits,
): LoadedRegion {
  const texts = new Map<string, string>([[region.name, region.text]]);
  const parsed = parseRegionFile(region, limits);
  if (parsed.file === undefined) return { file: undefined, fabrics: [], diagnostics: parsed.diagnostics, texts };
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const fabrics: { dir: string; sources: IntentSource[] }[] = [];
  for (const { dir, span } of parsed.file.fabrics) {
    const read = readFabric(dir);
    if ('missing' in read) {
      diagnostics.push(createDiagnostic(G.fabricDirectoryMissing, { span }, dir, read.missing));
      continue;
    }
    const sources = read.sources.map((s) => ({ name: `${dir}/${s.name}`, text: s.text }));
    for (const s of sources) texts.set(s.name, s.text);
    diagnostics.push(...read.diagnostics.map((d) => inDirectory(d, dir)));
    fabrics.push({ dir, sources });
  }
  const listed = new Set(parsed.file.fabrics.map((f) => f.dir));
  const fabricsKey = parsed.fabricsSpan;
  for (const dir of [...yamlDirectories].sort()) {
    if (!listed.has(dir)) diagnostics.push(createDiagnostic(G.fabricDirectoryUnlisted, { span: fabricsKey, hint: `add it to region.fabrics, or move it out of the region directory` }, dir));
  }
  return { file: parsed.file, fabrics, diagnostics, texts };
}

/** A fabric's diagnostic with its file names under the fabric's directory (`az1/fabric.yaml`). */
export function inDirectory(d: Diagnostic, dir: string): Diagnostic {
  const move = (span: Span | undefined): Span | undefined => (span === undefined ? undefined : { ...span, file: span.file === '' ? dir : `${dir}/${span.file}` });
  const span = move(d.span);
  const related = d.related.map((r) => relatedInfo(r.message, move(r.span)));
  const moved: Diagnostic = { code: d.code, severity: d.severity, message: d.message, related };
  return { ...moved, ...(span === undefined ? {} : { span }), ...(d.device === undefined ? {} : { device: d.device }), ...(d.hint === undefined ? {} : { hint: d.hint }) };
}

/** region.yaml: parsed with positions, checked against its schema and its own rules. */
export function parseRegionFile(
  source: IntentSource,
  limits: YamlLimits = defaultYamlLimits,
): { file: RegionFile | undefined; diagnostics: Diagnostic[]; fabricsSpan: Span | undefined } {
  const index = new SourceIndex();
  const parsed = parseYamlFile(source.name, source.text, index, limits, 'full');
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const top: Span = { file: source.name, line: 1, col: 1, endLine: 1, endCol: 1 };
  const value = parsed.value;
  if (diagnostics.some((d) => d.severity === 'error')) return { file: undefined, diagnostics, fabricsSpan: undefined };
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'a list' : value === null || value === undefined ? 'nothing' : `${typeof value} ${JSON.stringify(value)}`;
    diagnostics.push(createDiagnostic(L.notAMapping, { span: typeof value === 'object' && value !== null ? index.span(value) : top }, got));
    return { file: undefined, diagnostics, fabricsSpan: undefined };
  }
  const raw = value as Record<string, unknown>;
  if (!('version' in raw)) diagnostics.push(createDiagnostic(G.versionMissing, { span: top }));
  const loaded: LoadedIntent = { raw, index, owners: new Map(Object.keys(raw).map((k) => [k, raw])), itemOrigins: new Map(), files: [source.name] };
  const validated = validateDocument(loaded, validator(), regionSchema);
  diagnostics.push(...validated.diagnostics);
  const doc = validated.value as RegionDocument | undefined;
  if (doc === undefined || diagnostics.some((d) => d.severity === 'error')) return { file: undefined, diagnostics, fabricsSpan: undefined };

  const region = doc.region;
  const plan: PlanBlock[] = [];
  region.plan.forEach((block) => {
    const prefix = checkedPrefix(block.prefix);
    const span = index.valueSpan(block, 'prefix');
    if (prefix.cidr !== block.prefix) {
      diagnostics.push(createDiagnostic(G.planHostBits, { span }, block.prefix, prefix.cidr));
      return;
    }
    plan.push({ prefix, for: block.for, span });
  });
  plan.sort((a, b) => a.prefix.base - b.prefix.base || a.prefix.length - b.prefix.length);
  // Sorted by address, a block overlaps an earlier one exactly when it starts before the furthest end so far.
  let furthest: PlanBlock | undefined;
  for (const block of plan) {
    if (furthest !== undefined && prefixesOverlap(block.prefix, furthest.prefix)) {
      const [later, earlier] = laterInFile(block, furthest);
      diagnostics.push(
        createDiagnostic(G.planBlocksOverlap, { span: later.span, related: [relatedInfo(`plan block ${earlier.prefix.cidr} (for ${earlier.for})`, earlier.span)] }, later.prefix.cidr, earlier.prefix.cidr),
      );
    }
    if (furthest === undefined || block.prefix.base + block.prefix.size > furthest.prefix.base + furthest.prefix.size) furthest = block;
  }
  const fabrics = region.fabrics.map((dir, i) => ({ dir, span: index.valueSpan(region.fabrics, i) }));
  const fabricsSpan = index.keySpan(region, 'fabrics');
  if (diagnostics.some((d) => d.severity === 'error')) return { file: undefined, diagnostics, fabricsSpan };
  return { file: { name: region.name, fabrics, plan, nameSpan: index.valueSpan(region, 'name') }, diagnostics, fabricsSpan };
}

/** The two blocks, the one written later in the file first. */
function laterInFile(a: PlanBlock, b: PlanBlock): [PlanBlock, PlanBlock] {
  const la = a.span?.line ?? 0;
  const lb = b.span?.line ?? 0;
  return la > lb || (la === lb && (a.span?.col ?? 0) > (b.span?.col ?? 0)) ? [a, b] : [b, a];
}
