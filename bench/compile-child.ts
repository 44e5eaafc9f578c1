/**
 * One measured compile, in a process of its own so that its peak RSS and wall time are its own:
 * `node compile-child.js <intent> <out>` runs the `clos compile` command function (the one the CLI
 * runs, with its stage clock) and prints one JSON line: exit status, stage timings, peak RSS, CPU
 * time and whatever the command printed.
 */
import { runCompile } from '../cli/commands/compile.js';
import type { Io } from '../cli/io.js';
import { StageClock, type StageTimings } from '../compiler/stages.js';

export interface ChildResult {
  readonly status: number;
  readonly timings: StageTimings;
  /** Time from this process's start to the end of the compile, as the process saw it. */
  readonly processMs: number;
  readonly maxRssKb: number;
  readonly cpuMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function main(argv: readonly string[]): Promise<void> {
  const [intent, out] = argv;
  if (intent === undefined || out === undefined) throw new Error('usage: compile-child <intent> <out>');
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    env: process.env,
    cwd: process.cwd(),
  };
  const clock = new StageClock();
  const status = await runCompile(io, intent, { output: out, json: false, progress: 'never', clock });
  const usage = process.resourceUsage();
  const result: ChildResult = {
    status,
    timings: clock.timings(),
    processMs: performance.now(),
    maxRssKb: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    stdout,
    stderr,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main(process.argv.slice(2));
