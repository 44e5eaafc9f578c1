/** What the verifier takes and what it returns. */
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Provenance } from '../compiler/resolve/fabric-model.js';
import type { Manifest } from '../compiler/render/manifest.js';
import type { RenderedFile } from '../compiler/render/render.js';

export interface VerifySettings {
  /** Most underlay links between any two leaves (`fabric.verify.hop_limit`). */
  readonly hopLimit: number;
  /** Spines or links that may fail at once while every property still holds (`fabric.verify.failures`). */
  readonly failures: number;
}

export const defaultVerifySettings: VerifySettings = { hopLimit: 2, failures: 1 };

/** A build directory's files, for the rendered-files check (rendered-files.ts). */
export interface BuildFiles {
  readonly manifest: Manifest;
  /** Path relative to the directory (`<device>/<file>`) → content, for every file it holds. */
  readonly files: ReadonlyMap<string, string>;
  /** The files a device model renders to (model.json included); throws when it cannot. */
  readonly render: (model: DeviceModel) => readonly RenderedFile[];
}

export interface VerifyInput {
  /** The device models as they will be deployed: compiled in memory or read from a build directory. */
  readonly devices: readonly DeviceModel[];
  readonly settings: VerifySettings;
  /** Entity key → intent span, when verifying an intent; absent for a build directory. */
  readonly provenance?: Provenance | undefined;
  /** A build directory's files: adds the rendered-files check (rendered-files.ts) after the others. */
  readonly files?: BuildFiles | undefined;
}

/** The checks, in the order they run and are reported. */
export const checks = [
  { id: 'clos-shape', title: 'Clos shape' },
  { id: 'uniqueness', title: 'Uniqueness' },
  { id: 'bgp-sessions', title: 'BGP session symmetry' },
  { id: 'underlay', title: 'Underlay reachability' },
  { id: 'hop-bound', title: 'Hop bound' },
  { id: 'overlay', title: 'Overlay (EVPN)' },
  { id: 'anycast-gateway', title: 'Anycast gateway' },
  { id: 'tenant-isolation', title: 'Tenant isolation' },
  { id: 'failures', title: 'Failures' },
  { id: 'exits', title: 'Exits' },
  { id: 'host-pools', title: 'Host pools' },
] as const;

/** The checks of the device models, run on every input. */
export type ModelCheckId = (typeof checks)[number]['id'];

/** The check of a build directory's files, run only when the input has files. */
export const renderedFilesCheck = { id: 'rendered-files', title: 'Rendered files' } as const;

export type CheckId = ModelCheckId | (typeof renderedFilesCheck)['id'];

export interface CheckResult {
  readonly id: CheckId;
  /** 1-based position in `checks`. */
  readonly number: number;
  readonly title: string;
  /** `pass`: no findings; `warn`: warnings only; `fail`: at least one error. */
  readonly status: 'pass' | 'warn' | 'fail';
  readonly diagnostics: readonly Diagnostic[];
  /** One line of what the check covered, e.g. `128 sessions: 128 UNIQUE_MATCH`. */
  readonly summary: string;
}

/** Batfish's vocabulary for a configured BGP peering (bgpSessionCompatibility). */
export type SessionStatus = 'UNIQUE_MATCH' | 'HALF_OPEN' | 'NO_MATCH_FOUND' | 'MULTIPLE_REMOTES' | 'UNKNOWN_REMOTE' | 'INVALID_LOCAL_IP';

export interface SessionReport {
  readonly device: string;
  readonly address: string;
  readonly localAddress: string;
  readonly purpose: 'underlay' | 'overlay';
  /** The device that owns the neighbor address, when exactly one does. */
  readonly remote: string | null;
  readonly status: SessionStatus;
  /** Whether the session comes up (both ends match, transport and address families work). */
  readonly established: boolean;
}

export interface VerifyReport {
  readonly fabric: string;
  readonly settings: VerifySettings;
  readonly devices: { readonly spines: number; readonly leaves: number };
  readonly checks: readonly CheckResult[];
  readonly sessions: readonly SessionReport[];
  /** How the propagation was computed: `two-tier` (per-leaf spine sets) or `generic` (path-vector per origin). */
  readonly method: 'two-tier' | 'generic';
  readonly timings: Readonly<Record<string, number>>;
}
