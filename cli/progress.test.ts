import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { StageClock } from '../compiler/stages.js';
import { memoryIo } from './io.js';
import { Progress } from './progress.js';
import { run } from './run.js';

const quickstart = join(import.meta.dirname, '..', 'intent', 'examples', 'quickstart');

function fakeTime(): { now: () => number; advance: (ms: number) => number } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('Progress', () => {
  it('prints nothing in auto mode when stderr is not a terminal', () => {
    const io = memoryIo({ tty: false });
    expect(Progress.enabled('auto', io.stderr)).toBe(false);
    expect(Progress.enabled('always', io.stderr)).toBe(true);
    expect(Progress.enabled('never', memoryIo({ tty: true }).stderr)).toBe(false);
  });

  it('prints one line per stage with --progress, the pipelined stages at the end', () => {
    const io = memoryIo();
    const time = fakeTime();
    const clock = new StageClock(time.now);
    const progress = new Progress(io.stderr, 'always', time.now);
    clock.listen(progress);
    clock.time('load', () => time.advance(100));
    clock.time('load', () => time.advance(20));
    clock.time('resolve', () => time.advance(300));
    clock.time('write', () => {
      for (let i = 1; i <= 4; i++) {
        clock.time('render', () => time.advance(300));
        time.advance(10);
        progress.devices(i, 4);
      }
    });
    progress.finish();
    expect(io.err()).toBe(
      [
        'clos: load 0.12 s (total 0.12 s)',
        'clos: resolve 0.30 s (total 0.42 s)',
        'clos: rendered and wrote 2 of 4 devices (total 1.04 s)',
        'clos: render 1.20 s (total 1.66 s)',
        'clos: write 0.04 s (total 1.66 s)',
        '',
      ].join('\n'),
    );
  });

  it('shows a status line on a terminal only after the first second, and erases it', () => {
    const io = memoryIo({ tty: true });
    const time = fakeTime();
    const clock = new StageClock(time.now);
    const progress = new Progress(io.stderr, 'auto', time.now);
    clock.listen(progress);
    clock.time('load', () => time.advance(500));
    expect(io.err()).toBe('');
    clock.time('resolve', () => time.advance(800));
    clock.time('build', () => time.advance(10));
    expect(io.err()).toContain('clos: build…');
    progress.finish();
    expect(io.err().endsWith('\r\x1b[2K')).toBe(true);
  });
});

describe('clos compile --progress', () => {
  it('reports stages on stderr and leaves stdout and JSON as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clos-progress-'));
    try {
      const plain = memoryIo();
      expect(await run(['compile', quickstart, '-o', join(dir, 'a'), '--json'], plain)).toBe(0);
      const withProgress = memoryIo();
      expect(await run(['compile', quickstart, '-o', join(dir, 'b'), '--json', '--progress'], withProgress)).toBe(0);
      expect(withProgress.out().replace(join(dir, 'b'), join(dir, 'a'))).toBe(plain.out());
      expect(plain.err()).toBe('');
      const lines = withProgress.err().trimEnd().split('\n');
      expect(lines.map((l) => l.replace(/ [\d.]+ s \(total [\d.]+ s\)$/, ''))).toEqual(['clos: load', 'clos: resolve', 'clos: build', 'clos: verify', 'clos: render', 'clos: write']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
