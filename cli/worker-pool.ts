/**
 * Compiles a large intent on every core: worker threads (compile-worker.ts) parse part of the
 * intent's files while this thread parses the rest, and later render and write devices alongside
 * this thread, taking them from one shared counter (worker-protocol.ts). Measured reason
 * (bench/PROFILE.md): parsing, rendering and writing are most of a thousand-leaf compile, and
 * they split cleanly by file and by device.
 *
 * The workers start before the intent is read, so their start-up is hidden. They get the resolved
 * fabric before this thread builds the device models, build their own share from it and begin
 * rendering at once, into the pending output's temporary directory. Nothing is committed before
 * this thread has finished its own stages and every worker has reported; on any failure the
 * temporary directory is removed, as without workers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O } from '../compiler/diagnostics/catalogue/index.js';
import type { IntentSource } from '../compiler/load/load-intent.js';
import { parseAhead, receivePortable, type ParsedAhead } from '../compiler/load/parsed-files.js';
import type { YamlLimits } from '../compiler/load/parse-yaml.js';
import type { ManifestBuilder } from '../compiler/render/manifest.js';
import type { PlatformTemplates, Renderer } from '../compiler/render/render.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import type { StageClock } from '../compiler/stages.js';
import { writeOutputFile, writeFailure, type PendingOutput } from './output-dir.js';
import { sharedSlots, slot, type ParseReply, type RenderReply, type WorkerReply, type WorkerRequest } from './worker-protocol.js';

const defaultScript = new URL('./compile-worker.js', import.meta.url);

/**
 * Young-generation size of a worker, in MB. Rendering allocates fast and briefly (template parts,
 * strings to hash and write); Node's default (16 MB semi-spaces) scavenges about every 10 ms and
 * promotes text that dies a moment later.
 */
const workerYoungGenerationMb = 96;

/** This thread also turns the workers' parses into values: give it a little less to parse. */
const mainThreadParseWeight = 1.15;

export interface PoolOutcome {
  readonly files: number;
  readonly failure: Diagnostic | undefined;
}

/** One worker and the replies it owes, in request order. */
class CompileWorker {
  private readonly waiting: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }[] = [];
  private failed: Error | undefined;

  constructor(readonly thread: Worker) {
    thread.on('message', (reply: WorkerReply) => {
      this.waiting.shift()?.resolve(reply);
    });
    thread.on('error', (e) => {
      this.fail(e);
    });
    thread.on('exit', (code) => {
      this.fail(new Error(`a compile worker stopped (exit code ${code})`));
    });
  }

  request(message: WorkerRequest): Promise<WorkerReply> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.thread.postMessage(message);
    });
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}

export class WorkerPool {
  private readonly shared = new SharedArrayBuffer(sharedSlots * Int32Array.BYTES_PER_ELEMENT);
  private readonly counter = new Int32Array(this.shared);
  private rendering: Promise<WorkerReply>[] | undefined;

  private constructor(private readonly workers: readonly CompileWorker[]) {}

  /** Starts `count` workers; undefined when there are none to start or the worker script is not built (running from sources). */
  static start(count: number, script: URL = defaultScript): WorkerPool | undefined {
    if (count < 1 || !existsSync(fileURLToPath(script))) return undefined;
    return new WorkerPool(
      Array.from({ length: count }, () => new CompileWorker(new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb } }))),
    );
  }

  /**
   * Parses the files on every thread, largest first to the least loaded; returns them ready for
   * the load stage (handOver). Parsing is timed as load.
   */
  async parse(sources: readonly IntentSource[], limits: YamlLimits, clock: StageClock): Promise<Map<string, ParsedAhead>> {
    const shares: IntentSource[][] = [[], ...this.workers.map(() => [])];
    const loads = shares.map(() => 0);
    for (const source of [...sources].sort((a, b) => b.text.length - a.text.length || (a.name < b.name ? -1 : 1))) {
      let least = 0;
      for (let i = 1; i < loads.length; i++) if ((loads[i] ?? 0) < (loads[least] ?? 0)) least = i;
      shares[least]?.push(source);
      loads[least] = (loads[least] ?? 0) + source.text.length * (least === 0 ? mainThreadParseWeight : 1);
    }
    const replies = this.workers.map((w, i) => {
      const files = shares[i + 1] ?? [];
      return files.length === 0 ? Promise.resolve<ParseReply>({ kind: 'parsed', results: [] }) : (w.request({ kind: 'parse', files, limits }) as Promise<ParseReply>);
    });
    const parsed = new Map<string, ParsedAhead>();
    clock.time('load', () => {
      for (const s of shares[0] ?? []) parsed.set(s.name, parseAhead(s.name, s.text, limits));
    });
    const answers = await clock.timeAsync('load', () => Promise.all(replies));
    clock.time('load', () => {
      answers.forEach((answer, w) => {
        const files = shares[w + 1] ?? [];
        files.forEach((s, i) => {
          const portable = answer.results[i];
          parsed.set(s.name, portable === undefined ? parseAhead(s.name, s.text, limits) : receivePortable(portable, s.text));
        });
      });
    });
    return parsed;
  }

  /** Hands the workers the resolved fabric: they start building, rendering and writing devices now. */
  beginRender(fabric: FabricModel, templates: readonly PlatformTemplates[], pending: PendingOutput, deviceCount: number): void {
    // Building devices does not read provenance: do not copy it to the workers.
    const request: WorkerRequest = { kind: 'render', fabric: { ...fabric, provenance: new Map() }, templates, tmp: pending.tmp, deviceCount, shared: this.shared };
    this.rendering = this.workers.map((w) => w.request(request));
    for (const r of this.rendering) r.catch(() => undefined); // observed in finishRender
  }

  /**
   * Renders and writes devices on this thread too, until none are left, then waits for the
   * workers and adds their files to the manifest. `devices` must be the models of the fabric
   * given to beginRender, in the same order.
   */
  async finishRender(
    devices: readonly DeviceModel[],
    renderer: Renderer,
    pending: PendingOutput,
    manifest: ManifestBuilder,
    clock: StageClock,
    onDevice: (done: number) => void,
  ): Promise<PoolOutcome> {
    const rendering = this.rendering;
    if (rendering === undefined) throw new Error('internal error: finishRender before beginRender');
    let files = 0;
    let failure: Diagnostic | undefined;
    const made = new Set<string>();
    try {
      try {
        for (;;) {
          const i = Atomics.add(this.counter, slot.next, 1);
          const device = devices[i];
          if (device === undefined) break;
          const rendered = clock.time('render', () => {
            const out = renderer.render(device);
            for (const f of out) manifest.add(f);
            return out;
          });
          clock.time('write', () => {
            for (const f of rendered) writeOutputFile(pending.tmp, f, made);
          });
          files += rendered.length;
          onDevice(Atomics.add(this.counter, slot.done, 1) + 1);
        }
      } catch (e) {
        Atomics.store(this.counter, slot.stop, 1);
        failure = writeFailure(pending.shown, e); // rethrows anything but a file-system error
      }
      // Waiting for the workers' last devices: charged to render, the stage they are in.
      const replies = (await clock.timeAsync('render', () => Promise.all(rendering))) as RenderReply[];
      for (const r of replies) {
        if (r.kind === 'error') {
          if (!r.fileSystem) throw new Error(`${r.message} (in a compile worker)${r.stack === undefined ? '' : `\n${r.stack}`}`);
          failure ??= createDiagnostic(O.writeFailed, {}, pending.shown, r.message);
          continue;
        }
        for (const [path, hash] of r.hashes) manifest.addHash(path, hash);
        files += r.hashes.length;
      }
    } finally {
      await this.stop();
    }
    return { files, failure };
  }

  /** Stops the workers (done, or the compile failed before they finished). */
  async stop(): Promise<void> {
    Atomics.store(this.counter, slot.stop, 1);
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
}
