/**
 * How clos sets V8 up for a large run: one whose devices are rendered, or compared with a build
 * directory, on worker threads (render-pool.ts, build-check.ts). Small runs keep Node's defaults.
 */
import { createRequire } from 'node:module';

/**
 * Young-generation size of a worker, in MB. Rendering allocates fast and briefly (Handlebars
 * frames, rope strings); Node's default (16 MB semi-spaces) scavenges about every 10 ms and
 * promotes text that dies a moment later.
 */
export const workerYoungGenerationMb = 96;

let tuned = false;

/**
 * Turns off inlining in V8's optimizing compiler (TurboFan) for the rest of the process, its
 * worker threads included; called once, before the first worker starts. Measured reason
 * (bench/PROFILE.md, section 38): on a thousand-leaf fabric the optimizing compiler, on V8's
 * background threads, takes CPU from the two threads that compile; without inlining its jobs take
 * half the time, and the whole compile ~4 % less wall time on two cores. Not for small runs: set
 * at start for every command, it made the quickstart's compile 8 % slower (V8 rejects code caches
 * made under other flags, Node's own among them, as we read it).
 */
export function tuneV8ForLargeRun(): void {
  if (tuned) return;
  tuned = true;
  // Loaded here, not at start: a small run never needs node:v8.
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--no-turbo-inlining');
}
