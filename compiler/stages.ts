/**
 * The stages of `clos compile`, in pipeline order, and a clock that times them. The CLI and the
 * benchmark run the same compile function with a StageClock; the benchmark prints one column per
 * entry of `pipelineStages`, and a stage that did not run in a build shows as absent, never as 0.
 *
 * Adding a stage (the verifier, for one) means naming it here, in pipeline order, and wrapping
 * its call in `clock.time('<stage>', …)` where the compile function runs it; nothing else.
 *
 * Time is exclusive: a stage started while another runs pauses the outer one, so stages that are
 * pipelined (render hands each device's files to write as they are made) are still charged
 * separately, and the stage times add up to the compile's time.
 */

/** Every stage of the compile pipeline, in order. */
export const pipelineStages = ['load', 'resolve', 'build', 'verify', 'render', 'write'] as const;

export type PipelineStage = (typeof pipelineStages)[number];

/** Milliseconds spent in each stage that ran; stages that did not run are absent. */
export type StageTimings = Readonly<Partial<Record<PipelineStage, number>>>;

/** Told when a stage is entered and left (progress reporting). */
export interface StageListener {
  stageStarted?(stage: PipelineStage): void;
  /** `ms` is the stage's exclusive time so far, summed over every time it ran. */
  stageFinished?(stage: PipelineStage, ms: number): void;
}

export class StageClock {
  private readonly totals = new Map<PipelineStage, number>();
  private readonly running: PipelineStage[] = [];
  private readonly listeners: StageListener[] = [];
  private mark: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.mark = now();
  }

  listen(listener: StageListener): void {
    this.listeners.push(listener);
  }

  /** Runs `fn` as (part of) `stage`. */
  time<T>(stage: PipelineStage, fn: () => T): T {
    this.charge();
    this.running.push(stage);
    for (const l of this.listeners) l.stageStarted?.(stage);
    try {
      return fn();
    } finally {
      this.charge();
      this.running.pop();
      const ms = this.totals.get(stage) ?? 0;
      for (const l of this.listeners) l.stageFinished?.(stage, ms);
    }
  }

  /** Awaits `fn` as (part of) `stage`; no other stage may be timed until it settles. */
  async timeAsync<T>(stage: PipelineStage, fn: () => Promise<T>): Promise<T> {
    this.charge();
    this.running.push(stage);
    for (const l of this.listeners) l.stageStarted?.(stage);
    try {
      return await fn();
    } finally {
      this.charge();
      this.running.pop();
      const ms = this.totals.get(stage) ?? 0;
      for (const l of this.listeners) l.stageFinished?.(stage, ms);
    }
  }

  /** Time of each stage that ran, in pipeline order. */
  timings(): StageTimings {
    const out: Partial<Record<PipelineStage, number>> = {};
    for (const stage of pipelineStages) {
      const ms = this.totals.get(stage);
      if (ms !== undefined) out[stage] = ms;
    }
    return out;
  }

  /** Charges the time since the last mark to the innermost running stage. */
  private charge(): void {
    const t = this.now();
    const stage = this.running.at(-1);
    if (stage !== undefined) this.totals.set(stage, (this.totals.get(stage) ?? 0) + (t - this.mark));
    this.mark = t;
  }
}
