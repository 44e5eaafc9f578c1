import { describe, expect, it } from 'vitest';
import { exampleModels, must } from '../../test-helpers/lab.js';
import { failed, passed, type LabCheck } from '../check.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { defaultPingTimings } from '../ping.js';
import { planLab } from '../plan.js';
import { buildTopology, noFailures, type Failures } from '../topology.js';
import { planBaselineProbes, type Probe } from './data-plane.js';
import { duplicateCommand, evidenceLeaves, judgeDuplicates, planDuplicateProbes, readPingCount, segmentedServers } from './duplicates.js';

const models = exampleModels('quickstart');
const topology = buildTopology(models);
const plan = planLab('t', models, { vrf: true, dot1q: true });
const probes = planBaselineProbes({ topology, endpoints: plan.endpoints, failures: noFailures, promisedFailures: 1, vrf: true, noVrfReason: '', anycastMac: '00:00:5e:00:01:01' }).probes;
const allPassed = probes.map((p) => passed(p.group, p.name));
const flows = planDuplicateProbes(probes, allPassed, noFailures);
const flow = (name: string): Probe => must(flows.find((f) => f.name === name), `${name} in ${flows.map((f) => f.name).join(', ')}`);
const segmented = segmentedServers(topology.devices.values());
const count = (line: string) => readPingCount(`PING x\n\n--- x ping statistics ---\n${line}\nrtt min/avg/max/mdev = 0.1/0.2/0.3/0.1 ms\n`);

describe('the second look for duplicate deliveries', () => {
  it('takes the passed gateway, reachability and routing flows of servers on two or more leaves, once each', () => {
    expect(flows.length).toBeGreaterThan(0);
    // hv01 (leaf1+leaf2) at one end of every flow; the others' flows are not looked at again.
    for (const f of flows) expect([f.from.server, f.peer?.server]).toContain('hv01');
    expect(flows.every((f) => f.group === 'duplicates' && f.expect === 'reply' && f.size === undefined)).toBe(true);
    const keys = flows.map((f) => `${f.from.namespace} ${f.from.interface} ${f.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    const wanted = probes.filter((p) => ['gateway', 'reachability', 'routing'].includes(p.group) && p.expect === 'reply' && p.size === undefined && (p.from.server === 'hv01' || p.peer?.server === 'hv01'));
    expect(new Set(wanted.map((p) => `${p.from.namespace} ${p.from.interface} ${p.to}`))).toEqual(new Set(keys));
    flow('web02/web to hv01/app');
    flow('hv01/dev-web to gateway 10.210.0.254');
  });

  it('leaves out what failed, and servers down to one leaf', () => {
    const failedAll = probes.map((p) => failed(p.group, p.name, L.unreachable, p.from.id, p.toLabel, ''));
    expect(planDuplicateProbes(probes, failedAll, noFailures)).toEqual([]);
    const leaf2Down: Failures = { spines: [], links: [], leaves: ['leaf2'] };
    expect(planDuplicateProbes(probes, allPassed, leaf2Down)).toEqual([]);
  });

  it('pings three times from the source interface', () => {
    const f = flow('web02/web to hv01/app');
    expect(duplicateCommand(f, defaultPingTimings)).toEqual({ namespace: f.from.namespace, script: `'ping' '-n' '-q' '-c' '3' '-i' '0.2' '-w' '5' '-I' '${f.from.interface}' '${f.to}'` });
  });

  it("reads ping's summary, with and without duplicates", () => {
    expect(count('3 packets transmitted, 3 received, 0% packet loss, time 402ms')).toMatchObject({ transmitted: 3, received: 3, duplicates: 0 });
    expect(count('3 packets transmitted, 3 received, +3 duplicates, 0% packet loss, time 401ms')).toMatchObject({ transmitted: 3, received: 3, duplicates: 3 });
    expect(count('3 packets transmitted, 0 received, 100% packet loss, time 2050ms')).toMatchObject({ received: 0, duplicates: 0 });
    expect(readPingCount('ping: connect: Network is unreachable\n')).toBeUndefined();
  });

  it('passes a flow without duplicates, and fails one with duplicates and no evidence', () => {
    const f = flow('web02/web to hv01/app');
    expect(judgeDuplicates(f, count('3 packets transmitted, 3 received, 0% packet loss'), '', new Map(), segmented, noFailures)).toEqual(passed('duplicates', f.name));
    const check = judgeDuplicates(f, count('3 packets transmitted, 3 received, +2 duplicates, 0% packet loss'), '', new Map(), segmented, noFailures);
    expect(check).toMatchObject({ status: 'failed', code: 'CLOS7115' });
    expect(check.message).toContain('web02/web (10.110.0.4) to hv01/app (10.120.0.2): 2 duplicate replies (3 packets transmitted, 3 received, +2 duplicates');
  });

  it("excuses duplicates towards a segment's server only with the source leaf's logged refusal", () => {
    const f = flow('web02/web to hv01/app');
    const dup = count('3 packets transmitted, 3 received, +3 duplicates, 0% packet loss');
    const excused = judgeDuplicates(f, dup, '', new Map([['leaf3', 2]]), segmented, noFailures);
    expect(excused).toMatchObject({ status: 'not-run', code: 'CLOS7222', detail: '3 packets transmitted, 3 received, +3 duplicates, 0% packet loss' });
    expect(excused.message).toMatch(/^not run: /);
    expect(excused.message).toContain("zebra on leaf3 logged 'A nexthop fdb cannot be dynamic' 2 times");
    // The refusal logged by another leaf than the source's is no evidence.
    expect(judgeDuplicates(f, dup, '', new Map([['leaf1', 2]]), segmented, noFailures).status).toBe('failed');
    // Nor is it for a server without a segment.
    expect(judgeDuplicates(f, dup, '', new Map([['leaf3', 2]]), new Set(), noFailures).status).toBe('failed');
    // Nor for duplicates to a gateway: it answers from the leaf itself.
    const gateway = flow('hv01/dev-web to gateway 10.210.0.254');
    expect(judgeDuplicates(gateway, dup, '', new Map([['leaf1', 5], ['leaf2', 5]]), segmented, noFailures).status).toBe('failed');
    expect(evidenceLeaves([f, gateway], segmented, noFailures)).toEqual(['leaf3']);
  });

  it("excuses duplicate replies to a segment's server only with the target leaf's logged refusal", () => {
    // hv01 to a server on leaf3: leaf3 floods the replies to hv01's MAC to both of hv01's leaves.
    const f = must(flows.find((x) => x.from.server === 'hv01' && x.peer?.leaves.join() === 'leaf3'), 'a flow from hv01 to leaf3');
    const dup = count('3 packets transmitted, 3 received, +3 duplicates, 0% packet loss');
    expect(judgeDuplicates(f, dup, '', new Map([['leaf3', 1]]), segmented, noFailures)).toMatchObject({ status: 'not-run', code: 'CLOS7222' });
    expect(judgeDuplicates(f, dup, '', new Map([['leaf1', 4], ['leaf2', 4]]), segmented, noFailures).status).toBe('failed');
    expect(evidenceLeaves([f], segmented, noFailures)).toEqual(['leaf3']);
  });

  it('reports a flow whose second look got no reply as not run, saying what ping said', () => {
    const f = flow('web02/web to hv01/app');
    const silent: LabCheck = judgeDuplicates(f, count('3 packets transmitted, 0 received, 100% packet loss, time 2050ms'), '', new Map(), segmented, noFailures);
    expect(silent).toMatchObject({ status: 'not-run', code: 'CLOS7223' });
    expect(silent.message).toMatch(/^not run: /);
    expect(silent.message).toContain('(3 packets transmitted, 0 received, 100% packet loss, time 2050ms)');
    const broken = judgeDuplicates(f, undefined, 'ping: connect: Network is unreachable\n', new Map(), segmented, noFailures);
    expect(broken.message).toContain('(ping: connect: Network is unreachable)');
  });

  it('knows the servers with a segment from the models', () => {
    expect([...segmented]).toEqual(['hv01']);
  });
});
