/**
 * A render worker thread (see render-protocol.ts): builds, renders, hashes and writes its share
 * of a fabric's devices into the pending output directory, then reports the files' hashes. It
 * only builds and renders with the library's pure functions, from the resolved fabric the main
 * thread resolved, so its files are the ones the main thread would have made.
 */
import { parentPort } from 'node:worker_threads';
import { buildDevice, deviceContexts } from '../compiler/build/build-devices.js';
import { handlebars } from '../compiler/render/handlebars-lib.js';
import { Renderer } from '../compiler/render/render.js';
import { templateTreesProvided } from '../compiler/render/template-trees.js';
import { checkBuildShare, isBuildCheckJob, type BuildCheckJob, type BuildCheckResult } from './build-check.js';
import { unpackFabric } from './fabric-transfer.js';
import { OutputFileWriter } from './output-dir.js';
import { renderAndWriteDevice, type FileHashes, type RenderWriteClock } from './render-pool.js';
import { slot, type RenderJob, type RenderWorkerResult } from './render-protocol.js';

function renderShare(job: RenderJob): RenderWorkerResult {
  const shared = new Int32Array(job.shared);
  const ms = { build: 0, render: 0, write: 0 };
  let t = performance.now();
  const lap = (stage: keyof typeof ms): void => {
    const now = performance.now();
    ms[stage] += now - t;
    t = now;
  };
  const renderer = new Renderer(job.templates);
  const fabric = job.refs === undefined ? job.fabric : unpackFabric({ fabric: job.fabric, refs: job.refs });
  const contexts = deviceContexts(fabric);
  lap('build');
  const hashes: (readonly [string, string])[] = [];
  const files: FileHashes = { addHash: (path, hash) => hashes.push([path, hash]) };
  const clock: RenderWriteClock = {
    time: (stage, fn) => {
      const value = fn();
      lap(stage);
      return value;
    },
  };
  const writer = new OutputFileWriter(job.tmp, job.previous, renderer.fingerprint(job.code));
  let devices = 0;
  for (;;) {
    if (Atomics.load(shared, slot.stop) !== 0) break;
    const i = Atomics.add(shared, slot.next, 1);
    const context = contexts[i];
    if (i >= job.deviceCount || context === undefined) break;
    const device = buildDevice(context);
    lap('build');
    renderAndWriteDevice(device, renderer, writer, files, clock);
    devices++;
    Atomics.add(shared, slot.done, 1);
  }
  return { kind: 'done', hashes, devices, reused: writer.counts.reused, ms };
}

const port = parentPort;
if (port === null) throw new Error('render-worker runs as a worker thread');
// Without the bundle's parse trees the templates are parsed with Handlebars once the job arrives:
// load it while waiting. The bundle's threads need it only for an edited template.
if (!templateTreesProvided()) handlebars();
port.once('message', (job: RenderJob | BuildCheckJob) => {
  // `clos verify <build dir>` asks the same threads to compare its files (build-check.ts).
  if (isBuildCheckJob(job)) {
    let checked: BuildCheckResult;
    try {
      checked = checkBuildShare(job);
    } catch (e) {
      checked = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(checked);
    return;
  }
  let result: RenderWorkerResult;
  try {
    result = renderShare(job);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const code = (error as NodeJS.ErrnoException).code;
    const syscall = (error as NodeJS.ErrnoException).syscall;
    result = { kind: 'error', message: error.message, stack: error.stack, fileSystem: typeof code === 'string' && typeof syscall === 'string' };
  }
  port.postMessage(result);
});
