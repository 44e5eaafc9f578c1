import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runProcess } from './exec.js';

describe('runProcess', () => {
  it('returns the status and output of a program', async () => {
    const r = await runProcess('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('returns when the program exits even if a daemon it started keeps its output pipes open (FRR 10 after -d)', async () => {
    const started = Date.now();
    const r = await runProcess('sh', ['-c', 'echo started; sleep 30 & exit 0'], { timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps output a program wrote before it exited, however busy the event loop was then', async () => {
    // What cut `bridge -j fdb show` short in the lab's VM, step by step. libuv handles the signals of
    // a batch of events last and reaps every child that has exited in one go:
    // 1. `first` is read; then a busy stretch (a timer) lets `noisy`'s output and `other`'s exit
    //    land in one batch;
    // 2. handling `noisy`'s output is busy too: meanwhile the program writes `second` and exits;
    // 3. the batch's signal reaps `other` and the program; the program's exit starts the grace
    //    timer; `other`'s exit, handled after it, is busy for longer than the grace;
    // 4. the next turn of the loop runs its due timers before it polls: the grace ran out with
    //    `second` still in the pipe. Each busy stretch stands for a poll of the lab parsing a large
    //    vtysh answer on a slow machine.
    const busy = (ms: number): void => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        // busy
      }
    };
    const noisy = spawn('sh', ['-c', 'sleep 0.2; printf x; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    noisy.stdout.once('data', () => { busy(1_000); });
    setTimeout(() => { busy(400); }, 100);
    const result = runProcess('sh', ['-c', 'printf first; sleep 0.6; printf second; exit 0']);
    const other = spawn('sleep', ['0.3'], { stdio: 'ignore' });
    other.on('exit', () => { busy(1_000); });
    try {
      expect(await result).toEqual({ code: 0, stdout: 'firstsecond', stderr: '' });
    } finally {
      noisy.kill();
    }
  });

  it('reports a program that runs past its timeout', async () => {
    const r = await runProcess('sleep', ['5'], { timeoutMs: 200 });
    expect(r.code).toBeNull();
    expect(r.error).toBe('timed out after 200 ms');
  });
});
