/** What the verifier takes and what it returns. */
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Provenance } from '../compiler/resolve/fabric-model.js';
import type { Manifest } from '../compiler/render/manifest.js';

export interface VerifySettings {
  /** Most underlay links between any two leaves (`fabric.verify.hop_limit`). */
  readonly hopLimit: number;
  /** Spines or links that may fail at once while every property still holds (`fabric.verify.failures`). */
  readonly failures: number;
}

export const defaultVerifySettings: VerifySettings = { hopLimit: 2, failures: 1 };

/** Where a file first differs from its model's rendering. */
export interface FileDifference {
  /** 1-based. */
  readonly line: number;
  /** The file's text on that line. */
  readonly found: string;
  /** How many lines differ in all. */
  readonly differing: number;
  readonly hint: string;
}

/** One rendered file as found in the build directory. */
export interface FileComparison {
  readonly path: string;
  /** sha256 of its bytes as found. */
  readonly hash: string;
  /** Absent when the file is byte for byte what the model renders to. */
  readonly difference?: FileDifference;
}

/** One device's files against its model's rendering: the files found (a rendered file absent from the directory is not listed), or why the model does not render. */
export type DeviceComparison = { readonly device: string; readonly files: readonly FileComparison[] } | { readonly device: string; readonly renderError: string };

/** A build directory's files, for the rendered-files check (rendered-files.ts). */
export interface BuildFiles {
  readonly manifest: Manifest;
  /** Each device's rendering compared with its files (rendered-files.ts compareDevice), every device that has a model. */
  readonly compared: readonly DeviceComparison[];
  /** Whether the directory holds a file (relative path, `<device>/<file>`). */
  readonly has: (path: string) => boolean;
  /** The sha256 of a file's bytes; undefined when it cannot be read. */
  readonly hash: (path: string) => string | undefined;
}

export interface VerifyInput {
  /** The device models as they will be deployed: compiled in memory or read from a build directory. */
  readonly devices: readonly DeviceModel[];
  readonly settings: VerifySettings;
  /** Entity key → intent span, when verifying an intent; absent for a build directory. */
  readonly provenance?: Provenance | undefined;
  /** A build directory's files: adds the rendered-files check (rendered-files.ts) after the others. */
  readonly files?: BuildFiles | undefined;
  /** What the intent declares, when verifying one; absent for a build directory. */
  readonly declared?: DeclaredFacts | undefined;
}

/**
 * What an intent declares that no device model holds apart from what the compiler built from it,
 * so the verifier can prove the build kept it. A build directory has only its models: checks that
 * read this fall back to proving the models agree with each other.
 */
export interface DeclaredFacts {
  /** Per network with `bgp_hosts`: its `accept` prefixes (CIDRs), each admitting every longer prefix inside it. */
  readonly hostAccepts: ReadonlyMap<string, readonly string[]>;
  /** Per network with `bgp_hosts`: the hosts' ASN. */
  readonly hostAsns: ReadonlyMap<string, number>;
  /** Per network with `bgp_hosts`: its `max_prefixes`, per host session. */
  readonly hostMaxPrefixes: ReadonlyMap<string, number>;
  /** Per server: its leaf ports and its bond, as the intent attaches it (check 10, CLOS5189). */
  readonly servers: ReadonlyMap<string, DeclaredServer>;
  /**
   * Networks of an FRR leaf's Ethernet segment whose FRR leaves the compiler left without an own
   * address, having said so at the intent (CLOS3147): check 7 does not warn about them again (CLOS5130).
   */
  readonly withheldOwnAddresses: ReadonlySet<string>;
}

export interface DeclaredServer {
  /** `<leaf>:<port>` of every port, sorted. */
  readonly ports: readonly string[];
  readonly bond: 'lacp' | 'active-backup' | 'none';
}

/** First and last CLOS5xxx code of a range, inclusive. */
export type CodeRange = readonly [number, number];

/**
 * The checks, in the order they run and are reported, each with the CLOS5xxx codes its findings
 * take: its block, and codes added after the blocks filled up (from 5185; docs/diagnostics.md
 * lists them by check).
 */
export const checks = [
  { id: 'clos-shape', title: 'Clos shape', codes: [[5001, 5019]] },
  { id: 'uniqueness', title: 'Uniqueness', codes: [[5021, 5039], [5187, 5187]] },
  { id: 'bgp-sessions', title: 'BGP session symmetry', codes: [[5041, 5059], [5185, 5186]] },
  { id: 'underlay', title: 'Underlay reachability', codes: [[5061, 5079]] },
  { id: 'hop-bound', title: 'Hop bound', codes: [[5081, 5099]] },
  { id: 'overlay', title: 'Overlay (EVPN)', codes: [[5101, 5119]] },
  { id: 'anycast-gateway', title: 'Anycast gateway', codes: [[5121, 5139]] },
  { id: 'tenant-isolation', title: 'Tenant isolation', codes: [[5141, 5159]] },
  { id: 'failures', title: 'Failures', codes: [[5161, 5179]] },
  { id: 'segments', title: 'LAGs, segments and server redundancy', codes: [[5200, 5219], [5188, 5189]] },
  { id: 'exits', title: 'Exits', codes: [[5220, 5239]] },
  { id: 'host-pools', title: 'Host pools', codes: [[5240, 5259]] },
] as const satisfies readonly { readonly id: string; readonly title: string; readonly codes: readonly CodeRange[] }[];

/** The checks of the device models, run on every input. */
export type ModelCheckId = (typeof checks)[number]['id'];

/** The check of a build directory's files, run only when the input has files. */
export const renderedFilesCheck = { id: 'rendered-files', title: 'Rendered files', codes: [[5261, 5269]] } as const;

/** Findings about the verifier's input (a model.json that cannot be read): no check's. */
export const inputCodes: readonly CodeRange[] = [[5181, 5184]];

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
  /**
   * Information that is neither an error nor a warning, summarised to a few lines however large
   * the fabric (e.g. the servers that are single points of failure). Empty for most checks.
   */
  readonly notes: readonly string[];
  /**
   * What the notes summarise, in full, for machines: the JSON report carries it (`--format json`),
   * the text report does not. Check 10: every server that is a single point of failure, by leaf.
   */
  readonly details?: Readonly<Record<string, unknown>>;
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
