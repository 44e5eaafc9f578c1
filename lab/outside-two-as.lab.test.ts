/**
 * One hand-off port, two ASNs, for real (`npm run test:lab`; root, FRR): boots
 * lab/fixtures/outside-two-as, where VRF prod goes to AS 65500 and VRF legacy to AS 65501 on the
 * same port of each border. The stand-in at the cable's other end, ext-as65500-65501, runs a BGP
 * instance per ASN in a Linux VRF of its own (lab/stand-ins.ts): both instances' sessions come
 * up, each VRF gets the default route over both borders and reaches its own instance's outside
 * address, and the two VRFs never reach each other (they meet at no AS). Needs VRF and 802.1Q
 * devices: on a kernel without them `lab up` boots the lab in a VM (lab/vm/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clos, downLab, frrVersion, keepReport, leftovers, testLabName, unexpectedFailures, upLab } from '../test-helpers/lab-e2e.js';
import type { LabReport } from './report.js';

const lab = `${testLabName}-two-as`;
const frr = frrVersion();

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
});

afterAll(async () => {
  await downLab(lab);
});

describe('clos lab: one hand-off port to two ASNs (lab/fixtures/outside-two-as)', () => {
  it('up starts one stand-in for the shared port', async () => {
    await upLab(lab, 'lab/fixtures/outside-two-as');
  });

  it('test: both instances peer with both borders, each VRF reaches its own outside, and the two never meet', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(keepReport(lab, result.out)) as LabReport;
    const checks = report.scenarios[0]?.checks ?? [];
    expect(unexpectedFailures(checks, frr).map((c) => `${c.code ?? ''} ${c.name} ${c.message ?? ''}`)).toEqual([]);
    expect(checks.filter((c) => c.status === 'not-run' && c.group === 'exits')).toEqual([]);
    const passed = (group: string, text: string): boolean => checks.some((c) => c.group === group && c.status === 'passed' && c.name.includes(text));
    for (const [peer, border, vrf] of [
      ['192.0.2.0', 'border1', 'prod'],
      ['192.0.2.2', 'border2', 'prod'],
      ['192.0.2.4', 'border1', 'legacy'],
      ['192.0.2.6', 'border2', 'legacy'],
    ] as const) {
      expect(passed('exits', `ext-as65500-65501 to ${border} ${peer} (VRF ${vrf})`), `${border} ${vrf}`).toBe(true);
      // The border's BFD session to the router's end of the /31 (the next address), in the VRF.
      const router = peer.replace(/\d+$/, (last) => String(Number(last) + 1));
      expect(passed('bfd', `${border} to ext-as65500-65501 ${router} (VRF ${vrf})`), `${border} ${vrf} BFD`).toBe(true);
    }
    expect(passed('exits', 'leaf1 VRF prod default route over border1, border2')).toBe(true);
    expect(passed('exits', 'leaf1 VRF legacy default route over border1, border2')).toBe(true);
    expect(passed('exits', 'to ext-as65500-65501 203.0.113.1')).toBe(true);
    expect(passed('exits', 'to ext-as65500-65501 198.51.100.1')).toBe(true);
    // No meeting point: nothing reaches the other tenant through the stand-in.
    expect(checks.some((c) => c.group === 'exits' && c.name.includes('through ext-as65500-65501'))).toBe(false);
    expect(checks.filter((c) => c.group === 'isolation' && c.status === 'passed').length).toBeGreaterThan(0);
    expect(result.code).toBe(checks.some((c) => c.status === 'failed') ? 1 : 0);
  });

  it('down leaves nothing of the stand-in', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
