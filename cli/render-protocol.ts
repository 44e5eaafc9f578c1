/**
 * What the main thread and the render workers say to each other (render-pool.ts, render-worker.ts).
 *
 * Devices are numbered as buildDeviceModels orders them. Every thread takes the next device
 * number from one shared counter, builds (workers) or already has (main) that device's model,
 * renders, hashes and writes its files, until the counter passes the last device. Files do not
 * depend on which thread made them, and the manifest sorts them, so the output is the same
 * byte for byte whatever the split.
 */
import type { PlatformTemplates } from '../compiler/render/render.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import type { PreviousOutput } from './output-dir.js';

/** Int32 slots of the shared counter. */
export const slot = {
  /** Next device number to take. */
  next: 0,
  /** Devices rendered and written so far (progress). */
  done: 1,
  /** Non-zero: stop taking devices (the compile failed elsewhere). */
  stop: 2,
} as const;

export const sharedSlots = 3;

export interface RenderJob {
  /** The resolved fabric, packed by fabric-transfer.ts when `refs` is there. */
  readonly fabric: FabricModel;
  readonly refs: Int32Array | undefined;
  readonly templates: readonly PlatformTemplates[];
  /** The identity of the code that renders (build-record.ts), for Renderer.fingerprint. */
  readonly code: string | undefined;
  /** The pending output's temporary directory. */
  readonly tmp: string;
  /** The build being replaced, whose unchanged files are linked rather than written. */
  readonly previous: PreviousOutput | undefined;
  readonly deviceCount: number;
  readonly shared: SharedArrayBuffer;
}

export type RenderWorkerResult =
  | {
      readonly kind: 'done';
      /** Path → sha256 of every file the worker wrote. */
      readonly hashes: readonly (readonly [string, string])[];
      readonly devices: number;
      /** Of the files, those linked from the previous build. */
      readonly reused: number;
      /** Milliseconds the worker spent building, rendering and writing (hashing is part of writing: each file is encoded once, then hashed and written). */
      readonly ms: { readonly build: number; readonly render: number; readonly write: number };
    }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly stack: string | undefined;
      /** A file-system error (disk full, permissions): the user's problem, not a bug. */
      readonly fileSystem: boolean;
    };
