/**
 * The kernel trouble a lab VM's console reports: which printk lines count, and how a watch
 * reports the lines a console gains while a request runs.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTrouble, troubleLinesShown, watchConsole } from './console-watch.js';

const scratch = mkdtempSync(join(tmpdir(), 'clos-console-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

// Lines as Linux 6.1 prints them (the soft lockup as the lab VM printed it, stop 38).
const softLockup = '[  412.081312] watchdog: BUG: soft lockup - CPU#1 stuck for 190s! [ksoftirqd/1:22]';
const rcuStall = '[  300.120001] rcu: INFO: rcu_preempt self-detected stall on CPU';
const hungTask = '[  605.000001] INFO: task zebra:1234 blocked for more than 120 seconds.';
const panic = '[  700.000000] Kernel panic - not syncing: Fatal exception in interrupt';
const oom = '[  800.000000] Out of memory: Killed process 4321 (bgpd) total-vm:1048576kB';
const agent = 'clos-vm: agent listening on 10.0.2.15:7000';
const link = '[   12.000000] br100: port 1(vxlan100) entered forwarding state';

describe('kernel trouble on the console', () => {
  it('keeps lockups, stalls, hung tasks, panics and the OOM killer, and nothing else', () => {
    const text = [agent, softLockup, link, rcuStall, hungTask, `${panic}\r`, oom, ''].join('\n');
    expect(kernelTrouble(text)).toEqual([softLockup, rcuStall, hungTask, panic, oom]);
    expect(kernelTrouble([agent, link, 'clos-vm: agent exited'].join('\n'))).toEqual([]);
  });
});

describe('watching a console', () => {
  it('reports only the whole lines gained since the watch began', () => {
    const file = join(scratch, 'gained.log');
    writeFileSync(file, `${softLockup}\n${agent}\n`);
    const seen: string[] = [];
    const w = watchConsole(file, (l) => seen.push(l), 60_000);
    w.poll();
    expect(seen).toEqual([]);
    appendFileSync(file, `${link}\n${rcuStall}\n[  1.0] watchdog: BUG: soft lo`);
    w.poll();
    expect(seen).toEqual([rcuStall]);
    appendFileSync(file, 'ckup - CPU#0 stuck for 22s! [swapper/0:0]\n');
    w.stop();
    expect(seen).toEqual([rcuStall, '[  1.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [swapper/0:0]']);
  });

  it(`copies at most ${troubleLinesShown} lines and then says how many more the console holds`, () => {
    const file = join(scratch, 'many.log');
    writeFileSync(file, '');
    const seen: string[] = [];
    const w = watchConsole(file, (l) => seen.push(l), 60_000);
    appendFileSync(file, Array.from({ length: troubleLinesShown + 3 }, (_, i) => `[ ${i}.0] watchdog: BUG: soft lockup - CPU#1 stuck for ${22 + i}s!`).join('\n') + '\n');
    w.stop();
    expect(seen).toHaveLength(troubleLinesShown + 1);
    expect(seen[troubleLinesShown - 1]).toContain(`stuck for ${22 + troubleLinesShown - 1}s`);
    expect(seen[troubleLinesShown]).toBe('(3 more such lines in the console log)');
  });

  it('waits for a console that does not exist yet', () => {
    const file = join(scratch, 'later.log');
    const seen: string[] = [];
    const w = watchConsole(file, (l) => seen.push(l), 60_000);
    w.poll();
    writeFileSync(file, `${panic}\n`);
    w.stop();
    expect(seen).toEqual([panic]);
  });
});
