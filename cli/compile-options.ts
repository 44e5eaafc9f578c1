/** The options of `clos compile` and `clos check`, for a fabric (commands/compile.ts) and a region (commands/region-compile.ts). */
import type { Platform } from '../compiler/build/device-model.js';
import type { StageClock } from '../compiler/stages.js';
import type { ProgressMode } from './progress.js';

export interface CompileCommandOptions {
  readonly output?: string | undefined;
  readonly platform?: Platform | undefined;
  readonly json: boolean;
  /** Stage progress on stderr: `auto` on a terminal for runs over a second (default). */
  readonly progress?: ProgressMode | undefined;
  /** Times every stage; the benchmark passes one and reads it after the run. */
  readonly clock?: StageClock | undefined;
  /** Threads that render and write (`--jobs`); default one per CPU core. */
  readonly jobs?: number | undefined;
  /** Compare the output directory with the compiled intent instead of writing it. */
  readonly check?: boolean | undefined;
  /** Run the verifier first (default); nothing is written when it finds errors. */
  readonly verify?: boolean | undefined;
}

/** Intents smaller than this render on one thread: starting workers would cost more than it saves. */
export const parallelIntentChars = 256 * 1024;
