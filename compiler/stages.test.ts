import { describe, expect, it } from 'vitest';
import { pipelineStages, StageClock, type PipelineStage } from './stages.js';

/** A clock whose time moves only when the test says so. */
function fakeTime(): { now: () => number; advance: (ms: number) => number } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('StageClock', () => {
  it('lists the pipeline in order, verify between build and render', () => {
    expect(pipelineStages).toEqual(['load', 'resolve', 'build', 'verify', 'render', 'write']);
  });

  it('sums each stage over every time it runs, and leaves out stages that did not run', () => {
    const time = fakeTime();
    const clock = new StageClock(time.now);
    clock.time('load', () => time.advance(5));
    clock.time('resolve', () => time.advance(7));
    clock.time('load', () => time.advance(1));
    expect(clock.timings()).toEqual({ load: 6, resolve: 7 });
    expect('verify' in clock.timings()).toBe(false);
  });

  it('charges nested stages exclusively, so pipelined stages add up to the whole', () => {
    const time = fakeTime();
    const clock = new StageClock(time.now);
    clock.time('write', () => {
      for (let i = 0; i < 3; i++) {
        clock.time('render', () => time.advance(10));
        time.advance(2);
      }
    });
    expect(clock.timings()).toEqual({ render: 30, write: 6 });
  });

  it('returns the value and charges the time when the stage throws', () => {
    const time = fakeTime();
    const clock = new StageClock(time.now);
    expect(clock.time('build', () => 42)).toBe(42);
    expect(() =>
      clock.time('build', () => {
        time.advance(3);
        throw new Error('bug');
      }),
    ).toThrow('bug');
    expect(clock.timings()).toEqual({ build: 3 });
  });

  it('tells its listeners when stages start and finish', () => {
    const time = fakeTime();
    const clock = new StageClock(time.now);
    const events: string[] = [];
    clock.listen({
      stageStarted: (s: PipelineStage) => events.push(`start ${s}`),
      stageFinished: (s: PipelineStage, ms: number) => events.push(`end ${s} ${ms}`),
    });
    clock.time('load', () => time.advance(4));
    expect(events).toEqual(['start load', 'end load 4']);
  });
});
