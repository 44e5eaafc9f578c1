/**
 * How servers are attached and bonded, as the models say it (CLOS5188) and, verifying an intent, as
 * the intent says it (CLOS5189). dc1's nw-esx-01 is an active-backup server on port 1 of
 * dc1-leaf07 and dc1-leaf08; hv-r01-01 an Ethernet segment on port 1 of dc1-leaf01 and dc1-leaf02.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { exampleModels } from '../../test-helpers/examples.js';
import { editModels, type Editable } from '../../test-helpers/mutate.js';
import { verifyCompiled, verifyFabric } from '../verify.js';
import type { VerifyReport } from '../types.js';

const { fabric, devices } = exampleModels('dc1');

type Model = Editable<DeviceModel>;

const edited = (leaves: readonly string[], edit: (m: Model) => void): DeviceModel[] => editModels(devices, leaves, edit);

function findings(report: VerifyReport): string[] {
  return report.checks.flatMap((c) => c.diagnostics.filter((d) => /^CLOS518[89]$/.test(d.code)).map((d) => `${d.code} ${d.device ?? ''}: ${d.message}`));
}

const fromModels = (models: readonly DeviceModel[]): string[] => findings(verifyFabric({ devices: models, settings: { hopLimit: 2, failures: 1 } }));
const fromIntent = (models: readonly DeviceModel[]): string[] => findings(verifyCompiled(fabric, models));

describe('server bonds (check 10)', () => {
  it('passes the compiled example, from its models and from its intent', () => {
    expect(fromModels(devices)).toEqual([]);
    expect(fromIntent(devices)).toEqual([]);
  });

  it('on an intent, a dual-homed server that lost a leaf port is not taken for a single-homed one', () => {
    const models = edited(['dc1-leaf08'], (m) => {
      m.interfaces.servers = m.interfaces.servers.filter((p) => p.server !== 'nw-esx-01');
    });
    // The models alone agree with themselves: one port, one bond.
    expect(fromModels(models)).toEqual([]);
    expect(fromIntent(models)).toEqual([
      "CLOS5189 dc1-leaf07: server 'nw-esx-01' is configured on dc1-leaf07 port 1 with bond active-backup, but the intent attaches it on dc1-leaf07 port 1 and dc1-leaf08 port 1 with bond active-backup: the redundancy verified is not the one asked for",
    ]);
  });

  it('on an intent, a server bonded otherwise on every leaf', () => {
    const models = edited(['dc1-leaf07', 'dc1-leaf08'], (m) => {
      for (const p of m.interfaces.servers) if (p.server === 'nw-esx-01') p.bond = 'none';
    });
    expect(fromModels(models)).toEqual([]);
    expect(fromIntent(models)).toEqual([
      "CLOS5189 dc1-leaf07: server 'nw-esx-01' is configured on dc1-leaf07 port 1 and dc1-leaf08 port 1 with bond none, but the intent attaches it on dc1-leaf07 port 1 and dc1-leaf08 port 1 with bond active-backup: the redundancy verified is not the one asked for",
    ]);
  });

  it('a server bonded differently on its two leaves', () => {
    const models = edited(['dc1-leaf08'], (m) => {
      for (const p of m.interfaces.servers) if (p.server === 'nw-esx-01') p.bond = 'none';
    });
    const mixed = "CLOS5188 dc1-leaf08: server 'nw-esx-01' is bonded active-backup on swp1 of 'dc1-leaf07' but none on swp1 of 'dc1-leaf08': a server has one bond, and its redundancy is judged by it";
    expect(fromModels(models)).toEqual([mixed]);
    expect(fromIntent(models)).toEqual([
      mixed,
      "CLOS5189 dc1-leaf07: server 'nw-esx-01' is configured on dc1-leaf07 port 1 and dc1-leaf08 port 1 with bond active-backup and none, but the intent attaches it on dc1-leaf07 port 1 and dc1-leaf08 port 1 with bond active-backup: the redundancy verified is not the one asked for",
    ]);
  });

  it('port-channels of one server on two leaves without their Ethernet segment', () => {
    const models = edited(['dc1-leaf01', 'dc1-leaf02'], (m) => {
      for (const lag of m.interfaces.lags) if (lag.server === 'hv-r01-01') lag.segment = null;
    });
    expect(fromModels(models)).toEqual([
      "CLOS5188 dc1-leaf01: server 'hv-r01-01' has port-channels on 'dc1-leaf01' and 'dc1-leaf02' that are no Ethernet segment: each leaf would be its own LACP partner (its own system-id), so the server's bond would aggregate the links to one leaf only, and no leaf would announce the segment",
    ]);
  });

  it('a port of an LACP server outside any port-channel', () => {
    const models = edited(['dc1-leaf02'], (m) => {
      for (const p of m.interfaces.servers) if (p.server === 'hv-r01-01') p.lag = null;
    });
    expect(fromModels(models)).toContain(
      "CLOS5188 dc1-leaf02: server 'hv-r01-01' bonds swp1 of 'dc1-leaf02' with LACP, but the port is in no port-channel: the leaf would never answer the server's LACP",
    );
  });
});
