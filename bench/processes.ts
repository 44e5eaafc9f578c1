/**
 * Times the shipped `clos` executable (dist/clos.cjs, the bundle) as a user runs it, one process per
 * run: wall time from spawn to exit, measured here, and the process's own CPU time and peak RSS,
 * which a preloaded hook (`node --require`) writes when the process exits. Each figure is the median
 * and the best of its runs: on a shared machine the best says what the code can do, the median what
 * a user saw.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/package-root.js';
import { pipelineStages, type PipelineStage, type StageTimings } from '../compiler/stages.js';

export interface ProcessFigures {
  readonly runs: number;
  readonly medianMs: number;
  readonly bestMs: number;
  /** Median CPU time (user + system) of the runs. */
  readonly cpuMs: number;
  /** The largest peak RSS of the runs. */
  readonly maxRssKb: number;
  /** What the last run printed on stdout. */
  readonly stdout: string;
  /** What the last run printed on stderr. */
  readonly stderr: string;
}

export interface TimedCommand {
  /** The executable and its arguments (`process.execPath` and the bundle for clos). */
  readonly argv: readonly string[];
  readonly runs: number;
  readonly cwd?: string;
  /** Runs before each timed run, untimed (a change to the intent, removing an output). */
  readonly before?: (run: number) => void;
  /** Whether the process is Node and takes the hook (npx does not pass --require on). */
  readonly hook: boolean;
}

export const bundledClos = (): string => join(packageRoot(), 'dist', 'clos.cjs');

/** Runs a command `runs` times; a description of the failure when one run fails. */
export function timeProcess(command: TimedCommand, work: string): ProcessFigures | { error: string } {
  const hook = join(work, 'rusage-hook.cjs');
  const usage = join(work, 'rusage.json');
  if (!existsSync(hook)) {
    writeFileSync(
      hook,
      "process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.CLOS_BENCH_RUSAGE, JSON.stringify({ rss: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1000 })); });\n",
    );
  }
  const walls: number[] = [];
  const cpus: number[] = [];
  let maxRssKb = 0;
  let stdout = '';
  let stderr = '';
  for (let run = 0; run < command.runs; run++) {
    command.before?.(run);
    rmSync(usage, { force: true });
    const [exe, ...args] = command.argv;
    if (exe === undefined) return { error: 'no command' };
    const node = command.hook ? ['--require', hook] : [];
    const started = performance.now();
    const child = spawnSync(exe, [...node, ...args], {
      encoding: 'utf8',
      cwd: command.cwd ?? packageRoot(),
      env: { ...process.env, CLOS_BENCH_RUSAGE: usage, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    walls.push(performance.now() - started);
    if (child.status !== 0) return { error: `${command.argv.join(' ')} exited with ${String(child.status)}: ${child.stderr.slice(0, 2000)}` };
    stdout = child.stdout;
    stderr = child.stderr;
    if (command.hook && existsSync(usage)) {
      const u = JSON.parse(readFileSync(usage, 'utf8')) as { rss: number; cpu: number };
      cpus.push(u.cpu);
      maxRssKb = Math.max(maxRssKb, u.rss);
    }
  }
  return { runs: command.runs, medianMs: median(walls), bestMs: Math.min(...walls), cpuMs: cpus.length === 0 ? Number.NaN : median(cpus), maxRssKb, stdout, stderr };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * One network of a generated intent (one placed on a pod's leaves, as most are) whose VLAN the
 * per-change loop toggles between its own and an unused one: each run is a one-network change from
 * the build the run before wrote.
 */
export function networkToggle(intentDir: string, files: readonly { name: string; text: string }[]): ((run: number) => void) | undefined {
  const network = /name: [\w-]+, vlan: (\d+),.*leaves: \[tag:pod-/;
  const file = files.find((f) => network.test(f.text));
  const match = file === undefined ? undefined : network.exec(file.text);
  const vlan = match?.[1];
  if (file === undefined || match === undefined || match === null || vlan === undefined) return undefined;
  const unused = Array.from({ length: 4000 }, (_, i) => i + 10).find((v) => !files.some((f) => f.text.includes(`vlan: ${v}`)));
  if (unused === undefined) return undefined;
  const changed = file.text.replace(match[0], match[0].replace(`vlan: ${vlan},`, `vlan: ${unused},`));
  return (run) => { writeFileSync(join(intentDir, file.name), run % 2 === 0 ? changed : file.text); };
}

/** Each stage's time from `clos compile --progress`'s lines on stderr (`clos: build 1.21 s (total 2.07 s)`). */
export function progressTimings(stderr: string): StageTimings {
  const timings: Partial<Record<PipelineStage, number>> = {};
  for (const m of stderr.matchAll(/^clos: (\w+) (\d+(?:\.\d+)?) s \(total/gm)) {
    const stage = pipelineStages.find((s) => s === m[1]);
    if (stage !== undefined) timings[stage] = Number(m[2]) * 1000;
  }
  return timings;
}
