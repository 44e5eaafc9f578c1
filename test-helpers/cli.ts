/** Running the CLI in this process for tests: `run(argv, io)` on an in-memory Io, colours off. */
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/run.js';

export interface CliRun {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

/** `clos <argv>` run in `cwd` (undefined: this process's), with NO_COLOR; its exit status, stdout and stderr. */
export async function closIn(cwd: string | undefined, ...argv: string[]): Promise<CliRun> {
  const io = memoryIo({ ...(cwd === undefined ? {} : { cwd }), env: { NO_COLOR: '1' } });
  const status = await run(argv, io);
  return { status, out: io.out(), err: io.err() };
}

/** `clos <argv>` in this process's directory. */
export function clos(...argv: string[]): Promise<CliRun> {
  return closIn(undefined, ...argv);
}
