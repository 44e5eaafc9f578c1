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
 * stays (README).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-helpers/examples.js';
import { clos, downLab, labState, leftovers, testLabName, upLab } from '../test-helpers/lab-e2e.js';
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

  it('runs on the running leaf1 (FRR up) and back to build N, both without error', async () => {
    const withoutVrf = labState(lab).plan.dataPlane.vrf ? 0 : 1;
    for (const build of [buildN1, buildN]) {
      const r = await clos('lab', 'exec', '--name', lab, 'leaf1', '--', 'env', `CLOS_WITHOUT_VRF=${withoutVrf}`, 'sh', join(build, 'leaf1', 'interfaces.sh'));
      expect(r.code, r.err).toBe(0);
    }
  });

  it('leaves leaf1 (VLAN-aware bridge) as a fresh run of the new build would, both ways', async () => {
    for (const [from, to] of [[buildN, buildN1], [buildN1, buildN]] as const) {
      const { rolled, fresh } = await rollout('leaf1', from, to);
      expect(fresh).toContain('## bridge vlans');
      expect(rolled).toBe(fresh);
    }
  });

  it('leaves leaf3 (per-VNI bridges) as a fresh run of the new build would', async () => {
    const { rolled, fresh } = await rollout('leaf3', buildN, buildN1);
    expect(fresh).toContain('vlan110 ');
    expect(rolled).toBe(fresh);
  });

  it('down removes everything', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
