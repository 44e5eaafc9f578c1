import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleModels, intentModels } from '../test-helpers/lab.js';
import { repoRoot } from '../test-helpers/examples.js';
import { netnsExec, nodeCommand } from './node-exec.js';
import { planLab } from './plan.js';
import type { LabState } from './state.js';

const state = { lab: 'q', plan: planLab('q', exampleModels('quickstart'), { vrf: true, dot1q: true }) } as unknown as LabState;

describe('clos lab exec', () => {
  it("runs a command in a device's or server's namespace, after an optional --", () => {
    expect(netnsExec(nodeCommand(state, 'leaf1', ['--', 'ip', '-br', 'link'], '/bin/sh') as never)).toEqual(['ip', 'netns', 'exec', 'clos-q_leaf1', 'ip', '-br', 'link']);
    expect(nodeCommand(state, 'web01', ['ping', '-c1', '10.110.0.1'], '/bin/sh')).toEqual({ namespace: 'clos-q_h_web01', argv: ['ping', '-c1', '10.110.0.1'] });
  });

  it('opens a shell without a command, and the device\'s own FRR with vtysh', () => {
    expect(nodeCommand(state, 'spine1', [], '/bin/bash')).toEqual({ namespace: 'clos-q_spine1', argv: ['/bin/bash'] });
    expect(nodeCommand(state, 'leaf2', ['vtysh', '-c', 'show bgp summary'], '/bin/sh')).toEqual({ namespace: 'clos-q_leaf2', argv: ['vtysh', '-N', 'clos-q_leaf2', '-c', 'show bgp summary'] });
  });

  it('names the nodes it knows when given another, and refuses vtysh on a server', () => {
    const unknown = nodeCommand(state, 'leaf9', [], '/bin/sh');
    expect('diagnostic' in unknown && `${unknown.diagnostic.severity} ${unknown.diagnostic.code}`).toBe('error CLOS7022');
    expect('diagnostic' in unknown && unknown.diagnostic.message).toBe(
      "'leaf9' is neither a device, a server nor a router outside the fabric of lab 'q' (devices: spine1, spine2, leaf1, leaf2, leaf3, leaf4; servers: db01, db02, dev01, hv01, web01, web02)",
    );
    const server = nodeCommand(state, 'web01', ['vtysh'], '/bin/sh');
    expect('diagnostic' in server && server.diagnostic.code).toBe('CLOS7023');
  });

  it("reaches a router outside the fabric, and a BGP-speaking server's agent with vtysh", () => {
    const outside = { lab: 'o', plan: planLab('o', intentModels(readFileSync(join(repoRoot, 'lab', 'fixtures', 'outside', 'fabric.yaml'), 'utf8')), { vrf: true, dot1q: true }) } as unknown as LabState;
    const [router] = outside.plan.externalRouters;
    const [speaker] = outside.plan.hostSpeakers;
    expect(router?.router.name).toBe('ext-as65500');
    expect(nodeCommand(outside, 'ext-as65500', ['vtysh', '-c', 'show bgp summary'], '/bin/sh')).toEqual({ namespace: router?.namespace, argv: ['vtysh', '-N', router?.namespace, '-c', 'show bgp summary'] });
    expect(nodeCommand(outside, 'ext-as65500', [], '/bin/sh')).toEqual({ namespace: router?.namespace, argv: ['/bin/sh'] });
    expect(speaker?.speaker.server).toBe('node1');
    expect(nodeCommand(outside, 'node1', ['vtysh'], '/bin/sh')).toEqual({ namespace: outside.plan.hosts.find((h) => h.server === 'node1')?.namespace, argv: ['vtysh', '-N', speaker?.pathspace] });
    const server = nodeCommand(outside, 'web1', ['vtysh'], '/bin/sh');
    expect('diagnostic' in server && server.diagnostic.code).toBe('CLOS7023');
    const unknown = nodeCommand(outside, 'ext-as1', [], '/bin/sh');
    expect('diagnostic' in unknown && unknown.diagnostic.message).toContain('routers outside the fabric: ext-as65500');
  });
});
