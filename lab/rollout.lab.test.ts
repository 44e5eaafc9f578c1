/**
 * Rolling a change out to FRR leaves (`npm run test:lab`): operators run the new build's
 * interfaces.sh over a leaf the previous build configured, and it must leave the kernel exactly as
 * the new build's script alone does (README, "Rolling out a change"). Build N is the quickstart;
 * build N+1 replaces network app with api (VLAN 150), makes web layer-2 only and gives dev-web and
 * db BGP hosts (the gateway macvlans); going back from N+1 to N removes and adds a network, routes
 * a layer-2 network and removes the gateway macvlans. leaf1 has an Ethernet segment (the
 * VLAN-aware bridge), leaf3 per-VNI bridges. lab/fixtures/rollout-compare.sh runs the scripts in
 * scratch namespaces of the lab's kernel (no FRR there: what is compared is what the scripts do)
 * and prints both states. Every VRF keeps a network on both leaves: a VRF device whose VRF is gone
 * stays (README). On the running lab, leaf1 and leaf3 are rolled to N+1 and back as operators do
 * it: interfaces.sh, then FRR's frr-reload.py with frr.conf (Debian's frr-pythontools), after
 * which frr-reload.py must find nothing left to change; then lab test of the fabric back on N.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-helpers/examples.js';
import { must } from '../test-helpers/lab.js';
import { clos, downLab, frrReloadLeft, frrReloadScript, frrVersion, labState, leftovers, testLabName, unexpectedFailures, upLab, vtyshBindir } from '../test-helpers/lab-e2e.js';
import { labFrrConf } from './frr-conf.js';
import type { LabReport } from './report.js';
import { tempDir } from '../test-helpers/temp.js';

const lab = `${testLabName}-rollout`;
const dir = tempDir('clos-rollout-');
const buildN = join(dir, 'n');
const buildN1 = join(dir, 'n1');
const compare = join(repoRoot, 'lab/fixtures/rollout-compare.sh');
/** The quickstart with the changes of build N+1. */
function changed(text: string): string {
  const edits: [string, string][] = [
    ['          - name: app\n            vlan: 120\n            subnet: 10.120.0.0/24\n', '          - name: api\n            vlan: 150\n            subnet: 10.150.0.0/24\n'],
    ['            subnet: 10.110.0.0/24       # gateway 10.110.0.1 on every leaf\n', ''],
    ['            leaves: [tag:db]            # only the db rack\n', '            leaves: [tag:db]\n            bgp_hosts: { asn: 65300, accept: [10.244.0.0/16] }\n'],
    ['            mtu: 9000\n', '            mtu: 9000\n            bgp_hosts: { asn: 65301, accept: [10.245.0.0/16] }\n'],
  ];
  for (const [from, to] of edits) {
    expect(text.includes(from), from).toBe(true);
    text = text.replace(from, to);
  }
  return text;
}

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
  const quickstart = readFileSync(join(repoRoot, 'intent/examples/quickstart/fabric.yaml'), 'utf8');
  writeFileSync(join(dir, 'fabric.yaml'), changed(quickstart));
  for (const [intent, out] of [['intent/examples/quickstart', buildN], [join(dir, 'fabric.yaml'), buildN1]] as const) {
    const r = await clos('compile', intent, '-o', out);
    expect(r.code, r.err).toBe(0);
  }
});

afterAll(async () => {
  await downLab(lab);
});

async function rollout(leaf: string, from: string, to: string): Promise<{ rolled: string; fresh: string }> {
  const withoutVrf = labState(lab).plan.dataPlane.vrf ? 0 : 1;
  const r = await clos('lab', 'exec', '--name', lab, leaf, '--', 'env', `CLOS_WITHOUT_VRF=${withoutVrf}`, 'sh', compare, join(from, leaf, 'interfaces.sh'), join(to, leaf, 'interfaces.sh'));
  expect(r.code, `${leaf}: ${r.err}`).toBe(0);
  const [rolled = '', fresh = ''] = r.out.split('====\n');
  return { rolled, fresh };
}

describe('interfaces.sh of build N+1 over build N', () => {
  it('up boots the quickstart (build N); build N+1 differs on leaf1 and leaf3 as intended', async () => {
    await upLab(lab, buildN);
    for (const leaf of ['leaf1', 'leaf3']) {
      const script = readFileSync(join(buildN1, leaf, 'interfaces.sh'), 'utf8');
      expect(script, leaf).toContain('no_vrf_address vlan110');
      expect(script, leaf).not.toContain('vlan120');
      expect(script, leaf).toContain('vlan150');
    }
    expect(readFileSync(join(buildN1, 'leaf1', 'interfaces.sh'), 'utf8')).toContain('ensure_gateway vlan210-v0 ');
    expect(readFileSync(join(buildN1, 'leaf3', 'interfaces.sh'), 'utf8')).toContain('ensure_gateway vlan130-v0 ');
  });

  it("rolls leaf1 and leaf3 (FRR up) to build N+1 and back: interfaces.sh without error, then frr-reload.py applies frr.conf and finds nothing left to change", async () => {
    const s = labState(lab);
    const withoutVrf = s.plan.dataPlane.vrf ? 0 : 1;
    expect(existsSync(frrReloadScript()), `${frrReloadScript()} (Debian's frr-pythontools)`).toBe(true);
    const bindir = vtyshBindir();
    for (const build of [buildN1, buildN]) {
      for (const leaf of ['leaf1', 'leaf3']) {
        const script = await clos('lab', 'exec', '--name', lab, leaf, '--', 'env', `CLOS_WITHOUT_VRF=${withoutVrf}`, 'sh', join(build, leaf, 'interfaces.sh'));
        expect(script.code, `${leaf} ${build}: ${script.err}`).toBe(0);
        // frr.conf as the lab runs it: with the BFD timers it raises in a VM without KVM.
        const conf = join(dir, `${leaf}-${build === buildN ? 'n' : 'n1'}.conf`);
        const text = readFileSync(join(build, leaf, 'frr.conf'), 'utf8');
        writeFileSync(conf, labFrrConf(text, s.bfdFloor));
        const pathspace = must(s.plan.devices.find((d) => d.name === leaf)).namespace;
        const reload = await clos('lab', 'exec', '--name', lab, leaf, '--', 'python3', frrReloadScript(), '--reload', '--stdout', '--bindir', bindir, '--pathspace', pathspace, conf);
        expect(reload.code, `${leaf}: ${reload.out}${reload.err}`).toBe(0);
        expect(await frrReloadLeft(lab, leaf, bindir, conf), leaf).toEqual({ delete: [], add: [] });
      }
    }
  });

  it('after rolling back to build N, lab test passes as on a fresh boot', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(result.out) as LabReport;
    const checks = report.scenarios.flatMap((x) => x.checks);
    // Rolling out changes routes as a failure does: on FRR 8.4 its router-MAC defect is excused as after one.
    expect(unexpectedFailures(checks, frrVersion(), true).map((c) => `${c.code ?? ''} ${c.name}: ${c.message ?? ''}`)).toEqual([]);
    expect(checks.filter((c) => c.group === 'bgp' && c.status === 'passed').length).toBeGreaterThan(0);
  });

  it('leaves leaf1 (VLAN-aware bridge) as a fresh run of the new build would, both ways', async () => {
    for (const [from, to] of [[buildN, buildN1], [buildN1, buildN]] as const) {
      const { rolled, fresh } = await rollout('leaf1', from, to);
      expect(fresh).toContain('## bridge vlans');
      expect(rolled).toBe(fresh);
    }
  });

  it('leaves leaf3 (per-VNI bridges) as a fresh run of the new build would, both ways', async () => {
    for (const [from, to] of [[buildN, buildN1], [buildN1, buildN]] as const) {
      const { rolled, fresh } = await rollout('leaf3', from, to);
      expect(fresh).toContain('vlan110 ');
      expect(rolled).toBe(fresh);
    }
  });

  it('down removes everything', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
