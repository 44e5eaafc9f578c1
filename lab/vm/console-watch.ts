/**
 * What the lab VM's kernel says about its own trouble. The guest boots with `quiet`, so its
 * console (`<state>/<lab>/vm/console.log`) holds the agent's lines and the kernel's warnings and
 * worse: a soft lockup, an RCU stall, a hung task, an oops, a panic, the OOM killer. A guest in
 * such trouble can stop answering without its QEMU exiting, and the request to its agent then
 * waits with no word of why (a `lab test` in CI once waited 35 minutes, QEMU at 194 % CPU). So a
 * request passed to the VM copies each such line to standard error as it appears, and the lab
 * tests print them before they take a lab down: the evidence outlives the VM's directory.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Kernel messages that say the guest is in trouble (printk's own wording, Linux 6.1 and later). */
const troublePatterns: readonly RegExp[] = [
  /\bsoft lockup\b/,
  /\bhard LOCKUP\b/,
  /\brcu: INFO: rcu_\w+ (self-)?detected stalls?\b/,
  /\bINFO: task \S+ blocked for more than \d+ seconds\b/,
  /\bKernel panic\b/,
  /\bBUG: /,
  /\bOops\b/,
  /\bgeneral protection fault\b/,
  /\bOut of memory: Killed process\b/,
];

/** The lines of a console text that report kernel trouble, in order. */
export function kernelTrouble(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, '').trim())
    .filter((l) => troublePatterns.some((p) => p.test(l)));
}

/** At most this many trouble lines are copied per request; a stuck CPU repeats itself. */
export const troubleLinesShown = 10;

export interface ConsoleWatch {
  /** Reads what the console gained since the last look and reports its trouble lines. */
  poll(): void;
  /** Polls once more and stops the timer. */
  stop(): void;
}

/**
 * Watches a console log from its current end: every `intervalMs`, the whole lines it gained that
 * report kernel trouble go to `report` (the first `troubleLinesShown`, then one line saying how
 * many more). A console that does not exist yet, or cannot be read, is looked at again later.
 */
export function watchConsole(path: string, report: (line: string) => void, intervalMs = 5000): ConsoleWatch {
  let offset = sizeOf(path);
  let partial = '';
  let shown = 0;
  let suppressed = 0;
  const poll = (): void => {
    const gained = readFrom(path, offset);
    if (gained === undefined) return;
    offset += gained.length;
    const text = partial + gained.toString('utf8');
    const end = text.lastIndexOf('\n');
    partial = end < 0 ? text : text.slice(end + 1);
    for (const line of kernelTrouble(end < 0 ? '' : text.slice(0, end))) {
      if (shown < troubleLinesShown) {
        shown++;
        report(line);
      } else {
        suppressed++;
      }
    }
  };
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return {
    poll,
    stop: () => {
      clearInterval(timer);
      poll();
      if (suppressed > 0) report(`(${suppressed} more such line${suppressed === 1 ? '' : 's'} in the console log)`);
      suppressed = 0;
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The bytes of the file from `offset` to its end; undefined when it cannot be read. */
function readFrom(path: string, offset: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    let at = offset;
    for (;;) {
      const chunk = Buffer.alloc(65536);
      const n = readSync(fd, chunk, 0, chunk.length, at);
      if (n <= 0) break;
      chunks.push(chunk.subarray(0, n));
      at += n;
    }
    return Buffer.concat(chunks);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
