/**
 * The lab end to end, for real: boots a fabric in network namespaces with FRR, tests it healthy and
 * with each spine down in turn, fails and restores a spine by hand, and tears everything down,
 * checking nothing is left. Needs root, FRR, iproute2 and ping (`npm run test:lab`; .ci/run).
 *
 * The quickstart example by default; CLOS_LAB_INTENT=<intent or build dir> runs any other fabric.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/run.js';
import { repoRoot } from '../test-helpers/examples.js';
import { must } from '../test-helpers/lab.js';
import { runProcess } from './exec.js';
import { labPrefix } from './names.js';
import type { LabReport } from './report.js';
import type { LabState } from './state.js';

const lab = 'labtest';
const intent = process.env['CLOS_LAB_INTENT'] ?? 'intent/examples/quickstart';
const stateRoot = process.env['CLOS_LAB_STATE_DIR'] ?? '/run/clos-lab';
const scratch = mkdtempSync(join(tmpdir(), 'clos-lab-e2e-'));

async function clos(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1', CLOS_LAB_STATE_DIR: stateRoot } });
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  const ns = await runProcess('ip', ['netns', 'list']);
  for (const line of ns.stdout.split('\n')) if (line.startsWith(labPrefix(lab))) found.push(`namespace ${line}`);
  for (const dir of ['/etc/frr', '/var/run/frr']) {
    if (existsSync(dir)) for (const name of readdirSync(dir)) if (name.startsWith(labPrefix(lab))) found.push(join(dir, name));
  }
  if (existsSync(join(stateRoot, lab))) found.push(join(stateRoot, lab));
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(labPrefix(lab))) found.push(`process ${pid}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Running: exists and is not a zombie (an exited daemon waits for PID 1 to reap it). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function state(): LabState {
  return JSON.parse(readFileSync(join(stateRoot, lab, 'state.json'), 'utf8')) as LabState;
}

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
});

afterAll(async () => {
  await clos('lab', 'down', '--name', lab);
  rmSync(scratch, { recursive: true, force: true });
});

describe(`clos lab on ${intent}`, () => {
  let pids: number[] = [];

  it('up boots every device and server', async () => {
    const up = await clos('lab', 'up', intent, '--name', lab);
    expect(up.err, up.err).not.toMatch(/\berror CLOS/);
    expect(up.code).toBe(0);
    const s = state();
    expect(s.status).toBe('up');
    const namespaces = (await runProcess('ip', ['netns', 'list'])).stdout;
    for (const d of [...s.plan.devices, ...s.plan.hosts]) expect(namespaces).toContain(d.namespace);
    // zebra, bgpd and bfdd per device, all alive.
    expect(s.daemons).toHaveLength(s.plan.devices.length * 3);
    pids = s.daemons.map((d) => d.pid);
    for (const pid of pids) expect(running(pid), `pid ${pid}`).toBe(true);
  });

  it('layer-2-only bridges do not route: forwarding off, the leaf\'s own MAC, no ARP suppression', async () => {
    const s = state();
    let l2only = 0;
    for (const d of s.plan.devices) {
      const m = JSON.parse(readFileSync(join(stateRoot, lab, 'build', d.name, 'model.json'), 'utf8')) as {
        anycastGateway: { mac: string } | null;
        linux: { bridges: { name: string; vxlan: string; mac: string; address: string | null; forwarding: boolean; arpSuppression: boolean }[] } | null;
      };
      for (const b of m.linux?.bridges ?? []) {
        const exec = async (...argv: string[]): Promise<string> => (await runProcess('ip', ['netns', 'exec', d.namespace, ...argv])).stdout.trim();
        const forwarding = await exec('sysctl', '-n', `net.ipv4.conf.${b.name}.forwarding`);
        const mac = await exec('cat', `/sys/class/net/${b.name}/address`);
        const port = await exec('bridge', '-d', 'link', 'show', 'dev', b.vxlan);
        expect(mac, `${d.name} ${b.name}`).toBe(b.mac);
        expect(port, `${d.name} ${b.vxlan}`).toContain(`neigh_suppress ${b.arpSuppression ? 'on' : 'off'}`);
        if (b.address !== null) continue;
        l2only++;
        expect(b.mac, `${d.name} ${b.name}`).not.toBe(m.anycastGateway?.mac);
        expect(forwarding, `${d.name} ${b.name} forwarding`).toBe('0');
      }
    }
    // The quickstart's replication network is layer 2 only, on two leaves.
    if (intent === 'intent/examples/quickstart') expect(l2only).toBe(2);
  });

  it('test: every check passes, or did not run for a stated reason', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(result.out) as LabReport;
    const checks = must(report.scenarios[0]).checks;
    const failed = checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => `${c.code ?? ''} ${c.message ?? ''}`)).toEqual([]);
    expect(result.code).toBe(0);
    // Every session of every device model, established.
    const s = state();
    const models = s.plan.devices.map((d) => JSON.parse(readFileSync(join(stateRoot, lab, 'build', d.name, 'model.json'), 'utf8')) as { bgp: { neighbors: unknown[] } });
    const sessions = models.reduce((n, m) => n + m.bgp.neighbors.length, 0);
    expect(checks.filter((c) => c.group === 'bgp' && c.status === 'passed')).toHaveLength(sessions);
    for (const group of ['convergence', 'bgp', 'bfd', 'vtep-routes', 'vni-vteps', 'gateway', 'reachability']) {
      expect(checks.some((c) => c.group === group && c.status === 'passed'), group).toBe(true);
    }
    // Nothing is passed off: a check that did not run carries a CLOS72xx reason.
    for (const c of checks.filter((x) => x.status === 'not-run')) {
      expect(c.code).toMatch(/^CLOS72\d\d$/);
      expect(c.message).toMatch(/^not run: /);
    }
    if (!s.plan.dataPlane.vrf) {
      expect(report.dataPlane.notes.join('\n')).toContain('No VRFs');
      expect(checks.filter((c) => c.group === 'routing').every((c) => c.status === 'not-run' && c.code === 'CLOS7201')).toBe(true);
    }
  });

  it('test --failures: reachability holds with each spine down in turn', async () => {
    const file = join(scratch, 'report.xml');
    const result = await clos('lab', 'test', '--name', lab, '--failures', '--format', 'junit', '--output', file);
    process.stdout.write(result.out);
    expect(result.out).toMatch(/^PASS: /m);
    expect(result.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuites name="clos lab labtest" tests="\d+" failures="0"/);
    const spines = state().plan.devices.filter((d) => d.role === 'spine').map((d) => d.name);
    if (spines.length > 1) for (const spine of spines) expect(xml).toContain(`<testsuite name="${spine} down: reachability"`);
  });

  it('fail and restore a spine by hand; test expects the degraded fabric in between', async () => {
    const spine = must(state().plan.devices.find((d) => d.role === 'spine')).name;
    expect((await clos('lab', 'fail', spine, '--name', lab)).code).toBe(0);
    expect(state().failures.spines).toEqual([spine]);
    const degraded = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(degraded.out) as LabReport;
    const scenario = must(report.scenarios[0]);
    expect(scenario.name).toBe(`fabric with ${spine} down`);
    const downSessions = scenario.checks.filter((c) => c.group === 'bgp' && c.name.endsWith('is down'));
    expect(downSessions.length).toBeGreaterThan(0);
    expect(downSessions.every((c) => c.status === 'passed')).toBe(true);
    expect((await clos('lab', 'restore', '--name', lab)).code).toBe(0);
    expect(state().failures).toEqual({ spines: [], links: [] });
    const healthy = await clos('lab', 'test', '--name', lab);
    expect(healthy.code, healthy.out).toBe(0);
  });

  it('down removes every namespace, process and file, and is safe to run twice', async () => {
    const first = await clos('lab', 'down', '--name', lab);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^lab labtest is down \(\d+ processes stopped, \d+ namespaces removed\)/);
    expect(await leftovers()).toEqual([]);
    for (const pid of pids) expect(running(pid), `pid ${pid}`).toBe(false);
    for (const pid of pids) expect(existsSync(`/var/tmp/frr/zebra.${pid}`)).toBe(false);
    const second = await clos('lab', 'down', '--name', lab);
    expect(second.code).toBe(0);
    expect(await leftovers()).toEqual([]);
  });
});
