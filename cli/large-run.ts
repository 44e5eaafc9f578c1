/**
 * How clos starts the worker threads of a large run: one whose devices are rendered, or compared
 * with a build directory, on several threads (render-pool.ts, build-check.ts). Small runs start
 * none and keep Node's defaults.
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { RenderWorkerScript } from './render-worker-script.js';

/**
 * Young-generation size of a worker, in MB. Rendering allocates fast and briefly (Handlebars
 * frames, rope strings); Node's default (16 MB semi-spaces) scavenges about every 10 ms and
 * promotes text that dies a moment later.
 */
const workerYoungGenerationMb = 96;

let tuned = false;

/**
 * Starts `count` threads running the render workers' script. Before the first, turns off inlining
 * in V8's optimizing compiler (TurboFan) for the rest of the process, its worker threads included.
 * Measured reason (bench/PROFILE.md, section 38): on a thousand-leaf fabric the optimizing
 * compiler, on V8's background threads, takes CPU from the two threads that compile; without
 * inlining its jobs take half the time, and the whole compile ~4 % less wall time on two cores.
 * Not for small runs: set at start for every command, it made the quickstart's compile 8 % slower
 * (V8 rejects code caches made under other flags, Node's own among them, as we read it).
 */
export function startLargeRunWorkers(script: RenderWorkerScript, count: number): Worker[] {
  // Loaded here, not at start: a run too small for threads never needs them.
  const load = createRequire(import.meta.url);
  if (!tuned) {
    tuned = true;
    (load('node:v8') as typeof import('node:v8')).setFlagsFromString('--no-turbo-inlining');
  }
  const { Worker } = load('node:worker_threads') as typeof import('node:worker_threads');
  return Array.from({ length: count }, () => new Worker(script.url, { workerData: script.workerData, resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb } }));
}
