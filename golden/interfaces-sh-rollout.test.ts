/**
 * interfaces.sh of build N+1 run over a leaf build N configured (README, "Rolling out a change"):
 * what it queues, read from the kernel state build N's script left in the lab's kernel
 * (lab/fixtures/rollout-kernel-<leaf>.txt: what `ip -d -o link show`, `ip -o -4 addr show`,
 * `bridge vlan show` and `bridge fdb show` printed there after the quickstart's leaf1 and leaf4
 * scripts ran in a namespace with dummy ports: lab/fixtures/rollout-capture.sh, run again whenever
 * the quickstart's leaf1 or leaf4 script changes what it builds). Stand-ins
 * for ip, bridge and sysctl print that state and record what the script asks of them; the kernel's
 * answer to the same rollouts is lab/rollout.lab.test.ts's.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/run.js';
import { repoRoot } from '../test-helpers/examples.js';
import { edit } from '../test-helpers/intent.js';
import { tempDir } from '../test-helpers/temp.js';

const quickstart = readFileSync(join(repoRoot, 'intent/examples/quickstart/fabric.yaml'), 'utf8');

async function compiled(text: string): Promise<string> {
  const dir = tempDir('clos-rollout-');
  writeFileSync(join(dir, 'fabric.yaml'), text);
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1' } });
  const code = await run(['compile', join(dir, 'fabric.yaml'), '-o', join(dir, 'out')], io);
  expect(code, io.err()).toBe(0);
  return join(dir, 'out');
}

interface Rollout {
  readonly code: number;
  readonly err: string;
  readonly ip: string;
  readonly bridge: string;
  readonly sysctl: string;
}

/** Runs a leaf's interfaces.sh against the kernel state of a fixture, recording its commands. */
function rollOut(script: string, leaf: string): Rollout {
  const dir = tempDir('clos-rollout-bin-');
  const state = join(repoRoot, `lab/fixtures/rollout-kernel-${leaf}.txt`);
  const section = (command: string): string => `awk -v c='#### ${command}' '$0 == c { on = 1; next } /^#### / { on = 0 } on' '${state}'`;
  const stub = (name: string, reads: Record<string, string>): void => {
    const cases = Object.entries(reads).map(([args, command]) => `  '${args}') ${section(command)} ;;`).join('\n');
    writeFileSync(join(dir, name), `#!/bin/sh\ncase "$*" in\n${cases}\n  '-batch -') cat >> '${dir}/${name}.log' ;;\n  *) echo "$*" >> '${dir}/${name}.log' ;;\nesac\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub('ip', { '-d -o link show': 'ip -d -o link show', '-o -4 addr show': 'ip -o -4 addr show' });
  stub('bridge', { 'vlan show': 'bridge vlan show', 'fdb show': 'bridge fdb show' });
  writeFileSync(join(dir, 'sysctl'), `#!/bin/sh\ncase "$1" in -n) echo 0; echo 0 ;; *) echo "$*" >> '${dir}/sysctl.log' ;; esac\n`);
  chmodSync(join(dir, 'sysctl'), 0o755);
  for (const name of ['ip', 'bridge', 'sysctl']) writeFileSync(join(dir, `${name}.log`), '');
  const r = spawnSync('sh', [script], { encoding: 'utf8', env: { PATH: `${dir}:${process.env['PATH'] ?? ''}`, CLOS_WITHOUT_VRF: '0' } });
  const log = (name: string): string => readFileSync(join(dir, `${name}.log`), 'utf8');
  return { code: r.status ?? -1, err: r.stderr, ip: log('ip'), bridge: log('bridge'), sysctl: log('sysctl') };
}

describe('interfaces.sh over the quickstart', () => {
  it('changes nothing it need not on leaf1 when the build is the same (reads match the fixture)', async () => {
    const r = rollOut(join(await compiled(quickstart), 'leaf1', 'interfaces.sh'), 'leaf1');
    expect(r.code, r.err).toBe(0);
    expect(r.ip).not.toMatch(/^link (del|add) /m);
    expect(r.ip).not.toContain('nomaster');
    expect(r.bridge).not.toMatch(/ del /);
  });

  it("leaf1 (VLAN-aware bridge): a network removed takes its VLAN and local entries off br0, and no 'nomaster' goes to its deleted VXLAN device", async () => {
    const out = await compiled(edit(quickstart, '          - name: app\n            vlan: 120\n            subnet: 10.120.0.0/24\n', '          - name: api\n            vlan: 150\n            subnet: 10.150.0.0/24\n'));
    const r = rollOut(join(out, 'leaf1', 'interfaces.sh'), 'leaf1');
    expect(r.code, r.err).toBe(0);
    expect(r.ip).toContain('link del dev vxlan10120\n');
    expect(r.ip).toContain('link del dev vlan120\n');
    expect(r.ip).not.toContain('dev vxlan10120 nomaster');
    expect(r.bridge).toContain('fdb del 00:00:5e:00:01:01 dev br0 vlan 120 self\n');
    expect(r.bridge).toContain('vlan del vid 120 dev br0 self\n');
    // br0's own MAC in VLAN 120 goes too; nothing of the VLANs that stay.
    expect(r.bridge).toContain('fdb del 02:00:0a:00:00:0b dev br0 vlan 120 self\n');
    expect(r.bridge.split('\n').filter((l) => l.includes(' del ') && !l.includes(' 120 '))).toEqual([]);
  });

  it("leaf1: a routed network made layer-2 only loses its address, its VRF, its gateway device and the anycast MAC's local entry, and gets the default ARP settings", async () => {
    const layer2 = await compiled(edit(quickstart, '            subnet: 10.110.0.0/24       # gateway 10.110.0.1 on every leaf\n', ''));
    const r = rollOut(join(layer2, 'leaf1', 'interfaces.sh'), 'leaf1');
    expect(r.code, r.err).toBe(0);
    // web is a segment's network: leaf1's own address is on vlan110, the gateway on vlan110-v0.
    expect(r.ip).toContain('addr del 10.110.0.244/24 dev vlan110\n');
    expect(r.ip).toContain('link set dev vlan110 nomaster\n');
    expect(r.ip).toMatch(/link del (dev )?vlan110-v0\n/);
    expect(r.sysctl).toMatch(/ net\/ipv4\/conf\/vlan110\/arp_ignore=0 net\/ipv4\/conf\/vlan110\/arp_announce=0/);
    // The anycast MAC is no longer vlan110's: its local entry in VLAN 110 goes, the VLAN stays.
    expect(r.bridge).toContain('fdb del 00:00:5e:00:01:01 dev br0 vlan 110 self\n');
    expect(r.bridge).not.toContain('vlan del vid 110 ');
  });

  it("leaf4 (per-VNI bridges): a network made layer-2 only loses its gateway device's local entry for the anycast MAC, and no other bridge loses one", async () => {
    const layer2 = await compiled(edit(quickstart, '            subnet: 10.110.0.0/24       # gateway 10.110.0.1 on every leaf\n', ''));
    const r = rollOut(join(layer2, 'leaf4', 'interfaces.sh'), 'leaf4');
    expect(r.code, r.err).toBe(0);
    expect(r.ip).toMatch(/link del (dev )?vlan110-v0\n/);
    // vlan110 keeps the leaf's MAC; vlan130 (db) has the anycast MAC as its own and keeps its entries.
    expect(r.bridge.split('\n').filter((l) => l.startsWith('fdb del'))).toEqual(['fdb del 00:00:5e:00:01:01 dev vlan110 vlan 1 self', 'fdb del 00:00:5e:00:01:01 dev vlan110 self']);
  });

  it("leaf4 (per-VNI bridges): a trunk that stops carrying a VLAN whose bridge stays gets no 'nomaster' for its deleted sub-interface", async () => {
    const out = await compiled(edit(quickstart, '    attach: [{ leaf: leaf4, port: 2 }]\n    networks: [db, replication]', '    attach: [{ leaf: leaf4, port: 2 }]\n    networks: [db]'));
    const r = rollOut(join(out, 'leaf4', 'interfaces.sh'), 'leaf4');
    expect(r.code, r.err).toBe(0);
    expect(r.ip).toContain('link del dev swp2.140\n');
    expect(r.ip).not.toContain('swp2.140 nomaster');
  });
});
