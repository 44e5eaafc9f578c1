/**
 * Progress of a long compile, on stderr only, so it never mixes with results (stdout, JSON) or
 * golden output. `auto` shows it on a terminal once a run has taken more than a second, as one
 * status line rewritten in place and erased at the end; `--progress` prints a plain line per
 * stage wherever stderr goes, and in runs over a second a line a second on the devices written.
 */
import type { Stream } from './io.js';
import { pipelineStages, type PipelineStage, type StageListener } from '../compiler/stages.js';

export type ProgressMode = 'auto' | 'always' | 'never';

/** Runs shorter than this print nothing in `auto` mode. */
const quietMs = 1000;
/** Least time between two updates of the status line. */
const repaintMs = 100;
/** From render on, stages are pipelined (each device is rendered, then written). */
const streamed = pipelineStages.indexOf('render');

export class Progress implements StageListener {
  private readonly start: number;
  private lastPaint = 0;
  private painted = false;
  private lastLine = 0;
  /** Each stage's time so far, and which stages have had their line. */
  private readonly times = new Map<PipelineStage, number>();
  private readonly reported = new Set<PipelineStage>();

  constructor(
    private readonly stderr: Stream,
    private readonly mode: ProgressMode,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  /** Whether a mode prints anything on this stream. */
  static enabled(mode: ProgressMode, stderr: Stream): boolean {
    return mode === 'always' || (mode === 'auto' && stderr.isTTY);
  }

  stageStarted(stage: PipelineStage): void {
    this.report(Math.min(pipelineStages.indexOf(stage), streamed));
    this.status(`${stage}…`);
  }

  stageFinished(stage: PipelineStage, ms: number): void {
    this.times.set(stage, ms);
  }

  /** Devices whose files are rendered and written so far. */
  devices(done: number, total: number): void {
    if (this.mode === 'always') {
      const t = this.now();
      if (done < total && t - this.start >= quietMs && t - this.lastLine >= quietMs) {
        this.lastLine = t;
        this.line(`rendered and wrote ${done} of ${total} devices`);
      }
      return;
    }
    this.status(`rendering and writing: ${done}/${total} devices`);
  }

  /** Reports the stages not reported yet and erases the status line, if one is shown. */
  finish(): void {
    this.report(pipelineStages.length);
    if (this.painted) this.stderr.write('\r\x1b[2K');
    this.painted = false;
  }

  /**
   * `always`: one line for each stage before pipeline position `upTo` that has run and has not
   * had its line. A stage that runs in several pieces (load reads, then parses, then validates)
   * gets one line, once a later stage starts; render and write alternate per device until the
   * end, so theirs come last.
   */
  private report(upTo: number): void {
    if (this.mode !== 'always') return;
    for (const stage of pipelineStages.slice(0, upTo)) {
      const ms = this.times.get(stage);
      if (ms === undefined || this.reported.has(stage)) continue;
      this.reported.add(stage);
      this.line(`${stage} ${seconds(ms)}`);
    }
  }

  private status(text: string): void {
    if (this.mode !== 'auto') return;
    const t = this.now();
    if (t - this.start < quietMs || t - this.lastPaint < repaintMs) return;
    this.lastPaint = t;
    this.painted = true;
    this.stderr.write(`\r\x1b[2Kclos: ${text} (${seconds(t - this.start)})`);
  }

  private line(text: string): void {
    this.stderr.write(`clos: ${text} (total ${seconds(this.now() - this.start)})\n`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
