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

  it('reports a program that runs past its timeout', async () => {
    const r = await runProcess('sleep', ['5'], { timeoutMs: 200 });
    expect(r.code).toBeNull();
    expect(r.error).toBe('timed out after 200 ms');
  });
});
