/**
 * The fallbacks for kernels without VRF or 802.1Q devices, where no VM can boot: `--no-vm` keeps
 * the lab on this kernel, `--without-vrf` and `--veth-trunks` force what such a kernel would make
 * the lab do. The routed checks are then reported as not run, with their reason, never as passed.
 * Bonds have no fallback (a kernel without bonding cannot boot a dual-homed server: CLOS7008), so
 * this runs the quickstart with its dual-homed server hv01 cabled to leaf2 only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir } from '../test-helpers/examples.js';
import { must } from '../test-helpers/lab.js';
import { clos, downLab, inVm, labState, leftovers, testLabName, upLab } from '../test-helpers/lab-e2e.js';
import type { LabReport } from './report.js';

const lab = `${testLabName}-fallback`;
const scratch = mkdtempSync(join(tmpdir(), 'clos-lab-fallback-'));
const dualHomed = '    attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }]   # an EVPN Ethernet segment\n    bond: lacp ';
const quickstart = readFileSync(join(examplesDir, 'quickstart', 'fabric.yaml'), 'utf8');
writeFileSync(join(scratch, 'fabric.yaml'), quickstart.replace(dualHomed, '    attach: [{ leaf: leaf2, port: 2 }]\n    # bond: lacp '));

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
});

afterAll(async () => {
  await downLab(lab);
  rmSync(scratch, { recursive: true, force: true });
});

describe('clos lab --no-vm --without-vrf --veth-trunks on the quickstart, single-homed', () => {
  it('up runs on this kernel, without VRF devices, one veth per tagged VLAN', async () => {
    expect(quickstart).toContain(dualHomed);
    await upLab(lab, scratch, '--no-vm', '--without-vrf', '--veth-trunks');
    expect(inVm(lab)).toBe(false);
    const s = labState(lab);
    // Whether a port can be protodown is the kernel's (this one has macvlan); single-homed, no port needs it.
    expect(s.plan.dataPlane).toEqual({ vrf: false, dot1q: false, protodown: expect.any(Boolean) as boolean });
    expect(s.plan.veths.some((v) => v.a.port !== undefined)).toBe(false);
    expect(s.plan.veths.some((v) => v.kind === 'server-vlan')).toBe(true);
  });

  it('test passes what it can prove and reports the routed checks as not run, with the reason', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(result.out) as LabReport;
    const checks = must(report.scenarios[0]).checks;
    expect(checks.filter((c) => c.status === 'failed').map((c) => c.message)).toEqual([]);
    expect(result.code).toBe(0);
    const routing = checks.filter((c) => c.group === 'routing');
    expect(routing.length).toBeGreaterThan(0);
    expect(routing.every((c) => c.status === 'not-run' && c.code === 'CLOS7201')).toBe(true);
    expect(report.dataPlane.notes.join('\n')).toContain('No VRFs');
    expect(report.dataPlane.notes.join('\n')).toContain('Trunks emulated');
    expect(checks.filter((c) => c.group === 'isolation' && c.status === 'passed').length).toBeGreaterThan(0);
  });

  it('down removes everything', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
