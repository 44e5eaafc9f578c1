import { describe, expect, it } from 'vitest';
import { dataPlaneNotes, formatReport, type LabReport } from './report.js';
import type { LabState } from './state.js';

const report: LabReport = {
  schema: 'clos.lab-report/1',
  lab: 'q',
  fabric: 'q',
  dataPlane: { vrf: false, dot1q: false, notes: ['No VRFs: a note.'] },
  scenarios: [
    {
      name: 'fabric',
      failures: { spines: [], links: [] },
      convergence: { converged: true, seconds: 1.5, rounds: 3 },
      notes: ['reachability: 6 of 10 leaf pairs pinged'],
      seconds: 4,
      checks: [
        { group: 'convergence', name: 'control plane', status: 'passed', detail: 'converged in 1.5 s, 3 rounds' },
        { group: 'bgp', name: 'leaf1 to spine1 10.1.0.160 (underlay)', status: 'passed', device: 'leaf1' },
        { group: 'reachability', name: 'a <to> b', status: 'failed', code: 'CLOS7108', message: 'a & "b" cannot reach c' },
        { group: 'routing', name: 'VRF prod', status: 'not-run', code: 'CLOS7201', message: 'not run: no VRFs' },
      ],
    },
  ],
  summary: { passed: 2, failed: 1, notRun: 1, seconds: 4 },
};

describe('lab reports', () => {
  it('text lists failures and checks that did not run, with codes, and never counts the latter as passed', () => {
    const text = formatReport(report, 'text');
    expect(text).toContain('note: No VRFs: a note.');
    expect(text).toContain('== fabric (4 s)\nnote: reachability: 6 of 10 leaf pairs pinged\n');
    expect(text).toContain('✓ convergence: 1 passed — control plane converged (converged in 1.5 s, 3 rounds)');
    expect(text).toContain('✗ reachability: 1 FAILED');
    expect(text).toContain('    FAILED  CLOS7108 a <to> b: a & "b" cannot reach c');
    expect(text).toContain('- routing: 1 not run');
    expect(text).toContain('    NOT RUN CLOS7201 VRF prod: not run: no VRFs');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL: 2 passed, 1 failed, 1 not run (not counted as passed) in 4 s');
  });

  it('JUnit marks a check that did not run as skipped, with its reason, and escapes XML', () => {
    const xml = formatReport(report, 'junit');
    expect(xml).toContain('<testsuites name="clos lab q" tests="4" failures="1" errors="0" skipped="1" time="4">');
    expect(xml).toContain('<testcase classname="clos.lab.q.fabric.routing" name="VRF prod"><skipped message="CLOS7201 not run: no VRFs"/></testcase>');
    expect(xml).toContain('name="a &lt;to&gt; b"><failure type="CLOS7108" message="a &amp; &quot;b&quot; cannot reach c"/></testcase>');
    expect(xml).toContain('<testsuite name="fabric: bgp" tests="1" failures="0" errors="0" skipped="0">');
  });

  it('JSON is the report itself', () => {
    expect(JSON.parse(formatReport(report, 'json'))).toEqual(report);
  });
});

describe('data-plane notes', () => {
  const state = { kernel: { vrf: 'supported', dot1q: 'supported' }, plan: { dataPlane: { vrf: true, dot1q: true }, hosts: [], veths: [], labSubnets: {} } } as unknown as LabState;

  it("say which BGP agents run without BFD, on which FRR, and that their leaves' BFD sessions are not run", () => {
    expect(dataPlaneNotes(state)).toEqual([]);
    expect(dataPlaneNotes({ ...state, frrVersion: '10.3', agentsWithoutBfd: ['node1', 'node2'] })).toEqual([
      `BGP agents without BFD: node1, node2. FRR 10.3's bgpd starts no BGP session while its BFD session is down, and a leaf has a BFD session for a host only once the host's session is up, ` +
        `so the lab runs these agents without BFD, as the README advises for such nodes ("BFD on the hosts"). Their leaves' BFD sessions to them are reported not run (CLOS7220); their BGP sessions are checked as usual.`,
    ]);
  });

  it('say that segment member ports are macvlans and the segments are not held down after a start, when they are', () => {
    const port = { kind: 'server', a: { namespace: 'clos-q_leaf1', name: 'wswp2', mtu: 9000, port: 'swp2' }, b: { namespace: 'clos-q_h_hv01', name: 'eth0', mtu: 9000 } };
    const notes = dataPlaneNotes({ ...state, plan: { ...state.plan, veths: [port] } } as unknown as LabState);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Ethernet segments not held down after a start: .* this lab runs it at 0 s .* Each segment member port is a macvlan \(passthru\) on its veth/);
  });
});
