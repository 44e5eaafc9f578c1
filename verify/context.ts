/**
 * What every check reads: the graph, the session and routing analyses (each computed once), the
 * VNI index, and the locator that turns entity keys into intent spans.
 */
import type { Diagnostic, DiagnosticKind } from '../compiler/diagnostics/diagnostic.js';
import type { RoutingAnalysis } from './analysis/routing.js';
import type { SessionAnalysis } from './analysis/sessions.js';
import type { VniIndex } from './analysis/vnis.js';
import type { VrfRoutes } from './analysis/vrf-routes.js';
import type { FabricGraph } from './graph.js';
import type { FindingPlace, Locator } from './locate.js';
import type { DeclaredFacts, VerifySettings } from './types.js';

export interface VerifyContext {
  readonly settings: VerifySettings;
  readonly fg: FabricGraph;
  readonly sessions: SessionAnalysis;
  readonly routing: RoutingAnalysis;
  readonly vnis: VniIndex;
  readonly locate: Locator;
  /** Routes that enter a VRF at some leaves (exits, hosts) and where they reach. */
  readonly vrfRoutes: VrfRoutes;
  /** What the intent declares that the models alone cannot tell, when verifying an intent (types.ts). */
  readonly declared?: DeclaredFacts | undefined;
}

/** What one check returns. */
export interface CheckOutput {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: string;
  /** Information for the report (CheckResult.notes). */
  readonly notes?: readonly string[];
  /** The notes' data in full, for the JSON report (CheckResult.details). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export function nameOf(ctx: VerifyContext, device: number): string {
  return ctx.fg.devices[device]?.name ?? `#${device}`;
}

/** Provenance keys of a device. */
export function keysOf(ctx: VerifyContext, device: number): string[] {
  const d = ctx.fg.devices[device];
  return d === undefined ? [] : [`${d.role}:${d.name}`];
}

/** Provenance keys of the link between two devices: the leaf's uplink, then the leaf. */
export function linkKeys(ctx: VerifyContext, a: number, b: number): string[] {
  const da = ctx.fg.devices[a];
  const db = ctx.fg.devices[b];
  if (da === undefined || db === undefined) return [];
  const [leaf, spine] = da.role === 'spine' ? [db, da] : [da, db];
  return [`link:${leaf.name}:${spine.name}`, `${leaf.role}:${leaf.name}`, `${spine.role}:${spine.name}`];
}

/** Collects the diagnostics of one check. */
export class Findings {
  readonly list: Diagnostic[] = [];
  constructor(private readonly ctx: VerifyContext) {}

  add<A extends readonly unknown[]>(kind: DiagnosticKind<A>, place: FindingPlace, ...args: A): void {
    this.list.push(this.ctx.locate.diagnostic(kind, place, ...args));
  }
}
