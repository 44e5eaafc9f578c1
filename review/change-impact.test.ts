import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { compileEditedExample, vlanChanges } from '../test-helpers/review.js';
import { computeImpact, type ChangeImpact, type EntityChange } from './change-impact.js';
import { compareFindings, type Finding, type VerifyDevices } from './findings.js';
import { formatImpactText, impactToJson } from './format-impact.js';

/** Every +/- line, with the stanza path of its hunk. */
function changedLines(impact: ChangeImpact): { device: string; path: string; stanza: string; line: string }[] {
  return impact.devices.flatMap((d) =>
    d.files.flatMap((f) => f.diff.hunks.flatMap((h) => h.lines.filter((l) => l.op !== ' ').map((l) => ({ device: d.name, path: f.path, stanza: h.path.join(' › '), line: `${l.op}${l.text}` })))),
  );
}

function finding(code: string, device: string, message: string, line = 1): Finding {
  return { code, severity: 'error', message, device, related: [], span: { file: 'fabric.yaml', line, col: 1, endLine: line, endCol: 2 } };
}

describe('change impact of one network VLAN change', () => {
  for (const [example, change] of Object.entries(vlanChanges)) {
    it(`${example}: exactly the leaves carrying ${change.network} change, and only in lines about its VLAN`, () => {
      const before = compileEditedExample(example, 'before');
      const after = compileEditedExample(example, 'after', [change.edit]);
      const impact = computeImpact(before.side, after.side);
      const carriers = before.fabric.networks.find((n) => n.name === change.network)?.leaves ?? [];
      expect(carriers.length).toBeGreaterThan(0);
      expect(impact.devices.map((d) => d.name).sort()).toEqual([...carriers].sort());
      expect(impact.devices.every((d) => d.status === 'changed' && d.role === 'leaf')).toBe(true);
      expect(impact.unchangedDevices).toBe(before.devices.length - carriers.length);
      // Every changed line is about the VLAN (or its VNI), or sits in a block that is.
      const vni = (vlan: number): number => (before.fabric.networks.find((n) => n.name === change.network)?.vni ?? 0) - change.from + vlan;
      const about = new RegExp(`(?<!\\d)(${change.from}|${change.to}|${vni(change.from)}|${vni(change.to)})(?!\\d)`);
      const unrelated = changedLines(impact).filter((c) => !about.test(c.line) && !about.test(c.stanza));
      expect(unrelated).toEqual([]);
      expect(impact.devices.every((d) => d.added === d.removed)).toBe(true);
      // The summary names the VLAN and VNI that disappear and appear, on the carrying leaves only.
      const vlanEntities = impact.entities.filter((e) => e.kind === 'vlan');
      expect(vlanEntities.map((e) => [e.change, e.label, e.devicesAdded.length + e.devicesRemoved.length])).toEqual([
        ['removed', `VLAN ${change.from} (network ${change.network})`, carriers.length],
        ['added', `VLAN ${change.to} (network ${change.network})`, carriers.length],
      ]);
      expect(impact.entities.filter((e) => e.kind === 'session' || e.kind === 'vrf')).toEqual([]);
    });
  }

  it('reports no change when the intent is the same', () => {
    const impact = computeImpact(compileEditedExample('quickstart', 'a').side, compileEditedExample('quickstart', 'b').side);
    expect(impact.devices).toEqual([]);
    expect(impact.entities).toEqual([]);
    expect(impact.unchangedDevices).toBe(6);
    expect(formatImpactText(impact, { stat: false })).toContain('Devices: 0 changed, 0 added, 0 removed, 6 unchanged\n  no device changes');
  });

  it('reports an added leaf as added, and the spines that gain its links as changed', () => {
    const before = compileEditedExample('quickstart', 'before');
    const after = compileEditedExample('quickstart', 'after', [
      { file: 'fabric.yaml', from: '  - { name: leaf4, id: 14, rack: r02, tags: [db] }\n', to: '  - { name: leaf4, id: 14, rack: r02, tags: [db] }\n  - { name: leaf5, id: 15, rack: r03 }\n' },
    ]);
    const impact = computeImpact(before.side, after.side);
    expect(impact.devices.map((d) => [d.name, d.status])).toEqual([
      ['spine1', 'changed'],
      ['spine2', 'changed'],
      ['leaf5', 'added'],
    ]);
    const leaf5 = impact.devices.find((d) => d.name === 'leaf5');
    expect(leaf5?.removed).toBe(0);
    expect(leaf5?.files.every((f) => f.status === 'added')).toBe(true);
    const sessions = impact.entities.filter((e) => e.kind === 'session');
    expect(sessions).toHaveLength(4); // underlay and overlay with each of two spines
    expect(sessions.every((s) => s.change === 'added' && s.devicesAdded.includes('leaf5'))).toBe(true);
  });
});

describe('verification findings in a change impact', () => {
  const onVlan115: VerifyDevices = (devices: readonly DeviceModel[]) =>
    devices.filter((d) => d.vlans.some((v) => v.id === 115)).map((d) => finding('CLOS5999', d.name, 'VLAN 115 is reserved for storage'));

  it('says verification did not run when no verifier is wired', () => {
    const impact = computeImpact(compileEditedExample('quickstart', 'a').side, compileEditedExample('quickstart', 'b').side);
    expect(impact.verification).toEqual({ ran: false });
    expect(formatImpactText(impact, { stat: true })).toContain('Verification: not run');
  });

  it('lists findings the change introduces first, and those it fixes', () => {
    const original = compileEditedExample('quickstart', 'main');
    const changed = compileEditedExample('quickstart', 'change', [vlanChanges['quickstart']?.edit ?? { file: '', from: '', to: '' }]);
    const introduced = computeImpact(original.side, changed.side, { verify: onVlan115 });
    expect(introduced.verification).toMatchObject({ ran: true, fixed: [], unchanged: 0 });
    if (!introduced.verification.ran) throw new Error('unreachable');
    expect(introduced.verification.introduced.map((f) => f.device)).toEqual(['leaf1', 'leaf2', 'leaf3', 'leaf4']);
    const text = formatImpactText(introduced, { stat: false, root: 'intent' });
    const lines = text.split('\n');
    expect(lines[2]).toBe('Verification: 4 findings introduced, 0 fixed, 0 unchanged');
    expect(lines[3]).toBe('  introduced  error CLOS5999 [leaf1]: VLAN 115 is reserved for storage (intent/fabric.yaml:1:1)');
    expect(text.indexOf('introduced')).toBeLessThan(text.indexOf('Devices:'));

    const fixed = computeImpact(changed.side, original.side, { verify: onVlan115 });
    if (!fixed.verification.ran) throw new Error('verification should have run');
    expect(fixed.verification.introduced).toEqual([]);
    expect(fixed.verification.fixed.map((f) => f.device)).toEqual(['leaf1', 'leaf2', 'leaf3', 'leaf4']);
    const json = impactToJson(fixed, { stat: true });
    expect(json['verification']).toMatchObject({ ran: true, introduced: [], unchanged: 0 });
  });

  it('keys findings on code, device and message, not on where the intent line moved', () => {
    const before: Diagnostic[] = [finding('CLOS5001', 'leaf1', 'a', 10), finding('CLOS5001', 'leaf1', 'a', 12), finding('CLOS5002', 'leaf2', 'b')];
    const after: Diagnostic[] = [finding('CLOS5001', 'leaf1', 'a', 30), finding('CLOS5002', 'leaf3', 'b'), finding('CLOS5003', 'leaf1', 'c')];
    const c = compareFindings(before, after);
    expect(c.unchanged).toBe(1);
    expect(c.introduced.map((f) => `${f.code} ${f.device ?? ''}`)).toEqual(['CLOS5002 leaf3', 'CLOS5003 leaf1']);
    expect(c.fixed.map((f) => `${f.code} ${f.device ?? ''}`)).toEqual(['CLOS5001 leaf1', 'CLOS5002 leaf2']);
  });

  it('lists errors before warnings', () => {
    const warning: Finding = { ...finding('CLOS5001', 'leaf1', 'w'), severity: 'warning' };
    const error = finding('CLOS5009', 'leaf9', 'e');
    expect(compareFindings([], [warning, error]).introduced).toEqual([error, warning]);
  });
});

describe('change impact of dual-homing a server', () => {
  it('names the Ethernet segment and port-channels that appear, on both leaves', () => {
    const before = compileEditedExample('quickstart', 'before', [{ file: 'fabric.yaml', from: 'attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }]', to: 'attach: [{ leaf: leaf2, port: 2 }]' }]);
    const after = compileEditedExample('quickstart', 'after');
    const impact = computeImpact(before.side, after.side);
    const of = (kind: string): string[] => impact.entities.filter((e) => e.kind === kind).map((e) => `${e.change} ${e.label} +${e.devicesAdded.join(',')} -${e.devicesRemoved.join(',')}`);
    expect(of('segment')).toEqual(['added Ethernet segment 03:02:4d:00:0b:00:0c:00:00:02 (server hv01, system MAC 02:4d:00:0b:00:0c, leaves leaf1 and leaf2) +leaf1,leaf2 -']);
    // The quickstart says bond: lacp, so the single-homed hv01 had a one-member port-channel on leaf2 already.
    expect(of('lag')).toEqual(['moved bond2 of server hv01 +leaf1 -']);
    const text = formatImpactText(impact, { stat: true });
    expect(text).toContain('  Ethernet segments:\n    + Ethernet segment 03:02:4d:00:0b:00:0c:00:00:02 (server hv01, system MAC 02:4d:00:0b:00:0c, leaves leaf1 and leaf2) on leaf1, leaf2\n');
    expect(text).toContain('  Port-channels:\n    ~ bond2 of server hv01: now also on leaf1\n');
  });
});

describe('change impact on a port-channel: one entity per name and server, whatever its members and VLANs', () => {
  const lags = (impact: ChangeImpact): EntityChange[] => impact.entities.filter((e) => e.kind === 'lag');

  it('reports a member that moves to another port as a change of the port-channel on that leaf', () => {
    const before = compileEditedExample('dc1', 'before');
    const after = compileEditedExample('dc1', 'after', [{ file: 'servers.yaml', from: '{ name: hv-r01-02, attach: [{ leaf: dc1-leaf01, port: 2 }', to: '{ name: hv-r01-02, attach: [{ leaf: dc1-leaf01, port: 6 }' }]);
    const impact = computeImpact(before.side, after.side);
    const bond2 = {
      kind: 'lag',
      label: 'bond2 of server hv-r01-02',
      change: 'changed',
      devicesAdded: [],
      devicesRemoved: [],
      before: { members: 'swp2', mode: 'trunk', vlans: '100,101,103,901', mtu: '9000' },
      after: { members: 'dc1-leaf01 swp6, dc1-leaf02 swp2', mode: 'trunk', vlans: '100,101,103,901', mtu: '9000' },
      changes: [{ field: 'members', before: 'swp2', after: 'swp6', devices: ['dc1-leaf01'] }],
    };
    expect(lags(impact)).toEqual([bond2]);
    // The segment keeps its ESI: the port-channel number is the server's lag, not the moved port.
    expect(impact.entities.filter((e) => e.kind === 'segment')).toEqual([]);
    expect(formatImpactText(impact, { stat: true })).toContain('  Port-channels:\n    ~ bond2 of server hv-r01-02: members swp2 → swp6 on dc1-leaf01\n  Servers:\n');
    const json = JSON.parse(JSON.stringify(impactToJson(impact, { stat: true }))) as { entities: unknown[] };
    expect(json.entities).toContainEqual(bond2);
  });

  it("reports a network's new VLAN as a change of the VLANs of every port-channel that carries it, not as port-channels removed and added", () => {
    const before = compileEditedExample('dc1', 'before');
    const after = compileEditedExample('dc1', 'after', [{ file: 'tenant-retail.yaml', from: 'name: retail-web, vlan: 100,', to: 'name: retail-web, vlan: 105,' }]);
    const impact = computeImpact(before.side, after.side);
    expect(lags(impact).every((e) => e.change === 'changed' && e.devicesAdded.length === 0 && e.devicesRemoved.length === 0)).toBe(true);
    const text = formatImpactText(impact, { stat: true });
    expect(text).toContain(
      [
        '  Port-channels:',
        '    ~ bond1 of server hv-r01-01: VLANs 100,101,103,901 → 101,103,105,901 on dc1-leaf01, dc1-leaf02',
        '    ~ bond1 of server hv-r02-01: VLANs 100,101,103,110,111 → 101,103,105,110,111 on dc1-leaf03, dc1-leaf04',
        '    ~ bond1 of server hv-r03-01: VLANs 100,101,103 → 101,103,105 on dc1-leaf05, dc1-leaf06',
        '    ~ bond2 of server hv-r01-02: VLANs 100,101,103,901 → 101,103,105,901 on dc1-leaf01, dc1-leaf02',
        '',
      ].join('\n'),
    );
  });

  it("reports a network's new MTU as a change of its VNI on every leaf that carries it, not as a VNI removed and added", () => {
    const before = compileEditedExample('quickstart', 'before');
    const after = compileEditedExample('quickstart', 'after', [{ file: 'fabric.yaml', from: '            vlan: 140                   # L2-only: no subnet, no gateway\n', to: '            vlan: 140                   # L2-only: no subnet, no gateway\n            mtu: 9000\n' }]);
    const impact = computeImpact(before.side, after.side);
    const vnis = impact.entities.filter((e) => e.kind === 'vni');
    expect(vnis).toEqual([
      {
        kind: 'vni',
        label: 'VNI 10140 (L2, VLAN 140, network replication)',
        change: 'changed',
        devicesAdded: [],
        devicesRemoved: [],
        before: { mtu: '1500' },
        after: { mtu: '9000' },
        changes: [{ field: 'mtu', before: '1500', after: '9000', devices: ['leaf3', 'leaf4'] }],
      },
    ]);
    expect(formatImpactText(impact, { stat: true })).toContain('  VNIs:\n    ~ VNI 10140 (L2, VLAN 140, network replication): MTU 1500 → 9000 on leaf3, leaf4\n');
  });

  it('lists a removed and an added port-channel with its fields, and a member added on one leaf as a change there', () => {
    const before = compileEditedExample('quickstart', 'before');
    const activeBackup = compileEditedExample('quickstart', 'active-backup', [{ file: 'fabric.yaml', from: '    bond: lacp ', to: '    bond: active-backup ' }]);
    const fields = '(members swp2; mode trunk; VLANs 110,120,210; MTU 9000)';
    expect(formatImpactText(computeImpact(before.side, activeBackup.side), { stat: true })).toContain(`  Port-channels:\n    - bond2 of server hv01 ${fields} from leaf1, leaf2\n`);
    expect(formatImpactText(computeImpact(activeBackup.side, before.side), { stat: true })).toContain(`  Port-channels:\n    + bond2 of server hv01 ${fields} on leaf1, leaf2\n`);
    const wider = compileEditedExample('quickstart', 'a second port on leaf2', [
      { file: 'fabric.yaml', from: 'attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }]', to: 'attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }, { leaf: leaf2, port: 9 }]' },
    ]);
    const impact = computeImpact(before.side, wider.side);
    expect(lags(impact).map((e) => [e.change, e.label, e.changes])).toEqual([['changed', 'bond2 of server hv01', [{ field: 'members', before: 'swp2', after: 'swp2, swp9', devices: ['leaf2'] }]]]);
    expect(formatImpactText(impact, { stat: true })).toContain('    ~ bond2 of server hv01: members swp2 → swp2, swp9 on leaf2\n');
  });
});

describe('change impact of a border and host-BGP change', () => {
  it('names the external sessions, transit addresses, listen ranges and routing policy that change', () => {
    const before = compileEditedExample('dc1', 'before');
    const after = compileEditedExample('dc1', 'after', [
      { file: 'tenant-retail.yaml', from: 'subnet: 10.253.0.2/31, asn: 65500 }', to: 'subnet: 10.253.0.2/31, asn: 65510 }' },
      { file: 'tenant-retail.yaml', from: 'max_prefixes: 100 ', to: 'max_prefixes: 200 ' },
      { file: 'tenant-retail.yaml', from: 'accept: [10.244.0.0/16, 10.10.200.0/24]', to: 'accept: [10.244.0.0/16]' },
    ]);
    const impact = computeImpact(before.side, after.side);
    const of = (kind: string): string[] => impact.entities.filter((e) => e.kind === kind).map((e) => `${e.change} ${e.label} +${e.devicesAdded.join(',')} -${e.devicesRemoved.join(',')}`);
    expect(of('session')).toEqual([
      'removed external dc1-border2 10.253.0.2 AS65128 – 10.253.0.3 AS65500 (VRF retail-prod, swp47.3100) + -dc1-border2',
      'added external dc1-border2 10.253.0.2 AS65128 – 10.253.0.3 AS65510 (VRF retail-prod, swp47.3100) +dc1-border2 -',
    ]);
    expect(of('address')).toEqual([
      'removed 10.253.0.2/31 on swp47.3100 (VRF retail-prod, hand-off to 10.253.0.3 AS65500) + -dc1-border2',
      'added 10.253.0.2/31 on swp47.3100 (VRF retail-prod, hand-off to 10.253.0.3 AS65510) +dc1-border2 -',
    ]);
    const policy = of('policy');
    expect(policy).toHaveLength(4);
    expect(policy.filter((p) => p.startsWith('added EXTERNAL-retail-prod'))).toEqual(['added EXTERNAL-retail-prod (VRF retail-prod): accepts 0.0.0.0/0; announces 10.10.100.0/24, 10.10.101.0/24, 10.10.102.0/24, 10.10.120.0/24, 10.244.0.0/16 le 32; at most 200 prefixes a session +dc1-border1,dc1-border2 -']);
    expect(policy.filter((p) => p.startsWith('added HOSTS-k8s-nodes'))).toEqual(['added HOSTS-k8s-nodes (VRF retail-prod): accepts 10.244.0.0/16 le 32; announces nothing; at most 256 prefixes a session +dc1-leaf17,dc1-leaf18 -']);
    expect(formatImpactText(impact, { stat: true })).toContain('  Routing policy (external and host sessions):\n    - EXTERNAL-retail-prod (VRF retail-prod): accepts 0.0.0.0/0;');
  });
});
