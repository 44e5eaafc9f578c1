/**
 * `clos lab test`: waits for the control plane (bounded), checks it against the device models,
 * waits for the bonds of dual-homed servers and the Ethernet segments of their leaves, then sends
 * the data-plane probes, and on a healthy fabric looks again at the flows of servers on two or
 * more leaves for duplicate deliveries (checks/duplicates.ts). With `--failures`, every leaf of a multihomed server is taken down in
 * turn, then every spine: the control plane must converge to the degraded state the models predict
 * (sessions down, one next hop fewer, a bond with one member fewer, a segment with one leaf fewer),
 * hosts must still reach each other, and after the restore the fabric must converge back before
 * the next leaf or spine goes down.
 *
 * With stand-ins outside the fabric (lab/checks/outside.ts): their sessions and what the leaves
 * learned from them are awaited like the control plane; hosts ping outside and the nodes' pod
 * addresses; every router where tenants meet is stopped once (its links down) to show they then
 * reach each other nowhere; with `--failures` every border is taken down in turn too (its fabric
 * and hand-off links), and every VRF with an exit must still reach outside.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import { join } from 'node:path';
import { failed, notRun, passed, type LabCheck } from './check.js';
import { excuseRefusedSync, multihomedHostsOf, refusedSyncLog } from './checks/neighbour-sync.js';
import { duplicateCommand, evidenceLeaves, judgeDuplicates, planDuplicateProbes, readPingCount, refusedMacNexthopLog, segmentedServers } from './checks/duplicates.js';
import { awaitMultihoming } from './await-multihoming.js';
import { judgeProbe, planBaselineProbes, planFailureProbes, type PlannedProbes, type Probe, type ProbeContext, type ProbeResult } from './checks/data-plane.js';
import { annotateLostNextHops, bordersOf, meetingPoints, planExitProbes, planMeetings, planPodProbes, type AgentBfd } from './checks/outside.js';
import { awaitOutside, handOffLinkChanges, type OutsideConvergence } from './outside.js';
import type { LabContext } from './context.js';
import { awaitConvergence, type Convergence } from './converge.js';
import { addFailure, applyLinkChanges, multihomedLeaves, planLinkChanges, targetLabel, type FailTarget } from './failures.js';
import { defaultPingTimings, sendProbes } from './ping.js';
import { describeFailure, mapLimit, sleep } from './exec.js';
import { parseNeighbours, planIdleSource, type IdleSourceProbe } from './checks/idle-source.js';
import { checkReversePath, devOf, reversePathProbe } from './reverse-path.js';
import { checkRouterMac, routerMacEntry } from './router-mac.js';
import type { Endpoint } from './plan.js';
import type { LabReport, ScenarioReport } from './report.js';
import { dataPlaneNotes, noVrfReason } from './report.js';
import { readLabModels, type LabState } from './state.js';
import { buildTopology, describeFailures, failedLeaves, failureCount, type Failures, type Topology } from './topology.js';

export interface TestOptions {
  /** Seconds to wait for the control plane to converge, per scenario. */
  readonly timeoutSeconds: number;
  /** Also run the reachability checks with each spine down in turn. */
  readonly failures: boolean;
  /** Ping every pair of leaves of every network, however large the fabric. */
  readonly allPairs: boolean;
}

export async function labTest(ctx: LabContext, state: LabState, options: TestOptions): Promise<LabReport> {
  const start = ctx.now();
  const topology = buildTopology(readLabModels(ctx.store, state));
  const scenarios: ScenarioReport[] = [];
  const baseName = failureCount(state.failures) === 0 ? 'fabric' : `fabric with ${describeFailures(state.failures)} down`;
  ctx.progress(`lab ${state.lab}: waiting for the control plane (up to ${options.timeoutSeconds} s)`);
  const base = await converge(ctx, state, topology, state.failures, options.timeoutSeconds, baseName);
  const baseBonds = await multihoming(ctx, state, topology, state.failures, options.timeoutSeconds, baseName);
  ctx.progress(`lab ${state.lab}: ${convergenceLine(base)}`);
  const outside = state.plan.externalRouters.length + state.plan.hostSpeakers.length > 0 && state.plan.dataPlane.vrf;
  const baseOutside = outside ? await settleOutside(ctx, state, topology, state.failures, noBorders, options.timeoutSeconds, 'stand-ins outside the fabric') : undefined;
  const baseCtx = probeContext(state, topology, state.failures, options.allPairs);
  const meetings = planMeetings(baseCtx, state.plan);
  const baseProbes = merge(
    planBaselineProbes(baseCtx),
    annotateLostNextHops(
      merge(planExitProbes(baseCtx, state.plan, noBorders), { probes: meetings.flatMap((m) => m.through), notRun: meetings.flatMap((m) => m.notRun) }, planPodProbes(baseCtx, state.plan)),
      state.plan,
      baseOutside?.convergence.lost ?? [],
    ),
  );
  // The second look for duplicates on the healthy fabric only: on one failed by hand, FRR 8.4's
  // router-MAC defect (README, Lab) can silence a flow between two looks.
  const healthy = failureCount(state.failures) === 0;
  const baseReport = await scenario(ctx, state, topology, baseName, state.failures, base, baseProbes, start, [...baseBonds, ...(baseOutside?.checks ?? [])], healthy);
  // Routing from idle hosts, once the fabric's own probes are in: it changes ARP entries.
  const idle = failureCount(state.failures) === 0 ? planIdleSource(baseProbes.probes, state.plan.devices, topology.devices) : [];
  scenarios.push(idle.length === 0 ? baseReport : { ...baseReport, checks: [...baseReport.checks, ...(await idleSourceChecks(ctx, idle))] });

  // Where tenants meet: stop the router (its links down); they must then reach each other nowhere.
  for (const m of meetings.filter((x) => x.stopped.length > 0)) {
    const t = ctx.now();
    ctx.progress(`lab ${state.lab}: stopping ${m.router}, where tenants meet`);
    const errors = await applyLinkChanges(ctx.run, handOffLinkChanges(state.plan, { router: m.router }, 'down'), ctx.jobs);
    let report: ScenarioReport;
    try {
      if (errors.length > 0) throw new Error(errors.join('; '));
      report = await scenario(ctx, state, topology, `${m.router} stopped`, state.failures, settled, { probes: m.stopped, notRun: [] }, t, []);
    } finally {
      const back = await applyLinkChanges(ctx.run, handOffLinkChanges(state.plan, { router: m.router }, 'up'), ctx.jobs);
      if (back.length > 0) throw new Error(`cannot restart ${m.router}: ${back.join('; ')}`);
    }
    const again = await settleOutside(ctx, state, topology, state.failures, noBorders, options.timeoutSeconds, `${m.router} restarted`);
    // The fabric's own convergence is not in question here: keep only the probes and the restart.
    scenarios.push({ ...report, checks: [...report.checks.filter((c) => c.group !== 'convergence'), ...again.checks.filter((c) => c.group === 'convergence')], seconds: round((ctx.now() - t) / 1000) });
  }

  if (options.failures) {
    const candidates = topology.spines.filter((s) => !state.failures.spines.includes(s));
    if (topology.spines.length < 2) {
      scenarios.push({
        name: 'each spine down',
        failures: state.failures,
        convergence: { converged: true, seconds: 0, rounds: 0 },
        seconds: 0,
        checks: [notRun('reachability', 'each spine down in turn', L.singleSpine)],
        notes: [],
      });
    }
    // Leaves of dual-homed servers first: after a spine failure FRR 8.4's zebra can lack a remote
    // leaf's router MAC for minutes (README, Lab), which would fail the next scenario's routing for
    // a reason not its own.
    for (const leaf of multihomedLeaves(topology).filter((l) => !failedLeaves(state.failures).includes(l))) {
      scenarios.push(await failureScenario(ctx, state, topology, { kind: 'leaf', leaf }, options, outside));
    }
    const isolate = leafToIsolate(topology, state.failures);
    if (isolate !== undefined) {
      if (state.plan.dataPlane.protodown === true) {
        scenarios.push(await failureScenario(ctx, state, topology, { kind: 'uplinks', leaf: isolate }, options, outside));
      } else {
        const why = "this lab's leaf ports are veths, which refuse it, and this kernel has no macvlan in passthru mode, or no tc clsact, flower and skbedit to filter one, to stand in for them";
        scenarios.push({
          name: `every uplink of ${isolate} down`,
          failures: state.failures,
          convergence: { converged: true, seconds: 0, rounds: 0 },
          seconds: 0,
          checks: [notRun('multihoming', `every uplink of ${isolate} down`, L.protodownUnsupported, isolate, why)],
          notes: [],
        });
      }
    }
    for (const spine of topology.spines.length < 2 ? [] : candidates) {
      scenarios.push(await failureScenario(ctx, state, topology, { kind: 'spine', spine }, options, outside));
    }
  }

  if (options.failures && outside) {
    for (const border of bordersOf(state.plan)) scenarios.push(await borderDown(ctx, state, topology, border, options));
  }

  const all = scenarios.flatMap((s) => s.checks);
  return {
    schema: 'clos.lab-report/1',
    lab: state.lab,
    fabric: state.fabric,
    dataPlane: { vrf: state.plan.dataPlane.vrf, dot1q: state.plan.dataPlane.dot1q, notes: dataPlaneNotes(state) },
    scenarios,
    summary: {
      passed: all.filter((c) => c.status === 'passed').length,
      failed: all.filter((c) => c.status === 'failed').length,
      notRun: all.filter((c) => c.status === 'not-run').length,
      seconds: round((ctx.now() - start) / 1000),
    },
  };
}

const noBorders: ReadonlySet<string> = new Set();

/** The servers whose BGP agent `up` started without BFD, as the state records them. */
export function agentBfdOf(state: LabState): AgentBfd {
  return { withoutBfd: new Set(state.agentsWithoutBfd ?? []), frrVersion: state.frrVersion ?? 'unknown' };
}

/** For a scenario that moves nothing in the fabric: its control plane is not read again. */
const settled: Convergence = { converged: true, seconds: 0, rounds: 0, checks: [] };

/**
 * A border down: its fabric links (the control plane then expects what any leaf cut off from every
 * spine shows) and its hand-off links at both ends. Every VRF with an exit must still reach outside
 * from every other leaf; then everything comes back and must settle again.
 */
async function borderDown(ctx: LabContext, state: LabState, topology: Topology, border: string, options: TestOptions): Promise<ScenarioReport> {
  const t = ctx.now();
  const links = topology.links.filter((l) => l.leaf === border).map((l) => l.key);
  const down: Failures = { spines: state.failures.spines, links: [...new Set([...state.failures.links, ...links])].sort() };
  const borders = new Set([border]);
  const name = `${border} down`;
  ctx.progress(`lab ${state.lab}: taking border ${border} down`);
  ctx.store.write({ ...state, failures: down });
  let report: ScenarioReport;
  try {
    const errors = [
      ...(await applyLinkChanges(ctx.run, planLinkChanges(topology, state.plan, state.failures, down), ctx.jobs)),
      ...(await applyLinkChanges(ctx.run, handOffLinkChanges(state.plan, { border }, 'down'), ctx.jobs)),
    ];
    if (errors.length > 0) throw new Error(errors.join('; '));
    const degraded = await converge(ctx, state, topology, down, options.timeoutSeconds, name);
    ctx.progress(`lab ${state.lab}: ${name}: ${convergenceLine(degraded)}`);
    const degradedOutside = await settleOutside(ctx, state, topology, down, borders, options.timeoutSeconds, `stand-ins with ${border} down`);
    const probes = annotateLostNextHops(planExitProbes(probeContext(state, topology, down, options.allPairs), state.plan, borders), state.plan, degradedOutside.convergence.lost);
    report = await scenario(ctx, state, topology, name, down, degraded, probes, t, degradedOutside.checks);
  } finally {
    ctx.progress(`lab ${state.lab}: restoring ${border}`);
    const back = [
      ...(await applyLinkChanges(ctx.run, planLinkChanges(topology, state.plan, down, state.failures), ctx.jobs)),
      ...(await applyLinkChanges(ctx.run, handOffLinkChanges(state.plan, { border }, 'up'), ctx.jobs)),
    ];
    if (back.length > 0) throw new Error(`cannot restore ${border}: ${back.join('; ')}`);
    ctx.store.write(state);
  }
  const restored = await awaitConvergence(ctx, state.plan, topology, state.failures, options.timeoutSeconds);
  const restoredOutside = await settleOutside(ctx, state, topology, state.failures, noBorders, options.timeoutSeconds, `stand-ins with ${border} restored`);
  ctx.progress(`lab ${state.lab}: ${border} restored: ${convergenceLine(restored)}`);
  const restoreCheck = restored.converged
    ? { ...passed('convergence', `${border} restored`), detail: `converged in ${restored.seconds} s` }
    : { ...failed('convergence', `${border} restored`, L.notConverged, options.timeoutSeconds, restored.checks.filter((c) => c.status === 'failed').length), detail: firstFailures(restored) };
  return { ...report, checks: [...report.checks, restoreCheck, ...restoredOutside.checks.filter((c) => c.group === 'convergence')], seconds: round((ctx.now() - t) / 1000) };
}

/**
 * Waits for the stand-ins and what the leaves learned from them; returns their checks, led by one
 * convergence check named `what`.
 */
async function settleOutside(
  ctx: LabContext,
  state: LabState,
  topology: Topology,
  failures: Failures,
  downBorders: ReadonlySet<string>,
  timeout: number,
  what: string,
): Promise<{ readonly checks: readonly LabCheck[]; readonly convergence: OutsideConvergence }> {
  ctx.progress(`lab ${state.lab}: waiting for the ${what === 'stand-ins outside the fabric' ? what : `stand-ins (${what})`}`);
  const c = await awaitOutside(ctx, state.plan, topology, failures, downBorders, timeout, agentBfdOf(state));
  ctx.progress(`lab ${state.lab}: ${what}: ${c.converged ? `settled in ${c.seconds} s` : `did NOT settle in ${c.seconds} s`}`);
  const failing = c.checks.filter((x) => x.status === 'failed');
  const head: LabCheck = c.converged
    ? { ...passed('convergence', what), detail: `settled in ${c.seconds} s` }
    : {
        ...failed('convergence', what, L.notConverged, c.seconds, failing.length),
        detail: failing
          .slice(0, 3)
          .map((x) => x.message ?? x.name)
          .join('; '),
      };
  return { checks: [head, ...c.checks], convergence: c };
}

function merge(...parts: PlannedProbes[]): PlannedProbes {
  return { probes: parts.flatMap((p) => p.probes), notRun: parts.flatMap((p) => p.notRun), notes: parts.flatMap((p) => p.notes ?? []) };
}

/**
 * One leaf or spine down: recorded in the state first (so that `clos lab restore` brings it back if
 * this run is interrupted), then its links; converge, probe, restore, converge back. A leaf's
 * scenario also awaits the bonds and segments of its dual-homed servers (and their return after
 * the restore); a spine's awaits the stand-ins outside the fabric, whose routes move with it, and
 * probes the exits.
 */
async function failureScenario(ctx: LabContext, state: LabState, topology: Topology, target: FailTarget, options: TestOptions, outside: boolean): Promise<ScenarioReport> {
  const t = ctx.now();
  const label = targetLabel(target);
  const down = addFailure(state.failures, target);
  const name = `${label} down`;
  ctx.progress(`lab ${state.lab}: taking ${label} down`);
  ctx.store.write({ ...state, failures: down });
  const errors = await applyLinkChanges(ctx.run, planLinkChanges(topology, state.plan, state.failures, down), ctx.jobs);
  let restored: Convergence | undefined;
  let report: ScenarioReport;
  try {
    if (errors.length > 0) throw new Error(errors.join('; '));
    const degraded = await converge(ctx, state, topology, down, options.timeoutSeconds, name);
    ctx.progress(`lab ${state.lab}: ${name}: ${convergenceLine(degraded)}`);
    const downCtx = probeContext(state, topology, down, options.allPairs);
    let probes = planFailureProbes(downCtx);
    let settling: readonly LabCheck[];
    if (target.kind === 'leaf' || target.kind === 'uplinks') {
      settling = await multihoming(ctx, state, topology, down, options.timeoutSeconds, name);
    } else {
      const degradedOutside = outside ? await settleOutside(ctx, state, topology, down, noBorders, options.timeoutSeconds, `stand-ins with ${label} down`) : undefined;
      probes = merge(probes, annotateLostNextHops(planExitProbes(downCtx, state.plan, noBorders), state.plan, degradedOutside?.convergence.lost ?? []));
      settling = degradedOutside?.checks ?? [];
    }
    report = await scenario(ctx, state, topology, name, down, degraded, probes, t, settling);
  } finally {
    ctx.progress(`lab ${state.lab}: restoring ${label}`);
    const back = await applyLinkChanges(ctx.run, planLinkChanges(topology, state.plan, down, state.failures), ctx.jobs);
    if (back.length > 0) throw new Error(`cannot restore ${label}: ${back.join('; ')}`);
    ctx.store.write(state);
    restored = await awaitConvergence(ctx, state.plan, topology, state.failures, options.timeoutSeconds);
    ctx.progress(`lab ${state.lab}: ${label} restored: ${convergenceLine(restored)}`);
  }
  const restoreCheck = restored.converged
    ? { ...passed('convergence', `${label} restored`), detail: `converged in ${restored.seconds} s` }
    : { ...failed('convergence', `${label} restored`, L.notConverged, options.timeoutSeconds, restored.checks.filter((c) => c.status === 'failed').length), detail: firstFailures(restored) };
  // A restored leaf must take its bonds and segments back: one check when all of them did, the
  // failing ones when not.
  const rebonded = target.kind === 'leaf' || target.kind === 'uplinks' ? await multihoming(ctx, state, topology, state.failures, options.timeoutSeconds, `${label} restored`) : [];
  const bad = rebonded.filter((c) => c.status !== 'passed');
  const rejoin: LabCheck[] =
    rebonded.length === 0 ? [] : bad.length === 0 ? [{ ...passed('multihoming', `${label} restored: bonds and Ethernet segments`), detail: `${rebonded.length} checks pass again` }] : bad.map((c) => ({ ...c, name: `${c.name}, ${label} restored` }));
  return { ...report, checks: [...report.checks, restoreCheck, ...rejoin], seconds: round((ctx.now() - t) / 1000) };
}

/**
 * The leaf whose uplinks `test --failures` takes down, all of them at once (one leaf, for CI's
 * time): the first, in natural order, with an Ethernet segment and no active-backup server (zebra
 * takes segments down; an active-backup bond's port is no segment, and the server's bond, watching
 * only the carrier, would keep using it). Undefined when no leaf qualifies.
 */
function leafToIsolate(topology: Topology, failures: Failures): string | undefined {
  return topology.leaves.find((leaf) => {
    const m = topology.devices.get(leaf);
    if (m === undefined || failedLeaves(failures).includes(leaf)) return false;
    return m.interfaces.lags.some((l) => l.segment !== null) && !m.interfaces.servers.some((p) => p.bond === 'active-backup');
  });
}

/** The multihoming checks once the bonds and segments have settled (or the time is up). */
async function multihoming(ctx: LabContext, state: LabState, topology: Topology, failures: Failures, timeout: number, name: string): Promise<readonly LabCheck[]> {
  const result = await awaitMultihoming(ctx, state.plan, topology, failures, timeout);
  if (result.checks.length > 0) {
    const bad = result.checks.filter((c) => c.status !== 'passed').length;
    ctx.progress(`lab ${state.lab}: ${name}: bonds and Ethernet segments ${bad === 0 ? `as expected after ${result.seconds} s` : `NOT as expected after ${result.seconds} s (${bad} checks failing)`}`);
  }
  return result.checks;
}

function probeContext(state: LabState, topology: Topology, failures: Failures, allPairs: boolean): ProbeContext {
  return {
    allPairs,
    topology,
    endpoints: state.plan.endpoints,
    failures,
    promisedFailures: state.promisedFailures,
    vrf: state.plan.dataPlane.vrf,
    noVrfReason: noVrfReason(state),
    anycastMac: state.anycastMac,
    meetings: meetingPoints(state.plan),
  };
}

async function converge(ctx: LabContext, state: LabState, topology: Topology, failures: Failures, timeout: number, name: string): Promise<Convergence> {
  let last = '';
  return awaitConvergence(ctx, state.plan, topology, failures, timeout, (pending, total, waiting) => {
    // Said again when the count or the check waited for changes: what a slow convergence waits for.
    const line = `${total - pending}/${total} devices as expected${waiting === undefined ? '' : `; waiting for ${waiting.code ?? ''} ${waitingText(waiting)}`}`;
    if (line !== last && pending > 0) ctx.progress(`lab ${state.lab}: ${name}: ${line}`);
    last = line;
  });
}

/** A failing check in a progress line: its message, cut at 160 characters. */
function waitingText(check: LabCheck): string {
  const text = check.message ?? check.name;
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** How long a target's leaf may keep routing an idle source over its EVPN host route. */
const idleWaitMs = 20_000;

/**
 * Routing from an idle host (checks/idle-source.ts): its ARP entry on its leaf made STALE, and
 * once every leaf of the target that carries its network routes it over its own SVI, the ping.
 * One at a time: each changes the state the next one reads.
 */
async function idleSourceChecks(ctx: LabContext, plans: readonly IdleSourceProbe[]): Promise<LabCheck[]> {
  const checks: LabCheck[] = [];
  for (const { probe, sourceLeaf, targetLeaves } of plans) {
    const a = probe.from;
    const entries = parseNeighbours((await ctx.run('ip', ['-n', sourceLeaf.namespace, '-4', 'neigh', 'show', a.address])).stdout);
    if (entries.length === 0) {
      checks.push(notRun('routing', probe.name, L.idleUntestable, a.id, `${sourceLeaf.name} holds no ARP entry for ${a.address}`));
      continue;
    }
    let refused: string | undefined;
    for (const entry of entries) {
      const stale = await ctx.run('ip', ['-n', sourceLeaf.namespace, 'neigh', 'replace', a.address, 'dev', entry.dev, 'lladdr', entry.mac, 'nud', 'stale']);
      if (stale.code !== 0) refused ??= describeFailure(`making ${a.address} STALE on ${sourceLeaf.name} (${entry.dev})`, stale);
    }
    if (refused !== undefined) {
      checks.push(notRun('routing', probe.name, L.idleUntestable, a.id, refused));
      continue;
    }
    const deadline = ctx.now() + idleWaitMs;
    let still: string[] = [];
    for (;;) {
      still = [];
      for (const { leaf, svi } of targetLeaves) {
        const r = await ctx.run('ip', ['-n', leaf.namespace, 'route', 'get', a.address, 'vrf', a.vrf]);
        if (r.code !== 0 || devOf(r.stdout) !== svi) still.push(leaf.name);
      }
      if (still.length === 0 || ctx.now() >= deadline) break;
      await sleep(500);
    }
    if (still.length > 0) {
      checks.push(notRun('routing', probe.name, L.idleUntestable, a.id, `${still.join(' and ')} still routed ${a.address} over its EVPN host route ${idleWaitMs / 1000} s after ${sourceLeaf.name}'s ARP entry for it went STALE`));
      continue;
    }
    const [result] = await sendProbes(ctx.run, [probe], 1, ctx.neighbours, ctx.pingTimings);
    const judged = result === undefined ? failed(probe.group, probe.name, L.unreachable, a.id, probe.toLabel, ' (not sent)') : judgeProbe(probe, result);
    checks.push(judged.status === 'failed' ? { ...judged, detail: `${a.address}'s ARP entry on ${sourceLeaf.name} STALE, and ${targetLeaves.map((t) => t.leaf.name).join(' and ')} routing it over ${targetLeaves.length === 1 ? 'its own SVI' : 'their own SVIs'}: with a reverse-path filter on the L3VNI device the request is dropped there` } : judged);
  }
  return checks;
}

async function scenario(
  ctx: LabContext,
  state: LabState,
  topology: Topology,
  name: string,
  failures: Failures,
  convergence: Convergence,
  planned: PlannedProbes,
  start: number,
  outside: readonly LabCheck[],
  secondLook = false,
): Promise<ScenarioReport> {
  // A reply comes in milliseconds; silence takes the whole deadline, sleeping: send many more of
  // those at once. Silences come second: each counts the echo requests its target receives, which
  // a reachability probe aimed at the same server would add to.
  const before = ctx.neighbours?.stats();
  const replies = planned.probes.filter((p) => p.expect === 'reply');
  const silences = planned.probes.filter((p) => p.expect === 'silence');
  ctx.progress(`lab ${state.lab}: ${name}: sending ${replies.length} probe${replies.length === 1 ? '' : 's'} that expect a reply and ${silences.length} that expect none`);
  const results = new Map<Probe, ProbeResult>();
  const r1 = await sendProbes(ctx.run, replies, ctx.jobs * 2, ctx.neighbours, ctx.pingTimings);
  const r2 = await sendProbes(ctx.run, silences, Math.max(16, ctx.jobs * 8), ctx.neighbours, ctx.pingTimings);
  replies.forEach((p, i) => r1[i] !== undefined && results.set(p, r1[i]));
  silences.forEach((p, i) => r2[i] !== undefined && results.set(p, r2[i]));
  const notes = [...(planned.notes ?? [])];
  // If the kernel's shared ARP table overflowed anyway, ARP failures say nothing about the fabric:
  // send the failed probes that expect a reply once more, slowly, and say so.
  const after = ctx.neighbours?.stats();
  const overflows = before !== undefined && after !== undefined ? after.tableFulls - before.tableFulls : 0;
  if (overflows > 0) {
    const again = replies.filter((p) => results.get(p)?.replied !== true);
    if (again.length > 0) {
      await sleep(5000);
      const retried = await sendProbes(ctx.run, again, 2, ctx.neighbours, ctx.pingTimings);
      again.forEach((p, i) => retried[i] !== undefined && results.set(p, retried[i]));
    }
    notes.push(
      `the kernel's ARP table, shared by every namespace (net.ipv4.neigh.default.gc_thresh3), overflowed ${overflows} times while probing; ${again.length} probe${again.length === 1 ? '' : 's'} that got no reply ${again.length === 1 ? 'was' : 'were'} sent once more, two at a time`,
    );
  }
  // A routed probe that failed between leaves: is a leaf on its way missing the other's router MAC,
  // or dropping the packet by reverse-path filtering for want of the VRF's EVPN host route?
  for (const p of replies) {
    const r = results.get(p);
    if (p.group !== 'routing' || p.peer === undefined || r === undefined || r.replied) continue;
    const why = [...(await missingRouterMacs(ctx, state, topology, failures, p.from, p.peer)), ...(await reversePathDrops(ctx, state, topology, failures, p.from, p.peer))];
    if (why.length > 0) results.set(p, { ...r, detail: [r.detail, ...why].filter((x) => x !== '').join('; ') });
  }
  const judged = planned.probes.map((p) => {
    const r = results.get(p);
    return r === undefined ? failed(p.group, p.name, L.unreachable, p.from.id, p.toLabel, ' (not sent)') : judgeProbe(p, r);
  });
  const probeChecks = await excuseKnownKernelLimits(ctx, ctx.store.logDir(state.lab), failures, planned.probes, judged);
  const duplicateChecks = secondLook ? await lookForDuplicates(ctx, state, topology, failures, planned.probes, probeChecks) : [];
  const convergenceCheck: LabCheck = convergence.converged
    ? { ...passed('convergence', 'control plane'), detail: `converged in ${convergence.seconds} s, ${convergence.rounds} rounds` }
    : { ...failed('convergence', 'control plane', L.notConverged, convergence.seconds, convergence.checks.filter((c) => c.status === 'failed').length), detail: firstFailures(convergence) };
  return {
    name,
    failures,
    convergence: { converged: convergence.converged, seconds: convergence.seconds, rounds: convergence.rounds },
    checks: [convergenceCheck, ...convergence.checks, ...outside, ...probeChecks, ...duplicateChecks, ...planned.notRun],
    notes,
    seconds: round((ctx.now() - start) / 1000),
  };
}

/**
 * Routed probes of dual-homed servers that failed where the kernel refused FRR's synced ARP
 * entries (see checks/neighbour-sync.ts): the evidence is read from their leaves' zebra logs.
 */
async function excuseKnownKernelLimits(ctx: LabContext, logDir: string, failures: Failures, probes: readonly Probe[], checks: readonly LabCheck[]): Promise<LabCheck[]> {
  const suspects = new Set<string>();
  probes.forEach((p, i) => {
    if (checks[i]?.status === 'failed') for (const host of multihomedHostsOf(p, failures)) for (const l of host.leaves) suspects.add(l);
  });
  if (suspects.size === 0) return [...checks];
  const refused = new Map<string, number>();
  await mapLimit([...suspects], ctx.jobs, async (leaf) => {
    const r = await ctx.run('grep', ['-c', refusedSyncLog, join(logDir, leaf, 'zebra.log')]);
    refused.set(leaf, Number(r.stdout.trim()) || 0);
  });
  return checks.map((c, i) => {
    const p = probes[i];
    return p === undefined ? c : excuseRefusedSync(p, c, refused, failures);
  });
}

/**
 * The second look for duplicate deliveries (checks/duplicates.ts): the passed flows of servers on
 * two or more leaves pinged three times each, then the evidence that excuses a duplicate read from
 * the zebra logs of the leaves it could come from.
 */
async function lookForDuplicates(ctx: LabContext, state: LabState, topology: Topology, failures: Failures, probes: readonly Probe[], checks: readonly LabCheck[]): Promise<LabCheck[]> {
  const flows = planDuplicateProbes(probes, checks, failures);
  if (flows.length === 0) return [];
  ctx.progress(`lab ${state.lab}: looking again at ${flows.length} flow${flows.length === 1 ? '' : 's'} of servers on two or more leaves, for duplicate deliveries`);
  const timings = ctx.pingTimings ?? defaultPingTimings;
  const outputs = await mapLimit(flows, ctx.jobs * 2, async (f) => {
    await ctx.neighbours?.waitForRoom();
    const { namespace, script } = duplicateCommand(f, timings);
    const r = await ctx.run('ip', ['netns', 'exec', namespace, 'sh', '-c', script], { timeoutMs: (timings.replyDeadline + 10) * 1000 });
    return `${r.stdout}\n${r.stderr}`;
  });
  const counts = outputs.map((o) => readPingCount(o));
  const segmented = segmentedServers(topology.devices.values());
  const refused = new Map<string, number>();
  const suspects = evidenceLeaves(flows.filter((_, i) => (counts[i]?.duplicates ?? 0) > 0), segmented, failures);
  const logDir = ctx.store.logDir(state.lab);
  await mapLimit(suspects, ctx.jobs, async (leaf) => {
    const r = await ctx.run('grep', ['-c', refusedMacNexthopLog, join(logDir, leaf, 'zebra.log')]);
    refused.set(leaf, Number(r.stdout.trim()) || 0);
  });
  return flows.map((f, i) => judgeDuplicates(f, counts[i], outputs[i] ?? '', refused, segmented, failures));
}

/** A live leaf of a routed probe's source and one of its destination, each with its model and namespace. */
interface LeafPair {
  readonly source: LeafEnd;
  readonly destination: LeafEnd;
}

interface LeafEnd {
  readonly model: DeviceModel;
  readonly namespace: string;
}

/**
 * Every pair of a live leaf of `from` and a different live leaf of `to`: the leaves a routed probe
 * between them crosses, the request from the first to the second and the reply back. `segmented`
 * tells whether an endpoint is behind more than one live leaf (a dual-homed host's segment).
 */
function liveLeafPairs(state: LabState, topology: Topology, failures: Failures, from: Endpoint, to: Endpoint): { pairs: LeafPair[]; segmented: (e: Endpoint) => boolean } {
  const down = failedLeaves(failures);
  const live = (e: Endpoint): string[] => e.leaves.filter((l) => !down.includes(l));
  const end = (leaf: string): LeafEnd | undefined => {
    const model = topology.devices.get(leaf);
    const namespace = state.plan.devices.find((d) => d.name === leaf)?.namespace;
    return model === undefined || namespace === undefined ? undefined : { model, namespace };
  };
  const pairs: LeafPair[] = [];
  for (const s of live(from)) {
    for (const d of live(to)) {
      const source = end(s);
      const destination = end(d);
      if (s !== d && source !== undefined && destination !== undefined) pairs.push({ source, destination });
    }
  }
  return { pairs, segmented: (e) => live(e).length > 1 };
}

/** Runs each check in turn; the problems found. */
async function problemsOf<T>(checks: readonly T[], check: (c: T) => Promise<string | undefined>): Promise<string[]> {
  const out: string[] = [];
  for (const c of checks) {
    const problem = await check(c);
    if (problem !== undefined) out.push(problem);
  }
  return out;
}

/**
 * Why a routed probe between leaves failed, when zebra's router MACs say: each live leaf of the
 * source needs every live leaf of the destination's router MAC on the VRF's L3VNI bridge for the
 * request, and the destination's leaves the source's for the reply (a dual-homed host is behind
 * every live leaf of its segment). Each missing entry, named by its leaf and direction.
 */
async function missingRouterMacs(ctx: LabContext, state: LabState, topology: Topology, failures: Failures, from: Endpoint, to: Endpoint): Promise<string[]> {
  const { pairs, segmented } = liveLeafPairs(state, topology, failures, from, to);
  // The request needs the destination leaf's router MAC on the source leaf, the reply the source
  // leaf's on the destination leaf; a leaf of a dual-homed endpoint's segment is on the way as a
  // leaf of that segment.
  const segment = (e: Endpoint): string | undefined => (segmented(e) ? e.server : undefined);
  const entries = pairs.flatMap(({ source: s, destination: d }) =>
    [routerMacEntry(s.model, s.namespace, d.model, from.vrf, 'request', segment(to)), routerMacEntry(d.model, d.namespace, s.model, to.vrf, 'reply', segment(from))].filter((e) => e !== undefined),
  );
  return problemsOf(entries, (e) => checkRouterMac(ctx.run, e));
}

/**
 * Why a routed probe between leaves failed, when the kernel's reverse-path filter says
 * (reverse-path.ts): each live leaf of the destination receives the request over the VRF's L3VNI
 * from the source's leaves, and each live leaf of the source the reply. Each drop, named by its
 * leaf and direction.
 */
async function reversePathDrops(ctx: LabContext, state: LabState, topology: Topology, failures: Failures, from: Endpoint, to: Endpoint): Promise<string[]> {
  const { pairs } = liveLeafPairs(state, topology, failures, from, to);
  const probes = pairs.flatMap(({ source, destination }) =>
    [reversePathProbe(source, destination, to.vrf, 'request', from, to.address), reversePathProbe(destination, source, from.vrf, 'reply', to, from.address)].filter((p) => p !== undefined),
  );
  return problemsOf(probes, (p) => checkReversePath(ctx.run, p));
}

function convergenceLine(c: Convergence): string {
  return c.converged ? `control plane converged in ${c.seconds} s` : `control plane did NOT converge in ${c.seconds} s`;
}

function firstFailures(c: Convergence): string {
  return c.checks
    .filter((x) => x.status === 'failed')
    .slice(0, 3)
    .map((x) => x.message ?? x.name)
    .join('; ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
