/**
 * The region benchmark: a region of several zones of one size (generateRegion) compiled whole —
 * `clos compile <region> -o <dir>`, verification included — against the same fabrics compiled one
 * by one, each in a fresh process as `npm run bench` compiles a fabric. The two are measured in
 * pairs (one by one, then the region, `runs` times), so both sides of a pair see the same load on a
 * shared machine; the report gives each pair's ratio, their median and the ratio of the best runs.
 * The target: the region within 1.3 × the time of its fabrics one by one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ChildResult } from './compile-child.js';
import { generateRegion } from './generate-intent.js';
import { seconds } from './report.js';
import { benchSizes, type BenchSize } from './sizes.js';

/** The target: a region within this factor of the time of its fabrics compiled one by one. */
export const regionTarget = 1.3;

export interface RegionShape {
  readonly zones: number;
  readonly size: BenchSize;
  /** `<zones>x<size label>`, e.g. `4x32x250`. */
  readonly label: string;
}

export function parseRegionShape(text: string): RegionShape {
  const m = /^(\d+)x(\d+x\d+)$/.exec(text);
  const size = m === null ? undefined : benchSizes.find((s) => s.label === m[2]);
  const zones = Number(m?.[1]);
  if (m === null || size === undefined || !Number.isInteger(zones) || zones < 1 || zones > 8) {
    throw new Error(`--region takes <zones>x<size>, 1 to 8 zones of a size of the table (e.g. 4x32x250), or 'none'`);
  }
  return { zones, size, label: text };
}

export interface RegionPair {
  /** The fabrics one by one: the sum of their processes' wall times. */
  readonly oneByOneMs: number;
  readonly regionMs: number;
  /** Load average (1 minute) before the pair. */
  readonly load: number;
  readonly regionRssKb: number;
  readonly maxFabricRssKb: number;
  /** CPU time (user + system) of the fabrics' processes together, and of the region's. */
  readonly oneByOneCpuMs: number;
  readonly regionCpuMs: number;
}

export interface RegionResult {
  readonly shape: RegionShape;
  readonly pairs: readonly RegionPair[];
  readonly files: number;
}

/**
 * Runs the pairs; undefined when a compile fails (its output is on stderr). `settle` runs before
 * each measured process (bench/main.ts: sync, so no run pays for the previous one's write-back).
 */
export function benchRegion(shape: RegionShape, seed: number, runs: number, work: string, childScript: string, settle: () => void): RegionResult | undefined {
  const generated = generateRegion({ ...shape.size, seed }, shape.zones);
  const root = join(work, `region-${shape.label}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'region.yaml'), generated.regionYaml);
  for (const f of generated.fabrics) {
    mkdirSync(join(root, f.dir));
    for (const file of f.intent.files) writeFileSync(join(root, f.dir, file.name), file.text);
  }
  const pairs: RegionPair[] = [];
  let files = 0;
  for (let run = 1; run <= runs; run++) {
    const load = loadavg()[0] ?? 0;
    let oneByOneMs = 0;
    let oneByOneCpuMs = 0;
    let maxFabricRssKb = 0;
    for (const f of generated.fabrics) {
      const out = join(work, `out-${shape.label}-${f.dir}-run${run}`);
      const child = compile(childScript, join(root, f.dir), out, settle);
      if (child === undefined) return undefined;
      oneByOneMs += child.wallMs;
      oneByOneCpuMs += child.result.cpuMs;
      maxFabricRssKb = Math.max(maxFabricRssKb, child.result.maxRssKb);
    }
    const out = join(work, `out-region-${shape.label}-run${run}`);
    const region = compile(childScript, root, out, settle);
    if (region === undefined) return undefined;
    files = Number(/wrote (\d+) files/.exec(region.result.stdout)?.[1] ?? 0);
    pairs.push({ oneByOneMs, regionMs: region.wallMs, load, regionRssKb: region.result.maxRssKb, maxFabricRssKb, oneByOneCpuMs, regionCpuMs: region.result.cpuMs });
    process.stderr.write(`clos bench: region ${shape.label} run ${run}/${runs}: one by one ${seconds(oneByOneMs)}, region ${seconds(region.wallMs)} (${(region.wallMs / oneByOneMs).toFixed(2)}×), load ${load.toFixed(2)}\n`);
  }
  return { shape, pairs, files };
}

function compile(childScript: string, intent: string, out: string, settle: () => void): { wallMs: number; result: ChildResult } | undefined {
  rmSync(out, { recursive: true, force: true });
  settle();
  const started = performance.now();
  const child = spawnSync(process.execPath, [childScript, intent, out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const line = child.stdout.trim().split('\n').at(-1);
  const result = line === undefined || line === '' ? undefined : (JSON.parse(line) as ChildResult);
  if (child.status !== 0 || result?.status !== 0 || result.stderr !== '') {
    process.stderr.write(`clos bench: compiling ${intent} failed (exit ${String(child.status)}):\n${result?.stderr ?? ''}${child.stderr}\n`);
    return undefined;
  }
  return { wallMs, result };
}

/** The report: every pair, the median ratio, the best of each side and the target. */
export function formatRegionResult(r: RegionResult): string[] {
  const ratios = r.pairs.map((p) => p.regionMs / p.oneByOneMs).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)] ?? 0;
  const bestOne = Math.min(...r.pairs.map((p) => p.oneByOneMs));
  const bestRegion = Math.min(...r.pairs.map((p) => p.regionMs));
  const lines = [
    `Region: ${r.shape.zones} fabrics of ${r.shape.size.label.replace('x', ' × ')} (${r.files.toLocaleString('en-US')} files), compiled and verified whole against one by one, in pairs:`,
    '',
    '| run | load | one by one | region | ratio | CPU one by one | CPU region | CPU ratio | region peak RSS | largest fabric peak RSS |',
    '|----:|-----:|-----------:|-------:|------:|---------------:|-----------:|----------:|----------------:|------------------------:|',
    ...r.pairs.map(
      (p, i) =>
        `| ${i + 1} | ${p.load.toFixed(2)} | ${seconds(p.oneByOneMs)} | ${seconds(p.regionMs)} | ${(p.regionMs / p.oneByOneMs).toFixed(2)}× | ${seconds(p.oneByOneCpuMs)} | ${seconds(p.regionCpuMs)} | ${(p.regionCpuMs / p.oneByOneCpuMs).toFixed(2)}× | ${Math.round(p.regionRssKb / 1024)} MB | ${Math.round(p.maxFabricRssKb / 1024)} MB |`,
    ),
    '',
    `median ratio ${median.toFixed(2)}×; best one by one ${seconds(bestOne)}, best region ${seconds(bestRegion)} (${(bestRegion / bestOne).toFixed(2)}×)`,
  ];
  return lines;
}

export function regionTargetLine(r: RegionResult): string {
  const ratios = r.pairs.map((p) => p.regionMs / p.oneByOneMs).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)] ?? 0;
  return `- region of ${r.shape.zones} × ${r.shape.size.label} ≤ ${regionTarget}× its fabrics one by one: median of ${r.pairs.length} pair${r.pairs.length === 1 ? '' : 's'} ${median.toFixed(2)}× — ${median <= regionTarget ? 'met' : 'NOT met'}`;
}
