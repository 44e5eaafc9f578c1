/**
 * The costly half of `clos verify <build dir>`'s rendered-files check, on every core: each
 * device's model.json rendered again with this version's templates, and each of its files as found
 * compared with the rendering (verify/rendered-files.ts compareDevice). Measured reason
 * (bench/PROFILE.md, round 5): on a thousand-leaf build it was two thirds of a 12.7 s verify,
 * single-threaded, after the model checks.
 *
 * Worker threads (the render workers' script, render-worker.ts, given a `check-build` job) start
 * as soon as the device names are known, while this thread reads and parses the models for the
 * other checks: each worker takes the next device from one shared counter, reads and parses its
 * model.json, renders and compares. Once the model checks are done this thread takes devices from
 * the same counter too, rendering the models it has already parsed. Every device with a model gets
 * a comparison whatever happens to a worker: one a worker did not report (it failed, or read the
 * model differently because the file changed meanwhile) is compared again here, from this thread's
 * model, so a finding can never be lost with a worker; and which thread compared a device changes
 * nothing in the findings, which are sorted. (A worker reads model.json again: a file changed
 * between the two reads is compared as the worker read it, as a file read on demand always was.)
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { Renderer, type ChunkedFile, type PlatformTemplates } from '../compiler/render/render.js';
import { readCheckedModel } from '../verify/read-model.js';
import { compareDevice } from '../verify/rendered-files.js';
import type { DeviceComparison } from '../verify/types.js';
import { renderWorkerScript, type RenderWorkerScript } from './render-worker-script.js';
import { allPlatforms, createRenderer, loadPlatformTemplates } from './templates.js';
import { startLargeRunWorkers } from './large-run.js';

/** Devices from which `clos verify <dir>` starts workers by default: below, starting them costs more than they save. */
export const parallelDevices = 32;

/** Int32 slots of the shared counter. */
const slot = { next: 0, stop: 1 } as const;

/** What a worker is asked (render-worker.ts tells it from a RenderJob by its kind). */
export interface BuildCheckJob {
  readonly kind: 'check-build';
  /** The build directory, absolute. */
  readonly dir: string;
  /** Device names, numbered as the shared counter counts them. */
  readonly devices: readonly string[];
  readonly templates: readonly PlatformTemplates[];
  readonly shared: SharedArrayBuffer;
}

export type BuildCheckResult = { readonly kind: 'checked'; readonly compared: readonly DeviceComparison[] } | { readonly kind: 'error'; readonly message: string };

export function isBuildCheckJob(job: unknown): job is BuildCheckJob {
  return job !== null && typeof job === 'object' && (job as { kind?: unknown }).kind === 'check-build';
}

/** The files a device model renders to; throws when this version has no templates for its platform. */
export function renderModel(renderer: Renderer, model: DeviceModel): ChunkedFile[] {
  if (!renderer.platforms().includes(model.platform)) throw new Error(`this version of clos has no templates for platform '${model.platform}'`);
  return renderer.renderChunks(model);
}

/** One device rendered and compared with its files in `dir`. */
export function compareOnDisk(dir: string, renderer: Renderer, model: DeviceModel, reader: FileReader): DeviceComparison {
  return compareDevice(
    model.name,
    () => renderModel(renderer, model),
    (path) => reader.read(join(dir, path)),
  );
}

/** A file's bytes; undefined when it cannot be read (absent, a directory, removed meanwhile). */
export function readBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Reads files into one buffer, reused: each file's bytes are valid until the next read. Measured
 * reason: a thousand-leaf build is 517 MB of files, and a new buffer for each file (off the V8
 * heap, but counted by it) had the collector run every few devices — on the main thread, over a
 * heap holding every model.
 */
export class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 20);

  read(file: string): Uint8Array | undefined {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const larger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(larger, 0, 0, length);
          this.buffer = larger;
        }
        const n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      return this.buffer.subarray(0, length);
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}

/** The shipped templates of every platform this version has. */
export function shippedTemplates(): PlatformTemplates[] {
  return allPlatforms.flatMap((p) => loadPlatformTemplates(p) ?? []);
}

export class BuildComparer {
  private readonly shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  private readonly counter = new Int32Array(this.shared);
  private readonly results: Promise<BuildCheckResult | undefined>[];

  private constructor(
    readonly dir: string,
    private readonly names: readonly string[],
    private readonly workers: readonly Worker[],
  ) {
    this.results = workers.map(
      (w) =>
        new Promise<BuildCheckResult | undefined>((resolve) => {
          // A worker that fails or stops has compared nothing this thread can use: its devices are
          // compared here instead (finish).
          w.once('message', resolve);
          w.once('error', () => {
            resolve(undefined);
          });
          w.once('exit', () => {
            resolve(undefined);
          });
        }),
    );
    if (workers.length === 0) return;
    const job: BuildCheckJob = { kind: 'check-build', dir, devices: names, templates: shippedTemplates(), shared: this.shared };
    for (const w of workers) {
      w.postMessage(job);
      // Until finish() waits for them, the workers do not keep the process alive: a verify that
      // stops early (a model that does not read) exits without them.
      w.unref();
    }
  }

  /**
   * Starts comparing the devices of the build directory `dir` (absolute) on `workers` threads, or
   * on none (this thread compares every device in finish()) when there are none to start or the
   * worker script is not built (running from sources).
   */
  static start(dir: string, names: readonly string[], workers: number, script: RenderWorkerScript = renderWorkerScript()): BuildComparer {
    const count = workers >= 1 && existsSync(fileURLToPath(script.url)) ? Math.min(workers, names.length) : 0;
    if (count === 0) return new BuildComparer(dir, names, []);
    // `clos verify <intent>` and small builds start no threads, and load nothing for them.
    return new BuildComparer(dir, names, startLargeRunWorkers(script, count));
  }

  /** How many worker threads compare devices. */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * Compares the devices no worker has taken on this thread, from `models` (parsed from the same
   * directory), then waits for the workers: one comparison per model, in the order of `models`.
   */
  async finish(models: readonly DeviceModel[]): Promise<DeviceComparison[]> {
    const byName = new Map(models.map((m) => [m.name, m]));
    const compared = new Map<string, DeviceComparison>();
    let renderer: Renderer | undefined;
    const reader = new FileReader();
    const here = (model: DeviceModel): DeviceComparison => {
      renderer ??= createRenderer(models.map((m) => m.platform).filter((p) => allPlatforms.includes(p))).renderer;
      return compareOnDisk(this.dir, renderer, model, reader);
    };
    try {
      for (const w of this.workers) w.ref();
      for (;;) {
        const i = Atomics.add(this.counter, slot.next, 1);
        if (i >= this.names.length) break;
        const model = byName.get(this.names[i] ?? '');
        if (model !== undefined) compared.set(model.name, here(model));
      }
      for (const r of await Promise.all(this.results)) {
        if (r?.kind !== 'checked') continue;
        for (const c of r.compared) {
          // Only for a model this thread read too.
          if (byName.has(c.device)) compared.set(c.device, c);
        }
      }
    } finally {
      await this.stop();
    }
    return models.map((m) => compared.get(m.name) ?? here(m));
  }

  /** Waits until every worker has reported (tests: every device compared on a worker). */
  async workersDone(): Promise<void> {
    await Promise.all(this.results);
  }

  /** Stops the workers (a verify that does not get to the rendered-files check). */
  async stop(): Promise<void> {
    Atomics.store(this.counter, slot.stop, 1);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * A worker's share (render-worker.ts runs it for a BuildCheckJob): devices from the shared counter
 * until none are left, each model.json read and parsed as the main thread reads it, without
 * checking its shape again (verify/read-model.ts readCheckedModel: the main thread uses a worker's
 * comparison only for a model it has read and checked), rendered and compared with the files,
 * model.json as read for parsing. A model that does not read is left to the main thread, which
 * reports it.
 */
export function checkBuildShare(job: BuildCheckJob): BuildCheckResult {
  const counter = new Int32Array(job.shared);
  const renderer = new Renderer(job.templates);
  const compared: DeviceComparison[] = [];
  // model.json is read into one buffer and kept until the device is compared; its other files into another.
  const models = new FileReader();
  const reader = new FileReader();
  for (;;) {
    if (Atomics.load(counter, slot.stop) !== 0) break;
    const i = Atomics.add(counter, slot.next, 1);
    const name = job.devices[i];
    if (name === undefined) break;
    const modelPath = `${name}/model.json`;
    const modelFile = models.read(join(job.dir, modelPath));
    if (modelFile === undefined) continue;
    const model = readCheckedModel(Buffer.from(modelFile.buffer, modelFile.byteOffset, modelFile.byteLength).toString('utf8'));
    if (model === undefined) continue;
    compared.push(
      compareDevice(
        name,
        () => renderModel(renderer, model),
        (path) => (path === modelPath ? modelFile : reader.read(join(job.dir, path))),
      ),
    );
  }
  return { kind: 'checked', compared };
}
