/**
 * Renders and writes a large fabric's files on every core: worker threads (render-worker.ts) and
 * this thread take devices from one shared counter (render-protocol.ts). Measured reason
 * (bench/PROFILE.md): render and write are two thirds of a thousand-leaf compile and split
 * cleanly by device.
 *
 * The workers start while the intent is still loading, so their start-up is hidden, and receive
 * the resolved fabric before this thread builds the device models: they build their own share
 * from it and begin rendering at once, into the pending output's temporary directory. Nothing is
 * committed before this thread has finished its own stages (build, verify) and every worker has
 * reported; on any failure the temporary directory is removed, as without workers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O } from '../compiler/diagnostics/catalogue/index.js';
import type { ManifestBuilder } from '../compiler/render/manifest.js';
import type { PlatformTemplates, Renderer } from '../compiler/render/render.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import type { StageClock } from '../compiler/stages.js';
import { packFabric } from './fabric-transfer.js';
import { startLargeRunWorkers } from './large-run.js';
import { OutputFileWriter, writeFailure, type PendingOutput, type PreviousOutput } from './output-dir.js';
import { sharedSlots, slot, type RenderJob, type RenderWorkerResult } from './render-protocol.js';
import { renderWorkerScript, type RenderWorkerScript } from './render-worker-script.js';

export interface PoolOutcome {
  readonly files: number;
  /** Of the files, those linked from the previous build (output-dir.ts OutputFileWriter). */
  readonly reused: number;
  readonly failure: Diagnostic | undefined;
}

/** Where renderAndWriteDevice puts each file's hash: the manifest, or a worker's list for it. */
export interface FileHashes {
  addHash(path: string, hash: string): void;
}

/** What renderAndWriteDevice times its two stages with: a StageClock, or a worker's own counters. */
export interface RenderWriteClock {
  time<T>(stage: 'render' | 'write', fn: () => T): T;
}

/**
 * Renders one device (the `render` stage) and writes its files (`write`), adding their hashes to the
 * manifest; returns how many files. A device the previous build holds for this very model is not
 * rendered beyond its model.json (OutputFileWriter.reuseDevice). This thread and the workers
 * (render-worker.ts) both write devices with it.
 */
export function renderAndWriteDevice(device: DeviceModel, renderer: Renderer, writer: OutputFileWriter, manifest: FileHashes, clock: RenderWriteClock): number {
  const model = clock.time('render', () => renderer.modelFile(device));
  const reused = clock.time('write', () => writer.reuseDevice(model, renderer.configFiles(device)));
  if (reused !== undefined) {
    for (const [path, hash] of reused) manifest.addHash(path, hash);
    return reused.length;
  }
  const rendered = clock.time('render', () => [model, ...renderer.renderConfigs(device)]);
  clock.time('write', () => {
    for (const f of rendered) manifest.addHash(f.path, writer.write(f));
  });
  return rendered.length;
}

export class RenderPool {
  private readonly shared = new SharedArrayBuffer(sharedSlots * Int32Array.BYTES_PER_ELEMENT);
  private readonly counter = new Int32Array(this.shared);
  private readonly results: Promise<RenderWorkerResult>[];
  private begun = false;

  private constructor(private readonly workers: readonly Worker[]) {
    this.results = workers.map(
      (w) =>
        new Promise<RenderWorkerResult>((resolve, reject) => {
          w.once('message', (m: RenderWorkerResult) => {
            resolve(m);
          });
          w.once('error', reject);
          w.once('exit', (code) => {
            reject(new Error(`a render worker stopped (exit code ${code})`));
          });
        }),
    );
    // A worker that never gets a job must not keep the process alive, nor reject unobserved.
    for (const r of this.results) r.catch(() => undefined);
  }

  /** Starts `count` workers; undefined when there are none to start or the worker script is not built (running from sources). */
  static start(count: number, script: RenderWorkerScript = renderWorkerScript()): RenderPool | undefined {
    if (count < 1 || !existsSync(fileURLToPath(script.url))) return undefined;
    return new RenderPool(startLargeRunWorkers(script, count));
  }

  /** Hands the workers the resolved fabric: they start building, rendering and writing devices now. */
  begin(fabric: FabricModel, templates: readonly PlatformTemplates[], pending: PendingOutput, previous: PreviousOutput | undefined, deviceCount: number, code: string | undefined): void {
    // The workers build devices, which reads neither provenance nor the server list (each leaf
    // carries its server ports): copying them cost both threads time before the first device. The
    // rest goes packed (fabric-transfer.ts), or as it is if it cannot be.
    const packed = packFabric(fabric) ?? { fabric: { ...fabric, provenance: new Map(), servers: [] }, refs: undefined };
    const job: RenderJob = { fabric: packed.fabric, refs: packed.refs, templates, code, tmp: pending.tmp, previous, deviceCount, shared: this.shared };
    for (const w of this.workers) w.postMessage(job);
    this.begun = true;
  }

  /**
   * Renders and writes devices on this thread too, until none are left, then waits for the
   * workers and adds their files to the manifest. `devices` must be the models of the fabric
   * given to begin(), in the same order.
   */
  async finish(
    devices: readonly DeviceModel[],
    renderer: Renderer,
    pending: PendingOutput,
    previous: PreviousOutput | undefined,
    manifest: ManifestBuilder,
    clock: StageClock,
    code: string | undefined,
    onDevice: (done: number) => void,
  ): Promise<PoolOutcome> {
    if (!this.begun) throw new Error('internal error: RenderPool.finish before begin');
    let files = 0;
    let failure: Diagnostic | undefined;
    const writer = new OutputFileWriter(pending.tmp, previous, renderer.fingerprint(code));
    let reused = 0;
    try {
      try {
        for (;;) {
          const i = Atomics.add(this.counter, slot.next, 1);
          const device = devices[i];
          if (device === undefined) break;
          files += renderAndWriteDevice(device, renderer, writer, manifest, clock);
          onDevice(Atomics.add(this.counter, slot.done, 1) + 1);
        }
      } catch (e) {
        Atomics.store(this.counter, slot.stop, 1);
        failure = writeFailure(pending.shown, e); // rethrows anything but a file-system error
      }
      // Waiting for the workers' last devices: charged to render, the stage they are in.
      const results = await clock.timeAsync('render', () => Promise.all(this.results));
      for (const r of results) {
        if (r.kind === 'error') {
          if (!r.fileSystem) throw new Error(`${r.message} (in a render worker)${r.stack === undefined ? '' : `\n${r.stack}`}`);
          failure ??= createDiagnostic(O.writeFailed, {}, pending.shown, r.message);
          continue;
        }
        for (const [path, hash] of r.hashes) manifest.addHash(path, hash);
        files += r.hashes.length;
        reused += r.reused;
      }
    } finally {
      await this.close();
    }
    return { files, reused: reused + writer.counts.reused, failure };
  }

  /** Stops the workers early (the compile failed before they finished). */
  async stop(): Promise<void> {
    Atomics.store(this.counter, slot.stop, 1);
    await this.close();
  }

  private async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
