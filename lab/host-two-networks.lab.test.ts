/**
 * BGP to hosts with one server on two such networks, for real (`npm run test:lab`; root, FRR):
 * lab/fixtures/outside with node1 also on k8s2 (VRF dev, hosts AS65401; test-helpers/lab.ts
 * outsideTwoNetworksIntent). One host agent runs both sessions, the second by `local-as`; each
 * must come up, each VRF must take its own network's pod prefix and refuse the other's rogue, and
 * every leaf of the VRF must carry it. Needs VRF and 802.1Q devices: on a kernel without them `lab
 * up` boots the lab in a VM (lab/vm/).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, outsideTwoNetworksIntent } from '../test-helpers/lab.js';
import { clos, downLab, frrVersion, keepReport, leftovers, testLabName, unexpectedFailures, upLab } from '../test-helpers/lab-e2e.js';
import { bgpdWaitsForBfd } from './frr-install.js';
import type { LabReport } from './report.js';

const lab = `${testLabName}-two-nets`;
const frr = frrVersion();
let scratch = '';

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
  scratch = mkdtempSync(join(tmpdir(), 'clos-two-nets-'));
  writeFileSync(join(scratch, 'fabric.yaml'), outsideTwoNetworksIntent());
});

afterAll(async () => {
  await downLab(lab);
  rmSync(scratch, { recursive: true, force: true });
});

describe('clos lab: a server speaking BGP on two networks of two VRFs', () => {
  it('up starts one agent for both sessions', async () => {
    await upLab(lab, scratch);
  });

  it('test: both sessions are up, each VRF takes its own pod prefix and refuses the rogue, on every leaf of the VRF', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(keepReport(lab, result.out)) as LabReport;
    const checks = must(report.scenarios[0]).checks;
    expect(unexpectedFailures(checks, frr).map((c) => `${c.code ?? ''} ${c.name} ${c.message ?? ''}`)).toEqual([]);
    expect(result.code).toBe(checks.some((c) => c.status === 'failed') ? 1 : 0);
    const hosts = checks.filter((c) => c.group === 'hosts');
    const passed = (pattern: RegExp): boolean => hosts.some((c) => c.status === 'passed' && pattern.test(c.name));
    // The session per network: k8s's from node1's own ASN, k8s2's by local-as.
    expect(passed(/^node1 to leaf1 10\.120\.0\.244 \(network k8s\)/)).toBe(true);
    expect(passed(/^node1 to leaf1 10\.220\.0\.244 \(network k8s2\)/)).toBe(true);
    // Each VRF holds its own network's pod prefix, on every leaf of the VRF, and refuses the other network's rogue prefix.
    for (const leaf of ['leaf1', 'leaf2', 'border1', 'border2']) expect(passed(new RegExp(`^${leaf} VRF prod has 10\\.244\\.0\\.0/28 from node1`)), leaf).toBe(true);
    expect(passed(/^leaf1 VRF dev has 10\.245\.0\.0\/28 from node1/)).toBe(true);
    expect(passed(/^leaf1 VRF prod refuses \S+ from node1/)).toBe(true);
    expect(passed(/^leaf1 VRF dev refuses \S+ from node1/)).toBe(true);
    // Only what the fixture cannot show is not run: no other leaf of VRF dev to reach k8s2's pod from.
    expect(hosts.filter((c) => c.status === 'not-run').map((c) => c.code)).toEqual(['CLOS7216']);
    // leaf1's BFD session to node1 in each network: up, or not run by design where the agent runs without BFD (a bgpd that waits for BFD: 10.2.0 to 10.2.2, 10.3.0).
    const bfd = checks.filter((c) => c.group === 'bfd' && c.name.startsWith('leaf1 to node1 '));
    expect(bfd.map((c) => /\(network (\S+),/.exec(c.name)?.[1]).sort()).toEqual(['k8s', 'k8s2']);
    expect(bfd.map((c) => (c.status === 'not-run' ? c.code : c.status))).toEqual(bfd.map(() => (bgpdWaitsForBfd(frr) ? 'CLOS7220' : 'passed')));
  });

  it('down leaves nothing', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
