/**
 * `npm run bench`: generates fabrics of several sizes, compiles each with the real `clos compile`
 * path (in a fresh process, output written to a temporary directory and removed after) and prints
 * a Markdown table of the stage times, total wall time (process start to exit) and peak RSS, then
 * the end-to-end time of the quickstart and the issue's targets.
 *
 *   npm run bench                          every size, best of 3 runs
 *   npm run bench -- --sizes 32x1000       some sizes (labels as in the table, comma-separated)
 *   npm run bench -- --runs 5 --seed 7     more runs, another fabric of the same shape
 *   npm run bench -- --ci                  the small sizes once: fails only if the pipeline breaks
 *   npm run bench -- --generate <dir> --sizes 32x1000   write the intent and stop (for profiling)
 *   npm run bench -- --region 4x32x250     the region measured against its fabrics one by one
 *                                          (bench/region.ts; the default; 'none' skips it)
 *
 * The machine may be shared: each fabric runs `--runs` times and the fastest run is reported, and
 * the load average at the start is printed with the table.
 *
 * Every run writes to a directory of its own, and all of them are removed when the benchmark ends
 * (with --keep DIR, the last run of each size stays as DIR/out-<size>): deleting thousands of files
 * just before a run slows that run's file creation on some file systems — on this project's
 * machines (ext4 without a journal) every new inode is checked against the ones deleted in the
 * last minute, ~0.3 ms a file after a thousand-leaf output was removed (bench/PROFILE.md, round 3).
 * A benchmark run must not pay for the previous run's cleanup, nor for writing back the previous
 * run's output: each run starts after `sync`, as a compile on a quiet machine would (the kernel
 * writes a run's 459 MB back some 30 s later, on the same two cores).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot } from '../cli/package-root.js';
import type { ChildResult } from './compile-child.js';
import { generateIntent, type GeneratedIntent } from './generate-intent.js';
import { formatAbsentStages, formatMachine, formatTable, seconds, type Machine, type SizeResult } from './report.js';
import { benchSizes, ciSizes, type BenchSize } from './sizes.js';
import { benchRegion, formatRegionResult, parseRegionShape, regionTargetLine } from './region.js';

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, 'compile-child.js');

/** The issue's targets on a 2-core machine. */
const targets = { totalMs: 5000, rssBytes: 1.5e9, verifyMs: 2000, doublingRatio: 2.2, quickstartMs: 500 };

function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ci: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string', default: '1' },
      generate: { type: 'string' },
      keep: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`usage: npm run bench -- [--ci] [--sizes ${benchSizes.map((s) => s.label).join(',')}] [--runs N] [--seed N] [--generate DIR] [--keep DIR] [--region <zones>x<size>|none]\n`);
    return 0;
  }
  const seed = Number(values.seed);
  const sizes = pickSizes(values.sizes, values.ci);
  // The region runs by default with every size, with --ci on the smallest size, and when asked for.
  const regionText = values.region ?? (values.ci ? `4x${ciSizes[0]?.label ?? '2x8'}` : values.sizes === undefined ? '4x32x250' : 'none');
  const region = regionText === 'none' ? undefined : parseRegionShape(regionText);
  const runs = Number(values.runs ?? (values.ci ? 1 : 3));
  if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) throw new Error('--seed and --runs take integers');

  if (values.generate !== undefined) {
    for (const size of sizes) {
      const dir = sizes.length === 1 ? values.generate : join(values.generate, size.label);
      const generated = generateIntent({ ...size, seed });
      writeIntent(generated, dir);
      process.stdout.write(`${size.label}: ${generated.files.length} files, ${generated.stats.intentChars} characters in ${dir}\n`);
    }
    return 0;
  }

  const machine = describeMachine();
  const work = values.keep ?? mkdtempSync(join(tmpdir(), 'clos-bench-'));
  mkdirSync(work, { recursive: true });
  process.stderr.write(`clos bench: ${formatMachine(machine, runs, seed)}\n`);
  if (machine.load > 0.5) process.stderr.write(`clos bench: the machine is busy (load ${machine.load.toFixed(2)}); times may be noisy\n`);
  const results: SizeResult[] = [];
  const toRemove: string[] = [];
  let failed = false;
  try {
    for (const size of sizes) {
      const result = benchSize(size, seed, runs, work, values.keep !== undefined, toRemove);
      if (result === undefined) failed = true;
      else results.push(result);
    }
    const quickstart = timeQuickstart(work, values.ci ? 1 : 10);
    if (quickstart === undefined) failed = true;
    const regionResult = region === undefined ? undefined : benchRegion(region, seed, runs, work, childScript, settleDisk);
    if (region !== undefined && regionResult === undefined) failed = true;

    const out: string[] = [];
    out.push(`clos compile, FRR output — ${formatMachine(machine, runs, seed)}`, '');
    out.push(formatTable(results), '');
    out.push(...formatAbsentStages(results));
    if (quickstart !== undefined) {
      out.push(`quickstart (intent/examples/quickstart), process start to exit: median ${seconds(quickstart.median)}, best ${seconds(quickstart.best)} of ${quickstart.runs}`);
    }
    if (regionResult !== undefined) out.push('', ...formatRegionResult(regionResult));
    if (!values.ci) out.push('', ...checkTargets(results, quickstart?.median), ...(regionResult === undefined ? [] : [regionTargetLine(regionResult)]));
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
    for (const dir of toRemove) rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

function pickSizes(list: string | undefined, ci: boolean): readonly BenchSize[] {
  if (list === undefined) return ci ? ciSizes : benchSizes;
  return list.split(',').map((label) => {
    const size = benchSizes.find((s) => s.label === label.trim());
    if (size === undefined) throw new Error(`unknown size '${label}': one of ${benchSizes.map((s) => s.label).join(', ')}`);
    return size;
  });
}

function benchSize(size: BenchSize, seed: number, runs: number, work: string, keep: boolean, toRemove: string[]): SizeResult | undefined {
  const generated = generateIntent({ ...size, seed });
  const intentDir = join(work, `intent-${size.label}`);
  writeIntent(generated, intentDir);
  let best: SizeResult | undefined;
  const finalDir = join(work, `out-${size.label}`);
  rmSync(finalDir, { recursive: true, force: true });
  for (let run = 1; run <= runs; run++) {
    const outDir = run === runs ? finalDir : join(work, `out-${size.label}-run${run}`);
    rmSync(outDir, { recursive: true, force: true });
    settleDisk();
    const started = performance.now();
    const child = spawnSync(process.execPath, [childScript, intentDir, outDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - started;
    const result = parseChild(child.stdout);
    if (child.status !== 0 || result?.status !== 0 || result.stderr !== '') {
      process.stderr.write(`clos bench: ${size.label} failed (exit ${String(child.status)}):\n${result?.stderr ?? ''}${child.stderr}\n`);
      return undefined;
    }
    const { files, bytes } = measureTree(outDir);
    // Removed at the end (see the header); with --keep only the last run stays.
    if (keep && run < runs) toRemove.push(outDir);
    const current: SizeResult = {
      label: size.label,
      stats: generated.stats,
      files,
      outputBytes: bytes,
      timings: result.timings,
      wallMs,
      cpuMs: result.cpuMs,
      maxRssKb: result.maxRssKb,
      runs,
    };
    process.stderr.write(`clos bench: ${size.label} run ${run}/${runs}: ${seconds(wallMs)}, peak RSS ${Math.round(result.maxRssKb / 1024)} MB\n`);
    if (best === undefined || current.wallMs < best.wallMs) best = current;
  }
  return best;
}

/** Writes back dirty pages before a run (see the header); a machine without `sync` skips it. */
function settleDisk(): void {
  spawnSync('sync', [], { stdio: 'ignore' });
}

function parseChild(stdout: string): ChildResult | undefined {
  const line = stdout.trim().split('\n').at(-1);
  if (line === undefined || line === '') return undefined;
  return JSON.parse(line) as ChildResult;
}

function timeQuickstart(work: string, runs: number): { median: number; best: number; runs: number } | undefined {
  const main = join(packageRoot(), 'dist', 'cli', 'main.js');
  const intent = join(packageRoot(), 'intent', 'examples', 'quickstart');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(work, 'out-quickstart');
    rmSync(out, { recursive: true, force: true });
    const started = performance.now();
    const child = spawnSync(process.execPath, [main, 'compile', intent, '-o', out], { encoding: 'utf8' });
    times.push(performance.now() - started);
    if (child.status !== 0) {
      process.stderr.write(`clos bench: the quickstart failed (exit ${String(child.status)}):\n${child.stderr}\n`);
      return undefined;
    }
    rmSync(out, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, best: times[0] ?? 0, runs };
}

function checkTargets(results: readonly SizeResult[], quickstartMs: number | undefined): string[] {
  const lines = ['Targets (issue 6, 2 cores):'];
  const mark = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const target = results.find((r) => benchSizes.find((s) => s.label === r.label)?.target === true);
  if (target !== undefined) {
    lines.push(`- ${target.label} full compile ≤ ${seconds(targets.totalMs)}: ${seconds(target.wallMs)} — ${mark(target.wallMs <= targets.totalMs)}`);
    lines.push(`- ${target.label} peak RSS ≤ 1.5 GB: ${(target.maxRssKb / 1024 / 1024).toFixed(2)} GiB (${Math.round((target.maxRssKb * 1024) / 1e6)} MB) — ${mark(target.maxRssKb * 1024 <= targets.rssBytes)}`);
    const verify = target.timings.verify;
    lines.push(`- ${target.label} verification ≤ ${seconds(targets.verifyMs)}: ${verify === undefined ? '— not measured: the verify stage did not run' : `${seconds(verify)} — ${mark(verify <= targets.verifyMs)}`}`);
    const doubled = results.find((r) => r.stats.spines === target.stats.spines && r.stats.leaves === 2 * target.stats.leaves);
    if (doubled !== undefined) {
      const ratio = doubled.wallMs / target.wallMs;
      lines.push(`- doubling the leaves (${target.label} → ${doubled.label}) ≤ ${targets.doublingRatio}× the time: ${ratio.toFixed(2)}× (output ${(doubled.outputBytes / target.outputBytes).toFixed(2)}×) — ${mark(ratio <= targets.doublingRatio)}`);
    }
  }
  if (quickstartMs !== undefined) lines.push(`- quickstart end to end < ${seconds(targets.quickstartMs)}: ${seconds(quickstartMs)} (median) — ${mark(quickstartMs < targets.quickstartMs)}`);
  return lines;
}

function writeIntent(generated: GeneratedIntent, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of generated.files) writeFileSync(join(dir, f.name), f.text);
}

function measureTree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!existsSync(dir)) return { files, bytes };
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files++;
        bytes += statSync(full).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function describeMachine(): Machine {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpu: (cpu[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load: loadavg()[0] ?? 0,
  };
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`clos bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
