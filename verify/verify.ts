/**
 * The verifier: device models (+ provenance, settings) → one report of its checks (types.ts), and
 * one more for a build directory's files (rendered-files.ts). Pure: no file
 * system, console or process. The graph and the session and routing analyses are built once and
 * shared by every check.
 */
import { sortDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { analyseRouting } from './analysis/routing.js';
import { matchSessions } from './analysis/sessions.js';
import { indexVnis } from './analysis/vnis.js';
import { analyseVrfRoutes } from './analysis/vrf-routes.js';
import { checkExits } from './checks/exits.js';
import { checkHostPools } from './checks/host-pools.js';
import { checkAnycastGateway } from './checks/anycast-gateway.js';
import { checkBgpSessions, sessionReports } from './checks/bgp-sessions.js';
import { checkClosShape } from './checks/clos-shape.js';
import { checkFailures } from './checks/failures.js';
import { checkHopBound } from './checks/hop-bound.js';
import { checkOverlay } from './checks/overlay.js';
import { checkTenantIsolation } from './checks/tenant-isolation.js';
import { checkUnderlay } from './checks/underlay.js';
import { checkSegments } from './checks/segments.js';
import { checkUniqueness } from './checks/uniqueness.js';
import type { CheckOutput, VerifyContext } from './context.js';
import { buildFabricGraph } from './graph.js';
import { Locator } from './locate.js';
import { selfCheckTwoTier } from './analysis/self-check.js';
import { checkRenderedFiles } from './rendered-files.js';
import { checks, renderedFilesCheck, type BuildFiles, type DeclaredFacts, type CheckResult, type ModelCheckId, type SessionReport, type VerifyInput, type VerifyReport, type VerifySettings } from './types.js';
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';

const runners: Record<ModelCheckId, (ctx: VerifyContext) => CheckOutput> = {
  'clos-shape': checkClosShape,
  uniqueness: checkUniqueness,
  'bgp-sessions': checkBgpSessions,
  underlay: checkUnderlay,
  'hop-bound': checkHopBound,
  overlay: checkOverlay,
  'anycast-gateway': checkAnycastGateway,
  'tenant-isolation': checkTenantIsolation,
  failures: checkFailures,
  segments: checkSegments,
  exits: checkExits,
  'host-pools': checkHostPools,
};

/**
 * Verifies a fabric compiled in memory, with its provenance (findings point at the intent) and its
 * `fabric.verify` settings unless overridden: what compile, check and verify of an intent run.
 */
export function verifyCompiled(fabric: FabricModel, devices: readonly DeviceModel[], overrides: Partial<VerifySettings> = {}): VerifyReport {
  const settings = { hopLimit: overrides.hopLimit ?? fabric.settings.hopLimit, failures: overrides.failures ?? fabric.settings.failures };
  return verifyFabric({ devices, settings, provenance: fabric.provenance, declared: declaredFacts(fabric) });
}

/** What the intent declares for the checks that compare the models with it (types.ts DeclaredFacts). */
function declaredFacts(fabric: FabricModel): DeclaredFacts {
  const hostAccepts = new Map<string, readonly string[]>();
  const hostAsns = new Map<string, number>();
  const hostMaxPrefixes = new Map<string, number>();
  for (const n of fabric.networks) {
    if (n.bgpHosts === null) continue;
    hostAccepts.set(n.name, n.bgpHosts.accept.map((p) => p.cidr));
    hostAsns.set(n.name, n.bgpHosts.asn);
    hostMaxPrefixes.set(n.name, n.bgpHosts.maxPrefixes);
  }
  const servers = new Map(fabric.servers.map((s) => [s.name, { ports: s.attachments.map((a) => `${a.leaf}:${a.port}`).sort(), bond: s.bond }] as const));
  const withheldOwnAddresses = new Set(fabric.networks.filter((n) => n.ownAddressesWithheld).map((n) => n.name));
  return { hostAccepts, hostAsns, hostMaxPrefixes, servers, withheldOwnAddresses };
}

export function verifyFabric(input: VerifyInput): VerifyReport {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const fg = buildFabricGraph(input.devices);
  lap('graph');
  const sessions = matchSessions(fg);
  lap('sessions');
  const routing = analyseRouting(fg, sessions);
  if (routing.method === 'two-tier') selfCheckTwoTier(fg, routing);
  lap('routing');
  const vnis = indexVnis(fg);
  lap('vnis');
  const ctx: VerifyContext = { settings: input.settings, fg, sessions, routing, vnis, locate: new Locator(input.provenance), vrfRoutes: analyseVrfRoutes(fg, routing), declared: input.declared };
  const results: CheckResult[] = checks.map((c, i) => {
    const out = runners[c.id](ctx);
    lap(c.id);
    const diagnostics = sortDiagnostics(out.diagnostics);
    return { id: c.id, number: i + 1, title: c.title, status: statusOf(diagnostics), diagnostics, summary: out.summary, notes: out.notes ?? [], ...(out.details === undefined ? {} : { details: out.details }) };
  });
  if (input.files !== undefined) {
    results.push(renderedFilesResult(input.files, results.length + 1));
    lap(renderedFilesCheck.id);
  }
  // Every neighbor statement with its status is 128,000 rows on a large fabric: built on first read
  // (the JSON report), not for a text report or a compile.
  let reports: readonly SessionReport[] | undefined;
  return {
    fabric: fg.fabric,
    settings: input.settings,
    devices: { spines: fg.spines.length, leaves: fg.leaves.length },
    checks: results,
    get sessions(): readonly SessionReport[] {
      return (reports ??= sessionReports(ctx));
    },
    method: routing.method,
    timings,
  };
}

/**
 * A report with the rendered-files check added after the others: `clos verify <build dir>`
 * compares the files on other threads while this one runs the model checks (cli/build-check.ts),
 * then adds their result. `ms` is how long the comparing took, for the report's timings.
 */
export function withRenderedFiles(report: VerifyReport, files: BuildFiles, ms: number): VerifyReport {
  const result = renderedFilesResult(files, report.checks.length + 1);
  // The descriptors keep the report's lazy `sessions`.
  return Object.defineProperties({}, {
    ...Object.getOwnPropertyDescriptors(report),
    checks: { value: [...report.checks, result], enumerable: true },
    timings: { value: { ...report.timings, [renderedFilesCheck.id]: Math.round(ms * 10) / 10 }, enumerable: true },
  }) as VerifyReport;
}

function renderedFilesResult(files: BuildFiles, number: number): CheckResult {
  const out = checkRenderedFiles(files);
  const diagnostics = sortDiagnostics(out.diagnostics);
  return { ...renderedFilesCheck, number, status: statusOf(diagnostics), diagnostics, summary: out.summary, notes: [] };
}

function statusOf(diagnostics: readonly Diagnostic[]): CheckResult['status'] {
  if (diagnostics.some((d) => d.severity === 'error')) return 'fail';
  return diagnostics.some((d) => d.severity === 'warning') ? 'warn' : 'pass';
}

/** Every diagnostic of a report, check by check. */
export function reportDiagnostics(report: VerifyReport): Diagnostic[] {
  return report.checks.flatMap((c) => c.diagnostics);
}

/**
 * What a compile prints of a verification: its errors and warnings. Information findings (severity
 * `info`: a VRF without an exit, where tenants meet) are for `clos verify`'s report.
 */
export function compileFindings(report: VerifyReport): Diagnostic[] {
  return reportDiagnostics(report).filter((d) => d.severity !== 'info');
}

export function reportHasErrors(report: VerifyReport): boolean {
  return report.checks.some((c) => c.status === 'fail');
}
