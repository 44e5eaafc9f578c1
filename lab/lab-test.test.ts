/**
 * `clos lab test` (lab/test.ts labTest) end to end, without a lab: a fake runner answers vtysh as a
 * healthy FRR would for each device model (every session Established with its families, BFD up,
 * every VNI's remote VTEPs) and the kernel as a healthy leaf's (one route per shared spine to every
 * other VTEP, every VNI's remote VTEPs flooded to), `ip` and `ping` as
 * told, and a clock that jumps ten seconds per reading ends every wait at once. What the report says
 * of convergence, of a fabric of one spine, and of routing from an idle host.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { exampleModels, intentModels } from '../test-helpers/lab.js';
import type { LabCheck } from './check.js';
import type { LabContext } from './context.js';
import type { Runner, RunResult } from './exec.js';
import { planLab } from './plan.js';
import type { LabReport } from './report.js';
import { labStateSchema, StateStore, type LabState } from './state.js';
import { labTest } from './test.js';
import { buildTopology, linkBetween, noFailures, sharedSpines, type Topology } from './topology.js';

const root = mkdtempSync(join(tmpdir(), 'clos-lab-test-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
const store = new StateStore(root);

/** A recorded lab of `models` (its build copied as `up` copies it), with VRF devices. */
function recordedLab(lab: string, models: readonly DeviceModel[]): LabState {
  for (const m of models) {
    mkdirSync(join(store.buildDir(lab), m.name), { recursive: true });
    writeFileSync(join(store.buildDir(lab), m.name, 'model.json'), JSON.stringify(m));
  }
  const plan = planLab(lab, models, { vrf: true, dot1q: true });
  const kernel = { vrf: 'supported', dot1q: 'supported', bond: 'supported', vlanFiltering: 'supported' };
  const state = { schema: labStateSchema, lab, fabric: lab, source: lab, status: 'up', plan, promisedFailures: 1, anycastMac: null, kernel, daemons: [], failures: noFailures, timings: {} } as unknown as LabState;
  store.write(state);
  return state;
}

/** What a healthy FRR prints for `command` on device `m`. */
function healthyFrr(topology: Topology, m: DeviceModel, command: string): unknown {
  const families = (n: DeviceModel['bgp']['neighbors'][number]): Record<string, { advertisedAndReceived: boolean }> => {
    const g = m.bgp.peerGroups.find((x) => x.name === n.peerGroup);
    return {
      ...(g?.addressFamilies.ipv4Unicast === true ? { ipv4Unicast: { advertisedAndReceived: true } } : {}),
      ...(g?.addressFamilies.l2vpnEvpn === true ? { l2VpnEvpn: { advertisedAndReceived: true } } : {}),
    };
  };
  if (command === 'show bgp neighbors json') {
    return Object.fromEntries(m.bgp.neighbors.map((n) => [n.address, { bgpState: 'Established', neighborCapabilities: { multiprotocolExtensions: families(n) } }]));
  }
  if (command === 'show bfd peers json') {
    return m.bgp.neighbors.filter((n) => m.bgp.peerGroups.find((g) => g.name === n.peerGroup)?.bfd === true).map((n) => ({ peer: n.address, multihop: n.interface === null, status: 'up' }));
  }
  if (command === 'show evpn vni detail json') {
    return (m.vxlan?.l2vnis ?? []).map((v) => ({
      vni: v.vni,
      type: 'L2',
      numRemoteVteps: topology.leaves
        .filter((l) => l !== m.name && topology.devices.get(l)?.vxlan?.l2vnis.some((x) => x.vni === v.vni) === true)
        .map((l) => ({ ip: topology.vteps.get(l) })),
    }));
  }
  return undefined;
}

/** A healthy leaf's `ip -j -4 route show proto bgp`: one next hop per shared spine to every other VTEP. */
function healthyKernelRoutes(topology: Topology, m: DeviceModel): unknown[] {
  const routes: unknown[] = [];
  for (const other of topology.leaves) {
    const vtep = topology.vteps.get(other);
    if (other === m.name || vtep === undefined) continue;
    const nexthops = sharedSpines(topology, noFailures, m.name, other)
      .map((s) => linkBetween(topology, m.name, s))
      .filter((l) => l !== undefined)
      .slice(0, m.bgp.maximumPaths)
      .map((l) => ({ gateway: l.spineAddress, dev: l.leafInterface, weight: 1, flags: [] }));
    const [only] = nexthops;
    routes.push(nexthops.length === 1 && only !== undefined ? { dst: vtep, gateway: only.gateway, dev: only.dev, metric: 20, flags: [] } : { dst: vtep, metric: 20, flags: [], nexthops });
  }
  return routes;
}

/** The flood entries of a healthy leaf's `bridge -j fdb show`: every other leaf of each VNI. */
function healthyFdb(topology: Topology, m: DeviceModel): unknown[] {
  return (m.linux?.bridges ?? []).flatMap((b) =>
    topology.leaves
      .filter((l) => l !== m.name && topology.devices.get(l)?.vxlan?.l2vnis.some((x) => x.vni === b.vni) === true)
      .map((l) => ({ mac: '00:00:00:00:00:00', ifname: b.vxlan, dst: topology.vteps.get(l), flags: ['self'], state: 'permanent' })),
  );
}

interface Machine {
  /** Edits a device's healthy answer to a vtysh command. */
  readonly frr?: (device: string, command: string, healthy: unknown) => unknown;
  /** `ip -n <ns> -4 neigh show <address>` on a leaf. */
  readonly neighbour?: (address: string) => string;
  /** Whether `ip -n <ns> route get <address>` on a leaf answers with its SVI of the address's network. */
  readonly viaSvi?: boolean;
  /** Edits a leaf's healthy `bridge -j fdb show` entries. */
  readonly fdb?: (device: string, healthy: unknown[]) => unknown[];
}

const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });
const refused: RunResult = { code: 1, stdout: '', stderr: 'not in this test' };

function context(state: LabState, models: readonly DeviceModel[], machine: Machine): LabContext {
  const topology = buildTopology(models);
  const byNamespace = new Map(state.plan.devices.map((d) => [d.namespace, topology.devices.get(d.name)]));
  const endpointAt = (address: string): LabState['plan']['endpoints'][number] | undefined => state.plan.endpoints.find((e) => e.address === address);
  const run: Runner = (program, args) => {
    const at = args.indexOf('-N');
    if (at >= 0) {
      const m = byNamespace.get(args[at + 1] ?? '');
      if (m === undefined) return Promise.resolve(refused);
      const commands = args.flatMap((a, i) => (args[i - 1] === '-c' ? [a] : []));
      const answers = commands.map((c) => {
        const healthy = healthyFrr(topology, m, c);
        return JSON.stringify(machine.frr === undefined ? healthy : machine.frr(m.name, c, healthy));
      });
      return Promise.resolve(ok(answers.join('\n')));
    }
    if (program === 'ip' && args[0] === '-n' && args.includes('route') && args.includes('proto')) {
      const m = byNamespace.get(args[1] ?? '');
      return Promise.resolve(m === undefined ? refused : ok(JSON.stringify(healthyKernelRoutes(topology, m))));
    }
    if (program === 'bridge' && args[0] === '-n' && args.includes('fdb')) {
      const m = byNamespace.get(args[1] ?? '');
      if (m === undefined) return Promise.resolve(refused);
      return Promise.resolve(ok(JSON.stringify(machine.fdb === undefined ? healthyFdb(topology, m) : machine.fdb(m.name, healthyFdb(topology, m)))));
    }
    if (args[0] === '-n' && args.includes('-batch')) return Promise.resolve(ok());
    if (args[0] === '-n' && args.includes('neigh') && args.includes('show')) return Promise.resolve(ok(machine.neighbour?.(args.at(-1) ?? '') ?? ''));
    if (args[0] === '-n' && args.includes('neigh') && args.includes('replace')) return Promise.resolve(ok());
    if (args[0] === '-n' && args.includes('route') && args.includes('get')) {
      const m = byNamespace.get(args[1] ?? '');
      const e = endpointAt(args[4] ?? '');
      const svi = m?.interfaces.svis.find((s) => s.network === e?.network)?.name;
      return Promise.resolve(ok(`${args[4] ?? ''} ${machine.viaSvi === true && svi !== undefined ? `dev ${svi}` : 'via 10.0.1.13 dev vlan4001'} table 1001 src 10.110.0.1 \n`));
    }
    if (args[0] === 'netns' && args[1] === 'exec' && args.includes('sh')) return Promise.resolve(ok('1 packets transmitted, 1 received, 0% packet loss, time 0ms\n'));
    return Promise.resolve(refused);
  };
  let clock = 0;
  return { run, store, progress: () => undefined, jobs: 4, now: () => (clock += 10_000) };
}

async function test(state: LabState, models: readonly DeviceModel[], machine: Machine, failures = false): Promise<LabReport> {
  return labTest(context(state, models, machine), state, { timeoutSeconds: 1, failures, allPairs: false });
}

const line = (c: LabCheck): string => `${c.status} ${c.code ?? ''} ${c.name}${c.message === undefined ? '' : `: ${c.message}`}`;
const quickstart = exampleModels('quickstart');
const quick = recordedLab('quick', quickstart);

describe('lab test: convergence', () => {
  it('passes a control plane that answers as the models expect', async () => {
    const report = await test(quick, quickstart, {});
    const fabric = report.scenarios[0];
    expect(fabric?.convergence.converged).toBe(true);
    expect(fabric?.checks.filter((c) => c.group === 'convergence').map(line)).toEqual(['passed  control plane']);
    expect(fabric?.checks.filter((c) => ['bgp', 'bfd', 'vtep-routes', 'vni-vteps'].includes(c.group) && c.status !== 'passed')).toEqual([]);
    // Every session of every device: 4 per leaf, 8 per spine.
    expect(fabric?.checks.filter((c) => c.group === 'bgp')).toHaveLength(32);
  });

  it('fails one that does not converge in time, with the checks still failing', async () => {
    const frr = (device: string, command: string, healthy: unknown): unknown =>
      device === 'leaf1' && command === 'show bgp neighbors json' ? { ...(healthy as object), '10.1.0.160': { bgpState: 'Active', neighborCapabilities: {} } } : healthy;
    const report = await test(quick, quickstart, { frr });
    const fabric = report.scenarios[0];
    expect(fabric?.convergence.converged).toBe(false);
    const head = fabric?.checks.find((c) => c.group === 'convergence');
    expect(head).toMatchObject({ status: 'failed', code: 'CLOS7114', detail: 'leaf1: BGP session to spine1 (10.1.0.160) is Active, expected Established' });
    expect(head?.message).toMatch(/^the fabric did not converge within \d+(\.\d)? s: 1 control-plane check still failing$/);
    expect(fabric?.checks.filter((c) => c.status === 'failed' && c.group === 'bgp').map((c) => c.code)).toEqual(['CLOS7101']);
    expect(report.summary.failed).toBeGreaterThan(0);
  });
});

describe('lab test: progress', () => {
  it('says what it is doing when: each convergence as it ends, then the probes it sends', async () => {
    const lines: string[] = [];
    const ctx = { ...context(quick, quickstart, {}), progress: (l: string) => void lines.push(l.replace(/\d+(\.\d+)? s\b/g, 'N s')) };
    await labTest(ctx, quick, { timeoutSeconds: 1, failures: true, allPairs: false });
    // Left out: the multihoming and restore lines, and the waiting lines of convergence (the fake
    // answers as if nothing were down, so a spine's scenario never converges).
    const shown = lines.filter((l) => !l.includes('bonds and Ethernet segments') && !l.includes(' restored') && !l.includes('devices as expected'));
    expect(shown.slice(0, 3)).toEqual([
      'lab quick: waiting for the control plane (up to N s)',
      'lab quick: control plane converged in N s',
      expect.stringMatching(/^lab quick: fabric: sending \d+ probes that expect a reply and \d+ that expect none$/),
    ]);
    const spine1 = shown.slice(shown.indexOf('lab quick: taking spine1 down'));
    expect(spine1.slice(0, 4)).toEqual([
      'lab quick: taking spine1 down',
      'lab quick: spine1 down: control plane did NOT converge in N s',
      expect.stringMatching(/^lab quick: spine1 down: sending \d+ probes that expect a reply and \d+ that expect none$/),
      'lab quick: restoring spine1',
    ]);
  });
});

describe('lab test: a VTEP zebra lists that it should not', () => {
  // leaf1's zebra lists 10.0.1.99 in VNI 10110 (web) besides the leaves that carry it.
  const frr = (device: string, command: string, healthy: unknown): unknown =>
    device === 'leaf1' && command === 'show evpn vni detail json'
      ? (healthy as { vni: number; numRemoteVteps: unknown[] }[]).map((v) => (v.vni === 10110 ? { ...v, numRemoteVteps: [...v.numRemoteVteps, '10.0.1.99'] } : v))
      : healthy;
  const web = (report: LabReport): LabCheck | undefined => report.scenarios[0]?.checks.find((c) => c.name === 'leaf1 VNI 10110 (web)');

  it("passes it when the kernel does not flood to it (zebra's entry for a MAC/IP route), and names it", async () => {
    const report = await test(quick, quickstart, { frr });
    expect(report.scenarios[0]?.convergence.converged).toBe(true);
    expect(web(report)).toMatchObject({
      status: 'passed',
      detail: 'zebra also lists 10.0.1.99, which vxlan10110 does not flood to: kept for a MAC/IP route after its inclusive-multicast route was withdrawn',
    });
  });

  it('fails it when the kernel floods to it', async () => {
    const fdb = (device: string, healthy: unknown[]): unknown[] => (device === 'leaf1' ? [...healthy, { mac: '00:00:00:00:00:00', ifname: 'vxlan10110', dst: '10.0.1.99' }] : healthy);
    const report = await test(quick, quickstart, { frr, fdb });
    expect(report.scenarios[0]?.convergence.converged).toBe(false);
    expect(web(report)).toMatchObject({ status: 'failed', code: 'CLOS7106' });
    expect(web(report)?.message).toMatch(/; vxlan10110 floods to 10\.0\.1\.12, 10\.0\.1\.13, 10\.0\.1\.14, 10\.0\.1\.99; unexpected 10\.0\.1\.99$/);
  });
});

describe('lab test of a fabric with something failed by hand', () => {
  it('names what is down in the scenario, a leaf as a spine or a link', async () => {
    for (const [failures, name] of [
      [{ spines: ['spine2'], links: [] }, 'fabric with spine2 down'],
      [{ spines: [], links: ['leaf3:swp50'] }, 'fabric with link leaf3:swp50 down'],
      [{ spines: [], links: [], leaves: ['leaf1'] }, 'fabric with leaf1 down'],
      [noFailures, 'fabric'],
    ] as const) {
      const state = { ...quick, failures };
      const report = await test(state, quickstart, {});
      expect(report.scenarios.map((s) => s.name)).toEqual([name]);
    }
  });
});

describe('lab test --failures: each spine down', () => {
  const oneSpine = intentModels(`
version: 1
fabric:
  name: one
  asn: { spine: 65000, leaf_base: 65100 }
  pools: { loopback: 10.0.0.0/24, vtep: 10.0.1.0/24, p2p: 10.1.0.0/16 }
spines: [{ name: s1, id: 1 }]
leaves: [{ name: l1, id: 11 }, { name: l2, id: 12 }]
tenants:
  - name: t
    vrfs: [{ name: v, l3vni: 50001, networks: [{ name: web, vlan: 10, subnet: 192.168.10.0/24 }] }]
servers:
  - { name: a, attach: [{ leaf: l1, port: 1 }], networks: [web], mode: access }
  - { name: b, attach: [{ leaf: l2, port: 1 }], networks: [web], mode: access }
`);

  it('is not run in a fabric of one spine', async () => {
    const report = await test(recordedLab('one', oneSpine), oneSpine, {}, true);
    expect(report.scenarios.map((s) => s.name)).toEqual(['fabric', 'each spine down']);
    expect(report.scenarios[1]?.checks.map(line)).toEqual(['not-run CLOS7204 each spine down in turn: not run: the fabric has one spine; taking it down leaves nothing to test']);
  });

  it('takes each of two spines down in turn', async () => {
    const report = await test(quick, quickstart, {}, true);
    expect(report.scenarios.map((s) => s.name)).toEqual(['fabric', 'leaf1 down', 'leaf2 down', 'every uplink of leaf1 down', 'spine1 down', 'spine2 down']);
    expect(report.scenarios.flatMap((s) => s.checks).some((c) => c.code === 'CLOS7204')).toBe(false);
    // This lab's leaf ports are veths, which zebra cannot protodown: every uplink of leaf1 down is not run, and says why.
    expect(report.scenarios[3]?.checks.map(line)).toEqual([
      "not-run CLOS7221 every uplink of leaf1 down: not run: every uplink of 'leaf1' down: zebra takes a leaf's Ethernet segments down by protodown on their member ports, and this lab's leaf ports are veths, which refuse it, and this kernel has no macvlan in passthru mode, or no tc clsact, flower and skbedit to filter one, to stand in for them",
    ]);
  });
});

describe('lab test: routing from an idle host', () => {
  const idle = (r: LabReport): string[] => (r.scenarios[0]?.checks ?? []).filter((c) => c.name.endsWith(' idle')).map(line);
  const web01 = (address: string): string => (address === '10.110.0.3' ? '10.110.0.3 dev vlan110 lladdr 02:00:00:00:01:03 REACHABLE\n' : '');

  it('pings once the source is STALE on its leaf and the target leaf routes it over its own SVI', async () => {
    expect(idle(await test(quick, quickstart, { neighbour: web01, viaSvi: true }))).toEqual(['passed  web01/web to db01/db (leaf1 to leaf3), web01/web idle']);
  });

  it('is not run when the source leaf holds no ARP entry for the host', async () => {
    expect(idle(await test(quick, quickstart, { viaSvi: true }))).toEqual([
      'not-run CLOS7219 web01/web to db01/db (leaf1 to leaf3), web01/web idle: not run: routing from web01/web while it is idle could not be set up: leaf1 holds no ARP entry for 10.110.0.3',
    ]);
  });

  it('is not run when a target leaf keeps routing the host over its EVPN host route', async () => {
    expect(idle(await test(quick, quickstart, { neighbour: web01, viaSvi: false }))).toEqual([
      "not-run CLOS7219 web01/web to db01/db (leaf1 to leaf3), web01/web idle: not run: routing from web01/web while it is idle could not be set up: leaf3 still routed 10.110.0.3 over its EVPN host route 20 s after leaf1's ARP entry for it went STALE",
    ]);
  });
});
