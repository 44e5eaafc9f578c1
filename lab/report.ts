/**
 * The lab report: text for people, JSON for tools, JUnit XML for CI dashboards. A check that did not
 * run is never counted as passed: text lists it with its reason, JSON gives it status `not-run`,
 * JUnit marks it `<skipped>` with the reason.
 */
import { checkGroups, type CheckGroup, type LabCheck } from './check.js';
import { bfdFloorNote, mhStartupDelayNote } from './frr-conf.js';
import type { LabState } from './state.js';
import type { Failures } from './topology.js';

export interface ScenarioReport {
  /** `fabric`, or what is down: `spine1 down`. */
  readonly name: string;
  readonly failures: Failures;
  readonly convergence: { readonly converged: boolean; readonly seconds: number; readonly rounds: number };
  readonly checks: readonly LabCheck[];
  /** What was sampled or retried, and why. */
  readonly notes: readonly string[];
  readonly seconds: number;
}

export interface LabReport {
  readonly schema: 'clos.lab-report/1';
  readonly lab: string;
  readonly fabric: string;
  readonly dataPlane: { readonly vrf: boolean; readonly dot1q: boolean; readonly notes: readonly string[] };
  readonly scenarios: readonly ScenarioReport[];
  readonly summary: { readonly passed: number; readonly failed: number; readonly notRun: number; readonly seconds: number };
}

export type ReportFormat = 'text' | 'json' | 'junit';

export function noVrfReason(state: LabState): string {
  return state.kernel.vrf === 'supported' ? "'clos lab up' was given --without-vrf" : 'this kernel has no VRF devices';
}

/** What the lab could not do on this kernel, and what it did instead. */
export function dataPlaneNotes(state: LabState): string[] {
  const notes: string[] = [];
  const { vrf, dot1q } = state.plan.dataPlane;
  if (!vrf) {
    notes.push(
      `No VRFs: ${noVrfReason(state)} (ip link add type vrf: ${state.kernel.vrf}). interfaces.sh ran with CLOS_WITHOUT_VRF=1, so no VRF device or L3VNI exists and the anycast gateways sit in the main routing table; ` +
        `leaves run with net.ipv4.ip_forward=0 so that table cannot route between tenants (a leaf never transits underlay traffic in a Clos with eBGP loop prevention). ` +
        `Isolation checks therefore prove layer-2 separation only; routing between the networks of a VRF and routed isolation did not run (CLOS7201).`,
    );
  }
  if (!dot1q && state.plan.hosts.some((h) => h.interfaces.some((i) => i.name.includes('.')))) {
    const why = state.kernel.dot1q === 'supported' ? 'clos lab up was given --veth-trunks' : `this kernel has no 802.1Q VLAN devices (ip link add type vlan: ${state.kernel.dot1q})`;
    notes.push(
      `Trunks emulated: ${why}. Each tagged VLAN of a trunk port is its own veth pair, whose leaf end is already named <port>.<vlan> before interfaces.sh runs and whose other end is eth<k>.<vlan> in the server's namespace; frames on it carry no 802.1Q tag.`,
    );
  }
  if (state.bfdFloor !== undefined) notes.push(bfdFloorNote(state.bfdFloor));
  if (state.plan.veths.some((v) => v.a.port !== undefined)) notes.push(mhStartupDelayNote());
  const withoutBfd = state.agentsWithoutBfd ?? [];
  if (withoutBfd.length > 0) {
    notes.push(
      `BGP agents without BFD: ${withoutBfd.join(', ')}. FRR ${state.frrVersion ?? '(version unknown)'}'s bgpd starts no BGP session while its BFD session is down, and a leaf has a BFD session for a host only once the host's session is up, ` +
        `so the lab runs these agents without BFD, as the README advises for such nodes ("BFD on the hosts"). Their leaves' BFD sessions to them are reported not run (CLOS7220); their BGP sessions are checked as usual.`,
    );
  }
  const subnets = Object.entries(state.plan.labSubnets);
  if (subnets.length > 0) {
    notes.push(`Layer-2-only networks have no subnet; the lab addressed their servers from ${subnets.map(([n, s]) => `${s} (${n})`).join(', ')}.`);
  }
  return notes;
}

export function formatReport(report: LabReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'junit':
      return formatJunit(report);
    case 'text':
      return formatText(report);
  }
}

function count(checks: readonly LabCheck[], status: LabCheck['status']): number {
  return checks.filter((c) => c.status === status).length;
}

function groupTitle(group: CheckGroup): string {
  return checkGroups.find((g) => g.group === group)?.title ?? group;
}

export function formatText(report: LabReport): string {
  const out: string[] = [`clos lab test: lab ${report.lab} (fabric ${report.fabric})`];
  for (const note of report.dataPlane.notes) out.push(`note: ${note}`);
  for (const s of report.scenarios) {
    out.push('', `== ${s.name} (${s.seconds} s)`);
    for (const note of s.notes) out.push(`note: ${note}`);
    for (const { group } of checkGroups) {
      const checks = s.checks.filter((c) => c.group === group);
      if (checks.length === 0) continue;
      const p = count(checks, 'passed');
      const f = count(checks, 'failed');
      const n = count(checks, 'not-run');
      const counts = [p > 0 ? `${p} passed` : '', f > 0 ? `${f} FAILED` : '', n > 0 ? `${n} not run` : ''].filter((x) => x !== '').join(', ');
      const detail = group === 'convergence' ? checks.map((c) => c.detail).filter((d): d is string => d !== undefined && d !== '').join('; ') : '';
      out.push(`${f > 0 ? '✗' : n > 0 && p === 0 ? '-' : '✓'} ${group}: ${counts} — ${groupTitle(group)}${detail === '' ? '' : ` (${detail})`}`);
      for (const c of checks) {
        if (c.status === 'passed') continue;
        out.push(`    ${c.status === 'failed' ? 'FAILED ' : 'NOT RUN'} ${c.code ?? ''} ${c.name}: ${c.message ?? ''}`);
      }
    }
  }
  const { passed, failed, notRun, seconds } = report.summary;
  out.push('', `${failed === 0 ? 'PASS' : 'FAIL'}: ${passed} passed, ${failed} failed, ${notRun} not run (not counted as passed) in ${seconds} s`);
  return `${out.join('\n')}\n`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function formatJunit(report: LabReport): string {
  const { passed, failed, notRun, seconds } = report.summary;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="clos lab ${xml(report.lab)}" tests="${passed + failed + notRun}" failures="${failed}" errors="0" skipped="${notRun}" time="${seconds}">`,
  ];
  for (const s of report.scenarios) {
    for (const { group } of checkGroups) {
      const checks = s.checks.filter((c) => c.group === group);
      if (checks.length === 0) continue;
      out.push(
        `  <testsuite name="${xml(`${s.name}: ${group}`)}" tests="${checks.length}" failures="${count(checks, 'failed')}" errors="0" skipped="${count(checks, 'not-run')}">`,
      );
      for (const c of checks) {
        const head = `    <testcase classname="${xml(`clos.lab.${report.lab}.${s.name}.${group}`)}" name="${xml(c.name)}"`;
        if (c.status === 'passed') {
          out.push(c.detail === undefined ? `${head}/>` : `${head}><system-out>${xml(c.detail)}</system-out></testcase>`);
        } else if (c.status === 'failed') {
          out.push(`${head}><failure type="${xml(c.code ?? '')}" message="${xml(c.message ?? '')}"/></testcase>`);
        } else {
          out.push(`${head}><skipped message="${xml(`${c.code ?? ''} ${c.message ?? ''}`)}"/></testcase>`);
        }
      }
      out.push('  </testsuite>');
    }
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
