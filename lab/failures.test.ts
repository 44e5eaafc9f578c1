import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleModels } from '../test-helpers/lab.js';
import type { LabContext } from './context.js';
import type { Runner } from './exec.js';
import { addFailure, changeFailures, multihomedLeaves, parseTarget, planLinkChanges, removeFailure } from './failures.js';
import { labStateSchema, StateStore, type LabState } from './state.js';
import { planLab } from './plan.js';
import { buildTopology, describeFailures, failedLeaves, noFailures, sharedSpines } from './topology.js';

const models = exampleModels('quickstart');
const topology = buildTopology(models);
const plan = planLab('q', models, { vrf: false, dot1q: false });

function target(text: string): string {
  const parsed = parseTarget(topology, 'q', text);
  if ('diagnostic' in parsed) return `${parsed.diagnostic.code} ${parsed.diagnostic.message}`;
  const t = parsed.target;
  return t.kind === 'spine' ? `spine ${t.spine}` : t.kind === 'leaf' ? `leaf ${t.leaf}` : t.kind === 'uplinks' ? `uplinks ${t.leaf}` : `link ${t.link.key}`;
}

describe('fail targets', () => {
  it('reads a spine, or a link by either end or by its two devices', () => {
    expect(target('spine2')).toBe('spine spine2');
    expect(target('leaf3:swp50')).toBe('link leaf3:swp50');
    expect(target('spine2:swp3')).toBe('link leaf3:swp50');
    expect(target('leaf3:spine2')).toBe('link leaf3:swp50');
    expect(target('spine2:leaf3')).toBe('link leaf3:swp50');
  });
  it('reads a leaf of a dual-homed server: the quickstart hv01 is on leaf1 and leaf2', () => {
    expect(multihomedLeaves(topology)).toEqual(['leaf1', 'leaf2']);
    expect(target('leaf1')).toBe('leaf leaf1');
    expect(target('leaf2')).toBe('leaf leaf2');
  });
  it('reads every uplink of a leaf of a dual-homed server as <leaf>:uplinks', () => {
    expect(target('leaf1:uplinks')).toBe('uplinks leaf1');
    expect(target('leaf3:uplinks')).toMatch(/^CLOS7010 'leaf3' is a leaf without a multihomed server/);
  });
  it('refuses leaves without a multihomed server and names that are not in the lab', () => {
    expect(target('leaf3')).toMatch(/^CLOS7010 'leaf3' is a leaf without a multihomed server/);
    expect(target('spine9')).toMatch(/^CLOS7009 'spine9' is neither a device nor a leaf-spine link of lab 'q'/);
    expect(target('leaf1:swp1')).toMatch(/^CLOS7009/);
  });
});

describe('link changes', () => {
  it('takes both ends of every link of a failed spine down, and back up on restore', () => {
    const down = addFailure(noFailures, { kind: 'spine', spine: 'spine1' });
    const changes = planLinkChanges(topology, plan, noFailures, down);
    expect(Object.fromEntries(changes)).toEqual({
      'clos-q_spine1': ['link set dev swp1 down', 'link set dev swp2 down', 'link set dev swp3 down', 'link set dev swp4 down'],
      'clos-q_leaf1': ['link set dev swp49 down'],
      'clos-q_leaf2': ['link set dev swp49 down'],
      'clos-q_leaf3': ['link set dev swp49 down'],
      'clos-q_leaf4': ['link set dev swp49 down'],
    });
    const back = planLinkChanges(topology, plan, down, removeFailure(down, { kind: 'spine', spine: 'spine1' }));
    expect(back.get('clos-q_leaf1')).toEqual(['link set dev swp49 up']);
  });
  it('keeps a link down while its spine is down, even when the link itself is restored', () => {
    const link = parseTarget(topology, 'q', 'leaf1:swp49');
    if (!('target' in link)) throw new Error('no target');
    const both = addFailure(addFailure(noFailures, { kind: 'spine', spine: 'spine1' }), link.target);
    expect(planLinkChanges(topology, plan, both, removeFailure(both, link.target)).size).toBe(0);
  });
  it('takes every link of a failed leaf down, its server ports too, and restores them', () => {
    const down = addFailure(noFailures, { kind: 'leaf', leaf: 'leaf2' });
    expect(down).toEqual({ spines: [], links: [], leaves: ['leaf2'] });
    const changes = planLinkChanges(topology, plan, noFailures, down);
    expect(changes.get('clos-q_leaf2')).toEqual(['link set dev swp49 down', 'link set dev swp50 down', 'link set dev swp2 down']);
    expect(changes.get('clos-q_spine1')).toEqual(['link set dev swp2 down']);
    const back = removeFailure(down, { kind: 'leaf', leaf: 'leaf2' });
    expect(back).toEqual({ spines: [], links: [] });
    expect(planLinkChanges(topology, plan, down, back).get('clos-q_leaf2')).toEqual(['link set dev swp49 up', 'link set dev swp50 up', 'link set dev swp2 up']);
    expect(sharedSpines(topology, down, 'leaf1', 'leaf2')).toEqual([]);
  });
  it('takes only the uplinks of an isolated leaf down, its server ports staying up, and restores them', () => {
    const down = addFailure(noFailures, { kind: 'uplinks', leaf: 'leaf1' });
    expect(down).toEqual({ spines: [], links: [], isolated: ['leaf1'] });
    expect(failedLeaves(down)).toEqual(['leaf1']);
    expect(describeFailures(down)).toBe('every uplink of leaf1');
    const changes = planLinkChanges(topology, plan, noFailures, down);
    expect(changes.get('clos-q_leaf1')).toEqual(['link set dev swp49 down', 'link set dev swp50 down']);
    expect(changes.get('clos-q_spine1')).toEqual(['link set dev swp1 down']);
    const back = removeFailure(down, { kind: 'uplinks', leaf: 'leaf1' });
    expect(back).toEqual({ spines: [], links: [] });
    expect(planLinkChanges(topology, plan, down, back).get('clos-q_leaf1')).toEqual(['link set dev swp49 up', 'link set dev swp50 up']);
    // Failing the leaf itself and isolating it are two failures, restored one at a time.
    const both = addFailure(down, { kind: 'leaf', leaf: 'leaf1' });
    expect(removeFailure(both, { kind: 'uplinks', leaf: 'leaf1' })).toEqual({ spines: [], links: [], leaves: ['leaf1'] });
  });
  it('puts a segment member port on a macvlan over its wire when the kernel can protodown it', () => {
    const ports = planLab('q', models, { vrf: true, dot1q: true, protodown: true }).veths.filter((v) => v.kind === 'server' && v.a.port !== undefined);
    expect(ports.map((v) => `${v.a.namespace} ${v.a.name} ${v.a.port ?? ''} ${v.b.namespace} ${v.b.name}`)).toEqual(['clos-q_leaf1 wswp2 swp2 clos-q_h_hv01 eth0', 'clos-q_leaf2 wswp2 swp2 clos-q_h_hv01 eth1']);
    // A failed leaf's cable is its wire: the server loses the carrier.
    const withPorts = planLab('q', models, { vrf: true, dot1q: true, protodown: true });
    expect(planLinkChanges(topology, withPorts, noFailures, addFailure(noFailures, { kind: 'leaf', leaf: 'leaf2' })).get('clos-q_leaf2')).toContain('link set dev wswp2 down');
    expect(plan.veths.some((v) => v.a.port !== undefined)).toBe(false);
  });
  it('leaves two leaves the spines they still share', () => {
    expect(sharedSpines(topology, noFailures, 'leaf1', 'leaf2')).toEqual(['spine1', 'spine2']);
    expect(sharedSpines(topology, { spines: [], links: ['leaf1:swp50'] }, 'leaf1', 'leaf2')).toEqual(['spine1']);
  });
});

describe('lab fail and restore of a running lab', () => {
  // A lab as `up` records it, its build beside; `ip` is a fake that records each batch.
  const root = mkdtempSync(join(tmpdir(), 'clos-lab-fail-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const store = new StateStore(root);
  for (const m of models) {
    mkdirSync(join(store.buildDir('q'), m.name), { recursive: true });
    writeFileSync(join(store.buildDir('q'), m.name, 'model.json'), JSON.stringify(m));
  }
  const state = { schema: labStateSchema, lab: 'q', fabric: 'quickstart', source: 'intent/examples/quickstart', status: 'up', plan, promisedFailures: 1, anycastMac: null, daemons: [], failures: noFailures, timings: {} } as unknown as LabState;

  function lab(ipWorks: boolean): { ctx: LabContext; batches: string[] } {
    const batches: string[] = [];
    const run: Runner = (command, args, options) => {
      batches.push(`${command} ${args.join(' ')}: ${(options?.input ?? '').trim().replaceAll('\n', '; ')}`);
      return Promise.resolve(ipWorks ? { code: 0, stdout: '', stderr: '' } : { code: 2, stdout: '', stderr: 'RTNETLINK answers: Operation not permitted' });
    };
    return { ctx: { run, store, progress: () => undefined, jobs: 1, now: () => 0 }, batches };
  }
  const described = (ds: readonly { severity: string; code: string; message: string }[]): string[] => ds.map((d) => `${d.severity} ${d.code} ${d.message}`);

  it('fails a spine once; failing it again warns and changes nothing', async () => {
    store.write(state);
    const first = lab(true);
    const r = await changeFailures(first.ctx, state, 'fail', 'spine2');
    expect(r.diagnostics).toEqual([]);
    expect(r.failures).toEqual({ spines: ['spine2'], links: [] });
    expect(first.batches).toHaveLength(5);
    const again = lab(true);
    const downState = { ...state, failures: r.failures } as LabState;
    const twice = await changeFailures(again.ctx, downState, 'fail', 'spine2');
    expect(described(twice.diagnostics)).toEqual(["warning CLOS7016 'spine2' is already failed"]);
    expect(twice.failures).toEqual({ spines: ['spine2'], links: [] });
    expect(again.batches).toEqual([]);
  });

  it('restores a failed link; restoring one that is not failed warns and changes nothing', async () => {
    const down = { ...state, failures: { spines: [], links: ['leaf3:swp50'] } } as LabState;
    store.write(down);
    const back = lab(true);
    const r = await changeFailures(back.ctx, down, 'restore', 'leaf3:spine2');
    expect(r.diagnostics).toEqual([]);
    expect(r.failures).toEqual({ spines: [], links: [] });
    expect(back.batches).toEqual(['ip -n clos-q_spine2 -batch -: link set dev swp3 up', 'ip -n clos-q_leaf3 -batch -: link set dev swp50 up']);
    const idle = lab(true);
    const none = await changeFailures(idle.ctx, state, 'restore', 'leaf3:spine2');
    expect(described(none.diagnostics)).toEqual(["warning CLOS7015 'link leaf3:swp50' is not failed; nothing to restore"]);
    expect(idle.batches).toEqual([]);
  });

  it('says which step failed when ip refuses the change, and records nothing', async () => {
    store.write(state);
    const r = await changeFailures(lab(false).ctx, state, 'fail', 'leaf1:swp49');
    expect(r.failures).toBeUndefined();
    expect(described(r.diagnostics)).toEqual([
      'error CLOS7008 lab fail failed: clos-q_spine1: ip link set: exit status 2: RTNETLINK answers: Operation not permitted; clos-q_leaf1: ip link set: exit status 2: RTNETLINK answers: Operation not permitted',
    ]);
    const read = store.read('q');
    expect(read !== undefined && 'state' in read ? read.state.failures : undefined).toEqual(noFailures);
  });
});
