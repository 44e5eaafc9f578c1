/**
 * Running programs for the lab: `ip`, `sh`, FRR daemons, `vtysh`, `ping`. Every call has a timeout
 * and returns its status and output instead of throwing, so callers decide what a failure means.
 * `Runner` is an interface so the orchestration can be driven by a fake in unit tests.
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  /** Exit status; null when the program was killed (timeout) or could not start. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not start or ran past its timeout. */
  readonly error?: string;
}

export interface RunOptions {
  /** Written to the program's standard input. */
  readonly input?: string;
  /** Milliseconds before the program is killed; default 30 s. */
  readonly timeoutMs?: number;
  readonly env?: Readonly<Record<string, string>>;
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** How long output may still arrive after a program exits before its pipes are abandoned. */
const exitGraceMs = 500;

/** Runs a program without a shell (arguments are never interpreted). */
export const runProcess: Runner = (command, args, options = {}) =>
  new Promise((resolvePromise) => {
    const child = spawn(command, [...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env === undefined ? process.env : { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    let error: string | undefined;
    let settled = false;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      error = `timed out after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    // Counts output as it arrives, for the wait after the program exits (below).
    let received = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      received++;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      received++;
    });
    const finish = (code: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(error === undefined ? { code, stdout, stderr } : { code: null, stdout, stderr, error });
    };
    child.on('error', (e) => {
      error = e.message;
      finish(null);
    });
    child.on('close', (code) => {
      finish(code);
    });
    // A daemon the program started may keep its output pipes open (FRR 10's daemons do after -d),
    // so 'close' may never come: a short while after the program itself exits, stop waiting, but
    // only once the pipes have been polled and found quiet. The grace timer alone could run out
    // before the loop had polled them at all: libuv handles a batch of events' signals after its
    // other events, and one SIGCHLD reaps every program that has exited by then, so a program that
    // wrote its last output and exited while the batch was being handled is reported as exited
    // with that output not yet read; anything busy after its exit (another program's exit, a large
    // answer parsed) then outlasts the grace, and the loop's next turn runs due timers before it
    // polls. That cut the end off `bridge -j fdb show` in the lab's VM (exec.test.ts drives it step
    // by step). A setImmediate callback runs after the poll of the turn its timer ran in.
    child.on('exit', (code) => {
      const wait = (): void => {
        setTimeout(() => {
          const before = received;
          setImmediate(() => {
            if (settled) return;
            // Output came in that poll: wait again (unless the run is out of time).
            if (received !== before && error === undefined) {
              wait();
              return;
            }
            child.stdout.destroy();
            child.stderr.destroy();
            finish(code);
          });
        }, exitGraceMs).unref();
      };
      wait();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });

/** One line saying why a run failed, for messages. */
export function describeFailure(command: string, result: RunResult): string {
  const output = `${result.stderr}${result.stdout}`.trim().split('\n').filter((l) => l.trim() !== '');
  const tail = output.slice(-3).join(' | ');
  const status = result.error ?? `exit status ${String(result.code)}`;
  return `${command}: ${status}${tail === '' ? '' : `: ${tail}`}`;
}

/**
 * Maps over items with at most `limit` running at once, keeping order. The lab's parallelism is
 * bounded by this, so a 2-core machine is never asked to start hundreds of processes at once.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Quotes a word for `sh -c`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
