/**
 * A compile worker thread (see worker-protocol.ts): parses its share of the intent's files, then
 * builds, renders, hashes and writes its share of the devices into the pending output. It only
 * runs the library's pure functions on what the main thread sends, so its results are the ones
 * the main thread would have computed.
 */
import { parentPort } from 'node:worker_threads';
import { buildDevice, deviceContexts } from '../compiler/build/build-devices.js';
import { parsePortable } from '../compiler/load/parsed-files.js';
import { sha256 } from '../compiler/render/manifest.js';
import { Renderer } from '../compiler/render/render.js';
import { writeOutputFile } from './output-dir.js';
import { slot, type ParseReply, type ParseRequest, type RenderReply, type RenderRequest, type WorkerRequest } from './worker-protocol.js';

function parseShare(request: ParseRequest): ParseReply {
  return { kind: 'parsed', results: request.files.map((f) => parsePortable(f.name, f.text, request.limits)) };
}

function renderShare(job: RenderRequest): RenderReply {
  const shared = new Int32Array(job.shared);
  const ms = { build: 0, render: 0, write: 0 };
  let t = performance.now();
  const lap = (stage: keyof typeof ms): void => {
    const now = performance.now();
    ms[stage] += now - t;
    t = now;
  };
  const renderer = new Renderer(job.templates);
  const contexts = deviceContexts(job.fabric);
  lap('build');
  const hashes: (readonly [string, string])[] = [];
  const made = new Set<string>();
  let devices = 0;
  for (;;) {
    if (Atomics.load(shared, slot.stop) !== 0) break;
    const i = Atomics.add(shared, slot.next, 1);
    const context = contexts[i];
    if (i >= job.deviceCount || context === undefined) break;
    const device = buildDevice(context);
    lap('build');
    const files = renderer.render(device);
    for (const f of files) hashes.push([f.path, sha256(f.content)]);
    lap('render');
    for (const f of files) writeOutputFile(job.tmp, f, made);
    lap('write');
    devices++;
    Atomics.add(shared, slot.done, 1);
  }
  return { kind: 'rendered', hashes, devices, ms };
}

function renderOrReport(job: RenderRequest): RenderReply {
  try {
    return renderShare(job);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const { code, syscall } = error as NodeJS.ErrnoException;
    return { kind: 'error', message: error.message, stack: error.stack, fileSystem: typeof code === 'string' && typeof syscall === 'string' };
  }
}

const port = parentPort;
if (port === null) throw new Error('compile-worker runs as a worker thread');
port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'parse') {
    const reply = parseShare(request);
    const transfer = reply.results.flatMap((r) => (r === undefined ? [] : [r.positions.buffer, ...(r.lineStarts === undefined ? [] : [r.lineStarts.buffer])]));
    port.postMessage(reply, transfer as ArrayBuffer[]);
    return;
  }
  port.postMessage(renderOrReport(request));
});
