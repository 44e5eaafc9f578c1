/**
 * What the main thread and the compile workers (compile-worker.ts) say to each other.
 *
 * 1. Parse: the main thread sends each worker a share of the intent's files; the worker parses
 *    them and answers with portable parses (compiler/load/parsed-files.ts), which the main thread
 *    hands over to the load stage with the same values and source positions.
 * 2. Render: once the fabric is resolved, every worker gets it and takes devices from a counter
 *    shared with the main thread: it builds the device's model, renders, hashes and writes its
 *    files into the pending output, until the counter passes the last device. Files do not
 *    depend on which thread made them, and the manifest sorts them, so the output is the same
 *    byte for byte whatever the split.
 */
import type { PortableParse } from '../compiler/load/parsed-files.js';
import type { YamlLimits } from '../compiler/load/parse-yaml.js';
import type { PlatformTemplates } from '../compiler/render/render.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';

/** Int32 slots of the shared device counter. */
export const slot = {
  /** Next device number to take. */
  next: 0,
  /** Devices rendered and written so far (progress). */
  done: 1,
  /** Non-zero: stop taking devices (the compile failed elsewhere). */
  stop: 2,
} as const;

export const sharedSlots = 3;

export interface ParseRequest {
  readonly kind: 'parse';
  readonly files: readonly { readonly name: string; readonly text: string }[];
  readonly limits: YamlLimits;
}

export interface ParseReply {
  readonly kind: 'parsed';
  /** Per file of the request; undefined: parse it on the main thread. */
  readonly results: readonly (PortableParse | undefined)[];
}

export interface RenderRequest {
  readonly kind: 'render';
  readonly fabric: FabricModel;
  readonly templates: readonly PlatformTemplates[];
  /** The pending output's temporary directory. */
  readonly tmp: string;
  readonly deviceCount: number;
  readonly shared: SharedArrayBuffer;
}

export type RenderReply =
  | {
      readonly kind: 'rendered';
      /** Path → sha256 of every file the worker wrote. */
      readonly hashes: readonly (readonly [string, string])[];
      readonly devices: number;
      /** Milliseconds the worker spent building, rendering (with hashing) and writing. */
      readonly ms: { readonly build: number; readonly render: number; readonly write: number };
    }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly stack: string | undefined;
      /** A file-system error (disk full, permissions): the user's problem, not a bug. */
      readonly fileSystem: boolean;
    };

export type WorkerRequest = ParseRequest | RenderRequest;
export type WorkerReply = ParseReply | RenderReply;
